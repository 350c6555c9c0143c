"""Native, editable Word charts.

This module is the one place that knows the OOXML of a chart in a Word document. A
chart is three things in the package:

* a chart part ``/word/charts/chartN.xml`` holding a ``c:chartSpace``, related from
  the story part (document body, header, ...) that contains the run;
* an embedded workbook ``/word/embeddings/Microsoft_Excel_SheetN.xlsx``, related from
  the chart part and named by ``c:externalData``, so that "Edit Data" works in Word;
* an inline drawing (``w:drawing/wp:inline``) in the run, pointing at the chart part.

python-pptx already writes the ``c:chartSpace`` XML and the workbook for its
``CategoryChartData``; this module adapts that XML to a report and wires the parts
into python-docx's package.
"""

from __future__ import annotations

from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.package import OpcPackage
from docx.opc.part import Part, XmlPart
from docx.oxml.ns import nsdecls, nsmap, qn
from docx.oxml.parser import parse_xml
from docx.text.run import Run
from lxml import etree

CHART_TYPES = ("bar", "column", "pie")  # python-pptx's BAR_CLUSTERED, COLUMN_CLUSTERED and PIE


def _pptx_chart_type(kind: str):
    from pptx.enum.chart import XL_CHART_TYPE

    return {"bar": XL_CHART_TYPE.BAR_CLUSTERED, "column": XL_CHART_TYPE.COLUMN_CLUSTERED,
            "pie": XL_CHART_TYPE.PIE}[kind]

CHART_PARTNAME = "/word/charts/chart%d.xml"
WORKBOOK_PARTNAME = "/word/embeddings/Microsoft_Excel_Sheet%d.xlsx"

# -- the prefixes used in this module, with python-docx's namespace URIs --
NAMESPACES = {prefix: nsmap[prefix] for prefix in ("a", "c", "r", "wp")}

# -- XML templates: empty attributes are filled in after parsing --

_INLINE_XML = (
    f'<wp:inline {nsdecls("wp", "a", "c", "r")} distT="0" distB="0" distL="0" distR="0">'
    '<wp:extent cx="0" cy="0"/>'
    '<wp:effectExtent l="0" t="0" r="0" b="0"/>'
    '<wp:docPr id="0" name=""/>'
    "<wp:cNvGraphicFramePr/>"
    f'<a:graphic><a:graphicData uri="{nsmap["c"]}"><c:chart r:id=""/></a:graphicData>'
    "</a:graphic>"
    "</wp:inline>"
)

_TEXT_PROPERTIES_XML = (
    f'<c:txPr {nsdecls("c", "a")}><a:bodyPr/><a:lstStyle/>'
    '<a:p><a:pPr><a:defRPr sz=""><a:latin typeface=""/><a:ea typeface=""/></a:defRPr>'
    '</a:pPr><a:endParaRPr lang="zh-CN"/></a:p></c:txPr>'
)

# -- CT_DLbls wants all six `show*` children, in this order --
_DATA_LABELS_XML = (
    f'<c:dLbls {nsdecls("c")}><c:dLblPos val=""/>'
    '<c:showLegendKey val="0"/><c:showVal val="1"/><c:showCatName val="0"/>'
    '<c:showSerName val="0"/><c:showPercent val="0"/><c:showBubbleSize val="0"/>'
    "</c:dLbls>"
)

_LEGEND_XML = f'<c:legend {nsdecls("c")}><c:legendPos val="b"/><c:overlay val="0"/></c:legend>'

_EXTERNAL_DATA_XML = (
    f'<c:externalData {nsdecls("c", "r")} r:id=""><c:autoUpdate val="0"/></c:externalData>'
)


def add_chart(
    run: Run,
    kind: str,
    categories: list[str],
    series: list[tuple[str, list[float]]],
    width_emu: int,
    height_emu: int,
    *,
    east_asian_font: str = "仿宋_GB2312",
    latin_font: str = "Times New Roman",
    font_size_pt: float = 10.5,
    doc_pr_id: int | None = None,
) -> None:
    """Insert a native, editable chart as an inline drawing in `run`.

    `kind` is "bar" (horizontal bars, first category on top), "column" (vertical
    bars) or "pie" (exactly one series; slices are labelled with category and value).
    Each item of `series` is a ``(name, values)`` pair with one value per category.
    The chart shows its values as data labels, has no title (the caption is a Word
    paragraph) and has a legend, at the bottom, only when there is more than one series.
    """
    chart_xml, workbook = chart_parts(kind, categories, series, east_asian_font=east_asian_font,
                                      latin_font=latin_font, font_size_pt=font_size_pt)
    insert_chart(run, chart_xml, workbook, width_emu, height_emu, doc_pr_id=doc_pr_id)


def chart_parts(
    kind: str,
    categories: list[str],
    series: list[tuple[str, list[float]]],
    *,
    east_asian_font: str = "仿宋_GB2312",
    latin_font: str = "Times New Roman",
    font_size_pt: float = 10.5,
) -> tuple[bytes, bytes]:
    """The chart part's XML and its embedded workbook, as bytes (so they can be cached)."""
    from pptx.chart.data import CategoryChartData  # python-pptx loads only when a chart is drawn

    _check_data(kind, categories, series)
    chart_data = CategoryChartData()
    chart_data.categories = categories
    for name, values in series:
        chart_data.add_series(name, values)
    chart_space = _chart_space(kind, chart_data, east_asian_font, latin_font, font_size_pt)
    return etree.tostring(chart_space, xml_declaration=True, encoding="UTF-8", standalone=True), \
        chart_data.xlsx_blob


def insert_chart(run: Run, chart_xml: bytes, workbook: bytes, width_emu: int, height_emu: int, *,
                 doc_pr_id: int | None = None) -> None:
    """Wire a chart made by `chart_parts` into the package and draw it inline in `run`."""
    story_part = run.part
    package = story_part.package
    chart_space = parse_xml(chart_xml)
    chart_part = XmlPart(
        package.next_partname(CHART_PARTNAME), CT.DML_CHART, chart_space, package
    )
    workbook_part = Part(
        package.next_partname(WORKBOOK_PARTNAME), CT.SML_SHEET, workbook, package
    )
    _one(chart_space, "c:externalData").set(
        qn("r:id"), chart_part.relate_to(workbook_part, RT.PACKAGE)
    )

    inline = parse_xml(_INLINE_XML)
    inline.extent.cx, inline.extent.cy = width_emu, height_emu
    inline.docPr.id = doc_pr_id if doc_pr_id is not None else _next_doc_pr_id(package)
    inline.docPr.name = f"Chart {inline.docPr.id}"
    _one(inline, ".//c:chart").set(qn("r:id"), story_part.relate_to(chart_part, RT.CHART))
    run._r.add_drawing(inline)


def _check_data(
    kind: str, categories: list[str], series: list[tuple[str, list[float]]]
) -> None:
    if kind not in CHART_TYPES:
        raise ValueError(f"unknown chart kind {kind!r}, expected one of {sorted(CHART_TYPES)}")
    if not series:
        raise ValueError("a chart needs at least one series")
    if kind == "pie" and len(series) != 1:
        raise ValueError(f"a pie chart takes exactly one series, got {len(series)}")
    for name, values in series:
        if len(values) != len(categories):
            raise ValueError(
                f"series {name!r} has {len(values)} values for {len(categories)} categories"
            )


def _chart_space(
    kind: str,
    chart_data,
    east_asian_font: str,
    latin_font: str,
    font_size_pt: float,
) -> etree._Element:
    """Return the `c:chartSpace` element of a report chart.

    It is python-pptx's chart XML with these changes: positive axis ids, square
    corners, no title, data labels, a legend for several series, one text font and
    size for the whole chart, and a `c:externalData` whose `r:id` is still empty.
    """
    from pptx.chart.xmlwriter import ChartXmlWriter

    chart_space = parse_xml(ChartXmlWriter(_pptx_chart_type(kind), chart_data).xml.encode())

    # -- python-pptx writes negative axis ids where the schema wants unsignedInt --
    for axis_id in _all(chart_space, ".//c:axId | .//c:crossAx"):
        axis_id.set("val", str(abs(int(axis_id.get("val")))))

    # -- absent, Word draws the chart frame with rounded corners --
    _insert(
        chart_space,
        parse_xml(f'<c:roundedCorners {nsdecls("c")} val="0"/>'),
        before=("c:style", "c:clrMapOvr", "c:pivotSource", "c:protection", "c:chart"),
    )

    chart = _one(chart_space, "c:chart")
    _one(chart, "c:autoTitleDeleted").set("val", "1")
    if len(chart_data) > 1:
        _insert(chart, parse_xml(_LEGEND_XML), before=("c:plotVisOnly", "c:dispBlanksAs"))

    plot = _one(chart, "c:plotArea/c:barChart | c:plotArea/c:pieChart")
    data_labels = parse_xml(_DATA_LABELS_XML)
    if kind == "pie":
        # -- there is no legend, so each slice names its category, above its value --
        _one(data_labels, "c:dLblPos").set("val", "bestFit")
        _one(data_labels, "c:showCatName").set("val", "1")
        etree.SubElement(data_labels, qn("c:separator")).text = "\n"
    else:
        _one(data_labels, "c:dLblPos").set("val", "outEnd")
        # -- all bars of a series in one colour --
        _insert(plot, parse_xml(f'<c:varyColors {nsdecls("c")} val="0"/>'), before=("c:ser",))
    _insert(
        plot,
        data_labels,
        before=("c:gapWidth", "c:overlap", "c:serLines", "c:axId", "c:firstSliceAng"),
    )

    if kind == "bar":
        # -- A bar chart draws its first category at the bottom. Reversing the
        # -- category axis, rather than the data, puts it on top and keeps the given
        # -- order in the workbook; the value axis then crosses at the maximum
        # -- category, so that it stays at the bottom.
        _one(chart, "c:plotArea/c:catAx/c:scaling/c:orientation").set("val", "maxMin")
        _one(chart, "c:plotArea/c:valAx/c:crosses").set("val", "max")

    text_properties = parse_xml(_TEXT_PROPERTIES_XML)
    run_properties = _one(text_properties, ".//a:defRPr")
    run_properties.set("sz", str(round(font_size_pt * 100)))
    _one(run_properties, "a:latin").set("typeface", latin_font)
    _one(run_properties, "a:ea").set("typeface", east_asian_font)
    for old in _all(chart_space, "c:txPr"):
        chart_space.remove(old)
    _insert(chart_space, text_properties, before=("c:printSettings", "c:userShapes"))
    _insert(chart_space, parse_xml(_EXTERNAL_DATA_XML), before=("c:printSettings", "c:userShapes"))
    return chart_space


def _next_doc_pr_id(package: OpcPackage) -> int:
    """Return an id for a new `wp:docPr`, one more than the largest in the document."""
    ids = [
        int(id_)
        for part in package.iter_parts()
        if isinstance(part, XmlPart)
        for id_ in _all(part.element, "//wp:docPr/@id")
        if id_.isdigit()
    ]
    return max(ids, default=0) + 1


def _all(element: etree._Element, path: str) -> list:
    # -- not `element.xpath()`, which python-docx overrides for its own elements --
    return etree.XPath(path, namespaces=NAMESPACES)(element)


def _one(element: etree._Element, path: str) -> etree._Element:
    return _all(element, path)[0]


def _insert(parent: etree._Element, child: etree._Element, before: tuple[str, ...]) -> None:
    """Insert `child` before the first of `parent`'s children named in `before`.

    `before` lists the tags that follow `child` in the schema sequence of `parent`
    (a `c:extLst` always does); without any of them `child` is appended.
    """
    successors = {qn(tag) for tag in (*before, "c:extLst")}
    for sibling in parent:
        if sibling.tag in successors:
            sibling.addprevious(child)
            return
    parent.append(child)
