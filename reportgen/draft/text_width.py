"""How wide a line of text is set, in ems of its type size, as Word and LibreOffice set it, and what a
line break may never fall inside.

Chinese characters and full-width punctuation are one em.  Latin letters, digits and ASCII punctuation
take their advance widths in Times New Roman, the profile's Western face (the figures are those of
Liberation Serif, which is metric-compatible with it: the same as Adobe's Times-Roman metrics), so
"Mbps" is 2.28 ems, not 2.  Other characters count half an em, or one em when East Asian wide.  Between
Chinese and Latin letters or digits both offices add a quarter em (Word's autoSpaceDE/DN, on by default).
"""

from __future__ import annotations

import functools
import re
import unicodedata

# What a line never breaks inside: a number or Latin word, with its sign, separators and brackets, and
# a year or grade with the character that follows it ("2023年", "2025届").
UNBREAKABLE = re.compile(r"[0-9A-Za-z.,%+\-/:（）()]+[年月日届级]?")
# Where a table's text may wrap besides inside a long word: after punctuation and spaces, and before a
# bracketed unit, which stays whole ("实训室（个）" wraps as 实训室 / （个）).
WORD_BREAKS = re.compile(r"[、，,/／\s]+|(?=[（(])|(?<=[）)])")  # the breaks, and what they swallow
BREAK_POINTS = re.compile(r"(?<=[、，,/／\s])|(?=[（(])|(?<=[）)])")  # the same places, nothing swallowed

# Advance widths of U+0020 … U+007E in thousandths of an em (Times New Roman / Liberation Serif).
_ASCII = (250, 333, 408, 500, 500, 833, 778, 180, 333, 333, 500, 564, 250, 333, 250, 278, 500, 500, 500, 500,
          500, 500, 500, 500, 500, 500, 278, 278, 564, 564, 564, 444, 921, 722, 667, 667, 722, 611, 556, 722,
          722, 333, 389, 722, 611, 889, 722, 722, 556, 722, 667, 556, 611, 722, 722, 944, 722, 722, 611, 333,
          278, 333, 469, 500, 333, 444, 500, 444, 500, 444, 333, 500, 500, 278, 278, 500, 278, 778, 500, 500,
          500, 500, 333, 389, 278, 500, 500, 722, 500, 500, 444, 480, 200, 480, 541)


def _char_ems(ch: str) -> float:
    code = ord(ch)
    if 32 <= code <= 126:
        return _ASCII[code - 32] / 1000
    return 1.0 if unicodedata.east_asian_width(ch) in "WF" else 0.5


AUTOSPACE = 0.25  # what Word and LibreOffice add between Chinese and Latin letters or digits ("2023 年")


@functools.lru_cache(maxsize=65536)  # a long table repeats its values: each is measured once
def line_ems(text: str) -> float:
    """The width of `text` set on one line, in ems."""
    wide = [unicodedata.east_asian_width(ch) in "WF" for ch in text]
    gaps = sum(1 for a, b, wa, wb in zip(text, text[1:], wide, wide[1:])
               if wa != wb and (a if wb else b).isascii() and (a if wb else b).isalnum())
    return sum(map(_char_ems, text)) + AUTOSPACE * gaps


def ems(text: str) -> float:
    """The width of `text`'s longest line (lines split at "\\n"), in ems."""
    return max(map(line_ems, text.split("\n")))
