"""目录, 图目录, 表目录 and 附表目录: lists of headings or captions, as Word TOC fields already filled in.

`{{ 目录() }}` and its kin leave a marker; once every caption is numbered,
`insert_lists` replaces each with a title and the entries: a heading's number
as Word's list numbering prints it and its text, or a caption's text, each
linked to a `_Toc` bookmark on its target.  Page numbers come later, from the
layout pass (`passes`), through `ContentsList.fill`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from reportgen.data.report_data import APPENDIX_LIST, FIGURE_LIST, TABLE_LIST, TOC
from reportgen.draft import styles
from reportgen.draft.references import Bookmarks
from reportgen.oxml import paragraph as oxml_paragraph
from reportgen.oxml import section as oxml_section
from reportgen.oxml import toc as oxml_toc
from reportgen.oxml.bookmark import mark_paragraph
from reportgen.oxml.element import Element
from reportgen.oxml.fields import iter_fields, text_run
from reportgen.oxml.text import paragraphs_containing, text_of
from reportgen.problems import Problems
from reportgen.project.heading_numbers import number_text
from reportgen.project.profile import Profile
from reportgen.render.jinja import LISTS, MARK_OPEN, MARKER, BlockRequest


@dataclass
class Entry:
    text: str  # as listed: "1.1 学校概况", "图1-1 校园一角"
    target: Element  # the heading or caption paragraph (w:p) the entry points at
    page: Element  # the w:t holding the entry's page number


@dataclass
class ContentsList:
    kind: str
    entries: list[Entry] = field(default_factory=list)

    def fill(self, page_of) -> None:
        """Write each entry's page number: `page_of(target paragraph)` gives it as printed, or None."""
        for entry in self.entries:
            entry.page.text = page_of(entry.target) or ""


def _titles(profile: Profile) -> dict[str, str]:
    return {TOC: profile.toc_title, FIGURE_LIST: profile.figure_list_title, TABLE_LIST: profile.table_list_title,
            APPENDIX_LIST: profile.appendix_list_title}


def _text(p) -> str:
    return text_of(p).strip()


class _Targets:
    """What lists can list, read once from the document: headings with their numbers, and captions."""

    def __init__(self, document, profile: Profile, chapters_before: int = 0):
        self.headings: list[tuple[int, str, object]] = []  # (level, "1.1 学校概况", paragraph)
        self.captions: dict[str, list[tuple[str, object]]] = {}  # label -> [("图1-1 校园一角", paragraph)]
        outline = styles.outline_levels(document)
        numbered = {styles.style_id(document, name): level for level, name in enumerate(styles.HEADINGS, 1)}
        caption = styles.style_id(document, styles.CAPTION)
        levels, counters = profile.heading_levels, [chapters_before] + [0] * (len(styles.HEADINGS) - 1)
        table_text = styles.style_id_or_none(document, styles.TABLE_TEXT)
        for p in oxml_paragraph.paragraphs_not_styled(document.element.body, "" if table_text in outline or table_text is None else table_text):
            style = p.style
            if style == caption:
                for found in iter_fields(p):
                    if found.kind == "SEQ":
                        self.captions.setdefault(found.argument, []).append((_text(p), p))
                        break
                continue
            level = styles.outline_level(p, outline)
            if level is None or not _text(p):
                continue
            number = ""
            if style in numbered:
                depth = numbered[style]
                counters[depth - 1] += 1
                counters[depth:] = [0] * (len(counters) - depth)
                number = number_text(levels, counters[:depth])
            self.headings.append((level + 1, number + _text(p), p))


def insert_lists(document, requests: list[BlockRequest], profile: Profile, bookmarks: Bookmarks,
                 problems: Problems, *, chapters_before: int = 0) -> list[ContentsList]:
    """Replace each list marker with its title and entries; return the lists, for their page numbers.

    `chapters_before` counts the chapters before the document's first (a section built alone).
    """
    markers = [(p, requests[int(found.group(1))]) for p in paragraphs_containing(document.element.body, MARK_OPEN)
               if (found := MARKER.search(_text(p)))]
    if not markers:
        return []
    targets = _Targets(document, profile, chapters_before)
    titles = _titles(profile)
    marked: dict = {}  # target paragraph -> its _Toc bookmark
    lists = []
    for marker, request in markers:
        if request.kind == TOC:
            levels = request.levels or profile.toc_levels
            items = [(level, text, p) for level, text, p in targets.headings if level <= levels]
            instruction = f'TOC \\o "1-{levels}" \\h \\z \\u'
            what = "标题"
        else:
            label = LISTS[request.kind]
            items = [(1, text, p) for text, p in targets.captions.get(label, [])]
            instruction = f'TOC \\h \\z \\c "{label}"'
            what = f"“{label}”题注"
        if not items:
            problems.warning(request.template, f"{request.kind}() 没有可列的{what}，未插入",
                             "删除这个标签，或在报告中加入相应的内容")
            oxml_section.remove_paragraph(marker)
            continue
        contents = ContentsList(request.kind)
        title = oxml_paragraph.new_paragraph(styles.style_id(document, styles.CONTENTS_TITLE))
        title.append(text_run(request.title or titles[request.kind]))
        marker.addprevious(title)
        paragraphs = []
        for level, text, target in items:
            if target not in marked:
                marked[target] = _bookmark(target, bookmarks)
            style = styles.TOC_ENTRIES[level - 1] if request.kind == TOC else styles.CAPTION_ENTRY
            paragraph, page = oxml_toc.entry(styles.style_id(document, style), text, marked[target])
            marker.addprevious(paragraph)
            paragraphs.append(paragraph)
            contents.entries.append(Entry(text, target, page))
        oxml_toc.wrap_in_field(paragraphs, instruction)
        oxml_section.remove_paragraph(marker)
        lists.append(contents)
    return lists


def _bookmark(p, bookmarks: Bookmarks) -> str:
    """A hidden `_Toc` bookmark around the paragraph's content, as Word sets on what its TOC lists."""
    bookmark_id, name = bookmarks.new("_Toc")
    mark_paragraph(p, bookmark_id, name)
    return name
