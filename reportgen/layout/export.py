"""PDF export and page previews through LibreOffice and poppler.

LibreOffice runs headless in a private, temporary profile, so it works while
the writer has LibreOffice open, and under a time limit.  The .docx is never
saved back through LibreOffice (it renames styles and bookmarks).
"""

from __future__ import annotations

import json
import math
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from reportgen.layout import font_substitutes
from reportgen.layout import office_process
from reportgen.layout.office_process import run_office
from reportgen.oxml import package
from reportgen.problems import Problem, ProjectError

TIMEOUT_SECONDS = 300
TIMEOUT_HINT = "关闭其他占用大量资源的程序后重试；若草稿很大，请耐心等待或分章导出"
FAILED_HINT = "在 Word 或 WPS 中打开草稿确认其能正常显示；或升级 LibreOffice"
INSTALL_HINT = ("请安装 LibreOffice：Debian/Ubuntu 运行 sudo apt-get install libreoffice-writer-nogui fonts-noto-cjk "
                "texlive-lang-chinese fonts-lxgw-wenkai fonts-liberation2（后三个提供代替公文字体的免费字体）；"
                "Windows 从 https://zh-cn.libreoffice.org 下载安装，并把 soffice.exe 所在文件夹加入 PATH")


def find_soffice() -> str | None:
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    if sys.platform == "win32":
        for base in (os.environ.get("PROGRAMFILES", ""), os.environ.get("PROGRAMFILES(X86)", "")):
            candidate = Path(base) / "LibreOffice" / "program" / "soffice.exe"
            if base and candidate.exists():
                return str(candidate)
    return None


def _filter(options: dict | None) -> str:
    """LibreOffice's PDF export filter, with options in its JSON form (LibreOffice 7.4 and later)."""
    if not options:
        return "pdf:writer_pdf_Export"
    typed = {key: {"type": "boolean" if isinstance(value, bool) else "string",
                   "value": str(value).lower() if isinstance(value, bool) else str(value)}
             for key, value in options.items()}
    return "pdf:writer_pdf_Export:" + json.dumps(typed)


@dataclass(frozen=True)
class Exported:
    pdf: Path
    substitutions: list  # preview_fonts.Substitution: official fonts set in free faces of their kind


def to_pdf(docx_path: Path, pdf_path: Path | None = None, *, timeout: int = TIMEOUT_SECONDS,
           options: dict | None = None) -> Exported:
    """Export `docx_path` to PDF (next to it unless `pdf_path` is given); raise `ProjectError` on failure.

    `options` are PDF export settings, e.g. {"ExportBookmarksToPDFDestination": True}.  Official fonts
    that are not installed are set in the closest free faces (`font_substitutes`).  Without `options`,
    a draft with a section that starts on an even or odd page (a 公文's 版记) keeps the blank page
    before it, which LibreOffice leaves out of a PDF: page N of the PDF is side N of the printed copy.
    """
    if options is None and package.starts_on_even_or_odd_page(docx_path):
        options = {"IsSkipEmptyPages": False}
    soffice = find_soffice()
    if soffice is None:
        raise ProjectError(Problem("PDF 导出", "没有找到 LibreOffice（soffice），无法导出 PDF", INSTALL_HINT))
    if not docx_path.is_file():
        raise ProjectError(Problem(str(docx_path), "找不到要导出的草稿", "先运行 reportgen build 生成草稿"))
    pdf_path = pdf_path or docx_path.with_suffix(".pdf")
    office_process.sweep()  # what runs killed outright left
    with tempfile.TemporaryDirectory(prefix=office_process.temporary_prefix(office_process.OFFICE_FOLDER)) as temporary:
        work = Path(temporary)
        exported = _in_kept_office(soffice, docx_path, work / "out.pdf", options, timeout)
        produced, substitutions = exported or _converted(soffice, docx_path, work, options, timeout)
        pdf_path.parent.mkdir(parents=True, exist_ok=True)
        temp = pdf_path.with_name(f".~{pdf_path.name}")
        shutil.copyfile(produced, temp)
        os.replace(temp, pdf_path)
    return Exported(pdf_path, substitutions)


def _in_kept_office(soffice: str, docx_path: Path, produced: Path, options: dict | None,
                    timeout: int) -> tuple[Path, list] | None:
    """Export in the office kept between builds (`kept_office`), started if need be: the PDF and the
    fonts substituted; None where no office is kept (keeping off, no UNO bridge, another build using it)."""
    from reportgen.layout import kept_office, office

    uno = office.uno_bridge(soffice)
    kept = kept_office.open_kept(soffice, uno, timeout) if uno is not None else None
    if kept is None:
        return None
    try:
        kept.convert(docx_path, produced, options or {}, task="导出")
        return produced, kept.substitutions_for(docx_path)
    except office.OfficeTimeout as error:
        raise ProjectError(Problem(str(docx_path), str(error), TIMEOUT_HINT)) from None
    except office.OfficeError as error:
        raise ProjectError(Problem(str(docx_path), f"LibreOffice 导出 PDF 失败：{error}", FAILED_HINT)) from None
    finally:
        kept.close()


def _converted(soffice: str, docx_path: Path, work: Path, options: dict | None, timeout: int) -> tuple[Path, list]:
    """Export with `soffice --convert-to`, in an office of its own: the PDF and the fonts substituted."""
    profile = (work / "profile").as_uri()
    font_env, every = font_substitutes.prepare(work / "fonts")
    substitutions = font_substitutes.used_by(docx_path, every)
    source = font_substitutes.office_copy(docx_path, work / docx_path.name, substitutions)
    command = [soffice, f"-env:UserInstallation={profile}", "--headless", "--norestore",
               "--convert-to", _filter(options), "--outdir", str(work / "out"), str(source)]
    try:
        completed = run_office(command, env={**os.environ, **font_env}, timeout=timeout)
    except subprocess.TimeoutExpired:
        raise ProjectError(Problem(str(docx_path), f"LibreOffice 在 {timeout} 秒内没有完成导出", TIMEOUT_HINT)) from None
    produced = work / "out" / (docx_path.stem + ".pdf")
    if completed.returncode != 0 or not produced.is_file():
        detail = (completed.stderr or completed.stdout).strip().splitlines()
        raise ProjectError(Problem(str(docx_path), "LibreOffice 导出 PDF 失败" + (f"：{detail[-1]}" if detail else ""),
                                   FAILED_HINT))
    return produced, substitutions


def pages_to_png(pdf_path: Path, folder: Path, *, dpi: int = 60) -> list[Path]:
    """Render each page of `pdf_path` to `folder/page-NN.png` with poppler's pdftoppm."""
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        raise ProjectError(Problem("页面预览", "没有找到 pdftoppm，无法生成页面图片",
                                   "Debian/Ubuntu 运行 sudo apt-get install poppler-utils；"
                                   "Windows 可安装 poppler 并把其 bin 文件夹加入 PATH"))
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("page-*.png"):
        old.unlink()
    try:
        subprocess.run([pdftoppm, "-png", "-r", str(dpi), str(pdf_path), str(folder / "page")],
                       check=True, capture_output=True, timeout=TIMEOUT_SECONDS)
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as exc:
        raise ProjectError(Problem(str(pdf_path), f"生成页面图片失败（{exc}）", "确认 PDF 能正常打开")) from None
    return sorted(folder.glob("page-*.png"))


def contact_sheet(pages: list[Path], target: Path, *, columns: int = 6, thumb_width: int = 240) -> Path:
    """All pages side by side in one image, numbered, for a glance at the whole report."""
    from PIL import Image, ImageDraw

    thumbs = []
    for page in pages:
        with Image.open(page) as image:
            height = round(image.height * thumb_width / image.width)
            thumbs.append(image.convert("RGB").resize((thumb_width, height), Image.Resampling.LANCZOS))
    gap, label = 16, 22
    rows = math.ceil(len(thumbs) / columns)
    cell_height = max(t.height for t in thumbs) + label
    sheet = Image.new("RGB", (columns * (thumb_width + gap) + gap, rows * (cell_height + gap) + gap), "#d9d9d9")
    draw = ImageDraw.Draw(sheet)
    for index, thumb in enumerate(thumbs):
        x = gap + (index % columns) * (thumb_width + gap)
        y = gap + (index // columns) * (cell_height + gap)
        sheet.paste(thumb, (x, y))
        draw.text((x + thumb_width // 2 - 8, y + thumb.height + 4), str(index + 1), fill="black")
    target.parent.mkdir(parents=True, exist_ok=True)
    sheet.save(target)
    return target
