"""The draft's own structure kept true through an office's save and through `update` run again.

An office that opens and saves the draft may drop what the numbering rests on (LibreOffice drops the
chapter switches `\\s 1 \\r 1` of every SEQ caption field; the school report, numbered by chapter, then
prints 图2-4 … 图6-17 once fields are updated) and writes things the schema forbids; editors move and
delete figures, leaving the 附图目录 out of step.  `compare` must report each of these, `update` must put
them right, and a second `update` must find nothing more to do (no file written).  The LibreOffice
sessions are real: LibreOffice driven through UNO (as tests/uno_edit.py), saving as .docx.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from pathlib import Path

import docx
import openpyxl
import pytest
from conftest import pdf_pages, require_libreoffice, run_cli, soffice, to_pdf
from docx.oxml.ns import qn
from test_revise import _uno_python, audit

from reportgen.oxml.revisions import accept_revisions
from reportgen.oxml.text import text_of

TESTS = Path(__file__).resolve().parent
BROKEN = ("错误！未找到引用源", "Error: Reference source not found", "Error! Reference source not found")

# An editor's session in LibreOffice: open the draft, optionally add a table of their own and insert a row
# into it with Track Changes on (a tracked row insertion) and make a paragraph a list item and back, and
# save as .docx.
SESSION = """
import sys
sys.path.insert(0, sys.argv[1])
import uno
from pathlib import Path
from uno_edit import connect, paragraphs, prop, starting
from com.sun.star.text.ControlCharacter import PARAGRAPH_BREAK

soffice, draft, profile, edit = sys.argv[2:6]
process, context = connect(soffice, profile)
try:
    desktop = context.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", context)
    url = uno.systemPathToFileUrl(str(Path(draft).resolve()))
    document = desktop.loadComponentFromURL(url, "_blank", 0, (prop("Hidden", True),))
    if edit == "row":
        text = document.Text
        table = document.createInstance("com.sun.star.text.TextTable")
        table.initialize(2, 2)
        text.insertTextContent(text.createTextCursorByRange(starting(document, "学校现有教职工").getEnd()), table,
                               False)
        table.getCellByName("A1").setString("编辑自己的表")
        document.RecordChanges = True
        table.Rows.insertByIndex(1, 1)
        table.getCellByName("A2").setString("编辑插入的行")
        document.RecordChanges = False
        listed = starting(document, "学校现有教职工")
        listed.NumberingStyleName = "List 1"  # made a list item and back: LibreOffice writes w:numId 0
        listed.NumberingStyleName = ""
    if edit == "move":  # with 修订 on: 图1-2 (a chart) cut with its caption and pasted a section on, and a
        document.RecordChanges = True  # paragraph of values cut and pasted into the next section
        text, controller = document.Text, document.getCurrentController()

        def cut(first, last):
            cursor = text.createTextCursorByRange(first.getStart())
            cursor.gotoRange(last.getEnd(), True)
            controller.select(cursor)
            clip = controller.getTransferable()
            cursor.setString("")
            return clip

        def paste_after(clip, paragraph):
            cursor = text.createTextCursorByRange(paragraph.getEnd())
            text.insertControlCharacter(cursor, PARAGRAPH_BREAK, False)
            controller.select(cursor)
            controller.insertTransferable(clip)

        shown = [(q, q.getString().replace("\u2011", "-")) for q in paragraphs(document)]
        at = next(i for i, (q, t) in enumerate(shown) if t.startswith("图1-2 ") and shown[i - 1][1] == "")
        paste_after(cut(shown[at - 1][0], shown[at][0]), starting(document, "学校生源以本县"))
        values = starting(document, "学校组织涉农专业教师")
        paste_after(cut(values, values), starting(document, "学校面向中小学开放实训基地"))
    document.storeToURL(url, (prop("FilterName", "MS Word 2007 XML"),))
    document.close(True)
finally:
    try:
        desktop.terminate()
    except Exception:
        pass
    process.wait(timeout=60)
"""


def save_in_libreoffice(draft: Path, profile: Path, edit: str = "") -> None:
    require_libreoffice()
    result = subprocess.run([_uno_python(), "-c", SESSION, str(TESTS), soffice(), str(draft), str(profile),
                             edit], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr


def _instructions(path: Path, kind: str = "SEQ") -> list[str]:
    """The instructions of the fields of `kind` (SEQ, TOC), in document order, spaces normalised."""
    body = docx.Document(path).element.body
    codes, current = [], None
    for run in body.iter(qn("w:r")):
        kind = run.find(qn("w:fldChar"))
        if kind is not None and kind.get(qn("w:fldCharType")) == "begin":
            current = []
        elif kind is not None and current is not None:
            code = " ".join("".join(current).split())
            if code.split()[:1] == [kind]:
                codes.append(code)
            current = None
        elif current is not None:
            current += [t.text or "" for t in run.iter(qn("w:instrText"))]
    return codes


def _captions(path: Path, label: str) -> list[str]:
    """The caption numbers ("图1-1") of `label`'s captions, in document order, as a reader sees them."""
    shown = [text_of(p) for p in _caption_paragraphs(docx.Document(path))]
    return [m.group(0) for text in shown if (m := re.match(rf"{label}\d+-\d+(?!\d)", text))]


def _caption_paragraphs(document) -> list:
    """The captions of a draft reportgen wrote, in table cells too (figures side by side)."""
    style = document.styles["Caption"].style_id
    return [p for p in document.element.body.iter(qn("w:p")) if p.style == style]


def _accepted_pdf(draft: Path, folder: Path) -> str:
    """The draft's text as printed once every revision is accepted (LibreOffice computes the SEQ and REF
    fields again as it opens the draft, as Word does when fields are updated)."""
    document = docx.Document(draft)
    accept_revisions(document.element.body)
    folder.mkdir(exist_ok=True)
    accepted = folder / draft.name
    document.save(accepted)
    return "\n".join(pdf_pages(to_pdf(accepted, folder)))


def _numbers_printed(text: str, label: str) -> set[str]:
    """Every "图2-1" printed (captions, references, list entries); a hyphen may be U+2011."""
    pattern = rf"(?<![\w\-‑]){label}\s*(\d+)\s*[-‑]\s*(\d+)(?![\d\-‑])"
    return {f"{label}{chapter}-{number}" for chapter, number in re.findall(pattern, text)}


def _update_twice(project: Path, draft: Path) -> str:
    """`update`, then `update` again: the second finds nothing to do and writes nothing."""
    first = run_cli("update", str(project), "--draft", str(draft))
    assert first.exit_code == 0, first.output
    written = draft.read_bytes()
    second = run_cli("update", str(project), "--draft", str(draft))
    assert second.exit_code == 0, second.output
    assert "未改动草稿" in second.output, second.output
    assert draft.read_bytes() == written
    again = run_cli("compare", str(project), "--draft", str(draft))
    assert again.exit_code == 0 and "草稿与工作簿一致" in again.output, again.output
    return first.output


@pytest.fixture
def school_copy(school_dir, school_draft, tmp_path) -> Path:
    draft = tmp_path / "草稿" / school_draft.name
    draft.parent.mkdir()
    shutil.copy2(school_draft, draft)
    return draft


def test_a_libreoffice_save_keeps_the_chapter_numbering(school_dir, school_copy, tmp_path):
    """Open and save in LibreOffice (with a tracked row insertion in a table of the editor's own): every
    SEQ field's chapter switches are reported and restored, and the printed numbers run by chapter."""
    draft = school_copy
    built, lists = _instructions(draft), _instructions(draft, "TOC")
    figures, tables = _captions(draft, "图"), _captions(draft, "表")
    assert len(figures) == 17 and figures[3] == "图2-1" and len(tables) == 4
    save_in_libreoffice(draft, tmp_path / "lo", "row")
    assert all("\\s" not in code and "\\r" not in code for code in _instructions(draft))  # what LibreOffice did
    assert audit(draft)  # and it wrote against the schema

    result = run_cli("compare", str(school_dir), "--draft", str(draft))
    assert result.exit_code != 0
    lines = [line.strip() for line in result.output.splitlines() if line.startswith("  [")]
    assert len(lines) == 23, result.output
    assert sum(line.startswith("[题注编号域]") for line in lines) == 21
    assert "[目录域] “图1-1 河阳县职业教育中心校园全景 2”：目录的域代码为“TOC \\c \"图\"”，应为“TOC \\h \\z \\c \"图\"”" \
        in result.output  # the 附图目录's links, which LibreOffice dropped
    assert ("[题注编号域] 人才培养 “图2-1 “强国有我”主题班会”：编号域为“SEQ 图 \\* ARABIC”，"
            "应为“SEQ 图 \\* ARABIC \\s 1 \\r 1”") in result.output
    assert "“图2-2 技能大赛集训”：编号域为“SEQ 图 \\* ARABIC”，应为“SEQ 图 \\* ARABIC \\s 1”（" in result.output

    output = _update_twice(school_dir, draft)
    assert "[题注编号域]" in output
    assert _instructions(draft) == built
    assert [" ".join(sorted(code.split())) for code in _instructions(draft, "TOC")] == \
        [" ".join(sorted(code.split())) for code in lists]  # the switches, in LibreOffice's order or ours
    # The tracked row's w:ins after its properties, as the schema has it; no needless w:numId 0.
    assert audit(draft) == set()
    printed = _accepted_pdf(draft, tmp_path / "pdf")
    assert _numbers_printed(printed, "图") == set(figures)
    assert _numbers_printed(printed, "表") == set(tables)
    assert not any(text in printed for text in BROKEN)


def _move_and_delete_figures(draft: Path) -> None:
    """An editor's session: 图1-1 deleted with its picture (the sentence pointing to it rewritten), 图1-3
    moved with its picture above 图1-2."""
    document = docx.Document(draft)
    captions = {m.group(0): p for p in _caption_paragraphs(document)
                if (m := re.match(r"图\d+-\d+(?!\d)", text_of(p)))}
    first = captions["图1-1"]
    names = {start.get(qn("w:name")) for start in first.iter(qn("w:bookmarkStart"))}
    for element in (first.getprevious(), first):
        element.getparent().remove(element)
    for paragraph in document.element.body.iter(qn("w:p")):
        _unlink_references(paragraph, names)
    second, third = captions["图1-2"], captions["图1-3"]
    picture = third.getprevious()
    second.getprevious().addprevious(picture)
    picture.addnext(third)
    document.save(draft)


def _unlink_references(paragraph, names: set) -> None:
    """Each REF to one of the bookmarks `names` in `paragraph` replaced by the words "下图"."""
    runs = list(paragraph.iter(qn("w:r")))
    for index, run in enumerate(runs):
        kind = run.find(qn("w:fldChar"))
        if kind is None or kind.get(qn("w:fldCharType")) != "begin":
            continue
        code = "".join(t.text or "" for t in runs[index + 1].iter(qn("w:instrText")))
        if not code.split() or code.split()[0] != "REF" or code.split()[1] not in names:
            continue
        end = next(r for r in runs[index:] if r.find(qn("w:fldChar")) is not None
                   and r.find(qn("w:fldChar")).get(qn("w:fldCharType")) == "end")
        for gone in runs[index:runs.index(end) + 1]:
            if gone is end:
                gone.remove(gone.find(qn("w:fldChar")))
                text = gone.makeelement(qn("w:t"), {})
                text.text = "下图"
                gone.append(text)
            else:
                gone.getparent().remove(gone)
        return


def _list_of_figures(draft: Path) -> list[str]:
    """The 附图目录's entries once revisions are accepted: their text before the page number."""
    document = docx.Document(io.BytesIO(draft.read_bytes()))
    accept_revisions(document.element.body)
    entries = []
    for p in document.element.body.iter(qn("w:p")):
        if any("PAGEREF" in (t.text or "") for t in p.iter(qn("w:instrText"))):
            text = text_of(p)
            if re.match(r"图\d", text):
                entries.append(re.sub(r"\s*\d+$", "", text))
    return entries


def test_a_moved_and_a_deleted_figure_leave_the_lists_in_order_and_updates_converge(school_dir, school_copy,
                                                                                    tmp_path):
    """The 附图目录 keeps neither the deleted figure's entry nor the moved one's out of order; reportgen's
    tracked caption numbers (a w:noBreakHyphen inside its w:del, as Word keeps it) are not read back as
    text; and a LibreOffice save of the updated draft is put right again, once."""
    draft = school_copy
    titles = dict(re.match(r"(图\d+-\d+) (.*)", entry).groups() for entry in _list_of_figures(draft))
    assert len(titles) == 17
    _move_and_delete_figures(draft)
    result = run_cli("compare", str(school_dir), "--draft", str(draft))
    assert result.exit_code != 0
    assert (f"[目录条目] “图1-1 {titles['图1-1']} 2”：所指的题注或标题已删除，update 删去这一条") in result.output, \
        result.output
    assert (f"[目录顺序] “图1-2 {titles['图1-2']} 5”：目录此处为“图1-2 {titles['图1-2']} 5”，按正文的顺序应为"
            f"“图1-3 {titles['图1-3']} 6”") in result.output
    assert f"[题注编号] 基本情况 “图1-3 {titles['图1-3']}”：草稿中为“图1-3”，按顺序应为“图1-1”" in result.output
    assert "[引用失效]" not in result.output

    _update_twice(school_dir, draft)
    body = docx.Document(draft).element.body
    deleted_hyphens = [d for d in body.iter(qn("w:del")) if d.find(".//" + qn("w:noBreakHyphen")) is not None]
    assert deleted_hyphens  # the Word-like case: a reference's old "图1-3" deleted with its hyphen
    assert not body.xpath(".//w:del//w:del")
    expected = [f"图1-1 {titles['图1-3']}", f"图1-2 {titles['图1-2']}",
                *(f"{number} {title}" for number, title in titles.items() if not number.startswith("图1-"))]
    assert _list_of_figures(draft) == expected
    assert audit(draft) == set()

    # The updated draft, its revisions pending, opened and saved in LibreOffice: put right once more.
    save_in_libreoffice(draft, tmp_path / "lo")
    output = _update_twice(school_dir, draft)
    assert "[题注编号域]" in output
    assert audit(draft) == set()
    printed = _accepted_pdf(draft, tmp_path / "pdf")
    assert _numbers_printed(printed, "图") == {n for n in titles if n != "图1-3"}
    assert re.search(rf"图\s*1\s*[-‑]\s*1\s+{re.escape(titles['图1-3'])}", printed)
    assert not any(text in printed for text in BROKEN)


def test_a_caption_bookmark_that_lost_the_number_is_reported_and_put_right(school_dir, school_copy):
    """A cross-reference bookmark ending before the caption's number (references would show "图1-"):
    reported with its place, and update moves its end past the number, once."""
    draft = school_copy
    document = docx.Document(draft)
    caption = next(p for p in _caption_paragraphs(document) if text_of(p).startswith("图1-2 "))
    start = next(s for s in caption.iter(qn("w:bookmarkStart")) if s.get(qn("w:name")).startswith("_Ref"))
    end = next(e for e in caption.iter(qn("w:bookmarkEnd")) if e.get(qn("w:id")) == start.get(qn("w:id")))
    separate = next(r for r in caption.iter(qn("w:r")) if r.find(qn("w:fldChar")) is not None
                    and r.find(qn("w:fldChar")).get(qn("w:fldCharType")) == "separate")
    separate.addnext(end)  # the bookmark now holds "图1-" and the field's code, not its number
    document.save(draft)
    result = run_cli("compare", str(school_dir), "--draft", str(draft))
    assert result.exit_code != 0
    assert (f"[题注书签] 基本情况 “{text_of(caption)}”：交叉引用所指的书签 {start.get(qn('w:name'))} "
            "没有包住整个题注编号") in result.output, result.output
    assert "[交叉引用]" not in result.output  # its references show the whole number once it is put right
    _update_twice(school_dir, draft)
    caption = next(p for p in _caption_paragraphs(docx.Document(draft)) if text_of(p).startswith("图1-2 "))
    children = list(caption)
    end = next(e for e in children if e.tag == qn("w:bookmarkEnd") and e.get(qn("w:id")) == start.get(qn("w:id")))
    field_end = next(r for r in children if r.tag == qn("w:r") and r.find(qn("w:fldChar")) is not None
                     and r.find(qn("w:fldChar")).get(qn("w:fldCharType")) == "end")
    assert children.index(end) == children.index(field_end) + 1
    assert audit(draft) == set()


def test_a_figure_and_a_paragraph_moved_in_libreoffice_with_track_changes_on(school_dir, school_draft, tmp_path):
    """LibreOffice records a cut and paste under 修订 as a move, and pastes the bookmarks as copies
    ("_RefRG144_Copy_1") beside the originals in the moved-from text, and a pasted chart with another
    chart's data.  The moved values are compared and updated in their new place; update gives the
    caption's bookmarks their names back (else the reference and the 附图目录 entry break once the move is
    accepted), writes the chart's own data, numbers the moved caption inside its field, and converges."""
    project = tmp_path / "school"
    shutil.copytree(school_dir, project, ignore=shutil.ignore_patterns("output"))
    draft = tmp_path / "草稿" / school_draft.name
    draft.parent.mkdir()
    shutil.copy2(school_draft, draft)
    save_in_libreoffice(draft, tmp_path / "lo", "move")
    workbook = next((project / "data").glob("*.xlsx"))
    book = openpyxl.load_workbook(workbook)
    row = next(r for r in book["指标"].iter_rows() if r[0].value == "科技服务队数")
    assert row[1].value == 6
    row[1].value = 7
    book.save(workbook)

    result = run_cli("compare", str(project), "--draft", str(draft))
    assert result.exit_code == 1, result.output
    assert ("[数值不一致] 服务贡献 “学校组织涉农专业教师组成 6 支科技服务队，深入乡镇开展技术……”："
            "草稿中为“6”，工作簿现为“7”") in result.output
    assert "（空段落）" not in result.output
    moved = re.findall(r"\[移动的书签\] 基本情况 “图1-4 各专业大类在校生分布”：修订中移动的段落，其书签被改名为 (\S+)，",
                       result.output)
    assert sorted(re.sub(r"\d+", "N", name) for name in moved) == ["_RefRGN_Copy_N", "_TocN_Copy_N"], result.output

    _update_twice(project, draft)
    assert audit(draft) == set()
    body = docx.Document(draft).element.body
    copies = [s.get(qn("w:name")) for s in body.iter(qn("w:bookmarkStart")) if "_Copy_" in s.get(qn("w:name"))]
    assert copies and all(name.startswith("_RGv") for name in copies)  # value marks are read as their originals
    printed = _accepted_pdf(draft, tmp_path / "pdf")
    assert _numbers_printed(printed, "图") == set(_captions(school_draft, "图"))
    assert re.search(r"图\s*1\s*[-‑]\s*3\s+各专业大类在校生分布", printed)
    assert re.search(r"各专业大类在校生分布见图\s*1\s*[-‑]\s*3(?!\d)", printed)
    assert re.search(r"组成\s*7\s*支科技服务队", printed)
    assert not any(text in printed for text in BROKEN)
    assert _list_of_figures(draft)[1:3] == ["图1-2 近三年招生和毕业生人数", "图1-3 各专业大类在校生分布"]

