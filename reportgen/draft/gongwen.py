"""The parts GB/T 9704-2012 adds around a 公文's text, from `[gongwen]` in reportgen.toml.

Before the master's text: the 版头 (发文机关标志, 发文字号 with 签发人 for a 上行文, the red
separator line, 7.2), the 标题 (7.3.1) and the 主送机关 (7.3.2).  After the last section: the 发文机关
署名 and 成文日期, sealed or not (7.3.5), the 附注 (7.3.6), and the 版记 (7.4) at the foot of an even
page of its own, which carries no page number (7.5).

Each part is a paragraph in a named style (`styles`), so an editor finds and restyles it in Word.
"""

from __future__ import annotations

import copy
import datetime as dt
import math

from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.text.paragraph import Paragraph

from reportgen.draft import styles
from reportgen.draft.text_width import ems, line_ems
from reportgen.oxml import section as oxml_section
from reportgen.oxml import table_xml as oxml_table
from reportgen.oxml.paragraph import blank_page_before, section_break_paragraph, spacer_paragraph
from reportgen.oxml.run_paragraph_props import set_border, set_fonts
from reportgen.project.config import Project
from reportgen.project.gongwen import Gongwen
from reportgen.project.profile import Profile

RED_LINE_EIGHTHS = 12  # 1.5 pt: the red line's weight is not fixed (7.2.7); offices print 1–2.25 pt
RED_LINE_GAP_PT = 11  # the line 4 mm below the 发文字号 (7.2.7)
THICK_EIGHTHS, THIN_EIGHTHS = 8, 6  # the 版记's lines: 0.35 mm and 0.25 mm (7.4.1)


def written_date(date: dt.date) -> str:
    """成文日期 and 印发日期 as 9704 writes them: Arabic numerals, no leading zeros (2025年7月1日)."""
    return f"{date.year}年{date.month}月{date.day}日"


def add_gongwen_parts(document, project: Project) -> "Colophon":
    """The 版头, 标题 and 主送机关 before the master's text; 署名, 成文日期, 附注 and 版记 after the last
    section.  Returns the 版记, for the layout pass to put on an even page."""
    body = document.element.body
    head = _head(document, project)
    first = body[0]
    for p in head:
        first.addprevious(p)
    last = body.sectPr.getprevious()
    if last is not None and last.tag == qn("w:p"):  # 署名 and 成文日期 never alone on a page (7.3.5.4)
        Paragraph(last, document._body).paragraph_format.keep_with_next = True
    for p in _signature(document, project):
        body.sectPr.addprevious(p)
    return _colophon(document, project.gongwen, project.profile)


def _paragraph(document, style: str, text: str = "") -> Paragraph:
    """A new paragraph in `style` holding `text` (a "\\n" in it a line break), not yet in the body."""
    paragraph = Paragraph(OxmlElement("w:p"), document._body)
    paragraph._p.style = styles.style_id(document, style)
    for index, line in enumerate(text.split("\n")):
        run = paragraph.add_run(line)
        if index:
            run._r.addprevious(_line_break())
    return paragraph


def _line_break():
    run = OxmlElement("w:r")
    run.append(OxmlElement("w:br"))
    return run


def _char_pt(profile: Profile) -> float:
    """One character of the body text as set: the text block holds `chars_per_line` of them."""
    return Mm(profile.text_width_mm).pt / profile.chars_per_line


def _head(document, project: Project) -> list:
    g, profile = project.gongwen, project.profile
    mark = _paragraph(document, styles.ISSUER_MARK, g.issuer_mark)
    width = ems(g.issuer_mark)
    if width * styles.ISSUER_MARK_PT > Mm(profile.text_width_mm).pt:  # a long name shrinks to the line
        mark.runs[0].font.size = Pt(int(Mm(profile.text_width_mm).pt / width))
    number = _paragraph(document, styles.DOC_NUMBER)
    if g.signers:  # 上行文: the 发文字号 one character in at the left, 签发人 one in at the right (7.2.5, 7.2.6)
        number.alignment = WD_ALIGN_PARAGRAPH.LEFT
        one = _char_pt(profile)
        stops = number.paragraph_format.tab_stops
        stops.add_tab_stop(Pt(one))
        stops.add_tab_stop(Pt(Mm(profile.text_width_mm).pt - one), WD_TAB_ALIGNMENT.RIGHT)
        number.add_run(f"\t{g.number}\t签发人：")
        names = number.add_run("\u3000".join(g.signers))
        set_fonts(names._r.get_or_add_rPr(), profile.signer_font, profile.latin_font)
    else:
        number.add_run(g.number)
    set_border(number._p.get_or_add_pPr(), "bottom", eighths=RED_LINE_EIGHTHS, color=styles.RED,
               space_pt=RED_LINE_GAP_PT)
    title = _paragraph(document, styles.DOC_TITLE, project.title)
    recipients = _paragraph(document, styles.RECIPIENTS, g.recipients)
    return [mark._p, number._p, title._p, recipients._p]


def signature_indents(name: str, date: str, sealed: bool) -> tuple[float, float]:
    """The right indents, in characters, of the 发文机关署名 and the 成文日期 (7.3.5).

    Sealed: the date four characters in from the right, the 署名 centred over it.  Unsealed: the
    署名 two characters in, the date's first character two to the right of the 署名's first; a date
    longer than that allows goes two characters in and pushes the 署名 left.
    """
    n, m = ems(name), ems(date)
    if sealed:
        return 4 + (m - n) / 2, 4
    date_in = n - m  # the date's start = the 署名's start + 2
    if date_in >= 2:
        return 2, date_in
    return 2 + (2 - date_in), 2


def _signature(document, project: Project) -> list:
    g, profile = project.gongwen, project.profile
    date = written_date(project.date)
    name_in, date_in = signature_indents(project.organisation, date, g.sealed)
    one = _char_pt(profile)
    made = []
    for text, indent in ((project.organisation, name_in), (date, date_in)):
        paragraph = _paragraph(document, styles.SIGNATURE, text)
        paragraph.paragraph_format.right_indent = Pt(indent * one)
        made.append(paragraph)
    # The seal presses on both from within a line below the text (sealed), or the 署名 stands a line
    # below it (unsealed).
    made[0].paragraph_format.space_before = Pt((2 if g.sealed else 1) * styles.line_pt(profile))
    made[0].paragraph_format.keep_with_next = True
    if g.note:
        made[1].paragraph_format.keep_with_next = True
    if g.note:
        made.append(_paragraph(document, styles.DOC_NOTE, g.note))
    return [paragraph._p for paragraph in made]


class Colophon:
    """The 版记's section, which must start on an even page.  Word and WPS honour an even-page section
    break; LibreOffice does too, but leaves the blank page it adds out of a PDF.  So a layout pass puts
    the 版记 on the next page and adds a blank page of its own where that page would be odd; without a
    pass the even-page break stays."""

    def __init__(self, sect_pr, spacer):
        self.sect_pr, self.spacer = sect_pr, spacer
        oxml_section.start_on_next_page(sect_pr)

    def probes(self) -> list:
        return [self.spacer]

    def settle(self, pages) -> bool:
        """Add the blank page when the 版记 falls on an odd page (`pages` from a layout pass); whether
        anything changed."""
        page = pages.page(self.spacer)
        if page is None or page % 2 == 1:  # counted from 0: an odd index is an even page
            return False
        blank_page_before(self.spacer)
        return True

    def without_layout(self) -> None:
        oxml_section.start_on_even_page(self.sect_pr)


def _colophon(document, g: Gongwen, profile: Profile) -> Colophon:
    """The 版记 in a section of its own that starts on an even page, at the foot of the text block: a
    table whose rules are the 版记's lines, thick, thin (between 抄送 and 印发) and thick (7.4), pushed
    down by a spacer of the height left above it.  Its rows are exactly as high as their lines, so the
    spacer's height holds in Word, WPS and LibreOffice alike (LibreOffice ignores a section's bottom
    vertical alignment, and a frame's lines cannot differ in weight there)."""
    final = document.element.body.sectPr
    final.addprevious(section_break_paragraph(copy.deepcopy(final)))  # the text's section ends here
    one = COLOPHON_LINE_PT / LINE_TO_CHAR  # one character of the 版记's 4号 text
    width = Mm(profile.text_width_mm).pt
    rows = []
    if g.copies_to:
        text = f"抄送：{g.copies_to.rstrip('。')}。"
        rows.append((text, _lines(text, width - 2 * one, width - 5 * one), (4 * one, -3 * one)))
    rows.append((f"{g.printed_by}\t{written_date(g.printed_date)}印发", 1, (one, 0)))
    table = document.add_table(rows=len(rows), cols=1)  # at the end of the body, before its sectPr
    oxml_table.set_rules(table._tbl, round(width * 20), top=THICK_EIGHTHS, inside=THIN_EIGHTHS, bottom=THICK_EIGHTHS)
    height = 0.0
    for row, (text, lines, (left, first)) in zip(table.rows, rows):
        row_pt = lines * COLOPHON_LINE_PT + 2 * COLOPHON_PAD_PT
        oxml_table.set_exact_height(row._tr, round(row_pt * 20))
        height += row_pt
        paragraph = row.cells[0].paragraphs[0]
        paragraph._p.style = styles.style_id(document, styles.COLOPHON)
        paragraph.add_run(text)
        fmt = paragraph.paragraph_format
        fmt.left_indent, fmt.first_line_indent, fmt.right_indent = Pt(left), Pt(first), Pt(one)
        fmt.line_spacing, fmt.space_before = Pt(COLOPHON_LINE_PT), Pt(COLOPHON_PAD_PT)
        fmt.tab_stops.add_tab_stop(Pt(width - one), WD_TAB_ALIGNMENT.RIGHT)
    spacer = spacer_paragraph(round((Mm(profile.text_height_mm).pt - height - SLACK_PT) * 20))
    spacer.style = styles.style_id(document, styles.COLOPHON)  # marks the 版记's section (`page_setup`)
    table._tbl.addprevious(spacer)
    table._tbl.addnext(spacer_paragraph(0))  # a body ends with a paragraph; this one is 1 pt high
    return Colophon(final, spacer)


COLOPHON_LINE_PT = 20  # 4号 (14 pt) text on exact 20 pt lines
COLOPHON_PAD_PT = 4  # space above and below the text in each row
LINE_TO_CHAR = 20 / 14  # a 4号 character is 14 pt wide
SLACK_PT = 3  # room for the 1 pt paragraph that ends the body, and for rounding: never another page


def _lines(text: str, first: float, rest: float) -> int:
    """How many lines `text` takes in 4号 with `first` pt on its first line and `rest` on the others;
    one more where it nearly fills a line (a break rule may push a character down)."""
    width = (line_ems(text) + 1.5) * COLOPHON_LINE_PT / LINE_TO_CHAR
    return 1 if width <= first else 1 + math.ceil((width - first) / rest)
