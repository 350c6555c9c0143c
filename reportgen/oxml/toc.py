"""A Word table of contents (or list of figures) as a TOC field whose result is already filled in.

The field's result is one paragraph per entry, each a hyperlink to the
bookmark on its heading or caption holding the entry's text, a tab (the entry
style's right tab with dot leader) and a PAGEREF field whose cached result is
the page number.  Word, WPS and LibreOffice show the entries as written; Word
rebuilds them from the document when the field is updated (F9).
"""

from __future__ import annotations

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from reportgen.oxml.fields import Field, fld_char_run, instruction_run, iter_fields, text_run


def entry(style_id: str, text: str, bookmark: str):
    """One entry paragraph: its text, a tab and the page number, linked to `bookmark`.

    Returns the paragraph and the `w:t` holding the page number (empty until the layout pass fills it).
    """
    p = OxmlElement("w:p")
    p.get_or_add_pPr().style = style_id
    link = OxmlElement("w:hyperlink")
    link.set(qn("w:anchor"), bookmark)
    link.set(qn("w:history"), "1")
    tab = OxmlElement("w:r")
    tab.append(OxmlElement("w:tab"))
    page = text_run("")
    for run in (text_run(text), tab, fld_char_run("begin"), instruction_run(f"PAGEREF {bookmark} \\h"),
                fld_char_run("separate"), page, fld_char_run("end")):
        link.append(run)
    p.append(link)
    return p, page.find(qn("w:t"))


def entry_target(paragraph) -> str | None:
    """The bookmark an entry's page number (its PAGEREF, as `entry` writes it, or Word) names; None for a
    paragraph that is no entry."""
    for found in iter_fields(paragraph):
        if found.kind == "PAGEREF" and found.argument:
            return found.argument
    return None


def page_references(root) -> dict[str, list[Field]]:
    """The PAGEREF fields under `root` (the entries' page numbers) by the bookmark they name."""
    found: dict[str, list[Field]] = {}
    for field in iter_fields(root):
        if field.kind == "PAGEREF" and field.argument and field.result_runs:
            found.setdefault(field.argument, []).append(field)
    return found


def wrap_in_field(paragraphs: list, instruction: str) -> None:
    """Make `paragraphs` (in document order) the cached result of one field with `instruction`."""
    first = paragraphs[0].pPr
    for run in reversed([fld_char_run("begin"), instruction_run(instruction), fld_char_run("separate")]):
        first.addnext(run)
    paragraphs[-1].append(fld_char_run("end"))


def entry_text_runs(paragraph) -> list:
    """The runs of an entry paragraph (as `entry` writes it, or Word) that print its text: those before
    the tab leading to its page number."""
    runs: list = []
    for run in paragraph.iter(qn("w:r")):
        if run.find(qn("w:tab")) is not None or (run.find(qn("w:fldChar")) is not None and runs):
            break
        if run.find(qn("w:t")) is not None:
            runs.append(run)
    return runs


def list_paragraphs(toc) -> list:
    """The paragraphs a TOC field (`fields.Field`, complex) runs over, from its begin to its end, in
    document order; none when its begin and end are not runs of sibling paragraphs."""
    first, last = toc.begin.getparent() if toc.begin is not None else None, \
        toc.end.getparent() if toc.end is not None else None
    if first is None or last is None or first.tag != qn("w:p") or last.tag != qn("w:p"):
        return []
    paragraphs, node = [first], first
    while node is not last:
        node = node.getnext()
        if node is None or node.tag != qn("w:p"):
            return []
        paragraphs.append(node)
    return paragraphs


def rearrange(toc, paragraphs: list, entries: list, order: list) -> None:
    """Put the entry paragraphs `order` (some of `entries`, which stand among the TOC field's
    `paragraphs`) in the places the entries held, in that order, and drop the entries left out.  The
    field's begin (through its separator) stays at the head of the list and its end at the tail, as the
    schema's field structure needs."""
    head = _head_runs(toc)
    tail = toc.end
    for run in (*head, tail):
        run.getparent().remove(run)
    if not order:  # an empty list keeps one empty paragraph for the field
        order = [entries[0]]
        for child in [c for c in entries[0] if c.tag != qn("w:pPr")]:
            entries[0].remove(child)
    marker = OxmlElement("w:p")
    entries[0].addprevious(marker)
    for paragraph in entries:
        paragraph.getparent().remove(paragraph)
    for paragraph in order:
        marker.addprevious(paragraph)
    marker.getparent().remove(marker)
    first = paragraphs[0] if paragraphs[0] not in entries else order[0]
    last = paragraphs[-1] if paragraphs[-1] not in entries else order[-1]
    ppr = first.find(qn("w:pPr"))
    at = 0 if ppr is None else list(first).index(ppr) + 1
    for index, run in enumerate(head):
        first.insert(at + index, run)
    last.append(tail)


def _head_runs(toc) -> list:
    """The TOC field's own runs at the head of its first paragraph: begin, instruction, separator."""
    runs, node = [], toc.begin
    while node is not None:
        runs.append(node)
        found = node.find(qn("w:fldChar"))
        if found is not None and found.get(qn("w:fldCharType")) == "separate":
            return runs
        node = node.getnext()
    return runs
