"""Page setup and page numbers from the format profile.

The master template's first section is the cover: no page number.  Every later
section numbers its pages "— N —" from 1 (GB/T 9704 7.5): odd pages at the
right, even pages at the left, each one character in from the text block.
"""

from __future__ import annotations

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt

from reportgen import styles
from reportgen.oxml import section as oxml_section
from reportgen.oxml.fields import field_runs, text_run
from reportgen.profile import Profile

EM_DASH = "\u2014"


def _page_number_footer(footer, profile: Profile, align) -> None:
    footer.is_linked_to_previous = False
    paragraphs = footer.paragraphs
    for extra in paragraphs[1:]:
        extra._p.getparent().remove(extra._p)
    paragraph = paragraphs[0]
    for child in list(paragraph._p):
        if not child.tag.endswith("}pPr"):
            paragraph._p.remove(child)
    paragraph.style = styles.FOOTER
    paragraph.alignment = align
    one_char = Pt(profile.page_number_size_pt)
    fmt = paragraph.paragraph_format
    fmt.left_indent = one_char if align == WD_ALIGN_PARAGRAPH.LEFT else 0
    fmt.right_indent = one_char if align == WD_ALIGN_PARAGRAPH.RIGHT else 0
    for run in [text_run(f"{EM_DASH} "), *field_runs("PAGE", "1"), text_run(f" {EM_DASH}")]:
        paragraph._p.append(run)


def apply_page_setup(document, profile: Profile, *, has_cover: bool) -> None:
    """Page size, margins, line grid and footers for every section."""
    document.settings.odd_and_even_pages_header_footer = True
    for index, section in enumerate(document.sections):
        section.page_width, section.page_height = Mm(profile.page_width_mm), Mm(profile.page_height_mm)
        section.top_margin, section.bottom_margin = Mm(profile.margin_top_mm), Mm(profile.margin_bottom_mm)
        section.left_margin, section.right_margin = Mm(profile.margin_left_mm), Mm(profile.margin_right_mm)
        section.footer_distance = Mm(profile.footer_distance_mm)
        section.header_distance = Mm(15)
        section.gutter = 0
        oxml_section.set_line_grid(section._sectPr, profile.line_pitch_twips)
        section.different_first_page_header_footer = False
        if has_cover and index == 0:
            oxml_section.clear_footer_references(section._sectPr)
            continue
        if index == (1 if has_cover else 0):
            oxml_section.start_page_numbers(section._sectPr, 1)
            _page_number_footer(section.footer, profile, WD_ALIGN_PARAGRAPH.RIGHT)
            _page_number_footer(section.even_page_footer, profile, WD_ALIGN_PARAGRAPH.LEFT)
        else:
            section.footer.is_linked_to_previous = True
            section.even_page_footer.is_linked_to_previous = True
