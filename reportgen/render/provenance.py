"""Where the draft's values came from: each value a `{{ … }}` tag prints in the body is wrapped in a
hidden bookmark (`_RGv1`, `_RGv2` …), and the draft's record (`draft_record`) says which tag printed
it, from which template paragraph, and what it printed.  `compare` and `update` read both back later.

Why bookmarks: a LibreOffice round trip keeps hidden bookmarks, names and all, where it drops a
content control's tag (tested in tests/test_provenance.py); Word keeps them through editing and lists
them only under 书签 → 隐藏书签; they print as nothing.  When an editor deletes the sentence, its
bookmark goes with it: the value is then known to be gone.

How: `MarkOutputs`, a Jinja extension, rewrites every `{{ expression }}` into
`{{ _rg_value(expression, "expression") }}`; `Values.mark` prints the value as the profile says,
between private-use markers; `place_bookmarks` turns the markers in the body into bookmarks and
removes those in headers, footers, footnotes and document properties.
"""

from __future__ import annotations

import json
import re

from jinja2.ext import Extension
from jinja2.lexer import Token

from reportgen.data.report_data import FIGURE_LABEL, TABLE_KINDS

ATTACHMENT_LABEL = TABLE_KINDS[2]
from reportgen.oxml.bookmark import bookmark_elements
from reportgen.oxml.fields import text_run
from reportgen.oxml.run_paragraph_props import text_properties
from reportgen.oxml.text import (
    paragraphs_containing,
    replace_text,
    text_of,
    texts,
    texts_containing,
)
from reportgen.render.filters import template_line

OPEN, MID, CLOSE = "\ue004", "\ue005", "\ue006"  # private-use characters, like the block markers
MARKED = re.compile(f"{OPEN}(\\d+){MID}(.*?){CLOSE}", re.S)
FUNCTION = "_rg_value"
PREFIX = "_RGv"  # the leading underscore hides the bookmark in Word's list
# A phrase: what an `{% if %}` within one paragraph printed ("减少445人、下降1.4%"), marked as one unit.
PHRASE_OPEN, PHRASE_MID, PHRASE_CLOSE = "\ue007", "\ue008", "\ue009"
PHRASE_MARK = re.compile(f"{PHRASE_OPEN}(\\d+){PHRASE_MID}|{PHRASE_CLOSE}")
PHRASE, PHRASE_END = "_rg_phrase", "_rg_phrase_end"
PHRASE_PREFIX = "_RGp"


def is_value_mark(name: str) -> bool:
    """Whether a bookmark `name` marks a printed value (as written here, or by `update` for a new row)."""
    return name.startswith(PREFIX)


class MarkOutputs(Extension):
    """Every `{{ expression }}` becomes `{{ _rg_value(expression, "expression") }}`.  It changes the
    code Jinja compiles: a change here needs a new `jinja.CODE_VERSION` (compiled code is cached)."""

    def filter_stream(self, stream):
        return _phrases(list(self._values(stream)))

    def _values(self, stream):
        while not stream.eos:
            token = next(stream)
            if token.type != "variable_begin":
                yield token
                continue
            inner = []
            while not stream.eos and stream.current.type != "variable_end":
                inner.append(next(stream))
            if stream.eos or not inner:  # left for the parser to report
                yield token
                yield from inner
                continue
            end = next(stream)
            source = _source(inner)
            yield token
            yield Token(token.lineno, "name", FUNCTION)
            yield Token(token.lineno, "lparen", "(")
            yield from inner
            yield Token(token.lineno, "comma", ",")
            yield Token(token.lineno, "string", source)
            yield Token(token.lineno, "rparen", ")")
            yield end


def _phrases(tokens: list) -> list:
    """Each `{% if %} … {% endif %}` standing within one paragraph (no `<w:p` in its text: a `{%p if %}`
    has whole paragraphs) wrapped in `{{ _rg_phrase("if …") }}` … `{{ _rg_phrase_end() }}`, the outermost
    only: what it prints is marked, and compared, as one unit."""
    out, i = [], 0
    while i < len(tokens):
        end = _if_block_end(tokens, i)
        if end is None or any(t.type == "data" and ("<w:p>" in t.value or "<w:p " in t.value or "</w:p>" in t.value)
                              for t in tokens[i:end]):
            out.append(tokens[i])
            i += 1
            continue
        head = next(k for k in range(i, end) if tokens[k].type == "block_end")
        line = tokens[i].lineno
        out += _call(line, PHRASE, Token(line, "string", _source(tokens[i + 1:head])))
        out += tokens[i:end]
        out += _call(line, PHRASE_END)
        i = end
    return out


def _if_block_end(tokens: list, i: int) -> int | None:
    """The index after the `{% endif %}` closing the `{% if %}` that begins at `i`; None if none begins."""
    if not _block_named(tokens, i, "if"):
        return None
    depth = 0
    for k in range(i, len(tokens)):
        if _block_named(tokens, k, "if"):
            depth += 1
        elif _block_named(tokens, k, "endif"):
            depth -= 1
            if depth == 0:
                return next((m + 1 for m in range(k, len(tokens)) if tokens[m].type == "block_end"), None)
    return None


def _block_named(tokens: list, i: int, name: str) -> bool:
    return tokens[i].type == "block_begin" and i + 1 < len(tokens) and tokens[i + 1].type == "name" \
        and tokens[i + 1].value == name


def _call(line: int, function: str, *arguments) -> list:
    """`{{ function(arguments) }}` as tokens."""
    return [Token(line, "variable_begin", "{{"), Token(line, "name", function), Token(line, "lparen", "("),
            *arguments, Token(line, "rparen", ")"), Token(line, "variable_end", "}}")]


_TIGHT = {"dot", "lparen", "rparen", "lbracket", "rbracket", "pipe", "comma"}


def _source(tokens) -> str:
    """An expression's tokens written back as a writer writes them: 报告.发布日期|日期("年月日")."""
    out = ""
    for token in tokens:
        value = json.dumps(token.value, ensure_ascii=False) if token.type == "string" else str(token.value)
        if token.type in _TIGHT or out.endswith(("(", "[", ".", "|")) or not out:
            out += value + (" " if token.type == "comma" else "")
        else:
            out += " " + value
    return out


class Values:
    """The values the templates printed, in order, each with the tag that printed it."""

    def __init__(self, formatting, leave_alone):
        self.formatting = formatting  # prints a value as the profile says (`filters.Formatting.finalize`)
        self.leave_alone = leave_alone  # values that are places, not text: block and reference markers
        self.records: list[dict] = []
        self.phrases: list[dict] = []  # the `{% if %}` phrases printed, in order: tag, place, n
        self._open: list[int] = []  # the phrases being printed now, innermost last
        self._seen: dict[tuple[str, str], int] = {}

    def mark(self, value, source: str):
        if self.leave_alone(value):
            return value
        text = self.formatting.finalize(value)
        if not isinstance(text, str):
            text = str(text)
        # With the tag and the template, the how-manieth time the tag printed there (a loop prints it once
        # a row) finds the same value in a later render, though the writers have since added paragraphs to
        # the template or reworded this one.
        tag, place = "{{ " + source + " }}", self.formatting.where(template_line())
        record = {"tag": tag, "text": text, "place": place, "n": self._count(tag, place)}
        if self._open:
            record["phrase"] = self._open[-1]
        self.records.append(record)
        return f"{OPEN}{len(self.records) - 1}{MID}{text}{CLOSE}"

    def open_phrase(self, source: str) -> str:
        """Where an `{% if %}` within a paragraph begins printing (`_phrases`)."""
        tag, place = "{% " + source + " %}", self.formatting.where(template_line())
        self.phrases.append({"tag": tag, "place": place, "n": self._count(tag, place)})
        self._open.append(len(self.phrases) - 1)
        return f"{PHRASE_OPEN}{len(self.phrases) - 1}{PHRASE_MID}"

    def close_phrase(self) -> str:
        if self._open:
            self._open.pop()
        return PHRASE_CLOSE

    def _count(self, tag: str, place: str) -> int:
        """The how-manieth time `tag` printed in this template."""
        seen = (tag, template_of(place))
        self._seen[seen] = self._seen.get(seen, 0) + 1
        return self._seen[seen]

    def by_key(self) -> dict[tuple[str, str, int], dict]:
        """Each value printed, by its `key`."""
        return {key(record): record for record in self.records}


def template_of(place: str) -> str:
    """The template of a place ("templates/章节/1-基本情况.docx 第 2 段“…”")."""
    return place.split(" 第 ", 1)[0]


def key(record: dict) -> tuple[str, str, int]:
    """What identifies a printed value across renders: its tag, its template, its repetition there."""
    return record["tag"], template_of(record["place"]), record["n"]


STAND_IN = "\ue010"  # a value's place in a phrase's skeleton


def phrase_texts(root) -> dict[int, str]:
    """Each phrase printed in the rendered `root`, by its index in `Values.phrases`: its text with the
    value markers in it (a phrase stands within one paragraph)."""
    found = {}
    for p in paragraphs_containing(root, PHRASE_OPEN):
        text, open_ = text_of(p), []
        for match in PHRASE_MARK.finditer(text):
            if match.group(1) is not None:
                open_.append((int(match.group(1)), match.end()))
            elif open_:
                index, start = open_.pop()
                found[index] = PHRASE_MARK.sub("", text[start:match.start()])
    return found


def comparable(raw: str) -> bool:
    """Whether a phrase is only words and values: one holding a reference or a block (their markers,
    U+E000–U+E003) prints otherwise in the draft, and is left to its values."""
    return not re.search("[\ue000-\ue003]", raw)


def phrase_shown(raw: str) -> str:
    """A phrase as it reads."""
    return strip(raw)


def phrase_skeleton(raw: str) -> str:
    """A phrase's words without its values: what changes when its `{% if %}` takes another branch."""
    return MARKED.sub(STAND_IN, raw)


def place_phrases(document, bookmarks, values: Values) -> dict[str, dict]:
    """Turn the phrase markers of the body into hidden bookmarks (`_RGp…`) around what each `{% if %}`
    printed; before `place_bookmarks`, which takes the value markers within.  Returns bookmark name ->
    the phrase's tag, place, repetition, text and skeleton."""
    if not values.phrases:
        return {}
    raw = phrase_texts(document.element.body)
    placed, open_ = {}, []
    for t in [t for t in texts(document.element.body) if PHRASE_MARK.search(t.text or "")]:
        rpr = text_properties(t)
        pieces, position, text = [], 0, t.text or ""
        for match in PHRASE_MARK.finditer(text):
            pieces.append(text_run(text[position:match.start()], rpr))
            position = match.end()
            if match.group(1) is not None:
                index = int(match.group(1))
                bookmark_id, name = bookmarks.new(PHRASE_PREFIX)
                start, end = bookmark_elements(bookmark_id, name)
                pieces.append(start)
                open_.append(end)
                if comparable(raw.get(index, "")):
                    placed[name] = {**values.phrases[index], "text": phrase_shown(raw.get(index, "")),
                                    "skeleton": phrase_skeleton(raw.get(index, ""))}
            elif open_:
                pieces.append(open_.pop())
        pieces.append(text_run(text[position:], rpr))
        replace_text(t, pieces)
    return placed


def place_bookmarks(document, bookmarks) -> dict[str, int]:
    """Turn the value markers of the body into hidden bookmarks (`bookmarks.new` gives ids); strip those
    anywhere else.  Returns bookmark name -> the value's index in `Values.records`."""
    placed = {}
    for t in texts_containing(document.element.body, OPEN):
        rpr = text_properties(t)
        pieces, position, text = [], 0, t.text or ""
        for match in MARKED.finditer(text):
            pieces.append(text_run(text[position:match.start()], rpr))
            bookmark_id, name = bookmarks.new(PREFIX)
            start, end = bookmark_elements(bookmark_id, name)
            pieces += [start, text_run(match.group(2), rpr), end]
            placed[name] = int(match.group(1))
            position = match.end()
        pieces.append(text_run(text[position:], rpr))
        replace_text(t, pieces)
    _strip_elsewhere(document)
    return placed


def _strip_elsewhere(document) -> None:
    """Headers, footers, footnotes and the document properties keep the values, without markers."""
    for part in document.part.package.iter_parts():
        if part is document.part:
            continue
        element = getattr(part, "_element", None)
        if element is not None:
            for t in [*texts_containing(element, OPEN), *texts_containing(element, PHRASE_OPEN),
                      *texts_containing(element, PHRASE_CLOSE)]:
                t.text = strip(t.text)
        elif part.content_type.endswith("+xml") and (OPEN.encode() in part.blob or PHRASE_OPEN.encode() in part.blob):
            part._blob = strip(part.blob.decode("utf-8")).encode("utf-8")
    properties = document.core_properties
    for name in ("title", "subject", "author", "comments", "identifier", "language", "keywords", "category"):
        value = getattr(properties, name, None)
        if value and (OPEN in value or PHRASE_OPEN in value):
            setattr(properties, name, strip(value))


def strip(text: str) -> str:
    """`text` with its value and phrase markers removed, the values kept."""
    return PHRASE_MARK.sub("", MARKED.sub(lambda m: m.group(2), text))


def placed_blocks(targets: dict[tuple[str, str], str], data, caption: str) -> dict[str, dict]:
    """The tables and charts from the workbook, from `references.Bookmarks.targets` and the specs in `data`:
    {"tables": {caption bookmark: sheet, label, header rows, the caption's side (`caption`: "above" or
    "below"), the cells as printed (`rows`)}, "charts": {caption bookmark: name}}."""
    tables = {bookmark: {"name": name, "label": label, "header_rows": data.tables[name].header_rows,
                         "caption": "above" if label == ATTACHMENT_LABEL else caption,  # "附件N" heads its page
                         "rows": _rows(data.tables[name])}
              for (label, name), bookmark in targets.items() if label in TABLE_KINDS and name in data.tables}
    charts = {bookmark: {"name": name} for (label, name), bookmark in targets.items()
              if label == FIGURE_LABEL and name in data.figures and data.figures[name].chart is not None}
    return {"tables": tables, "charts": charts}


def _rows(spec) -> list[dict[str, str]]:
    """What a table shows, row by row, as the record keeps it (JSON: columns as strings)."""
    return [{str(column): text for column, text in row.items()} for row in spec.grid.shown_rows()]
