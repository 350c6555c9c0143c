"""Photos at print quality: placed size, dpi, layouts, the cache, originals untouched."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import pytest
from conftest import run_cli
from docx.oxml.ns import qn
from docx.shared import Mm
from PIL import Image

from reportgen.data import photos

PHOTO = ("校园", "照片", "data/图片/校园.jpg", "校园一角", 12, None, None)
TEXT_WIDTH = Mm(210 - 28 - 26)


def _photo(project, name, size, fmt="JPEG", colour="teal"):
    path = project / "data" / "图片" / name
    Image.new("RGB", size, colour).save(path, fmt, quality=95)
    return path


def _media(draft):
    with zipfile.ZipFile(draft) as archive:
        return {n: Image.open(io.BytesIO(archive.read(n))) for n in archive.namelist() if n.startswith("word/media/")}


def _draft(project):
    return project / "output" / "测试报告.docx"


def test_photo_is_resampled_to_placed_size_at_profile_dpi(small_project):
    project = small_project()
    original = _photo(project, "校园.jpg", (4000, 3000))
    before = original.read_bytes()
    assert run_cli("build", str(project)).exit_code == 0
    (image,) = _media(_draft(project)).values()
    assert image.format == "JPEG" and image.width == round(12 / 2.54 * 220)  # 12 cm at 220 dpi
    assert abs(image.height / image.width - 0.75) < 0.01  # aspect ratio kept
    assert original.read_bytes() == before  # the writer's file is never modified
    shape = docx.Document(_draft(project)).inline_shapes[0]
    assert round(shape.width.cm, 2) == 12 and abs(shape.height / shape.width - 0.75) < 0.001


def test_small_photo_is_never_upsampled_and_png_stays_lossless(small_project):
    project = small_project(figures=[("校园", "照片", "data/图片/小图.png", "截图", 12, None, None)])
    _photo(project, "小图.png", (400, 300), "PNG")
    assert run_cli("build", str(project)).exit_code == 0
    (image,) = _media(_draft(project)).values()
    assert image.format == "PNG" and image.size == (400, 300)


def test_width_as_share_of_text_width(small_project):
    project = small_project(figures=[("校园", "照片", "data/图片/校园.jpg", "校园一角", "50%", None, None)])
    assert run_cli("build", str(project)).exit_code == 0
    shape = docx.Document(_draft(project)).inline_shapes[0]
    assert abs(shape.width - TEXT_WIDTH / 2) < 1000


def test_two_photos_side_by_side_and_a_grid_each_numbered(small_project):
    figures = [PHOTO, ("校园2", *PHOTO[1:])] + [(f"照片{i}", "照片", f"data/图片/照片{i}.jpg", f"活动{i}", 7, None, None)
                                               for i in range(1, 7)]
    sections = {"概况": ["概况", '{{ 插图("校园") }}', '{{ 插图("照片1", "照片2") }}',
                         '{{ 插图("照片3", "照片4", "照片5", "照片6") }}', '{{ 插图("校园2") }}']}
    project = small_project(figures=figures, sections=sections)
    for i in range(1, 7):
        _photo(project, f"照片{i}.jpg", (1200, 900 if i % 2 else 1600), colour=(40 * i, 100, 200 - 20 * i))
    result = run_cli("build", str(project))
    assert result.exit_code == 0, result.output
    document = docx.Document(_draft(project))
    side, grid = document.tables
    assert len(side.rows) == 1 and len(side.columns) == 2
    assert len(grid.rows) == 2 and len(grid.columns) == 2
    captions = [
        "".join(t.text for t in p.iter(qn("w:t"))) for p in document.element.body.iter(qn("w:p"))
        if p.pPr is not None and p.pPr.pStyle is not None and p.pPr.pStyle.val == "Caption"]
    assert captions == ["图 1 校园一角", "图 2 活动1", "图 3 活动2", "图 4 活动3", "图 5 活动4", "图 6 活动5",
                        "图 7 活动6", "图 8 校园一角"]
    for shape in document.inline_shapes:  # each fits its column, aspect ratio kept
        assert shape.width <= TEXT_WIDTH
    assert "8 幅插图" in result.output
    media = _media(_draft(project))
    assert len(media) == 7  # the photo used twice is stored once


def test_rebuild_reuses_prepared_pictures(small_project):
    project = small_project()
    _photo(project, "校园.jpg", (3000, 2000))
    assert run_cli("build", str(project)).exit_code == 0
    cache = project / "output" / ".reportgen-cache"
    entries = {p.name: p.stat().st_mtime_ns for p in cache.glob("*.jpg")}
    assert len(entries) == 1
    assert run_cli("build", str(project)).exit_code == 0  # a text-only rebuild
    assert {p.name: p.stat().st_mtime_ns for p in cache.glob("*.jpg")} == entries
    config = project / "reportgen.toml"
    config.write_text(config.read_text(encoding="utf-8").replace("[profile]\n", "[profile]\nimage_dpi = 150\n"),
                      encoding="utf-8")
    assert run_cli("build", str(project)).exit_code == 0  # a changed setting misses the cache
    assert len(list(cache.glob("*.jpg"))) == 2


@pytest.mark.parametrize("fmt", ["JPEG", "PNG"])
def test_a_rebuild_reads_no_photo_it_knows_by_size_and_time(small_project, fmt):
    """What makes a rebuild fast: a photo whose size and modification time are unchanged is not read
    again (its check and digest are remembered, its prepared picture, JPEG or PNG, taken from the cache).
    Proven by changing its bytes behind the cache's back: the rebuild still places the picture prepared
    from the first bytes; a new time makes it read them."""
    import os
    name = f"校园.{fmt.lower()}"
    project = small_project(figures=[("校园", "照片", f"data/图片/{name}", "校园一角", 12, None, None)])
    photo = _photo(project, name, (300, 200), fmt, colour="teal")
    assert run_cli("build", str(project)).exit_code == 0
    first = _media(_draft(project))
    assert [image.format for image in first.values()] == [fmt]
    stat = photo.stat()
    other = io.BytesIO()
    Image.new("RGB", (300, 200), "orange").save(other, fmt, quality=95)
    photo.write_bytes(other.getvalue()[:stat.st_size].ljust(stat.st_size, b"\0"))
    os.utime(photo, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert run_cli("build", str(project)).exit_code == 0
    assert [image.getpixel((5, 5)) for image in _media(_draft(project)).values()] == \
        [image.getpixel((5, 5)) for image in first.values()]
    Image.new("RGB", (300, 200), "orange").save(photo, fmt, quality=95)  # a new time: read again
    assert run_cli("build", str(project)).exit_code == 0
    assert [image.getpixel((5, 5))[0] > 200 for image in _media(_draft(project)).values()] == [True]


def test_each_photo_is_placed_as_its_own_picture_on_a_rebuild_too(small_project):
    """Prepared pictures and the memo of each photo are per photo: a rebuild that takes them from the
    cache places every photo where it was, none in another's place."""
    colours = {1: (200, 30, 30), 2: (30, 200, 30), 3: (30, 30, 200)}
    figures = [(f"照片{i}", "照片", f"data/图片/照片{i}.jpg", f"活动{i}", 7, None, None) for i in colours]
    project = small_project(figures=figures, sections={"概况": ["概况", *(f'{{{{ 插图("照片{i}") }}}}' for i in colours)]})
    for i, colour in colours.items():
        _photo(project, f"照片{i}.jpg", (600, 400), colour=colour)
    for _ in range(2):  # the first prepares them, the second takes them from the cache
        assert run_cli("build", str(project)).exit_code == 0
        document = docx.Document(_draft(project))
        parts = [document.part.related_parts[blip.get(qn("r:embed"))]
                 for blip in document.element.body.iter(qn("a:blip"))]
        placed = [Image.open(io.BytesIO(part.blob)).convert("RGB").getpixel((10, 10)) for part in parts]
        assert [max(range(3), key=pixel.__getitem__) for pixel in placed] == [0, 1, 2]  # red, green, blue


def test_progress_is_reported_for_each_block(small_project):
    from reportgen.build import build
    from reportgen.project.config import load_project

    sections = {"概况": ["概况", '{{ 表格("学校情况") }}', '{{ 插图("校园") }}', '{{ 插图("校园2", "校园3") }}']}
    project = small_project(sections=sections, figures=[PHOTO, ("校园2", *PHOTO[1:]), ("校园3", *PHOTO[1:])])
    calls = []
    build(load_project(project), progress=lambda done, total: calls.append((done, total)))
    assert calls == [(1, 3), (2, 3), (3, 3)]


def test_cli_progress_only_on_a_terminal(small_project):
    result = run_cli("build", str(small_project()))  # CliRunner's output is not a terminal
    assert "正在放置" not in result.output


def _image(mode: str, colour) -> Image.Image:
    image = Image.new(mode, (40, 30), colour)
    if mode == "P":
        image.putpalette([0, 0, 0, 10, 10, 10, 20, 20, 20, 30, 60, 90])
    return image


# Each kind of picture a camera, scanner or drawing program writes, as it goes into the draft: 8 bits per
# channel, its colours (and transparency) kept.  (mode, colour, format saved in, save options) -> (format
# in the draft, mode, the first pixel there).  Placed wider than they are, so that none is resampled.
KINDS = [
    (("I;16", 32768, "PNG", {}), ("PNG", "L", 128)),  # 16-bit grey: its top 8 bits
    (("I;16B", 32768, "TIFF", {}), ("PNG", "L", 128)),  # a scanner's 16-bit TIFF, big-endian
    (("I", 32768, "TIFF", {}), ("PNG", "L", 128)),  # 32-bit integer grey, as some TIFFs read
    (("LA", (200, 100), "PNG", {}), ("PNG", "RGBA", (200, 200, 200, 100))),
    (("P", 3, "PNG", {"transparency": 3}), ("PNG", "RGBA", (30, 60, 90, 0))),  # a palette colour made transparent
    (("P", 3, "PNG", {}), ("PNG", "RGB", (30, 60, 90))),
    (("CMYK", (0, 255, 255, 0), "JPEG", {"quality": 100}), ("JPEG", "RGB", (254, 0, 0))),  # red
    (("1", 1, "PNG", {}), ("PNG", "RGB", (255, 255, 255))),
    (("L", 77, "JPEG", {"quality": 100}), ("JPEG", "L", 77)),
]


@pytest.mark.parametrize("kind, drafted", KINDS, ids=[f"{k[0]}-{k[2]}" + ("-transparent" if "transparency" in k[3] else "")
                                                      for k, _ in KINDS])
def test_every_kind_of_picture_goes_in_at_8_bits_with_its_colours(tmp_path, kind, drafted):
    mode, colour, saved_as, options = kind
    path = tmp_path / f"图.{saved_as.lower()}"
    _image(mode, colour).save(path, saved_as, **options)
    data, kind_in_draft = photos.prepare(path, width_emu=Mm(20), dpi=300)
    result = Image.open(io.BytesIO(data))
    pixel = result.getpixel((0, 0))
    if saved_as == "JPEG" and isinstance(pixel, tuple):  # JPEG's colour rounding
        assert max(abs(a - b) for a, b in zip(pixel, drafted[2])) <= 2, pixel
        pixel = drafted[2]
    assert (kind_in_draft, result.mode, result.size, pixel) == (drafted[0], drafted[1], (40, 30), drafted[2])


# photos.prepare directly: the pixels a picture goes in with are its placed width at the profile's dpi
# (never more: a 12-megapixel photo would make a draft of hundreds of megabytes; never fewer: it would
# print soft), counted along the side that shows as the width (a photo stored sideways with an EXIF
# rotation); whatever path the decoding takes.

def _sideways(path: Path, size: tuple[int, int]) -> Path:
    """A JPEG stored `size`, shown turned a quarter (EXIF orientation 6)."""
    exif = Image.Exif()
    exif[0x0112] = 6
    Image.new("RGB", size, "teal").save(path, "JPEG", exif=exif)
    return path


@pytest.mark.parametrize("stored, fmt, sideways, shown", [
    ((4000, 3000), "JPEG", False, (709, 532)),  # reduced while decoding (to a quarter), then resampled
    ((1000, 750), "JPEG", False, (709, 532)),  # resampled only
    ((4000, 3000), "JPEG", True, (709, 945)),  # the placed width is the stored height
    ((1000, 1333), "JPEG", True, (709, 532)),
    ((4000, 3000), "PNG", False, (709, 532)),  # lossless: resampled, never reduced while decoding
    ((709, 532), "JPEG", False, (709, 532)),  # already right: not resampled
    ((500, 375), "JPEG", False, (500, 375)),  # smaller: never enlarged, though 1.4 times would do
], ids=["large", "slightly-large", "sideways-large", "sideways", "png", "exact", "smaller"])
def test_a_picture_goes_in_at_its_placed_width_and_the_profile_dpi(tmp_path, stored, fmt, sideways, shown):
    path = tmp_path / f"图.{fmt.lower()}"
    if sideways:
        _sideways(path, stored)
    else:
        Image.new("RGB", stored, "teal").save(path, fmt)
    data, kind = photos.prepare(path, width_emu=Mm(120), dpi=150)  # 12 cm at 150 dpi: 709 pixels
    result = Image.open(io.BytesIO(data))
    assert (kind, result.size) == (fmt, shown)
    assert result.info["dpi"] == pytest.approx((150, 150), abs=0.02)  # PNG keeps pixels a metre


def test_a_full_cache_folder_keeps_its_newest_entries(tmp_path):
    """The compiled templates and layout passes a cache keeps are bounded: the oldest go first."""
    import os

    from reportgen.data.picture_cache import prune

    for age, name in enumerate(["b", "d", "a", "c", "e"]):  # b the newest, e the oldest
        entry = tmp_path / f"{name}.code"
        entry.write_text(name)
        os.utime(entry, (1_700_000_000 - age * 60, 1_700_000_000 - age * 60))
    (tmp_path / "other.json").write_text("{}")
    prune(tmp_path, "*.code", keep=2)
    assert sorted(path.name for path in tmp_path.iterdir()) == ["b.code", "d.code", "other.json"]
