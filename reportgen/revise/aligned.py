"""Finding the values in a draft that lost its marks (or whose record is gone), by its text.

The templates rendered again with the current workbook give each paragraph as literal text and value
slots: "共有学校" [学校总数] "所，在校生" [在校生数] "人。".  A draft paragraph that reads the same around
the slots holds the values in them.  When the editors reworded the paragraph, each value is looked for
between the few characters around its slot, in the draft paragraph most like the rendered one.  A value
found so can be compared and updated like a marked one; who changed it (editors or workbook) is unknown.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

from docx.oxml.ns import qn

from reportgen import provenance
from reportgen.oxml.revisions import runs_between
from reportgen.oxml.text import text_of
from reportgen.references import REF_MARKER
from reportgen.render import MARKER

CONTEXT = 6  # characters of literal text on each side that place a value in a reworded paragraph
SIMILAR = 0.6  # how alike a reworded paragraph must still be (difflib's ratio)
_SLOT = re.compile(f"{provenance.MARKED.pattern}|{REF_MARKER.pattern}|{MARKER.pattern}", re.S)


@dataclass
class Found:
    """A value found in the draft's paragraph `paragraph`, at characters [start, end) of its text."""

    record: dict  # the render's record of the value: tag, place, text (what the workbook gives now)
    paragraph: object
    start: int
    end: int
    text: str

    def runs(self) -> list | None:
        """The runs holding exactly the value's characters, split out of their neighbours; None when a run
        holding part of it has more than one piece of text."""
        return runs_between(self.paragraph, self.start, self.end)


def find_values(rendered: list, records: list[dict], paragraphs: list) -> tuple[list[Found], int]:
    """The values of the rendered documents `rendered` (their value markers index `records`) found in the
    draft's `paragraphs`; and how many were not found."""
    texts = [text_of(p) for p in paragraphs]
    used: set[int] = set()
    found, missing = [], 0
    order = _Order(len(texts))
    for document in rendered:
        for p in document.element.body.iter(qn("w:p")):
            text = text_of(p)
            if provenance.OPEN not in text:
                continue
            literals, slots = _pieces(text)
            if not slots:
                continue
            if not "".join(literals).strip():  # a value alone ("某市教育局"): found only as it should read
                text = "".join(records[i]["text"] for i in slots if i is not None)
                number = next((n for n in order if n not in used and texts[n] == text), None)
                if number is None:
                    missing += sum(i is not None for i in slots)
                else:  # as the workbook gives it, and so no difference
                    used.add(number)
                    order.found(number)
                    found += [Found(records[i], paragraphs[number], 0, len(text), records[i]["text"])
                              for i in slots if i is not None]
                continue
            located = _whole(literals, slots, texts, used, order) or _by_context(literals, slots, texts, used, order)
            for index, where in zip(slots, located or [None] * len(slots)):
                if index is None:
                    continue
                if where is None:
                    missing += 1
                    continue
                paragraph, start, end = where
                found.append(Found(records[index], paragraphs[paragraph], start, end, texts[paragraph][start:end]))
    return found, missing


def _pieces(text: str) -> tuple[list[str], list[int | None]]:
    """A rendered paragraph as literal texts between slots: a value's record index, or None for a
    reference or block (whose text the draft shows differently)."""
    literals, slots, position = [], [], 0
    for match in _SLOT.finditer(text):
        literals.append(text[position:match.start()])
        slots.append(int(match.group(1)) if match.group(1) is not None else None)
        position = match.end()
    literals.append(text[position:])
    return literals, slots


class _Order:
    """Draft paragraphs in the order to try them: from the one after the last found, round to it."""

    def __init__(self, count: int):
        self.count, self.next = count, 0

    def __iter__(self):
        return iter([*range(self.next, self.count), *range(self.next)])

    def found(self, number: int) -> None:
        self.next = number + 1


def _whole(literals, slots, texts, used, order) -> list | None:
    """The slots' places in the next unused draft paragraph that reads like the rendered one throughout."""
    pattern = re.compile("".join(re.escape(literal) + ("(.+?)" if i < len(slots) else "")
                                 for i, literal in enumerate(literals)), re.S)
    for number in order:
        match = None if number in used else pattern.fullmatch(texts[number])
        if match:
            used.add(number)
            order.found(number)
            return [(number, match.start(i + 1), match.end(i + 1)) for i in range(len(slots))]
    return None


def _by_context(literals, slots, texts, used, order) -> list | None:
    """Each slot placed by the characters around it, in the draft paragraph most like the rendered one."""
    shown = "".join(literals)
    best, score = None, SIMILAR
    for number in order:
        text = texts[number]
        if number in used or not text:
            continue
        matcher = SequenceMatcher(None, shown, text, autojunk=False)
        if matcher.real_quick_ratio() >= score and matcher.quick_ratio() >= score and matcher.ratio() >= score:
            best, score = number, matcher.ratio()
    if best is None:
        return None
    used.add(best)
    order.found(best)
    text, places = texts[best], []
    for i in range(len(slots)):
        before, after = literals[i][-CONTEXT:], literals[i + 1][:CONTEXT]
        if len(before) + len(after) < 2:
            places.append(None)
            continue
        match = re.search(re.escape(before) + "(.+?)" + (re.escape(after) if after else "$"), text, re.S)
        places.append((best, match.start(1), match.end(1)) if match else None)
    return places
