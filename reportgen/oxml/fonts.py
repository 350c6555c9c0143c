"""The font table (fontTable.xml): what a reader's Word or WPS needs to find or replace each font.

Each font the styles name gets an entry with its character set, family,
pitch and PANOSE classification, which Word uses to choose the closest
installed face when a font is missing (ECMA-376 Part 1 §17.8.3; Part 3's
primer calls this the font substitution data), and where one exists an
alternative name (§17.8.3.1) under which the same design is installed: the
GB/T 9704 faces 仿宋_GB2312 and 楷体_GB2312 are installed on a stock Windows
as 仿宋 and 楷体.
"""

from __future__ import annotations

from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from lxml import etree

GB2312 = "86"  # the character set of simplified Chinese fonts
# name -> (alternative names, PANOSE-1, family, pitch), as Word records these faces.
FACTS: dict[str, tuple[str, str, str, str]] = {
    "宋体": ("SimSun", "02010600030101010101", "auto", "variable"),
    "黑体": ("SimHei", "02010609060101010101", "modern", "fixed"),
    "仿宋": ("FangSong", "02010609060101010101", "modern", "fixed"),
    "楷体": ("KaiTi", "02010609060101010101", "modern", "fixed"),
    "仿宋_GB2312": ("仿宋,FangSong", "02010609030101010101", "modern", "fixed"),
    "楷体_GB2312": ("楷体,KaiTi", "02010609030101010101", "modern", "fixed"),
    "方正小标宋简体": ("FZXiaoBiaoSong-B05S", "02000000000000000000", "auto", "variable"),
    "微软雅黑": ("Microsoft YaHei", "020B0503020204020204", "swiss", "variable"),
    "Times New Roman": ("", "02020603050405020304", "roman", "variable"),
}


def _entry(name: str):
    font = OxmlElement("w:font")
    font.set(qn("w:name"), name)
    alternative, panose, family, pitch = FACTS.get(name, ("", "", "auto", "variable"))
    if alternative:
        font.append(_val("w:altName", alternative))
    if panose:
        font.append(_val("w:panose1", panose))
    latin = name.isascii()
    font.append(_val("w:charset", "00" if latin else GB2312))
    font.append(_val("w:family", family))
    font.append(_val("w:pitch", pitch))
    return font


def _val(tag: str, value: str):
    element = OxmlElement(tag)
    element.set(qn("w:val"), value)
    return element


def font_table(names: list[str]) -> bytes:
    """A fontTable.xml part listing exactly `names`, each with its facts."""
    fonts = parse_xml(f'<w:fonts {nsdecls("w")}/>')
    for name in dict.fromkeys(names):
        fonts.append(_entry(name))
    return etree.tostring(fonts, xml_declaration=True, encoding="UTF-8", standalone=True)
