"""The bundled 公文 example (examples/公文通知): a 通知 with two 附件, built as a writer would and looked
at on the rendered pages, part by part (GB/T 9704-2012)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import docx
import pytest

from conftest import REPO, pdf_pages, pdf_words, run_cli, to_pdf
from test_gongwen import BOTTOM_MARGIN_MM, MM, RIGHT, TEXT_WIDTH_MM, folios, full_width, pages_of, rules

NAME = "关于印发《2025年全市教育事业统计简况》的通知"


@pytest.fixture(scope="module")
def notice(tmp_path_factory) -> tuple[Path, Path]:
    """The example, copied, built through the CLI and rendered: (draft, pdf)."""
    folder = tmp_path_factory.mktemp("notice") / "公文通知"
    shutil.copytree(REPO / "examples" / "公文通知", folder, ignore=shutil.ignore_patterns("output"))
    result = run_cli("build", str(folder))
    assert result.exit_code == 0, result.output
    # a 公文 is one text: its summary counts no chapters
    assert "完成：2 个表格，0 幅插图，0 个警告。" in result.output, result.output
    draft = folder / "output" / f"{NAME}.docx"
    return draft, to_pdf(draft, folder / "output")


def test_the_text_says_the_numbers_and_refers_to_the_attachments(notice):
    text = "".join("".join(line.split()) for page in pdf_pages(notice[1]) for line in page.splitlines()
                   if not re.fullmatch(r"\s*—\s*\d+\s*—\s*", line))  # the text runs on over the page number
    assert "全市共有各级各类学校1,286所，较上年减少15所、下降1.2%" in text
    assert "在校生566,556人，较上年增加5,074人、增长0.9%" in text  # the change grouped like the number
    assert "高中阶段毛入学率94.72%，较上年提高1.21个百分点" in text
    assert "各县（区）情况见附件1，分学段在校生见附件2。" in text


def test_the_attachment_note_lists_the_attachments_as_their_pages_are_headed(notice):
    document = docx.Document(notice[0])
    note = [p.text for p in document.paragraphs if p.style.name == "附件说明"]
    assert note == ["附件：1.各县（区）学校、在校生和专任教师情况", "2.各县（区）分学段在校生情况"]
    marks = [p.text for p in document.paragraphs if p.style.name == "附件标识"]
    titles = [p.text for p in document.paragraphs if p.style.name == "附件标题"]
    assert marks == ["附件1", "附件2"] and titles == ["各县（区）学校、在校生和专任教师情况", "各县（区）分学段在校生情况"]


def test_every_page_is_numbered_but_the_colophon_page_and_the_blank_before_it(notice):
    pages = pages_of(notice[1])
    numbers = folios(notice[1])
    assert len(pages) == 6, pages
    assert numbers[:3] == ["1", "2", "3"] and numbers[4:] == [None, None], numbers
    assert pages[4] == (False, False, None) and pages[5][:2] == (False, True)  # blank, then the 版记 alone


def test_each_attachment_starts_a_page_and_the_wide_one_is_alone_in_landscape(notice):
    pages = pdf_words(notice[1])
    portrait = [(w, h) for w, h, _ in pages if w < h]
    assert [w > h for w, h, _ in pages] == [False, False, False, True, False, False]
    assert len(portrait) == 5
    for index, mark in ((2, "附件1"), (3, "附件2")):
        words = sorted(pages[index][2], key=lambda w: (w[1], w[0]))
        top = [w for w in words if not re.fullmatch(r"[—\d\s]+", w[4])][0]
        assert top[4] == mark  # the first thing on its page, at the top left
    # the landscape page's number sits turned at the page's left edge, where the portrait pages print theirs
    dashes = [w for w in pages[3][2] if w[4] == "—"]
    assert len(dashes) == 2 and all(w[2] < 35 * MM for w in dashes), dashes  # in the page's left margin


def test_signature_and_date_share_a_page_with_text_of_the_body(notice):
    words = pdf_words(notice[1])[1][2]
    line = "".join(w[4] for w in words)
    assert "河阳市教育局" in line and "2025年12月20日" in line and "对外公布教育统计数据" in line
    assert "（此件公开发布）" in line  # the 附注, the line after the date


def test_the_red_line_spans_the_text_block_under_the_number(notice):
    _, height, words = pdf_words(notice[1])[0]
    red = [line for line in full_width(rules(notice[1])[0]) if line[4] == (1.0, 0.0, 0.0)]
    number = [w for w in words if "〔2025〕36" in w[4]]
    assert red and number
    assert 2 * MM < (height - red[0][2]) - number[0][3] < 6 * MM
    assert abs((number[0][0] + number[0][2]) / 2 - (28 * MM + TEXT_WIDTH_MM * MM / 2)) < 30  # 下行文: centred


def test_the_colophon_is_at_the_foot_of_the_last_even_page(notice):
    last = [line for line in full_width(rules(notice[1])[-1]) if line[3] >= 0.75]
    assert len(last) == 3 and abs(min(line[2] for line in last) - BOTTOM_MARGIN_MM * MM) < 1 * MM
    text = "".join(w[4] for w in pdf_words(notice[1])[-1][2])
    assert "抄送：市人民政府办公室，市统计局，省教育厅发展规划处。" in text and "2025年12月20日印发" in text
    assert max(w[2] for w in pdf_words(notice[1])[-1][2]) < RIGHT


def test_body_lines_are_on_the_22_line_grid(notice):
    """GB/T 9704 5.2.3: 22 lines a page, 28.95 pt apart.  Every line of body text (三号) on pages 1 and 2
    stands on its page's grid (page 2 from the text block's top; page 1 below the 版头, whose red line
    and 标志 are not grid lines); fonts put their glyphs' tops up to 2.5 pt apart in a line."""
    for _, _, words in pdf_words(notice[1])[:2]:
        tops = {round(w[1], 1) for w in words if 20 < w[3] - w[1] < 22 and len(w[4]) >= 2 and "〔" not in w[4]}
        first = min(tops)
        offsets = [((top - first + 14.475) % 28.95) - 14.475 for top in tops]  # from the first line, either way
        assert len(offsets) >= 8 and max(offsets) - min(offsets) < 2.5, sorted(offsets)


def test_full_lines_of_the_text_hold_28_characters(notice):
    """GB/T 9704 5.2.3: 28 characters a line.  Lines of Chinese text only (digits are narrower) that
    run from edge to edge: 28 from the left edge, 26 after a first-line indent of two."""
    counted = []
    for _, _, words in pdf_words(notice[1])[:2]:
        lines: dict[int, list] = {}
        for w in words:
            lines.setdefault(round(w[1]), []).append(w)
        for line in lines.values():
            text = "".join(w[4] for w in sorted(line))
            if len(text) >= 25 and all("\u4e00" <= c <= "\u9fff" or c in "，。、；：“”（）《》！？" for c in text):
                indent = round((min(w[0] for w in line) - 28 * MM) / (TEXT_WIDTH_MM * MM / 28))
                counted.append((indent, len(text)))
    assert counted and all(length + indent == 28 for indent, length in counted), counted
