"""The styles part's elements: styles found by id and name, what a style sets itself and inherits,
linked pairs, and which styles the document's stories use; and a saved styles.xml edited directly
(for a rendering copy, not the draft).

`draft/styles.py` decides what reportgen's styles look like; the WordprocessingML is here.
"""

from __future__ import annotations

import copy

from docx.oxml.ns import qn
from lxml import etree

from reportgen.oxml.run_paragraph_props import remove_child, set_bold

THEME_FONTS = ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme")


def _val(element, tag: str) -> str | None:
    """The w:val of `element`'s child `tag` ("basedOn", "name" …), or None without one."""
    child = element.find(qn(f"w:{tag}"))
    return None if child is None else child.get(qn("w:val"))


def by_id(styles_element) -> dict:
    """Style id -> w:style element."""
    return {s.get(qn("w:styleId")): s for s in styles_element.findall(qn("w:style"))}


def names(styles_element) -> dict[str, str]:
    """Style id -> name as stored in styles.xml ("heading 1", "caption")."""
    return {s.get(qn("w:styleId")): name for s in styles_element.findall(qn("w:style"))
            if (name := _val(s, "name")) is not None}


def id_named(styles_element, name: str) -> str | None:
    """The id of the style whose stored name is `name`, in any case (Word stores built-in names in lower
    case, "heading 1"; LibreOffice as shown, "Heading 1"); None without one."""
    wanted = name.lower()
    return next((sid for sid, stored in names(styles_element).items() if (stored or "").lower() == wanted), None)


def own_alignment(style_element) -> str | None:
    """The w:jc value a paragraph style sets itself (not through the style it is based on), or None."""
    jc = style_element.find(f"{qn('w:pPr')}/{qn('w:jc')}")
    return None if jc is None else jc.get(qn("w:val"))


def own_outline_level(element) -> int | None:
    """The outline level a style or paragraph sets itself (0 = level 1, 9 = body text), or None."""
    own = element.find(f"{qn('w:pPr')}/{qn('w:outlineLvl')}")
    return None if own is None or not own.get(qn("w:val"), "").isdigit() else int(own.get(qn("w:val")))


def own_keep_with_next(element) -> bool | None:
    """Whether a style or paragraph itself keeps with the next paragraph; None where it does not say."""
    own = element.find(f"{qn('w:pPr')}/{qn('w:keepNext')}")
    return None if own is None else own.get(qn("w:val"), "true") not in ("0", "false", "off")


def inherited(styles_element, own) -> dict:
    """Style id -> `own(style element)` for every style, or where that is None, the value of the style it
    is based on; styles with no value anywhere are left out."""
    styles = by_id(styles_element)

    def value(style_id: str, seen=()):
        element = styles.get(style_id)
        if element is None or style_id in seen:
            return None
        found = own(element)
        if found is not None:
            return found
        based = _val(element, "basedOn")
        return value(based, (*seen, style_id)) if based is not None else None

    return {style_id: found for style_id in styles if (found := value(style_id)) is not None}


def strip_theme_fonts(styles_element) -> None:
    """Theme font attributes override explicit font names: remove them all."""
    for rfonts in styles_element.iter(qn("w:rFonts")):
        for attr in THEME_FONTS:
            rfonts.attrib.pop(qn(f"w:{attr}"), None)


def default_run_properties(styles_element):
    """The w:rPr of the document defaults (w:docDefaults/w:rPrDefault), or None."""
    return styles_element.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")


def match_linked_character_style(paragraph_style, styles: dict) -> None:
    """A paragraph style's linked character style ("Heading 1 Char", which Word applies when part of
    a paragraph is given the heading's look) takes the same run properties.  `styles`: `by_id`."""
    linked = styles.get(_val(paragraph_style, "link"))
    if linked is None or linked.get(qn("w:type")) != "character":
        return
    remove_child(linked, "rPr")
    rpr = paragraph_style.find(qn("w:rPr"))
    if rpr is not None:
        linked.append(copy.deepcopy(rpr))


def is_default(style) -> bool:
    """Whether `style` is the default of its type."""
    return style.get(qn("w:default")) == "1"


def writers_own(style) -> bool:
    """A custom style the writer made.  Word also marks the character half of a linked pair
    ("Heading 1 Char") as custom; that one counts only with its paragraph style."""
    linked_character = style.get(qn("w:type")) == "character" and style.find(qn("w:link")) is not None
    return style.get(qn("w:customStyle")) == "1" and not linked_character


def related(style) -> list[str]:
    """The ids of the styles `style` is based on, followed by, or linked to."""
    return [sid for tag in ("basedOn", "next", "link") if (sid := _val(style, tag)) is not None]


def rename_paragraph_styles(element, new_ids: dict[str, str]) -> None:
    """Point each paragraph under `element` whose style id is in `new_ids` at the new id instead."""
    for style in element.iter(qn("w:pStyle")):
        new = new_ids.get(style.get(qn("w:val")))
        if new is not None:
            style.set(qn("w:val"), new)


def used_ids(story_elements, tags: tuple[str, ...]) -> set[str]:
    """Ids of the styles the references `tags` ("pStyle", "rStyle", "tblStyle", "numStyle") name in
    `story_elements` (the body, headers and footers)."""
    return {el.get(qn("w:val")) for story in story_elements for tag in tags for el in story.iter(qn(f"w:{tag}"))}


def keep_only(styles_element, keep: set[str]) -> None:
    """Remove every style whose id is not in `keep`."""
    for sid, element in by_id(styles_element).items():
        if sid not in keep:
            styles_element.remove(element)


def embolden_styles(xml: bytes, east_asian_fonts: list[str]) -> bytes:
    """styles.xml with every run property naming one of `east_asian_fonts` as its East Asian font set bold."""
    root = etree.fromstring(xml)
    for fonts in root.iter(qn("w:rFonts")):
        if fonts.get(qn("w:eastAsia")) in east_asian_fonts:
            set_bold(fonts.getparent(), True)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
