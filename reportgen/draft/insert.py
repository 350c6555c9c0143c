"""Replacing the marker paragraphs left by `表格()` and `插图()` with real tables and figures.

Runs once on the assembled document, so every picture and chart lands in the
final package and every caption is in document order for `number_captions`.
Here each block also gets its place in the page flow: the chapter it is
numbered in, a new page for an appendix table, a landscape page of its own.
"""

from __future__ import annotations

from collections import Counter

from docx.text.paragraph import Paragraph

from reportgen.data.report_data import ReportData
from reportgen.draft import styles
from reportgen.draft.block_context import BlockContext, Place
from reportgen.draft.captions import (
    APPENDIX_LABEL,
    ATTACHMENT_LABEL,
    chapter_heading_id,
)
from reportgen.draft.figures import insert_figure, insert_figure_grid, planned_pictures
from reportgen.draft.tables import insert_table
from reportgen.oxml import paragraph as oxml_paragraph
from reportgen.oxml import section as oxml_section
from reportgen.oxml.text import text_of
from reportgen.problems import Problems
from reportgen.render.jinja import FIGURE, LISTS, MARKER, TABLE, BlockRequest


def _block_start(start, levels: dict[str, int]):
    """Where a block's page begins: the block, or the heading right before it (a "附表" heading
    goes with the first appendix table, a section heading with its landscape table)."""
    before = start.getprevious()
    heading = oxml_paragraph.is_paragraph(before) and styles.outline_level(before, levels) is not None
    return before if heading else start


def _start_page(document, start) -> None:
    """Start a new page at `start` (an appendix table, or the heading before it)."""
    if oxml_paragraph.is_paragraph(start):
        Paragraph(start, document._body).paragraph_format.page_break_before = True
    else:  # a table: Word and LibreOffice break before a paragraph, not before a row
        start.addprevious(oxml_paragraph.page_break_paragraph())


def insert_blocks(document, requests: list[BlockRequest], data: ReportData, ctx: BlockContext,
                  problems: Problems, progress=None, *, chapters_before: int = 0):
    """Replace every table and figure marker paragraph; return how many tables and figures were
    inserted, and the tables (`continued.PagedTable`) and figures (`fitting.PagedFigure`) for the
    layout pass.

    `chapters_before` counts the chapters before the document's first (a section built alone).
    """
    inserted: Counter = Counter()
    tables, figures = [], []
    body = document.element.body
    # Photos are prepared in worker processes, in document order, while the loop below places
    # each one as soon as it is ready.
    ctx.cache.start(list(planned_pictures(requests, data, ctx.profile)), ctx.profile.image_dpi)
    chapter_style, chapter, markers = chapter_heading_id(document), chapters_before, []
    for p in oxml_paragraph.paragraphs(body):
        if p.style == chapter_style:
            chapter += 1
        ids = MARKER.findall(text_of(p))
        if ids and requests[int(ids[0])].kind not in LISTS:  # lists come once captions are numbered
            markers.append((p, requests[int(ids[0])], chapter))
    levels = styles.outline_levels(document)
    for done, (p, request, chapter) in enumerate(markers, 1):
        if chapter == 0 and any(ctx.scheme.per_chapter(data.label_of(request.kind, n)) for n in request.names):
            problems.warning(request.template, f"{request.shown} 在第一章之前，按章编号时没有章号，将编为“0-N”",
                             "把它移到某一章中，或在格式方案中设置 caption_numbering = \"document\"")
        in_landscape = oxml_section.is_landscape(oxml_section.governing_section(p))  # the template's own
        place = Place(chapter, data.landscape_of(request.kind, request.names) or in_landscape)
        before = p.getprevious()
        if request.kind == TABLE:
            spec = data.tables[request.names[0]]
            tables.append(insert_table(document, p, spec, ctx, place))
            inserted[TABLE] += 1
        else:
            specs = [data.figures[name] for name in request.names]
            if len(specs) == 1:
                figures.append(insert_figure(document, p, specs[0], ctx, place))
            else:
                insert_figure_grid(document, p, specs, ctx, place)
            inserted[FIGURE] += len(specs)
        start = _block_start(before.getnext() if before is not None else body[0], levels)
        if place.landscape and not in_landscape:
            oxml_section.on_landscape_page(start, p)
        elif request.kind == TABLE and spec.label in (APPENDIX_LABEL, ATTACHMENT_LABEL):
            _start_page(document, start)
        oxml_section.remove_paragraph(p)
        if progress is not None:
            progress(done, len(markers))
    return inserted, [table for table in tables if table is not None], [f for f in figures if f is not None]
