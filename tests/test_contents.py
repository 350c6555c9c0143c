"""目录, 图目录, 表目录 and 附表目录: filled in at build time, page numbers as the PDF prints them."""

from __future__ import annotations

import os

import docx
import openpyxl
import pytest
from conftest import (
    LIST_ENTRY,
    break_section_after,
    entry_pages_match_folios,
    folio,
    list_entries,
    no_warnings,
    make_project,
    pdf_pages,
    require_libreoffice,
    run_cli,
    soffice,
    squash,
    to_pdf,
)
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

from reportgen.oxml.fields import iter_fields

FILLER = "这一段正文用来撑满页面，使各章各节的标题落在不同的页上。" * 5
BODY = [FILLER] * 9
SECTIONS = {
    "基本情况": ["基本情况", ("学校概况", "Heading 2"), *BODY, '{{ 插图("校园") }}', ("办学条件", "Heading 2"),
                 ("校舍", "Heading 3"), *BODY, '{{ 表格("学校情况") }}'],
    "人才培养": ["人才培养", ("立德树人", "Heading 2"), *BODY, '{{ 插图("校园2", "操场") }}', ("在校体验", "Heading 2"),
                 *BODY, '{{ 表格("学校情况2") }}'],
    "附表": [("附表", "附录标题"), '{{ 表格("计分卡") }}', '{{ 表格("资源表") }}'],
}
MASTER = ["{{ 目录() }}", '{{ 图目录("附图目录") }}', "{{ 表目录() }}", "{{ 附表目录() }}", ("前 言", "前言标题"),
          "前言正文。"]
TABLES = [("学校情况", "表1", "学校情况表", 2, "", "", "表"), ("学校情况2", "表1", "学校情况表", 2, "", "", "表"),
          ("计分卡", "表1", "人才培养质量计分卡", 2, "", "", "附表"),
          ("资源表", "表1", "教学资源表", 2, "", "", "附表")]
FIGURES = [("校园", "照片", "data/图片/校园.jpg", "校园一角", 10, None, None),
           ("校园2", "照片", "data/图片/校园.jpg", "校园一角", 10, None, None),
           ("操场", "照片", "data/图片/校园.jpg", "操场", 6, None, None)]
PROFILE = 'caption_numbering = "chapter"\ncaption_label_space = false\nheading_outline = "decimal"'


def school_like(root, master=MASTER, profile=PROFILE):
    project = make_project(root, sections=SECTIONS, master=master, tables=TABLES, figures=FIGURES, profile=profile)
    path = project / "data" / "数据.xlsx"
    book = openpyxl.load_workbook(path)
    book["表格清单"]["G1"] = "类型"
    book.save(path)
    return project


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    require_libreoffice()
    root = tmp_path_factory.mktemp("contents")
    project = school_like(root)
    result = run_cli("build", str(project))
    assert result.exit_code == 0, result.output
    draft = project / "output" / "测试报告.docx"
    return result.output, draft, pdf_pages(to_pdf(draft, root))


def test_lists_are_filled_in_with_the_entries_of_each_kind(built):
    output, _, pages = built
    assert no_warnings(output)
    lists = list_entries(pages)
    assert [text for text, _ in lists["目录"]] == [
        "前言", "1基本情况", "1.1学校概况", "1.2办学条件", "2人才培养", "2.1立德树人", "2.2在校体验", "附表"]
    assert [text for text, _ in lists["附图目录"]] == ["图1-1校园一角", "图2-1校园一角", "图2-2操场"]
    assert [text for text, _ in lists["表目录"]] == ["表1-1学校情况表", "表2-1学校情况表"]
    assert [text for text, _ in lists["附表目录"]] == ["附表1人才培养质量计分卡", "附表2教学资源表"]


def test_every_page_number_is_the_folio_of_the_page_the_entry_stands_on(built):
    _, _, pages = built
    assert entry_pages_match_folios(pages) == 15


def test_lists_are_word_toc_fields_linked_to_bookmarks(built):
    _, draft, _ = built
    document = docx.Document(draft)
    instructions = [f.instruction.strip() for f in iter_fields(document.element.body) if f.kind == "TOC"]
    assert instructions == ['TOC \\o "1-2" \\h \\z \\u', 'TOC \\h \\z \\c "图"', 'TOC \\h \\z \\c "表"',
                            'TOC \\h \\z \\c "附表"']
    bookmarks = {b.get(qn("w:name")) for b in document.element.body.iter(qn("w:bookmarkStart"))}
    pagerefs = [f.argument for f in iter_fields(document.element.body) if f.kind == "PAGEREF"]
    assert len(pagerefs) == 15 and set(pagerefs) <= bookmarks
    links = [h.get(qn("w:anchor")) for h in document.element.body.iter(qn("w:hyperlink"))]
    assert links == pagerefs
    styles = {p.style.name for p in document.paragraphs if p.style.name.startswith(("toc", "table of"))}
    assert styles == {"toc 1", "toc 2", "table of figures"}
    settings = document.settings.element
    assert settings.find(qn("w:updateFields")) is None  # no prompt on opening: the numbers are right


def test_the_title_of_a_list_is_not_listed(built):
    _, draft, _ = built
    title = [p for p in docx.Document(draft).paragraphs if p.text == "目录"]
    assert len(title) == 1 and title[0].style.name == "目录标题"
    assert title[0]._p.find(f"{qn('w:pPr')}/{qn('w:outlineLvl')}") is None


def test_without_libreoffice_the_build_warns_and_leaves_page_numbers_empty(tmp_path):
    project = school_like(tmp_path, profile=PROFILE + "\nupdate_fields_on_open = true")
    result = run_cli("build", str(project), env={"PATH": str(tmp_path / "no-such-bin")})
    assert result.exit_code == 0, result.output
    assert "目录中的页码空着" in result.output and "F9" in result.output
    document = docx.Document(project / "output" / "测试报告.docx")
    results = [f.result_runs for f in iter_fields(document.element.body) if f.kind == "PAGEREF"]
    assert len(results) == 15
    assert all("".join(t.text or "" for r in runs for t in r.iter(qn("w:t"))) == "" for runs in results)
    update = document.settings.element.find(qn("w:updateFields"))
    assert update is not None and update.get(qn("w:val")) == "true"


def test_a_rebuild_lays_out_again_only_what_changed(tmp_path):
    """A layout pass over a document laid out before is remembered: an unchanged rebuild starts no
    LibreOffice and writes the same page numbers; a changed table cell lays out anew."""
    require_libreoffice()
    project = school_like(tmp_path)
    bin_dir, log = tmp_path / "bin", tmp_path / "soffice.log"
    bin_dir.mkdir()
    (bin_dir / "soffice").write_text(f'#!/bin/sh\necho run >> "{log}"\nexec "{soffice()}" "$@"\n')
    (bin_dir / "soffice").chmod(0o755)
    env = {"PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}"}
    draft = project / "output" / "测试报告.docx"

    def build() -> tuple[int, list]:
        before = len(log.read_text().splitlines()) if log.exists() else 0
        result = run_cli("build", "--force", str(project), env=env)
        assert result.exit_code == 0 and no_warnings(result.output), result.output
        return len(log.read_text().splitlines()) - before, list_entries(pdf_pages(to_pdf(draft, tmp_path)))

    passes, entries = build()
    assert passes >= 1 and entries["目录"]
    assert build() == (0, entries)
    path = project / "data" / "数据.xlsx"
    book = openpyxl.load_workbook(path)
    book["表1"]["A3"] = "改过的单元格"
    book.save(path)
    assert build()[0] >= 1


def test_levels_and_titles_from_arguments(tmp_path):
    project = school_like(tmp_path, master=['{{ 目录("目　　录", 层级=3) }}', ("前 言", "前言标题")])
    result = run_cli("build", str(project))
    assert result.exit_code == 0, result.output
    texts = [p.text for p in docx.Document(project / "output" / "测试报告.docx").paragraphs]
    assert "目　　录" in texts
    entries = [t.split("\t")[0] for t in texts if "\t" in t]
    assert "1.2.1 校舍" in entries  # a third level


@pytest.mark.parametrize("tag, message", [
    ("{{ 目录(层级=9) }}", "目录() 的层级“9”不可用"),
    ('{{ 图目录(层级=2) }}', "图目录() 没有参数“层级”"),
    ("{{ 目录(标题='') }}", "目录() 的标题应为非空的文字"),
    ("前言{{ 目录() }}", "目录() 须单独占正文中的一段"),
])
def test_bad_list_tags_are_reported_by_check_and_build(tmp_path, tag, message):
    project = school_like(tmp_path, master=[tag, ("前 言", "前言标题")])
    for command in ("check", "build"):
        result = run_cli(command, str(project))
        assert result.exit_code != 0 and message in result.output and "总模板.docx" in result.output, result.output
    assert not (project / "output" / "测试报告.docx").exists()


@pytest.mark.parametrize("numbers, first_folios", [("roman", ["I"]), ("none", [None])])
def test_list_pages_numbered_apart_and_the_body_from_one(tmp_path, numbers, first_folios):
    require_libreoffice()
    project = school_like(tmp_path, profile=PROFILE + f'\nlist_page_numbers = "{numbers}"')
    break_section_after(project / "templates" / "总模板.docx", "{{ 附表目录() }}")
    result = run_cli("build", str(project))
    assert result.exit_code == 0 and no_warnings(result.output), result.output
    pages = pdf_pages(to_pdf(project / "output" / "测试报告.docx", tmp_path))
    lists = list_entries(pages)
    list_pages = [i for i, page in enumerate(pages) if any(LIST_ENTRY.match(line) for line in page.splitlines())]
    assert list_pages == [1]  # after the cover
    assert [folio(pages[i]) for i in list_pages] == first_folios
    assert folio(pages[2]) == "1" and "前言" in squash(pages[2])  # the body starts again at 1
    assert lists["目录"][0] == ("前言", "1")
    for text, number in lists["目录"]:
        page = next(i for i in range(2, len(pages)) if any(text == squash(line) for line in pages[i].splitlines()))
        assert folio(pages[page]) == number


def test_lists_sharing_a_section_with_the_body_are_numbered_on_with_a_warning(tmp_path):
    project = school_like(tmp_path, profile=PROFILE + '\nlist_page_numbers = "roman"')
    result = run_cli("build", str(project))
    assert result.exit_code == 0 and "目录与正文在同一节中" in result.output and "分节符" in result.output


def test_an_entry_on_a_page_without_a_number_is_named_in_a_warning(tmp_path):
    """The cover's title given an outline level in the template: listed, on a page that prints no number."""
    require_libreoffice()
    project = school_like(tmp_path, master=["{{ 目录() }}", ("前 言", "前言标题"), "前言正文。"])
    master_path = project / "templates" / "总模板.docx"
    master = docx.Document(master_path)
    master.paragraphs[0]._p.get_or_add_pPr().append(parse_xml(f'<w:outlineLvl {nsdecls("w")} w:val="0"/>'))
    master.save(master_path)
    result = run_cli("build", str(project))
    assert result.exit_code == 0, result.output
    assert "1 个目录条目所在的页面不印页码，其页码空着：测试报告" in result.output
