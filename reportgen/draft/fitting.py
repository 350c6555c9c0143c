"""Figures that would move to the next page: scaled down to fit the space left, within a limit.

A figure that does not fit below the text before it moves to the next page
whole, with its caption and any heading kept with it, and leaves the space
behind it empty: with a photo half a page tall, up to half a page.  The
layout pass tells where the text before it ends and how tall the block is on
its new page; when the figure fits that space at no less than
`figure_min_scale` of its size, it is scaled down to fit.  The next pass
checks: a figure that still moves gets one more try, then its own size back.
"""

from __future__ import annotations

from dataclasses import dataclass

from docx.shared import Emu, Mm

from reportgen.draft import styles
from reportgen.oxml import drawing
from reportgen.oxml.paragraph import (
    breaks_page_before,
    holds_section_break,
    is_paragraph,
    is_table,
    paragraphs,
)
from reportgen.project.profile import Profile

SAFETY_PT = 3  # left unused below a scaled figure: LibreOffice and Word round line heights differently
ATTEMPTS = 2


def fittable(profile: Profile, landscape: bool) -> bool:
    """Whether figures may be scaled to fit (not on a landscape page of their own)."""
    return profile.figure_min_scale < 1 and not landscape


def tall(height: int, profile: Profile) -> bool:
    """Whether a figure `height` EMU tall (its caption aside) could leave a page more than half empty by
    moving to the next: reason enough for a layout pass when nothing else asks for one."""
    return height > Mm(profile.text_height_mm) / 2


@dataclass
class PagedFigure:
    """A figure as the layout pass sees it."""

    first: object  # the block's first paragraph: its caption above, or the picture
    picture: object  # the paragraph holding the drawing
    last: object  # the block's last paragraph: its caption below, or the picture
    kept_styles: set  # ids of the paragraph styles kept with the next (`styles.kept_with_next_styles`)
    profile: Profile
    tall: bool = False  # see `tall`
    size: tuple[int, int] = (0, 0)  # the figure's own size, EMU
    scale: float = 1.0
    attempts: int = 0
    done: bool = False

    def __post_init__(self):
        self.size = drawing.extent(drawing.inline_in(self.picture))

    def _start(self):
        """The first paragraph that moves with the figure: its caption, or headings kept with it."""
        start = self.first
        while is_paragraph(before := start.getprevious()) and styles.keeps_with_next(before, self.kept_styles) \
                and not holds_section_break(before):
            start = before
        return start

    def _before(self):
        """The last paragraph before what moves with the figure (in a table: its last), or None where the
        block starts a section or the document."""
        start = self._start()
        before = start.getprevious()
        if before is None or breaks_page_before(start):
            return None
        if is_table(before):
            return next(reversed(paragraphs(before)), None)
        if not is_paragraph(before) or holds_section_break(before):
            return None
        return before

    def _after(self):
        """The first paragraph after the block, or None."""
        after = self.last.getnext()
        if is_table(after):
            return next(iter(paragraphs(after)), None)
        return after if is_paragraph(after) else None

    def needs_a_pass(self) -> bool:
        """Whether this figure alone is reason for a layout pass: tall enough to leave more than half a
        page empty behind it, and not at the top of a page anyway (after a page or section break)."""
        return self.tall and self._before() is not None

    def probes(self) -> list:
        """Paragraphs whose start the layout pass should find."""
        return [p for p in (self._start(), self.picture, self._after()) if p is not None]

    def end_probes(self) -> list:
        """Paragraphs whose end the layout pass should find."""
        before = self._before()
        return [] if before is None else [before]

    def fit(self, pages, *, shifted: bool = False) -> bool:
        """Scale the figure to the space it left behind, or give it back its size after failed tries;
        return whether anything changed.  `shifted`: something before the figure has moved down since
        `pages` were laid out (a table split on the same pass), so the scale is a first guess for the
        next pass to check, and neither counts as a try nor gives up."""
        if self.done:
            return False
        start, before, after = self._start(), self._before(), self._after()
        ends = pages.end(before) if before is not None else None
        page = pages.page(start)
        if ends is None or page is None or page != ends[0] + 1:
            return False  # on the page of the text before it, or not measured
        pitch = self.profile.line_pitch_twips / 20
        room = ends[1] - pitch - Mm(self.profile.margin_bottom_mm).pt  # below the text before it
        height = Emu(round(self.size[1] * self.scale)).pt
        top, picture_top = pages.top(start), pages.top(self.picture)
        if top is None or picture_top is None:
            return False
        if after is not None and pages.page(after) == page and pages.top(after) is not None:
            below = picture_top - height - pages.top(after)  # caption below, spacing
        else:
            below = 2 * pitch if self.last is not self.picture else 0
        scale = self.scale * (room - (top - picture_top) - below - SAFETY_PT) / height
        if shifted:
            return scale >= self.profile.figure_min_scale and self._scale_to(min(scale, 1.0))
        self.attempts += 1
        if scale < self.profile.figure_min_scale or self.attempts > ATTEMPTS:
            self.done = True
            return self._scale_to(1.0)
        return self._scale_to(min(scale, 1.0))

    def _scale_to(self, scale: float) -> bool:
        if scale == self.scale:
            return False
        self.scale = scale
        width, height = self.size
        drawing.set_extent(drawing.inline_in(self.picture), round(width * scale), round(height * scale))
        return True
