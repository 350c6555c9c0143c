"""The bundled school report (examples/学校年报) as a reader of its PDF sees it.

目录 with real page numbers, Roman-numbered list pages, figures numbered per
chapter, 附表1–6 apart and each on its own page, a landscape 附表, and a long
table continued under 续表 — the school annual report's layout.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict

import pytest
from conftest import (broken_table_tokens, require_libreoffice, entry_pages_match_folios, folio, free_faces, list_entries, pages_half_empty_before_a_figure,
                      pdf_pages, pdf_runs, pdf_words, run_cli, squash, to_pdf)

CHAPTERS = ["基本情况", "人才培养", "服务贡献", "文化传承", "产教融合", "发展保障", "面临挑战"]


@pytest.fixture(scope="module")
def school_pdf(school_draft, tmp_path_factory):
    return to_pdf(school_draft, tmp_path_factory.mktemp("school-pdf"))


@pytest.fixture(scope="module")
def pages(school_pdf):
    return pdf_pages(school_pdf)


def test_builds_with_no_warnings(school_dir):
    require_libreoffice()
    result = run_cli("build", str(school_dir))
    assert result.exit_code == 0, result.output
    assert "完成：8 个章节，10 个表格，17 幅插图，0 个警告。" in result.output


def test_the_lists_page_numbers_are_the_folios_of_the_pages(pages):
    lists = list_entries(pages)
    assert set(lists) == {"目录", "附图目录", "附表目录"}
    chapters = [text for text, _ in lists["目录"] if re.match(r"^\d[^.\d]", text)]
    assert chapters == [f"{n}{name}" for n, name in enumerate(CHAPTERS, 1)]
    assert lists["目录"][0] == ("前言", "1") and lists["目录"][-1][0] == "附表"
    assert len(lists["附图目录"]) == 17 and len(lists["附表目录"]) == 6
    assert entry_pages_match_folios(pages) == sum(len(entries) for entries in lists.values())


def test_list_pages_have_roman_numbers_and_the_preface_is_page_one(pages):
    assert folio(pages[0]) is None  # the cover
    list_pages = [i for i, page in enumerate(pages) if any(squash(line) in ("目录", "附图目录", "附表目录")
                                                          for line in page.splitlines())]
    assert [folio(pages[i]) for i in range(1, list_pages[-1] + 1)] == ["I", "II", "III", "IV"][:list_pages[-1]]
    preface = list_pages[-1] + 1
    assert "前言" in squash(pages[preface]) and folio(pages[preface]) == "1"
    numbers = [folio(page) for page in pages[preface:]]
    assert numbers == [str(n) for n in range(1, len(numbers) + 1)]


LIST_DOTS = re.compile(r"\.{4,}")


def test_figures_and_tables_are_numbered_per_chapter_without_gaps(pages):
    lines = [re.sub(r"\s+", " ", line).strip() for page in pages for line in page.splitlines()
             if not LIST_DOTS.search(line)]
    counts = {}
    for label in ("图", "表"):
        numbers = [(int(a), int(b)) for line in lines if line.startswith(label)
                   for a, b in re.findall(rf"{label}\s*(\d+)-(\d+) (?!所示)", line)]  # not "图2-4 所示"
        by_chapter = defaultdict(list)
        for chapter, number in numbers:
            by_chapter[chapter].append(number)
        assert list(by_chapter) == sorted(by_chapter)
        for chapter, sequence in by_chapter.items():
            assert sequence == list(range(1, len(sequence) + 1)), (label, chapter, sequence)
        counts[label] = len(numbers)
    assert counts == {"图": 17, "表": 4}


def test_appendix_tables_are_numbered_apart_each_on_its_own_page(pages):
    starts = [squash(page.strip().splitlines()[0]) if page.strip() else "" for page in pages]
    appendix = [line for line in starts if line.startswith("附表") and not line.startswith("附表目录")]
    # The first appendix page starts with the 附录标题 "附表", the others with their caption.
    firsts = ["附表" if i == 0 else f"附表{i + 1}" for i in range(6)]
    assert [line[:len(first)] for line, first in zip(appendix, firsts)] == firsts
    caption_pages = [i for i, page in enumerate(pages) for line in page.splitlines()
                     if re.match(r"^附表\d+[^\d。，；]", squash(line)) and not LIST_DOTS.search(line)]  # not "附表2。"
    assert len(caption_pages) == len(set(caption_pages)) == 6  # six captions, six pages


def test_the_wide_appendix_table_is_on_a_landscape_page_with_its_folio_turned(school_pdf, pages):
    words = pdf_words(school_pdf)
    landscape = [i for i, (width, height, _) in enumerate(words) if width > height]
    assert landscape == [i for i, page in enumerate(pages) if squash(page).startswith("附表3教学资源表")]
    width, height, page_words = words[landscape[0]]
    dashes = [w for w in page_words if w[4] == "—"]
    assert len(dashes) == 2 and all(w[2] < 35 * 72 / 25.4 for w in dashes)  # in the left margin
    assert max(w[3] for w in dashes) - min(w[1] for w in dashes) > 2 * (max(w[2] for w in dashes) -
                                                                        min(w[0] for w in dashes))  # turned


def test_the_long_table_continues_under_xubiao_with_its_header(pages):
    first = next(i for i, page in enumerate(pages) for line in page.splitlines()
                 if squash(line).startswith("表1-1专业设置与在校生情况"))
    following = [i for i in range(first + 1, len(pages)) if squash(pages[i].strip().splitlines()[0]) == "续表1-1"]
    assert following == list(range(first + 1, first + 1 + len(following))) and following
    for i in following:
        lines = [squash(line) for line in pages[i].splitlines() if line.strip()]
        assert lines[1:4] == ["在校生数", "专业大类专业名称学制合计", "一年级二年级三年级"], lines[:4]
    # The note takes the last two rows with it: no 续表 holds the 合计 row alone.
    last = [squash(line) for line in pages[following[-1]].splitlines() if line.strip()]
    note = next(n for n, line in enumerate(last) if line.startswith("注："))
    assert last[note - 1].startswith("合计") and note - 1 > 4, last[:note + 1]


# A face of each kind, whether the official font is installed (its own name) or a free face stands in.
FANGSONG, SANS, KAI, SONG = r"Fang|仿宋", r"Hei|Sans|黑体", r"Kai|楷体", r"Song|Ming|宋"


def test_each_kind_of_text_is_set_in_a_face_of_its_kind_and_none_is_japanese(school_pdf):
    free_faces()
    runs = [run for page in pdf_runs(school_pdf) for run in page]
    assert not [font for font, _, _ in runs if re.search(r"(?i)cjk(jp|kr)|\bjp\b|mincho|gothic", font)]
    title_font = pdf_runs(school_pdf)[0][0][0]
    assert re.search(SONG, title_font), title_font  # 方正小标宋简体
    # 一级标题 (黑体) and 二级标题 (楷体), in the 目录 and in the text.
    # ("面临挑战" is also the name of section 7.1, in 楷体.)
    in_sans = Counter(text for font, text, _ in runs if text in CHAPTERS and re.search(SANS, font))
    assert in_sans == dict.fromkeys(CHAPTERS, 2), runs[:40]
    sections = [font for font, text, _ in runs if text == "学校概况"]
    assert sections and all(re.search(KAI, font) for font in sections[1:]), sections  # [0]: the 目录's
    # Body text: runs of Chinese in 16 pt.
    body = [font for font, text, size in runs if size == 16 and len(re.findall(r"[\u4e00-\u9fff]", text)) >= 8]
    assert len(body) > 50 and sum(bool(re.search(FANGSONG, font)) for font in body) > 0.9 * len(body)


def test_no_page_is_left_half_empty_before_a_figure(school_pdf):
    assert pages_half_empty_before_a_figure(school_pdf) == []


def test_the_wide_tables_headers_wrap_before_a_unit_and_never_inside_it(pages):
    """附表3 has thirteen columns: its headers wrap, as 实训室 / （个）, never 实训/室/（个/）."""
    page = next(page for page in pages if squash(page).startswith("附表3教学资源表"))
    tokens = [token for line in page.splitlines() for token in line.split()]
    assert {"实训室", "设备值", "在线课程", "校本教材", "（万元）", "（个）"} <= set(tokens), tokens[:40]
    assert all(token.count("（") == token.count("）") for token in tokens), tokens


def test_no_number_year_or_unit_in_any_table_is_broken_across_lines(school_draft, pages):
    assert broken_table_tokens(school_draft, pages) == []

