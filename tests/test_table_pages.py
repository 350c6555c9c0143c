"""Tables on the rendered page: a table that fits a page stays whole on one, its caption, unit line and
note with it; what an editor judges a table by is checked in the PDF LibreOffice lays out."""

from __future__ import annotations

import re

import pytest
from conftest import make_project, pdf_pages, require_libreoffice, run_cli, to_pdf

# A short table with a two-row header, a vertical merge in every group of three rows and a note: nine
# body rows, about a third of a page.
HEADER = [["类别", "学校", "在校生数", None], [None, None, "男", "女"]]


def _rows(k: int) -> list:
    return [[f"类别{g}" if i == 0 else None, f"学校{k}甲{g}{i}", 300 + 10 * g + i, 200 + 10 * g + i]
            for g in range(1, 4) for i in range(3)]


MERGES = ["A1:A2", "B1:B2", "C1:D1", "A3:A5", "A6:A8", "A9:A11"]
# Lines of body text before each chapter's table: the chapters run on, so their tables fall at every
# height of a page, down to its foot.
FILLERS = (12, 15, 18, 21, 3, 7, 9, 11, 4, 6)
NOTE = "本表数据来源于各校报送的统计报表，统计时点为当年九月一日，学校名称按所在类别排列，仅为示例。"


def _line(n: int) -> str:
    return f"第{n}行正文，用来把表格推到页面的下部，直到页脚附近为止。"[:26]


@pytest.fixture(scope="module")
def short_tables(tmp_path_factory):
    """One chapter per filler length, each ending with the same short table (a list entry of its own)."""
    require_libreoffice()
    root = tmp_path_factory.mktemp("short")
    sections = {f"第{k}章": [f"第{k}章", *(_line(n) for n in range(lines)), f'{{{{ 表格("学校{k}") }}}}']
                for k, lines in enumerate(FILLERS, start=1)}
    chapters = range(1, len(FILLERS) + 1)
    tables = [(f"学校{k}", f"学校表{k}", f"第{k}章的学校情况", 2, "人", f"第{k}章表注：{NOTE}") for k in chapters]
    project = make_project(root, sections=sections, tables=tables,
                           extra_sheets={f"学校表{k}": (HEADER + _rows(k), MERGES) for k in chapters})
    result = run_cli("build", str(project))
    assert result.exit_code == 0, result.output
    draft = project / "output" / "测试报告.docx"
    return [re.sub(r"[ \t]+", "", page) for page in pdf_pages(to_pdf(draft, root))]


def _laid_out(root, chapter: list, tables: list, sheets: dict, columns: tuple[str, ...] = ()) -> tuple[str, list[str]]:
    """Build a project of one chapter, its table list given the optional `columns` (类型, 版式 …), and
    lay it out: the build's output and the PDF's lines, spaces removed."""
    project = make_project(root, sections={"概况": chapter}, tables=tables, extra_sheets=sheets)
    import openpyxl
    path = project / "data" / "数据.xlsx"
    book = openpyxl.load_workbook(path)
    for letter, column in zip("GHI", columns):
        book["表格清单"][f"{letter}1"] = column
    book.save(path)
    result = run_cli("build", str(project))
    assert result.exit_code == 0, result.output
    pages = pdf_pages(to_pdf(project / "output" / "测试报告.docx", root))
    return result.output, [line.replace(" ", "") for page in pages for line in page.splitlines()]


def _page_of(pages: list[str], text: str) -> list[int]:
    return [number for number, page in enumerate(pages) if text in page]


@pytest.mark.parametrize("k", range(1, len(FILLERS) + 1))
def test_a_short_table_with_merged_cells_stays_whole_with_its_caption_unit_and_note(short_tables, k):
    pages = short_tables
    caption = _page_of(pages, f"第{k}章的学校情况")
    assert len(caption) == 1, caption
    rows = {page for g in range(1, 4) for i in range(3) for page in _page_of(pages, f"学校{k}甲{g}{i}")}
    assert rows == set(caption), (rows, caption)
    assert _page_of(pages, f"第{k}章表注") == caption
    assert not any("续表" in page for page in pages)


def _grid(draft, caption_title: str) -> list[int]:
    """The column widths (twips) of the table under the caption `caption_title`."""
    import docx
    from docx.oxml.ns import qn
    document = docx.Document(draft)
    body = document.element.body
    caption = next(p for p in body.iter(qn("w:p")) if caption_title in "".join(p.itertext()))
    node = caption.getnext()
    while node.tag != qn("w:tbl"):
        node = node.getnext()
    return [int(col.get(qn("w:w"))) for col in node.find(qn("w:tblGrid")).findall(qn("w:gridCol"))]


COMPANIES = ["长武县汽车销售服务有限公司", "庆阳市西峰区职业技能培训中心", "甘肃陇东现代农业科技有限公司",
             "宁县电子商务产业园管理有限公司"]
ROSTER = [["序号", "合作企业名称", "投入设备（万元）", "接收实习（人）"],
          *[[i, name, 120.5 + i, 30 + i] for i, name in enumerate(COMPANIES, start=1)]]


def _roster_project(root, sizing: str = "", widths: dict | None = None):
    project = make_project(root, sections={"概况": ["概况", '{{ 表格("企业") }}']},
                           tables=[("企业", "企业表", "校企合作企业", 1, "", "")],
                           extra_sheets={"企业表": (ROSTER, [])})
    import openpyxl
    path = project / "data" / "数据.xlsx"
    book = openpyxl.load_workbook(path)
    book["表格清单"]["G1"], book["表格清单"]["G2"] = "列宽", sizing or None
    for letter, width in (widths or {}).items():
        book["企业表"].column_dimensions[letter].width = width
    book.save(path)
    result = run_cli("build", str(project))
    assert result.exit_code == 0, result.output
    return project / "output" / "测试报告.docx"


def test_columns_are_sized_by_their_content(tmp_path):
    """The company names get the room; the numbers and the short headers are never narrower than a line."""
    widths = _grid(_roster_project(tmp_path), "校企合作企业")
    assert max(widths) == widths[1], widths
    assert widths[1] > 2 * widths[0] and widths[1] > widths[2]


def test_the_writers_excel_widths_are_kept_in_proportion(tmp_path):
    """Columns the writer sized in Excel keep those proportions (none narrower than a number or a header
    word); 列宽 “按内容” sizes them by their content instead."""
    excel = {"A": 6, "B": 18, "C": 12, "D": 12}
    widths = _grid(_roster_project(tmp_path / "excel", widths=excel), "校企合作企业")
    total = sum(widths)
    for width, weight in zip(widths, excel.values()):
        assert abs(width / total - weight / sum(excel.values())) < 0.01, widths
    by_content = _grid(_roster_project(tmp_path / "content", "按内容", widths=excel), "校企合作企业")
    assert by_content == _grid(_roster_project(tmp_path / "plain"), "校企合作企业")
    # A column the writer left alone is Excel's default width (8.43), beside the one they widened.
    one = _grid(_roster_project(tmp_path / "one", widths={"B": 33.72}), "校企合作企业")
    assert abs(one[1] / one[2] - 4) < 0.04 and abs(one[2] - one[3]) <= 1, one  # twips rounded


# A 14-column 附表 on a landscape page, its headers with long words, years and bracketed units.
WIDE_HEADER = ["专业大类", "电子与信息", "2023年", "2024年", "2025年", "带宽（Mbps）", "实训室（个）",
               "工位数（个）", "设备总值（万元）", "生均设备（元）", "图书（万册）", "教师（人）", "双师型（人）", "占比（%）"]
WIDE_ROWS = [[f"大类{i}", f"专业{i}", 1200 + i, 1300 + i, 1400 + i, 1000 * i, 10 + i, 250 + i,
              f"{12345.67 + i:,.2f}", f"{23456 + i:,}", 12.5 + i, 40 + i, 30 + i, f"{-3.5 - i}%"] for i in range(1, 6)]


@pytest.fixture(scope="module")
def wide_table(tmp_path_factory):
    require_libreoffice()
    _, lines = _laid_out(tmp_path_factory.mktemp("wide"), [("附表", "附录标题"), '{{ 表格("资源") }}'],
                         [("资源", "资源表", "教学资源表", 1, "", "", "附表", "横向")],
                         {"资源表": ([WIDE_HEADER, *WIDE_ROWS], [])}, ("类型", "版式"))
    return lines


@pytest.mark.parametrize("token", ["电子与信息", "2023年", "（Mbps）", "（个）", "（万元）", "（元）", "（%）",
                                   "12,346.67", "23,457", "-4.5%", "1201", "5000"])
def test_no_header_word_number_or_unit_is_broken_across_lines(wide_table, token):
    assert any(token in line for line in wide_table), [line for line in wide_table if token[:2] in line]


def test_a_label_row_merged_across_in_excel_spans_the_table(tmp_path):
    """A group label inside the body, merged across the row in Excel, is one line across the table, not
    a tall narrow cell."""
    require_libreoffice()
    label = "签订合同或就业协议就业人数"
    rows = [ROSTER[0], [label, None, None, None], *ROSTER[1:]]
    _, lines = _laid_out(tmp_path, ["概况", '{{ 表格("企业") }}'], [("企业", "企业表", "校企合作企业", 1, "", "")],
                         {"企业表": (rows, ["A2:D2"])})
    assert label in lines, [line for line in lines if "签订" in line]


WORDS = ["学校", "专业大类", "电子与信息", "在校生", "毕业生数", "实训基地", "教师", "双师型", "合作企业名称", "投入设备"]
UNITS = ["", "（人）", "（个）", "（万元）", "（%）", "（Mbps）"]
NAMES = ["长武县汽车销售服务有限公司", "西峰区职教中心", "陇东现代农业科技有限公司", "宁县职校", "庆城县"]


def _tables():
    """Tables as writers make them: headers of words and units, one or two header rows, columns of
    numbers (with separators, decimals, signs) or of names, portrait or landscape."""
    from hypothesis import strategies as st

    @st.composite
    def table(draw):
        columns = draw(st.integers(2, 9))
        landscape = columns > 6 and draw(st.booleans())
        header = [draw(st.sampled_from(WORDS)) + draw(st.sampled_from(UNITS)) for _ in range(columns)]
        kinds = [draw(st.sampled_from(["number", "decimal", "signed", "name"])) for _ in range(columns)]
        body = []
        for r in range(draw(st.integers(1, 5))):
            row = []
            for kind in kinds:
                n = draw(st.integers(0, 2_000_000))
                row.append({"number": f"{n:,}", "decimal": f"{n / 100:,.2f}", "signed": f"{-n / 1000:.1f}%",
                            "name": draw(st.sampled_from(NAMES))}[kind])
            body.append(row)
        return header, body, landscape
    return table()


@pytest.mark.slow
def test_generated_tables_break_no_number_unit_or_short_header_word(tmp_path_factory):
    require_libreoffice()
    from hypothesis import HealthCheck, given, settings

    @settings(max_examples=6, deadline=None, suppress_health_check=list(HealthCheck))
    @given(_tables())
    def check(generated):
        header, body, landscape = generated
        output, lines = _laid_out(tmp_path_factory.mktemp("generated"), ["概况", '{{ 表格("生成") }}'],
                                  [("生成", "生成表", "生成的表格", 1, "", "", "表", "横向" if landscape else "")],
                                  {"生成表": ([header, *body], [])}, ("类型", "版式"))
        if "至少需要约" in output:  # too wide for its page: the check said so (no silent squeeze)
            return
        whole = {cell for row in body for cell in row if cell not in NAMES}
        whole |= {unit for unit in UNITS if unit and any(h.endswith(unit) for h in header)}
        whole |= {word for h in header for word in WORDS if h.startswith(word) and len(word) <= 5}
        broken = [token for token in whole if not any(token in line for line in lines)]
        assert not broken, (broken, header, body)
    check()
