"""The named styles of the draft, formatted from the format profile.

Everything visible is done with styles, so an editor restyles the whole draft
in Word by changing one style.  The profile owns the styles listed here: their
formatting is rewritten on every build, whatever the template held.  Styles
are found by name (Word stores built-in names in English whatever the UI
language) and created with the ids below when a template lacks them.
"""

from __future__ import annotations

import math
from collections.abc import Set as AbstractSet
from dataclasses import dataclass

from docx.enum.style import WD_STYLE_TYPE
from docx.shared import Mm
from docx.styles import BabelFish

from reportgen.oxml import numbering as oxml_numbering
from reportgen.oxml import styles_xml
from reportgen.oxml.run_paragraph_props import (
    PPR_ORDER,
    RPR_ORDER,
    remove_child,
    set_bold,
    set_child,
    set_fonts,
    set_indent,
    set_numbering,
    set_right_tab,
    set_size,
    set_spacing,
)
from reportgen.project.heading_numbers import LEVELS
from reportgen.project.profile import Profile

BODY, TITLE, SUBTITLE = "Normal", "Title", "Subtitle"
HEADINGS = tuple(f"Heading {n}" for n in range(1, LEVELS + 1))
CAPTION = "Caption"
COVER_TITLE, COVER_SUBTITLE, COVER_ORG, COVER_DATE = "封面标题", "封面副标题", "封面落款", "封面日期"
PREFACE_HEADING, SIGNATURE, EDITOR_NOTE = "前言标题", "落款", "编者提示"
APPENDIX_HEADING = "附录标题"  # an unnumbered level-1 heading: listed in the 目录, not a chapter
FIGURE, TABLE_TEXT, TABLE_NOTE = "图片", "表格文字", "表注"
CONTENTS_TITLE = "目录标题"  # the title of a 目录 or list: not a heading, so no list lists it
TOC_ENTRIES = tuple(f"toc {n}" for n in range(1, LEVELS + 1))  # Word's built-in names for 目录 entries
CAPTION_ENTRY = "table of figures"  # Word's built-in name for entries of a list of figures or tables
FOOTER = "Footer"
# The 公文's parts (GB/T 9704-2012 7.2–7.4).
ISSUER_MARK, DOC_NUMBER, DOC_TITLE, RECIPIENTS = "发文机关标志", "发文字号", "公文标题", "主送机关"
DOC_NOTE, COLOPHON = "附注", "版记"
ATTACHMENT_NOTE, ATTACHMENT_MARK, ATTACHMENT_TITLE = "附件说明", "附件标识", "附件标题"
ISSUER_MARK_PT = 42  # 初号: no size is fixed (7.2.4), offices print the 标志 large and shrink a long name to fit
RED = "FF0000"
TABLE_GRID = "Table Grid"

CUSTOM_IDS = {
    COVER_TITLE: "RGCoverTitle", COVER_SUBTITLE: "RGCoverSubtitle", COVER_ORG: "RGCoverOrg",
    COVER_DATE: "RGCoverDate", PREFACE_HEADING: "RGPrefaceHeading", SIGNATURE: "RGSignature",
    EDITOR_NOTE: "RGEditorNote", APPENDIX_HEADING: "RGAppendixHeading", FIGURE: "RGFigure",
    TABLE_TEXT: "RGTableText", TABLE_NOTE: "RGTableNote", CONTENTS_TITLE: "RGContentsTitle",
    ISSUER_MARK: "RGIssuerMark", DOC_NUMBER: "RGDocNumber", DOC_TITLE: "RGDocTitle", RECIPIENTS: "RGRecipients",
    DOC_NOTE: "RGDocNote", COLOPHON: "RGColophon", ATTACHMENT_NOTE: "RGAttachmentNote",
    ATTACHMENT_MARK: "RGAttachmentMark", ATTACHMENT_TITLE: "RGAttachmentTitle",
}
BUILTIN_IDS = {BODY: "Normal", TITLE: "Title", SUBTITLE: "Subtitle", CAPTION: "Caption", FOOTER: "Footer",
               **{f"Heading {n}": f"Heading{n}" for n in range(1, LEVELS + 1)},
               **{f"toc {n}": f"TOC{n}" for n in range(1, LEVELS + 1)},
               CAPTION_ENTRY: "TableofFigures"}


@dataclass(frozen=True)
class StyleSpec:
    name: str
    font: str
    size_pt: float
    bold: bool = False
    align: str = "both"  # w:jc value
    first_line_chars: int = 0  # hundredths of a character
    line: str = "grid"  # "grid": on the document's line grid; "single": single spacing off the grid
    before_pt: float = 0
    after_pt: float = 0
    right_indent_chars: int = 0
    outline_level: int | None = None
    keep_next: bool = False
    color: str | None = None
    left_indent_chars: int = 0  # hundredths of a character
    leader_tab: bool = False  # a right tab with dot leader at the text block's edge (entries of a 目录)


def style_specs(p: Profile) -> list[StyleSpec]:
    body, heading = p.body_size_pt, p.heading_size_pt
    return [
        StyleSpec(BODY, p.body_font, body, first_line_chars=200),
        StyleSpec(TITLE, p.title_font, p.title_size_pt, align="center", line="single", after_pt=body),
        StyleSpec(SUBTITLE, p.subtitle_font, body, align="center", line="single", after_pt=body),
        StyleSpec(HEADINGS[0], p.heading1_font, heading, first_line_chars=200, outline_level=0, keep_next=True),
        StyleSpec(HEADINGS[1], p.heading2_font, heading, first_line_chars=200, outline_level=1, keep_next=True),
        StyleSpec(HEADINGS[2], p.heading3_font, heading, bold=p.heading3_bold, first_line_chars=200,
                  outline_level=2, keep_next=True),
        StyleSpec(HEADINGS[3], p.heading4_font, heading, first_line_chars=200, outline_level=3, keep_next=True),
        StyleSpec(CAPTION, p.caption_font, p.caption_size_pt, bold=p.caption_bold, align="center",
                  line="single", before_pt=3, after_pt=6),
        # Cover lines snap to the line grid: title block in the upper third, issuer near the foot.
        StyleSpec(COVER_TITLE, p.title_font, p.title_size_pt + 4, align="center", line="single",
                  before_pt=150, after_pt=24),
        StyleSpec(COVER_SUBTITLE, p.subtitle_font, body, align="center", line="single"),
        StyleSpec(COVER_ORG, p.subtitle_font, body, align="center", line="single", before_pt=230, after_pt=8),
        StyleSpec(COVER_DATE, p.subtitle_font, body, align="center", line="single"),
        StyleSpec(PREFACE_HEADING, p.title_font, p.title_size_pt, align="center", line="single",
                  after_pt=body, outline_level=0, keep_next=True),
        StyleSpec(APPENDIX_HEADING, p.heading1_font, heading, align="left", outline_level=0, keep_next=True),
        StyleSpec(SIGNATURE, p.body_font, body, align="right", right_indent_chars=200),
        StyleSpec(EDITOR_NOTE, p.body_font, body, bold=True, first_line_chars=200, color="C00000"),
        StyleSpec(FIGURE, p.body_font, body, align="center", line="single", before_pt=6, keep_next=True),
        StyleSpec(TABLE_TEXT, p.table_font, p.table_size_pt, align="center", line="single", before_pt=2,
                  after_pt=2),
        StyleSpec(TABLE_NOTE, p.table_font, p.table_size_pt, align="left", line="single", before_pt=3),
        StyleSpec(FOOTER, p.page_number_font, p.page_number_size_pt, align="center", line="single"),
        StyleSpec(CONTENTS_TITLE, p.title_font, p.title_size_pt, align="center", line="single", after_pt=body),
        *(StyleSpec(name, p.heading1_font if level == 0 else p.body_font, body, align="left",
                    left_indent_chars=200 * level, leader_tab=True) for level, name in enumerate(TOC_ENTRIES)),
        StyleSpec(CAPTION_ENTRY, p.body_font, body, align="left", leader_tab=True),
        # 公文 (GB/T 9704 7.2–7.4): the 标志's top 35 mm below the text block's; 空二行 between the
        # 发文字号 and the 标志, and between the red line and the 标题; 空一行 before the 主送机关.
        StyleSpec(ISSUER_MARK, p.title_font, ISSUER_MARK_PT, align="center", line="single", before_pt=91,
                  color=RED),
        StyleSpec(DOC_NUMBER, p.body_font, body, align="center", before_pt=2 * line_pt(p)),
        StyleSpec(DOC_TITLE, p.title_font, p.title_size_pt, align="center", before_pt=2 * line_pt(p)),
        StyleSpec(RECIPIENTS, p.body_font, body, align="left", before_pt=line_pt(p)),
        StyleSpec(DOC_NOTE, p.body_font, body, first_line_chars=200),
        StyleSpec(COLOPHON, p.body_font, COLOPHON_PT, align="left", line="single"),
        # 附件说明 a line below the text, two characters in (7.3.4); an 附件's "附件1" at the top left in
        # 黑体, its title centred on the third line (7.3.7).
        StyleSpec(ATTACHMENT_NOTE, p.body_font, body, align="left", before_pt=line_pt(p)),
        StyleSpec(ATTACHMENT_MARK, p.heading1_font, body, align="left", keep_next=True),
        StyleSpec(ATTACHMENT_TITLE, p.title_font, p.title_size_pt, align="center", before_pt=line_pt(p),
                  after_pt=line_pt(p), keep_next=True),
    ]


COLOPHON_PT = 14  # 4号 (7.4.1)


def line_pt(p: Profile) -> float:
    """One line of the line grid, in points: what "空一行" leaves."""
    return p.line_pitch_twips / 20


def style_id(document, name: str) -> str:
    """The id of the style called `name`.

    Assigning ids directly (`p.style = id`) skips python-docx's style lookup,
    which walks every style for each paragraph: slow in tables of many cells.
    Word names its built-in styles in lower case in the file ("heading 1"), LibreOffice as
    shown ("Heading 1"); either is found.
    """
    try:
        return document.styles[name].style_id
    except KeyError:
        found = styles_xml.id_named(document.styles.element, name)
        if found is None:
            raise
        return found


def style_id_or_none(document, name: str) -> str | None:
    """`style_id`, or None when the document has no style called `name`."""
    try:
        return style_id(document, name)
    except KeyError:
        return None


def get_or_add_style(document, name: str, kind=WD_STYLE_TYPE.PARAGRAPH):
    """The style called `name`, created (with reportgen's id) when the document lacks it."""
    try:
        return document.styles[name]
    except KeyError:
        style = document.styles.add_style(name, kind)
        style.style_id = CUSTOM_IDS.get(name) or BUILTIN_IDS.get(name) or style.style_id
        if kind == WD_STYLE_TYPE.PARAGRAPH and name != BODY:
            style.base_style = document.styles[BODY]
        style.quick_style = True
        return style


def _format(style, spec: StyleSpec, p: Profile, numbering: tuple[int, int] | None) -> None:
    element = style.element
    for tag in ("pPr", "rPr"):
        remove_child(element, tag)
    ppr, rpr = style.element.get_or_add_pPr(), style.element.get_or_add_rPr()
    if spec.keep_next:
        set_child(ppr, "keepNext", PPR_ORDER)
    if numbering is not None:
        set_numbering(ppr, *numbering)
    if spec.line != "grid":  # off the document's line grid, or single spacing still snaps to 28.95 pt lines
        set_child(ppr, "snapToGrid", PPR_ORDER, val=0)
    if spec.leader_tab:
        set_right_tab(ppr, round(Mm(p.text_width_mm).twips), leader="dot")
    # Single spacing: on the grid, each line takes one grid line (28.95 pt), and a line holding a
    # picture as many as the picture needs.
    set_spacing(ppr, before=round(spec.before_pt * 20), after=round(spec.after_pt * 20))
    set_indent(ppr, first_line_chars=spec.first_line_chars, font_pt=spec.size_pt,
               left=round(spec.left_indent_chars / 100 * spec.size_pt * 20),
               right=round(spec.right_indent_chars / 100 * spec.size_pt * 20))
    set_child(ppr, "jc", PPR_ORDER, val=spec.align)
    if spec.outline_level is not None:
        set_child(ppr, "outlineLvl", PPR_ORDER, val=spec.outline_level)
    set_fonts(rpr, spec.font, p.latin_font)
    set_bold(rpr, spec.bold)
    set_child(rpr, "color", RPR_ORDER, val=spec.color or "000000")
    set_child(rpr, "spacing", RPR_ORDER, val=character_spacing(p) if spec.size_pt == p.body_size_pt else 0)
    set_size(rpr, spec.size_pt)
    set_child(rpr, "kern", RPR_ORDER, val=0)


def char_pitch_pt(p: Profile) -> float:
    """One character of the body text as set: the text block holds `chars_per_line` of them."""
    return Mm(p.text_width_mm).pt / p.chars_per_line


def character_spacing(p: Profile) -> int:
    """The spacing, in twentieths of a point, that fits `chars_per_line` Chinese characters of the body
    size on a line of the text block (GB/T 9704 5.2.3: 28; 三号 characters alone fit only 27)."""
    return math.floor((char_pitch_pt(p) - p.body_size_pt) * 20)


def _set_doc_defaults(styles_element, p: Profile) -> None:
    rpr = styles_xml.default_run_properties(styles_element)
    if rpr is not None:
        set_fonts(rpr, p.body_font, p.latin_font)
        set_child(rpr, "lang", RPR_ORDER, val="en-US", eastAsia="zh-CN", bidi="ar-SA")


def apply_styles(document, p: Profile) -> int:
    """Create or rewrite every style reportgen owns and the heading numbering; return its list id."""
    styles_element = document.styles.element
    styles_xml.strip_theme_fonts(styles_element)
    _set_doc_defaults(styles_element, p)
    heading_ids = [get_or_add_style(document, name).style_id for name in HEADINGS]
    numbering = document.part.numbering_part.element
    first_line = round(2 * p.heading_size_pt * 20)
    num_id = oxml_numbering.add_heading_numbering(numbering, p.heading_levels, heading_ids, first_line)
    by_id = styles_xml.by_id(styles_element)
    for spec in style_specs(p):
        style = get_or_add_style(document, spec.name)
        level = HEADINGS.index(spec.name) if spec.name in HEADINGS else None
        _format(style, spec, p, (num_id, level) if level is not None else None)
        styles_xml.match_linked_character_style(style.element, by_id)
    get_or_add_style(document, TABLE_GRID, WD_STYLE_TYPE.TABLE)
    return num_id


def prune_unused_styles(document, also_used_names: AbstractSet[str] = frozenset()) -> None:
    """Drop built-in styles nothing uses (python-docx's template carries ~170).

    Word re-creates built-in styles on demand from its latent style list, so
    nothing is lost for an editor; the writer's own (custom) styles, reportgen's
    styles and every style used here or named in `also_used_names` are kept,
    with the styles they are based on or linked to.
    """
    root = document.styles.element
    by_id = styles_xml.by_id(root)
    name_of = styles_xml.names(root)
    # Names as stored in styles.xml ("caption", "heading 1"), as python-docx maps them.
    owned = {BabelFish.ui2internal(n) for n in ({spec.name for spec in style_specs(Profile())}
                                                 | {TABLE_GRID, *CUSTOM_IDS})}
    keep = _used_style_ids(document, ("pStyle", "rStyle", "tblStyle", "numStyle"))
    for sid, element in by_id.items():
        if (styles_xml.is_default(element) or styles_xml.writers_own(element)
                or name_of.get(sid) in owned or name_of.get(sid) in also_used_names):
            keep.add(sid)
    pending = list(keep)
    while pending:  # follow basedOn / next / link
        element = by_id.get(pending.pop())
        if element is None:
            continue
        for sid in styles_xml.related(element):
            if sid not in keep:
                keep.add(sid)
                pending.append(sid)
    styles_xml.keep_only(root, keep)


def used_style_names(document) -> set[str]:
    """Names of the styles the document's text uses."""
    name_of = styles_xml.names(document.styles.element)
    return {name_of[sid] for sid in _used_style_ids(document, ("pStyle", "rStyle", "tblStyle")) if sid in name_of}


def _used_style_ids(document, tags: tuple[str, ...]) -> set[str]:
    """Ids of the styles referenced by `tags` in the body, headers and footers."""
    return styles_xml.used_ids((part.element for part in _story_parts(document)), tags)


def _story_parts(document):
    """The document part and its headers and footers."""
    yield document.part
    for rel in document.part.rels.values():
        if not rel.is_external and rel.reltype.endswith(("/header", "/footer")):
            yield rel.target_part


def outline_levels(document) -> dict[str, int]:
    """Style id -> outline level (0 = level 1) for every paragraph style that has one, its own or
    inherited; Word's level 9 is "body text" and is none."""
    return {style_id: level for style_id, level in
            styles_xml.inherited(document.styles.element, styles_xml.own_outline_level).items() if level < 9}


def kept_with_next_styles(document) -> set[str]:
    """The ids of the paragraph styles that keep a paragraph with the next (headings, captions above)."""
    return {style_id for style_id, on in
            styles_xml.inherited(document.styles.element, styles_xml.own_keep_with_next).items() if on}


def keeps_with_next(p, kept_styles: set[str]) -> bool:
    """Whether paragraph `p` stays on the page of the next: its own setting, else its style's."""
    own = styles_xml.own_keep_with_next(p)
    return own if own is not None else p.style in kept_styles


def outline_level(p, levels: dict[str, int]) -> int | None:
    """A paragraph's outline level: its own, else its style's (`levels` from `outline_levels`)."""
    own = styles_xml.own_outline_level(p)
    if own is not None:
        return own if own < 9 else None
    return levels.get(p.style)
