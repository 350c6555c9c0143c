"""Page setup and page numbers from the format profile.

The master template's first section is the cover: no page number.  Every later
section numbers its pages "— N —" on from 1 (GB/T 9704 7.5): odd pages at the
right, even pages at the left, each one character in from the text block.

A landscape section (a template's own, or one around a wide table) keeps the
text block where it is on the sheet, turned, and prints its page number where
the portrait pages have theirs (GB/T 9704 ch. 8: the table's head at the
binding edge of odd pages and the outer edge of even pages, both the sheet's
left edge as printed): turned 90°, at the landscape page's left edge, at its
foot on odd pages and its head on even pages.
"""

from __future__ import annotations

import copy

from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt

from reportgen.draft import styles
from reportgen.oxml import section as oxml_section
from reportgen.oxml.fields import field_runs, text_run
from reportgen.oxml.text import text_of
from reportgen.oxml.textbox import turned_text_box
from reportgen.project.profile import Profile

EM_DASH = "\u2014"
LANDSCAPE_FOOTER_MM = 10  # the landscape footer only anchors the turned page number: keep it out of the way


def _fresh(footer):
    """A new, empty footer part for this section (never the template's own, nor one another section
    shares: sections copied around a landscape block point at the same parts); its one paragraph."""
    footer.is_linked_to_previous = True  # drops this section's reference
    footer.is_linked_to_previous = False  # adds a new part
    return footer.paragraphs[0]


def _folio_paragraph(footer, profile: Profile, align):
    """A fresh footer's paragraph, set up for the page number "— N —"."""
    paragraph = _fresh(footer)
    paragraph.style = styles.FOOTER
    paragraph.alignment = align
    one_char = Pt(profile.page_number_size_pt)
    fmt = paragraph.paragraph_format
    fmt.left_indent = one_char if align == WD_ALIGN_PARAGRAPH.LEFT else 0
    fmt.right_indent = one_char if align == WD_ALIGN_PARAGRAPH.RIGHT else 0
    return paragraph


def _folio_runs():
    return [text_run(f"{EM_DASH} "), *field_runs("PAGE", "1"), text_run(f" {EM_DASH}")]


def _portrait_footer(footer, profile: Profile, align) -> None:
    paragraph = _folio_paragraph(footer, profile, align)
    for run in _folio_runs():
        paragraph._p.append(run)


def _landscape_footer(footer, profile: Profile, align) -> None:
    """The page number of a landscape page, turned, where the portrait pages print theirs on the sheet."""
    anchor = _folio_paragraph(footer, profile, align)
    folio = copy.deepcopy(anchor._p)  # the same style, alignment and indent as on a portrait page
    for run in _folio_runs():
        folio.append(run)
    anchor.alignment = WD_ALIGN_PARAGRAPH.LEFT
    anchor.paragraph_format.left_indent = anchor.paragraph_format.right_indent = 0
    # Portrait sheet → landscape page: the sheet's bottom edge is the page's left edge, its left edge
    # the page's top.  So the portrait footer line, its foot `footer_distance` above the sheet's bottom,
    # turns into a column whose foot is `footer_distance` in from the left, spanning the text block's
    # width from the top.  A turned box sets its first line at its right edge, and a single line is
    # about 1.2 em high: the box ends there and reaches further left than any line needs.
    line_mm = profile.page_number_size_pt * 1.2 / Mm(1).pt
    anchor._p.append(turned_text_box([folio], left_mm=profile.footer_distance_mm - line_mm,
                                     top_mm=profile.margin_left_mm, width_mm=2 * line_mm,
                                     height_mm=profile.text_width_mm))


def _page(section, profile: Profile, landscape: bool) -> None:
    """Page size and margins; a landscape page is the portrait sheet turned, its text block in place."""
    top, bottom = profile.margin_top_mm, profile.margin_bottom_mm
    left, right = profile.margin_left_mm, profile.margin_right_mm
    width, height = profile.page_width_mm, profile.page_height_mm
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        width, height = height, width
        top, right, bottom, left = left, top, right, bottom  # turned: the sheet's left edge is the page's top
        section.footer_distance = Mm(LANDSCAPE_FOOTER_MM)
    else:
        section.orientation = WD_ORIENT.PORTRAIT
        section.footer_distance = Mm(profile.footer_distance_mm)
    section.page_width, section.page_height = Mm(width), Mm(height)
    section.top_margin, section.bottom_margin = Mm(top), Mm(bottom)
    section.left_margin, section.right_margin = Mm(left), Mm(right)
    section.header_distance = Mm(15)
    section.gutter = 0


def list_sections(body, is_list, is_other) -> tuple[set[int], set[int]]:
    """The sections holding a 目录 or list (`is_list(p)`), and those of them also holding other text
    (`is_other(p)`), which cannot be numbered apart from the body."""
    with_lists = oxml_section.section_indexes(body, is_list)
    return with_lists, with_lists & oxml_section.section_indexes(body, is_other)


def _numbered_apart(document, profile: Profile) -> set[int]:
    """The sections holding only the 目录 and lists, when the profile numbers their pages apart.
    (A list sharing its section with body text is numbered on with the body: `check` warns.)"""
    if profile.list_page_numbers == "arabic":
        return set()
    title = styles.style_id(document, styles.CONTENTS_TITLE)
    list_styles = {styles.style_id(document, name) for name in (styles.CONTENTS_TITLE, *styles.TOC_ENTRIES,
                                                                  styles.CAPTION_ENTRY)}
    lists, shared = list_sections(document.element.body, lambda p: p.style == title,
                                  lambda p: p.style not in list_styles and bool(text_of(p).strip()))
    return lists - shared


def _colophon_sections(document) -> set[int]:
    """The 公文's 版记 section: its page, and a blank page before it, carry no number (GB/T 9704 7.5)."""
    colophon = styles.style_id_or_none(document, styles.COLOPHON)
    return oxml_section.section_indexes(document.element.body, lambda p: p.style == colophon) if colophon else set()


def apply_page_setup(document, profile: Profile, *, has_cover: bool) -> None:
    """Page size, margins, line grid and footers for every section.

    Pages are numbered from the first section after the cover; sections holding only the 目录 and
    lists are numbered in Roman numerals or not at all when the profile says so, and the body then
    starts again at 1.  A 公文's 版记 page is not numbered.
    """
    document.settings.odd_and_even_pages_header_footer = True
    first_numbered = 1 if has_cover else 0
    lists = _numbered_apart(document, profile)
    colophon = _colophon_sections(document)
    body_start = next((i for i in range(first_numbered, len(document.sections)) if i not in lists), None)
    previous = None  # footers of the previous numbered section: (landscape, printing a number)
    for index, section in enumerate(document.sections):
        sect_pr = section._sectPr
        landscape = oxml_section.is_landscape(sect_pr)
        _page(section, profile, landscape)
        if index in colophon:
            oxml_section.no_line_grid(sect_pr)
        else:
            oxml_section.set_line_grid(sect_pr, profile.line_pitch_twips)
        section.different_first_page_header_footer = False
        if index < first_numbered:
            oxml_section.clear_footer_references(sect_pr)
            continue
        numbered = (index not in lists or profile.list_page_numbers == "roman") and index not in colophon
        if index in lists and index == min(lists):
            oxml_section.start_page_numbers(sect_pr, 1, "upperRoman" if numbered else None)
        elif index == body_start:
            oxml_section.start_page_numbers(sect_pr, 1)
        elif index in lists and numbered:
            oxml_section.continue_page_numbers(sect_pr, "upperRoman")
        else:
            oxml_section.continue_page_numbers(sect_pr)
        footers = (landscape, numbered)
        if footers == previous:
            section.footer.is_linked_to_previous = True
            section.even_page_footer.is_linked_to_previous = True
        elif not numbered:  # as high as a numbered footer: LibreOffice lets the text run into a lower one
            _fresh(section.footer).style = styles.FOOTER
            _fresh(section.even_page_footer).style = styles.FOOTER
        else:
            make = _landscape_footer if landscape else _portrait_footer
            make(section.footer, profile, WD_ALIGN_PARAGRAPH.RIGHT)
            make(section.even_page_footer, profile, WD_ALIGN_PARAGRAPH.LEFT)
        previous = footers
