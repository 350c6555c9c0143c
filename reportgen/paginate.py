"""The layout pass: on which page LibreOffice sets the paragraphs we ask about.

Word alone knows where its pages break, and Word cannot run here; LibreOffice
headless can, with the machinery of `reportgen pdf` (private profile, time
limit).  The draft is saved with a temporary bookmark ("probe") at the start
of each paragraph of interest and of each section, and exported to PDF with
bookmarks as named destinations: each destination names the page its
paragraph starts on.  The page number printed on each page then follows from
where each section starts and how it numbers its pages.

`lay_out` runs passes until the tables settle (`continued`), then writes the
目录's page numbers (`contents`).
"""

from __future__ import annotations

import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from reportgen.oxml import package
from reportgen.oxml import section as oxml_section
from reportgen.oxml.bookmark import mark_paragraph
from reportgen.oxml.fields import iter_fields
from reportgen.problems import ProjectError

EXPORT = {"ExportBookmarksToPDFDestination": True}  # a LibreOffice 7.4 export option
TIMEOUT_SECONDS = 180
MAX_PASSES = 6
PROBE = "RGProbe"  # letters and digits only: LibreOffice escapes anything else in destination names
_PROBE_IDS = 2_000_000_000  # far above any bookmark id a document uses


class LayoutUnavailable(Exception):
    """No layout pass: LibreOffice is missing, failed or took too long (the reason in Chinese)."""


@dataclass
class PageMap:
    """Where a layout pass put the probed paragraphs."""

    # Keyed by the paragraph elements themselves: holding them keeps lxml's proxy for each alive, so a
    # later lookup of the same paragraph finds the same key (an id() could be reused).
    pages: dict  # probed paragraph -> physical page, from 0
    labels: list[str | None]  # the page number printed on each physical page, None where none is

    def page(self, p) -> int | None:
        return self.pages.get(p)

    def label(self, p) -> str | None:
        """The page number printed on the page paragraph `p` starts on."""
        page = self.pages.get(p)
        return None if page is None else self.labels[page]


def measure(document, paragraphs, *, timeout: int = TIMEOUT_SECONDS) -> PageMap:
    """Lay the document out with LibreOffice and find the page each of `paragraphs` starts on.

    Raises `LayoutUnavailable` when LibreOffice cannot do it.
    """
    from reportgen import convert  # imported when used: most builds need no layout pass

    starts = oxml_section.section_starts(document.element.body)
    wanted = list(dict.fromkeys([*paragraphs, *starts]))
    names = {}
    with tempfile.TemporaryDirectory(prefix="reportgen-layout-") as work:
        probe = Path(work) / "probe.docx"
        added = []
        try:
            for number, p in enumerate(wanted):
                names[f"{PROBE}{number}"] = p
                added += mark_paragraph(p, _PROBE_IDS + number, f"{PROBE}{number}", whole=False)
            package.save(document, probe, layout_only=True)
        finally:
            for element in added:
                element.getparent().remove(element)
        try:
            pdf = convert.to_pdf(probe, Path(work) / "probe.pdf", timeout=timeout, options=EXPORT).pdf
        except ProjectError as error:
            raise LayoutUnavailable("；".join(p.message for p in error.problems.items)) from None
        pages, count = _destinations(pdf, names)
    if not pages:  # LibreOffice before 7.4 ignores the export option
        raise LayoutUnavailable("LibreOffice 没有导出书签所在的页（需要 LibreOffice 7.4 或更新版本）")
    return PageMap(pages, _labels(document, [pages.get(p) for p in starts], count))


def _destinations(pdf: Path, names: dict) -> tuple[dict, int]:
    """The page of each probe's named destination in `pdf`, and the page count."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    pages = {}
    try:
        reader = PdfReader(pdf)
        for name, destination in reader.named_destinations.items():
            key = names.get(str(name).lstrip("/"))
            if key is not None:
                pages[key] = reader.get_destination_page_number(destination)
        count = len(reader.pages)
    except (PyPdfError, OSError, ValueError, KeyError):
        raise LayoutUnavailable("无法读取 LibreOffice 导出的 PDF") from None
    return pages, count


_PAGE_FIELD = re.compile(r"^\s*PAGE\b", re.I)


def _numbering(document) -> list[tuple[int | None, str, bool]]:
    """Per section: where its page numbers restart, their format, and whether its footer prints them."""
    shown = False  # a section without a default footer of its own has the previous section's
    numbering = []
    for section in document.sections:
        reference = oxml_section.footer_reference(section._sectPr)
        if reference is not None:
            footer = document.part.related_parts[reference].element
            shown = any(_PAGE_FIELD.match(f.instruction) for f in iter_fields(footer))
        numbering.append((*oxml_section.page_numbering(section._sectPr), shown))
    return numbering


def _roman(n: int) -> str:
    text = ""
    for value, letters in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                           (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            text, n = text + letters, n - value
    return text


def _shown(n: int, style: str) -> str:
    if style == "upperRoman":
        return _roman(n)
    if style == "lowerRoman":
        return _roman(n).lower()
    return str(n)


def _labels(document, first_pages: list[int | None], count: int) -> list[str | None]:
    """The page number printed on each physical page: sections number on from the previous one unless
    they restart, and print their numbers only when their footer has a PAGE field."""
    labels: list[str | None] = [None] * count
    number = 0
    for index, (start, style, shown) in enumerate(_numbering(document)):
        first = first_pages[index] if index < len(first_pages) else None
        if first is None:
            continue
        following = [p for p in first_pages[index + 1:] if p is not None]
        if start is not None:
            number = start - 1
        for page in range(first, following[0] if following else count):
            number += 1
            labels[page] = _shown(number, style) if shown else None
    return labels


def lay_out(document, lists, tables, problems) -> int | None:
    """Mark where tables continue (续表) and write the page numbers of the 目录 and lists, from layout
    passes: first until no table splits, then once more after cut merged cells start again.  Without
    LibreOffice, warn.  Returns the page count, when a pass ran and nothing moved after it."""
    targets = [entry.target for contents in lists for entry in contents.entries]
    if not targets and not any(table.likely_to_break for table in tables):
        return None  # nothing to number, and every table will most likely fit its page
    settled = False
    for _ in range(MAX_PASSES):
        try:
            pages = measure(document, [*targets, *(p for table in tables for p in table.probes())])
        except LayoutUnavailable as exc:
            _unavailable(str(exc), bool(targets), any(table.likely_to_break for table in tables), problems)
            return None
        if any([table.split(pages) for table in tables]):
            continue
        # The splits hold: name each merged cell a page break cuts on its new page (and no other).
        if any([table.restart_cut_merges(pages) for table in tables]):
            continue
        settled = True
        break
    if not settled:
        moving = "、".join(table.caption_text() for table in tables)
        problems.warning("续表", f"排版 {MAX_PASSES} 次后表格的分页仍在变化（{moving}），续表或目录页码可能不准",
                         "在 Word 中检查这些跨页表格；目录可右击选择“更新域”")
    for contents in lists:
        contents.fill(pages.label)
    missing = [entry.text for contents in lists for entry in contents.entries if pages.label(entry.target) is None]
    if missing:
        problems.warning("目录页码", f"{len(missing)} 个目录条目所在的页面不印页码，其页码空着："
                         + "、".join(missing[:5]) + ("等" if len(missing) > 5 else ""),
                         "检查这些标题或题注是否在封面或不编页码的页面上")
    return len(pages.labels) if settled else None


def _unavailable(reason: str, lists: bool, tables: bool, problems) -> None:
    if lists:
        problems.warning("目录页码", f"未能用 LibreOffice 排版（{reason}），目录中的页码空着",
                         "在 Word 中打开草稿，右击目录选择“更新域”→“只更新页码”（或全选后按 F9）；"
                         "安装 LibreOffice 后重新生成即可直接得到页码")
    if tables:
        problems.warning("续表", f"未能用 LibreOffice 排版（{reason}），跨页表格没有标“续表”（表头仍在每页重复）",
                         "安装 LibreOffice 后重新生成")
