"""Cross-references ("见表 2"): REF fields to bookmarked caption numbers, with cached results.

`引用("学校情况")` in a template leaves an inline marker.  Each caption's
label and number are wrapped in a bookmark when it is inserted; once the
captions are numbered, `resolve_references` turns every marker into a
`REF <bookmark> \\h` field whose cached result is the caption's "表 1", so
Word, WPS and LibreOffice show it at once and Word updates it with the
caption.  A reference whose target is not in this draft (a section built
alone) is written as plain text with the number it has in the whole report.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from docx.document import Document

from reportgen.oxml import bookmark as oxml_bookmark
from reportgen.oxml.bookmark import bookmark_elements
from reportgen.oxml.fields import field_runs, number_runs, text_run
from reportgen.oxml.run_paragraph_props import run_properties
from reportgen.oxml.text import replace_text, text_of, texts_containing
from reportgen.render.jinja import REF_MARKER, REF_OPEN, Reference

# Word names the bookmark a cross-reference points at "_Ref" and digits (hidden by the underscore);
# reportgen's own, on the captions it numbers, add "RG".
REFERENCE_PREFIX = "_Ref"
OWN_REFERENCE_PREFIX = REFERENCE_PREFIX + "RG"


@dataclass
class Bookmarks:
    """Bookmark names and ids unique in one document."""

    document: Document
    targets: dict[tuple[str, str], str] = field(default_factory=dict)  # (label, name) -> bookmark
    runs: dict[str, list] = field(default_factory=dict)  # bookmark -> the runs it wraps
    _next_id: int | None = None

    def new(self, prefix: str) -> tuple[int, str]:
        """A fresh bookmark id and name; a leading underscore in `prefix` hides it in Word's bookmark list."""
        if self._next_id is None:
            self._next_id = max(oxml_bookmark.used_ids(self.document.element.body), default=0) + 1
        bookmark_id, self._next_id = self._next_id, self._next_id + 1
        return bookmark_id, f"{prefix}{bookmark_id}"

    def around(self, label: str, name: str, runs: list, made: list | None = None) -> list:
        """`runs` wrapped in a new bookmark, remembered as the target of (label, name) if it is the first;
        the bookmark's name is appended to `made`."""
        bookmark_id, bookmark = self.new(OWN_REFERENCE_PREFIX)
        self.targets.setdefault((label, name), bookmark)
        self.runs[bookmark] = runs
        if made is not None:
            made.append(bookmark)
        start, end = bookmark_elements(bookmark_id, bookmark)
        return [start, *runs, end]

    def text(self, bookmark: str) -> str:
        """What the bookmark shows now, e.g. the caption's "图2-3" once numbered."""
        return "".join(text_of(run) for run in self.runs[bookmark])


def numbers_in_whole_report(requests, label_of, scheme, chapter_of: dict[int, int]) -> dict[tuple[str, str], str]:
    """What each table and figure is called in the whole report ("表 2", "图3-1"): its first place
    in request order, in the chapter `chapter_of[request.id]`.  Used for references whose target is
    not in a draft of one section."""
    counts: dict[tuple[str, int], int] = {}
    shown: dict[tuple[str, str], str] = {}
    for request in requests:
        for name in request.names:
            label = label_of(request.kind, name)
            chapter = chapter_of.get(request.id, 0) if scheme.per_chapter(label) else 0
            counts[label, chapter] = counts.get((label, chapter), 0) + 1
            shown.setdefault((label, name), scheme.shown(label, chapter, counts[label, chapter]))
    return shown


def resolve_references(document, references: list[Reference], bookmarks: Bookmarks,
                       elsewhere: dict[tuple[str, str], str]) -> None:
    """Replace every reference marker with a REF field showing its caption's number now, or with
    plain text from `elsewhere` when its target is not in this draft."""
    targets = bookmarks.targets
    for t in texts_containing(document.element.body, REF_OPEN):
        text = t.text or ""
        run = t.getparent()
        rpr = run_properties(run)
        pieces, position = [], 0
        for match in REF_MARKER.finditer(text):
            pieces.append(text_run(text[position:match.start()], rpr))
            reference = references[int(match.group(1))]
            key = (reference.label, reference.name)
            if key in targets:
                pieces += field_runs(f"REF {targets[key]} \\h", bookmarks.text(targets[key]), rpr)
            else:
                pieces += number_runs(elsewhere[key], rpr)
            position = match.end()
        pieces.append(text_run(text[position:], rpr))
        replace_text(t, pieces)


