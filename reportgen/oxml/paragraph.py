"""Paragraphs that only carry layout (a page break before a table, a section break), and where a
paragraph stands among the body's elements.

A layout-only paragraph is set in 1 pt type on a 1 pt line, off the line grid, so it
never pushes a full page's last line or a page-filling table onto a page of
its own.
"""

from __future__ import annotations

from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, nsmap, qn
from lxml import etree

from reportgen.oxml.element import P, TBL, TC
from reportgen.oxml.run_paragraph_props import PPR_ORDER, set_child

_MINIMAL = (
    f'<w:p {nsdecls("w")}><w:pPr>{{before}}<w:snapToGrid w:val="0"/>'
    '<w:spacing w:before="0" w:after="0" w:line="20" w:lineRule="exact"/>'
    '<w:ind w:firstLine="0" w:firstLineChars="0"/>'
    '<w:rPr><w:sz w:val="2"/><w:szCs w:val="2"/></w:rPr></w:pPr></w:p>'
)


def is_paragraph(element) -> bool:
    return element is not None and element.tag == P


def is_table(element) -> bool:
    return element is not None and element.tag == TBL


def paragraphs(element) -> list:
    """The paragraphs in `element` (itself, if it is one), in document order, nested ones included."""
    return list(element.iter(P))


def top_level_paragraphs(body) -> list:
    """The paragraphs directly in `body` (not in tables or text boxes)."""
    return list(body.iterchildren(P))


def in_cell_or_text_box(p) -> bool:
    """Whether paragraph `p` stands in a table cell or a text box (its VML fallback too)."""
    return any(a.tag in (TC, qn("w:txbxContent")) for a in p.iterancestors())


def first_paragraph(element):
    """The first paragraph in `element` (a row, a cell, a table)."""
    return next(element.iter(P))


def new_paragraph(style_id: str):
    """An empty paragraph of the style `style_id`."""
    p = OxmlElement("w:p")
    p.get_or_add_pPr().style = style_id
    return p


def holds_section_break(p) -> bool:
    """Whether paragraph `p` ends a section (its properties hold a w:sectPr)."""
    return p.find(f".//{qn('w:sectPr')}") is not None


def breaks_page_before(p) -> bool:
    """Whether paragraph `p` itself starts a new page (w:pageBreakBefore)."""
    return p.find(f"{qn('w:pPr')}/{qn('w:pageBreakBefore')}") is not None


def page_break_paragraph():
    """An all but invisible paragraph that starts a new page."""
    return parse_xml(_MINIMAL.format(before="<w:pageBreakBefore/>"))


def spacer_paragraph():
    """An empty paragraph off the line grid, 1 pt high until `set_exact_height` makes it push what
    follows down the page."""
    return parse_xml(_MINIMAL.format(before=""))


def set_exact_height(p, points: float) -> None:
    """The exact line height of a paragraph of one line (a spacer), in points."""
    p.pPr.find(qn("w:spacing")).set(qn("w:line"), str(max(round(points * 20), 20)))


def exact_height(p) -> float:
    return int(p.pPr.find(qn("w:spacing")).get(qn("w:line"))) / 20


def keep_with_next(p) -> None:
    set_child(p.get_or_add_pPr(), "keepNext", PPR_ORDER)


def section_break_paragraph(sect_pr):
    """An all but invisible paragraph ending a section whose properties are `sect_pr`."""
    p = parse_xml(_MINIMAL.format(before=""))
    p.pPr.append(sect_pr)  # after w:rPr, as the schema orders them
    return p


_NOT_STYLED = etree.XPath(".//w:p[not(w:pPr/w:pStyle/@w:val = $style) or w:pPr/w:outlineLvl]",
                          namespaces={"w": nsmap["w"]})


def paragraphs_not_styled(root, style_id: str) -> list:
    """The paragraphs under `root` in document order, but those in style `style_id` without an outline
    level of their own: one XPath skips the 80,000 cells of a long table."""
    return _NOT_STYLED(root, style=style_id)


_IN_TABLES = etree.XPath(".//w:tbl//w:p[not(ancestor::w:txbxContent)]", namespaces={"w": nsmap["w"]})


def paragraphs_in_tables(root) -> list:
    """The paragraphs in the table cells under `root` (text boxes' aside)."""
    return _IN_TABLES(root)
