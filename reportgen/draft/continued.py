"""续表: a table that runs over a page continues under "续表 N", its header repeated (GB/T 7713.3 5.3.2).

The layout pass tells on which page each row of a table starts.  Where the
rows first run onto a new page, the table is split: the rest moves into a
continuation table that starts a new page and opens with header rows Word
and LibreOffice repeat at the top of every page it covers — a borderless
"续表 N" line (N a REF field to the table's caption number, so it follows
when the number changes) and copies of the table's own header rows.  One
split per table thus marks every page it continues on.  Once the splits hold,
a vertically merged cell that a page break cuts ("专业大类") starts again on
the new page, with its text.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from reportgen.draft.references import Bookmarks
from reportgen.oxml import table_xml as oxml_table
from reportgen.oxml.fields import field_runs, text_run
from reportgen.oxml.paragraph import first_paragraph, new_paragraph

CONTINUED = "续"
# LibreOffice reads a .docx table more slowly the longer it is: 500 rows of 8 cells take it 1.5 s, 2,000
# rows 9 s, 10,000 rows minutes, on every pass.  Past this many cells a pass sees a table's first page only.
WHOLE_TABLE_CELLS = 4000


@dataclass
class PagedTable:
    """A table from the workbook, as the layout pass sees it."""

    tbl: object  # the w:tbl, which keeps the rows on the table's first page once split
    header_rows: int
    bookmarks: Bookmarks
    bookmark: str  # the bookmark around the caption's label and number ("表1-2")
    caption_style: str  # style id for the "续表 N" line
    likely_to_break: bool = False  # estimated taller than most of a page: worth a layout pass
    rows_per_page: int = 0  # at most this many rows fit a page (0: unknown)
    shortened: bool = False  # set for a pass that sees only the rows up to its first page break (`cut`)
    continuation: object = None  # the w:tbl holding the rest, once split
    restarted: dict = field(default_factory=dict)  # row (w:tr) -> cells `restart_merges` restarted in it

    def caption_text(self) -> str:
        """The table's label and number as its caption shows them, e.g. "表1-2"."""
        return self.bookmarks.text(self.bookmark)

    def _parts(self) -> list[tuple[list, int]]:
        """Each part's rows and how many of them are header rows ("续表" line and header copies)."""
        parts = [(oxml_table.rows(self.tbl), self.header_rows)]
        if self.continuation is not None:
            parts.append((oxml_table.rows(self.continuation), 1 + self.header_rows))
        return parts

    def can_be_cut(self) -> bool:
        """Whether a pass may see only the rows up to the first page break (`cut`): the table is longer
        than a page can hold and no merged cell reaches past those rows, where a later break could cut it."""
        rows = oxml_table.rows(self.tbl)
        return (0 < self.rows_per_page < len(rows)
                and not oxml_table.has_body_merges(rows[self.header_rows + self._rows_seen:]))

    def body_rows(self) -> int:
        """How many rows the table has below its header, in all its parts."""
        return sum(len(rows) - header for rows, header in self._parts())

    def too_long_to_lay_out(self) -> bool:
        """Whether LibreOffice would take long to lay the whole table out, on every pass."""
        return sum(oxml_table.cell_count(rows) for rows, _ in self._parts()) > WHOLE_TABLE_CELLS

    @property
    def _rows_seen(self) -> int:
        """The body rows of each part a cut pass sees: a page's worth and one more."""
        return self.rows_per_page + 1

    def cut(self) -> dict:
        """{part: rows to keep} for a pass that sees only the start of each part."""
        return {tbl: header + self._rows_seen for tbl, header in
                [(self.tbl, self.header_rows), (self.continuation, 1 + self.header_rows)] if tbl is not None}

    def _body(self, rows: list, header: int) -> list:
        """The body rows of a part a pass sees."""
        return rows[header:header + self._rows_seen] if self.shortened else rows[header:]

    def probes(self) -> list:
        """The paragraphs whose pages tell where the table breaks: one per body row a pass sees."""
        return [first_paragraph(tr) for rows, header in self._parts() for tr in self._body(rows, header)]

    def _page_starts(self, rows: list, header: int, pages) -> list[int] | None:
        """The indexes of the body rows in `rows` that start a new page; None if any row was not found."""
        found = [pages.page(first_paragraph(tr)) for tr in self._body(rows, header)]
        if not found or None in found:
            return None
        return [header + i for i in range(1, len(found)) if found[i] != found[i - 1]]

    def split(self, pages) -> bool:
        """Move the rows after the first part's first page break into the continuation; return whether
        any moved."""
        rows, header = self._parts()[0]
        starts = self._page_starts(rows, header, pages)
        if not starts:
            return False
        if self.continuation is None:
            self.continuation = oxml_table.continuation(self.tbl, self.header_rows, self._banner())
        moved = rows[starts[0]:]
        oxml_table.move_rows(moved, self.continuation, after=1 + self.header_rows)
        oxml_table.restart_merges(moved[0], rows[:starts[0]])  # a merge cannot reach into the header above
        # Split, the parts break where they must: no body row waits for the next (but the last two, which
        # a caption below or a note keeps together with it).
        oxml_table.let_rows_break(oxml_table.rows(self.tbl)[self.header_rows:])
        oxml_table.let_rows_break(oxml_table.rows(self.continuation)[1 + self.header_rows:-2])
        return True

    def restart_cut_merges(self, pages) -> bool:
        """Start again each vertically merged cell a page break cuts, on its new page, and merge back those
        started on a row that no longer opens a page (the breaks moved); return whether anything changed."""
        changed = False
        for rows, header in self._parts():
            starts = self._page_starts(rows, header, pages)
            if starts is None:
                continue
            opening = {rows[start] for start in starts}
            for tr in [tr for tr in self.restarted if tr in rows and tr not in opening]:
                oxml_table.continue_merges(self.restarted.pop(tr))
                changed = True
            for start in starts:
                if oxml_table.continues_merge(rows[start]):
                    self.restarted[rows[start]] = oxml_table.restart_merges(rows[start], rows[:start])
                    changed = True
        return changed

    def _banner(self):
        """The "续表 N" paragraph."""
        p = new_paragraph(self.caption_style)
        for run in (text_run(CONTINUED), *field_runs(f"REF {self.bookmark} \\h", self.caption_text())):
            p.append(run)
        return p
