"""PDF export and page previews through LibreOffice, as a writer runs them."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from conftest import free_faces, pdf_runs, require_libreoffice, run_cli, soffice
from PIL import Image

from reportgen.layout import export, font_substitutes


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
    monkeypatch.setattr(export, "find_soffice", lambda: None)
    result = run_cli("build", str(project), "--pdf")
    assert result.exit_code != 0
    assert "没有找到 LibreOffice" in result.output and "apt-get install libreoffice-writer-nogui" in result.output
    assert (project / "output" / "测试报告.docx").exists()  # the draft itself was written


def test_pdf_without_a_draft(small_project):
    require_libreoffice()  # without it, the missing LibreOffice is said first
    result = run_cli("pdf", str(small_project()))
    assert result.exit_code != 0 and "先运行 reportgen build" in result.output


def _substitutions(output: str) -> list[str]:
    return [line.strip() for line in output.splitlines() if "→" in line]


def test_pdf_names_each_official_font_it_sets_in_a_free_face(built, tmp_path):
    free_faces()
    assert run_cli("build", str(built)).exit_code == 0
    result = run_cli("pdf", str(built), "-o", str(tmp_path / "草稿.pdf"))
    assert result.exit_code == 0, result.output
    assert "本机未安装以下公文字体" in result.output
    shown = _substitutions(result.output)
    assert {"仿宋_GB2312 → FandolFang", "黑体 → FandolHei", "方正小标宋简体 → FandolSong 粗体"} <= set(shown), shown
    assert any(re.fullmatch(r"楷体_GB2312 → (LXGW WenKai|AR PL UKai CN|FandolKai)", line) for line in shown), shown
    used = {font for page in pdf_runs(tmp_path / "草稿.pdf") for font, _, _ in page}
    assert "FandolFang-Regular" in used and not [font for font in used if "jp" in font.lower()], used


def test_preview_names_them_too_and_the_windows_names_are_substituted_alike(small_project):
    free_faces()
    if soffice() is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    project = small_project(profile='font_names = "windows"')
    assert run_cli("build", str(project)).exit_code == 0
    result = run_cli("preview", str(project))
    assert result.exit_code == 0, result.output
    shown = _substitutions(result.output)
    assert "仿宋 → FandolFang" in shown and not [line for line in shown if "_GB2312" in line], shown


def _install_font_named(name: str, postscript: str, home) -> None:
    """Install, for this user only, FandolHei under another family name (as if the official font were)."""
    from fontTools.ttLib import TTFont

    font = TTFont(Path(font_substitutes.FANDOL) / "FandolHei-Regular.otf")
    names = font["name"]
    names.names = [record for record in names.names if record.platformID == 3]  # Unicode names only
    for record in list(names.names):
        if record.nameID in (1, 4, 16):
            names.setName(name, record.nameID, 3, record.platEncID, record.langID)
    names.setName(postscript, 6, 3, 1, 0x409)
    cff = font["CFF "].cff
    cff.fontNames = [postscript]
    cff[0].FullName = cff[0].FamilyName = postscript
    for sub in cff[0].FDArray:  # a CID-keyed font: the name a PDF shows comes from here
        sub.FontName = postscript
    folder = home / "fonts"
    folder.mkdir(parents=True)
    font.save(folder / f"{postscript}.otf")


def test_an_installed_official_font_is_used_as_it_is(built, tmp_path, monkeypatch):
    free_faces()
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))  # fontconfig reads $XDG_DATA_HOME/fonts
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    _install_font_named("黑体", "OfficialHei", tmp_path / "data")
    assert run_cli("build", str(built)).exit_code == 0
    result = run_cli("pdf", str(built), "-o", str(tmp_path / "草稿.pdf"))
    assert result.exit_code == 0, result.output
    shown = _substitutions(result.output)
    assert "仿宋_GB2312 → FandolFang" in shown and not [line for line in shown if line.startswith("黑体")], shown
    heading = [font for page in pdf_runs(tmp_path / "草稿.pdf") for font, text, _ in page if text == "概况"]
    assert heading == ["OfficialHei"], heading
