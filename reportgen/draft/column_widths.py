"""The widths of a table's columns, and the check that a table fits its page.

The writer's own widths (Excel's, `TableGrid.widths`) are kept in proportion; else the widths follow
the text in each column, as an automatic table's do (`column_widths`).  No column is narrower than its
longest unbreakable unit: a number, a year with its 年, a bracketed unit, a header word.  A table whose
units cannot fit the text block at the table font (`min_width_pt`) would break them; the check warns
and suggests a landscape page (版式 横向).
"""

from __future__ import annotations

import functools
import math
import unicodedata
from collections.abc import Set as AbstractSet

from docx.shared import Mm

from reportgen.data.report_data import ReportData, TableSpec
from reportgen.draft import text_width
from reportgen.draft.cell_lines import packed
from reportgen.problems import Problems
from reportgen.project.profile import Profile

CELL_PADDING_PT = 2 * 5.4  # Word's default left and right cell margins (0.19 cm each)
_CJK_MIN_CHARS = 2  # a Chinese column can wrap, but not to less than two characters a line


def _spanned(spec: TableSpec) -> set[tuple[int, int]]:
    return {(r, c) for r0, c0, r1, c1 in spec.grid.merges if c1 > c0
            for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)}


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
    bracketed unit or the writer's own line breaks whole when it is a word of `WORD` characters or fewer
    or a bracketed unit ("（Mbps）"), else split in half (most longer headers are two words:
    "国家级/重点校"), but never inside a number or a year with its 年."""
    pieces = [piece for piece in text_width.WORD_BREAKS.split(text) if piece]
    return max((_ems(piece) if len(piece) <= WORD or piece[0] in "（(" else
                max(math.ceil(len(piece) / 2), _min_text_width(piece)) for piece in pieces), default=0)


def _header_ems(text: str, lines: int) -> float:
    """The narrowest a header can be set in `lines` lines, broken only where `_header_min_ems` allows."""
    pieces = [piece for piece in text_width.WORD_BREAKS.split(text) if piece]
    width = max(_header_min_ems(text), _min_text_width(text), math.ceil(sum(map(_ems, pieces)) / lines * 2) / 2)
    while len(packed(pieces, width)) > lines and width < _ems(text):
        width += 0.5
    return min(width, _ems(text))


def _column_needs(spec: TableSpec, font_pt: float, header_pt: float,
                  header_lines: int = 1) -> tuple[list[float], list[float]]:
    """Per column, the narrowest width (pt) that splits no number and no header word, and the width
    that sets its body text on one line and its header in `header_lines` lines.  A cell merged across
    columns asks its columns together."""
    rows, cols = spec.grid.size
    spanned = _spanned(spec)
    room = CELL_PADDING_PT + FIT_SLACK_PT
    lows, wants = [room] * cols, [room] * cols

    def body(text: str) -> tuple[float, float]:
        return _min_text_width(text) * font_pt + room, min(DATA_NATURAL_EMS, _ems(text)) * font_pt + room

    def needs(r: int, c: int) -> tuple[float, float]:
        text = spec.grid.cells[r][c]
        if r < spec.header_rows:
            return (max(_header_min_ems(text), _min_text_width(text)) * header_pt + room,
                    _header_ems(text, header_lines) * header_pt + room)
        return body(text)

    for c in range(cols):
        for r in range(min(spec.header_rows, rows)):
            if (r, c) not in spanned:
                low, want = needs(r, c)
                lows[c], wants[c] = max(lows[c], low), max(wants[c], want)
        for text in _body_texts(spec, c, spanned):
            low, want = body(text)
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
    widest = max((text_width.line_ems(word) for word in text_width.UNBREAKABLE.findall(text)), default=0)
    cjk = min(_CJK_MIN_CHARS, sum(1 for ch in text if unicodedata.east_asian_width(ch) in "WF"))
    return max(widest, cjk)


def min_width_pt(spec: TableSpec, font_pt: float) -> tuple[float, list[float]]:
    """The narrowest the table can be without breaking a number, a Latin word, a header word or a
    bracketed unit, its header at the smallest size `column_widths` sets it in: in all and per column."""
    lows, _ = _column_needs(spec, font_pt, min(SMALLEST_HEADER_PT, font_pt))
    return sum(lows), lows


def check_widths(data: ReportData, profile: Profile, problems: Problems,
                 in_landscape: AbstractSet[str] = frozenset()) -> None:
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
