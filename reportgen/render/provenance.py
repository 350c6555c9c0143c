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

from docx.oxml.ns import qn
from jinja2.ext import Extension
from jinja2.lexer import Token

from reportgen.data.report_data import FIGURE_LABEL, TABLE_KINDS
from reportgen.oxml.bookmark import bookmark_elements
from reportgen.oxml.fields import text_run
from reportgen.oxml.text import replace_text, texts_containing
from reportgen.render.filters import template_line

OPEN, MID, CLOSE = "\ue004", "\ue005", "\ue006"  # private-use characters, like the block markers
MARKED = re.compile(f"{OPEN}(\\d+){MID}(.*?){CLOSE}", re.S)
FUNCTION = "_rg_value"
PREFIX = "_RGv"  # the leading underscore hides the bookmark in Word's list


class MarkOutputs(Extension):
    """Every `{{ expression }}` becomes `{{ _rg_value(expression, "expression") }}`.  It changes the
    code Jinja compiles: a change here needs a new `jinja.CODE_VERSION` (compiled code is cached)."""

    def filter_stream(self, stream):
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
        self._seen: dict[tuple[str, str], int] = {}

    def mark(self, value, source: str):
        if self.leave_alone(value):
            return value
        text = self.formatting.finalize(value)
        if not isinstance(text, str):
            text = str(text)
        tag, place = "{{ " + source + " }}", self.formatting.where(template_line())
        # The how-manieth time this tag printed in this template (a loop prints it once a row): with the
        # tag and the template, it finds the same value in a later render, though the writers have since
        # added paragraphs to the template or reworded this one.
        seen = (tag, template_of(place))
        n = self._seen[seen] = self._seen.get(seen, 0) + 1
        self.records.append({"tag": tag, "text": text, "place": place, "n": n})
        return f"{OPEN}{len(self.records) - 1}{MID}{text}{CLOSE}"

    def by_key(self) -> dict[tuple[str, str, int], dict]:
        """Each value printed, by its `key`."""
        return {key(record): record for record in self.records}


def template_of(place: str) -> str:
    """The template of a place ("templates/章节/1-基本情况.docx 第 2 段“…”")."""
    return place.split(" 第 ", 1)[0]


def key(record: dict) -> tuple[str, str, int]:
    """What identifies a printed value across renders: its tag, its template, its repetition there."""
    return record["tag"], template_of(record["place"]), record["n"]


def place_bookmarks(document, bookmarks) -> dict[str, int]:
    """Turn the value markers of the body into hidden bookmarks (`bookmarks.new` gives ids); strip those
    anywhere else.  Returns bookmark name -> the value's index in `Values.records`."""
    placed = {}
    for t in texts_containing(document.element.body, OPEN):
        rpr = t.getparent().find(qn("w:rPr"))
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
            for t in texts_containing(element, OPEN):
                t.text = strip(t.text)
        elif part.content_type.endswith("+xml") and OPEN.encode() in part.blob:  # footnotes: a part of bytes
            part._blob = strip(part.blob.decode("utf-8")).encode("utf-8")
    properties = document.core_properties
    for name in ("title", "subject", "author", "comments", "identifier", "language", "keywords", "category"):
        value = getattr(properties, name, None)
        if value and OPEN in value:
            setattr(properties, name, strip(value))


def strip(text: str) -> str:
    """`text` with its value markers removed, the values kept."""
    return MARKED.sub(lambda m: m.group(2), text)


def placed_blocks(targets: dict[tuple[str, str], str], data, caption: str) -> dict[str, dict]:
    """The tables and charts from the workbook, from `references.Bookmarks.targets` and the specs in `data`:
    {"tables": {caption bookmark: sheet, label, header rows, the caption's side (`caption`: "above" or
    "below"), the cells as printed (`rows`)}, "charts": {caption bookmark: name}}."""
    tables = {bookmark: {"name": name, "label": label, "header_rows": data.tables[name].header_rows,
                         "caption": caption, "rows": _rows(data.tables[name])}
              for (label, name), bookmark in targets.items() if label in TABLE_KINDS and name in data.tables}
    charts = {bookmark: {"name": name} for (label, name), bookmark in targets.items()
              if label == FIGURE_LABEL and name in data.figures and data.figures[name].chart is not None}
    return {"tables": tables, "charts": charts}


def _rows(spec) -> list[dict[str, str]]:
    """What a table shows, row by row, as the record keeps it (JSON: columns as strings)."""
    return [{str(column): text for column, text in row.items()} for row in spec.grid.shown_rows()]
