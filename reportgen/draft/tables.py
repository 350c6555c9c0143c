"""Tables from the workbook as Word tables: column widths, borders, header rows, caption, unit and note.

Column widths follow the text in each column (`column_widths`).  A table
whose numbers and short words cannot fit the text block at the table font
(`min_width_pt`) would be squeezed until numbers break across lines; the
check warns about it and suggests a landscape page (版式 横向).
"""

from __future__ import annotations

import functools
import math
import re
import unicodedata

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Twips

from reportgen.data.report_data import ReportData, TableSpec
from reportgen.draft import styles
from reportgen.draft.block_context import BlockContext, Place, paragraph_before
from reportgen.draft.continued import PagedTable
from reportgen.oxml import table_xml as oxml_table
from reportgen.problems import Problems
from reportgen.project.profile import Profile

CELL_PADDING_PT = 2 * 5.4  # Word's default left and right cell margins (0.19 cm each)
_UNBREAKABLE = re.compile(r"[0-9A-Za-z.,%+\-/:（）()]+")
_CJK_MIN_CHARS = 2  # a Chinese column can wrap, but not to less than two characters a line


@functools.lru_cache(maxsize=65536)  # a long table repeats its values: each is measured once
def display_width(text: str) -> int:
    """Width of a line of text in half-width characters (CJK characters count two)."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _spanned(spec: TableSpec) -> set[tuple[int, int]]:
    return {(r, c) for r0, c0, r1, c1 in spec.grid.merges if c1 > c0
            for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)}


# Where a header may wrap besides inside a long word: at punctuation, and before a bracketed unit, which
# stays whole ("实训室（个）" wraps as 实训室 / （个）; an opening bracket never ends a line).
_HEADER_BREAKS = re.compile(r"[、，,/／\s]+|(?=[（(])|(?<=[）)])")
WORD = 4  # a header word of up to four characters ("学校类别", "毕业生数", "（万元）") is never split
FIT_SLACK_PT = 1  # a line set exactly to its glyphs' width may still wrap in Word or LibreOffice
DATA_NATURAL_EMS = 12  # longer text in a body cell wraps
SMALLEST_HEADER_PT = 9  # 小五: headers shrink this far to stay on one line before they wrap


def _body_texts(spec: TableSpec, c: int, excluded: set[tuple[int, int]]) -> set[str]:
    """The distinct texts of column `c` below the header, but those of the `excluded` cells: a long
    table repeats its values, and each needs measuring once."""
    rows = spec.grid.cells[spec.header_rows:]
    if not any(c == column for _, column in excluded):
        return {row[c] for row in rows}
    return {row[c] for r, row in enumerate(rows, start=spec.header_rows) if (r, c) not in excluded}


def _ems(text: str) -> float:
    """Width of text in ems (Chinese characters 1, Latin letters and digits ½), its longest line."""
    return max(display_width(line) / 2 for line in text.split("\n"))


def _header_min_ems(text: str) -> float:
    """The narrowest a header cell can be without splitting a word: each piece between punctuation, a
    bracketed unit or the writer's own line breaks whole when it is a word of four characters or fewer,
    else split in half (most longer headers are two words: "国家级/重点校")."""
    pieces = [piece for piece in _HEADER_BREAKS.split(text) if piece]
    return max((_ems(piece) if len(piece) <= WORD else math.ceil(len(piece) / 2) for piece in pieces), default=0)


def _column_needs(spec: TableSpec, font_pt: float, header_pt: float) -> tuple[list[float], list[float]]:
    """Per column, the narrowest width (pt) that splits no number and no header word, and the width
    that sets its text on one line.  A cell merged across columns asks its columns together."""
    rows, cols = spec.grid.size
    spanned = _spanned(spec)
    room = CELL_PADDING_PT + FIT_SLACK_PT
    lows, wants = [room] * cols, [room] * cols

    def needs(r: int, c: int) -> tuple[float, float]:
        text = spec.grid.cells[r][c]
        if r < spec.header_rows:
            return (max(_header_min_ems(text), _min_text_width(text)) * header_pt + room,
                    _ems(text) * header_pt + room)
        return _min_text_width(text) * font_pt + room, min(DATA_NATURAL_EMS, _ems(text)) * font_pt + room

    for c in range(cols):
        for r in range(min(spec.header_rows, rows)):
            if (r, c) not in spanned:
                low, want = needs(r, c)
                lows[c], wants[c] = max(lows[c], low), max(wants[c], want)
        for text in _body_texts(spec, c, spanned):
            low, want = _min_text_width(text) * font_pt + room, min(DATA_NATURAL_EMS, _ems(text)) * font_pt + room
            lows[c], wants[c] = max(lows[c], low), max(wants[c], want)
    for r0, c0, _, c1 in spec.grid.merges:
        if c1 > c0:
            for widths, need in zip((lows, wants), needs(r0, c0)):
                short = need - sum(widths[c0:c1 + 1])
                for c in range(c0, c1 + 1):
                    widths[c] += max(0.0, short) / (c1 - c0 + 1)
    return lows, [max(want, low) for want, low in zip(wants, lows)]


def column_widths(spec: TableSpec, total_twips: int, font_pt: float) -> tuple[list[int], float]:
    """Column widths (twips) and the header's type size, so that no number and no header word is split.

    When every column's text fits on one line, it is set so; else the header shrinks, down to 小五,
    until it does; else each column gets its narrowest width and then, cheapest first, the width for
    one line while the text block allows; what is left goes to the columns already on one line (more
    would only unbalance a header wrapped in two halves).  When even the narrowest widths do not fit
    (the check warns), they shrink in proportion.
    """
    total = total_twips / 20
    header_pt = font_pt
    while True:
        lows, wants = _column_needs(spec, font_pt, header_pt)
        if sum(wants) <= total or header_pt - 0.5 < min(SMALLEST_HEADER_PT, font_pt):
            break
        header_pt -= 0.5
    if sum(wants) > total:
        header_pt = font_pt
        lows, wants = _column_needs(spec, font_pt, header_pt)
    if sum(lows) >= total:
        widths = [low * total / sum(lows) for low in lows]
    else:
        widths, surplus = lows[:], total - sum(lows)
        for c in sorted(range(len(widths)), key=lambda c: wants[c] - lows[c]):
            if wants[c] - widths[c] <= surplus:
                surplus -= wants[c] - widths[c]
                widths[c] = wants[c]
        receivers = [c for c in range(len(widths)) if widths[c] >= wants[c]] or list(range(len(widths)))
        share = sum(widths[c] for c in receivers)
        for c in receivers:
            widths[c] += surplus * widths[c] / share
    twips = [round(w * 20) for w in widths]
    twips[-1] += total_twips - sum(twips)  # rounding: the columns fill the text block exactly
    return twips, header_pt


@functools.lru_cache(maxsize=65536)
def _min_text_width(text: str) -> float:
    """The narrowest a cell's text can be set, in ems: its longest number or Latin word,
    or two Chinese characters."""
    widest = max((len(word) * 0.5 for word in _UNBREAKABLE.findall(text)), default=0)
    cjk = min(_CJK_MIN_CHARS, sum(1 for ch in text if unicodedata.east_asian_width(ch) in "WF"))
    return max(widest, cjk)


def min_width_pt(spec: TableSpec, font_pt: float) -> float:
    """The narrowest the table can be without breaking a number or a Latin word."""
    rows, cols = spec.grid.size
    spanned = _spanned(spec)
    total = 0.0
    for c in range(cols):
        texts = _body_texts(spec, c, spanned) | {spec.grid.cells[r][c] for r in range(min(spec.header_rows, rows))
                                                 if (r, c) not in spanned}
        total += max(map(_min_text_width, texts), default=0) * font_pt + CELL_PADDING_PT
    return total


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
            lines = max(lines, -(-display_width(spec.grid.cells[r][c]) // 2 // per_line))
        total += lines * font_pt * LINE_HEIGHT + ROW_EXTRA_PT
    return total


def check_widths(data: ReportData, profile: Profile, problems: Problems, in_landscape: set[str] = frozenset()) -> None:
    """Warn about tables that cannot fit their text block at the table font (`in_landscape`: tables a
    template's own landscape section holds)."""
    for spec in data.tables.values():
        landscape = spec.landscape or spec.name in in_landscape
        need = min_width_pt(spec, profile.table_size_pt)
        have = Mm(profile.text_block_mm(landscape)[0]).pt
        if need <= have:
            continue
        cols = spec.grid.size[1]
        shown = f"表格“{spec.name}”有 {cols} 列，按表格字号 {profile.table_size_pt:g} 磅至少需要约 " \
                f"{need / Mm(1).pt:.0f} 毫米宽，超过{'横向页面' if landscape else ''}版心宽度 " \
                f"{have / Mm(1).pt:.0f} 毫米，数字会被折行"
        if landscape:
            hint = "减少列数（把表格拆成两张），或在格式方案中减小 table_size_pt"
        elif need <= Mm(profile.text_block_mm(landscape=True)[0]).pt:
            hint = "在表格清单的“版式”列填写“横向”，把表格放在横向页面上"
        else:
            hint = "在表格清单的“版式”列填写“横向”并减少列数（把表格拆成两张）"
        problems.warning(spec.where, shown, hint)


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
    # below stays with the last row.
    long = estimated_height_pt(spec, widths, profile.table_size_pt) > LONG_SHARE * Mm(block_height).pt
    below = profile.table_caption == "below"
    header_size = round(header_pt * 2) if header_pt != profile.table_size_pt else None
    starts = {(r0, c0): (r1, c1) for r0, c0, r1, c1 in spec.grid.merges}
    carried = {(r, c0): (r1, c1) for (r0, c0), (r1, c1) in starts.items() for r in range(r0 + 1, r1 + 1)}

    def plan():  # row by row: a list of every cell of a 10,000-row table would weigh on the peak memory
        for r in range(rows):
            last, header = r == rows - 1, r < spec.header_rows
            keep = (not long and (not last or below)) or header or (last and below)
            cells, c = [], 0
            while c < cols:
                if (r, c) in carried:  # a vertical merge goes on: an empty cell that continues it
                    c1 = carried[(r, c)][1]
                    cells.append(oxml_table.GridCell(sum(widths[c:c1 + 1]), c1 - c + 1, "continue"))
                    c = c1 + 1
                    continue
                r1, c1 = starts.get((r, c), (r, c))
                is_number = spec.grid.numeric[r][c] and not header
                cells.append(oxml_table.GridCell(sum(widths[c:c1 + 1]), c1 - c + 1, "restart" if r1 > r else None,
                                                 spec.grid.cells[r][c] or "",
                                                 profile.table_number_align if is_number else "center",
                                                 header_size if header else None))
                c = c1 + 1
            yield header, keep, cells

    style = document.styles[styles.TABLE_TEXT]
    table._tbl.extend(oxml_table.grid_rows(plan(), style.style_id, styles.own_alignment(style)))
    return table._tbl, long


def insert_table(document, anchor, spec: TableSpec, ctx: BlockContext, place: Place) -> PagedTable | None:
    """The table of `spec` with its caption, unit line and note, before `anchor`; returns it for the layout
    pass to mark 续表 on, when the profile asks for 续表."""
    profile = ctx.profile
    above = profile.table_caption == "above"
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
    if not above:
        caption, bookmark = ctx.caption(document, place, spec.label, spec.title, spec.name)
        anchor.addprevious(caption)
    if not profile.continued_tables:
        return None
    # A row is at least a line of table text high: no more rows than this fit a page.
    rows_per_page = math.ceil(Mm(profile.text_block_mm(place.landscape)[1]).pt / profile.table_size_pt)
    return PagedTable(tbl, spec.header_rows, ctx.bookmarks, bookmark, styles.style_id(document, styles.CAPTION),
                      likely_to_break=long,  # any table may turn out to run over a page once laid out
                      rows_per_page=rows_per_page)
