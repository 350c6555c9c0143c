"""A borderless VML text box whose text runs turned 90° clockwise: the page number of a landscape page.

VML (`w:pict`) rather than a DrawingML text box: LibreOffice 7.4 ignores a
DrawingML box's position inside a footer and draws it at the page corner,
while Word, WPS and LibreOffice all place and turn the VML box as written.
"""

from __future__ import annotations

from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

from reportgen.oxml.ns import VML


def turned_text_box(paragraphs: list, *, left_mm: float, top_mm: float, width_mm: float, height_mm: float):
    """A run holding a text box at (left, top) on the page, `width` × `height` mm, with `paragraphs`
    (w:p elements) set top to bottom in lines turned 90° clockwise."""
    style = (f"position:absolute;margin-left:{left_mm:.2f}mm;margin-top:{top_mm:.2f}mm;"
             f"width:{width_mm:.2f}mm;height:{height_mm:.2f}mm;z-index:1;"
             "mso-position-horizontal-relative:page;mso-position-vertical-relative:page;"
             "layout-flow:vertical")
    run = parse_xml(
        f'<w:r {nsdecls("w")} xmlns:v="{VML}"><w:pict><v:rect style="{style}" filled="f" stroked="f">'
        '<v:textbox style="layout-flow:vertical" inset="0,0,0,0"><w:txbxContent/></v:textbox>'
        '</v:rect></w:pict></w:r>'
    )
    content = next(run.iter(qn("w:txbxContent")))
    for paragraph in paragraphs:
        content.append(paragraph)
    return run
