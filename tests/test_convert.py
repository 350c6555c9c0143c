"""PDF export and page previews through LibreOffice, as a writer runs them."""

from __future__ import annotations

import subprocess

import pytest
from conftest import run_cli, soffice
from PIL import Image

from reportgen import convert


@pytest.fixture
def built(small_project):
    if soffice() is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    project = small_project()
    return project


def test_build_with_pdf(built):
    result = run_cli("build", str(built), "--pdf")
    assert result.exit_code == 0, result.output
    pdf = built / "output" / "测试报告.pdf"
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    text = "".join(text.split())
    assert "学校情况表" in text and "—1—" in text


def test_pdf_command_exports_an_existing_draft(built, tmp_path):
    assert run_cli("build", str(built)).exit_code == 0
    target = tmp_path / "导出.pdf"
    result = run_cli("pdf", str(built), "-o", str(target))
    assert result.exit_code == 0, result.output
    assert target.read_bytes().startswith(b"%PDF")


def test_preview_writes_pages_and_contact_sheet(built):
    assert run_cli("build", str(built)).exit_code == 0
    result = run_cli("preview", str(built))
    assert result.exit_code == 0, result.output
    folder = built / "output" / "测试报告-预览"
    pages = sorted(folder.glob("page-*.png"))
    assert len(pages) >= 2
    with Image.open(folder / "总览.png") as sheet:
        assert sheet.width > 2 * 240


def test_missing_libreoffice_is_explained(small_project, monkeypatch):
    project = small_project()
    monkeypatch.setattr(convert, "find_soffice", lambda: None)
    result = run_cli("build", str(project), "--pdf")
    assert result.exit_code != 0
    assert "没有找到 LibreOffice" in result.output and "apt-get install libreoffice-writer-nogui" in result.output
    assert (project / "output" / "测试报告.docx").exists()  # the draft itself was written


def test_pdf_without_a_draft(small_project):
    result = run_cli("pdf", str(small_project()))
    assert result.exit_code != 0 and "先运行 reportgen build" in result.output
