"""The draft's package as Word itself would write it: properties, settings, fonts, no leftovers.

python-docx starts every document from its own default template, which says
it was written by "Microsoft Macintosh Word" in compatibility mode 14, names
Japanese theme languages and fonts, and carries a thumbnail and a
bibliography part.  `finish_package` replaces all of that with what is true
of the draft.
"""

from __future__ import annotations

import datetime as dt

from docx.opc.constants import RELATIONSHIP_TYPE as RT

from reportgen import __version__
from reportgen.oxml import package as oxml_package
from reportgen.oxml.app_xml import app_properties
from reportgen.oxml.fonts import font_table
from reportgen.oxml.ns import STYLES_WITH_EFFECTS
from reportgen.oxml.settings import (
    set_compatibility_mode,
    set_theme_languages,
    set_update_fields,
)
from reportgen.project.profile import Profile

APPLICATION = f"reportgen {__version__}"


def drop_legacy_parts(document) -> None:
    """python-docx's default template carries a Word 2010 stylesWithEffects part that
    contradicts styles.xml once the styles are rewritten: drop it (Word recreates it)."""
    _drop(document.part, STYLES_WITH_EFFECTS)


def _drop(source, reltype: str) -> None:
    """Drop `source`'s relationships of `reltype` (a part or the package): unrelated, a part is not saved."""
    for rel_id, rel in list(source.rels.items()):
        if rel.reltype == reltype:
            source.rels.pop(rel_id)


def _replace_blob(part, blob: bytes) -> None:
    part._blob = blob  # python-docx keeps parts it does not parse as their bytes


def _related(source, reltype: str):
    return next((rel.target_part for rel in source.rels.values() if rel.reltype == reltype), None)


def set_font_table(document, profile: Profile) -> None:
    """Name the profile's fonts in the font table, with what Word, WPS and LibreOffice need to resolve them."""
    fonts = _related(document.part, RT.FONT_TABLE)
    if fonts is not None:
        _replace_blob(fonts, font_table([profile.latin_font, *profile.east_asian_fonts]))


def finish_package(document, profile: Profile, *, title: str, author: str, subject: str) -> None:
    """Properties, settings and font table of the draft, and none of python-docx's leftovers.

    Before the layout pass: the font table and the compatibility mode change how LibreOffice sets type.
    """
    now = dt.datetime.now(dt.timezone.utc).replace(microsecond=0, tzinfo=None)
    props = document.core_properties
    props.title, props.author, props.subject = title, author, subject
    props.comments = "由 reportgen 根据模板和数据生成"
    props.last_modified_by, props.revision = "reportgen", 1
    props.created = props.modified = now
    oxml_package.drop_last_printed(props._element)
    oxml_package.drop_foreign_core_properties(props._element)

    package = document.part.package
    set_page_count(document, None)
    set_font_table(document, profile)

    settings = document.settings.element
    set_compatibility_mode(settings)
    set_theme_languages(settings)
    set_update_fields(settings, profile.update_fields_on_open)

    drop_legacy_parts(document)
    _drop(package, RT.THUMBNAIL)  # python-docx's blank page picture
    _drop(document.part, RT.CUSTOM_XML)  # python-docx's empty bibliography


def set_page_count(document, pages: int | None) -> None:
    """The application properties, with the page count once a layout pass has measured it."""
    app = _related(document.part.package, RT.EXTENDED_PROPERTIES)
    if app is not None:
        _replace_blob(app, app_properties(APPLICATION, pages))
