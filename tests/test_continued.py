"""Long tables: header rows repeat on every page, and each continuation page starts "续表 N"."""

from __future__ import annotations

import re

import docx
import pytest
from conftest import make_project, no_warnings, pdf_pages, require_libreoffice, run_cli, to_pdf
from docx.oxml.ns import qn

from reportgen.oxml.fields import iter_fields
from reportgen.oxml.text import text_of

HEADER = [["专业大类", "专业名称", "在校生数", None, None], [None, None, "一年级", "二年级", "三年级"]]


# Group 3 is longer than a page holds, so some page of the continuation must begin inside a group,
# whatever the fonts make a row's height.
SIZES = (10, 10, 40, 10, 10)


def _majors():
    rows, merges, row = [], ["A1:A2", "B1:B2", "C1:E1"], 3
    for g, size in enumerate(SIZES, start=1):
        for i in range(1, size + 1):
            rows.append([f"大类{g}" if i == 1 else None, f"专业{g}之{i}号", 100 + i, 90 + i, 80 + i])
        merges.append(f"A{row}:A{row + size - 1}")
        row += size
    return HEADER + rows, merges


def _project(root, profile="", table_caption="above"):
    sections = {"概况": ["概况", "正文一段。" * 20, '{{ 表格("专业") }}', "表后正文。", '{{ 表格("短表") }}']}
    rows, merges = _majors()
    return make_project(root, sections=sections, table_caption=table_caption,
                        tables=[("专业", "专业表", "专业设置与在校生情况", 2, "人", ""),
                                ("短表", "表1", "学校情况表", 2, "", "")],
                        extra_sheets={"专业表": (rows, merges),
                                      "表1": ([["类别", "合计", "办学性质", None], [None, None, "公办", "民办"],
                                              ["中职学校", 15, 8, 7]], ["A1:A2", "B1:B2", "C1:D1"])},
                        profile='caption_numbering = "chapter"\ncaption_label_space = false\n' + profile)


def _squashed(pages):
    return [[re.sub(r"\s+", "", line) for line in page.splitlines() if line.strip()] for page in pages]


@pytest.fixture(scope="module", params=["above", "below"])
def continued(request, tmp_path_factory):
    require_libreoffice()
    root = tmp_path_factory.mktemp("continued")
    project = _project(root, table_caption=request.param)
    result = run_cli("build", str(project))
    assert result.exit_code == 0 and no_warnings(result.output), result.output
    draft = project / "output" / "测试报告.docx"
    return draft, _squashed(pdf_pages(to_pdf(draft, root)))


def test_every_continuation_page_starts_with_the_continued_mark_and_the_header(continued):
    _, pages = continued
    table_pages = [i for i, lines in enumerate(pages) if any(re.search(r"专业\d之", line) for line in lines)]
    assert len(table_pages) >= 3  # 80 rows run over at least three pages
    first, *rest = table_pages
    assert not any("续表" in line for line in pages[first])
    for i in rest:
        assert pages[i][0] == "续表1-1", pages[i][:3]
        assert pages[i][1:4] == ["在校生数", "专业大类专业名称", "一年级二年级三年级"]
    assert not any("续表" in line for lines in pages for line in lines if "学校情况表" in line)  # short: one page


def test_rows_keep_their_order_and_a_cut_merged_cell_shows_on_both_pages(continued):
    _, pages = continued
    rows = [line for lines in pages for line in lines if re.match(r"^(大类\d)?专业\d之", line)]
    names = [re.search(r"专业(\d)之(\d+)号", line).expand(r"\1-\2") for line in rows]
    assert names == [f"{g}-{i}" for g, size in enumerate(SIZES, start=1) for i in range(1, size + 1)]
    # Each page that begins inside a group (its merged 专业大类 cell cut by the page break) names it too.
    cut = 0
    for lines in pages:
        body = [line for line in lines if re.match(r"^(大类\d)?专业\d之", line)]
        if body:
            group, row = re.search(r"专业(\d)之(\d+)号", body[0]).groups()
            if row != "1":
                assert any(f"大类{group}" in line for line in lines), lines
                cut += 1
    assert cut >= 2  # the split, and a later page of the continuation


def test_the_mark_is_a_reference_to_the_caption_number(continued):
    draft, _ = continued
    body = docx.Document(draft).element.body
    refs = [f for f in iter_fields(body) if f.kind == "REF"]
    bookmarks = {b.get(qn("w:name")) for b in body.iter(qn("w:bookmarkStart"))}
    assert refs and all(f.argument in bookmarks for f in refs)
    marks = ["".join(text_of(r) for r in f.result_runs) for f in refs]
    assert set(marks) == {"表1-1"}  # its hyphen a non-breaking one, read as "-"
    tables = body.findall(qn("w:tbl"))
    headers = [[tr.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None for tr in tbl.findall(qn("w:tr"))[:4]]
               for tbl in tables]
    assert headers[0][:3] == [True, True, False]  # the first part: its two header rows repeat
    assert all(h[:4] == [True, True, True, False] for h in headers[1:-1])  # "续表" and the header rows


def test_without_continued_tables_the_header_still_repeats(tmp_path):
    project = _project(tmp_path, profile="continued_tables = false")
    result = run_cli("build", str(project))
    assert result.exit_code == 0, result.output
    pages = _squashed(pdf_pages(to_pdf(project / "output" / "测试报告.docx", tmp_path)))
    assert not any("续表" in line for lines in pages for line in lines)
    assert sum(1 for lines in pages if "专业大类专业名称" in lines) >= 3


def test_without_libreoffice_the_table_is_left_whole_with_a_warning(tmp_path):
    project = _project(tmp_path)
    result = run_cli("build", str(project), env={"PATH": str(tmp_path / "no-such-bin")})
    assert result.exit_code == 0 and "没有标“续表”" in result.output, result.output
    tables = docx.Document(project / "output" / "测试报告.docx").tables
    assert len(tables) == 2 and len(tables[0].rows) == 82


def test_a_table_of_few_tall_rows_is_continued_too(tmp_path):
    """Not the row count: a table of 12 rows whose cells wrap to many lines runs over a page all the same."""
    require_libreoffice()
    long_text = "这一格的文字很长，需要折成许多行才能放下。" * 6
    rows = [["项目", "说明"]] + [[f"第{i}项", long_text] for i in range(1, 13)]
    project = make_project(tmp_path, sections={"概况": ["概况", '{{ 表格("说明表") }}']},
                           tables=[("说明表", "说明", "各项说明", 1, "", "")], extra_sheets={"说明": (rows, [])})
    result = run_cli("build", str(project))
    assert result.exit_code == 0, result.output
    pages = _squashed(pdf_pages(to_pdf(project / "output" / "测试报告.docx", tmp_path)))
    table_pages = [lines for lines in pages if any(line.startswith("第") and "项" in line[:4] for line in lines)]
    assert len(table_pages) >= 2
    assert all(lines[0] == "续表1" and lines[1] == "项目说明" for lines in table_pages[1:])


def test_a_section_built_alone_is_continued_too(tmp_path):
    project = _project(tmp_path)
    result = run_cli("build", str(project), "--section", "概况")
    assert result.exit_code == 0, result.output
    pages = _squashed(pdf_pages(to_pdf(project / "output" / "测试报告-概况.docx", tmp_path)))
    assert sum(1 for lines in pages if lines and lines[0] == "续表1-1") >= 2


def _cell_text(tr, column: int = 0) -> tuple[str, str | None]:
    """The text of a row's cell and its w:vMerge value ("restart", "continue" or None when unmerged)."""
    tc = tr.findall(qn("w:tc"))[column]
    merge = tc.find(f"{qn('w:tcPr')}/{qn('w:vMerge')}")
    state = None if merge is None else merge.get(qn("w:val"), "continue")
    return "".join(t.text for t in tc.iter(qn("w:t"))), state


def test_a_merged_cell_started_again_where_a_page_broke_merges_back_when_the_break_moves():
    """Naming a cut group on its new page can change row heights and so move the break: the row the old
    break opened continues the merge again, and the row the break opens now names the group."""
    from reportgen.draft.continued import PagedTable
    from reportgen.layout.passes import PageMap

    table = docx.Document().add_table(rows=7, cols=2)  # a header row and six body rows
    table.cell(1, 0).merge(table.cell(6, 0)).text = "大类1"
    paged = PagedTable(table._tbl, header_rows=1, bookmarks=None, bookmark="", caption_style="")
    rows = table._tbl.findall(qn("w:tr"))

    def breaking_before(row: int) -> PageMap:
        return PageMap({p: int(i + 1 >= row) for i, p in enumerate(paged.probes())}, ["1", "2"])

    assert paged.restart_cut_merges(breaking_before(4))
    assert _cell_text(rows[4]) == ("大类1", "restart") and _cell_text(rows[5]) == ("", "continue")
    assert paged.restart_cut_merges(breaking_before(5))
    assert _cell_text(rows[4]) == ("", "continue") and _cell_text(rows[5]) == ("大类1", "restart")
    assert _cell_text(rows[1]) == ("大类1", "restart")
    assert not paged.restart_cut_merges(breaking_before(5))  # settled


def test_a_table_of_many_plain_rows_is_continued_from_a_pass_over_its_start(tmp_path):
    """A long table without merged cells, last in the report: the layout pass sees only its first page's
    worth of rows (LibreOffice would take minutes over thousands), and every page it runs on is right."""
    require_libreoffice()
    rows = [["序号", "学校", "专业", "人数"]] + [[i, f"第{i % 15 + 1}中学", f"专业{i}", 100 + i] for i in range(1, 241)]
    project = make_project(tmp_path, sections={"概况": ["概况", "正文一段。", '{{ 表格("名单") }}']},
                           tables=[("名单", "名单", "学生名单", 1, "", "")], extra_sheets={"名单": (rows, [])},
                           figures=[])
    result = run_cli("build", str(project))
    assert result.exit_code == 0 and no_warnings(result.output), result.output
    pages = _squashed(pdf_pages(to_pdf(project / "output" / "测试报告.docx", tmp_path)))
    table_pages = [i for i, lines in enumerate(pages) if any(re.search(r"专业\d+\d{3}", line) for line in lines)]
    assert len(table_pages) >= 4  # 240 rows
    for i in table_pages[1:]:
        assert pages[i][:2] == ["续表1", "序号学校专业人数"], pages[i][:3]
    numbers = [int(m.group(1)) for i in table_pages for line in pages[i] if (m := re.match(r"^(\d+)第", line))]
    assert numbers == list(range(1, 241))  # every row once, in order


def test_a_very_long_table_with_headings_after_it_is_continued_from_its_first_page(tmp_path):
    """A 700-row table whose merged block at the top (as in the example's 表2) is followed by a heading the
    目录 lists: LibreOffice would take minutes over the whole table, on every pass.  A pass sees its first
    page alone: the table is continued where it really breaks, the entries before it get their pages,
    the one after it is left for Word to fill, and the build says which."""
    require_libreoffice()
    head = [["类别", "人数", None, None, None, None], [None, "男", "女", "一年级", "二年级", "三年级"],
            ["合计", 700, 700, 1, 2, 3], ["其中", 10, 20, 1, 2, 3], [None, 30, 40, 1, 2, 3]]
    rows = head + [[f"学校{i}", i, i + 1, 1, 2, 3] for i in range(1, 701)]  # 4,200 cells
    sections = {"概况": ["概况", ("前面一节", "Heading 2"), "正文一段。" * 30, '{{ 表格("名单") }}'],
                "后记": ["后记", "正文。"]}
    project = make_project(tmp_path, sections=sections, master=["{{ 目录() }}", ("前 言", "前言标题"), "前言。"],
                           tables=[("名单", "名单", "学校名单", 2, "", "")],
                           extra_sheets={"名单": (rows, ["A1:A2", "B1:F1", "A4:A5"])}, figures=[],
                           profile='caption_numbering = "chapter"\ncaption_label_space = false')
    result = run_cli("build", str(project))
    assert result.exit_code == 0, result.output
    assert "表1-1（703 行）很长" in result.output and "其后的内容不知道在哪一页：1 个目录条目的页码空着" in result.output
    assert len(re.findall(r"\[警告\]", result.output)) == 1, result.output
    draft = project / "output" / "测试报告.docx"
    entries = {p.text.split("\t")[0]: p.text.split("\t")[-1] for p in docx.Document(draft).paragraphs if "\t" in p.text}
    assert entries == {"前 言": "1", "1.概况": "1", "1.1 前面一节": "1", "2.后记": ""}
    pages = _squashed(pdf_pages(to_pdf(draft, tmp_path)))
    table_pages = [i for i, lines in enumerate(pages) if any(re.fullmatch(r"学校\d+123", line) for line in lines)]
    assert len(table_pages) >= 10
    for i in table_pages[1:]:
        assert pages[i][0] == "续表1-1" and sorted(pages[i][1:3]) == ["人数", "类别"], pages[i][:3]
    numbers = [int(m.group(1)) for i in table_pages for line in pages[i] if (m := re.fullmatch(r"学校(\d+)\d+123", line))]
    assert len(numbers) == 700
