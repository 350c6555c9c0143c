"""The copy a layout pass laid out, kept open in the office for the next pass.

Most passes after the first differ from the pass before only in the sizes of pictures: the figures
fitted to their pages (`draft/fitting.py`).  Loading the copy again is half of a pass (0.5 s of a
school report's 1 s); resizing the pictures in the open copy takes milliseconds and lays the pages
out as loading the resized copy would (`tests/test_open_pass.py` compares the two).  Anything else
that differs (a table split for 续表, other probes) loads the copy again.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from reportgen.oxml.drawing import resized_pictures
from reportgen.oxml.package import MAIN_PART


@dataclass
class OpenPass:
    """A pass's copy open in the office, and the parts of the file it was loaded from (as resized since)."""

    document: Any  # the office's text document
    parts: dict[str, bytes]

    def changes_to(self, parts: dict[str, bytes]) -> dict | None:
        """The pictures to resize to make the open copy the copy of `parts` (`resized_pictures`); None
        when anything else differs."""
        if parts.keys() != self.parts.keys() or any(data != self.parts[name] for name, data in parts.items()
                                                    if name != MAIN_PART):
            return None
        return resized_pictures(self.parts[MAIN_PART], parts[MAIN_PART])

    def resize(self, uno, changes: dict, parts: dict[str, bytes]) -> bool:
        """Resize the pictures `changes` names in the open copy, which then stands for `parts`; False,
        changing nothing, where a picture is not there at the size the copy gave it."""
        graphics = self.document.getGraphicObjects()
        shapes = {name: graphics.getByName(name) for name in changes if graphics.hasByName(name)}
        if len(shapes) < len(changes) or any(_size(shapes[name]) != tuple(map(as_imported, was))
                                             for name, (was, _) in changes.items()):
            return False
        for name, (_, now) in changes.items():
            shape = shapes[name]
            size = shape.getSize()
            size.Width, size.Height = (_hundredths_of_mm(emu) for emu in now)
            shape.setSize(size)
            # Resized alone, an as-character picture keeps its old height in its line: what follows it on
            # the page stays where it was.  A change to its paragraph lays the line out afresh; the margin
            # is put back as read (1/100 mm held in twips: the same twips).
            anchor = shape.getAnchor()
            paragraph = anchor.getText().createTextCursorByRange(anchor)
            margin = paragraph.getPropertyValue("ParaTopMargin")
            paragraph.setPropertyValue("ParaTopMargin", margin + 100)
            paragraph.setPropertyValue("ParaTopMargin", margin)
        self.parts = parts
        return True


def _size(shape) -> tuple[int, int]:
    size = shape.getSize()
    return size.Width, size.Height


def _hundredths_of_mm(emu: int) -> int:
    """What LibreOffice's .docx import makes of a size in EMU: 1/100 mm, half up."""
    return (emu + 180) // 360


def as_imported(emu: int) -> int:
    """The size in 1/100 mm LibreOffice reports for a drawing placed at `emu`: the import's 1/100 mm
    (`_hundredths_of_mm`) held in twips, half up each way."""
    twips = (2 * 72 * _hundredths_of_mm(emu) + 127) // 254
    return (2 * 127 * twips + 72) // 144
