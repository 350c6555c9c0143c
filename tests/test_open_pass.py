"""A layout pass's copy stays open in the office: the next pass, when only pictures' sizes changed
(figures fitted to their pages), resizes them there instead of loading the copy again, and finds the
pages, heights and ends a copy loaded afresh has.  Anything else that changed loads the copy again."""

from __future__ import annotations

import io
import random

import docx
import pytest
from conftest import require_uno
from docx.shared import Emu, Mm
from PIL import Image
from pypdf import PdfReader

from reportgen.layout import office
from reportgen.layout.open_pass import as_imported
from reportgen.layout.office import OfficeError
from reportgen.layout.passes import EXPORT, LayoutUnavailable, measure
from reportgen.oxml import drawing, package
from reportgen.oxml.chart import add_chart


def _picture() -> io.BytesIO:
    data = io.BytesIO()
    Image.new("RGB", (4, 3), "gray").save(data, "PNG")
    return data


def _report(pictures: int = 6):
    """Text, and pictures as tall as a third of a page with captions below them; no space between
    paragraphs, where a space left before a picture would show."""
    document = docx.Document()
    document.styles["Normal"].paragraph_format.space_after = 0
    for number in range(1, pictures + 1):
        document.add_paragraph(f"第{number}节 正文，说明下面这幅插图。" * 12)
        picture = document.add_paragraph()
        picture.add_run().add_picture(_picture(), width=Mm(140), height=Mm(90))
        document.add_paragraph(f"图{number} 插图的题注")
    return document


def _paragraphs(document):
    return [p._p for p in document.paragraphs]


def _inlines(document):
    return [drawing.inline_in(p) for p in _paragraphs(document) if drawing.inline_in(p) is not None]


def _fresh(document):
    """The pages of `document` in a copy loaded afresh (a conversion)."""
    return measure(document, _paragraphs(document), ends=_paragraphs(document)[::2], office=office.Conversions(120))


def _same(found, expected) -> None:
    assert found.pages == expected.pages
    assert found.tops == expected.tops
    assert found.ends == expected.ends
    assert found.labels == expected.labels


def test_pictures_resized_in_the_open_copy_lay_out_as_the_copy_loaded_afresh():
    require_uno()
    document = _report()
    paragraphs = _paragraphs(document)
    inlines = _inlines(document)
    steps = [  # pass by pass: (picture, width, height)
        [(0, Mm(70), Mm(45)), (3, Mm(140), Mm(150))],  # the next figure moves up a page; what follows 4 down
        [(4, Emu(3073905), Emu(4098540)), (3, Mm(140), Mm(90))],  # a size LibreOffice rounds; 4 back
        [(0, Mm(140), Mm(90)), (4, Mm(140), Mm(90))],  # all as they were
    ]
    with office.session(120) as one:
        passes = [measure(document, paragraphs, ends=paragraphs[::2], office=one)]
        opened = one._open.document
        for step in steps:
            for picture, width, height in step:
                drawing.set_extent(inlines[picture], width, height)
            passes.append(measure(document, paragraphs, ends=paragraphs[::2], office=one))
            assert one._open.document is opened, "the copy was loaded again"
            _same(passes[-1], _fresh(document))
    assert passes[1].pages != passes[0].pages  # the resizing moved what the test compares
    assert passes[3].pages == passes[0].pages


@pytest.mark.parametrize("change", ["text", "style"])
def test_a_copy_that_differs_in_more_than_sizes_is_loaded_again(change):
    require_uno()
    document = _report()
    with office.session(120) as one:
        measure(document, _paragraphs(document), ends=_paragraphs(document)[::2], office=one)
        opened = one._open.document
        drawing.set_extent(_inlines(document)[0], Mm(70), Mm(45))
        if change == "text":  # in the main part, as the pictures
            document.paragraphs[0].add_run("又一句话。" * 40)
        else:  # in another part
            document.styles["Normal"].paragraph_format.space_after = Mm(8)
        found = measure(document, _paragraphs(document), ends=_paragraphs(document)[::2], office=one)
        assert one._open.document is not opened
        _same(found, _fresh(document))


def test_a_picture_not_as_the_copy_had_it_is_not_resized():
    require_uno()
    document = _report(pictures=2)
    with office.session(120) as one:
        measure(document, _paragraphs(document), office=one)
        opened = one._open
        parts = dict(opened.parts)
        width, height = drawing.extent(_inlines(document)[0])
        assert not opened.resize(one._uno, {"Picture 1": ((width + 720, height), (width, height))}, parts)
        assert not opened.resize(one._uno, {"No such picture": ((width, height), (width, height))}, parts)
        size = opened.document.getGraphicObjects().getByName("Picture 1").getSize()
        assert (size.Width, size.Height) == (as_imported(width), as_imported(height))  # left as it was


def test_the_sizes_libreoffice_reports_are_those_of_its_import():
    """`resize` checks each picture's size in the open copy before changing it: the check must know what
    LibreOffice makes of a size in EMU, however it rounds."""
    require_uno()
    rng = random.Random(7)
    sizes = [(rng.randint(100_000, 6_000_000), rng.randint(100_000, 6_000_000)) for _ in range(40)]
    sizes += [(635 * n + 317, 635 * n + 318) for n in range(1000, 1010)]  # half a twip, either side
    sizes += [(360 * n + 180, 360 * n + 179) for n in range(3000, 3010)]  # half of 1/100 mm, either side
    document = docx.Document()
    for width, height in sizes:
        document.add_paragraph().add_run().add_picture(_picture(), width=Emu(width), height=Emu(height))
    with office.session(120) as one:
        measure(document, _paragraphs(document)[:1], office=one)
        graphics = one._open.document.getGraphicObjects()
        reported = [graphics.getByName(f"Picture {n}").getSize() for n in range(1, len(sizes) + 1)]
    assert [(size.Width, size.Height) for size in reported] == [tuple(map(as_imported, s)) for s in sizes]


@pytest.mark.parametrize("change, resized", [
    ("size", {"Picture 1": ((2000, 1000), (1500, 750))}),
    ("nothing", {}),
    ("text", None),
    ("chart", None),
    ("twin", None),
    ("frame only", None),
])
def test_only_pictures_sizes_are_resized(change, resized):
    def inline(name, width, height, kind="pic:pic", shape=None):
        shape = shape or (width, height)
        return (f'<wp:inline><wp:extent cx="{width}" cy="{height}"/><wp:docPr id="1" name="{name}"/>'
                f'<a:graphic><{kind}><a:xfrm><a:ext cx="{shape[0]}" cy="{shape[1]}"/></a:xfrm></{kind}>'
                f'</a:graphic></wp:inline>')

    def main(*drawings, text="正文"):
        return f'<w:body><w:p><w:r><w:t>{text}</w:t></w:r>{"".join(drawings)}</w:p></w:body>'.encode()

    before = main(inline("Picture 1", 2000, 1000), inline("Chart 2", 900, 900, "c:chart"))
    after = {
        "size": main(inline("Picture 1", 1500, 750), inline("Chart 2", 900, 900, "c:chart")),
        "nothing": before,
        "text": main(inline("Picture 1", 1500, 750), inline("Chart 2", 900, 900, "c:chart"), text="正文。"),
        "chart": main(inline("Picture 1", 2000, 1000), inline("Chart 2", 800, 800, "c:chart")),
        "twin": main(inline("Picture 1", 1500, 750), inline("Picture 1", 900, 900)),
        "frame only": main(inline("Picture 1", 1500, 750, shape=(2000, 1000)), inline("Chart 2", 900, 900, "c:chart")),
    }[change]
    if change == "twin":
        before = main(inline("Picture 1", 2000, 1000), inline("Picture 1", 900, 900))
    assert drawing.resized_pictures(before, after) == resized


def _destinations(pdf) -> dict:
    reader = PdfReader(pdf)
    return {str(name): (reader.get_destination_page_number(place), float(place.top or 0), float(place.left or 0))
            for name, place in reader.named_destinations.items()}


def test_charts_laid_out_as_pictures_of_their_size_break_the_pages_as_the_charts(school_draft, tmp_path):
    """A pass's copy has each chart as a picture of its size (LibreOffice loads a chart slowly): every
    bookmark of the school report (its headings, captions, values) lands where it does with the charts."""
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
        shape = document.element.xpath("//pic:pic//a:ext")[0]  # sized as its frame: resized as one (`open_pass`)
        assert (int(shape.get("cx")), int(shape.get("cy"))) == (Mm(140), Mm(80))
    assert document.element.xml == before
    assert {str(part.partname) for part in document.part.package.iter_parts()} == parts


def test_a_pass_hands_libreoffice_its_charts_as_pictures():
    class Recording:
        """An office that keeps the copy it is given, and lays nothing out."""

        def lay_out(self, docx_path, pdf, options):
            self.parts = package.read_parts(docx_path)
            raise OfficeError("只记下副本")

    document = docx.Document()
    add_chart(document.add_paragraph().add_run(), "pie", ["甲", "乙"], [("人数", [3.0, 4.0])], Mm(140), Mm(80))
    recording = Recording()
    with pytest.raises(LayoutUnavailable):
        measure(document, _paragraphs(document), office=recording)
    assert b"<c:chart" not in recording.parts[package.MAIN_PART] and b"<pic:pic" in recording.parts[package.MAIN_PART]
    assert document.element.xpath("//c:chart")
