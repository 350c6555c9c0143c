"""The values `{{ … }}` tags print, as the draft shows them and as the workbook gives them now.

A marked draft: each recorded bookmark is matched to the value the new render printed with the same tag,
template and repetition (`provenance.key`).  A draft without marks or record: the values are found by the
text around them (`aligned`).

Each value has three versions: as built (the record), as the editors left it (the draft), as the workbook
gives it now.  Only the workbook changed: update writes it.  Only the editors changed it: theirs is kept
and listed for the writer to check the workbook (`EDITED`).  Both, differently: a `CONFLICT`, listed,
never overwritten.  Without a record, who changed it is unknown, and the workbook's value is written.
"""

from __future__ import annotations

import copy

from reportgen.oxml.bookmark import bookmark_elements, bookmark_range
from reportgen.oxml.revisions import new_run
from reportgen.oxml.run_paragraph_props import run_properties
from reportgen.oxml.text import paragraph_of
from reportgen.problems import Problem, ProjectError
from reportgen.render import provenance
from reportgen.revise.aligned import find_values, rendered_paragraph
from reportgen.revise.difference import (
    DAMAGED,
    DELETED,
    NEW_ROW,
    NEW_VALUE,
    NOT_PRINTED,
    PHRASE,
    REWORD,
    UNSURE,
    VALUE,
    Comparison,
)
from reportgen.revise.draft import NUMBER_CHARS, Mark


def compare_marked(result: Comparison, checked, marks: dict) -> None:
    """The recorded values against the render's (`checked.values`), found by their bookmarks `marks`; a
    value whose bookmark an office dropped is looked for by its text (`aligned`) before it is taken for
    deleted."""
    draft, recorded, current = result.draft, result.record["values"], checked.values.by_key()
    seen, lost = set(), {}
    for name, entry in recorded.items():
        key = provenance.key(entry)
        seen.add(key)
        mark, printed = marks.get(name), current.get(key)
        source = f"{entry['tag']}，{entry['place']}"
        if printed is None:  # the templates no longer print it: reworded, or a loop has fewer rows
            result.add(NOT_PRINTED, draft.where(mark.start) if mark else "", mark.text if mark else None, "",
                       source, entry["text"], element=mark.start if mark else None)
            continue
        now = printed["text"]
        source = f"{entry['tag']}，{printed['place']}"  # where the template prints it now
        result.values += 1
        built = entry["text"]
        if mark is None:
            lost[key] = entry
            continue
        if mark.end is not None and (mark.text not in (built, now) or mark.digits_beside) \
                and (_numeric(built) or _numeric(now)):
            mark.widen()  # digits typed just outside the bookmark (or over it, with 修订 on)
        if mark.deleted:
            result.add(DELETED, "", None, now, source, built)
            continue
        if mark.end is None:  # the bookmark runs on past its paragraph: what it holds is not the value
            result.add(DAMAGED, draft.where(mark.start), mark.text, now, source, built, element=mark.start)
            continue

        def apply(reviser, mark=mark, now=now, entry=entry):
            reviser.replace(mark.runs, now, at=mark.end)
            entry["text"] = now  # the record follows the draft
        if result.reconcile(VALUE, draft.where(mark.start), mark.text, now, built, source, mark.start, apply):
            entry["text"] = now  # in step, however it got there: the record follows
    if lost:
        _compare_lost(result, checked, lost)
    unmarked = {tuple(key) for key in result.record.get("unmarked", [])}
    templates = {provenance.template_of(entry["place"]) for entry in recorded.values()}
    added = [(key, printed) for key, printed in current.items()  # printed now, never in the draft: a loop
             if key not in seen and key not in unmarked and key[1] in templates]  # grew, a tag was added
    for key, printed in _new_rows(result, checked, added, marks):
        result.add(NEW_VALUE, "", None, printed["text"], f"{printed['tag']}，{printed['place']}")
    _compare_phrases(result, checked)
    _branch_flips(result, checked)


def _compare_phrases(result: Comparison, checked) -> None:
    """What each `{% if %}` within a sentence printed, as one unit (`provenance.place_phrases`): when its
    words changed with the data ("减少445人" → "增加99人"), the whole phrase is one difference, in its
    three versions, and its values' own differences give way to it.  A phrase update wrote is compared
    whole from then on (its new values have no marks of their own)."""
    recorded = result.record.get("phrases") or {}
    if not recorded:
        return
    draft, raw = result.draft, {}
    for document in (checked.master, *checked.sections):
        raw.update(provenance.phrase_texts(document.element.body))
    now_by_key = {provenance.key(phrase): index for index, phrase in enumerate(checked.values.phrases)}
    for name, entry in recorded.items():
        index, start = now_by_key.get(provenance.key(entry)), draft.bookmarks.get(name)
        if index is None or index not in raw or start is None or not provenance.comparable(raw[index]):
            continue  # not printed now, deleted with its sentence (its values say so), or holding a reference
        now, skeleton = provenance.phrase_shown(raw[index]), provenance.phrase_skeleton(raw[index])
        if skeleton == entry["skeleton"] and not entry.get("whole"):
            continue  # the same words: its values are compared one by one
        mark = Mark(start, *bookmark_range(start))
        inside = {element for node in mark.nodes for element in node.iter()}
        inner = {f"{r['tag']}，{r['place']}" for r in checked.values.records if r.get("phrase") == index}
        result.differences = [item for item in result.differences
                              if item.element not in inside and not (item.kind == NEW_VALUE and item.source in inner)]
        marked = [n for n, e in result.record["values"].items() if draft.bookmarks.get(n) in inside]

        def apply(reviser, mark=mark, now=now, entry=entry, skeleton=skeleton, marked=marked, index=index):
            reviser.replace(mark.runs, now, at=mark.end)
            _phrase_written(result.record, entry, now, skeleton, marked, checked.values.records, index)
        source = f"{entry['tag']}，{entry['place']}"
        if result.reconcile(PHRASE, draft.where(start), mark.text, now, entry["text"], source, start, apply):
            _phrase_written(result.record, entry, now, skeleton, marked, checked.values.records, index)


def _phrase_written(record: dict, entry: dict, now: str, skeleton: str, marked: list, records: list,
                    index: int) -> None:
    """The record follows a phrase the draft now holds as the workbook gives it: compared whole from now
    on; the values that stood in its old words are gone, those in its new words have no marks."""
    entry.update(text=now, skeleton=skeleton, whole=True)
    for name in marked:
        record["values"].pop(name, None)
    unmarked = record.setdefault("unmarked", [])
    unmarked += [list(provenance.key(r)) for r in records if r.get("phrase") == index
                 and list(provenance.key(r)) not in unmarked]


def _new_rows(result: Comparison, checked, added: list, marks: dict) -> list:
    """The values of `added` that make up a whole new repetition of a loop's paragraph (a row the list
    sheet gained, after a row the draft has or after another new row): each such row is one `NEW_ROW`,
    with its text and the row it follows, that update inserts there.  Returns the other values."""
    by_row: dict[tuple[str, int], list] = {}
    for key, printed in added:
        by_row.setdefault((_paragraph_of(f"{printed['tag']}，{printed['place']}"), key[2]), []).append((key, printed))
    recorded = {provenance.key(entry): name for name, entry in result.record["values"].items()}
    rendered, rest = [checked.master, *checked.sections], []
    made: dict[tuple[str, int], tuple[Mark, dict]] = {}  # (paragraph, row) -> (like, anchor slot)
    for (paragraph, n), values in sorted(by_row.items(), key=lambda item: item[0][1]):
        marks_before = [marks.get(recorded.get((key[0], key[1], n - 1))) for key, _ in values]
        present = [mark for mark in marks_before if mark is not None]
        if (paragraph, n - 1) in made:  # after a row that is new too: placed where update puts that one
            like, anchor = made[paragraph, n - 1]
        elif n > 1 and len(present) == len(marks_before):
            like, anchor = present[0], None
        else:  # not a row after one the draft has
            rest += values
            continue
        index = checked.values.records.index(values[0][1])
        raw = rendered_paragraph(rendered, index, raw=True)
        slot = made[paragraph, n] = (like, {"after": anchor})

        def apply(reviser, raw=raw, like=like, anchor=anchor, slot=slot):
            after = anchor["made"] if anchor is not None else paragraph_of(like.start)
            slot[1]["made"] = _insert_row(reviser, result.record, after, raw, like, checked.values.records)
        writable = raw is not None and provenance.comparable(raw) and (anchor is not None  # no reference in it
                                                                       or paragraph_of(like.start) is not None)
        row = rendered_paragraph(rendered, index) or values[0][1]["text"]
        result.add(NEW_ROW, result.draft.where(like.start), None, row, paragraph, element=like.start,
                   apply=apply if writable else None)
    return rest


def _insert_row(reviser, record: dict, previous, raw: str, like, records: list) -> None:
    """A loop's new row written after the draft's `previous` row paragraph, formatted like its value
    `like`, each value in a bookmark of its own (recorded), as the other rows' are."""
    rpr = next((run_properties(run) for run in like.runs), None)
    pieces, position = [], 0
    text = provenance.PHRASE_MARK.sub("", raw)
    for match in provenance.MARKED.finditer(text):
        if match.start() > position:
            pieces.append(new_run(text[position:match.start()], copy.deepcopy(rpr)))
        name = f"{provenance.PREFIX}n{reviser.new_id()}"
        start, end = bookmark_elements(reviser.new_id(), name)
        pieces += [start, new_run(match.group(2), copy.deepcopy(rpr)), end]
        record["values"][name] = {k: v for k, v in records[int(match.group(1))].items() if k != "phrase"}
        position = match.end()
    if position < len(text):
        pieces.append(new_run(text[position:], copy.deepcopy(rpr)))
    return reviser.insert_paragraph_after(previous, pieces)


def _branch_flips(result: Comparison, checked) -> None:
    """A template paragraph that no longer prints a recorded value and prints a new one instead: its
    wording depends on the data ("较上年减少445人" / "增加99人", an `{% if %}`) and the branch changed.
    Listed as one sentence to rewrite, with the sentence as it now reads, instead of a value gone and a
    value missing (which blamed the template or a loop)."""
    gone = {_paragraph_of(item.source): item for item in result.differences if item.kind == NOT_PRINTED}
    new = {_paragraph_of(item.source): item for item in result.differences if item.kind == NEW_VALUE}
    for paragraph in gone.keys() & new.keys():
        old, now = gone[paragraph], new[paragraph]
        index = next(i for i, r in enumerate(checked.values.records) if f"{r['tag']}，{r['place']}" == now.source)
        sentence = rendered_paragraph([checked.master, *checked.sections], index)
        result.differences = [item for item in result.differences
                              if _paragraph_of(item.source) != paragraph or item.kind not in (NOT_PRINTED, NEW_VALUE)]
        shown = result.draft.sentence(old.element) if old.element is not None else None
        result.add(REWORD, old.where, shown, sentence or now.current, paragraph, element=old.element)


def _paragraph_of(source: str) -> str:
    """The template paragraph of a value's source ("{{ 增量 }}，templates/章节/1-概况.docx 第 3 段“…”")."""
    return source.split("，", 1)[-1].split("“", 1)[0]


def _compare_lost(result: Comparison, checked, lost: dict) -> None:
    """The recorded values whose bookmarks are gone (`lost`, by key): found by their text where that is
    certain (Word may drop a bookmark when text is typed over it), else deleted with their sentence."""
    found, _ = find_values([checked.master, *checked.sections], checked.values.records, result.draft.paragraphs())
    by_key = {provenance.key(value.record): value for value in found}
    for key, entry in lost.items():
        value = by_key.get(key)
        source = f"{value.record['tag']}，{value.record['place']}" if value else f"{entry['tag']}，{entry['place']}"
        now = value.record["text"] if value else checked.values.by_key()[key]["text"]
        if value is None:
            result.add(DELETED, "", None, now, source, entry["text"])
            continue
        _reconcile_found(result, value, entry["text"], entry)


def compare_aligned(result: Comparison, checked) -> None:
    """The values found by aligning the draft's text with the templates rendered again (`aligned`); those
    whose place is not certain are listed, and nothing is written into them."""
    draft = result.draft
    found, unsure = find_values([checked.master, *checked.sections], checked.values.records, draft.paragraphs())
    result.values, result.unmatched = len(found), len(unsure)
    if not found and unsure:
        raise ProjectError(Problem(str(draft.path), "草稿中找不到本项目的任何数值：它不是本项目生成的草稿，或已面目全非",
                                   "用 --draft 指定本项目的草稿；或先运行 reportgen build 生成草稿"))
    built = {provenance.key(entry): entry["text"] for entry in result.record.get("values", {}).values()}
    for value in found:
        _reconcile_found(result, value, built.get(provenance.key(value.record)))
    for lost in unsure:
        result.add(UNSURE, draft.where(lost.paragraph) if lost.paragraph is not None else "", None,
                   lost.record["text"], f"{lost.record['tag']}，{lost.record['place']}", element=lost.paragraph)


def _reconcile_found(result: Comparison, value, built: str | None, entry: dict | None = None) -> None:
    """A value found by its text (`aligned.Found`) in its three versions; `entry`, its record to follow."""
    now = value.record["text"]
    if value.text == now:
        if entry is not None:
            entry["text"] = now
        return
    runs = value.runs()  # split out now, while the paragraph's text is as it was read

    def apply(reviser, runs=runs, now=now):
        reviser.replace(runs, now)
        if entry is not None:
            entry["text"] = now
    result.reconcile(VALUE, result.draft.where(value.paragraph), value.text, now, built,
                     f"{value.record['tag']}，{value.record['place']}", value.paragraph, apply if runs else None)


def _numeric(text: str) -> bool:
    return any(ch.isdigit() for ch in text) and all(ch in NUMBER_CHARS for ch in text)
