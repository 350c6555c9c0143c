"""Section properties python-docx has no API for: the line grid and page number start."""

from __future__ import annotations

from docx.oxml.ns import qn

from reportgen.oxml.props import set_child

SECTPR_ORDER = ["headerReference", "footerReference", "footnotePr", "endnotePr", "type", "pgSz", "pgMar",
                "paperSrc", "pgBorders", "lnNumType", "pgNumType", "cols", "formProt", "vAlign", "noEndnote",
                "titlePg", "textDirection", "bidi", "rtlGutter", "docGrid", "printerSettings", "sectPrChange"]


def set_line_grid(sect_pr, line_pitch_twips: int) -> None:
    """A document grid of fixed line pitch: GB/T 9704's 22 lines per page."""
    set_child(sect_pr, "docGrid", SECTPR_ORDER, type="lines", linePitch=line_pitch_twips)


def start_page_numbers(sect_pr, start: int = 1) -> None:
    set_child(sect_pr, "pgNumType", SECTPR_ORDER, start=start)


def clear_footer_references(sect_pr) -> None:
    for tag in ("w:footerReference", "w:headerReference"):
        for ref in sect_pr.findall(qn(tag)):
            sect_pr.remove(ref)
