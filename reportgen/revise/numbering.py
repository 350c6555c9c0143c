"""Caption numbers and the cross-references to them, in a draft whose editors moved or deleted tables and
figures: numbers in document order (by chapter: with the chapter's number), references showing them.

Only references to captions are checked against their caption: an editor's own reference to a heading
(Word's `REF _Ref… \\r`, a paragraph number) shows what Word computes, not the bookmarked text.
"""

from __future__ import annotations

import re

from reportgen.draft.captions import PlannedNumber, Scheme, planned_numbers
from reportgen.draft.references import REFERENCE_PREFIX
from reportgen.oxml import bookmark as oxml_bookmark
from reportgen.oxml.bookmark import bookmark_range, take_name
from reportgen.oxml.element import BOOKMARK_START, DEL, INS, Element, R
from reportgen.oxml.fields import iter_fields
from reportgen.oxml.revisions import visible_runs
from reportgen.oxml.text import paragraph_of, paragraphs_containing, text_of
from reportgen.oxml.toc import entry_target, entry_text_runs, list_paragraphs, rearrange
from reportgen.render import provenance
from reportgen.revise.difference import (
    BROKEN,
    CAPTION,
    CAPTION_MARK,
    LIST_ENTRY,
    LIST_ORDER,
    LIST_SWITCHES,
    MOVED_MARK,
    REFERENCE,
    SEQ_SWITCHES,
    Comparison,
)

# What Word and LibreOffice show in a cross-reference whose bookmark is gone, once fields are updated.
BROKEN_TEXTS = ("错误！未找到引用源", "Error! Reference source not found", "Error: Reference source not found",
                "错误：找不到引用源")
# REF switches that show something else than the bookmarked text: a paragraph number, its position.
_NOT_THE_TEXT = {"\\r", "\\n", "\\w", "\\p"}


def compare_numbering(result: Comparison, scheme: Scheme, first_numbers: dict[str, int],
                      chapters_before: int) -> None:
    draft = result.draft
    _compare_moved_marks(result)
    planned = planned_numbers(draft.document, scheme, first_numbers, anew=True)
    # a caption's label or number run -> the plan it belongs to, or the label it should show
    shows: dict[Element, PlannedNumber | str] = {}
    reach: dict[Element, Element] = {}  # a caption bookmark that misses its number -> the SEQ field end it will reach (update)
    for plan in planned:
        runs = [run for element in plan.field.result_runs for run in visible_runs(element)]
        for run in runs:
            shows[run] = plan
        _compare_switches(result, plan, scheme)
        _compare_caption_marks(result, plan, reach)
        label = scheme.label_text(plan.label) + scheme.prefix(plan.label, plan.chapter + chapters_before)
        before = _label_runs(plan, scheme)
        shown_label = "".join(text_of(run) for run in before) if before else label
        for index, run in enumerate(before):
            shows[run] = label if index == 0 else ""
        shown, now = "".join(text_of(run) for run in runs), str(plan.number)
        if (shown == now and shown_label == label) or not runs:
            continue

        def apply(reviser, runs=runs, now=now, before=before, relabel=shown_label != label, label=label):
            if relabel:  # moved to another chapter: "图 2-" becomes "图 3-"
                reviser.replace(before, label, number=True)
            if "".join(text_of(run) for run in runs) != now:
                reviser.replace(runs, now, number=True)
        result.add(CAPTION, draft.where(runs[0]), shown_label + shown, label + now, element=runs[0], apply=apply)
    _compare_references(result, shows, reach)
    _compare_list_entries(result, shows, _compare_list_order(result))


def _compare_switches(result: Comparison, plan, scheme: Scheme) -> None:
    """A caption's SEQ field with the switches its place needs: by chapter, Word's chapter reset `\\s 1`
    and, at a chapter's first caption of its kind, the restart `\\r 1` (an office's save may drop them;
    the numbers are then wrong as soon as fields are updated)."""
    field = plan.field
    if field.begin is None or not field.instr_elements:
        return
    words = (plan.instruction or field.instruction).split()
    if scheme.per_chapter(plan.label) and "\\s" not in words:
        at = words.index("\\r") if "\\r" in words else len(words)
        words[at:at] = ["\\s", "1"]
    wanted = " ".join(words)
    has = " ".join(field.instruction.split())
    if wanted == has:
        return

    def apply(reviser, field=field, wanted=wanted):  # a field's code: not text a reader sees, so not tracked
        field.set_instruction(wanted)
    paragraph = paragraph_of(field.begin)
    result.add(SEQ_SWITCHES, result.draft.where(paragraph), has, wanted, element=paragraph, apply=apply)


def _compare_moved_marks(result: Comparison) -> None:
    """A caption or heading cut and pasted with 修订 on in LibreOffice: its bookmark is pasted as a copy
    ("_RefRG12_Copy_1") beside the original in the moved-from text, and the references and 目录 entries,
    which name the original, break once the move is accepted.  Update gives the copy the original's
    name.  A value mark's copy is read as its original (`Draft.bookmarks`): nothing refers to it."""
    for name, (copy, original) in result.draft.copies.items():
        if provenance.is_value_mark(name):
            continue

        def apply(reviser, copy=copy, name=name, original=original):  # a bookmark: not tracked
            take_name(copy, name, original)
        result.add(MOVED_MARK, result.draft.where(copy), oxml_bookmark.name_of(copy), name, element=copy, apply=apply)


def _compare_caption_marks(result: Comparison, plan, reach: dict) -> None:
    """Each cross-reference bookmark (`_Ref…`) of a caption holds its label and its whole number, through
    the SEQ field's end: a reference then shows "图1-2", not "图1-".  `reach` takes, for each that does
    not, the field's end it will reach once update puts it right."""
    field = plan.field
    if field.begin is None or field.end is None or field.end.getparent() is not field.begin.getparent():
        return
    paragraph = field.begin.getparent()
    children = list(paragraph)
    for start in paragraph.findall(BOOKMARK_START):
        if not oxml_bookmark.name_of(start).startswith(REFERENCE_PREFIX) or \
                children.index(start) > children.index(field.begin):
            continue
        nodes, end = bookmark_range(start)
        if field.end in nodes:
            continue
        reach[start] = field.end

        def apply(reviser, start=start, end=end, field=field):  # a bookmark: not tracked
            field.end_bookmark_after(start, end)
        result.add(CAPTION_MARK, result.draft.where(paragraph), oxml_bookmark.name_of(start), "",
                   element=paragraph, apply=apply)


def _label_runs(plan, scheme: Scheme) -> list:
    """The runs printing a caption's label and chapter number right before its SEQ field ("图 2-"), when
    numbered by chapter and they read so; else none."""
    if not scheme.per_chapter(plan.label) or plan.field.begin is None:
        return []
    runs: list[Element] = []
    node = plan.field.begin.getprevious()
    while node is not None and node.tag in (R, BOOKMARK_START, INS, DEL):
        runs[:0] = visible_runs(node)
        node = node.getprevious()
    text = "".join(text_of(run) for run in runs)
    pattern = re.escape(scheme.label_text(plan.label)) + r"\d+" + re.escape(scheme.separator)
    return runs if re.fullmatch(pattern, text) else []


def _compare_references(result: Comparison, shows: dict, reach: dict) -> None:
    draft, reported = result.draft, set()
    for found in iter_fields(draft.body):
        if found.kind != "REF" or not found.result_runs:
            continue
        runs = [run for element in found.result_runs for run in visible_runs(element)]
        shown = "".join(text_of(run) for run in runs)
        target = draft.bookmarks.get(found.argument)
        paragraph = paragraph_of(found.result_runs[0])
        if target is None:  # deleted (with 修订 on too: `Draft.bookmarks`)
            reported.add(paragraph)
            result.add(BROKEN, draft.where(paragraph), shown, "", element=paragraph)
            continue
        nodes, _ = bookmark_range(target)
        if target in reach:  # a caption's bookmark that will hold its whole number
            nodes = _through(target, reach[target])
        if found.switches & _NOT_THE_TEXT or not any(run in shows for node in nodes for run in visible_runs(node)):
            continue  # not a reference to a caption's number
        now = _will_show(nodes, shows)
        if shown != now and runs:
            def apply(reviser, runs=runs, now=now):
                reviser.replace(runs, now, number=True)
            result.add(REFERENCE, draft.where(paragraph), shown, now, element=paragraph, apply=apply)
    for text in BROKEN_TEXTS:
        for paragraph in paragraphs_containing(draft.body, text):
            if paragraph not in reported:
                reported.add(paragraph)
                result.add(BROKEN, draft.where(paragraph), text, "", element=paragraph)


def _compare_list_order(result: Comparison) -> dict:
    """Each 目录 or list of figures (a TOC field) lists its headings or captions in document order, none
    gone: a moved one's entry out of place is reported; `update` removes the entries of those gone and
    puts the rest in order.  Returns, for each entry paragraph, the fix of its list."""
    draft, fixes = result.draft, {}
    place = {name: index for index, name in enumerate(draft.bookmarks)}
    for toc in iter_fields(draft.body):
        if toc.kind != "TOC" or toc.begin is None or not list_paragraphs(toc):
            continue
        _compare_list_switches(result, toc)
        entries = [(paragraph, entry_target(paragraph)) for paragraph in list_paragraphs(toc)]
        entries = [paragraph for paragraph, target in entries if target is not None]
        targets = {paragraph: entry_target(paragraph) or "" for paragraph in entries}
        present = [paragraph for paragraph in entries if targets[paragraph] in place]
        order = sorted(present, key=lambda paragraph: place[targets[paragraph]])
        if order == present and len(present) == len(entries):
            continue
        fix = _list_fix(toc, entries, order)
        fixes.update(dict.fromkeys(entries, fix))
        out_of_place = next((at for at, should in zip(present, order) if at is not should), None)
        if out_of_place is not None:
            should = order[present.index(out_of_place)]
            result.add(LIST_ORDER, draft.where(out_of_place), text_of(out_of_place, tab=" ", line_break="\n").strip(),
                       text_of(should, tab=" ", line_break="\n").strip(), element=out_of_place, apply=fix)
    return fixes


def _compare_list_switches(result: Comparison, toc) -> None:
    """A 目录 or list of figures keeps the switches reportgen writes: `\\h` (each entry a link to its
    heading or caption) and `\\z` (no page numbers in web view).  LibreOffice's save drops them from a
    list of figures, whose entries Word then rebuilds without links."""
    words = toc.instruction.split()
    missing = [switch for switch in ("\\h", "\\z") if switch not in words]
    if not missing or not toc.instr_elements:
        return
    has, wanted = " ".join(words), " ".join([words[0], *missing, *words[1:]])

    def apply(reviser, toc=toc, wanted=wanted):  # a field's code: not tracked
        toc.set_instruction(wanted)
    paragraph = paragraph_of(toc.begin)
    result.add(LIST_SWITCHES, result.draft.where(paragraph), has, wanted, element=paragraph, apply=apply)


def _list_fix(toc, entries: list, order: list):
    """`update`'s fix of one list: its entries in `order`, the others dropped; done once, however many of
    the list's differences carry it.  The list is a field's result Word rebuilds when the field is
    updated, like its page numbers: rewritten plainly, not as a revision."""
    done: list[bool] = []

    def fix(reviser):
        if not done:
            done.append(True)
            rearrange(toc, list_paragraphs(toc), entries, order)
    return fix


def _compare_list_entries(result: Comparison, shows: dict, fixes: dict) -> None:
    """Each entry of a 目录 or list of figures (a PAGEREF to its heading's or caption's bookmark): its
    caption still there (`fixes`: how update drops it), and its text the caption's once numbered anew."""
    draft = result.draft
    for found in iter_fields(draft.body):
        if found.kind != "PAGEREF" or found.begin is None:
            continue
        entry = paragraph_of(found.begin)
        visible = set(visible_runs(entry)) if entry is not None else set()
        runs = [run for run in entry_text_runs(entry) if run in visible] if entry is not None else []
        shown = "".join(text_of(run) for run in runs).strip()
        target = draft.bookmarks.get(found.argument)
        if target is None:
            result.add(LIST_ENTRY, draft.where(entry), shown, "", element=entry, apply=fixes.get(entry))
            continue
        caption = paragraph_of(target)  # the bookmark may stand in a tracked change (a caption moved)
        if not any(run in shows for run in visible_runs(caption)):
            continue  # a heading's entry: Word numbers it
        now = _will_show(list(caption), shows).strip()
        if shown != now and runs:
            def apply(reviser, runs=runs, now=now):  # a field's result, like its page number: plainly
                reviser.plainly().replace(runs, now)
            result.add(LIST_ENTRY, draft.where(entry), shown, now, element=entry, apply=apply)


def _through(start, last) -> list:
    """The siblings after `start` up to and including `last`."""
    nodes, node = [], start.getnext()
    while node is not None:
        nodes.append(node)
        if node is last:
            break
        node = node.getnext()
    return nodes


def _will_show(nodes: list, shows: dict) -> str:
    """What a caption's bookmark (its `nodes`) will show once its label and number are right."""
    out, seen = [], set()
    for node in nodes:
        for run in visible_runs(node):
            plan = shows.get(run)
            if plan is None:
                out.append(text_of(run))
            elif isinstance(plan, str):  # a label, relabelled
                out.append(plan)
            elif id(plan) not in seen:
                seen.add(id(plan))
                out.append(str(plan.number))
    return "".join(out)
