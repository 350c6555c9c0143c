"""Figures: photos and native charts, alone or several in a row, each with its numbered caption.

A figure's width comes from the figure list (centimetres, or a share of the
text width), within the space it has; a tall photo is scaled down to leave
room for its caption on the page.  Photos are prepared (rotated, resampled)
by the picture cache, charts drawn as native Word charts.
"""

from __future__ import annotations

from docx.shared import Cm, Emu, Inches, Mm

from reportgen.data.report_data import CHART, FIGURE_LABEL, FigureSpec, ReportData
from reportgen.draft import styles
from reportgen.draft.block_context import BlockContext, Place, paragraph_before
from reportgen.draft.fitting import PagedFigure, fittable, tall
from reportgen.oxml import table_xml as oxml_table
from reportgen.oxml.chart import OUTPUT_VERSION, chart_parts, insert_chart
from reportgen.project.profile import Profile
from reportgen.render.jinja import FIGURE, BlockRequest

CAPTION_ROOM = Cm(3.5)  # a tall picture leaves this much of the text block for its caption
CHART_ASPECT = 0.62


def _figure_size(spec: FigureSpec, available: int, profile: Profile, landscape: bool) -> tuple[Emu, Emu]:
    """The placed size: the listed width within `available`, a photo no taller than its page allows."""
    block_width, block_height = profile.text_block_mm(landscape)
    width: float = spec.width_emu(Mm(block_width), available)
    if spec.kind == CHART:
        return Emu(round(width)), Emu(round(width * CHART_ASPECT))
    pixels_w, pixels_h = spec.pixels
    height = width * pixels_h / pixels_w
    highest = Mm(block_height) - CAPTION_ROOM
    if height > highest:
        width, height = width * highest / height, highest
    return Emu(round(width)), Emu(round(height))


def _draw(run, spec: FigureSpec, available: int, ctx: BlockContext, place: Place) -> None:
    """The picture or native chart of `spec` in `run`, at most `available` EMU wide."""
    profile = ctx.profile
    width, height = _figure_size(spec, available, profile, place.landscape)
    if spec.kind == CHART:
        assert spec.chart is not None  # a chart's data is read with its spec (data.workbook)
        chart_xml, workbook = ctx.cache.chart(
            chart_parts, OUTPUT_VERSION, kind=spec.chart_kind, categories=spec.chart.categories,
            series=[list(s) for s in spec.chart.series], formats=spec.chart.formats,
            east_asian_font=profile.table_font, latin_font=profile.latin_font, font_size_pt=profile.table_size_pt)
        insert_chart(run, chart_xml, workbook, width, height, doc_pr_id=ctx.pictures.next_shape_id(),
                     description=spec.title)
    else:
        assert spec.image is not None  # a photo's file is checked with its spec (data.photos)
        blob, fmt = ctx.cache.prepared(spec.image, width, profile.image_dpi)
        ctx.pictures.add(run, blob, fmt, width, height, spec.image.name, description=spec.title)


def _grid_columns(count: int) -> int:
    return 1 if count == 1 else 2 if count in (2, 4) else 3


def _available_width(count: int, profile: Profile, landscape: bool) -> int:
    """How wide a figure may be when `count` figures share a row set (one figure: the text width)."""
    columns = _grid_columns(count)
    total = Mm(profile.text_block_mm(landscape)[0])
    return total if columns == 1 else total // columns - Mm(4)


LOW_DPI = 96  # below screen resolution a printed photo looks blurred


def check_figures(data: ReportData, profile: Profile, problems) -> None:
    """Warn about a width in centimetres wider than the text block (it is placed at the block's width,
    and is most likely a slip: 1000 for 10.00) and about a photo too small to print sharply."""
    for spec in data.figures.values():
        block = profile.text_block_mm(spec.landscape)[0] / 10
        if not spec.width_is_fraction and spec.width > block + 0.05:
            page = "横向页面" if spec.landscape else ""
            problems.warning(spec.where, f"插图“{spec.name}”宽 {spec.width:g} 厘米，超过{page}版心宽度 {block:.1f} 厘米，"
                             "将按版心宽度插入",
                             f"填写不超过 {block:.1f} 的宽度，或写“100%”表示与版心同宽")
        if spec.kind == CHART:
            continue
        width = _figure_size(spec, _available_width(1, profile, spec.landscape), profile, spec.landscape)[0]
        dpi = spec.pixels[0] * Inches(1) / width
        if dpi < LOW_DPI:
            problems.warning(spec.where, f"插图“{spec.name}”的图片只有 {spec.pixels[0]}×{spec.pixels[1]} 像素，"
                             f"按 {width / Cm(1):.1f} 厘米宽印出约 {dpi:.0f} dpi，会模糊",
                             "换用原图（手机原图一般有 3000 像素以上宽），或在插图清单中减小宽度")


def planned_pictures(requests: list[BlockRequest], data: ReportData, profile: Profile):
    """(photo, placed width) for every photo the draft will hold, in document order."""
    for request in requests:
        if request.kind == FIGURE:
            landscape = data.landscape_of(request.kind, request.names)
            available = _available_width(len(request.names), profile, landscape)
            for spec in (data.figures[name] for name in request.names):
                if spec.kind != CHART:
                    yield spec.image, _figure_size(spec, available, profile, landscape)[0]


def likely_pictures(data: ReportData, profile: Profile):
    """Every listed photo at its width when placed alone: what a build will most likely need,
    known before the templates are rendered."""
    for spec in data.figures.values():
        if spec.kind != CHART:
            available = _available_width(1, profile, spec.landscape)
            yield spec.image, _figure_size(spec, available, profile, spec.landscape)[0]


def insert_figure(document, anchor, spec: FigureSpec, ctx: BlockContext, place: Place) -> PagedFigure | None:
    """One figure and its caption before `anchor`; returns it for the layout pass (`fitting`) unless
    figures are never scaled to fit."""
    above = ctx.profile.figure_caption == "above"
    first = None
    if above:
        first = ctx.caption(document, place, FIGURE_LABEL, spec.title, spec.name, keep_with_next=True)[0]
        anchor.addprevious(first)
    paragraph = paragraph_before(document, anchor, styles.FIGURE)
    available = _available_width(1, ctx.profile, place.landscape)
    _draw(paragraph.add_run(), spec, available, ctx, place)
    last = paragraph._p
    if above:
        paragraph.paragraph_format.keep_with_next = False
    else:
        last = ctx.caption(document, place, FIGURE_LABEL, spec.title, spec.name)[0]
        anchor.addprevious(last)
    if not fittable(ctx.profile, place.landscape):
        return None
    height = _figure_size(spec, available, ctx.profile, place.landscape)[1]
    return PagedFigure(first if first is not None else paragraph._p, paragraph._p, last,
                       ctx.kept_with_next(document), ctx.profile, tall=tall(height, ctx.profile))


def insert_figure_grid(document, anchor, specs: list[FigureSpec], ctx: BlockContext, place: Place) -> None:
    """Several figures side by side (two) or in a grid, each numbered with its own caption."""
    columns = _grid_columns(len(specs))
    rows = -(-len(specs) // columns)
    total = round(Mm(ctx.profile.text_block_mm(place.landscape)[0]).twips)
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
        _draw(picture.add_run(), spec, _available_width(len(specs), ctx.profile, place.landscape), ctx, place)
        label = ctx.caption(document, place, FIGURE_LABEL, spec.title, spec.name)[0]
        if above:
            picture._p.addprevious(label)
        else:
            picture._p.addnext(label)
    for row in table.rows:
        oxml_table.keep_row_together(row._tr)
