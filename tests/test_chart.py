"""Tests for reportgen.oxml.chart: native Word charts."""

from __future__ import annotations

import base64
import io
import subprocess
from pathlib import Path

import openpyxl
import pytest
from docx import Document
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.shared import Cm
from lxml import etree
from conftest import require_renderer
from openpyxl.utils import range_boundaries

from reportgen.oxml.chart import NAMESPACES, add_chart
from reportgen.oxml.chart import chart_parts as make_chart_parts

CATEGORIES = ["城关镇", "西峰区", "庆城县", "环县"]
VALUES = [12.5, 30.0, 7.25, 18.0]
KINDS = ["bar", "column", "pie"]
WIDTH, HEIGHT = Cm(14), Cm(8)


def xpath(element, path: str) -> list:
    return etree.XPath(path, namespaces=NAMESPACES)(element)


@pytest.fixture(scope="module")
def docx_path(tmp_path_factory) -> Path:
    """A saved document with a chart of each kind and a two-series column chart."""
    document = Document()
    for kind in KINDS:
        document.add_paragraph(f"{kind} 图")
        add_chart(document.add_paragraph().add_run(), kind, CATEGORIES, [("产值", VALUES)],
                  WIDTH, HEIGHT)  # fmt: skip
    add_chart(
        document.add_paragraph().add_run(),
        "column",
        CATEGORIES,
        [("2024年", VALUES), ("2025年", [14.0, 28.0, 9.0, 20.0])],
        WIDTH,
        HEIGHT,
    )
    path = tmp_path_factory.mktemp("chart") / "charts.docx"
    document.save(path)
    return path


@pytest.fixture(scope="module")
def chart_parts(docx_path):
    """The chart parts of the saved document, in document order."""
    document_part = Document(docx_path).part
    refs = xpath(document_part.element, "//c:chart/@r:id")
    return [document_part.related_parts[rId] for rId in refs]


def test_chart_parts_are_related_with_the_chart_content_type(docx_path, chart_parts):
    document_part = Document(docx_path).part
    chart_rels = [rel for rel in document_part.rels.values() if rel.reltype == RT.CHART]

    assert len(chart_rels) == len(chart_parts) == 4
    assert sorted(str(part.partname) for part in chart_parts) == [
        f"/word/charts/chart{n}.xml" for n in range(1, 5)
    ]
    assert all(part.content_type == CT.DML_CHART for part in chart_parts)


def test_each_chart_embeds_its_workbook(chart_parts):
    partnames = set()
    for chart_part in chart_parts:
        chart_space = etree.fromstring(chart_part.blob)
        (rId,) = xpath(chart_space, "c:externalData/@r:id")
        workbook_part = chart_part.related_parts[rId]
        assert chart_part.rels[rId].reltype == RT.PACKAGE
        assert workbook_part.content_type == CT.SML_SHEET
        partnames.add(workbook_part.partname)

        sheet = openpyxl.load_workbook(io.BytesIO(workbook_part.blob)).worksheets[0]
        assert [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)] == CATEGORIES
        assert [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)] == VALUES

    assert len(partnames) == len(chart_parts)


def test_chart_formulas_name_the_workbook_cells_of_what_it_shows(chart_parts):
    """Word draws the values cached in the chart and "Edit Data" opens the cells each
    `c:f` names: the two must agree (series names, categories, values)."""
    for chart_part in chart_parts:
        chart_space = etree.fromstring(chart_part.blob)
        (rId,) = xpath(chart_space, "c:externalData/@r:id")
        book = openpyxl.load_workbook(io.BytesIO(chart_part.related_parts[rId].blob))
        formulas = xpath(chart_space, ".//c:f")
        assert len(formulas) == 3 * len(xpath(chart_space, ".//c:ser"))

        for formula in formulas:
            sheet, cells = formula.text.split("!")
            min_col, min_row, max_col, max_row = range_boundaries(cells.replace("$", ""))
            rows = book[sheet].iter_rows(min_row, max_row, min_col, max_col, values_only=True)
            in_workbook = [value for row in rows for value in row]
            (cache,) = xpath(formula, "../c:strCache | ../c:numCache")
            shown = xpath(cache, "c:pt/c:v/text()")
            if cache.tag.endswith("numCache"):
                in_workbook, shown = [float(v) for v in in_workbook], [float(v) for v in shown]
            assert xpath(cache, "c:ptCount/@val") == [str(len(in_workbook))]
            assert in_workbook == shown


def test_a_missing_value_is_a_gap():
    chart_xml, workbook = make_chart_parts("column", ["甲", "乙", "丙"], [("值", [1, None, 3.5])])

    (cache,) = xpath(etree.fromstring(chart_xml), ".//c:val//c:numCache")
    assert xpath(cache, "c:ptCount/@val") == ["3"]
    assert xpath(cache, "c:pt/@idx") == ["0", "2"]
    sheet = openpyxl.load_workbook(io.BytesIO(workbook)).worksheets[0]
    assert [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)] == [1, None, 3.5]


def test_workbook_keeps_names_that_look_like_formulas_as_text():
    _, workbook = make_chart_parts("column", ["=合计", "乙"], [("=SUM(A1)", [1, 2])])

    sheet = openpyxl.load_workbook(io.BytesIO(workbook)).worksheets[0]
    assert (sheet["A2"].value, sheet["A2"].data_type) == ("=合计", "s")
    assert (sheet["B1"].value, sheet["B1"].data_type) == ("=SUM(A1)", "s")


def test_chart_xml_suits_a_report(chart_parts):
    chart_spaces = [etree.fromstring(part.blob) for part in chart_parts]
    bar, column, pie, two_series = chart_spaces

    for chart_space in chart_spaces:
        axis_ids = xpath(chart_space, ".//c:axId/@val | .//c:crossAx/@val")
        assert all(int(axis_id) >= 0 for axis_id in axis_ids)
        assert xpath(chart_space, "c:chart/c:autoTitleDeleted/@val") == ["1"]
        assert xpath(chart_space, ".//c:dLbls/c:showVal/@val") == ["1"]
        assert xpath(chart_space, "c:txPr//a:ea/@typeface") == ["仿宋_GB2312"]
        assert xpath(chart_space, "c:txPr//a:latin/@typeface") == ["Times New Roman"]
        assert xpath(chart_space, "c:txPr//a:defRPr/@sz") == ["1050"]
        assert xpath(chart_space, "c:externalData/c:autoUpdate/@val") == ["0"]

    # -- first category on top, value axis still at the bottom --
    assert xpath(bar, ".//c:catAx/c:scaling/c:orientation/@val") == ["maxMin"]
    assert xpath(bar, ".//c:valAx/c:crosses/@val") == ["max"]
    assert xpath(column, ".//c:catAx/c:scaling/c:orientation/@val") == ["minMax"]
    assert xpath(column, ".//c:valAx/c:crosses/@val") == ["autoZero"]
    # -- without a legend, each slice names its category --
    assert xpath(pie, ".//c:dLbls/c:showCatName/@val") == ["1"]
    assert xpath(column, ".//c:dLbls/c:showCatName/@val") == ["0"]
    assert [xpath(c, "c:chart/c:legend") != [] for c in chart_spaces] == [
        False, False, False, True,
    ]  # fmt: skip
    assert xpath(two_series, "c:chart/c:legend/c:legendPos/@val") == ["b"]


def test_inline_drawings_have_the_requested_size_and_unique_ids(docx_path):
    body = Document(docx_path).element
    inlines = xpath(body, "//wp:inline")
    doc_pr_ids = xpath(body, "//wp:docPr/@id")

    assert len(inlines) == 4
    assert len(set(doc_pr_ids)) == len(doc_pr_ids)
    for inline in inlines:
        assert xpath(inline, "wp:extent/@cx") == [str(WIDTH)]
        assert xpath(inline, "wp:extent/@cy") == [str(HEIGHT)]
        assert xpath(inline, "a:graphic/a:graphicData/@uri") == [NAMESPACES["c"]]


def test_doc_pr_id_follows_existing_drawings(tmp_path):
    document = Document()
    document.add_picture(str(_png(tmp_path)), width=Cm(1))
    add_chart(document.add_paragraph().add_run(), "pie", ["甲"], [("值", [1.0])], WIDTH, HEIGHT)

    assert xpath(document.element, "//wp:docPr/@id") == ["1", "2"]


def test_charts_added_after_reopening_get_fresh_names_and_ids(docx_path, tmp_path):
    document = Document(docx_path)
    add_chart(document.add_paragraph().add_run(), "bar", ["甲"], [("值", [1.0])], WIDTH, HEIGHT)
    document.save(tmp_path / "more.docx")

    document_part = Document(tmp_path / "more.docx").part
    (rId,) = xpath(document_part.element, "(//c:chart)[last()]/@r:id")
    chart_part = document_part.related_parts[rId]
    (workbook_rId,) = xpath(etree.fromstring(chart_part.blob), "c:externalData/@r:id")
    assert chart_part.partname == "/word/charts/chart5.xml"
    assert chart_part.related_parts[workbook_rId].partname == (
        "/word/embeddings/Microsoft_Excel_Sheet5.xlsx"
    )
    assert xpath(document_part.element, "//wp:docPr/@id") == ["1", "2", "3", "4", "5"]


@pytest.mark.parametrize(
    ("kind", "series", "message"),
    [
        ("line", [("值", [1.0])], "unknown chart kind"),
        ("pie", [("a", [1.0]), ("b", [2.0])], "exactly one series"),
        ("column", [("值", [1.0, 2.0])], "2 values for 1 categories"),
        ("column", [], "at least one series"),
    ],
)
def test_add_chart_rejects_bad_input(kind, series, message):
    run = Document().add_paragraph().add_run()
    with pytest.raises(ValueError, match=message):
        add_chart(run, kind, ["甲"], series, WIDTH, HEIGHT)


def test_document_validates_with_openxml_audit(docx_path):
    openxml_audit = pytest.importorskip("openxml_audit")
    result = openxml_audit.OpenXmlValidator(max_errors=0).validate(docx_path)
    # -- python-docx's own template yields findings in /word/stylesWithEffects.xml --
    ours = [
        str(error)
        for error in result.errors
        if error.part_uri == "/word/document.xml"
        or error.part_uri.startswith(("/word/charts/", "/word/embeddings/"))
    ]
    assert ours == []


def test_libreoffice_renders_the_charts(docx_path, tmp_path):
    require_renderer()
    profile = (tmp_path / "lo-profile").as_uri()
    subprocess.run(
        ["soffice", f"-env:UserInstallation={profile}", "--headless",
         "--convert-to", "pdf", "--outdir", str(tmp_path), str(docx_path)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    pdf = tmp_path / f"{docx_path.stem}.pdf"
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True, timeout=60
    ).stdout

    for category in CATEGORIES:
        assert text.count(category) >= 4  # -- once in each chart --
    assert "12.5" in text and "7.25" in text
    # -- the legend of the two-series chart; pdftotext may split "2025" from "年" --
    assert "2025年" in "".join(text.split())


def _png(directory: Path) -> Path:
    """Write a 1x1 PNG picture and return its path."""
    path = directory / "dot.png"
    path.write_bytes(
        base64.b64decode(
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk"
            "+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
        )
    )
    return path


@pytest.mark.parametrize("kind", ["bar", "column"])
def test_counts_get_whole_numbered_axes(kind, tmp_path):
    """A chart of a few medals: its value axis counts 0, 1, 2 …, not 0, 0.2 … 1.2 labelled "0 0 0 1 1"."""
    require_renderer()
    document = Document()
    add_chart(document.add_paragraph().add_run(), kind, ["机电", "智能装备", "电子电气"],
              [("金牌", [0, 0, 1]), ("铜牌", [1, 0, 1])], WIDTH, HEIGHT)
    path = tmp_path / "counts.docx"
    document.save(path)
    axis = xpath(etree.fromstring(next(p for p in Document(path).part.package.iter_parts()
                                       if p.partname.startswith("/word/charts/")).blob), "//c:valAx")[0]
    assert xpath(axis, "c:majorUnit/@val") == ["1"] and xpath(axis, "c:numFmt/@formatCode") == ["0"]
    if kind != "bar":
        return  # a bar chart's value axis is a row of text in the PDF, easy to read back
    profile = (tmp_path / "lo-profile").as_uri()
    subprocess.run(["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(path)], check=True, capture_output=True, timeout=180)
    text = subprocess.run(["pdftotext", "-layout", str(tmp_path / "counts.pdf"), "-"], check=True,
                          capture_output=True, text=True).stdout
    axis_lines = [line.split() for line in text.splitlines() if len(line.split()) >= 3
                  and all(token.replace(".", "").isdigit() for token in line.split())]
    assert axis_lines, text
    ticks = axis_lines[-1]  # the value axis's tick labels, in a row
    assert ticks == [str(n) for n in range(len(ticks))]  # 0 1 2 …, no "0 0.2" and no "0 0 1 1"


def test_a_chart_cached_by_an_older_reportgen_is_written_anew(tmp_path):
    """The rebuild cache keys a chart by what `chart_parts` writes (`OUTPUT_VERSION`), not only by its data:
    a chart cached before its labels kept number formats is not reused."""
    from reportgen.data.picture_cache import ImageCache

    cache, made = ImageCache(tmp_path), []

    def make(**inputs):
        made.append(inputs)
        return make_chart_parts("column", ["甲"], [("数", [1])])

    cache.chart(make, "1", data=1)
    cache.chart(make, "1", data=1)
    assert len(made) == 1
    cache.chart(make, "2", data=1)
    assert len(made) == 2
