"""Replacing the marker paragraphs left by `表格()` and `插图()` with real tables and figures.

Runs once on the assembled document, so every picture and chart lands in the
final package and every caption is in document order for `number_captions`.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from dataclasses import dataclass

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Emu, Mm, Twips
from docx.text.paragraph import Paragraph

from reportgen import styles
from reportgen.captions import APPENDIX_LABEL, FIGURE_LABEL, Scheme, caption, chapter_heading_id
from reportgen.image_cache import ImageCache
from reportgen.model import CHART, FigureSpec, ReportData, TableSpec
from reportgen.oxml import paragraph as oxml_paragraph
from reportgen.oxml import table as oxml_table
from reportgen.oxml.chart import chart_parts, insert_chart
from reportgen.pictures import PictureInserter
from reportgen.problems import Problems
from reportgen.profile import Profile
from reportgen.references import Bookmarks
from reportgen.render import FIGURE, MARK_CLOSE, MARK_OPEN, MARKER, TABLE, BlockRequest

ALIGN = {"right": WD_ALIGN_PARAGRAPH.RIGHT, "center": WD_ALIGN_PARAGRAPH.CENTER, "left": WD_ALIGN_PARAGRAPH.LEFT}
# Tall pictures are scaled down to leave room for the caption on the same page.
MAX_FIGURE_HEIGHT = Cm(19)
CHART_ASPECT = 0.62
KEEP_TOGETHER_ROWS = 20  # tables up to this size stay on one page with a caption below them


def _paragraph_before(document, anchor, style: str, text: str = "", align=None) -> Paragraph:
    paragraph = Paragraph(anchor.makeelement(anchor.tag), document._body)
    anchor.addprevious(paragraph._p)
    paragraph._p.style = styles.style_id(document, style)
    if text:
        paragraph.add_run(text)
    if align is not None:
        paragraph.alignment = align
    return paragraph


def _display_width(text: str) -> int:
    """Width of a line of text in half-width characters (CJK characters count two)."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _column_widths(spec: TableSpec, total_twips: int) -> list[int]:
    """Column widths in proportion to the widest unmerged cell text, between four and seven characters
    wide before scaling, so one long header wraps rather than starving the other columns."""
    rows, cols = spec.grid.size
    spanned = {(r, c) for r0, c0, r1, c1 in spec.grid.merges if c1 > c0
               for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)}
    wants = []
    for c in range(cols):
        widths = [_display_width(spec.grid.cells[r][c]) for r in range(rows) if (r, c) not in spanned]
        wants.append(min(14, max([8, *widths])))
    scale = total_twips / sum(wants)
    return [round(w * scale) for w in wants]


def _build_table(document, anchor, spec: TableSpec, profile: Profile) -> None:
    rows, cols = spec.grid.size
    table = document.add_table(rows=rows, cols=cols)
    anchor.addprevious(table._tbl)
    table._tbl.tblPr.style = styles.style_id(document, styles.TABLE_GRID)
    total = round(Mm(profile.text_width_mm).twips)
    oxml_table.set_full_grid(table._tbl, total)
    widths = _column_widths(spec, total)
    for column, width in zip(table.columns, widths):
        column.width = Twips(width)
    # table.cell() rebuilds the whole cell list on each call: index the cells once.  Merges are
    # disjoint and a merge only changes the cells it covers, so the index stays valid for the rest.
    grid = [row.cells for row in table.rows]
    covered = set()
    for r0, c0, r1, c1 in spec.grid.merges:
        grid[r0][c0].merge(grid[r1][c1])
        covered |= {(r, c) for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)} - {(r0, c0)}
    oxml_table.set_cell_widths(table._tbl, widths)
    for r, row in enumerate(table.rows):
        if r < spec.header_rows:
            oxml_table.mark_header_row(row._tr)
        oxml_table.keep_row_together(row._tr)
    number_align = ALIGN[profile.table_number_align]
    text_style = styles.style_id(document, styles.TABLE_TEXT)
    for r in range(rows):
        for c in range(cols):
            if (r, c) in covered:
                continue
            cell = grid[r][c]
            oxml_table.align_vertically(cell._tc, "center")
            paragraph = cell.paragraphs[0]
            paragraph._p.style = text_style
            is_number = spec.grid.numeric[r][c] and r >= spec.header_rows
            paragraph.alignment = number_align if is_number else WD_ALIGN_PARAGRAPH.CENTER
            text = spec.grid.cells[r][c]
            if text:
                paragraph.add_run(text)
    if profile.table_caption == "below" and rows <= KEEP_TOGETHER_ROWS:
        for row in table.rows:
            for cell in row.cells:
                for paragraph in cell.paragraphs:
                    paragraph.paragraph_format.keep_with_next = True


def _insert_table(document, anchor, spec: TableSpec, ctx: "BlockContext") -> None:
    profile = ctx.profile
    above = profile.table_caption == "above"
    first = anchor.getprevious()
    if above:
        anchor.addprevious(ctx.caption(document, spec.label, spec.title, spec.name, keep_with_next=True))
    if spec.unit:
        unit = spec.unit if spec.unit.startswith("单位") else f"单位：{spec.unit}"
        _paragraph_before(document, anchor, styles.TABLE_NOTE, unit, WD_ALIGN_PARAGRAPH.RIGHT) \
            .paragraph_format.keep_with_next = True
    _build_table(document, anchor, spec, profile)
    if spec.note:
        note = spec.note if spec.note.startswith("注") else f"注：{spec.note}"
        _paragraph_before(document, anchor, styles.TABLE_NOTE, note)
    if not above:
        anchor.addprevious(ctx.caption(document, spec.label, spec.title, spec.name))
    if spec.label == APPENDIX_LABEL:
        _start_page(document, first.getnext() if first is not None else anchor.getparent()[0], first)


def _start_page(document, block_start, before) -> None:
    """Start a new page with the block beginning at `block_start` (an appendix table), taking the
    heading right before it along (a "附表" heading stays with the first appendix table)."""
    if before is not None and before.tag == qn("w:p") and _is_heading(document, before):
        block_start = before
    if block_start.tag == qn("w:p"):
        Paragraph(block_start, document._body).paragraph_format.page_break_before = True
    else:  # a table: Word and LibreOffice break before a paragraph, not before a row
        block_start.addprevious(oxml_paragraph.page_break_paragraph())


def _is_heading(document, p) -> bool:
    style = document.styles.element.get_by_id(p.style) if p.style else None
    return style is not None and style.find(f"{qn('w:pPr')}/{qn('w:outlineLvl')}") is not None


@dataclass
class BlockContext:
    """What inserting tables and figures needs besides the data: settings, pictures, bookmarks,
    and the number of the chapter being filled."""

    profile: Profile
    cache: ImageCache
    pictures: PictureInserter
    bookmarks: Bookmarks
    scheme: Scheme = Scheme()
    chapter: int = 0

    def caption(self, document, label: str, title: str, name: str, keep_with_next: bool = False):
        """A caption numbered in this context's scheme and chapter, its number bookmarked for references."""
        return caption(document, label, title, self.scheme, self.chapter, keep_with_next=keep_with_next,
                       bookmark=lambda runs: self.bookmarks.around(label, name, runs))


def _figure_size(spec: FigureSpec, available: int, profile: Profile) -> tuple[Emu, Emu]:
    width = spec.width_emu(Mm(profile.text_width_mm), available)
    if spec.kind == CHART:
        return Emu(width), Emu(round(width * CHART_ASPECT))
    pixels_w, pixels_h = spec.pixels
    height = width * pixels_h / pixels_w
    if height > MAX_FIGURE_HEIGHT:
        width, height = width * MAX_FIGURE_HEIGHT / height, MAX_FIGURE_HEIGHT
    return Emu(round(width)), Emu(round(height))


def _draw(run, spec: FigureSpec, available: int, ctx: BlockContext) -> None:
    """The picture or native chart of `spec` in `run`, at most `available` EMU wide."""
    profile = ctx.profile
    width, height = _figure_size(spec, available, profile)
    if spec.kind == CHART:
        chart_xml, workbook = ctx.cache.chart(
            chart_parts, kind=spec.chart_kind, categories=spec.chart.categories,
            series=[list(s) for s in spec.chart.series], east_asian_font=profile.table_font,
            latin_font=profile.latin_font, font_size_pt=profile.table_size_pt)
        insert_chart(run, chart_xml, workbook, width, height, doc_pr_id=ctx.pictures.next_shape_id())
    else:
        blob, fmt = ctx.cache.prepared(spec.image, width, profile.image_dpi)
        ctx.pictures.add(run, blob, fmt, width, height, spec.image.name)


def _grid_columns(count: int) -> int:
    return 1 if count == 1 else 2 if count in (2, 4) else 3


def _available_width(count: int, profile: Profile) -> int:
    """How wide a figure may be when `count` figures share a row set (one figure: the text width)."""
    columns = _grid_columns(count)
    return Mm(profile.text_width_mm) if columns == 1 else Mm(profile.text_width_mm) // columns - Mm(4)


def _planned_pictures(requests: list[BlockRequest], data: ReportData, profile: Profile):
    """(photo, placed width) for every photo the draft will hold, in document order."""
    for request in requests:
        if request.kind == FIGURE:
            available = _available_width(len(request.names), profile)
            for spec in (data.figures[name] for name in request.names):
                if spec.kind != CHART:
                    yield spec.image, _figure_size(spec, available, profile)[0]


def likely_pictures(data: ReportData, profile: Profile):
    """Every listed photo at its width when placed alone: what a build will most likely need,
    known before the templates are rendered."""
    for spec in data.figures.values():
        if spec.kind != CHART:
            yield spec.image, _figure_size(spec, _available_width(1, profile), profile)[0]


def _insert_figure(document, anchor, spec: FigureSpec, ctx: BlockContext) -> None:
    above = ctx.profile.figure_caption == "above"
    if above:
        anchor.addprevious(ctx.caption(document, FIGURE_LABEL, spec.title, spec.name, keep_with_next=True))
    paragraph = _paragraph_before(document, anchor, styles.FIGURE)
    _draw(paragraph.add_run(), spec, _available_width(1, ctx.profile), ctx)
    if above:
        paragraph.paragraph_format.keep_with_next = False
    else:
        anchor.addprevious(ctx.caption(document, FIGURE_LABEL, spec.title, spec.name))


def _insert_figure_grid(document, anchor, specs: list[FigureSpec], ctx: BlockContext) -> None:
    """Several figures side by side (two) or in a grid, each numbered with its own caption."""
    columns = _grid_columns(len(specs))
    rows = -(-len(specs) // columns)
    total = round(Mm(ctx.profile.text_width_mm).twips)
    table = document.add_table(rows=rows, cols=columns)
    anchor.addprevious(table._tbl)
    oxml_table.set_layout_grid(table._tbl, total)
    oxml_table.set_cell_widths(table._tbl, [total // columns] * columns)
    above = ctx.profile.figure_caption == "above"
    for index, spec in enumerate(specs):
        cell = table.cell(index // columns, index % columns)
        oxml_table.align_vertically(cell._tc, "bottom")  # captions of a row line up
        picture = cell.paragraphs[0]
        picture._p.style = styles.style_id(document, styles.FIGURE)
        picture.paragraph_format.keep_with_next = False  # its caption shares the cell: nothing to keep with
        _draw(picture.add_run(), spec, _available_width(len(specs), ctx.profile), ctx)
        label = ctx.caption(document, FIGURE_LABEL, spec.title, spec.name)
        if above:
            picture._p.addprevious(label)
        else:
            picture._p.addnext(label)
    for row in table.rows:
        oxml_table.keep_row_together(row._tr)


def insert_blocks(document, requests: list[BlockRequest], data: ReportData, ctx: BlockContext,
                  problems: Problems, progress=None) -> Counter:
    """Replace every marker paragraph; return how many tables and figures were inserted."""
    inserted: Counter = Counter()
    body = document.element.body
    markers = []
    # Photos are prepared in worker processes, in document order, while the loop below places
    # each one as soon as it is ready.
    ctx.cache.start(list(_planned_pictures(requests, data, ctx.profile)), ctx.profile.image_dpi)
    chapter_style, chapter = chapter_heading_id(document), ctx.chapter
    for p in body.iter(qn("w:p")):
        if p.style == chapter_style:
            chapter += 1
        text = "".join(t.text or "" for t in p.iter(qn("w:t")))
        ids = MARKER.findall(text)
        if ids:
            markers.append((p, text, ids, chapter))
    for done, (p, text, ids, chapter) in enumerate(markers, 1):
        request = requests[int(ids[0])]
        ctx.chapter = chapter
        if chapter == 0 and any(ctx.scheme.per_chapter(data.label_of(request.kind, n)) for n in request.names):
            problems.warning(request.template, f"{request.shown} 在第一章之前，按章编号时没有章号，将编为“0-N”",
                             "把它移到某一章中，或在格式方案中设置 caption_numbering = \"document\"")
        standalone = len(ids) == 1 and text.strip() == f"{MARK_OPEN}{ids[0]}{MARK_CLOSE}"
        in_table = any(a.tag == qn("w:tc") for a in p.iterancestors())
        if not standalone or in_table:
            shown = MARKER.sub(lambda m: requests[int(m.group(1))].shown, text)
            problems.error(request.template, f"{request.shown} 须单独占一段（且不在表格内），"
                           f"现在所在段落为“{shown[:60]}”", "把这个标签放到单独的一段中")
            continue
        if request.kind == TABLE:
            _insert_table(document, p, data.tables[request.names[0]], ctx)
            inserted[TABLE] += 1
        else:
            specs = [data.figures[name] for name in request.names]
            if len(specs) == 1:
                _insert_figure(document, p, specs[0], ctx)
            else:
                _insert_figure_grid(document, p, specs, ctx)
            inserted[FIGURE] += len(specs)
        p.getparent().remove(p)
        if progress is not None:
            progress(done, len(markers))
    return inserted
