"""Section properties python-docx has no API for: the line grid, page numbering, orientation."""

from __future__ import annotations

from copy import deepcopy

from docx.oxml.ns import qn

from reportgen.oxml.paragraph import section_break_paragraph
from reportgen.oxml.run_paragraph_props import PPR_ORDER, set_child

SECTPR_ORDER = ["headerReference", "footerReference", "footnotePr", "endnotePr", "type", "pgSz", "pgMar",
                "paperSrc", "pgBorders", "lnNumType", "pgNumType", "cols", "formProt", "vAlign", "noEndnote",
                "titlePg", "textDirection", "bidi", "rtlGutter", "docGrid", "printerSettings", "sectPrChange"]


def set_line_grid(sect_pr, line_pitch_twips: int) -> None:
    """A document grid of fixed line pitch: GB/T 9704's 22 lines per page."""
    set_child(sect_pr, "docGrid", SECTPR_ORDER, type="lines", linePitch=line_pitch_twips)


def no_line_grid(sect_pr) -> None:
    """No document grid: LibreOffice adds space above a grid page's first paragraph when it is taller
    than a grid line (the 版记 page's spacer)."""
    set_child(sect_pr, "docGrid", SECTPR_ORDER, type="default", linePitch=360)


def last_paragraph(element):
    """The last paragraph that prints something at or before `element` in the body, the last of a
    table's last cell when `element` is a table (empty paragraphs and section breaks' own do not count)."""
    while element is not None:
        paragraphs = [element] if element.tag == qn("w:p") else list(element.iter(qn("w:p")))
        for p in reversed(paragraphs):
            if not ends_section(p) and _printed(p):
                return p
        element = element.getprevious()
    return None


def split_off_last_section(body):
    """End the body's last section where the body ends now, in a section break paragraph holding a
    copy of its properties; what is added after it is in a new last section.  Returns the paragraph."""
    final = body.find(qn("w:sectPr"))
    section_break = section_break_paragraph(deepcopy(final))
    final.addprevious(section_break)
    return section_break


def join_last_section(body, section_break):
    """Undo `split_off_last_section`: the section `section_break` ends runs on to the body's end, its
    properties the body's last.  Returns the last section's properties it replaces, to restore them."""
    last = body.find(qn("w:sectPr"))
    body.remove(last)
    body.append(section_break.find(f"{qn('w:pPr')}/{qn('w:sectPr')}"))
    body.remove(section_break)
    return last


def split_again(body, section_break, before, last) -> None:
    """Undo `join_last_section`: `section_break` goes back before `before`, with the properties it
    held, and `last` are the last section's again."""
    before.addprevious(section_break)
    section_break.find(qn("w:pPr")).append(body.find(qn("w:sectPr")))
    body.append(last)


def keep_with(p, target) -> None:
    """Keep paragraph `p` (in a table cell or not) and every paragraph between it and the body
    paragraph `target` (the empty ones a writer leaves) on the page `target` starts on."""
    set_child(p.get_or_add_pPr(), "keepNext", PPR_ORDER)
    element = p
    while element.getparent() is not None and element.getparent().tag != qn("w:body"):
        element = element.getparent()
    for sibling in element.itersiblings():
        if sibling is target:
            break
        if sibling.tag == qn("w:p"):
            set_child(sibling.get_or_add_pPr(), "keepNext", PPR_ORDER)


def start_page_numbers(sect_pr, start: int = 1, number_format: str | None = None) -> None:
    """Number this section's pages from `start` (in `number_format`, e.g. "upperRoman")."""
    attrs = {"fmt": number_format} if number_format else {}
    set_child(sect_pr, "pgNumType", SECTPR_ORDER, start=start, **attrs)


def continue_page_numbers(sect_pr, number_format: str | None = None) -> None:
    """Number on from the previous section (a template may have restarted the numbers), in Arabic
    numerals unless `number_format` says otherwise."""
    for element in sect_pr.findall(qn("w:pgNumType")):
        sect_pr.remove(element)
    if number_format:
        set_child(sect_pr, "pgNumType", SECTPR_ORDER, fmt=number_format)


def start_on_even_page(sect_pr) -> None:
    """The section starts on the next even page (Word and LibreOffice add a blank page when needed)."""
    set_child(sect_pr, "type", SECTPR_ORDER, val="evenPage")



def is_landscape(sect_pr) -> bool:
    """Whether the section is meant to be landscape: Word's orientation flag, or a page wider than high."""
    size = sect_pr.find(qn("w:pgSz"))
    if size is None:
        return False
    if size.get(qn("w:orient")) == "landscape":
        return True
    width, height = size.get(qn("w:w")), size.get(qn("w:h"))
    return bool(width and height and int(width) > int(height))


def landscape_copy(sect_pr):
    """A copy of `sect_pr` for a landscape section: page turned, same headers and footers for now."""
    copy = deepcopy(sect_pr)
    size = copy.find(qn("w:pgSz"))
    if size is None:
        size = set_child(copy, "pgSz", SECTPR_ORDER)
    size.set(qn("w:orient"), "landscape")
    width, height = size.get(qn("w:w")), size.get(qn("w:h"))
    if width and height and int(width) < int(height):
        size.set(qn("w:w"), height)
        size.set(qn("w:h"), width)
    for element in copy.findall(qn("w:type")):  # a new page, whatever the original break was
        copy.remove(element)
    return copy


def clear_footer_references(sect_pr) -> None:
    for tag in ("w:footerReference", "w:headerReference"):
        for ref in sect_pr.findall(qn(tag)):
            sect_pr.remove(ref)


def ends_section(element) -> bool:
    """Whether `element` is a paragraph ending a section (one holding a `w:sectPr`)."""
    return element.tag == qn("w:p") and element.find(f"{qn('w:pPr')}/{qn('w:sectPr')}") is not None


def governing_section(element):
    """The properties of the section `element` is in: the next section break's after its body-level
    ancestor, or the body's own `w:sectPr` for the last section."""
    if element.tag == qn("w:sectPr"):
        return element
    while element.getparent() is not None and element.getparent().tag != qn("w:body"):
        element = element.getparent()  # in a table cell or a text box
    for sibling in (element, *element.itersiblings()):
        if ends_section(sibling):
            return sibling.find(f"{qn('w:pPr')}/{qn('w:sectPr')}")
        if sibling.tag == qn("w:sectPr"):
            return sibling
    return element.getparent().find(qn("w:sectPr"))


def on_landscape_page(start, end) -> None:
    """Put the body elements from `start` up to, not including, `end` in a landscape section of their own.

    The section they are in ends before them (unless it already ends there) and a landscape
    section ends after them; the rest goes on as before.  Page size, margins and footers of
    every section are set later, from the profile.
    """
    section = governing_section(end)
    if is_landscape(section):
        return  # already on a landscape page
    before = start.getprevious()
    if before is not None and not ends_section(before):
        start.addprevious(section_break_paragraph(deepcopy(section)))
    if _nothing_printed_after(end, section):  # the section ends with the block: make it landscape
        section.addnext(landscape_copy(section))
        section.getparent().remove(section)
    else:
        end.addprevious(section_break_paragraph(landscape_copy(section)))


def _nothing_printed_after(end, section) -> bool:
    """Whether nothing but empty paragraphs stands from `end` (a placeholder, or the body's own
    `w:sectPr`) to where `section` ends: a portrait section there would be a blank page."""
    if end is section or section.getparent() is end.find(qn("w:pPr")):
        return True
    for sibling in end.itersiblings():
        if sibling is section:
            return True
        if sibling.tag != qn("w:p") or _printed(sibling):
            return False
        if sibling.find(f"{qn('w:pPr')}/{qn('w:sectPr')}") is section:
            return True
    return True


def _printed(p) -> bool:
    """Whether a paragraph shows anything: text, a picture or chart, an object."""
    return (any((t.text or "").strip() for t in p.iter(qn("w:t")))
            or next(p.iter(qn("w:drawing"), qn("w:pict"), qn("w:object")), None) is not None)


def remove_paragraph(p) -> None:
    """Remove a body paragraph (a tag's placeholder), keeping the section break it may end with in an
    all but invisible paragraph.  (Not in the paragraph before: that may end a 目录's TOC field, and
    LibreOffice then loses every page number.)"""
    sect_pr = p.find(f"{qn('w:pPr')}/{qn('w:sectPr')}")
    if sect_pr is not None:
        p.addprevious(section_break_paragraph(sect_pr))
    p.getparent().remove(p)


def section_indexes(body, predicate) -> set[int]:
    """The indexes of the sections holding a body paragraph for which `predicate(p)` is true."""
    found, index = set(), 0
    for element in body:
        if element.tag == qn("w:p") and predicate(element):
            found.add(index)
        if ends_section(element):
            index += 1
    return found


def section_starts(body) -> list:
    """The first paragraph of each section, in order (the first one inside a table that opens one)."""
    starts, new_section = [], True
    for element in body:
        if element.tag == qn("w:sectPr"):
            break
        if new_section:
            first = element if element.tag == qn("w:p") else next(element.iter(qn("w:p")), None)
            if first is not None:
                starts.append(first)
                new_section = False
        if ends_section(element):
            new_section = True
    return starts


def page_numbering(sect_pr) -> tuple[int | None, str]:
    """Where a section restarts its page numbers (None: numbering on) and their format."""
    number_type = sect_pr.find(qn("w:pgNumType"))
    if number_type is None:
        return None, "decimal"
    start = number_type.get(qn("w:start"))
    return (int(start) if start else None), number_type.get(qn("w:fmt")) or "decimal"


def footer_reference(sect_pr, kind: str = "default") -> str | None:
    """The relationship id of the section's own footer of `kind`, or None (it has the previous one's)."""
    for reference in sect_pr.findall(qn("w:footerReference")):
        if reference.get(qn("w:type")) == kind:
            return reference.get(qn("r:id"))
    return None
