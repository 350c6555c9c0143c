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

from reportgen.oxml.fields import fld_char_run, instruction_run, text_run


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


def wrap_in_field(paragraphs: list, instruction: str) -> None:
    """Make `paragraphs` (in document order) the cached result of one field with `instruction`."""
    first = paragraphs[0].pPr
    for run in reversed([fld_char_run("begin"), instruction_run(instruction), fld_char_run("separate")]):
        first.addnext(run)
    paragraphs[-1].append(fld_char_run("end"))


def entry_text_runs(paragraph) -> list:
    """The runs of an entry paragraph (as `entry` writes it, or Word) that print its text: those before
    the tab leading to its page number."""
    runs = []
    for run in paragraph.iter(qn("w:r")):
        if run.find(qn("w:tab")) is not None or (run.find(qn("w:fldChar")) is not None and runs):
            break
        if run.find(qn("w:t")) is not None:
            runs.append(run)
    return runs
