"""Building small projects end to end and reading the draft back."""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
from pathlib import Path

import docx
import pytest
from PIL import Image
from conftest import run_cli
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn


def _texts(path):
    return [p.text for p in docx.Document(path).paragraphs]


def test_build_writes_draft_and_summary(small_project):
    project = small_project()
    result = run_cli("build", str(project))
    assert result.exit_code == 0, result.output
    assert "完成：1 个章节，1 个表格，1 幅插图，" in result.output
    texts = _texts(project / "output" / "测试报告.docx")
    assert "全市共有学校 15 所，就业率 99.32%。" in texts
    assert "表 1 学校情况表" in texts and "图 1 校园一角" in texts


def test_values_are_escaped_and_arrive_intact(small_project):
    project = small_project(title="A & B <c> '引号' 报告")
    assert run_cli("build", str(project)).exit_code == 0
    texts = _texts(project / "output" / "A & B _c_ '引号' 报告.docx")  # a file name Windows accepts
    assert "A & B <c> '引号' 报告" in texts


def test_draft_keeps_the_writers_styles_and_drops_unused_built_ins(small_project):
    project = small_project()
    master = project / "templates" / "总模板.docx"
    document = docx.Document(master)
    document.styles.add_style("局内正文", WD_STYLE_TYPE.PARAGRAPH)  # the writer's own, not used yet
    document.save(master)
    assert run_cli("build", str(project)).exit_code == 0

    names = {style.name for style in docx.Document(project / "output" / "测试报告.docx").styles}
    assert "局内正文" in names
    assert {"Heading 1", "Heading 1 Char"} <= names  # used, with its linked character style
    # python-docx's template marks "Quote Char" etc. as custom, like Word does; unused, they go.
    assert not names & {"Heading 5", "Heading 5 Char", "Quote", "Quote Char", "Body Text 2 Char"}


def test_merged_header_cells_are_merged_in_word(small_project):
    project = small_project()
    run_cli("build", str(project))
    table = docx.Document(project / "output" / "测试报告.docx").tables[0]
    tcs = table._tbl.findall(f".//{qn('w:tc')}")
    spans = [tc.tcPr.find(qn("w:gridSpan")) for tc in tcs if tc.tcPr is not None]
    assert any(s is not None and s.get(qn("w:val")) == "2" for s in spans)  # 办学性质 over 公办/民办
    assert table.cell(0, 0).text == table.cell(1, 0).text == "类别"  # vertical merge
    assert [c.text for c in table.rows[2].cells] == ["中职学校", "15", "8", "7"]
    header = table.rows[0]._tr.trPr.find(qn("w:tblHeader"))
    assert header is not None


def _shown_alignment(paragraph):
    """The alignment Word shows: the paragraph's own, else its style's, else the styles it is based on."""
    if paragraph.alignment is not None:
        return paragraph.alignment
    style = paragraph.style
    while style is not None and style.paragraph_format.alignment is None:
        style = style.base_style
    return None if style is None else style.paragraph_format.alignment


def test_numbers_in_tables_are_aligned_as_the_profile_says_and_text_is_centred(small_project):
    for setting, numbers in (("", WD_ALIGN_PARAGRAPH.RIGHT), ('table_number_align = "left"', WD_ALIGN_PARAGRAPH.LEFT),
                             ('table_number_align = "center"', WD_ALIGN_PARAGRAPH.CENTER)):
        project = small_project(profile=setting)
        assert run_cli("build", "--force", str(project)).exit_code == 0
        table = docx.Document(project / "output" / "测试报告.docx").tables[0]
        shown = [[_shown_alignment(cell.paragraphs[0]) for cell in row.cells] for row in table.rows]
        center = WD_ALIGN_PARAGRAPH.CENTER
        assert shown == [[center] * 4, [center] * 4, [center, numbers, numbers, numbers]], setting


def test_table_caption_position_follows_profile(small_project):
    for position, expect_caption_first in (("above", True), ("below", False)):
        project = small_project(table_caption=position)
        run_cli("build", str(project))
        body = docx.Document(project / "output" / "测试报告.docx").element.body
        kinds = [("caption" if "表 1" in "".join(t.text or "" for t in el.iter(qn("w:t"))) and el.tag == qn("w:p")
                  else el.tag.split("}")[1]) for el in body]
        assert (kinds.index("caption") < kinds.index("tbl")) == expect_caption_first


def test_numbers_run_through_sections_in_order(small_project):
    def section(n):  # each table and figure is inserted once: two of each, alike
        return ["章", f'{{{{ 插图("校园{n}") }}}}', f'{{{{ 表格("学校情况{n}") }}}}', f'{{{{ 插图("校园{n + 1}") }}}}']
    project = small_project(
        sections={"甲": section(1), "乙": section(3)},
        tables=[(f"学校情况{n}", "表1", "学校情况表", 2, "", "") for n in (1, 3)],
        figures=[(f"校园{n}", "照片", "data/图片/校园.jpg", "校园一角", 12, None, None) for n in range(1, 5)])
    assert run_cli("build", str(project)).exit_code == 0
    captions = [t for t in _texts(project / "output" / "测试报告.docx") if t[:2] in ("图 ", "表 ")]
    assert captions == ["图 1 校园一角", "表 1 学校情况表", "图 2 校园一角",
                        "图 3 校园一角", "表 2 学校情况表", "图 4 校园一角"]
    # Reordering the sections renumbers; a section alone keeps its numbers in the whole report.
    result = run_cli("build", str(project), "--section", "乙")
    assert result.exit_code == 0, result.output
    alone = [t for t in _texts(project / "output" / "测试报告-乙.docx") if t[:2] in ("图 ", "表 ")]
    assert alone == ["图 3 校园一角", "表 2 学校情况表", "图 4 校园一角"]


def test_a_sections_draft_and_the_whole_reports_share_their_folder(small_project):
    """Each draft written in output/ keeps its own fingerprint: building one section does not make the
    whole report's draft look edited (and refused) at its next build, nor the other way round."""
    project = small_project(sections={"甲": ["章", "甲的文字。"], "乙": ["章", "乙的文字。"]})
    for args in ([], ["--section", "乙"], [], ["--section", "乙"]):
        result = run_cli("build", str(project), *args)
        assert result.exit_code == 0, result.output
    assert sorted(path.name for path in (project / "output").glob("*.docx")) == ["测试报告-乙.docx", "测试报告.docx"]


def test_a_draft_opened_in_word_during_the_build_is_not_written_over(small_project, monkeypatch):
    """The check at the start of a build is made again just before the draft is written: an editor who
    opens the draft in Word while it builds keeps it as it was, and is told why."""
    from reportgen import build

    project = small_project()
    assert run_cli("build", str(project)).exit_code == 0
    draft = project / "output" / "测试报告.docx"
    before = draft.read_bytes()
    laid_out = build.set_page_count

    def opened_meanwhile(document, pages):
        (draft.parent / "~$测试报告.docx").write_bytes(b"editor")
        return laid_out(document, pages)
    monkeypatch.setattr(build, "set_page_count", opened_meanwhile)
    result = run_cli("build", str(project))
    assert result.exit_code == 1, result.output
    assert "草稿正在 Word、WPS 或 LibreOffice 中打开（有锁定文件 ~$测试报告.docx）" in result.output
    assert draft.read_bytes() == before


def test_a_title_becomes_a_file_name_every_system_takes():
    """Characters Windows refuses become _, and a name neither starts nor ends with a point or a space
    (a hidden file on Linux; Windows drops a last point), even where it is shortened."""
    from reportgen.output import MAX_STEM, safe_filename

    assert safe_filename('2025年度"质量"报告:终稿?（全文）') == "2025年度_质量_报告_终稿_（全文）"
    assert safe_filename(". 年度报告 .") == "年度报告"
    assert safe_filename("甲" * (MAX_STEM - 2) + " .乙丙") == "甲" * (MAX_STEM - 2)
    assert safe_filename(" . ") == "报告"


def test_unknown_section_is_a_clear_error(small_project):
    result = run_cli("build", str(small_project()), "--section", "不存在")
    assert result.exit_code != 0
    assert "没有章节“不存在”" in result.output and "概况" in result.output


def test_failed_build_leaves_previous_draft_untouched(small_project):
    project = small_project()
    assert run_cli("build", str(project)).exit_code == 0
    draft = project / "output" / "测试报告.docx"
    before = draft.read_bytes()
    (project / "data" / "图片" / "校园.jpg").unlink()
    result = run_cli("build", str(project))
    assert result.exit_code != 0
    assert "找不到图片文件 data/图片/校园.jpg" in result.output
    assert draft.read_bytes() == before
    assert not [p for p in draft.parent.iterdir() if p.name.startswith(".~reportgen")]  # no temp leftovers


def test_edited_draft_is_not_overwritten_without_force(small_project):
    project = small_project()
    assert run_cli("build", str(project)).exit_code == 0
    draft = project / "output" / "测试报告.docx"
    document = docx.Document(draft)
    document.add_paragraph("编辑加的修订")
    document.save(draft)
    edited = draft.read_bytes()
    result = run_cli("build", str(project))
    assert result.exit_code != 0 and "被修改过" in result.output and "--force" in result.output
    assert "reportgen compare" in result.output  # the way to see what the edits left out of step
    assert draft.read_bytes() == edited
    result = run_cli("build", str(project), "--force")
    assert result.exit_code == 0 and "已备份为" in result.output
    backups = list(draft.parent.glob("测试报告.备份-*.docx"))
    assert len(backups) == 1 and backups[0].read_bytes() == edited
    assert re.fullmatch(r"测试报告\.备份-\d{8}-\d{6}\.docx", backups[0].name)  # dated, to the second
    assert "编辑加的修订" not in _texts(draft)
    assert run_cli("build", str(project)).exit_code == 0  # unchanged since written: rebuild freely


def test_draft_open_in_word_is_reported(small_project):
    project = small_project()
    assert run_cli("build", str(project)).exit_code == 0
    lock = project / "output" / "~$测试报告.docx"
    lock.write_bytes(b"owner")
    result = run_cli("build", str(project))
    assert result.exit_code != 0 and "正在 Word" in result.output and "关闭" in result.output


def test_the_draft_can_be_read_by_others_as_any_new_file_and_keeps_its_permissions(small_project):
    """Drafts sit in shared folders: a new one gets the umask's permissions, a rebuilt one keeps its own."""
    import os
    import stat

    project = small_project()
    umask = os.umask(0o022)
    try:
        assert run_cli("build", str(project)).exit_code == 0
        draft = project / "output" / "测试报告.docx"
        assert stat.S_IMODE(draft.stat().st_mode) == 0o644
        draft.chmod(0o664)  # the office's group may edit it
        assert run_cli("build", str(project)).exit_code == 0
        assert stat.S_IMODE(draft.stat().st_mode) == 0o664
    finally:
        os.umask(umask)


def test_damaged_cache_entries_are_made_again_and_change_nothing(small_project):
    """What output/.reportgen-cache keeps (prepared photos, compiled templates, layout passes) only saves
    time: entries cut short or overwritten by another program are made again."""
    project = small_project(
        sections={"概况": ["概况", '{{ 插图("校园") }}', '{{ 插图("分布") }}']},
        figures=[("校园", "照片", "data/图片/校园.jpg", "校园一角", 12, None, None),
                 ("分布", "图表", "图表数据", "专业分布", 12, "柱形图", None)],
        extra_sheets={"表1": ([["类别", "合计"], ["中职学校", 15]], []),
                      "图表数据": ([["专业", "人数"], ["护理", 30], ["数控", 20]], [])})
    assert run_cli("build", str(project)).exit_code == 0
    draft = project / "output" / "测试报告.docx"
    before = [p.text for p in docx.Document(draft).paragraphs]
    charts = [part.blob for part in docx.Document(draft).part.package.parts if part.partname.endswith(".xml")
              and "/charts/" in part.partname]
    assert charts
    pictures = [part.blob for part in docx.Document(draft).part.package.parts if part.content_type.startswith("image/")]
    entries = [path for path in (project / "output" / ".reportgen-cache").rglob("*") if path.is_file()]
    assert any(path.suffix == ".code" for path in entries)
    for path in entries:
        path.write_bytes(b"\x00garbage")
    result = run_cli("build", "--force", str(project))
    assert result.exit_code == 0, result.output
    assert [p.text for p in docx.Document(draft).paragraphs] == before
    assert [part.blob for part in docx.Document(draft).part.package.parts
            if part.content_type.startswith("image/")] == pictures
    assert [part.blob for part in docx.Document(draft).part.package.parts if part.partname.endswith(".xml")
            and "/charts/" in part.partname] == charts


def test_prepared_photos_cut_short_in_the_cache_are_made_again(small_project):
    """A prepared photo in the cache that starts as a JPEG or PNG does but was cut short (a disk full, a
    copy stopped halfway) is made again, never placed half."""
    project = small_project(
        sections={"概况": ["概况", '{{ 插图("校园") }}', '{{ 插图("图标") }}']},
        figures=[("校园", "照片", "data/图片/校园.jpg", "校园一角", 12, None, None),
                 ("图标", "照片", "data/图片/图标.png", "校徽", 6, None, None)])
    Image.new("RGBA", (400, 400), (200, 30, 30, 128)).save(project / "data" / "图片" / "图标.png")
    assert run_cli("build", str(project)).exit_code == 0
    draft = project / "output" / "测试报告.docx"

    def pictures() -> list[bytes]:
        return sorted(part.blob for part in docx.Document(draft).part.package.parts
                      if part.content_type.startswith("image/"))
    before = pictures()
    assert sorted(blob[:2] for blob in before) == [b"\x89P", b"\xff\xd8"]  # a PNG and a JPEG
    entries = [path for path in (project / "output" / ".reportgen-cache").rglob("*")
               if path.suffix in (".jpg", ".png")]
    assert len(entries) == 2
    for path in entries:
        path.write_bytes(path.read_bytes()[:path.stat().st_size // 2])
    result = run_cli("build", "--force", str(project))
    assert result.exit_code == 0, result.output
    assert pictures() == before


def test_backups_made_within_one_second_are_numbered_on(tmp_path, monkeypatch):
    """Three forced writes over an edited draft in the same second keep three backups: the first
    dated, the next numbered -2 and -3 (never one over another)."""
    import datetime as dt
    import types

    from reportgen import output

    class Frozen(dt.datetime):
        @classmethod
        def now(cls, tz=None):
            return cls(2026, 12, 7, 9, 30, 5)

    monkeypatch.setattr(output, "dt", types.SimpleNamespace(datetime=Frozen))  # this module's clock only
    target = tmp_path / "草稿.docx"
    for edit in ("一", "二", "三"):
        target.write_bytes(f"编辑改过的草稿{edit}".encode())  # changed since written: a backup is due
        output.write_draft(docx.Document(), target, force=True)
    backups = {p.name: p.read_bytes().decode() for p in tmp_path.glob("草稿.备份-*.docx")}
    assert backups == {"草稿.备份-20261207-093005.docx": "编辑改过的草稿一",
                       "草稿.备份-20261207-093005-2.docx": "编辑改过的草稿二",
                       "草稿.备份-20261207-093005-3.docx": "编辑改过的草稿三"}


def _ledger_marks_updated(project: Path) -> None:
    """The record as `reportgen update` leaves it: the draft's fingerprint, marked updated."""
    ledger = project / "output" / ".reportgen-drafts.json"
    draft = project / "output" / "测试报告.docx"
    entries = json.loads(ledger.read_text(encoding="utf-8"))
    entries[draft.name] = {"sha256": hashlib.sha256(draft.read_bytes()).hexdigest(), "updated": True}
    ledger.write_text(json.dumps(entries), encoding="utf-8")


_FOLDER_FIX = "删去或改名这个文件，或在 reportgen.toml 的 [output] dir 中指定其他文件夹"
_EDITED_FIX = ("运行 reportgen compare 查看草稿中哪些数值与工作簿不一致，reportgen update 把新数值写入草稿；"
               "或用 -o 写到新文件；确需覆盖时加 --force（会先保留一份带日期的备份）")


@pytest.mark.parametrize("setup, args, place, message, fix", [
    (None, ["-o", "{p}/草稿.doc"], "{p}/草稿.doc", "草稿的文件名应以 .docx 结尾",
     "改为如 -o 草稿.docx（Word 文档只能存为 .docx）"),
    (lambda p: (p / "稿.docx").mkdir(), ["-o", "{p}/稿.docx"], "{p}/稿.docx", "这里是一个文件夹，不能写入草稿",
     "用 -o 指定一个文件名，如 -o output/草稿.docx"),
    (None, ["-o", "{p}/reportgen.toml/稿.docx"], "{p}/reportgen.toml", "这是一个文件，不是文件夹，无法在其中保存草稿",
     _FOLDER_FIX),
    (lambda p: [(p / "output" / name).write_bytes(b"editor") for name in ("~$测试报告.docx", ".~lock.测试报告.docx#")],
     [], "{p}/output/测试报告.docx", "草稿正在 Word、WPS 或 LibreOffice 中打开（有锁定文件 ~$测试报告.docx、.~lock.测试报告.docx#）",
     "先关闭该文件再重新生成；若已经关闭（如 Word 曾异常退出），删去上述锁定文件；或用 -o 另存为其他文件名"),
    (lambda p: (p / "output" / ".reportgen-drafts.json").write_text("{不是 JSON"), [], "{p}/output/测试报告.docx",
     "无法确认草稿是否被编辑改过：记录草稿指纹的文件 .reportgen-drafts.json 已损坏",
     "确认草稿中没有要保留的修改后加 --force 重新生成（会先保留一份带日期的备份）；或用 -o 写到新文件"),
    (_ledger_marks_updated, [], "{p}/output/测试报告.docx",
     "这份草稿含编辑的修订（reportgen update 更新过其中的数值），未覆盖",
     "运行 reportgen update 把工作簿的新数值写入草稿；确需重新生成时加 --force（会先保留一份带日期的备份），或用 -o 写到新文件"),
    (lambda p: (p / "output" / "测试报告.docx").open("ab").write(b"\0"), [], "{p}/output/测试报告.docx",
     "该文件在 reportgen 生成之后被修改过（可能有编辑的修订），未覆盖", _EDITED_FIX),
    (None, ["-o", "{p}/" + "长" * 100 + ".docx"], "{p}/" + "长" * 100 + ".docx", "无法使用这个位置（文件名或路径太长）",
     "用 -o 指定较短的路径或其他文件夹"),
    (None, ["--section", "不存在"], "--section", "没有章节“不存在”", "可用：概况，或章节序号"),
], ids=["not docx", "a folder", "under a file", "open in Word", "record damaged", "updated", "edited",
        "name too long", "no such section"])
def test_each_reason_a_draft_is_not_written_is_said_with_its_place_and_fix(small_project, setup, args, place,
                                                                         message, fix):
    project = small_project()
    assert run_cli("build", str(project)).exit_code == 0
    draft = project / "output" / "测试报告.docx"
    if setup is not None:
        setup(project)
    before = draft.read_bytes()
    result = run_cli("build", str(project), *[arg.format(p=project) for arg in args])
    assert result.exit_code == 1, result.output
    assert (f"发现 1 个错误、0 个警告，未生成草稿：\n  [错误] {place.format(p=project)}：{message}\n"
            f"        处理办法：{fix}\n") in result.output
    assert draft.read_bytes() == before


def test_a_folder_that_takes_no_file_is_said_with_its_fix(small_project):
    project = small_project()
    folder = project / "只读"
    folder.mkdir()
    if os.geteuid():
        folder.chmod(0o555)
    elif subprocess.run(["chattr", "+i", str(folder)], capture_output=True).returncode != 0:
        pytest.skip("cannot make a folder unwritable here (root, without chattr)")
    try:
        result = run_cli("build", str(project), "-o", str(folder / "稿.docx"))
    finally:
        subprocess.run(["chattr", "-i", str(folder)], capture_output=True)
        folder.chmod(0o755)
    assert result.exit_code == 1, result.output
    assert (f"  [错误] {folder}：无法在这个文件夹中写入文件（没有写入权限，或磁盘只读）\n"
            "        处理办法：换一个有写入权限的文件夹（用 -o 或 reportgen.toml 的 [output] dir），或请管理员开放权限\n"
            ) in result.output
