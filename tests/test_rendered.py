"""The example draft as LibreOffice renders it: what a reader of the PDF sees."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from conftest import to_pdf

CHAPTERS = ["1.基本情况", "2.人才培养", "3.服务贡献", "4.文化传承", "5.国际合作", "6.产教融合", "7.发展保障",
            "8.面临挑战"]


@pytest.fixture(scope="module")
def pdf_pages(example_draft, tmp_path_factory):
    pdf = to_pdf(example_draft, tmp_path_factory.mktemp("pdf"))
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True,
                          text=True).stdout
    return text.split("\f")[:-1]


def test_page_count_is_plausible(pdf_pages):
    assert 25 <= len(pdf_pages) <= 45


def test_headings_and_captions_are_rendered(pdf_pages):
    text = re.sub(r"\s+", "", "".join(pdf_pages))
    for chapter in CHAPTERS:
        assert chapter in text
    for n in range(1, 25):
        assert f"图{n}" in text
    assert "表1庆阳市中职学校情况表" in text and "表2" in text


def test_page_numbers(pdf_pages):
    assert "—" not in pdf_pages[0]  # the cover has no number
    for index, page in enumerate(pdf_pages[1:], 1):
        last = [line for line in page.splitlines() if line.strip()][-1]
        assert last.strip() == f"— {index} —"
