"""A figure that would move to the next page is scaled down to stay on its page, within figure_min_scale.

Each project has a chapter of body text, then a portrait photo 12 cm wide (16 cm tall: more than half
the 225 mm text block), so that the photo and its caption do not fit below the text.
"""

from __future__ import annotations

import re

import docx
import pytest
from conftest import make_project, no_warnings, pages_half_empty_before_a_figure, pdf_pages, require_libreoffice, run_cli, to_pdf
from docx.oxml.ns import qn
from PIL import Image

FULL_HEIGHT_EMU = 16 * 360_000  # 12 cm wide, 3:4: 16 cm tall


def _project(root, lines: int, profile: str = ""):
    """After the 前言 (three lines) and the chapter heading, `lines` lines of body text (paragraphs of
    four lines), and the photo."""
    text = ["正" * (26 + 28 * 3)] * (lines // 4) + (["正" * (26 + 28 * (lines % 4 - 1))] if lines % 4 else [])
    text[-1] = text[-1][:-7] + "前文到此结束。"
    project = make_project(root, sections={"概况": ["概况", *text, '{{ 插图("校园") }}', "图后正文。"]},
                           profile=profile)
    Image.new("RGB", (600, 800), "teal").save(project / "data" / "图片" / "校园.jpg")  # portrait
    return project


def _build(project):
    require_libreoffice()
    result = run_cli("build", str(project))
    assert result.exit_code == 0 and no_warnings(result.output), result.output
    draft = project / "output" / "测试报告.docx"
    extent = docx.Document(draft).element.body.find(f".//{qn('wp:extent')}")
    return draft, int(extent.get("cx")), int(extent.get("cy"))


def _pages_of(draft, root, *texts):
    """The page each of `texts` is on, and the pages left half empty before a figure."""
    pdf = to_pdf(draft, root)
    pages = [re.sub(r"\s+", "", page) for page in pdf_pages(pdf)]
    return [next(i for i, page in enumerate(pages) if text in page) for text in texts], \
        pages_half_empty_before_a_figure(pdf)


@pytest.mark.parametrize("lines", [3, 5])
def test_a_figure_that_would_move_is_scaled_to_stay_below_the_text(tmp_path, lines):
    draft, width, height = _build(_project(tmp_path, lines))
    assert 0.7 <= height / FULL_HEIGHT_EMU < 1 and width / height == pytest.approx(0.75, abs=1e-6)  # in proportion
    (text_page, caption_page), half_empty = _pages_of(draft, tmp_path, "前文到此结束。", "图1校园一角")
    assert caption_page == text_page and half_empty == []


def test_without_scaling_the_same_figure_moves_and_leaves_the_page_half_empty(tmp_path):
    draft, _, height = _build(_project(tmp_path, 3, profile="figure_min_scale = 1"))
    assert height == FULL_HEIGHT_EMU
    (text_page, caption_page), half_empty = _pages_of(draft, tmp_path, "前文到此结束。", "图1校园一角")
    assert caption_page == text_page + 1 and half_empty == [text_page]


def test_a_figure_is_not_scaled_below_the_limit(tmp_path):
    """With the text filling most of the page the photo would have to shrink to a third: it moves."""
    draft, _, height = _build(_project(tmp_path, 12))
    assert height == FULL_HEIGHT_EMU
    (text_page, caption_page), half_empty = _pages_of(draft, tmp_path, "前文到此结束。", "图1校园一角")
    assert caption_page == text_page + 1 and half_empty == []  # the page was more than half full


def test_the_headings_kept_with_a_figure_move_with_it(tmp_path):
    """What moves to the next page with a figure: the headings before it that keep with the next (their
    style says so, or they do themselves), not the body text above them.  The pass measures the block
    from its first heading, so a fitted figure leaves room for them."""
    import io

    from reportgen.draft import styles
    from reportgen.draft.fitting import PagedFigure
    from reportgen.project.profile import Profile

    document = docx.Document()
    body_text = document.add_paragraph("正文。")
    chapter = document.add_paragraph("第一章", style="Heading 1")  # its style keeps it with the next
    section = document.add_paragraph("一节")
    section.paragraph_format.keep_with_next = True  # and this one keeps by itself
    image = io.BytesIO()
    Image.new("RGB", (40, 30), "teal").save(image, "PNG")
    document.add_picture(image)
    picture = document.paragraphs[-1]._p
    figure = PagedFigure(picture, picture, picture, styles.kept_with_next_styles(document), Profile())
    assert figure.probes()[0] is chapter._p
    assert figure.end_probes() == [body_text._p]  # the gap is measured below the text before the block
