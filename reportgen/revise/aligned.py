"""Finding the values in a draft that lost its marks (or whose record is gone), by its text.

The templates rendered again with the current workbook give each paragraph as literal text and value
slots: "共有学校" [学校总数] "所，在校生" [在校生数] "人。".  A value is taken from the draft only where
its place there is certain; everything else is `Unsure`, and nothing is written into it.  The rules:

1. Whole paragraphs.  A draft paragraph that reads like the rendered one throughout, with the values in
   the slots, holds them, when the split is unique (the shortest and the longest reading of each slot
   agree: "{{ a }}{{ b }}" printed as "12" is not) and a number's slot reads as a number ("住校学生5人"
   puts "学生5" in the slot: the editors' words, not a value).  When several draft paragraphs read so (loop rows,
   repeated sentences), a rendered paragraph and a draft paragraph are paired only when each is the
   other's single best (the most slots reading the same as now), or when they are the last pair left.
2. Reworded paragraphs.  The draft paragraph must be the rendered one's clear best by likeness (its
   current text, values included), ahead of the next by `MARGIN`.  In it a value is placed by the
   characters around its slot, only where that context occurs exactly once in the rendered paragraph
   and exactly once in the draft paragraph, the text found has a number's shape when the value is a
   number, and no two values claim overlapping places.  "超过 2000 人的学校 [2] 所，1000—2000 人的学校
   [3] 所": both slots have the same context (" 人的学校 … 所，100"), so neither is placed by it.

A value found so can be compared and updated like a marked one; who changed it (editors or workbook)
is unknown.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

from reportgen.oxml.paragraph import paragraphs
from reportgen.oxml.revisions import runs_between
from reportgen.oxml.text import text_of
from reportgen.render import provenance
from reportgen.render.jinja import MARKER, REF_MARKER
from reportgen.revise.draft import NUMBER_CHARS

CONTEXT = 6  # characters of literal text on each side that place a value in a reworded paragraph …
LONGEST_CONTEXT = 24  # … taken longer, up to this, while it is not unique in the rendered paragraph
SIMILAR = 0.6  # how alike a reworded paragraph must still be (difflib's ratio)
MARGIN = 0.05  # how far ahead of the next the best reworded paragraph must be
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


@dataclass
class Unsure:
    """A value whose place in the draft is not certain: in `paragraph` (None: no paragraph reads like its
    sentence), or nowhere."""

    record: dict
    paragraph: object = None


@dataclass
class _Rendered:
    """A rendered paragraph: literal texts around its slots (a value's record index, or None for a
    reference or block, whose text the draft shows differently) and its text as the workbook gives it now."""

    literals: list[str]
    slots: list[int | None]
    text: str

    @property
    def values(self) -> list[int]:
        return [i for i in self.slots if i is not None]


def find_values(rendered: list, records: list[dict], paragraphs: list) -> tuple[list[Found], list[Unsure]]:
    """The values of the rendered documents `rendered` (their value markers index `records`) found in the
    draft's `paragraphs`, and those whose place is not certain."""
    texts = [text_of(p) for p in paragraphs]
    pieces = [piece for document in rendered for piece in _rendered_paragraphs(document, records)]
    used: set[int] = set()
    found: list[Found] = []
    unsure: list[Unsure] = []
    pairs = _pair_whole(pieces, texts, records, used)
    for number, piece in enumerate(pieces):
        if number in pairs:
            draft, spans = pairs[number]
            found += [Found(records[i], paragraphs[draft], start, end, texts[draft][start:end])
                      for i, (start, end) in zip(piece.slots, spans) if i is not None]
            continue
        if not "".join(piece.literals).strip():  # a value alone ("某市教育局"): found only as it reads now
            same = next((n for n, text in enumerate(texts) if n not in used and text == piece.text), None)
            if same is None:
                unsure += [Unsure(records[i]) for i in piece.values]
            else:
                used.add(same)
                found += [Found(records[i], paragraphs[same], 0, len(piece.text), records[i]["text"])
                          for i in piece.values]
            continue
        like = _most_like(piece.text, texts, used)
        if like is None:
            unsure += [Unsure(records[i]) for i in piece.values]
            continue
        used.add(like)
        for index, span in zip(piece.slots, _by_context(piece, texts[like], records)):
            if index is None:
                continue
            if span is None:
                unsure.append(Unsure(records[index], paragraphs[like]))
            else:
                found.append(Found(records[index], paragraphs[like], *span, texts[like][slice(*span)]))
    return found, unsure


def rendered_paragraph(rendered: list, index: int, *, raw: bool = False) -> str | None:
    """The text, as it now reads, of the rendered paragraph that printed value `index` (markers removed;
    `raw`: as rendered, markers and all)."""
    opening = f"{provenance.OPEN}{index}{provenance.MID}"
    for document in rendered:
        for p in paragraphs(document.element.body):
            text = text_of(p)
            if opening in text:
                return text if raw else provenance.strip(_SLOT.sub(lambda m: m.group(2) or "", text)).strip()
    return None


def _rendered_paragraphs(document, records: list[dict]):
    """The rendered document's paragraphs that print values, as `_Rendered`."""
    for p in paragraphs(document.element.body):
        text = provenance.PHRASE_MARK.sub("", text_of(p))
        if provenance.OPEN not in text:
            continue
        literals, slots, position = [], [], 0
        for match in _SLOT.finditer(text):
            literals.append(text[position:match.start()])
            slots.append(int(match.group(1)) if match.group(1) is not None else None)
            position = match.end()
        literals.append(text[position:])
        if any(i is not None for i in slots):
            shown = "".join(literal + (records[i]["text"] if i is not None else "")
                            for literal, i in zip(literals, [*slots, None]))
            yield _Rendered(literals, slots, shown)


def _pair_whole(pieces: list[_Rendered], texts: list[str], records, used: set[int]) -> dict[int, tuple[int, list]]:
    """Rendered paragraphs paired with the draft paragraphs that read like them throughout (rule 1):
    {piece number: (draft paragraph number, the slots' spans)}."""
    spans: dict[tuple[int, int], list] = {}
    for number, piece in enumerate(pieces):
        if "".join(piece.literals).strip():
            lazy, greedy = _patterns(piece.literals)
            for draft, text in enumerate(texts):
                lazy_spans = _spans(lazy.fullmatch(text))
                if lazy_spans is not None and lazy_spans == _spans(greedy.fullmatch(text)) and \
                        _shaped(piece.slots, lazy_spans, text, records):
                    spans[number, draft] = lazy_spans
    score = {pair: sum(records[i]["text"] == texts[pair[1]][slice(*span)]
                       for i, span in zip(pieces[pair[0]].slots, found) if i is not None)
             for pair, found in spans.items()}
    pairs: dict[int, tuple[int, list]] = {}
    while score:
        chosen = [pair for pair in score if _single_best(pair, score)]
        if not chosen:
            chosen = _interchangeable(score, pieces, texts)
        if not chosen:
            break
        for number, draft in chosen:
            pairs[number] = (draft, spans[number, draft])
            used.add(draft)
        score = {(p, d): s for (p, d), s in score.items() if p not in pairs and d not in used}
    return pairs


def _interchangeable(score: dict, pieces: list[_Rendered], texts: list[str]) -> list[tuple[int, int]]:
    """The first rendered paragraph left and its first draft paragraph, when every rendered paragraph
    competing for its draft paragraphs reads the same now and those draft paragraphs read the same too
    ("（2025 年）" on the cover and on the first page): whichever pairing, the same values are read."""
    for piece in sorted({p for p, _ in score}):
        drafts = sorted(d for p, d in score if p == piece)
        rivals = {p for p, d in score if d in drafts}
        if len({texts[d] for d in drafts}) == 1 and len({pieces[p].text for p in rivals}) == 1 \
                and all({d for q, d in score if q == p} == set(drafts) for p in rivals):
            return [(piece, drafts[0])]
    return []


def _shaped(slots: list[int | None], spans: list, text: str, records: list[dict]) -> bool:
    """Whether each slot whose value is a number reads as a number in `text` ("学生5" is not one: the
    editors reworded around the value, and writing a number over it would delete their words)."""
    return all(not _numeric(records[i]["text"]) or _numeric(text[slice(*span)])
               for i, span in zip(slots, spans) if i is not None)


def _single_best(pair: tuple[int, int], score: dict) -> bool:
    """Whether the pair's score is above every other of its rendered paragraph's and its draft paragraph's."""
    piece, draft = pair
    return all(score[pair] > s for other, s in score.items()
               if other != pair and (other[0] == piece or other[1] == draft))


def _patterns(literals: list[str]) -> tuple[re.Pattern, re.Pattern]:
    """The rendered paragraph as a pattern, its slots read shortest and longest."""
    def pattern(group: str) -> re.Pattern:
        return re.compile(group.join(re.escape(literal) for literal in literals), re.S)
    return pattern("(.+?)"), pattern("(.+)")


def _spans(match) -> list[tuple[int, int]] | None:
    return None if match is None else [match.span(i) for i in range(1, (match.re.groups or 0) + 1)]


def _most_like(shown: str, texts: list[str], used: set[int]) -> int | None:
    """The unused draft paragraph most like the rendered text `shown`, when it is clearly so (rule 2)."""
    scores = []
    for number, text in enumerate(texts):
        if number in used or not text:
            continue
        matcher = SequenceMatcher(None, shown, text, autojunk=False)
        if matcher.real_quick_ratio() >= SIMILAR and matcher.quick_ratio() >= SIMILAR:
            scores.append((matcher.ratio(), number))
    scores.sort(reverse=True)
    if not scores or scores[0][0] < SIMILAR or (len(scores) > 1 and scores[0][0] - scores[1][0] < MARGIN):
        return None
    return scores[0][1]


def _by_context(piece: _Rendered, text: str, records: list[dict]) -> list[tuple[int, int] | None]:
    """Each slot's span in the reworded draft paragraph `text`, placed by the characters around it (rule 2)."""
    spans = [None if index is None else _placed(piece, i, text, records[index]["text"])
             for i, index in enumerate(piece.slots)]
    clashing = {i for i, a in enumerate(spans) for j, b in enumerate(spans)  # two values in one place:
                if i != j and a is not None and b is not None and a[0] < b[1] and b[0] < a[1]}  # neither is certain
    spans = [None if i in clashing else span for i, span in enumerate(spans)]
    kept = [s for s in spans if s is not None]
    return spans if kept == sorted(kept) else [None] * len(spans)  # out of order: none is certain


def _placed(piece: _Rendered, i: int, text: str, now: str) -> tuple[int, int] | None:
    """Slot `i`'s span in `text`: its context, lengthened until unique in the rendered paragraph, read
    exactly one way in `text`."""
    before_all, after_all = piece.literals[i], piece.literals[i + 1]
    at_start, at_end = i == 0, i == len(piece.slots) - 1
    rendered = STAND_IN.join(piece.literals)
    length = CONTEXT
    while True:
        before, after = before_all[-length:], after_all[:length]
        whole = before == before_all and after == after_all
        if (not before and not at_start) or (not after and not at_end) or len(before) + len(after) < 2:
            return None  # nothing on one side to end the value: "{{ a }}{{ b }}"
        lazy, greedy = _context(before, after, at_start and before == before_all, at_end and after == after_all)
        if len(_spans_of(lazy, rendered)) == 1:
            break
        if whole or length >= LONGEST_CONTEXT:
            return None
        length += CONTEXT
    if _numeric(now):  # a number: every reading that is a number, shortest and longest
        places = {s for s in _spans_of(lazy, text) | _spans_of(greedy, text) if _numeric(text[slice(*s)])}
    else:
        places = _spans_of(lazy, text)
    return places.pop() if len(places) == 1 else None


STAND_IN = "\ue010"  # a slot in the rendered paragraph's text, where contexts are tried for uniqueness


def _context(before: str, after: str, at_start: bool, at_end: bool) -> tuple[re.Pattern, re.Pattern]:
    """The context as patterns whose group is the value, read shortest and longest."""
    head = ("^" if at_start else "") + re.escape(before)
    tail = re.escape(after) + ("$" if at_end else "")
    return re.compile(f"{head}(.+?){tail}", re.S), re.compile(f"{head}(.+){tail}", re.S)


def _spans_of(pattern: re.Pattern, text: str) -> set[tuple[int, int]]:
    """The group's spans where `pattern` matches `text`, from every starting place (up to two: more
    tells no more)."""
    found: set[tuple[int, int]] = set()
    for start in range(len(text)):
        match = pattern.match(text, start)
        if match:
            found.add(match.span(1))
            if len(found) > 1:
                break
    return found


def _numeric(text: str) -> bool:
    return any(ch.isdigit() for ch in text) and all(ch in NUMBER_CHARS for ch in text)
