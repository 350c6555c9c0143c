"""Assembling the rendered master and sections into one document.

The master's styles are formatted from the profile first: docxcompose maps
each section's styles to the master's by name, and the master's definitions
win, so every section ends up in the official format.
"""

from __future__ import annotations

from docxcompose.composer import Composer

from reportgen.draft import styles
from reportgen.draft.styles import apply_styles, prune_unused_styles, used_style_names
from reportgen.oxml import paragraph as oxml_paragraph
from reportgen.oxml import section as oxml_section
from reportgen.oxml.numbering import start_first_level_at
from reportgen.project.profile import Profile


def _clear_body(document) -> None:
    """Remove the master's content (cover, 前言) but keep its final page setup."""
    document.element.body.clear_content()


def assemble(master, sections: list, profile: Profile, *, front_matter: bool = True,
             first_chapter: int = 1):
    """Append `sections` to `master`; without `front_matter` keep only the master's styles and page."""
    heading_list = apply_styles(master, profile)
    # Fewer styles: a smaller draft, and docxcompose (which scans every style per element) runs faster.
    used_by_sections = set().union(*(used_style_names(section) for section in sections))
    prune_unused_styles(master, used_by_sections)
    for section in sections:
        prune_unused_styles(section)
    if not front_matter:
        _clear_body(master)
    if first_chapter > 1:
        start_first_level_at(master.part.numbering_part.element, heading_list, first_chapter)
    composer = Composer(master)
    body = master.element.body
    for section in sections:
        before = len(body) - 1  # the elements before the body's sectPr
        composer.append(section)
        _keep_landscape_ending(section, body, before)
    _set_template_tables(composer.doc)
    return composer.doc


def _set_template_tables(document) -> None:
    """Tables the writers made in the templates take the 表格文字 style where their cells are plain body
    text (Normal): the table font and size, no first-line indent, like the workbook's tables.  A cell
    paragraph in a style of the writer's own keeps it."""
    normal = styles.style_id_or_none(document, styles.BODY)
    table_text = styles.style_id(document, styles.TABLE_TEXT)
    for p in oxml_paragraph.paragraphs_in_tables(document.element.body):
        if p.style in (None, normal):
            p.style = table_text


def _keep_landscape_ending(section, body, before: int) -> None:
    """docxcompose drops the properties of an appended document's last section (those in its body's
    `w:sectPr`): a template that is, or ends, landscape would turn portrait.  Wrap what the last
    section held in a landscape section of its own again."""
    if not oxml_section.is_landscape(section.element.body.sectPr):
        return
    appended = list(body)[before:-1]
    breaks = [i for i, element in enumerate(appended) if oxml_section.ends_section(element)]
    last_section = appended[breaks[-1] + 1:] if breaks else appended
    if last_section:
        oxml_section.on_landscape_page(last_section[0], body[-1])
