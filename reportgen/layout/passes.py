"""The layout pass: on which page LibreOffice sets the paragraphs we ask about.

Word alone knows where its pages break, and Word cannot run here; LibreOffice
headless can, with the machinery of `reportgen pdf` (private profile, time
limit).  The draft is saved with a temporary bookmark ("probe") at the start
of each paragraph of interest and of each section, and exported to PDF with
bookmarks as named destinations: each destination names the page its
paragraph starts on.  The page number printed on each page then follows from
where each section starts and how it numbers its pages.

`lay_out` runs passes until the figures and tables settle (`fitting`,
`continued`), then writes the 目录's page numbers (`contents`).
"""

from __future__ import annotations

import contextlib
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from reportgen.layout.office_process import LAYOUT_FOLDER, temporary_prefix
from reportgen.layout.pass_cache import LayoutCache
from reportgen.oxml import package
from reportgen.oxml import section as oxml_section
from reportgen.oxml import table_xml as oxml_table
from reportgen.oxml.bookmark import mark_end, mark_paragraph
from reportgen.oxml.drawing import charts_as_pictures
from reportgen.oxml.fields import iter_fields
from reportgen.problems import ReportgenError

EXPORT = {"ExportBookmarksToPDFDestination": True}  # a LibreOffice 7.4 export option
TIMEOUT_SECONDS = 180
MAX_PASSES = 6
PROBE = "RGProbe"  # letters and digits only: LibreOffice escapes anything else in destination names
_PROBE_IDS = 2_000_000_000  # far above any bookmark id a document uses


class LayoutUnavailable(ReportgenError):
    """No layout pass: LibreOffice is missing, failed or took too long (the reason in Chinese)."""


@dataclass
class PageMap:
    """Where a layout pass put the probed paragraphs."""

    # Keyed by the paragraph elements themselves: holding them keeps lxml's proxy for each alive, so a
    # later lookup of the same paragraph finds the same key (an id() could be reused).
    pages: dict  # probed paragraph -> physical page, from 0
    labels: list[str | None]  # the page number printed on each physical page, None where none is
    tops: dict = field(default_factory=dict)  # probed paragraph -> top of its first line, pt above the page's foot
    ends: dict = field(default_factory=dict)  # paragraph probed at its end -> (page, top of its last line)

    def page(self, p) -> int | None:
        return self.pages.get(p)

    def top(self, p) -> float | None:
        return self.tops.get(p)

    def end(self, p) -> tuple[int, float] | None:
        """The page paragraph `p` ends on, and the top of its last line there."""
        return self.ends.get(p)

    def label(self, p) -> str | None:
        """The page number printed on the page paragraph `p` starts on."""
        page = self.pages.get(p)
        return None if page is None else self.labels[page]


def measure(document, paragraphs, *, ends=(), cut=None, office=None, cache: LayoutCache | None = None) -> PageMap:
    """Lay the document out with LibreOffice and find the page (and height on it) each of `paragraphs`
    starts on, and each of `ends` ends on.  `cut` ({w:tbl: rows}) ends those tables early in the copy
    laid out: LibreOffice takes minutes over a table of thousands of rows.  A pass `cache` remembers
    is not run again.  `office` (`office.session()`) runs the pass; by default one is started for it.

    Raises `LayoutUnavailable` when LibreOffice cannot do it.
    """

    starts = oxml_section.section_starts(document.element.body)
    wanted = list(dict.fromkeys([*paragraphs, *starts]))
    names = {}
    with tempfile.TemporaryDirectory(prefix=temporary_prefix(LAYOUT_FOLDER)) as work:
        probe = Path(work) / "probe.docx"
        added = []
        try:
            for number, p in enumerate(wanted):
                names[f"{PROBE}{number}"] = (p, False)
                added += mark_paragraph(p, _PROBE_IDS + number, f"{PROBE}{number}", whole=False)
            for number, p in enumerate(dict.fromkeys(ends), start=len(wanted)):
                names[f"{PROBE}{number}"] = (p, True)
                added += mark_end(p, _PROBE_IDS + number, f"{PROBE}{number}")
            with contextlib.ExitStack() as cuts:
                for tbl, keep in (cut or {}).items():
                    cuts.enter_context(oxml_table.rows_cut_after(tbl, keep))
                cuts.enter_context(charts_as_pictures(document.part, package.TINY_PICTURE))
                package.save(document, probe, layout_only=True)
        finally:
            for element in added:
                element.getparent().remove(element)
        with contextlib.ExitStack() as own:
            office = office or own.enter_context(_session())
            by_name, count = _laid_out(probe, Path(work) / "probe.pdf", office, cache or LayoutCache(None))
    found = {names[name]: place for name, place in by_name.items() if name in names}
    if not found:  # LibreOffice before 7.4 ignores the export option
        raise LayoutUnavailable("LibreOffice 没有导出书签所在的页（需要 LibreOffice 7.4 或更新版本）")
    pages = {p: page for (p, at_end), (page, _) in found.items() if not at_end}
    return PageMap(pages, _labels(document, [pages.get(p) for p in starts], count),
                   tops={p: top for (p, at_end), (_, top) in found.items() if not at_end},
                   ends={p: place for (p, at_end), place in found.items() if at_end})


def _laid_out(probe: Path, pdf: Path, office, cache: LayoutCache) -> tuple[dict, int]:
    """The pass over `probe` in `office`, or what `cache` remembers of the same pass: (page, top) by
    destination name, and the page count."""
    from reportgen.layout import export, font_substitutes
    from reportgen.layout.office import OfficeError

    key = cache.key(probe, export.find_soffice(), sorted(font_substitutes.installed_families()), EXPORT)
    remembered = cache.get(key)
    if remembered is not None:
        return remembered
    try:
        office.convert(probe, pdf, EXPORT)
    except OfficeError as error:
        raise LayoutUnavailable(str(error)) from None
    found, count = _destinations(pdf)
    if found:
        cache.put(key, found, count)
    return found, count


def _session():
    """One office for the passes of a build (`office.session`).  Imported when used: most builds need
    no layout pass."""
    from reportgen.layout.office import session
    return session(TIMEOUT_SECONDS)


def _destinations(pdf: Path) -> tuple[dict, int]:
    """The page of each named destination in `pdf` and its height on the page (the /XYZ destination's
    top, in points above the page's foot), and the page count."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    found = {}
    try:
        reader = PdfReader(pdf)
        for name, destination in reader.named_destinations.items():
            if str(name).lstrip("/").startswith(PROBE):
                found[str(name).lstrip("/")] = (reader.get_destination_page_number(destination),
                                                float(destination.top or 0))
        count = len(reader.pages)
    except (PyPdfError, OSError, ValueError, KeyError, TypeError):
        raise LayoutUnavailable("无法读取 LibreOffice 导出的 PDF") from None
    return found, count


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


def lay_out(document, lists, tables, figures, problems, cache: LayoutCache | None = None,
            parts=()) -> int | None:
    """Fit figures that would leave a page half empty (`fitting`), mark where tables continue (续表),
    place the `parts` that need a page of their own kind (a 公文's 署名 and 版记, `gongwen`), and write
    the page numbers of the 目录 and lists, from layout passes until nothing moves.  Without
    LibreOffice, warn.  Returns the page count, when a pass ran and nothing moved after it.

    A part has `probes()` and `end_probes()` (paragraphs to find the start and the end of),
    `settle(pages)` (move it; whether anything changed), `without_layout()` (back to where it holds
    unchecked), `report(pages, problems)` (what the pages still break, as warnings) and
    `blank_pages(pages)` (pages it adds that a pass does not see: LibreOffice leaves them out)."""
    targets = [entry.target for contents in lists for entry in contents.entries]
    if (not targets and not any(t.likely_to_break for t in tables) and not any(f.needs_a_pass() for f in figures)
            and not parts):
        return None  # nothing to number, no long table, no figure tall enough to leave half a page empty
    horizon = None if parts else next((t for t in tables if t.can_be_cut() and t.too_long_to_lay_out()), None)
    if horizon is not None:  # what follows it is not measured: its pages would take minutes
        later = _after(horizon.tbl)
        unmeasured = [t for t in targets if later(t)], [t for t in tables if later(t.tbl)], \
            [f for f in figures if any(later(p) for p in f.probes())]
        targets, tables, figures = ([item for item in items if item not in skipped]
                                    for items, skipped in zip((targets, tables, figures), unmeasured))
    for table in tables:
        table.shortened = table.can_be_cut() and not _measured_after(
            table.tbl, [*targets, *(p for part in parts for p in [*part.probes(), *part.end_probes()])], tables, figures)
    with _session() as office:
        try:
            pages, settled = _until_settled(document, targets, tables, figures, parts, office, cache)
        except LayoutUnavailable as exc:
            _unavailable(str(exc), bool(targets), any(table.likely_to_break for table in tables), problems)
            for part in parts:
                part.without_layout()
            if parts:
                problems.warning("版记和署名", f"未能用 LibreOffice 排版（{exc}），没有核对署名和成文日期是否单独成页、"
                                 "版记能否与正文同页：版记单独排在最后一个双页", "安装 LibreOffice 后重新生成")
            return None
        finally:
            if not office.via_uno and office.used:
                problems.note("排版", "这个 Python 没有 LibreOffice 的 UNO 接口，每次排版都重新启动一次 LibreOffice，较慢",
                              "Debian/Ubuntu 运行 sudo apt-get install python3-uno；Windows 用 LibreOffice 自带的 Python")
    if not settled:
        for part in parts:  # where it holds without a check
            part.without_layout()
        moving = "、".join(table.caption_text() for table in tables)
        problems.warning("分页", f"排版 {MAX_PASSES} 次后分页仍在变化{f'（{moving}）' if moving else ''}，"
                         "续表、缩小的插图或目录页码可能不准",
                         "在 Word 中检查跨页表格和插图；目录可右击选择“更新域”")
    for part in parts:
        part.report(pages, problems)
    for contents in lists:
        contents.fill(pages.label)
    if horizon is not None and any(unmeasured):
        _beyond(horizon, *unmeasured, problems)
    missing = [entry.text for contents in lists for entry in contents.entries
               if pages.label(entry.target) is None and entry.target in targets]
    if missing:
        problems.warning("目录页码", f"{len(missing)} 个目录条目所在的页面不印页码，其页码空着："
                         + "、".join(missing[:5]) + ("等" if len(missing) > 5 else ""),
                         "检查这些标题或题注是否在封面或不编页码的页面上")
    shortened = any(table.shortened for table in tables)
    if not settled or shortened:
        return None  # a cut pass did not count every page
    return len(pages.labels) + sum(part.blank_pages(pages) for part in parts)


def _until_settled(document, targets, tables, figures, parts, office, cache) -> tuple[PageMap, bool]:
    """Lay out, let the figures, tables and parts move, and again, until nothing moves (or `MAX_PASSES`):
    the last pass's pages, and whether they settled.  Raises `LayoutUnavailable`."""
    for _ in range(MAX_PASSES):
        pages = measure(document, [*targets, *(p for item in [*tables, *figures, *parts] for p in item.probes())],
                        ends=[p for item in [*figures, *parts] for p in item.end_probes()],
                        cut={tbl: keep for table in tables if table.shortened for tbl, keep in table.cut().items()},
                        office=office, cache=cache)
        if _move(pages, figures, tables, document.element.body):
            continue
        if any([part.settle(pages) for part in parts]):  # last: they move only what follows them
            continue
        return pages, True
    return pages, False


def _move(pages, figures, tables, body) -> bool:
    """Let the figures and tables move on one pass's `pages`, in document order; return whether any did.

    A move shifts what follows it.  A table moves only while nothing before it has on this pass (a
    split made on pages that moved could never be taken back): a split (续表) first, and once its
    splits hold, the merged cells its page breaks cut.  Figures all fit on the same pass, as the
    next pass checks each again; one after a table that moved fits as a first guess only, since a
    split or a restarted merged cell moves what follows it down (`PagedFigure.fit`)."""
    order = sorted([(_block_index(body, figure.probes()[0]), True, figure) for figure in figures]
                   + [(_block_index(body, table.tbl), False, table) for table in tables], key=lambda entry: entry[0])
    moved = table_moved = False
    for _, is_figure, item in order:
        if is_figure:
            if item.fit(pages, shifted=table_moved):
                moved = True
        elif not moved and (item.split(pages) or item.restart_cut_merges(pages)):
            moved = table_moved = True
    return moved


def _block_index(body, element) -> int:
    """The index in `body` of the block (paragraph or table) that holds `element`."""
    while element.getparent() is not body:
        element = element.getparent()
    return body.index(element)


def _after(tbl):
    """A test of whether an element of the body lies after the table `tbl`."""
    body = tbl.getparent()
    here = body.index(tbl)
    return lambda element: _block_index(body, element) > here


def _measured_after(tbl, targets, tables, figures) -> bool:
    """Whether anything a pass measures lies after the table `tbl` in the document: its pages would be
    wrong in a copy where the table is cut short."""
    others = [*targets, *(p for figure in figures for p in [*figure.probes(), *figure.end_probes()]),
              *(table.tbl for table in tables if table.tbl is not tbl)]
    return any(map(_after(tbl), others))


def _beyond(horizon, targets, tables, figures, problems) -> None:
    """Say what was not laid out after the long table `horizon`, whose first page alone a pass saw."""
    left = [f"{len(targets)} 个目录条目的页码空着" if targets else "",
            "表格没有标续表" if any(t.likely_to_break for t in tables) else "",
            "插图没有按页面缩放" if any(f.needs_a_pass() for f in figures) else ""]
    if any(left):
        problems.warning("目录页码" if targets else "分页",
                         f"{horizon.caption_text()}（{horizon.body_rows()} 行）很长，LibreOffice 排完整张表格要几分钟，"
                         "只排了它的第一页；其后的内容不知道在哪一页：" + "，".join(item for item in left if item),
                         ("在 Word 中右击目录选择“更新域”→“只更新页码”；" if targets else "")
                         + "把这张长表格移到报告末尾（附表），其后没有目录条目、长表格和大插图时全部都能排好")


def _unavailable(reason: str, lists: bool, tables: bool, problems) -> None:
    if lists:
        problems.warning("目录页码", f"未能用 LibreOffice 排版（{reason}），目录中的页码空着",
                         "在 Word 中打开草稿，右击目录选择“更新域”→“只更新页码”（或全选后按 F9）；"
                         "安装 LibreOffice 后重新生成即可直接得到页码")
    if tables:
        problems.warning("续表", f"未能用 LibreOffice 排版（{reason}），跨页表格没有标“续表”（表头仍在每页重复）",
                         "安装 LibreOffice 后重新生成")
