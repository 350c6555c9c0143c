"""Tables from the workbook as Word tables: borders, header rows, caption, unit and note, the widths from
`column_widths`, the cells' line breaks from `cell_lines`; and whether a table may run over a page."""

from __future__ import annotations

import math

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Twips

from reportgen.data.report_data import TableSpec
from reportgen.draft import styles, text_width
from reportgen.draft.block_context import BlockContext, Place, paragraph_before
from reportgen.draft.captions import ATTACHMENT_LABEL
from reportgen.draft.cell_lines import wrapped
from reportgen.draft.column_widths import CELL_PADDING_PT, FIT_SLACK_PT, column_widths
from reportgen.draft.continued import PagedTable
from reportgen.oxml import styles_xml
from reportgen.oxml import table_xml as oxml_table
from reportgen.project.profile import Profile

# A table estimated at more than this share of its page's text block may well run over a page:
# the layout pass checks where it breaks.  (The estimate errs high: LibreOffice's fallback fonts set
# lines about 1.4 times the type size.)
LONG_SHARE = 0.7
LINE_HEIGHT = 1.4
ROW_EXTRA_PT = 2 + 2 + 1  # the table text style's space before and after, and a border


def estimated_height_pt(spec: TableSpec, widths_twips: list[int], font_pt: float) -> float:
    """Roughly how tall the table will be: each row as tall as its cell that wraps to most lines."""
    rows, cols = spec.grid.size
    spans = {(r0, c0): (r1, c1) for r0, c0, r1, c1 in spec.grid.merges}
    covered = {(r, c) for (r0, c0), (r1, c1) in spans.items()
               for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)} - set(spans)
    total = 0.0
    for r in range(rows):
        lines = 1
        for c in range(cols):
            last_row, last_col = spans.get((r, c), (r, c))
            if (r, c) in covered or last_row > r:  # a cell merged down spreads its lines over its rows
                continue
            width = sum(widths_twips[c:last_col + 1]) / 20 - CELL_PADDING_PT
            per_line = max(1, int(width / font_pt))  # Chinese characters a line holds
            lines = max(lines, math.ceil(text_width.ems(spec.grid.cells[r][c]) / per_line))
        total += lines * font_pt * LINE_HEIGHT + ROW_EXTRA_PT
    return total


def _build_table(document, anchor, spec: TableSpec, profile: Profile, landscape: bool):
    """The Word table of `spec` before `anchor`; returns it and whether it may run over a page."""
    rows, cols = spec.grid.size
    table = document.add_table(rows=0, cols=cols)
    anchor.addprevious(table._tbl)
    table._tbl.tblPr.style = styles.style_id(document, styles.TABLE_GRID)
    block_width, block_height = profile.text_block_mm(landscape)
    total = round(Mm(block_width).twips)
    oxml_table.set_full_grid(table._tbl, total)
    widths, header_pt = column_widths(spec, total, profile.table_size_pt)
    for column, width in zip(table.columns, widths):
        column.width = Twips(width)
    # A short table stays on one page; a long one keeps its header with its first row; a caption
    # below, or a note, stays with the last two rows.
    long = estimated_height_pt(spec, widths, profile.table_size_pt) > LONG_SHARE * Mm(block_height).pt
    below = profile.table_caption == "below"
    header_size = round(header_pt * 2) if header_pt != profile.table_size_pt else None
    starts = {(r0, c0): (r1, c1) for r0, c0, r1, c1 in spec.grid.merges}
    carried = {(r, c0): (r1, c1) for (r0, c0), (r1, c1) in starts.items() for r in range(r0 + 1, r1 + 1)}

    def plan():  # row by row: a list of every cell of a 10,000-row table would weigh on the peak memory
        for r in range(rows):
            last, header = r == rows - 1, r < spec.header_rows
            # a caption below or a note keeps the last row with it, and the one before (3 rows or more)
            tail = (below or bool(spec.note)) and (last or (r == rows - 2 and rows - spec.header_rows >= 3))
            keep = (not long and not last) or header or tail
            cells, c = [], 0
            while c < cols:
                if (r, c) in carried:  # a vertical merge goes on: an empty cell that continues it
                    c1 = carried[(r, c)][1]
                    cells.append(oxml_table.GridCell(sum(widths[c:c1 + 1]), c1 - c + 1, "continue"))
                    c = c1 + 1
                    continue
                r1, c1 = starts.get((r, c), (r, c))
                is_number = spec.grid.numeric[r][c] and not header
                text = spec.grid.cells[r][c] or ""
                if not is_number:
                    room = sum(widths[c:c1 + 1]) / 20 - CELL_PADDING_PT - FIT_SLACK_PT
                    text = wrapped(text, room / (header_pt if header else profile.table_size_pt))
                cells.append(oxml_table.GridCell(sum(widths[c:c1 + 1]), c1 - c + 1, "restart" if r1 > r else None,
                                                 text,
                                                 profile.table_number_align if is_number else "center",
                                                 header_size if header else None))
                c = c1 + 1
            yield header, keep, cells

    style = document.styles[styles.TABLE_TEXT]
    table._tbl.extend(oxml_table.grid_rows(plan(), style.style_id, styles_xml.own_alignment(style.element)))
    return table._tbl, long


def insert_table(document, anchor, spec: TableSpec, ctx: BlockContext, place: Place) -> PagedTable | None:
    """The table of `spec` with its caption, unit line and note, before `anchor`; returns it for the layout
    pass to mark 续表 on, when the profile asks for 续表."""
    profile = ctx.profile
    if spec.label == ATTACHMENT_LABEL:  # "附件1" at the top left, the title centred on the third line (9704 7.3.7)
        caption, bookmark = ctx.caption(document, place, spec.label, "", spec.name, keep_with_next=True,
                                        style=styles.ATTACHMENT_MARK)
        anchor.addprevious(caption)
        paragraph_before(document, anchor, styles.ATTACHMENT_TITLE, spec.title).paragraph_format.keep_with_next = True
    above = profile.table_caption == "above" and spec.label != ATTACHMENT_LABEL
    if above:
        caption, bookmark = ctx.caption(document, place, spec.label, spec.title, spec.name, keep_with_next=True)
        anchor.addprevious(caption)
    if spec.unit:
        unit = spec.unit if spec.unit.startswith("单位") else f"单位：{spec.unit}"
        paragraph_before(document, anchor, styles.TABLE_NOTE, unit, WD_ALIGN_PARAGRAPH.RIGHT) \
            .paragraph_format.keep_with_next = True
    tbl, long = _build_table(document, anchor, spec, profile, place.landscape)
    if spec.note:
        note = spec.note if spec.note.startswith("注") else f"注：{spec.note}"
        paragraph_before(document, anchor, styles.TABLE_NOTE, note)
    if not above and spec.label != ATTACHMENT_LABEL:
        caption, bookmark = ctx.caption(document, place, spec.label, spec.title, spec.name)
        anchor.addprevious(caption)
    if not profile.continued_tables or spec.label == ATTACHMENT_LABEL:  # its header rows repeat, no 续表
        return None
    # A row is at least a line of table text high: no more rows than this fit a page.
    rows_per_page = math.ceil(Mm(profile.text_block_mm(place.landscape)[1]).pt / profile.table_size_pt)
    return PagedTable(tbl, spec.header_rows, ctx.bookmarks, bookmark, styles.style_id(document, styles.CAPTION),
                      likely_to_break=long,  # any table may turn out to run over a page once laid out
                      rows_per_page=rows_per_page)
