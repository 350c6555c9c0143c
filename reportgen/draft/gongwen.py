"""The parts GB/T 9704-2012 adds around a 公文's text, from `[gongwen]` in reportgen.toml.

Before the master's text: the 版头 (发文机关标志, 发文字号 with 签发人 for a 上行文, the red
separator line, 7.2), the 标题 (7.3.1) and the 主送机关 (7.3.2).  After the last section: the 发文机关
署名 and 成文日期, sealed or not (7.3.5), the 附注 (7.3.6), and the 版记 (7.4, `colophon`).

Each part is a paragraph in a named style (`styles`), so an editor finds and restyles it in Word.
"""

from __future__ import annotations

from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml.text.paragraph import CT_P
from docx.shared import Mm, Pt
from docx.text.paragraph import Paragraph

from reportgen.draft import styles
from reportgen.draft.colophon import add_colophon
from reportgen.draft.gongwen_pages import HeadPage, SignaturePage
from reportgen.draft.text_width import ems
from reportgen.oxml.fields import line_break_run
from reportgen.oxml.paragraph import new_paragraph
from reportgen.oxml.run_paragraph_props import set_border, set_fonts
from reportgen.project.config import Project
from reportgen.project.gongwen import Gongwen, written_date
from reportgen.project.profile import Profile

RED_LINE_EIGHTHS = 12  # 1.5 pt: the red line's weight is not fixed (7.2.7); offices print 1–2.25 pt
RED_LINE_GAP_PT = 11  # the line 4 mm below the 发文字号 (7.2.7)


def add_gongwen_parts(document, project: Project, attachments: list[tuple[str, str]]) -> list:
    """The 版头, 标题 and 主送机关 before the master's text; after the last section the 附件说明, 署名,
    成文日期 and 附注, then the 附件, each a (title, marker) pair whose marker paragraph `insert_blocks`
    replaces with its table, and the 版记.  Returns the parts the layout pass places and checks
    (`layout.passes.lay_out`): the 版头, the 署名 and the 版记."""
    gongwen = project.gongwen
    if gongwen is None:
        raise ValueError("add_gongwen_parts needs the [gongwen] settings a 公文 kind always has")
    body = document.element.body
    head = _head(document, project, gongwen)
    first = body[0]
    for p in head:
        first.addprevious(p)
    last = body.sectPr.getprevious()
    if isinstance(last, CT_P):  # 署名 and 成文日期 never alone on a page (7.3.5.4)
        Paragraph(last, document._body).paragraph_format.keep_with_next = True
    note = _attachment_note(document, [title for title, _ in attachments], project.profile)
    signature = _signature(document, project, gongwen)
    markers = [_paragraph(document, styles.BODY, marker)._p for _, marker in attachments]  # pages of their own
    for p in [*note, *signature, *markers]:
        body.sectPr.addprevious(p)
    return [HeadPage(head[-1]), SignaturePage(signature[0], gongwen.sealed, project.profile),
            add_colophon(document, gongwen, project.profile)]


def _attachment_note(document, titles: list[str], profile: Profile) -> list:
    """"附件：1.名称" a line below the text, two characters in, numbered when there are several, each
    name's lines aligned on its first character (7.3.4)."""
    one = styles.char_pitch_pt(profile)
    made = []
    for number, title in enumerate(titles, 1):
        label = f"{number}." if len(titles) > 1 else ""
        paragraph = _paragraph(document, styles.ATTACHMENT_NOTE,  # a name on one line: its lines break as they fall
                               ("附件：" if number == 1 else "") + label + title.replace("\n", ""))
        paragraph.paragraph_format.keep_with_next = True  # with the next name, and the last with the 署名
        hanging = (3 * one if number == 1 else 0) + ems(label) * profile.body_size_pt
        fmt = paragraph.paragraph_format
        fmt.left_indent, fmt.first_line_indent = Pt(5 * one + ems(label) * profile.body_size_pt), Pt(-hanging)
        if number > 1:
            fmt.space_before = Pt(0)
        made.append(paragraph._p)
    return made


def title_problem(lines: tuple[str, ...], profile: Profile, attachment: bool = False) -> tuple[str, str] | None:
    """(what, how to fix) when a 公文 title, or an 附件's (`attachment`), without line breaks of its
    own needs more than one line: Word breaks it wherever the line is full, splitting words, where
    7.3.1 asks for whole words and balanced lines.  The fix shows a break at a natural place near the
    middle, where there is one."""
    if len(lines) != 1:
        return None
    title = lines[0]
    per_line = Mm(profile.text_width_mm).pt / profile.title_size_pt
    if ems(title) <= per_line:
        return None
    middle = max(range(1, len(title)), key=lambda k: (min(ems(title[:k]), per_line) >= ems(title[k:]),
                                                     -abs(ems(title[:k]) - ems(title[k:]))))
    natural = sorted((k for k in range(1, len(title)) if abs(k - middle) <= 4 and ems(title[:k]) <= per_line
                      and (title[k - 1] in "》）、，" or title[k:].startswith(("的通知", "的报告", "的请示", "关于")))),
                     key=lambda k: abs(k - middle))
    what = (f"附件标题“{title}”" if attachment else "公文标题") + f"约 {ems(title):.1f} 字宽，一行只排得下 " \
        f"{int(per_line)} 字：不指定回行处，Word 会在排满处回行，可能把词语拆开（GB/T 9704 7.3.1：回行时词意完整、排列对称）"
    if attachment:
        return what, ("在“表格清单”的表题中回行处按 Alt+Enter（WPS 相同）另起一行，上行长于下行"
                      + (f"，如“{title[:natural[0]]}”和“{title[natural[0]:]}”两行" if natural else ""))
    example = (f"如 title = \"{title[:natural[0]]}\\n{title[natural[0]:]}\"" if natural else
               "在词与词之间回行，上行长于下行，如 title = \"关于印发《某某办法》的\\n通知\"")
    return what, f"在 title 中用 \\n 写明回行处，{example}"


def _paragraph(document, style: str, text: str = "") -> Paragraph:
    """A new paragraph in `style` holding `text` (a "\\n" in it a line break), not yet in the body."""
    paragraph = Paragraph(new_paragraph(styles.style_id(document, style)), document._body)
    for index, line in enumerate(text.split("\n")):
        run = paragraph.add_run(line)
        if index:
            run._r.addprevious(line_break_run())
    return paragraph


def _head(document, project: Project, g: Gongwen) -> list:
    profile = project.profile
    mark = _paragraph(document, styles.ISSUER_MARK, g.issuer_mark)
    width = ems(g.issuer_mark)
    if width * styles.ISSUER_MARK_PT > Mm(profile.text_width_mm).pt:  # a long name shrinks to the line
        mark.runs[0].font.size = Pt(int(Mm(profile.text_width_mm).pt / width))
    number = _paragraph(document, styles.DOC_NUMBER)
    if g.signers:  # 上行文: the 发文字号 one character in at the left, 签发人 one in at the right (7.2.5, 7.2.6)
        number.alignment = WD_ALIGN_PARAGRAPH.LEFT
        one = styles.char_pitch_pt(profile)
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
    title = _paragraph(document, styles.DOC_TITLE, "\n".join(project.title_lines))
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


def _signature(document, project: Project, g: Gongwen) -> list:
    profile = project.profile
    date = written_date(project.date)
    name_in, date_in = signature_indents(project.organisation, date, g.sealed)
    one = styles.char_pitch_pt(profile)
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
        made.append(_paragraph(document, styles.DOC_NOTE, g.note))
    return [paragraph._p for paragraph in made]


