"""The copy a layout pass hands LibreOffice: its charts are pictures of their size, which LibreOffice
loads far sooner (it builds a chart's model as it loads one) and lays out as it lays out the charts."""

from __future__ import annotations

import zipfile

import docx
import pytest
from conftest import require_uno
from docx.shared import Mm
from pypdf import PdfReader

from reportgen.layout import office
from reportgen.layout.office import OfficeError
from reportgen.layout.passes import EXPORT, LayoutUnavailable, measure
from reportgen.oxml import drawing, package
from reportgen.oxml.chart import add_chart


def _destinations(pdf) -> dict:
    reader = PdfReader(pdf)
    return {str(name): (reader.get_destination_page_number(place), float(place.top or 0), float(place.left or 0))
            for name, place in reader.named_destinations.items()}


def test_charts_laid_out_as_pictures_of_their_size_break_the_pages_as_the_charts(school_draft, tmp_path):
    """Every bookmark of the school report (its headings, captions, values) lands on the page, at the
    height and the left edge it has with the charts."""
    require_uno()
    document = docx.Document(school_draft)
    before = document.element.xml
    parts = {str(part.partname) for part in document.part.package.iter_parts()}
    assert document.element.xpath("//c:chart")
    package.save(document, tmp_path / "charts.docx", layout_only=True)
    with drawing.charts_as_pictures(document.part, package.TINY_PICTURE):
        assert not document.element.xpath("//c:chart")
        package.save(document, tmp_path / "pictures.docx", layout_only=True)
    assert document.element.xml == before  # put back as it was, and nothing added to the package
    assert {str(part.partname) for part in document.part.package.iter_parts()} == parts
    with office.session(120) as one:
        for name in ("charts", "pictures"):
            one.convert(tmp_path / f"{name}.docx", tmp_path / f"{name}.pdf", EXPORT)
    with_charts = _destinations(tmp_path / "charts.pdf")
    assert len(with_charts) > 200
    assert _destinations(tmp_path / "pictures.pdf") == with_charts


def test_charts_stand_as_pictures_only_while_the_copy_is_saved():
    document = docx.Document()
    add_chart(document.add_paragraph().add_run(), "column", ["甲", "乙"], [("人数", [3.0, 4.0])], Mm(140), Mm(80))
    before = document.element.xml
    parts = {str(part.partname) for part in document.part.package.iter_parts()}
    with drawing.charts_as_pictures(document.part, package.TINY_PICTURE):
        assert not document.element.xpath("//c:chart")
        blip = document.element.xpath("//a:blip/@r:embed")
        assert len(blip) == 1 and document.part.related_parts[blip[0]].blob == package.TINY_PICTURE
        assert drawing.extent(drawing.inline_in(document.paragraphs[0]._p)) == (Mm(140), Mm(80))
        shape = document.element.xpath("//pic:pic//a:ext")[0]  # the picture sized as its frame
        assert (int(shape.get("cx")), int(shape.get("cy"))) == (Mm(140), Mm(80))
    assert document.element.xml == before
    assert {str(part.partname) for part in document.part.package.iter_parts()} == parts


def test_a_pass_hands_libreoffice_its_charts_as_pictures():
    class Recording:
        """An office that keeps the main part of the copy it is given, and lays nothing out."""

        def convert(self, docx_path, pdf, options):
            with zipfile.ZipFile(docx_path) as copy:
                self.main = copy.read("word/document.xml")
            raise OfficeError("只记下副本")

    document = docx.Document()
    add_chart(document.add_paragraph().add_run(), "pie", ["甲", "乙"], [("人数", [3.0, 4.0])], Mm(140), Mm(80))
    recording = Recording()
    with pytest.raises(LayoutUnavailable):
        measure(document, [p._p for p in document.paragraphs], office=recording)
    assert b"<c:chart" not in recording.main and b"<pic:pic" in recording.main
    assert document.element.xpath("//c:chart")


def test_a_chart_without_a_numeric_id_or_a_name_stands_as_a_picture_too():
    """`update --pages` lays out a draft an editor's program saved: its drawings' ids and names are its own."""
    document = docx.Document()
    add_chart(document.add_paragraph().add_run(), "pie", ["甲"], [("值", [1.0])], Mm(100), Mm(60))
    named = document.element.xpath("//wp:docPr")[0]
    named.set("id", "图表1")
    del named.attrib["name"]
    before = document.element.xml
    with drawing.charts_as_pictures(document.part, package.TINY_PICTURE):
        assert not document.element.xpath("//c:chart") and document.element.xpath("//pic:pic")
    assert document.element.xml == before
