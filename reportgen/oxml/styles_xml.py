"""Editing a saved styles.xml part directly (for a rendering copy, not the draft)."""

from __future__ import annotations

from docx.oxml.ns import qn
from lxml import etree

from reportgen.oxml.run_paragraph_props import set_bold


def embolden_styles(xml: bytes, east_asian_fonts: list[str]) -> bytes:
    """styles.xml with every run property naming one of `east_asian_fonts` as its East Asian font set bold."""
    root = etree.fromstring(xml)
    for fonts in root.iter(qn("w:rFonts")):
        if fonts.get(qn("w:eastAsia")) in east_asian_fonts:
            set_bold(fonts.getparent(), True)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
