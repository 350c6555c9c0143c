"""续表: a table that runs over a page continues under "续表 N", its header repeated (GB/T 7713.3 5.3.2).

The layout pass tells on which page each row of a table starts.  Where the
rows first run onto a new page, the table is split: the rest moves into a
continuation table that starts a new page and opens with header rows Word
and LibreOffice repeat at the top of every page it covers — a borderless
"续表 N" line (N a REF field to the table's caption number, so it follows
when the number changes) and copies of the table's own header rows.  One
split per table thus marks every page it continues on.  A vertically merged
cell that a page break cuts ("专业大类") starts again on the new page, with
its text.  When anything moves, the next pass checks again.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from reportgen.oxml import table as oxml_table
from reportgen.oxml.fields import field_runs, text_run
from reportgen.oxml.paragraph import page_break_paragraph

CONTINUED = "续"


@dataclass
class PagedTable:
    """A table from the workbook, as the layout pass sees it."""

    tbl: object  # the w:tbl, which keeps the rows on the table's first page once split
    header_rows: int
    bookmark: str  # the bookmark around the caption's label and number ("表1-2")
    number_runs: list  # the runs in that bookmark, which show the number once captions are numbered
    caption_style: str  # style id for the "续表 N" line
    likely_to_break: bool = False  # estimated taller than most of a page: worth a layout pass
    continuation: object = None  # the w:tbl holding the rest, once split

    def _parts(self) -> list[tuple[list, int]]:
        """Each part's rows and how many of them are header rows ("续表" line and header copies)."""
        parts = [(self.tbl.findall(qn("w:tr")), self.header_rows)]
        if self.continuation is not None:
            parts.append((self.continuation.findall(qn("w:tr")), 1 + self.header_rows))
        return parts

    def probes(self) -> list:
        """The paragraphs whose pages tell where the table breaks: one per body row."""
        return [next(tr.iter(qn("w:p"))) for rows, header in self._parts() for tr in rows[header:]]

    def settle(self, layout) -> bool:
        """Split the table where its first part runs onto a new page, and start again each merged cell
        a page break cuts; return whether anything changed."""
        changed = False
        for index, (rows, header) in enumerate(self._parts()):
            pages = [layout.page(next(tr.iter(qn("w:p")))) for tr in rows[header:]]
            if not pages or None in pages:
                return changed
            for offset in range(1, len(pages)):
                if pages[offset] == pages[offset - 1]:
                    continue
                row = header + offset
                if index == 0:  # the first part ends where its rows first reach a new page
                    self._move_to_continuation(rows[row:])
                    oxml_table.restart_merges(rows[row], rows[:row])
                    return True
                if oxml_table.continues_merge(rows[row]):
                    oxml_table.restart_merges(rows[row], rows[:row])
                    changed = True
        return changed

    def _move_to_continuation(self, rows: list) -> None:
        if self.continuation is None:
            self._start_continuation()
        data = self.continuation.findall(qn("w:tr"))[1 + self.header_rows:]
        for tr in rows:
            if data:
                data[0].addprevious(tr)
            else:
                self.continuation.append(tr)
        # Split, the parts break where they must: no body row waits for the next (but a caption below
        # stays with the last row).
        oxml_table.let_rows_break(self.tbl.findall(qn("w:tr"))[self.header_rows:])
        oxml_table.let_rows_break(self.continuation.findall(qn("w:tr"))[1 + self.header_rows:-1])

    def _start_continuation(self) -> None:
        """An empty continuation after the table, on a new page: the "续表 N" line and the header."""
        continuation = OxmlElement("w:tbl")
        for tag in ("w:tblPr", "w:tblGrid"):
            continuation.append(copy.deepcopy(self.tbl.find(qn(tag))))
        label = OxmlElement("w:p")
        label.get_or_add_pPr().style = self.caption_style
        number = "".join(t.text or "" for run in self.number_runs for t in run.iter(qn("w:t")))
        for run in (text_run(CONTINUED), *field_runs(f"REF {self.bookmark} \\h", number)):
            label.append(run)
        continuation.append(oxml_table.banner_row(self.tbl, label))
        for tr in self.tbl.findall(qn("w:tr"))[:self.header_rows]:
            continuation.append(copy.deepcopy(tr))
        page_break = page_break_paragraph()  # two tables need a paragraph between them anyway
        self.tbl.addnext(page_break)
        page_break.addnext(continuation)
        self.continuation = continuation
