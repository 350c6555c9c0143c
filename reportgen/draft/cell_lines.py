"""Where the text of a table cell breaks into lines: reportgen decides, since Word and LibreOffice break
CJK text anywhere ("图书（万/册）", "未就业情/况").  Between words and before a bracketed unit, never inside
a number or a unit, in lines of even length."""

from __future__ import annotations

from reportgen.draft.text_width import BREAK_POINTS, UNBREAKABLE, ems as _ems

ROUNDING_EMS = 0.02  # widths are whole twips: a column set to fit a word exactly may come out a hair short
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
    lines = packed(list(filter(None, BREAK_POINTS.split(text))), width_ems)
    return "\n".join(part for line in lines for part in _balanced(line.strip(), width_ems))


def _atoms(line: str) -> list[str]:
    """`line` in the pieces no line break may fall inside: numbers and Latin words (with a following 年),
    single characters, closing punctuation held to what it closes and opening to what it opens."""
    atoms: list[str] = []
    position, held = 0, ""
    for match in [*UNBREAKABLE.finditer(line), None]:
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


def packed(pieces: list[str], width_ems: float) -> list[str]:
    """`pieces` set in lines of at most `width_ems` (a piece wider than that on a line of its own), each
    line filled before the next begins."""
    lines = [""]
    for piece in pieces:
        if lines[-1] and _ems(lines[-1] + piece) > width_ems:
            lines.append("")
        lines[-1] += piece
    return lines


def _balanced(line: str, width_ems: float) -> list[str]:
    """`line` in as many lines as filling each would take, of even length: each break at the atom
    boundary nearest its share of the whole ("签订合同/或就业/协议就/业人数", not "…/数")."""
    if _ems(line) <= width_ems:
        return [line]
    atoms = _atoms(line)
    filled = packed(atoms, width_ems)
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
