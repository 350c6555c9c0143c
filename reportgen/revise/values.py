"""The values `{{ … }}` tags print, as the draft shows them and as the workbook gives them now.

A marked draft: each recorded bookmark is matched to the value the new render printed with the same tag,
template and repetition (`provenance.key`).  A draft without marks or record: the values are found by the
text around them (`aligned`).
"""

from __future__ import annotations

from reportgen import provenance
from reportgen.problems import Problem, ProjectError
from reportgen.revise.aligned import find_values
from reportgen.revise.difference import DAMAGED, DELETED, NEW_VALUE, NOT_PRINTED, VALUE, Comparison
from reportgen.revise.draft import NUMBER_CHARS


def compare_marked(result: Comparison, current: dict, marks: dict) -> None:
    """The recorded values against the render's (`current`, by key), found by their bookmarks `marks`."""
    draft, recorded = result.draft, result.record["values"]
    seen = set()
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
        if mark is None or mark.deleted:
            result.add(DELETED, "", None, now, source, entry["text"])
            continue
        if mark.end is None:  # the bookmark runs on past its paragraph: what it holds is not the value
            result.add(DAMAGED, draft.where(mark.start), mark.text, now, source, entry["text"], element=mark.start)
            continue
        if mark.text not in (entry["text"], now) and (_numeric(entry["text"]) or _numeric(now)):
            mark.widen()  # digits typed just outside the bookmark
        if mark.text == now:
            continue

        def apply(reviser, mark=mark, now=now, name=name):
            reviser.replace(mark.runs, now, at=mark.end)
            recorded[name]["text"] = now  # the record follows the draft
        result.add(VALUE, draft.where(mark.start), mark.text, now, source, entry["text"], mark.start, apply)
    unmarked = {tuple(key) for key in result.record.get("unmarked", [])}
    templates = {provenance.template_of(entry["place"]) for entry in recorded.values()}
    for key, printed in current.items():  # printed now, never in the draft: a loop grew, a tag was added
        if key not in seen and key not in unmarked and key[1] in templates:
            result.add(NEW_VALUE, "", None, printed["text"], f"{printed['tag']}，{printed['place']}")


def compare_aligned(result: Comparison, checked) -> None:
    """The values found by aligning the draft's text with the templates rendered again (`aligned`)."""
    draft = result.draft
    found, result.unmatched = find_values([checked.master, *checked.sections], checked.values.records,
                                          draft.paragraphs())
    result.values = len(found)
    if not found and result.unmatched:
        raise ProjectError(Problem(str(draft.path), "草稿中找不到本项目的任何数值：它不是本项目生成的草稿，或已面目全非",
                                   "用 --draft 指定本项目的草稿；或先运行 reportgen build 生成草稿"))
    for value in found:
        now = value.record["text"]
        if value.text == now:
            continue
        runs = value.runs()  # split out now, while the paragraph's text is as it was read

        def apply(reviser, runs=runs, now=now):
            reviser.replace(runs, now)
        result.add(VALUE, draft.where(value.paragraph), value.text, now,
                   f"{value.record['tag']}，{value.record['place']}", element=value.paragraph,
                   apply=apply if runs else None)


def _numeric(text: str) -> bool:
    return any(ch.isdigit() for ch in text) and all(ch in NUMBER_CHARS for ch in text)
