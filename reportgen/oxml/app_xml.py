"""Document properties python-docx leaves as its template wrote them: the application's (app.xml)."""

from __future__ import annotations

from html import escape  # xml.sax.saxutils would import urllib

from reportgen.oxml.ns import EXTENDED_PROPERTIES


def app_properties(application: str, pages: int | None = None) -> bytes:
    """An app.xml naming the application that wrote the document, and its page count when known
    (counts Word would show stale are left out: Word recounts on saving)."""
    counted = f"<Pages>{pages}</Pages>" if pages else ""
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Properties xmlns="{EXTENDED_PROPERTIES}">'
            f"<Template>Normal.dotm</Template>{counted}<Application>{escape(application, quote=False)}</Application>"
            "<DocSecurity>0</DocSecurity><ScaleCrop>false</ScaleCrop><LinksUpToDate>false</LinksUpToDate>"
            "<SharedDoc>false</SharedDoc><HyperlinksChanged>false</HyperlinksChanged></Properties>").encode()
