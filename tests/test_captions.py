"""Captions as the draft carries them, made and numbered directly (fast): the label, the chapter, the SEQ
field Word updates and its cached number, keep-with-next.  The examples' rendered captions are checked
through the CLI in test_numbering.py and test_example.py."""

from __future__ import annotations

import docx
import pytest

from reportgen.draft.captions import Scheme, caption, number_captions
from reportgen.oxml.fields import iter_fields
from reportgen.oxml.text import text_of
from reportgen.project.profile import BASE_PROFILES

BY_CHAPTER = Scheme(by_chapter=True, label_space=False)
THROUGH = Scheme()


def _report(scheme: Scheme, parts: list[str]):
    """A document of chapters ("#") and captions (a label), each caption titled by its place, numbered."""
    document = docx.Document()
    body = document.element.body
    chapter = 0
    for part in parts:
        if part == "#":
            chapter += 1
            document.add_paragraph(f"第{chapter}章", style="Heading 1")
        else:
            body.sectPr.addprevious(caption(document, part, "标题", scheme, chapter))
    number_captions(document, scheme)
    return document


def _captions(document) -> list[str]:
    return [text_of(p) for p in document.element.body if getattr(p, "style", None) == "Caption"]


PARTS = ["#", "图", "表", "图", "#", "图", "附表", "#", "表", "附表"]


def test_by_chapter_each_label_restarts_at_each_chapter_but_appendix_tables_run_on():
    assert _captions(_report(BY_CHAPTER, PARTS)) == [
        "图1-1 标题", "表1-1 标题", "图1-2 标题", "图2-1 标题", "附表1 标题", "表3-1 标题", "附表2 标题"]


def test_through_the_document_each_label_counts_on():
    assert _captions(_report(THROUGH, PARTS)) == [
        "图 1 标题", "表 1 标题", "图 2 标题", "图 3 标题", "附表 1 标题", "表 2 标题", "附表 2 标题"]


def test_the_seq_field_word_updates_says_how_the_number_restarts():
    instructions = [" ".join(field.instruction.split()) for field in iter_fields(_report(BY_CHAPTER, PARTS).element.body)]
    assert instructions == ["SEQ 图 \\* ARABIC \\s 1 \\r 1", "SEQ 表 \\* ARABIC \\s 1 \\r 1", "SEQ 图 \\* ARABIC \\s 1",
                            "SEQ 图 \\* ARABIC \\s 1 \\r 1", "SEQ 附表 \\* ARABIC", "SEQ 表 \\* ARABIC \\s 1 \\r 1",
                            "SEQ 附表 \\* ARABIC"]
    assert [" ".join(field.instruction.split()) for field in iter_fields(_report(THROUGH, ["图", "图"]).element.body)] \
        == ["SEQ 图 \\* ARABIC", "SEQ 图 \\* ARABIC"]


@pytest.mark.parametrize("keep", [True, False, None])
def test_a_caption_keeps_with_what_follows_only_when_asked(keep):
    document = docx.Document()
    asked = {} if keep is None else {"keep_with_next": keep}
    p = caption(document, "表", "标题", THROUGH, 0, **asked)
    assert docx.text.paragraph.Paragraph(p, document._body).paragraph_format.keep_with_next is (True if keep else None)


def test_a_reference_prints_the_number_as_its_caption_does():
    assert [BY_CHAPTER.shown("图", 2, 3), BY_CHAPTER.shown("附表", 2, 3), THROUGH.shown("表", 2, 3)] == \
        ["图2-3", "附表3", "表 3"]


def test_an_only_attachment_is_headed_without_a_number():
    scheme = Scheme.of(next(iter(BASE_PROFILES.values())), attachments=1)
    document = docx.Document()
    p = caption(document, "附件", "全市学校名单", scheme, 0)
    assert text_of(p) == "附件 全市学校名单" and not list(iter_fields(p))
    assert scheme.shown("附件", 0, 1) == "附件"


def test_a_bookmark_wraps_the_label_and_number_for_references():
    wrapped = []

    def bookmark(runs):
        wrapped.extend(runs)
        return runs
    document = docx.Document()
    p = caption(document, "图", "标题", BY_CHAPTER, 2, bookmark=bookmark)
    assert "".join(text_of(run) for run in wrapped) == "图2-0" and text_of(p) == "图2-0 标题"


def test_several_attachments_are_numbered():
    profile = next(iter(BASE_PROFILES.values()))
    assert Scheme.of(profile, attachments=2).shown("附件", 0, 2) == "附件2"
    assert Scheme.of(profile, attachments=1).shown("附件", 0, 1) == "附件"


def _paragraph_with_fields(document, *instructions: str, deleted: bool = False):
    """A paragraph of complex fields (each shows "9"), in a tracked deletion when `deleted`."""
    from docx.oxml import OxmlElement

    from reportgen.oxml.fields import field_runs
    p = document.add_paragraph(style="Caption")._p
    holder = p
    if deleted:
        holder = OxmlElement("w:del")
        p.append(holder)
    for instruction in instructions:
        for run in field_runs(instruction, "9"):
            holder.append(run)
    return p


def test_numbers_skip_other_fields_and_captions_deleted_with_track_changes_on():
    from reportgen.draft.captions import planned_numbers
    document = docx.Document()
    document.add_paragraph("第1章", style="Heading 1")
    _paragraph_with_fields(document, "SEQ 图 \\* ARABIC \\s 1")
    _paragraph_with_fields(document, "REF _Ref12 \\h", "SEQ 图 \\* ARABIC \\s 1")  # another field first
    _paragraph_with_fields(document, "SEQ 图 \\* ARABIC \\s 1", deleted=True)
    _paragraph_with_fields(document, "SEQ 图 \\* ARABIC \\s 1")
    document.add_paragraph("第2章", style="Heading 1")
    _paragraph_with_fields(document, "SEQ 图 \\* ARABIC \\s 1")
    assert [(plan.chapter, plan.number) for plan in planned_numbers(document, BY_CHAPTER)] == \
        [(1, 1), (1, 2), (1, 3), (2, 1)]


def test_numbering_anew_sets_the_resets_again_from_where_captions_now_stand():
    from reportgen.draft.captions import planned_numbers
    document = docx.Document()
    document.add_paragraph("第1章", style="Heading 1")
    _paragraph_with_fields(document, "SEQ 图 \\* ARABIC \\s 1 \\r 1")
    _paragraph_with_fields(document, "SEQ 图 \\* ARABIC \\s 1 \\r 1")  # an editor pasted a chapter's first here
    _paragraph_with_fields(document, "SEQ 图 \\* ARABIC \\s 1 \\r")  # a reset without its number
    as_they_are = planned_numbers(document, BY_CHAPTER)
    anew = planned_numbers(document, BY_CHAPTER, anew=True)
    assert [plan.number for plan in as_they_are] == [1, 1, 2]
    assert [plan.number for plan in anew] == [1, 2, 3]
    assert [plan.instruction for plan in anew] == [None, "SEQ 图 \\* ARABIC \\s 1", None]


def test_a_field_that_repeats_the_last_number_does_not_count():
    from reportgen.draft.captions import planned_numbers
    document = docx.Document()
    for instruction in ("SEQ 表 \\* ARABIC", "SEQ 表 \\* ARABIC \\c", "SEQ 表 \\* ARABIC"):  # \c: "表 1" again
        _paragraph_with_fields(document, instruction)
    assert [plan.number for plan in planned_numbers(document, THROUGH)] == [1, 1, 2]
