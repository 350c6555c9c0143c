"""Inline drawings (pictures and charts): their placed size."""

from __future__ import annotations

from docx.oxml.ns import qn


def used_shape_ids(root) -> list[int]:
    """The numeric ids of the drawings (wp:docPr) in `root`'s document: a new picture needs a fresh one."""
    return [int(v) for v in root.xpath("//wp:docPr/@id") if v.isdigit()]


def inline_in(p):
    """The first inline drawing (`wp:inline`) in paragraph `p`, or None."""
    return next(p.iter(qn("wp:inline")), None)


def extent(inline) -> tuple[int, int]:
    """The drawing's placed width and height, in EMU."""
    size = inline.find(qn("wp:extent"))
    return int(size.get("cx")), int(size.get("cy"))


def set_extent(inline, width: int, height: int) -> None:
    """Place the drawing at `width` x `height` EMU: the frame, and a picture's own shape size with it
    (a chart has none; it is drawn to its frame)."""
    for size in [inline.find(qn("wp:extent")), *inline.iter(qn("a:ext"))]:
        if size is not None and size.getparent().tag in (qn("wp:inline"), qn("a:xfrm")):
            size.set("cx", str(width))
            size.set("cy", str(height))
