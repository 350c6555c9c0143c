"""What may move on one layout pass: the figures and tables, in document order.

A table split on pages that have since moved could never be taken back (its continuation starts a new
page), so a table moves only while nothing before it has on the pass.  Figures all fit on the same pass;
one after a table that moved only guesses, neither counting a try nor giving up.  The rule lets a
document whose tables and figures both move settle in fewer passes: the school example in four, not five.
"""

from __future__ import annotations

import docx
import pytest
from docx.shared import Cm

from reportgen.draft.fitting import ATTEMPTS, PagedFigure
from reportgen.layout.passes import PageMap, _move
from reportgen.project.profile import Profile


class _Figure:
    def __init__(self, paragraph, moves: bool, log: list):
        self.paragraph, self.moves, self.log = paragraph, moves, log

    def probes(self):
        return [self.paragraph]

    def fit(self, pages, *, shifted=False):
        self.log.append(("fit", self.paragraph.xpath("string(.)"), shifted))
        return self.moves


class _Table:
    def __init__(self, tbl, splits: bool, merges: bool, log: list):
        self.tbl, self.splits, self.merges, self.log = tbl, splits, merges, log

    def split(self, pages):
        self.log.append(("split", self.tbl.xpath("string(.)")))
        return self.splits

    def restart_cut_merges(self, pages):
        self.log.append(("merges", self.tbl.xpath("string(.)")))
        return self.merges


def _document(*blocks: str):
    """A body of paragraphs ("图…") and one-cell tables ("表…"), in order."""
    document = docx.Document()
    elements = {}
    for name in blocks:
        if name.startswith("表"):
            table = document.add_table(rows=1, cols=1)
            table.cell(0, 0).text = name
            elements[name] = table._tbl
        else:
            elements[name] = document.add_paragraph(name)._p
    return document.element.body, elements


def _run(layout: dict, *blocks: str) -> list:
    """One pass over `blocks`, each item moving as `layout` says ({"图1": True, "表1": (split, merges)})."""
    body, elements = _document(*blocks)
    log: list = []
    figures = [_Figure(elements[name], layout[name], log) for name in blocks if name.startswith("图")]
    tables = [_Table(elements[name], *layout[name], log) for name in blocks if name.startswith("表")]
    moved = _move(PageMap({}, []), figures, tables, body)
    return moved, log


def test_a_table_after_a_figure_that_moved_waits_for_the_next_pass():
    moved, log = _run({"图1": True, "表1": (True, True)}, "图1", "表1")
    assert moved and log == [("fit", "图1", False)]


def test_a_table_before_a_figure_that_moved_splits_on_the_same_pass():
    moved, log = _run({"表1": (True, False), "图1": True}, "表1", "图1")
    assert moved and log == [("split", "表1"), ("fit", "图1", True)]


def test_a_table_whose_split_holds_restarts_its_cut_merges_and_stops_the_tables_after_it():
    moved, log = _run({"表1": (False, True), "表2": (True, True), "图1": False}, "表1", "表2", "图1")
    assert moved and log == [("split", "表1"), ("merges", "表1"), ("fit", "图1", True)]


def test_figures_fit_on_pages_as_laid_out_until_a_table_moves():
    moved, log = _run({"图1": True, "图2": True, "表1": (False, False), "图3": False},
                      "图1", "图2", "表1", "图3")
    assert moved and log == [("fit", "图1", False), ("fit", "图2", False), ("fit", "图3", False)]


def test_nothing_moved_lets_every_table_be_checked():
    moved, log = _run({"表1": (False, False), "图1": False, "表2": (False, False)}, "表1", "图1", "表2")
    assert not moved
    assert log == [("split", "表1"), ("merges", "表1"), ("fit", "图1", False), ("split", "表2"), ("merges", "表2")]


def test_the_order_is_the_documents_not_the_lists():
    """Tables come in a list of their own: the body decides what lies before what."""
    _, log = _run({"图1": True, "表1": (True, False)}, "表1", "图1")
    assert log[0] == ("split", "表1")


# PagedFigure.fit with `shifted`: a first guess only.

def _figure_on_the_next_page(room_pt: float):
    """A figure 10 cm tall whose block moved to the page after the text before it, which ends `room_pt`
    above the foot of the page (the bottom margin and a line included), and the pages saying so."""
    document = docx.Document()
    before = document.add_paragraph("前文")._p
    picture = document.add_paragraph()
    picture.add_run().add_picture(_png(), width=Cm(10), height=Cm(10))
    profile = Profile()
    figure = PagedFigure(picture._p, picture._p, picture._p, set(), profile, tall=True)
    bottom = Cm(profile.margin_bottom_mm / 10).pt + profile.line_pitch_twips / 20
    pages = PageMap({picture._p: 1}, ["1", "2"], tops={picture._p: 700.0}, ends={before: (0, bottom + room_pt)})
    return figure, pages


def _png():
    import io

    from PIL import Image
    data = io.BytesIO()
    Image.new("RGB", (10, 10), "teal").save(data, "PNG")
    data.seek(0)
    return data


def _height_cm(figure) -> float:
    return round(figure.size[1] * figure.scale / 360_000, 2)


def test_a_shifted_figure_too_big_for_the_room_neither_gives_up_nor_counts_a_try():
    figure, pages = _figure_on_the_next_page(room_pt=Cm(3).pt)  # a third of its height: below the limit
    assert not figure.fit(pages, shifted=True)
    assert (figure.done, figure.attempts, figure.scale) == (False, 0, 1.0)
    assert not figure.fit(pages)  # on pages as they are, it gives up: its own size, for good
    assert (figure.done, figure.attempts, figure.scale) == (True, 1, 1.0)


def test_a_shifted_figure_that_fits_the_room_is_scaled_without_counting_a_try():
    figure, pages = _figure_on_the_next_page(room_pt=Cm(9).pt)
    assert figure.fit(pages, shifted=True)
    assert (figure.done, figure.attempts) == (False, 0) and 8 < _height_cm(figure) < 9
    for _ in range(ATTEMPTS):  # the tries it has left are all its own
        figure.fit(pages)
    assert not figure.done and figure.attempts == ATTEMPTS


@pytest.mark.parametrize("shifted", [False, True])
def test_a_figure_never_grows_past_its_own_size(shifted):
    """Room for more than the figure (pages laid out before what was above it moved down): it stays."""
    figure, pages = _figure_on_the_next_page(room_pt=Cm(14).pt)
    assert not figure.fit(pages, shifted=shifted) and figure.scale == 1.0


@pytest.mark.parametrize("shifted", [False, True])
def test_a_figure_on_the_page_of_the_text_before_it_stays(shifted):
    figure, pages = _figure_on_the_next_page(room_pt=Cm(9).pt)
    pages.pages[figure.picture] = 0
    assert not figure.fit(pages, shifted=shifted) and figure.scale == 1.0
