"""The 公文's 版记 (GB/T 9704-2012 7.4): at the foot of the last page, which is an even page.

The 版记 is a table whose rules are its lines — thick, thin between 抄送 and 印发, thick — at the
text block's width, pushed to the foot of its page by a spacer paragraph of exact height.  Its rows
are exactly as high as their lines, so the same heights hold in Word, WPS and LibreOffice.  (LibreOffice
ignores a section's bottom vertical alignment, and framed paragraphs whose borders differ fall apart
there.)

Where it goes is a layout question, settled by `Colophon` in the layout pass: on the last page of text
when that page is even and has room below the 署名; else on a page of its own, the next even one, with
a blank page before it when needed.  That page and the blank one carry no page number (7.5).
"""

from __future__ import annotations

import math

from docx.enum.text import WD_TAB_ALIGNMENT
from docx.shared import Mm, Pt

from reportgen.draft import styles
from reportgen.draft.gongwen_pages import PagePart
from reportgen.draft.text_width import line_ems
from reportgen.oxml import section as oxml_section
from reportgen.oxml import table_xml as oxml_table
from reportgen.oxml.paragraph import (
    exact_height,
    keep_with_next,
    set_exact_height,
    spacer_paragraph,
)
from reportgen.project.gongwen import Gongwen, written_date
from reportgen.project.profile import Profile

THICK_EIGHTHS, THIN_EIGHTHS = 8, 6  # the lines: 0.35 mm and 0.25 mm (7.4.1), as eighths of a point
LINE_PT = 20  # 4号 (14 pt) text on exact 20 pt lines
PAD_PT = 4  # space above and below the text in each row
SLACK_PT = 3  # room for the 1 pt paragraph that ends the body, and for rounding: never another page


class Colophon(PagePart):
    """Where the 版记 goes, settled by layout passes (`layout.passes.lay_out`).

    It starts in a section of its own that starts on the next even page (`own`): Word, WPS and
    LibreOffice add the blank page before it when the text ends on an even page, and keep doing so as
    editors change the text (`export` keeps that blank page in a PDF).  A pass that finds the text
    ending on an even page with room below moves it there, into the text's section (`shared`), and
    the next pass corrects the spacer to what LibreOffice laid out; should it not fit after all, it
    goes back to its own page for good.
    """

    def __init__(self, body, sect_pr, section_break, spacer, last_line, height_pt: float, profile: Profile):
        self.body, self.sect_pr, self.section_break = body, sect_pr, section_break
        self.spacer, self.last_line = spacer, last_line
        self.height_pt, self.profile = height_pt, profile
        self.state = "own"
        self.text_end = None
        oxml_section.start_on_even_page(sect_pr)

    def after_insertion(self) -> None:
        """Once the tables are in: find the text's last paragraph (in a table's last cell, when a table
        ends it).  A text ending on a landscape page (an 附件 set landscape turns its section so) never
        shares its page with the 版记, which is set upright."""
        if oxml_section.is_landscape(self.section_break.pPr.sectPr):
            self.state = "alone"
        self.text_end = oxml_section.last_paragraph(self.section_break.getprevious())

    def probes(self) -> list:
        return [self.spacer]

    def end_probes(self) -> list:
        return [p for p in (self.text_end, self.last_line) if p is not None]

    def settle(self, pages) -> bool:
        """Move the 版记 as the pass `pages` says (see the class); whether anything changed."""
        if self.state == "shared":
            return self._check_shared(pages)
        if self.state == "own":  # until a try at sharing failed (`_alone`): earlier parts may still move the text
            room = self._room(pages) if self.text_end is not None else None
            if room is not None and room >= self.height_pt + styles.line_pt(self.profile):
                self._share(room - self.height_pt - SLACK_PT)
                return True
        return False

    def without_layout(self) -> None:
        """On its own even page: where it is right whatever the text does."""
        if self.state == "shared":
            self._alone()

    def blank_pages(self, pages) -> int:
        """The blank page before a 版记 on its own page when the text ends on an even page."""
        end = pages.end(self.text_end) if self.text_end is not None else None
        return int(self.state != "shared" and end is not None and end[0] % 2 == 1)

    def _room(self, pages) -> float | None:
        """The height below the text's last line on its page, when that page is even."""
        end = pages.end(self.text_end)
        if end is None or end[0] % 2 == 0:
            return None
        return end[1] - styles.line_pt(self.profile) - Mm(self.profile.margin_bottom_mm).pt

    def _share(self, spacer_pt: float) -> None:
        """Into the text's section, on its last page: the section break goes, its properties last."""
        self.state = "shared"
        oxml_section.join_last_section(self.body, self.section_break)
        set_exact_height(self.spacer, spacer_pt)

    def _alone(self) -> None:
        """Back on a page of its own, for good."""
        self.state = "alone"
        oxml_section.split_again(self.body, self.section_break, self.spacer, self.sect_pr)
        set_exact_height(self.spacer, self._own_page_spacer())

    def _own_page_spacer(self) -> float:
        return Mm(self.profile.text_height_mm).pt - self.height_pt - SLACK_PT

    def _check_shared(self, pages) -> bool:
        """Keep the shared place if the 版记 stayed on the text's last page, its last line where it
        belongs (within a point); correct the spacer, or go back to a page of its own."""
        page, (end, top) = pages.page(self.spacer), pages.end(self.last_line) or (None, 0)
        if page is None or page != end or page % 2 == 0:
            self._alone()
            return True
        bottom = top - LINE_PT - PAD_PT  # the 版记's last line: its row's foot
        error = bottom - (Mm(self.profile.margin_bottom_mm).pt + SLACK_PT)
        if abs(error) <= 1:
            return False
        set_exact_height(self.spacer, max(exact_height(self.spacer) + error, 1))
        return True


def add_colophon(document, g: Gongwen, profile: Profile) -> Colophon:
    """The 版记 after the body's last paragraph, in a section of its own (see `Colophon`)."""
    body = document.element.body
    section_break = oxml_section.split_off_last_section(body)  # the text's section ends here
    final = body.sectPr
    one = styles.COLOPHON_PT  # a character of the 版记's 4号 text
    width = Mm(profile.text_width_mm).pt
    rows = []
    if g.copies_to:  # continuation lines under the first name, after the colon (7.4.2)
        text = f"抄送：{g.copies_to.rstrip('。')}。"
        rows.append((text, _lines(text, width - 2 * one, width - 5 * one), (4 * one, -3 * one)))
    rows.append((f"{g.printed_by}\t{written_date(g.printed_date)}印发", 1, (one, 0)))
    table = document.add_table(rows=len(rows), cols=1)  # at the end of the body, before its sectPr
    oxml_table.set_rules(table._tbl, round(width * 20), top=THICK_EIGHTHS, inside=THIN_EIGHTHS, bottom=THICK_EIGHTHS)
    height = 0.0
    for row, (text, lines, (left, first)) in zip(table.rows, rows):
        row_pt = lines * LINE_PT + 2 * PAD_PT
        oxml_table.set_exact_row_height(row._tr, round(row_pt * 20))
        height += row_pt
        paragraph = row.cells[0].paragraphs[0]
        paragraph._p.style = styles.style_id(document, styles.COLOPHON)
        paragraph.add_run(text)
        fmt = paragraph.paragraph_format
        fmt.left_indent, fmt.first_line_indent, fmt.right_indent = Pt(left), Pt(first), Pt(one)
        fmt.line_spacing, fmt.space_before = Pt(LINE_PT), Pt(PAD_PT)
        fmt.keep_with_next = True  # the rows stay together
        fmt.tab_stops.add_tab_stop(Pt(width - one), WD_TAB_ALIGNMENT.RIGHT)
    spacer = spacer_paragraph()
    set_exact_height(spacer, Mm(profile.text_height_mm).pt - height - SLACK_PT)
    spacer.style = styles.style_id(document, styles.COLOPHON)  # marks the 版记's section (`page_setup`)
    keep_with_next(spacer)
    table._tbl.addprevious(spacer)
    table._tbl.addnext(spacer_paragraph())  # a body ends with a paragraph; this one is 1 pt high
    return Colophon(body, final, section_break, spacer, paragraph._p, height, profile)


def _lines(text: str, first: float, rest: float) -> int:
    """How many lines `text` takes in 4号 with `first` pt on its first line and `rest` on the others;
    one more where it nearly fills a line (a break rule may push a character down)."""
    width = (line_ems(text) + 1.5) * styles.COLOPHON_PT
    return 1 if width <= first else 1 + math.ceil((width - first) / rest)
