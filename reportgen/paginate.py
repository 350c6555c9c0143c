"""The layout pass: on which page, and where on it, LibreOffice sets the paragraphs we ask about.

Word alone knows where its pages break, and Word cannot run here; LibreOffice
headless can, with the machinery of `reportgen pdf` (private profile, time
limit).  The draft is saved with a temporary bookmark ("probe") at the start
of each paragraph of interest and of each section, and exported to PDF with
bookmarks as named destinations: each destination names the page and the
height its paragraph starts at.  The page number printed on each page then
follows from where each section starts and how it numbers its pages.
"""

from __future__ import annotations

import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from docx.oxml.ns import qn

from reportgen.oxml import package
from reportgen.oxml.bookmark import mark_paragraph
from reportgen.oxml.fields import iter_fields
from reportgen.problems import ProjectError

EXPORT = {"ExportBookmarksToPDFDestination": True}
TIMEOUT_SECONDS = 180
PROBE = "RGProbe"  # letters and digits only: LibreOffice escapes anything else in destination names
_PROBE_IDS = 2_000_000_000  # far above any bookmark id a document uses


class LayoutUnavailable(Exception):
    """No layout pass: LibreOffice is missing, failed or took too long (the reason in Chinese)."""


@dataclass
class Layout:
    # Keyed by the paragraph elements themselves: holding them keeps lxml's proxy for each alive, so a
    # later lookup of the same paragraph finds the same key (an id() could be reused).
    pages: dict  # probed paragraph -> physical page, from 0
    tops: dict  # probed paragraph -> how far below the page's top edge it starts (pt)
    labels: list[str | None]  # the page number printed on each physical page, None where none is

    def page(self, p) -> int | None:
        return self.pages.get(p)

    def top(self, p) -> float | None:
        return self.tops.get(p)

    def label(self, p) -> str | None:
        """The page number printed on the page paragraph `p` starts on."""
        page = self.pages.get(p)
        return None if page is None else self.labels[page]


def measure(document, paragraphs, *, timeout: int = TIMEOUT_SECONDS) -> Layout:
    """Lay the document out with LibreOffice and find where each of `paragraphs` starts.

    Raises `LayoutUnavailable` when LibreOffice cannot do it.
    """
    from reportgen import convert  # imported when used: most builds need no layout pass

    starts = _section_starts(document)
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
            pdf = convert.to_pdf(probe, Path(work) / "probe.pdf", timeout=timeout, options=EXPORT)
        except ProjectError as error:
            raise LayoutUnavailable("；".join(p.message for p in error.problems.items)) from None
        pages, tops, count = _destinations(pdf, names)
    first_pages = [pages.get(p) for p in starts]
    return Layout(pages, tops, _labels(document, first_pages, count))


def _destinations(pdf: Path, names: dict) -> tuple[dict, dict, int]:
    """Page and height of each probe's named destination in `pdf`, and the page count."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    pages, tops = {}, {}
    try:
        reader = PdfReader(pdf)
        for name, destination in reader.named_destinations.items():
            key = names.get(str(name).lstrip("/"))
            if key is None:
                continue
            page = reader.get_destination_page_number(destination)
            pages[key] = page
            top = destination.top
            if top is not None:
                tops[key] = float(reader.pages[page].mediabox.top) - float(top)
        count = len(reader.pages)
    except (PyPdfError, OSError, ValueError, KeyError) as exc:
        raise LayoutUnavailable(f"无法读取 LibreOffice 导出的 PDF（{exc}）") from None
    return pages, tops, count


def _section_starts(document) -> list:
    """The first paragraph of each section, in order."""
    starts, new_section = [], True
    for element in document.element.body:
        if element.tag == qn("w:sectPr"):
            break
        if new_section:
            first = element if element.tag == qn("w:p") else next(element.iter(qn("w:p")), None)
            if first is not None:
                starts.append(first)
                new_section = False
        if element.tag == qn("w:p") and element.find(f"{qn('w:pPr')}/{qn('w:sectPr')}") is not None:
            new_section = True
    return starts


_PAGE_FIELD = re.compile(r"^\s*PAGE\b", re.I)


def _numbering(document) -> list[tuple[int | None, str, bool]]:
    """Per section: where its page numbers restart, their format, and whether its footer prints them."""
    part = document.part
    shown = None  # a section without a default footer of its own has the previous section's
    numbering = []
    for section in document.sections:
        sect_pr = section._sectPr
        for reference in sect_pr.findall(qn("w:footerReference")):
            if reference.get(qn("w:type")) == "default":
                footer = part.related_parts[reference.get(qn("r:id"))]
                shown = any(_PAGE_FIELD.match(f.instruction) for f in iter_fields(footer.element))
        number_type = sect_pr.find(qn("w:pgNumType"))
        start = number_type.get(qn("w:start")) if number_type is not None else None
        style = number_type.get(qn("w:fmt")) if number_type is not None else None
        numbering.append((int(start) if start else None, style or "decimal", bool(shown)))
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
    numbering = _numbering(document)
    number = 0
    for index, (start, style, shown) in enumerate(numbering):
        first = first_pages[index] if index < len(first_pages) else None
        if first is None:
            continue
        following = [p for p in first_pages[index + 1:] if p is not None]
        last = following[0] if following else count
        if start is not None:
            number = start - 1
        for page in range(first, last):
            number += 1
            labels[page] = _shown(number, style) if shown else None
    return labels


MAX_PASSES = 4


def lay_out(document, lists, tables, problems) -> None:
    """Mark where long tables continue (续表) and write the page numbers of the 目录 and lists, from
    layout passes: a pass after each round of splits, until nothing moves.  Without LibreOffice, warn."""
    targets = [entry.target for contents in lists for entry in contents.entries]
    if not targets and not any(table.likely_to_break for table in tables):
        return  # nothing to number, and every table will most likely fit its page
    for passes in range(1, MAX_PASSES + 1):
        try:
            layout = measure(document, [*targets, *(p for table in tables for p in table.probes())])
        except LayoutUnavailable as exc:
            _unavailable(str(exc), bool(targets), any(table.likely_to_break for table in tables), problems)
            return
        moved = [table.settle(layout) for table in tables]
        if not any(moved):
            break
    else:
        problems.warning("续表", f"排版 {MAX_PASSES} 次后跨页表格的分页仍在变化，续表或目录页码可能不准",
                         "在 Word 中检查跨页表格；目录可右击选择“更新域”")
    for contents in lists:
        contents.fill(layout.label)
    missing = sum(1 for target in targets if layout.label(target) is None)
    if missing:
        problems.warning("目录页码", f"有 {missing} 个目录条目所在的页面没有页码，这些条目的页码空着",
                         "检查这些标题或题注是否在封面或不编页码的页面上")


def _unavailable(reason: str, lists: bool, tables: bool, problems) -> None:
    if lists:
        problems.warning("目录页码", f"未能用 LibreOffice 排版（{reason}），目录中的页码空着",
                         "在 Word 中打开草稿，右击目录选择“更新域”→“只更新页码”（或全选后按 F9）；"
                         "安装 LibreOffice 后重新生成即可直接得到页码")
    if tables:
        problems.warning("续表", f"未能用 LibreOffice 排版（{reason}），跨页表格没有标“续表”（表头仍在每页重复）",
                         "安装 LibreOffice 后重新生成")
