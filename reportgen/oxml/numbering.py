"""Multilevel list numbering for headings ("1." / "1.1"), defined once in numbering.xml.

Headings are numbered by Word itself through their styles, so chapter numbers
follow when an editor adds, removes or reorders chapters.
"""

from __future__ import annotations

from html import escape  # xml.sax.saxutils would import urllib

from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn


def _level(ilvl: int, level, style_id: str, first_line_twips: int) -> str:
    """One `w:lvl`; `level` has the attributes of `heading_numbers.Level`.  An unnumbered level
    (empty text) keeps the style linked, with no number shown."""
    legal = "<w:isLgl/>" if level.legal else ""
    number_format = level.number_format if level.text else "none"
    return (
        f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="1"/><w:numFmt w:val="{number_format}"/>'
        f'<w:pStyle w:val="{style_id}"/>{legal}<w:suff w:val="{level.suffix}"/>'
        f'<w:lvlText w:val="{escape(level.text)}"/><w:lvlJc w:val="left"/>'
        f'<w:pPr><w:ind w:left="0" w:firstLine="{first_line_twips}"/></w:pPr></w:lvl>'
    )


def add_heading_numbering(numbering, levels: list, style_ids: list[str], first_line_twips: int) -> int:
    """Add an abstract numbering for heading styles to the `w:numbering` element.

    `levels` holds one `heading_numbers.Level` per heading style in `style_ids`.
    Returns the new `w:num` id that heading styles reference.
    """
    abstract_ids = [int(a.get(qn("w:abstractNumId"))) for a in numbering.findall(qn("w:abstractNum"))]
    num_ids = [int(n.get(qn("w:numId"))) for n in numbering.findall(qn("w:num"))]
    abstract_id = max(abstract_ids, default=-1) + 1
    num_id = max(num_ids, default=0) + 1
    body = "".join(_level(i, level, style, first_line_twips)
                   for i, (level, style) in enumerate(zip(levels, style_ids)))
    abstract = parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{abstract_id}">'
        f'<w:multiLevelType w:val="multilevel"/>{body}</w:abstractNum>'
    )
    num = parse_xml(f'<w:num {nsdecls("w")} w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/></w:num>')
    # Schema order: every abstractNum before the first num.
    first_num = numbering.find(qn("w:num"))
    if first_num is not None:
        first_num.addprevious(abstract)
    else:
        numbering.append(abstract)
    numbering.append(num)
    return num_id


def start_first_level_at(numbering, num_id: int, start: int) -> None:
    """Make list `num_id` count its first level from `start` (a chapter built alone)."""
    num = numbering.find(f'{qn("w:num")}[@{qn("w:numId")}="{num_id}"]')
    num.append(parse_xml(
        f'<w:lvlOverride {nsdecls("w")} w:ilvl="0"><w:startOverride w:val="{start}"/></w:lvlOverride>'
    ))
