"""What LibreOffice writes against the schema, put right, so that a draft it saved validates again.

LibreOffice 7.4 saves a .docx with run and paragraph properties out of schema order (`w:pStyle` after
other properties, `w:rStyle` after `w:rFonts`) or twice (`w:b`), a numbering level's `w:pStyle` before its `w:numFmt`,
row properties such as `w:cantSplit w:val="true"` where the Office 2010 schemas allow only on/off, a
tracked row insertion's `w:ins` before the row's properties (or as its only one), `w:numId w:val="0"`
on a paragraph whose style has no numbering,
and a chart's `c:dLbl` elements after the settings they precede.  Word reads all of it; validators
(and Word in a stricter mood) do not.  Nothing here changes what the document shows.
"""

from __future__ import annotations

from docx.oxml import OxmlElement
from docx.oxml.ns import nsmap, qn
from docx.oxml.parser import parse_xml
from lxml import etree

from reportgen.oxml.run_paragraph_props import PPR_ORDER, RPR_ORDER

_RUN_PROPERTIES = [*RPR_ORDER, "rPrChange"]
_MARK_PROPERTIES = ["ins", "del", "moveFrom", "moveTo", *_RUN_PROPERTIES]  # a paragraph mark's w:rPr
_LEVEL = ["start", "numFmt", "lvlRestart", "pStyle", "isLgl", "suff", "lvlText", "lvlPicBulletId", "legacy",
          "lvlJc", "pPr", "rPr"]
_ON_OFF_ONLY = {qn("w:cantSplit"), qn("w:tblHeader"), qn("w:hidden"), qn("w:noWrap"), qn("w:hideMark")}
# A row's revision marks, which the schema puts after all its properties (LibreOffice writes a tracked
# row insertion's w:ins first).
_ROW_MARKS = (qn("w:ins"), qn("w:del"), qn("w:trPrChange"))
_CHART = "application/vnd.openxmlformats-officedocument.drawingml.chart+xml"


def tidy(document) -> None:
    """Put right what LibreOffice wrote against the schema in `document`'s body, numbering and charts."""
    body = document.element.body
    for ppr in body.iter(qn("w:pPr")):
        _order(ppr, PPR_ORDER)
        for rpr in ppr.findall(qn("w:rPr")):
            _order(rpr, _MARK_PROPERTIES)
    for rpr in body.iter(qn("w:rPr")):
        if rpr.getparent().tag != qn("w:pPr"):
            _order(rpr, _RUN_PROPERTIES)
    for props in (*body.iter(qn("w:trPr")), *body.iter(qn("w:tcPr"))):
        for element in props:
            if element.tag in _ON_OFF_ONLY:
                _on_or_off(element)
    for props in body.iter(qn("w:trPr")):
        _row_marks_last(props)
    _drop_needless_no_numbering(document)
    numbering = getattr(document.part, "numbering_part", None)
    if numbering is not None:
        for level in numbering.element.iter(qn("w:lvl")):
            _order(level, _LEVEL)
    for part in document.part.package.iter_parts():
        if part.content_type == _CHART and b"<c:dLbl>" in part.blob:
            part._blob = _charts_labels_first(part.blob)  # python-docx keeps a chart part as bytes


def _order(parent, order: list[str]) -> None:
    """`parent`'s children in `order` (by local name), each once (LibreOffice may write a w:b twice);
    others after them, as they were."""
    seen = set()
    for child in list(parent):
        if child.tag in seen and etree.QName(child).localname in order:
            parent.remove(child)
        seen.add(child.tag)
    children = list(parent)
    rank = {name: index for index, name in enumerate(order)}
    ranked = sorted(children, key=lambda child: rank.get(etree.QName(child).localname, len(order)))
    if ranked != children:
        for child in ranked:
            parent.append(child)


def _drop_needless_no_numbering(document) -> None:
    """A paragraph's `w:numId w:val="0"` (numbering removed) where its style has no numbering to remove:
    LibreOffice writes one on a paragraph whose list was switched off.  It means nothing there, and
    validators take it for a reference to a numbering definition that is missing.  (Where the style is
    numbered, as a heading, it switches that numbering off, and stays.)"""
    body = document.element.body
    removals = [numbers for numbers in body.iter(qn("w:numPr")) if numbers.getparent().tag == qn("w:pPr")
                and numbers.getparent().getparent().tag == qn("w:p")
                and numbers.find(qn("w:numId")) is not None and numbers.find(qn("w:numId")).get(qn("w:val")) == "0"]
    if not removals:
        return
    numbered = _numbered_styles(document.styles.element)
    default = next((style.get(qn("w:styleId")) for style in document.styles.element.iter(qn("w:style"))
                    if style.get(qn("w:type")) == "paragraph" and style.get(qn("w:default")) in ("1", "true")), None)
    for numbers in removals:
        style = numbers.getparent().find(qn("w:pStyle"))
        if (style.get(qn("w:val")) if style is not None else default) not in numbered:
            numbers.getparent().remove(numbers)


def _numbered_styles(styles) -> set:
    """The ids of the paragraph styles that number their paragraphs, themselves or through `w:basedOn`."""
    based_on, own = {}, set()
    for style in styles.iter(qn("w:style")):
        name = style.get(qn("w:styleId"))
        parent = style.find(qn("w:basedOn"))
        based_on[name] = parent.get(qn("w:val")) if parent is not None else None
        if style.find(f"{qn('w:pPr')}/{qn('w:numPr')}") is not None:
            own.add(name)
    numbered = set()
    for name in based_on:
        seen, current = set(), name
        while current is not None and current not in seen:
            if current in own:
                numbered.add(name)
                break
            seen.add(current)
            current = based_on.get(current)
    return numbered


def _row_marks_last(props) -> None:
    """A row's revision marks after its properties, as the schema has them; a row with no property but
    its mark (LibreOffice's tracked row insertion) is given the default one the schema asks for first
    (`w:cantSplit w:val="off"`: the row may break across pages, as it does without it)."""
    marks = [child for child in props if child.tag in _ROW_MARKS]
    for mark in marks:
        props.append(mark)
    if marks and len(marks) == len(props):
        default = OxmlElement("w:cantSplit")
        default.set(qn("w:val"), "off")
        props.insert(0, default)


def _on_or_off(element) -> None:
    """An ST_OnOffOnly value: no val for on, "off" for off."""
    value = element.get(qn("w:val"))
    if value in ("true", "1", "on"):
        del element.attrib[qn("w:val")]
    elif value in ("false", "0"):
        element.set(qn("w:val"), "off")


def _charts_labels_first(blob: bytes) -> bytes:
    """The chart with each `c:dLbls`' own `c:dLbl` elements first, where the schema has them."""
    chart = parse_xml(blob)
    for labels in chart.iter(f"{{{nsmap['c']}}}dLbls"):
        for index, label in enumerate(labels.findall(f"{{{nsmap['c']}}}dLbl")):
            labels.insert(index, label)
    return etree.tostring(chart, xml_declaration=True, encoding="UTF-8", standalone=True)
