"""Replacing the marker paragraphs left by `表格()` and `插图()` with real tables and figures.

Runs once on the assembled document, so every picture and chart lands in the
final package and every caption is in document order for `number_captions`.
Here each block also gets its place in the page flow: the chapter it is
numbered in, a new page for an appendix table, a landscape page of its own.
"""

from __future__ import annotations

from collections import Counter

from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph

from reportgen.captions import APPENDIX_LABEL, chapter_heading_id
from reportgen.figures import insert_figure, insert_figure_grid, planned_pictures
from reportgen.model import ReportData
from reportgen.oxml import paragraph as oxml_paragraph
from reportgen.oxml import section as oxml_section
from reportgen.placing import BlockContext
from reportgen.problems import Problems
from reportgen.render import FIGURE, LISTS, MARKER, TABLE, BlockRequest
from reportgen.tables import insert_table


def _is_heading(document, element) -> bool:
    if element is None or element.tag != qn("w:p") or not element.style:
        return False
    style = document.styles.element.get_by_id(element.style)
    return style is not None and style.find(f"{qn('w:pPr')}/{qn('w:outlineLvl')}") is not None


def _block_start(document, start):
    """Where a block's page begins: the block, or the heading right before it (a "附表" heading
    goes with the first appendix table, a section heading with its landscape table)."""
    before = start.getprevious()
    return before if _is_heading(document, before) else start


def _start_page(document, start) -> None:
    """Start a new page at `start` (an appendix table, or the heading before it)."""
    if start.tag == qn("w:p"):
        Paragraph(start, document._body).paragraph_format.page_break_before = True
    else:  # a table: Word and LibreOffice break before a paragraph, not before a row
        start.addprevious(oxml_paragraph.page_break_paragraph())


def insert_blocks(document, requests: list[BlockRequest], data: ReportData, ctx: BlockContext,
                  problems: Problems, progress=None) -> Counter:
    """Replace every marker paragraph; return how many tables and figures were inserted."""
    inserted: Counter = Counter()
    body = document.element.body
    markers = []
    # Photos are prepared in worker processes, in document order, while the loop below places
    # each one as soon as it is ready.
    ctx.cache.start(list(planned_pictures(requests, data, ctx.profile)), ctx.profile.image_dpi)
    chapter_style, chapter = chapter_heading_id(document), ctx.chapter
    for p in body.iter(qn("w:p")):
        if p.style == chapter_style:
            chapter += 1
        text = "".join(t.text or "" for t in p.iter(qn("w:t")))
        ids = MARKER.findall(text)
        if ids:
            markers.append((p, ids, chapter))
    total, done = sum(requests[int(ids[0])].kind not in LISTS for _, ids, _ in markers), 0
    for p, ids, chapter in markers:
        request = requests[int(ids[0])]
        ctx.chapter = chapter
        if chapter == 0 and any(ctx.scheme.per_chapter(data.label_of(request.kind, n)) for n in request.names):
            problems.warning(request.template, f"{request.shown} 在第一章之前，按章编号时没有章号，将编为“0-N”",
                             "把它移到某一章中，或在格式方案中设置 caption_numbering = \"document\"")
        if request.kind in LISTS:
            continue  # listed once every caption is numbered: `contents.insert_lists`
        ctx.landscape = data.landscape_of(request.kind, request.names)
        before = p.getprevious()
        if request.kind == TABLE:
            insert_table(document, p, data.tables[request.names[0]], ctx)
            inserted[TABLE] += 1
        else:
            specs = [data.figures[name] for name in request.names]
            if len(specs) == 1:
                insert_figure(document, p, specs[0], ctx)
            else:
                insert_figure_grid(document, p, specs, ctx)
            inserted[FIGURE] += len(specs)
        start = _block_start(document, before.getnext() if before is not None else body[0])
        if ctx.landscape:
            oxml_section.on_landscape_page(start, p)
        elif request.kind == TABLE and data.tables[request.names[0]].label == APPENDIX_LABEL:
            _start_page(document, start)
        oxml_section.remove_paragraph(p)
        done += 1
        if progress is not None:
            progress(done, total)
    return inserted
