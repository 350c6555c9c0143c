"""Table properties python-docx has no API for: full-grid borders, width, header rows."""

from __future__ import annotations

import re
from collections.abc import Iterable
from contextlib import contextmanager
from copy import deepcopy
from dataclasses import dataclass
from html import escape  # xml.sax.saxutils would import urllib

from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Twips

from reportgen.oxml.element import Element
from reportgen.oxml.paragraph import page_break_paragraph
from reportgen.oxml.run_paragraph_props import (
    PPR_ORDER,
    insert_child,
    remove_child,
    set_child,
)
from reportgen.oxml.text import text_of

TBLPR_ORDER = ["tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize",
               "tblStyleColBandSize", "tblW", "jc", "tblCellSpacing", "tblInd", "tblBorders", "shd",
               "tblLayout", "tblCellMar", "tblLook", "tblCaption", "tblDescription"]
TRPR_ORDER = ["cnfStyle", "divId", "gridBefore", "gridAfter", "wBefore", "wAfter", "cantSplit", "trHeight",
              "tblHeader", "tblCellSpacing", "jc", "hidden"]
TCPR_ORDER = ["cnfStyle", "tcW", "gridSpan", "hMerge", "vMerge", "tcBorders", "shd", "noWrap", "tcMar",
              "textDirection", "tcFitText", "vAlign", "hideMark"]


def rows(tbl) -> list:
    """The table's rows (w:tr), in order."""
    return tbl.findall(qn("w:tr"))


def cell_paragraphs(tc) -> list:
    """The paragraphs directly in a cell (not those of a table nested in it)."""
    return tc.findall(qn("w:p"))


def cell_count(rows_: list) -> int:
    """How many cells (w:tc) `rows_` hold in all."""
    return sum(len(tr.findall(qn("w:tc"))) for tr in rows_)


def set_full_grid(tbl, width_twips: int) -> None:
    """Single-line borders on every edge, full text width, centred: independent of the table style."""
    tbl_pr = tbl.tblPr
    set_child(tbl_pr, "tblW", TBLPR_ORDER, w=width_twips, type="dxa")
    set_child(tbl_pr, "jc", TBLPR_ORDER, val="center")
    edges = "".join(f'<w:{edge} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
                    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"))
    borders = parse_xml(f'<w:tblBorders {nsdecls("w")}>{edges}</w:tblBorders>')
    insert_child(tbl_pr, borders, TBLPR_ORDER)
    set_child(tbl_pr, "tblLayout", TBLPR_ORDER, type="autofit")


@dataclass(frozen=True)
class GridCell:
    """One cell of a data table as `grid_rows` writes it."""

    width: int  # twips: the grid columns it spans
    span: int = 1
    merge: str | None = None  # "restart" opens a vertical merge, "continue" carries it on
    text: str = ""
    align: str = "center"  # the paragraph's w:jc
    size: int | None = None  # half-points, when the run differs from the style's size


_PLAIN = re.compile(r"[^\s]([^\t\r\n]*[^\s])?")


def _run(text: str, size: int | None) -> str:
    """A run as python-docx writes `add_run(text)`: a line the writer broke (Alt+Enter) stays broken."""
    props = f'<w:rPr><w:sz w:val="{size}"/></w:rPr>' if size else ""
    if _PLAIN.fullmatch(text):  # most cells: one line, no tab, no space at either end
        return f"<w:r>{props}<w:t>{escape(text, quote=False)}</w:t></w:r>"
    pieces = []
    for number, line in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n")):
        if number:
            pieces.append("<w:br/>")
        for index, part in enumerate(line.split("\t")):
            if index:
                pieces.append("<w:tab/>")
            if part:
                space = ' xml:space="preserve"' if part != part.strip() else ""
                pieces.append(f"<w:t{space}>{escape(part, quote=False)}</w:t>")
    return f"<w:r>{props}{''.join(pieces)}</w:r>"


ROWS_PARSED_AT_ONCE = 500


def grid_rows(rows: Iterable[tuple[bool, bool, list[GridCell]]], style_id: str, style_align: str | None = None) -> list:
    """The w:tr elements of a data table, built as one string and parsed once: python-docx's cell-by-cell
    API costs a few hundred microseconds a cell, which a 10,000-row table turns into half a minute.

    Each row is (header, keep with next, cells); every paragraph takes the paragraph style `style_id`,
    whose own alignment, `style_align` (a w:jc value), a cell aligned alike leaves to it: a node less in
    each of tens of thousands of cells.
    """
    parsed: list = []
    out: list = []

    def parse() -> None:  # the text of all rows at once would double the peak memory
        parsed.extend(parse_xml(f'<w:tbl {nsdecls("w")}>{"".join(out)}</w:tbl>'))
        out.clear()

    for number, (header, keep, cells) in enumerate(rows, start=1):
        out.append("<w:tr><w:trPr><w:cantSplit/>" + ("<w:tblHeader/>" if header else "") + "</w:trPr>")
        for cell in cells:
            span = f'<w:gridSpan w:val="{cell.span}"/>' if cell.span > 1 else ""
            if cell.merge == "continue":  # its paragraph keeps with the next like the row's others: a row
                out.append(f'<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="{cell.width}"/>{span}<w:vMerge/></w:tcPr>'
                           f'<w:p><w:pPr><w:pStyle w:val="{style_id}"/>{"<w:keepNext/>" if keep else ""}'
                           "</w:pPr></w:p></w:tc>")  # with one cell that does not lets the table break there
                continue
            merge = '<w:vMerge w:val="restart"/>' if cell.merge == "restart" else ""
            jc = "" if cell.align == style_align else f'<w:jc w:val="{escape(cell.align)}"/>'
            out.append(f'<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="{cell.width}"/>{span}{merge}'
                       f'<w:vAlign w:val="center"/></w:tcPr><w:p><w:pPr><w:pStyle w:val="{style_id}"/>'
                       f'{"<w:keepNext/>" if keep else ""}{jc}</w:pPr>'
                       f'{_run(cell.text, cell.size) if cell.text else ""}</w:p></w:tc>')
        out.append("</w:tr>")
        if number % ROWS_PARSED_AT_ONCE == 0:
            parse()
    if out:
        parse()
    return parsed


def set_layout_grid(tbl, width_twips: int) -> None:
    """A borderless, fixed-width table used only to place figures side by side."""
    tbl_pr = tbl.tblPr
    set_child(tbl_pr, "tblW", TBLPR_ORDER, w=width_twips, type="dxa")
    set_child(tbl_pr, "jc", TBLPR_ORDER, val="center")
    edges = "".join(f'<w:{edge} w:val="nil"/>' for edge in ("top", "left", "bottom", "right", "insideH", "insideV"))
    insert_child(tbl_pr, parse_xml(f'<w:tblBorders {nsdecls("w")}>{edges}</w:tblBorders>'), TBLPR_ORDER)
    set_child(tbl_pr, "tblLayout", TBLPR_ORDER, type="fixed")


def mark_header_row(tr) -> None:
    """Repeat this row at the top of each page the table continues on."""
    tr_pr = tr.get_or_add_trPr()
    set_child(tr_pr, "tblHeader", TRPR_ORDER)


def keep_row_together(tr) -> None:
    set_child(tr.get_or_add_trPr(), "cantSplit", TRPR_ORDER)


def align_vertically(tc, where: str) -> None:
    """Vertical alignment of a cell's content: "top", "center" or "bottom"."""
    set_child(tc.get_or_add_tcPr(), "vAlign", TCPR_ORDER, val=where)


def set_cell_widths(tbl, column_twips: list[int]) -> None:
    """Each cell's preferred width: the sum of the grid columns it spans."""
    for tr in tbl.tr_lst:
        column = 0
        for tc in tr.tc_lst:
            span = tc.grid_span
            tc.width = Twips(sum(column_twips[column:column + span]))
            column += span


def _merge(tc):
    return tc.find(f"{qn('w:tcPr')}/{qn('w:vMerge')}")


def _cells_by_column(tr) -> dict[int, Element]:
    """The row's cells by the grid column they start at."""
    cells, column = {}, 0
    for tc in tr.findall(qn("w:tc")):
        cells[column] = tc
        column += tc.grid_span
    return cells


def row_cells(tr) -> list[tuple[int, object, bool]]:
    """The row's cells: the grid column each starts at, the cell, and whether it only continues a vertical
    merge from the row above (it shows nothing of its own)."""
    return [(column, tc, (merge := _merge(tc)) is not None and merge.get(qn("w:val")) != "restart")
            for column, tc in _cells_by_column(tr).items()]


def is_deleted_row(tr) -> bool:
    """Whether the row is a tracked deletion (`w:trPr/w:del`): gone once revisions are accepted."""
    props = tr.find(qn("w:trPr"))
    return props is not None and props.find(qn("w:del")) is not None


def cell_text(tc) -> str:
    """A cell's text as a reader sees it: its paragraphs and line breaks as "\\n", tracked deletions left out."""
    return "\n".join(text_of(p, tab="\t", line_break="\n") for p in tc.findall(qn("w:p")))


def continues_merge(tr) -> bool:
    """Whether a row holds the continuation of a vertically merged cell from the row above."""
    return any(merge.get(qn("w:val")) != "restart"
               for tc in tr.findall(qn("w:tc")) if (merge := _merge(tc)) is not None)


def restart_merges(tr, rows_above: list) -> list:
    """Make `tr` start the vertical merges it continued (it now opens a page or a table part): each such
    cell gets a copy of the content of the cell the merge began in ("大类 1" again on the new page).
    Returns the cells restarted, with what they held, for `continue_merges`."""
    restarted = []
    keeps = tr.find(f".//{qn('w:keepNext')}") is not None  # the row keeps with the next: so do the copies
    for column, tc in _cells_by_column(tr).items():
        merge = _merge(tc)
        if merge is None or merge.get(qn("w:val")) == "restart":
            continue
        held = tc.findall(qn("w:p"))
        for above in reversed(rows_above):
            origin = _cells_by_column(above).get(column)
            if origin is not None and _merge(origin) is not None and _merge(origin).get(qn("w:val")) == "restart":
                for p in held:
                    tc.remove(p)
                for p in origin.findall(qn("w:p")):
                    copy = deepcopy(p)
                    ppr = copy.find(qn("w:pPr"))
                    if ppr is None:
                        ppr = OxmlElement("w:pPr")
                        copy.insert(0, ppr)
                    if keeps:
                        set_child(ppr, "keepNext", PPR_ORDER)
                    else:
                        remove_child(ppr, "keepNext")
                    tc.append(copy)
                break
        merge.set(qn("w:val"), "restart")
        restarted.append((tc, held))
    return restarted


def continue_merges(restarted: list) -> None:
    """Undo `restart_merges`: the cells continue the merge above again, holding what they held."""
    for tc, held in restarted:
        _merge(tc).attrib.pop(qn("w:val"), None)
        for p in tc.findall(qn("w:p")):
            tc.remove(p)
        for p in held:
            tc.append(p)


@contextmanager
def rows_cut_after(tbl, keep: int):
    """While the block runs, `tbl` ends after its first `keep` rows (what follows them is put back after,
    in place): a layout pass over a 300-page table need only see the start of it."""
    rows = tbl.findall(qn("w:tr"))
    if len(rows) <= keep or keep < 1:
        yield
        return
    anchor = rows[keep - 1]
    tail = list(anchor.itersiblings())
    for element in tail:
        tbl.remove(element)
    try:
        yield
    finally:
        for element in reversed(tail):
            anchor.addnext(element)


def has_body_merges(rows: list) -> bool:
    """Whether any of `rows` holds a vertically merged cell."""
    return any(tr.find(f".//{qn('w:vMerge')}") is not None for tr in rows)


def let_rows_break(rows: list) -> None:
    """Drop "keep with next" from the paragraphs of `rows`: the table may break after any of them."""
    for tr in rows:
        for keep in tr.iter(qn("w:keepNext")):
            keep.getparent().remove(keep)


def grid_columns(tbl) -> int:
    return len(tbl.find(qn("w:tblGrid")).findall(qn("w:gridCol")))


def banner_row(tbl, paragraph):
    """A header row of one borderless cell across the table holding `paragraph` (a "续表 N" line):
    repeated at the top of each page with the header rows below it."""
    columns = grid_columns(tbl)
    width = sum(int(col.get(qn("w:w"), "0")) for col in tbl.find(qn("w:tblGrid")).findall(qn("w:gridCol")))
    tr = parse_xml(
        f'<w:tr {nsdecls("w")}><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr><w:tc><w:tcPr>'
        f'<w:tcW w:w="{width}" w:type="dxa"/><w:gridSpan w:val="{columns}"/>'
        '<w:tcBorders><w:top w:val="nil"/><w:left w:val="nil"/><w:right w:val="nil"/></w:tcBorders>'
        '<w:vAlign w:val="bottom"/></w:tcPr></w:tc></w:tr>'
    )
    tr.find(qn("w:tc")).append(paragraph)
    return tr


def continuation(tbl, header_rows: int, banner):
    """An empty continuation of `tbl` right after it, starting a new page: a header row holding the
    paragraph `banner` ("续表 N"), then copies of the table's header rows, all repeated on each page."""
    part = OxmlElement("w:tbl")
    for tag in ("w:tblPr", "w:tblGrid"):
        part.append(deepcopy(tbl.find(qn(tag))))
    part.append(banner_row(tbl, banner))
    for tr in tbl.findall(qn("w:tr"))[:header_rows]:
        part.append(deepcopy(tr))
    page_break = page_break_paragraph()  # two tables need a paragraph between them anyway
    tbl.addnext(page_break)
    page_break.addnext(part)
    return part


def move_rows(rows: list, tbl, *, after: int) -> None:
    """Move `rows`, in order, into `tbl` right after its first `after` rows."""
    following = tbl.findall(qn("w:tr"))[after:]
    for tr in rows:
        if following:
            following[0].addprevious(tr)
        else:
            tbl.append(tr)


def set_rules(tbl, width_twips: int, *, top: int, inside: int, bottom: int) -> None:
    """Horizontal rules only (sizes in eighths of a point), full text width, centred, no cell padding at
    the sides: the 公文's 版记, whose lines run the text block's width and whose text indents itself."""
    tbl_pr = tbl.tblPr
    set_child(tbl_pr, "tblW", TBLPR_ORDER, w=width_twips, type="dxa")
    set_child(tbl_pr, "jc", TBLPR_ORDER, val="center")
    set_child(tbl_pr, "tblInd", TBLPR_ORDER, w=0, type="dxa")
    edges = "".join(f'<w:{edge} w:val="single" w:sz="{size}" w:space="0" w:color="000000"/>'
                    for edge, size in (("top", top), ("bottom", bottom), ("insideH", inside)))
    edges += "".join(f'<w:{edge} w:val="nil"/>' for edge in ("left", "right", "insideV"))
    insert_child(tbl_pr, parse_xml(f'<w:tblBorders {nsdecls("w")}>{edges}</w:tblBorders>'), TBLPR_ORDER)
    set_child(tbl_pr, "tblLayout", TBLPR_ORDER, type="fixed")
    margins = "".join(f'<w:{side} w:w="0" w:type="dxa"/>' for side in ("top", "left", "bottom", "right"))
    insert_child(tbl_pr, parse_xml(f'<w:tblCellMar {nsdecls("w")}>{margins}</w:tblCellMar>'), TBLPR_ORDER)


def set_exact_row_height(tr, twips: int) -> None:
    """The row is exactly this high, wherever it is laid out."""
    set_child(tr.get_or_add_trPr(), "trHeight", TRPR_ORDER, val=twips, hRule="exact")
