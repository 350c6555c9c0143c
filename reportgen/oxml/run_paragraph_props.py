"""Run and paragraph properties python-docx has no API for, in schema order."""

from __future__ import annotations

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

# Child order of w:rPr and w:pPr in the schema (CT_RPr, CT_PPrBase); inserting in
# this order keeps documents valid whatever the template already holds.
RPR_ORDER = ["rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps", "strike", "dstrike",
             "outline", "shadow", "emboss", "imprint", "noProof", "snapToGrid", "vanish", "webHidden",
             "color", "spacing", "w", "kern", "position", "sz", "szCs", "highlight", "u", "effect",
             "bdr", "shd", "fitText", "vertAlign", "rtl", "cs", "em", "lang", "eastAsianLayout",
             "specVanish", "oMath"]
PPR_ORDER = ["pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr",
             "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap",
             "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd",
             "snapToGrid", "spacing", "ind", "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc",
             "textDirection", "textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle",
             "rPr", "sectPr", "pPrChange"]


def insert_child(parent, element, order: list[str]):
    """Insert `element` into `parent` in schema order, replacing any child of the same tag."""
    for old in parent.findall(element.tag):
        parent.remove(old)
    position = order.index(element.tag.split("}")[-1])
    for index, child in enumerate(parent):
        name = child.tag.split("}")[-1]
        if name in order and order.index(name) > position:
            parent.insert(index, element)
            break
    else:
        parent.append(element)
    return element


def set_child(parent, tag: str, order: list[str], **attrs):
    """Replace child `w:tag` of `parent` with a new one carrying `attrs`, in schema order."""
    element = OxmlElement(f"w:{tag}")
    for key, value in attrs.items():
        element.set(qn(f"w:{key}"), str(value))
    return insert_child(parent, element, order)


def set_numbering(ppr, num_id: int, level: int) -> None:
    """Number a paragraph (or a paragraph style) with list `num_id` at `level` (0 = the first)."""
    num_pr = set_child(ppr, "numPr", PPR_ORDER)
    for tag, value in (("ilvl", level), ("numId", num_id)):
        child = OxmlElement(f"w:{tag}")
        child.set(qn("w:val"), str(value))
        num_pr.append(child)


def run_properties(run):
    """A run's own w:rPr, or None."""
    return run.find(qn("w:rPr"))


def text_properties(t):
    """The w:rPr of the run holding the text element `t`, or None: a run split at `t` keeps its look."""
    return run_properties(t.getparent())


def remove_child(parent, tag: str) -> None:
    for old in parent.findall(qn(f"w:{tag}")):
        parent.remove(old)


def set_fonts(rpr, east_asian: str, latin: str) -> None:
    """Name the East Asian and Latin fonts explicitly; theme fonts would override them."""
    set_child(rpr, "rFonts", RPR_ORDER, ascii=latin, hAnsi=latin, eastAsia=east_asian, cs=latin)


def set_size(rpr, points: float) -> None:
    half_points = round(points * 2)
    set_child(rpr, "sz", RPR_ORDER, val=half_points)
    set_child(rpr, "szCs", RPR_ORDER, val=half_points)


def set_bold(rpr, bold: bool) -> None:
    for tag in ("b", "bCs"):
        set_child(rpr, tag, RPR_ORDER, val="1" if bold else "0")


def set_spacing(ppr, *, before: int = 0, after: int = 0) -> None:
    """Single line spacing with space before and after (twips): on the line grid, one grid line."""
    set_child(ppr, "spacing", PPR_ORDER, before=before, after=after, beforeAutospacing=0, afterAutospacing=0,
              line=240, lineRule="auto")


def set_indent(ppr, *, first_line_chars: int = 0, font_pt: float = 16, left: int = 0, right: int = 0) -> None:
    """Indent; first-line indent in hundredths of a character (200 = two characters).

    The twips value is written too, for renderers that ignore the character unit.
    """
    attrs = {"left": left, "right": right}
    if first_line_chars:
        attrs.update(firstLine=round(first_line_chars / 100 * font_pt * 20), firstLineChars=first_line_chars)
    else:
        attrs.update(firstLine=0, firstLineChars=0)
    set_child(ppr, "ind", PPR_ORDER, **attrs)


def set_right_tab(ppr, position_twips: int, leader: str = "none") -> None:
    """One right-aligned tab stop at `position_twips`, e.g. with a dot leader for 目录 entries."""
    tabs = set_child(ppr, "tabs", PPR_ORDER)
    tab = OxmlElement("w:tab")
    for key, value in (("val", "right"), ("leader", leader), ("pos", position_twips)):
        tab.set(qn(f"w:{key}"), str(value))
    tabs.append(tab)


PBDR_ORDER = ["top", "left", "bottom", "right", "between", "bar"]


def set_border(ppr, side: str, *, eighths: int, color: str = "000000", space_pt: int = 0) -> None:
    """A single line on one side ("top", "bottom") of the paragraph, `eighths` of a point thick,
    `space_pt` from the text; it spans the paragraph's width between its indents."""
    borders = ppr.find(qn("w:pBdr"))
    if borders is None:
        borders = set_child(ppr, "pBdr", PPR_ORDER)
    set_child(borders, side, PBDR_ORDER, val="single", sz=eighths, space=space_pt, color=color)

