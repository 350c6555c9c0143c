"""An edited draft as `compare` and `update` read it: its value bookmarks, the tables and charts by their
captions, and the chapter and paragraph each stands in."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import docx

from reportgen.draft.captions import chapter_heading_id
from reportgen.oxml import bookmark as oxml_bookmark
from reportgen.oxml.bookmark import bookmark_range, hoist_out_of_revisions, is_gone
from reportgen.oxml.chart import chart_ids
from reportgen.oxml.element import RPR, TBL, TR, Element, P, R, T, holds_deletion, is_insertion
from reportgen.oxml.fields import iter_fields
from reportgen.oxml.revisions import visible_runs
from reportgen.oxml.table_xml import is_deleted_row
from reportgen.oxml.text import paragraph_of, split_run, text_of
from reportgen.problems import Problem, ProjectError
from reportgen.render import provenance

NUMBER_CHARS = frozenset("0123456789,.%+-")  # what a printed number is made of: 12,345  96.7%  -3
# LibreOffice names a bookmark pasted while its original still stands "<name>_Copy_1" (as written to
# .docx): cut and pasted with 修订 on, the original stays in the moved-from text.  The copy is the original.
_COPY = re.compile(r"(?:_Copy_\d+)+$")


@dataclass
class Mark:
    """A value bookmark: the elements from its start to its end, and the runs `widen` took in beside it."""

    start: Element
    nodes: list
    end: Element | None  # the w:bookmarkEnd; None when it is not in the start's paragraph (the mark is damaged)
    before: list = field(default_factory=list)
    after: list = field(default_factory=list)

    @property
    def text(self) -> str:
        return "".join(text_of(node) for node in (*self.before, *self.nodes, *self.after))

    @property
    def runs(self) -> list:
        return [run for node in (*self.before, *self.nodes, *self.after) for run in visible_runs(node)]

    @property
    def deleted(self) -> bool:
        """Whether the editors deleted the value with Track Changes on: only deleted text is left."""
        return not self.runs and any(holds_deletion(node) for node in self.nodes)

    @property
    def digits_beside(self) -> bool:
        """Whether a digit stands right against the value outside its bookmark: Word puts what is typed at
        a bookmark's start or end outside it, and to a reader it makes one number with the value
        ("男生1" before "50" reads 150)."""
        before, after = self.start.getprevious(), self.end.getnext() if self.end is not None else None
        return (before is not None and text_of(before)[-1:].isdigit()) or \
            (after is not None and text_of(after)[:1].isdigit())

    def widen(self) -> None:
        """Take in the digits typed right beside the bookmark: an editor who selects a number's last digit
        and types over it in LibreOffice (or types over the whole of it in Word) leaves the new digits
        just outside."""
        if self.end is not None:
            self.after = _number_run(self.end, forward=True)
            if self.after:  # the bookmark takes them in: the new value then replaces all of the old in one place
                self.after[-1].addnext(self.end)
        self.before = _number_run(self.start, forward=False)
        if self.before:
            self.before[0].addprevious(self.start)


class Draft:
    """The draft at `path`, opened with python-docx; nothing is written to it here."""

    def __init__(self, path: Path):
        try:
            self.document = docx.Document(str(path))
        except Exception:  # whatever python-docx makes of a file that is not a Word document
            raise ProjectError(Problem(str(path), "无法打开草稿：它不是有效的 Word 文档（.docx）",
                                       "在 Word 或 WPS 中打开后另存为“Word 文档（*.docx）”")) from None
        self.path = path
        self.body = self.document.element.body
        # name -> w:bookmarkStart, as the draft reads with every revision accepted.  Of two of a name, the
        # first (Word keeps it: a copied paragraph), but one in text deleted or moved away under 修订 is gone.
        # A value mark is brought out of the tracked changes an office wrote it into, and one holding only
        # deleted text is kept unless a live one of its name follows (a paragraph moved under 修订; in
        # LibreOffice, as a `_COPY`): the value typed over it may stand just after it (`Mark.widen`).
        self.bookmarks: dict[str, Element] = {}
        gone: dict[str, Element] = {}  # name -> a bookmark of it that is gone
        for start in oxml_bookmark.starts(self.body):
            name = _COPY.sub("", oxml_bookmark.name_of(start))
            value = provenance.is_value_mark(name)
            if value:
                hoist_out_of_revisions(start)
            lost = is_gone(start)
            if lost:
                gone.setdefault(name, start)
            if name not in self.bookmarks:
                if value or not lost:
                    self.bookmarks[name] = start
            elif value and not lost and is_gone(self.bookmarks[name]):
                self.bookmarks[name] = start
        # name -> (the live `_COPY` taken for it, the original: gone, or None when not there at all)
        self.copies = {name: (start, gone.get(name)) for name, start in self.bookmarks.items()
                       if oxml_bookmark.name_of(start) != name and not is_gone(start)}
        self._chapters: dict | None = None

    def marks(self) -> dict[str, Mark]:
        """Each value bookmark (`provenance.PREFIX`) by name."""
        return {name: Mark(start, *bookmark_range(start)) for name, start in self.bookmarks.items()
                if provenance.is_value_mark(name)}

    def paragraphs(self) -> list:
        """Every paragraph of the body, in table cells too, in document order."""
        return list(self.body.iter(P))

    def chapter(self, element) -> str:
        """The title of the chapter (标题 1) `element` stands in; "" before the first."""
        if self._chapters is None:
            heading, title, self._chapters = chapter_heading_id(self.document), "", {}
            for child in self.body:
                if child.tag == P and heading is not None and child.style == heading:
                    title = text_of(child).strip()
                self._chapters[child] = title
        while element is not None and element.getparent() is not self.body:
            element = element.getparent()
        return self._chapters.get(element, "")

    def where(self, element) -> str:
        """The chapter and paragraph of `element`, as a reader looks for it: 第一章 概况 “共有学校15所……”."""
        text = self.sentence(element)
        chapter = self.chapter(element)
        shown = f"“{text[:30]}{'……' if len(text) > 30 else ''}”" if text else "（空段落）"
        return f"{chapter} {shown}" if chapter else shown

    def sentence(self, element) -> str:
        """The text a reader sees in the paragraph holding `element` (a tab, before a 目录 entry's page
        number, as a space); "" when it stands in none."""
        paragraph = paragraph_of(element)
        return text_of(paragraph, tab=" ", line_break="\n").strip() if paragraph is not None else ""

    def caption_of(self, bookmark: str):
        """The paragraph holding the bookmark `bookmark` (a caption's), or None."""
        return paragraph_of(self.bookmarks.get(bookmark))

    def chart_part(self, caption):
        """The chart part drawn right above the caption paragraph `caption`; None when it is gone."""
        above = caption.getprevious() if caption is not None else None
        ids = chart_ids(above) if above is not None and above.tag == P else []
        return self.document.part.related_parts.get(ids[0]) if ids else None

    def table_rows(self, caption, entry: dict) -> list | None:
        """The rows of the table the caption paragraph `caption` names (as recorded: header rows, caption
        above or below), then its 续表 part's rows without their repeated header, but rows the editors
        deleted with Track Changes on; None when the caption or the table is gone."""
        if caption is None or caption.getparent() is not self.body:
            return None
        caption_above = entry.get("caption", "above") == "above"
        tbl = _nearest_table(caption, below=caption_above)
        if tbl is None:
            return None
        names = {oxml_bookmark.name_of(start) for start in oxml_bookmark.starts(caption)}
        while not caption_above and _continues(tbl, names):  # a caption below follows the last 续表 part: go to the first
            before = _part_next_to(tbl, forward=False)
            if before is None:
                break
            tbl = before
        rows = tbl.findall(TR)
        node = _part_next_to(tbl, forward=True)
        while node is not None and _continues(node, names):  # its 续表 parts: a REF to the caption first
            rows += node.findall(TR)[1 + int(entry.get("header_rows", 1)):]
            node = _part_next_to(node, forward=True)
        return [tr for tr in rows if not is_deleted_row(tr)]


def _continues(tbl, names: set) -> bool:
    """Whether table `tbl` is a 续表 part of the table whose caption holds the bookmarks `names`: its first
    row refers to that caption."""
    first = tbl.find(TR)
    return first is not None and any(f.kind == "REF" and f.argument in names for f in iter_fields(first))


def _part_next_to(tbl, *, forward: bool):
    """The table right after (or before) `tbl`, past empty paragraphs only: where its next 续表 part stands."""
    node = tbl.getnext() if forward else tbl.getprevious()
    while node is not None and node.tag == P and not text_of(node).strip():
        node = node.getnext() if forward else node.getprevious()
    return node if node is not None and node.tag == TBL else None


def _nearest_table(caption, *, below: bool):
    """The table a caption names: the first after it (caption above) or before it, past at most two
    paragraphs (the unit line, the note)."""
    node = caption.getnext() if below else caption.getprevious()
    for _ in range(3):
        if node is None:
            return None
        if node.tag == TBL:
            return node
        if node.tag != P:
            return None
        node = node.getnext() if below else node.getprevious()
    return None


_NUMBER_AFTER = re.compile(r"(?:[\d,.]*\d)?%?")  # what may continue a number: 6  ,345  .5%
_NUMBER_BEFORE = re.compile(r"[-+]?(?:\d[\d,.]*)?$")  # what may open one: 1  12,  -


def _number_run(mark, *, forward: bool) -> list:
    """The number characters in the run next to `mark` (a bookmark's end, or start), split into a run of
    their own; none when that run holds more than text.  A tracked insertion of a number right there (Word
    types over a bookmarked value with 修订 on: the new digits come after the deleted ones) is taken whole."""
    node = mark.getnext() if forward else mark.getprevious()
    if is_insertion(node):
        text = text_of(node)
        return [node] if text and any(ch.isdigit() for ch in text) and set(text) <= NUMBER_CHARS else []
    if node is None or node.tag != R:
        return []
    texts = [child for child in node if child.tag != RPR]
    if len(texts) != 1 or texts[0].tag != T or not texts[0].text:
        return []
    text = texts[0].text
    found = _NUMBER_AFTER.match(text) if forward else _NUMBER_BEFORE.search(text)
    count = len(found.group()) if found else 0
    if count == 0:
        return []
    if count < len(text):
        node = split_run(node, count if forward else len(text) - count, keep="first" if forward else "last")
    return [node]
