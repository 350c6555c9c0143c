"""Heading numbers ("1 基本情况", "1.1 学校概况", "一、", "（一）"): presets and the writer's own patterns.

A writer says how the *first* heading of a level looks ("1.1", "（一）", "第一章");
`parse_level` turns that into a Word list level (level text such as "%1.%2",
number format, what follows the number), so Word keeps numbering headings
when editors add or reorder chapters.  `number_text` prints the same numbers
for entries of the 目录, which Word would otherwise only compute on update.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from reportgen.problems import ReportgenError

LEVELS = 4  # Heading 1-4: the 公文 outline has four levels

# Preset name -> how the first heading of each level looks.
PRESETS: dict[str, tuple[str, ...]] = {
    "decimal-dot": ("1.", "1.1", "1.1.1", "1.1.1.1"),  # 质量年报 practice: "1.基本情况", "1.1 学校概况"
    "decimal": ("1", "1.1", "1.1.1", "1.1.1.1"),  # school reports: "1 基本情况", "1.1 学校概况"
    "gongwen": ("一、", "（一）", "1.", "（1）"),  # GB/T 9704 7.3.3: 一、 （一） 1. （1）
    "none": ("", "", "", ""),
}
EXAMPLES = {1: "“1.”、“1”、“一、”、“第一章”", 2: "“1.1”、“（一）”、“一”", 3: "“1.1.1”、“1.”、“（1）”",
            4: "“1.1.1.1”、“（1）”、“①”"}

DECIMAL, CHINESE, CIRCLED = "decimal", "chineseCounting", "decimalEnclosedCircle"
_NUMBER = re.compile(r"%([1-9])|(1|一|①)")  # Word's "%1" or the first number written out
_FIRST = {"1": DECIMAL, "一": CHINESE, "①": CIRCLED}


class PatternError(ReportgenError, ValueError):
    """A heading number pattern that cannot be a Word list level (message in Chinese)."""


@dataclass(frozen=True)
class Level:
    text: str  # Word's lvlText: "%1.%2", "（%2）"; empty for an unnumbered level
    number_format: str  # Word's numFmt of this level's own number
    suffix: str  # what follows the number: "space" or "nothing"
    legal: bool = False  # Word's isLgl: show higher levels' numbers in Arabic ("1.1" under "一、")
    written: tuple[tuple[int, str], ...] = ()  # (level, number format) of each number the pattern writes

    @property
    def numbered(self) -> bool:
        return bool(self.text)


def parse_level(pattern: str, level: int) -> Level:
    """The Word list level for `pattern`, how the first heading of `level` (1-4) is numbered.

    A pattern with k numbers at level n numbers levels n-k+1 … n: "1.1" at level 2
    is "%1.%2", "（一）" at level 2 is "（%2）".  A number may also be given the Word
    way, "%1".  A number at the end is followed by a space ("1.1 学校概况").
    """
    if pattern == "":
        return Level("", DECIMAL, "nothing")
    if "\n" in pattern or "\t" in pattern:
        raise PatternError("不能含换行或制表符")
    numbers = list(_NUMBER.finditer(pattern))
    if not numbers:
        raise PatternError("没有编号数字：请写出本级第一个标题的编号，数字写 1、一 或 ①")
    stray = re.sub(r"%[1-9]|1|一|①", "", pattern)
    if re.search(r"[0-9%二三四五六七八九十百②③④⑤⑥⑦⑧⑨]", stray):
        raise PatternError("编号只能写第一个标题的样子（数字写 1、一 或 ①），如 1.1 而不是 1.2")
    if len(numbers) > level:
        raise PatternError(f"第 {level} 级标题的编号最多含 {level} 个数字")
    first = level - len(numbers) + 1
    text, formats, position = "", [], 0
    for offset, match in enumerate(numbers):
        if match.group(1):
            target = int(match.group(1))
            if target > level:
                raise PatternError(f"第 {level} 级标题不能引用第 {target} 级的编号 %{target}")
            kind = DECIMAL
        else:
            target, kind = first + offset, _FIRST[match.group(2)]
        text += pattern[position:match.start()] + f"%{target}"
        formats.append((target, kind))
        position = match.end()
    text += pattern[position:]
    own = [kind for target, kind in formats if target == level]
    # Higher levels written in Arabic digits ("1.1" under "一、"): Word's legal numbering.
    legal = any(target < level and kind == DECIMAL for target, kind in formats)
    suffix = "space" if numbers[-1].end() == len(pattern) else "nothing"
    return Level(text, own[0] if own else DECIMAL, suffix, legal, tuple(formats))


def levels_for(patterns: tuple[str, ...]) -> list[Level]:
    """Word list levels for a preset's or profile's patterns (already validated)."""
    return [parse_level(pattern, number) for number, pattern in enumerate(patterns, 1)]


_DIGITS = "〇一二三四五六七八九"


def chinese_number(n: int) -> str:
    """1 -> 一, 10 -> 十, 21 -> 二十一, 105 -> 一百零五 (counting numbers, as in "二十一、")."""
    if n < 0:
        return "负" + chinese_number(-n)
    if n < 10:
        return _DIGITS[n]
    units = ((1000, "千"), (100, "百"), (10, "十"))
    text, zero = "", False
    for size, name in units:
        digit, n = divmod(n, size)
        if digit:
            if zero:
                text += "零"
            text += ("" if (size == 10 and digit == 1 and not text) else _DIGITS[digit]) + name
            zero = False
        elif text:
            zero = True
    if n:
        text += ("零" if zero else "") + _DIGITS[n]
    return text


def _format(n: int, kind: str) -> str:
    if kind == CHINESE:
        return chinese_number(n)
    if kind == CIRCLED and 1 <= n <= 20:
        return chr(0x2460 + n - 1)
    return str(n)


def number_text(levels: list[Level], counters: list[int]) -> str:
    """The number Word shows for a heading at level len(counters), followed by its suffix."""
    level = levels[len(counters) - 1]
    if not level.numbered:
        return ""

    def shown(match):
        target = int(match.group(1))
        kind = DECIMAL if (level.legal and target < len(counters)) else levels[target - 1].number_format
        return _format(counters[target - 1], kind)

    return re.sub(r"%([1-9])", shown, level.text) + (" " if level.suffix == "space" else "")
