"""Native, editable Word charts.

This module is the one place that knows the OOXML of a chart in a Word document. A
chart is three things in the package:

* a chart part ``/word/charts/chartN.xml`` holding a ``c:chartSpace``, related from
  the story part (document body, header, ...) that contains the run;
* an embedded workbook ``/word/embeddings/Microsoft_Excel_SheetN.xlsx``, related from
  the chart part and named by ``c:externalData``, so that "Edit Data" works in Word;
* an inline drawing (``w:drawing/wp:inline``) in the run, pointing at the chart part.

The ``c:chartSpace`` is built here, element by element, as a report wants it: no
title, values as data labels, a legend only for several series, one font for all of
its text. It caches the data it shows, so Word draws the chart without opening the
workbook; openpyxl writes that workbook with the same data in the cells that the
chart's formulas (``c:f``) name.
"""

from __future__ import annotations

import io

from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.package import OpcPackage
from docx.opc.part import Part, XmlPart
from docx.oxml.ns import nsdecls, nsmap, qn
from docx.oxml.parser import parse_xml
from docx.text.run import Run
from lxml import etree
from lxml.builder import ElementMaker

from reportgen.data.xlsx import column_letter

CHART_TYPES = ("bar", "column", "pie")  # clustered horizontal bars, clustered columns, a pie

CHART_PARTNAME = "/word/charts/chart%d.xml"
WORKBOOK_PARTNAME = "/word/embeddings/Microsoft_Excel_Sheet%d.xlsx"

# -- the prefixes used in this module, with python-docx's namespace URIs --
NAMESPACES = {prefix: nsmap[prefix] for prefix in ("a", "c", "r", "wp")}

# -- builders of chart (c:) and DrawingML (a:) elements; a chart part declares c, a and r --
_CHART_NSMAP = {prefix: nsmap[prefix] for prefix in ("c", "a", "r")}
C = ElementMaker(namespace=nsmap["c"], nsmap=_CHART_NSMAP)
A = ElementMaker(namespace=nsmap["a"], nsmap=_CHART_NSMAP)

SHEET = "Sheet1"  # -- the workbook's one sheet, named in every formula --
OUTPUT_VERSION = "2"  # -- of what `chart_parts` writes: bump on a change, so that no cached chart is reused --
CAT_AX_ID, VAL_AX_ID = "2068027336", "2113994440"  # -- any two distinct unsigned ints --

# -- the drawing in the run; its empty attributes are filled in after parsing --
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
    formats: list[list[str]] | None = None,
) -> tuple[bytes, bytes]:
    """The chart part's XML and its embedded workbook, as bytes (so they can be cached).  `formats`
    gives each value its number format (per series, per value), which its label keeps: 0.5 under
    "0%" is labelled 50%, as the workbook shows it; by default "General"."""
    _check_data(kind, categories, series)
    # -- names are text, in the chart and in the workbook, even a year given as a number --
    categories = [str(category) for category in categories]
    series = [(str(name), values) for name, values in series]
    formats = _each_value(series, formats)
    chart_space = _chart_space(kind, categories, series, formats,
                               _text_properties(east_asian_font, latin_font, font_size_pt))
    xml = etree.tostring(chart_space, xml_declaration=True, encoding="UTF-8", standalone=True)
    return xml, _workbook(categories, series, formats)


def insert_chart(run: Run, chart_xml: bytes, workbook: bytes, width_emu: int, height_emu: int, *,
                 doc_pr_id: int | None = None, description: str = "") -> None:
    """Wire a chart made by `chart_parts` into the package and draw it inline in `run`, with
    `description` as its alternative text."""
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
    if description:
        inline.docPr.set("descr", description)
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


def _chart_space(kind: str, categories: list[str], series: list[tuple[str, list]], formats: list[list[str]],
                 text_properties: etree._Element) -> etree._Element:
    """The `c:chartSpace` of a report chart, with an empty `c:externalData/@r:id`."""
    if kind == "pie":
        plot = C.pieChart(C.varyColors(val="1"), *_series(kind, categories, series, formats), _data_labels(kind))
        axes = []
    else:
        plot = C.barChart(
            C.barDir(val="bar" if kind == "bar" else "col"),
            C.grouping(val="clustered"),
            C.varyColors(val="0"),  # -- all bars of a series in one colour --
            *_series(kind, categories, series, formats),
            _data_labels(kind),
            C.axId(val=CAT_AX_ID),
            C.axId(val=VAL_AX_ID),
        )
        axes = _axes(kind, _whole_step([v for _, values in series for v in values]))
    # -- a legend only tells several series apart --
    legend = [C.legend(C.legendPos(val="b"), C.overlay(val="0"))] if len(series) > 1 else []
    return C.chartSpace(
        *([] if kind == "pie" else [C.date1904(val="0")]),  # -- 1900 dates, the default --
        C.roundedCorners(val="0"),  # -- absent, Word draws the frame with rounded corners --
        C.chart(
            C.autoTitleDeleted(val="1"),  # -- the caption is a Word paragraph --
            C.plotArea(plot, *axes),
            *legend,
            C.dispBlanksAs(val="gap"),
        ),
        text_properties,
        C.externalData(C.autoUpdate(val="0"), {qn("r:id"): ""}),
    )


def _series(kind: str, categories: list[str], series: list[tuple[str, list]],
            formats: list[list[str]]) -> list[etree._Element]:
    """One `c:ser` per series: its name, the categories and its values (with their number formats),
    cached with the workbook cells they come from (see `_workbook`).  Where a value has a number
    format, each series labels its values with its own (`_data_labels`)."""
    last_row = len(categories) + 1
    own_labels = _formatted(formats)
    elements = []
    for index, ((name, values), value_formats) in enumerate(zip(series, formats)):
        column = column_letter(index + 2)
        elements.append(C.ser(
            C.idx(val=str(index)),
            C.order(val=str(index)),
            C.tx(C.strRef(C.f(f"{SHEET}!${column}$1"), _cache(C.strCache, [name]))),
            # -- CT_BarSer and CT_PieSer: after c:tx (and shapes, which these have none of) --
            *([_data_labels(kind, value_formats)] if own_labels else []),
            C.cat(C.strRef(C.f(f"{SHEET}!$A$2:$A${last_row}"), _cache(C.strCache, categories))),
            C.val(C.numRef(
                C.f(f"{SHEET}!${column}$2:${column}${last_row}"),
                _values(values, value_formats),
            )),
        ))
    return elements


def _cache(make, points: list, *head: etree._Element, formats: list[str] | None = None) -> etree._Element:
    """A `c:strCache` or `c:numCache` of `points`; a missing value (None) is left a gap.  A point whose
    entry in `formats` (one per point) differs from the cache's `c:formatCode` carries its own."""
    common = head[0].text if head else None
    shown: list[str | None] = [*formats] if formats else [common] * len(points)
    return make(
        *head,
        C.ptCount(val=str(len(points))),
        *(C.pt(C.v(str(point)), idx=str(i), **({"formatCode": own} if own != common else {}))
          for i, (point, own) in enumerate(zip(points, shown)) if point is not None),
    )


def _values(values: list, formats: list[str] | None, default: str = "General") -> etree._Element:
    """The `c:numCache` of a series' `values`: the number format most of them share (`default` for all
    when `formats` is None) for the cache, and each other one's on its point."""
    common = max(formats, key=formats.count) if formats else default
    return _cache(C.numCache, values, C.formatCode(common), formats=formats)


def _data_labels(kind: str, formats: list[str] | None = None) -> etree._Element:
    """Every point labelled with its value; a pie, which has no legend, names the category
    of each slice above its value.  A series' own labels (`formats`, each value's number format) show
    its values as the workbook does: LibreOffice labels every series with the number format of the
    first, so each gets its own, and a point whose format differs from the series' its own too."""
    if formats is None:
        return C.dLbls(*_label_settings(kind))
    common = max(formats, key=formats.count)
    return C.dLbls(
        # -- CT_DLbls: the points' own labels first, then the series' settings --
        *(C.dLbl(C.idx(val=str(i)), _number_format(shown), *_label_settings(kind))
          for i, shown in enumerate(formats) if shown != common),
        _number_format(common),
        *_label_settings(kind),
    )


def _each_value(series: list[tuple[str, list]], formats: list[list[str]] | None) -> list[list[str]]:
    """The number format of each value of each series: "General" where `formats` gives none."""
    given = formats or []
    return [(given[index] if index < len(given) else []) or ["General"] * len(values)
            for index, (_, values) in enumerate(series)]


def _formatted(formats: list[list[str]]) -> bool:
    """Whether any value has a number format: then each series labels its values with its own."""
    return any(shown != "General" for value_formats in formats for shown in value_formats)


def _number_format(shown: str) -> etree._Element:
    return C.numFmt(formatCode=shown, sourceLinked="0")


def _label_settings(kind: str) -> list[etree._Element]:
    """The children of a `c:dLbls` or `c:dLbl` after its number format: where and what it shows."""
    pie = kind == "pie"
    return [
        C.dLblPos(val="bestFit" if pie else "outEnd"),
        # -- CT_DLbls wants all six `show*` children, in this order --
        C.showLegendKey(val="0"),
        C.showVal(val="1"),
        C.showCatName(val="1" if pie else "0"),
        C.showSerName(val="0"),
        C.showPercent(val="0"),
        C.showBubbleSize(val="0"),
        *([C.separator("\n")] if pie else []),
    ]


def _whole_step(values: list) -> int | None:
    """For counts (whole numbers), a whole step for the value axis giving five or so ticks: 1, 2, 5, 10,
    20 … (left to itself, a chart of a few medals counts 0, 0.2, … 1.2, and rounds its labels to
    "0 0 0 1 1")."""
    numbers = [v for v in values if v is not None]
    if not numbers or any(float(v) != int(v) for v in numbers):
        return None
    top = max(max(numbers), 1)
    for magnitude in (10 ** k for k in range(16)):
        for step in (1, 2, 5):
            if step * magnitude * 6 >= top:
                return step * magnitude
    return None


def _axes(kind: str, whole_step: int | None) -> list[etree._Element]:
    """The category and value axes of a bar or column chart.

    A bar chart draws its first category at the bottom. Reversing the category axis,
    rather than the data, puts it on top and keeps the given order in the workbook; the
    value axis then crosses at the maximum category, so that it stays at the bottom.
    Counts get whole-numbered ticks from 0 (`whole_step`).
    """
    bar = kind == "bar"

    def ticks() -> list[etree._Element]:  # -- new ones for each axis: an element has one parent --
        return [C.majorTickMark(val="out"), C.minorTickMark(val="none"), C.tickLblPos(val="nextTo")]

    category_axis = C.catAx(
        C.axId(val=CAT_AX_ID),
        C.scaling(C.orientation(val="maxMin" if bar else "minMax")),
        C.delete(val="0"),
        C.axPos(val="l" if bar else "b"),
        *ticks(),
        C.crossAx(val=VAL_AX_ID),
        C.crosses(val="autoZero"),
        C.auto(val="1"),
        C.lblAlgn(val="ctr"),
        C.lblOffset(val="100"),
        C.noMultiLvlLbl(val="0"),
    )
    counts = whole_step is not None
    value_axis = C.valAx(
        C.axId(val=VAL_AX_ID),
        C.scaling(C.orientation(val="minMax"), *([C.min(val="0")] if counts else [])),
        C.delete(val="0"),
        C.axPos(val="b" if bar else "l"),
        C.majorGridlines(),
        *([C.numFmt(formatCode="0", sourceLinked="0")] if counts else []),
        *ticks(),
        C.crossAx(val=CAT_AX_ID),
        C.crosses(val="max" if bar else "autoZero"),
        *([C.crossBetween(val="between"), C.majorUnit(val=str(whole_step))] if counts else []),
    )
    return [category_axis, value_axis]


def _text_properties(east_asian_font: str, latin_font: str, font_size_pt: float) -> etree._Element:
    """A `c:txPr` giving all the chart's text one font and size."""
    return C.txPr(
        A.bodyPr(),
        A.lstStyle(),
        A.p(
            A.pPr(A.defRPr(A.latin(typeface=latin_font), A.ea(typeface=east_asian_font),
                           sz=str(round(font_size_pt * 100)))),
            A.endParaRPr(lang="zh-CN"),
        ),
    )


def _workbook(categories: list[str], series: list[tuple[str, list]], formats: list[list[str]]) -> bytes:
    """The embedded workbook: categories down column A from row 2, then one column per
    series, its name in row 1 and its values below (with their number formats), where the
    chart's `c:f` point."""
    from openpyxl import Workbook  # only a build with charts writes a workbook

    book = Workbook()
    sheet = book.active
    sheet.title = SHEET
    sheet.append([None, *(name for name, _ in series)])
    for category, *values in zip(categories, *(values for _, values in series)):
        sheet.append([category, *values])
    for row in sheet.iter_rows():
        for cell in row:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # a name such as "=合计" is text, not a formula
    for column, value_formats in enumerate(formats, start=2):
        for row, shown in enumerate(value_formats, start=2):
            sheet.cell(row, column).number_format = shown
    blob = io.BytesIO()
    book.save(blob)
    return blob.getvalue()


def chart_ids(paragraph) -> list[str]:
    """The relationship ids of the charts drawn in `paragraph`."""
    return paragraph.xpath(".//c:chart/@r:id")


def chart_data(chart_xml: bytes) -> tuple[list[str], list[tuple[str, list]]]:
    """The categories and series a chart part caches, what Word and LibreOffice draw: categories as text,
    values as numbers (None where a point is missing)."""
    chart_space = parse_xml(chart_xml)
    categories: list = []
    series: list = []
    for ser in _all(chart_space, ".//c:ser"):
        names = _points(ser, "c:tx")
        values = [None if v is None else _number(v) for v in _points(ser, "c:val")]
        series.append((names[0] if names else "", values))
        categories = categories or [v or "" for v in _points(ser, "c:cat")]
    return categories, series


def with_data(chart_xml: bytes, categories: list[str], series: list[tuple[str, list]],
              formats: list[list[str]] | None = None) -> bytes:
    """`chart_xml` showing new data: with as many series and categories as before, only the caches change
    (what an editor set on a series stays); else the series are made anew.  Formulas still name the
    embedded workbook's cells, which `_workbook` writes the same way.  `formats` as `chart_parts`."""
    categories = [str(category) for category in categories]
    series = [(str(name), values) for name, values in series]
    formats = _each_value(series, formats)
    formatted = _formatted(formats)
    chart_space = parse_xml(chart_xml)
    kind = "pie" if _all(chart_space, ".//c:pieChart") else "bar"  # the labels' settings differ only for a pie
    old = _all(chart_space, ".//c:ser")
    same_shape = len(old) == len(series) and all(len(_points(ser, "c:cat")) == len(categories) for ser in old)
    if same_shape:
        for ser, (name, values), value_formats in zip(old, series, formats):
            if formatted and not _all(ser, "c:dLbls"):  # a draft built before the labels had formats
                _all(ser, "c:trendline | c:errBars | c:cat | c:val")[0].addprevious(_data_labels(kind, value_formats))
            for path, make, points in (("c:tx/c:strRef/c:strCache", C.strCache, [name]),
                                       ("c:cat/*/c:strCache", C.strCache, categories)):
                for cache in _all(ser, path):
                    cache.getparent().replace(cache, _cache(make, points))
            for cache in _all(ser, "c:val/c:numRef/c:numCache"):
                kept = _all(cache, "c:formatCode/text()")  # without the workbook's, an editor's stays
                cache.getparent().replace(cache, _values(values, value_formats if formatted else None,
                                                         kept[0] if kept else "General"))
    elif old:
        plot = old[0].getparent()
        at = plot.index(old[0])
        for ser in old:
            plot.remove(ser)
        for offset, ser in enumerate(_series(kind, categories, series, formats)):
            plot.insert(at + offset, ser)
    return etree.tostring(chart_space, xml_declaration=True, encoding="UTF-8", standalone=True)


def set_chart_data(chart_part, categories: list[str], series: list[tuple[str, list]],
                   formats: list[list[str]] | None = None) -> None:
    """Make the chart part `chart_part` (as python-docx loads it: a part of bytes) and its embedded workbook
    show new data (`with_data`), so that Word's Edit Data opens the same figures."""
    chart_part._blob = with_data(chart_part.blob, categories, series, formats)
    for rel in chart_part.rels.values():
        if rel.reltype == RT.PACKAGE:
            rel.target_part._blob = _workbook([str(category) for category in categories],
                                              [(str(name), values) for name, values in series],
                                              _each_value(series, formats))


def _points(ser: etree._Element, child: str) -> list:
    """The cached points under `ser`'s `child` (c:tx, c:cat, c:val) in order of their idx; None for a gap."""
    caches = _all(ser, f"{child}//c:strCache | {child}//c:numCache | {child}//c:strLit | {child}//c:numLit")
    if not caches:
        return []
    count = _all(caches[0], "c:ptCount/@val")
    points = {int(pt.get("idx", "0")): "".join(_all(pt, "c:v/text()")) for pt in _all(caches[0], "c:pt")}
    size = int(count[0]) if count and count[0].isdigit() else max(points, default=-1) + 1
    return [points.get(i) for i in range(size)]


def _number(text: str):
    try:
        return float(text)
    except ValueError:
        return None


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

