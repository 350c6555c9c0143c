"""The example draft as LibreOffice renders it: what a reader of the PDF sees."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections import Counter

import openpyxl
import pytest
from conftest import broken_table_tokens, pages_half_empty_before_a_figure, pdf_words, to_pdf

CHAPTERS = ["1.基本情况", "2.人才培养", "3.服务贡献", "4.文化传承", "5.国际合作", "6.产教融合", "7.发展保障",
            "8.面临挑战"]


@pytest.fixture(scope="module")
def example_pdf(example_draft, tmp_path_factory):
    pdf = to_pdf(example_draft, tmp_path_factory.mktemp("pdf"))
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    return pdf


@pytest.fixture(scope="module")
def pdf_pages(example_pdf):
    pdf = example_pdf
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True,
                          text=True).stdout
    return text.split("\f")[:-1]


def test_page_count_is_plausible(pdf_pages):
    assert 25 <= len(pdf_pages) <= 45


def test_headings_and_captions_are_rendered(pdf_pages):
    text = re.sub(r"\s+", "", "".join(pdf_pages))
    for chapter in CHAPTERS:
        assert chapter in text
    # Each caption once, in order: a number set at the start of a line or of a column of figures
    # ("图1" is inside "图10", so the numbers are compared, not searched for).
    captions = [int(n) for page in pdf_pages for line in page.splitlines()
                for n in re.findall(r"(?:^\s*|\s{2,})图\s?(\d+)(?!\d)\s+\S", line)]
    assert captions == list(range(1, 25))
    assert "表1庆阳市中职学校情况表" in text and "表2" in text


@pytest.fixture(scope="module")
def footer_words(example_pdf):
    """Per page: the words below the text block (its bottom margin is 35 mm), with their x positions."""
    html = subprocess.run(["pdftotext", "-bbox", str(example_pdf), "-"], check=True, capture_output=True,
                          text=True).stdout
    pages = []
    for page in re.findall(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', html, re.S):
        width, height, body = float(page[0]), float(page[1]), page[2]
        words = [(float(x0), float(x1), text) for x0, y0, x1, text in
                 re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>',
                            body) if float(y0) > height - 35 * 72 / 25.4]
        pages.append((width, words))
    return pages


def test_page_numbers(pdf_pages, footer_words):
    assert "—" not in pdf_pages[0]  # the cover has no number
    assert not footer_words[0][1]
    for number, (width, words) in enumerate(footer_words[1:], 1):
        assert "".join(w[2] for w in words) == f"—{number}—"
        left, right = min(w[0] for w in words), max(w[1] for w in words)
        if number % 2:  # odd pages: at the right, even pages: at the left (GB/T 9704 7.5)
            assert left > width / 2
        else:
            assert right < width / 2


def dash_gaps_mm(pdf) -> list[float]:
    """How far below the text block (bottom margin 35 mm) the dashes of each page's "— N —" run: the
    middle of the dash's glyph box, where the em dash's stroke is (within 0.3 mm)."""
    mm = 72 / 25.4
    gaps = []
    for _, height, words in pdf_words(pdf):
        dashes = [w for w in words if w[4] == "—" and w[1] > height - 35 * mm]
        if dashes:
            gaps.append(((dashes[0][1] + dashes[0][3]) / 2 - (height - 35 * mm)) / mm)
    return gaps


def test_page_numbers_sit_7_mm_below_the_text_block(example_pdf):
    """GB/T 9704 7.5: "一字线上距版心下边缘 7 mm"."""
    gaps = dash_gaps_mm(example_pdf)
    assert len(gaps) == len(pdf_words(example_pdf)) - 1  # every page but the cover
    assert all(abs(gap - 7) <= 0.5 for gap in gaps), sorted({round(g, 1) for g in gaps})


def test_text_is_set_in_cjk_fonts(example_pdf):
    fonts = subprocess.run(["pdffonts", str(example_pdf)], check=True, capture_output=True, text=True).stdout
    names = [line.split()[0] for line in fonts.splitlines()[2:] if line.strip()]
    assert any("CJK" in name or "Song" in name or "Fang" in name or "Hei" in name for name in names), fonts


def test_full_lines_of_body_text_hold_28_characters_and_pages_22_lines(pdf_pages):
    """GB/T 9704 5.2.3: 22 lines of 28 characters.  Measured on lines of Chinese text only (Latin letters
    and digits are narrower); a paragraph's first line holds 26 after its indent, a line may end in a
    hanging full stop, and line-breaking rules move a character now and then."""
    lengths = [len(line.strip()) for page in pdf_pages for line in page.splitlines()
               if len(line.strip()) >= 27 and all("\u4e00" <= c <= "\u9fff" or c in "，。、；：“”（）《》！？"
                                                   for c in line.strip())]
    assert len(lengths) > 100
    assert lengths.count(28) / len(lengths) > 0.9, sorted(set(lengths))



def test_body_lines_are_on_the_22_line_grid(example_pdf):
    """Consecutive lines of running text stand 28.95 pt apart: 22 lines in the 225 mm text block."""
    gaps = Counter()
    for _, _, words in pdf_words(example_pdf):
        # Runs of Chinese text, on lines without Latin digits: a line holding Times New Roman sits its
        # baseline up to 1 pt lower in its grid line (the font's ascent differs), in Word as in LibreOffice.
        latin = {round(w[1]) for w in words if re.search(r"[0-9A-Za-z]", w[4])}
        tops = sorted({round(w[1], 1) for w in words if len(w[4]) >= 10 and round(w[1]) not in latin})
        gaps.update(round(b - a, 1) for a, b in zip(tops, tops[1:]) if b - a < 40)
    on_grid = sum(count for gap, count in gaps.items() if abs(gap - 28.95) < 0.2)
    assert on_grid > 100 and on_grid > 0.9 * sum(gaps.values()), gaps.most_common(5)


def test_no_header_word_of_four_characters_or_fewer_is_split(pdf_pages, example_dir):
    """Each short header of the example's tables stands whole on one line of the PDF (学校类别, not 学校类/别)."""
    book = openpyxl.load_workbook(example_dir / "data" / "报告数据.xlsx")
    tokens = {token for page in pdf_pages for line in page.splitlines() for token in line.split()}
    checked = 0
    for row in book["表格清单"].iter_rows(min_row=2, values_only=True):
        sheet, header_rows = book[row[1]], row[3]
        for header in sheet.iter_rows(max_row=header_rows, values_only=True):
            for text in header:
                if text and len(str(text)) <= 4 and not str(text).isascii():
                    assert str(text) in tokens, text
                    checked += 1
    assert checked >= 10


def test_no_page_is_left_half_empty_before_a_figure(example_pdf):
    assert pages_half_empty_before_a_figure(example_pdf) == []


def test_no_number_year_or_unit_in_any_table_is_broken_across_lines(example_draft, pdf_pages):
    assert broken_table_tokens(example_draft, pdf_pages) == []

