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
from reportgen.draft import styles, text_width
from reportgen.draft.block_context import BlockContext, Place, paragraph_before
from reportgen.draft.continued import PagedTable
from reportgen.oxml import table_xml as oxml_table
from reportgen.problems import Problems
from reportgen.project.profile import Profile

CELL_PADDING_PT = 2 * 5.4  # Word's default left and right cell margins (0.19 cm each)
# What a line never breaks inside: a number or Latin word, with its sign, separators and brackets, and
# a year or grade with the character that follows it ("2023年", "2025届").
_UNBREAKABLE = re.compile(r"[0-9A-Za-z.,%+\-/:（）()]+[年月日届级]?")
_CJK_MIN_CHARS = 2  # a Chinese column can wrap, but not to less than two characters a line


def _spanned(spec: TableSpec) -> set[tuple[int, int]]:
    return {(r, c) for r0, c0, r1, c1 in spec.grid.merges if c1 > c0
            for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)}


# Where a header may wrap besides inside a long word: at punctuation, and before a bracketed unit, which
# stays whole ("实训室（个）" wraps as 实训室 / （个）; an opening bracket never ends a line).
_HEADER_BREAKS = re.compile(r"[、，,/／\s]+|(?=[（(])|(?<=[）)])")
WORD = 5  # a header word of up to five characters ("学校类别", "电子与信息", "（万元）") is never split
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


_ems = text_width.ems  # the width of a cell's text in ems, its longest line


def _header_min_ems(text: str) -> float:
    """The narrowest a header cell can be without splitting a word: each piece between punctuation, a
    bracketed unit or the writer's own line breaks whole when it is a word of four characters or fewer
    or a bracketed unit ("（Mbps）"), else split in half (most longer headers are two words:
    "国家级/重点校"), but never inside a number or a year with its 年."""
    pieces = [piece for piece in _HEADER_BREAKS.split(text) if piece]
    return max((_ems(piece) if len(piece) <= WORD or piece[0] in "（(" else
                max(math.ceil(len(piece) / 2), _min_text_width(piece)) for piece in pieces), default=0)


def _header_ems(text: str, lines: int) -> float:
    """The narrowest a header can be set in `lines` lines, broken only where `_header_min_ems` allows."""
    pieces = [piece for piece in _HEADER_BREAKS.split(text) if piece]
    width = max(_header_min_ems(text), _min_text_width(text), math.ceil(sum(map(_ems, pieces)) / lines * 2) / 2)
    while True:
        used, line = 1, 0.0
        for piece in pieces:
            size = _ems(piece)
            if line and line + size > width:
                used, line = used + 1, 0.0
            line += size
        if used <= lines or width >= _ems(text):
            return min(width, _ems(text))
        width += 0.5


ROUNDING_EMS = 0.02  # widths are whole twips: a column set to fit a word exactly may come out a hair short
_HEADER_BREAK_POINTS = re.compile(r"(?<=[、，,/／\s])|(?=[（(])|(?<=[）)])")
# A character that may not start a line (closing punctuation), and one that may not end it (opening).
_NO_START, _NO_END = set("，。、；：？！）)》」』”’%"), set("（(《「『“‘")


def wrapped(text: str, width_ems: float) -> str:
    """A cell's text with line breaks where it must wrap to fit `width_ems`, as an editor breaks it:
    between its words and before a bracketed unit ("图书" / "（万册）"), never inside a number, a year
    with its 年 or a bracketed unit, and in lines of even length ("未就业/情况", not "未就业情/况"),
    where Word and LibreOffice would fill each line and break CJK text anywhere.  Text that fits, or
    that the writer broke, is left as it is."""
    width_ems += ROUNDING_EMS
    if "\n" in text or _ems(text) <= width_ems:
        return text
    lines = [""]
    for piece in filter(None, _HEADER_BREAK_POINTS.split(text)):
        if lines[-1] and _ems(lines[-1] + piece) > width_ems:
            lines.append("")
        lines[-1] += piece
    return "\n".join(part for line in lines for part in _balanced(line.strip(), width_ems))


def _atoms(line: str) -> list[str]:
    """`line` in the pieces no line break may fall inside: numbers and Latin words (with a following 年),
    single characters, closing punctuation held to what it closes and opening to what it opens."""
    atoms, position, held = [], 0, ""
    for match in [*_UNBREAKABLE.finditer(line), None]:
        stop = match.start() if match else len(line)
        for ch in [*line[position:stop], *([match.group()] if match else [])]:
            if atoms and ch[0] in _NO_START and not held:
                atoms[-1] += ch
            elif ch in _NO_END:
                held += ch
            else:
                atoms.append(held + ch)
                held = ""
        position = match.end() if match else len(line)
    if held:
        atoms.append(held)
    return atoms


def _lines(atoms: list[str], width_ems: float) -> list[str]:
    lines = [""]
    for atom in atoms:
        if lines[-1] and _ems(lines[-1] + atom) > width_ems:
            lines.append("")
        lines[-1] += atom
    return lines


def _balanced(line: str, width_ems: float) -> list[str]:
    """`line` in as many lines as filling each would take, of even length: each break at the atom
    boundary nearest its share of the whole ("签订合同/或就业/协议就/业人数", not "…/数")."""
    if _ems(line) <= width_ems:
        return [line]
    atoms = _atoms(line)
    filled = _lines(atoms, width_ems)
    count, total = len(filled), _ems(line)
    ends, position = [], 0.0  # the ems from the start to the end of each atom
    for atom in atoms:
        position += _ems(atom)
        ends.append(position)
    lines, start = [], 0
    for j in range(1, count):
        goal = total * j / count
        stop = min(range(start + 1, len(atoms)), key=lambda i: (abs(ends[i - 1] - goal), -i), default=len(atoms))
        lines.append("".join(atoms[start:stop]))
        start = stop
    lines.append("".join(atoms[start:]))
    return lines if all(_ems(line) <= width_ems for line in lines) and all(lines) else filled


def _column_needs(spec: TableSpec, font_pt: float, header_pt: float,
                  header_lines: int = 1) -> tuple[list[float], list[float]]:
    """Per column, the narrowest width (pt) that splits no number and no header word, and the width
    that sets its body text on one line and its header in `header_lines` lines.  A cell merged across
    columns asks its columns together."""
    rows, cols = spec.grid.size
    spanned = _spanned(spec)
    room = CELL_PADDING_PT + FIT_SLACK_PT
    lows, wants = [room] * cols, [room] * cols

    def needs(r: int, c: int) -> tuple[float, float]:
        text = spec.grid.cells[r][c]
        if r < spec.header_rows:
            return (max(_header_min_ems(text), _min_text_width(text)) * header_pt + room,
                    _header_ems(text, header_lines) * header_pt + room)
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

    The writer's own widths, when the table's sheet has them (Excel's column widths), are kept in
    proportion, but no column is made narrower than its longest unbreakable unit.  Else the widths
    follow the content, as browsers lay out an automatic table: when every column's text fits on one
    line, it is set so (the header shrinks down to 小五 first, if that is what it takes); else each
    column gets its narrowest width plus a share of what is left in proportion to how much more it
    wants for one line, so a column of long names gets room and a column of numbers never breaks.
    When even the narrowest widths do not fit (the check warns), they shrink in proportion.
    """
    total = total_twips / 20
    header_pt = font_pt
    while True:  # all on one line, the header shrunk if need be
        lows, wants = _column_needs(spec, font_pt, header_pt)
        if sum(wants) <= total or header_pt - 0.5 < min(SMALLEST_HEADER_PT, font_pt):
            break
        header_pt -= 0.5
    if sum(wants) > total:  # the header at the table's size, unless its words need it smaller to fit
        header_pt = font_pt
        lows, wants = _column_needs(spec, font_pt, header_pt)
        while sum(lows) > total and header_pt - 0.5 >= min(SMALLEST_HEADER_PT, font_pt):
            header_pt -= 0.5
            lows, wants = _column_needs(spec, font_pt, header_pt)
    if sum(lows) >= total:
        widths = [low * total / sum(lows) for low in lows]
    elif spec.grid.widths and sum(spec.grid.widths) > 0:
        widths = _in_proportion(spec.grid.widths, lows, total)
    elif sum(wants) <= total:
        widths = [want * total / sum(wants) for want in wants]
    else:  # the headers may take two lines: the room goes to the body text that wants it
        lows, wants = _column_needs(spec, font_pt, header_pt, header_lines=2)
        if sum(wants) <= total:
            widths = [want * total / sum(wants) for want in wants]
        else:
            share = (total - sum(lows)) / (sum(wants) - sum(lows))
            widths = [low + (want - low) * share for low, want in zip(lows, wants)]
    twips = [round(w * 20) for w in widths]
    twips[-1] += total_twips - sum(twips)  # rounding: the columns fill the text block exactly
    return twips, header_pt


def _in_proportion(weights: list[float], lows: list[float], total: float) -> list[float]:
    """`total` shared in proportion to `weights`, each share at least its `lows` (their sum is less than
    `total`): a column held at its low leaves the rest to the others, in proportion."""
    held: dict[int, float] = {}
    while True:
        free = [c for c in range(len(weights)) if c not in held]
        room, weight = total - sum(held.values()), sum(weights[c] for c in free)
        shares = {c: room * weights[c] / weight if weight > 0 else room / len(free) for c in free}
        short = {c: lows[c] for c in free if shares[c] < lows[c]}
        if not short:
            return [held.get(c, shares.get(c, 0.0)) for c in range(len(weights))]
        held.update(short)


@functools.lru_cache(maxsize=65536)
def _min_text_width(text: str) -> float:
    """The narrowest a cell's text can be set, in ems: its longest number or Latin word,
    or two Chinese characters."""
    widest = max((text_width.line_ems(word) for word in _UNBREAKABLE.findall(text)), default=0)
    cjk = min(_CJK_MIN_CHARS, sum(1 for ch in text if unicodedata.east_asian_width(ch) in "WF"))
    return max(widest, cjk)


def min_width_pt(spec: TableSpec, font_pt: float) -> tuple[float, list[float]]:
    """The narrowest the table can be without breaking a number, a Latin word, a header word or a
    bracketed unit, its header at the smallest size `column_widths` sets it in: in all and per column."""
    lows, _ = _column_needs(spec, font_pt, min(SMALLEST_HEADER_PT, font_pt))
    return sum(lows), lows


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


def check_widths(data: ReportData, profile: Profile, problems: Problems, in_landscape: set[str] = frozenset()) -> None:
    """Warn about tables that cannot fit their text block at the table font (`in_landscape`: tables a
    template's own landscape section holds)."""
    for spec in data.tables.values():
        landscape = spec.landscape or spec.name in in_landscape
        need, lows = min_width_pt(spec, profile.table_size_pt)
        have = Mm(profile.text_block_mm(landscape)[0]).pt
        if need <= have:
            continue
        cols = spec.grid.size[1]
        widest = max(range(cols), key=lambda c: lows[c])
        header = next((spec.grid.cells[r][widest] for r in range(spec.header_rows) if spec.grid.cells[r][widest]), "")
        column = f"第 {widest + 1} 列" + (f"“{header}”" if header else "")
        shown = f"表格“{spec.name}”有 {cols} 列，按表格字号 {profile.table_size_pt:g} 磅至少需要约 " \
                f"{need / Mm(1).pt:.0f} 毫米宽（最宽的是{column}，约 {lows[widest] / Mm(1).pt:.0f} 毫米），" \
                f"超过{'横向页面' if landscape else ''}版心宽度 {have / Mm(1).pt:.0f} 毫米，" \
                "数字、表头的词或括号中的单位会被折断"
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
