"""What the example generators share: Word templates, workbook sheets, placeholder photos.

Used by ``tools/make_example.py`` (the root example) and
``tools/make_school_example.py`` (``examples/学校年报/``).  Whatever differs
between the two (the fixed timestamp, the style tables, the document
properties' texts, the column widths) is a parameter; the content of each
example stays in its own script.

Every function writes reproducible bytes: document dates, zip entries and
photo metadata are fixed, so running a generator again rewrites the same files.
"""

from __future__ import annotations

import colorsys
import datetime as dt
import random
import re
import subprocess
import zipfile
from io import BytesIO
from pathlib import Path

import openpyxl
from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from PIL import ExifTags, Image, ImageDraw, ImageFont

from reportgen.draft.styles import prune_unused_styles
from reportgen.draft.word_package import drop_legacy_parts

# --------------------------------------------------------------------------
# Word templates
# --------------------------------------------------------------------------

def ensure_styles(document, builtin: tuple[str, ...], custom: dict[str, str]) -> None:
    """Add the paragraph styles the templates use: the `builtin` ones by name, and the
    `custom` ones (name -> style id) with reportgen's ids, all based on Normal."""
    styles = document.styles
    for name in builtin:
        try:
            styles[name]
        except KeyError:
            style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
            style.base_style = styles["Normal"]
    for name, style_id in custom.items():
        try:
            style = styles[name]
        except KeyError:
            style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
            style.base_style = styles["Normal"]
        style.style_id = style_id


def set_properties(document, title: str, subject: str, comments: str, when: dt.datetime) -> None:
    """Fixed document properties: the texts given, author reportgen, every date `when`."""
    props = document.core_properties
    props.title = title
    props.subject = subject
    props.author = "reportgen"
    props.last_modified_by = "reportgen"
    props.comments = comments
    props.keywords = ""
    props.category = ""
    props.revision = 1
    props.created = when
    props.modified = when
    props.last_printed = when


def add(document, style: str, text: str = ""):
    """A paragraph in `style` holding `text` as a single run."""
    paragraph = document.add_paragraph(style=style)
    if text:
        paragraph.add_run(text)
    return paragraph


def build_section(master: Path, path: Path, blocks: list[tuple[str, str]], block_styles: dict[str, str],
                  subject: str, comments: str, when: dt.datetime) -> None:
    """A chapter template made from the master, so that it shares the master's styles and final
    section properties.  A block is (kind, text): "table" places the table named `text`, "figure"
    the figure named `text` (or figures side by side, named "a|b"); any other kind is a paragraph
    in the style block_styles[kind]."""
    document = Document(str(master))
    body = document.element.body
    for child in list(body):
        if child.tag.rsplit("}", 1)[-1] != "sectPr":  # keep the final section properties
            body.remove(child)
    set_properties(document, f"章节模板：{path.stem}", subject, comments, when)
    for kind, text in blocks:
        if kind == "table":
            add(document, "Normal", f'{{{{ 表格("{text}") }}}}')
        elif kind == "figure":
            names = ", ".join(f'"{name}"' for name in text.split("|"))
            add(document, "Normal", f"{{{{ 插图({names}) }}}}")
        else:
            add(document, block_styles[kind], text)
    save_docx(document, path, when)


def save_docx(document, path: Path, when: dt.datetime) -> None:
    """Save a template as Word would: only the styles it uses or defines (python-docx's
    default template carries ~170 built-in styles, 350 KB that every build would parse),
    and no stylesWithEffects part."""
    prune_unused_styles(document)
    drop_legacy_parts(document)
    buffer = BytesIO()
    document.save(buffer)
    write_zip(buffer.getvalue(), path, when)


def write_zip(data: bytes, path: Path, when: dt.datetime) -> None:
    """Rewrite an OOXML package with `when` as its dates and zip timestamps so reruns give the same bytes."""
    fixed = when.strftime("%Y-%m-%dT%H:%M:%SZ")
    out = BytesIO()
    with zipfile.ZipFile(BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                text = content.decode("utf-8")
                for tag in ("dcterms:created", "dcterms:modified"):
                    text = re.sub(rf"(<{tag}[^>]*>)[^<]*(</{tag}>)", rf"\g<1>{fixed}\g<2>", text)
                content = text.encode("utf-8")
            entry = zipfile.ZipInfo(info.filename, when.timetuple()[:6])
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            target.writestr(entry, content)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(out.getvalue())


# --------------------------------------------------------------------------
# Workbook
# --------------------------------------------------------------------------

BOLD = Font(bold=True)
THIN = Side(style="thin", color="808080")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)


def new_workbook(title: str, when: dt.datetime):
    """An empty workbook with fixed properties."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    book.properties.creator = "reportgen"
    book.properties.lastModifiedBy = "reportgen"
    book.properties.title = title
    book.properties.created = when
    book.properties.modified = when
    return book


def save_workbook(book, path: Path, when: dt.datetime) -> None:
    """Save with `when` as its dates and zip timestamps."""
    buffer = BytesIO()
    book.save(buffer)
    write_zip(buffer.getvalue(), path, when)


def list_sheet(book, title: str, headers: list[str], rows: list[tuple], widths: list[float]):
    """A list with a bold, frozen header row."""
    ws = book.create_sheet(title)
    ws.append(headers)
    for cell in ws[1]:
        cell.font = BOLD
    for row in rows:
        ws.append(list(row))
    for index, width in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(index)].width = width
    ws.freeze_panes = "A2"
    return ws


def grid_sheet(book, title: str, rows: list[list], merges: list[str], header_rows: int,
               widths: list[float] | None = None, formats: dict[str, str] | None = None, *,
               label_column: bool = False, freeze: bool = False):
    """A table laid out from A1 as it is published, with its merged cells and number formats.

    Header rows are bold, and with `label_column` so is text in the first column.  Without
    `widths`, a column is as wide as the longest text below the header (8 to 30).  With `freeze`,
    the header rows stay in view."""
    ws = book.create_sheet(title)
    n_cols = max(len(row) for row in rows)
    fitted = [8.0] * n_cols
    for r, row in enumerate(rows, 1):
        for c in range(1, n_cols + 1):
            value = row[c - 1] if c <= len(row) else None
            cell = ws.cell(r, c, value)
            cell.border = BOX
            cell.alignment = CENTER
            if r <= header_rows or (label_column and c == 1 and isinstance(value, str)):
                cell.font = BOLD
            if isinstance(value, str) and r > header_rows:
                fitted[c - 1] = max(fitted[c - 1], min(30, 2.2 * len(value) + 2))
    for ref, number_format in (formats or {}).items():
        ws[ref].number_format = number_format
    for ref in merges:
        ws.merge_cells(ref)
    for index, width in enumerate(widths or fitted, 1):
        ws.column_dimensions[get_column_letter(index)].width = width
    if freeze and header_rows:
        ws.freeze_panes = f"A{header_rows + 1}"
    return ws


# --------------------------------------------------------------------------
# Placeholder photos
# --------------------------------------------------------------------------

def find_cjk_font() -> Path:
    candidates = []
    try:
        listing = subprocess.run(["fc-list", ":lang=zh", "file"], capture_output=True, text=True, check=False).stdout
        candidates = [Path(line.split(":")[0].strip()) for line in listing.splitlines() if line.strip()]
    except FileNotFoundError:
        pass
    candidates += [Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")]
    for preferred in ("NotoSansCJK-Regular.ttc", "NotoSerifCJK-Regular.ttc"):
        for candidate in candidates:
            if candidate.name == preferred and candidate.is_file():
                return candidate
    for candidate in candidates:
        if candidate.is_file():
            return candidate
    raise SystemExit("No CJK font found (install fonts-noto-cjk).")


def load_font(path: Path, size: int) -> ImageFont.FreeTypeFont:
    """The Simplified Chinese face of a font collection (index 2 in Noto CJK .ttc files)."""
    if path.suffix.lower() == ".ttc":
        for index in range(10):
            try:
                font = ImageFont.truetype(str(path), size, index=index)
            except OSError:
                break
            if font.getname()[0].endswith(" SC"):
                return font
    return ImageFont.truetype(str(path), size)


def wrap(draw: ImageDraw.ImageDraw, text: str, font, width: int) -> list[str]:
    lines, line = [], ""
    for char in text:
        if draw.textlength(line + char, font=font) > width and line:
            lines.append(line)
            line = char
        else:
            line += char
    return lines + [line] if line else lines


def centred(draw, y: int, text: str, font, width: int, fill) -> int:
    """Draw `text` centred across `width` at `y`; return the y below it."""
    left, top, right, bottom = draw.textbbox((0, 0), text, font=font)
    draw.text(((width - (right - left)) / 2 - left, y), text, font=font, fill=fill)
    return y + (bottom - top)


def rgb(hue: float, lightness: float, saturation: float) -> tuple[int, int, int]:
    """An RGB colour from HLS values in 0..1."""
    return tuple(round(255 * v) for v in colorsys.hls_to_rgb(hue, lightness, saturation))


def soft_background(size: tuple[int, int], top, bottom, accent, rng: random.Random, shapes: int,
                    radius: tuple[int, int], margin: int) -> Image.Image:
    """A vertical gradient from `top` to `bottom` with a few discs of `accent` (radius within `radius`,
    centres up to `margin` beyond the edges), so that the placeholders do not all look alike."""
    width, height = size
    image = Image.new("RGB", size)
    draw = ImageDraw.Draw(image)
    for y in range(height):
        t = y / (height - 1)
        draw.line([(0, y), (width, y)], fill=tuple(round(a + (b - a) * t) for a, b in zip(top, bottom)))
    for _ in range(shapes):
        r = rng.randint(*radius)
        x, y = rng.randint(-margin, width + margin), rng.randint(-margin, height + margin)
        draw.ellipse([x - r, y - r, x + r, y + r], fill=accent)
    return image


def exif_for(number: int, software: str):
    """Camera-like metadata with a date made up from the photo's number."""
    exif = Image.Exif()
    stamp = f"2025:{(number % 11) + 1:02d}:{(number * 7) % 27 + 1:02d} {9 + number % 8:02d}:{(number * 13) % 60:02d}:00"
    exif[ExifTags.Base.Make] = "reportgen"
    exif[ExifTags.Base.Model] = "placeholder"
    exif[ExifTags.Base.Orientation] = 1
    exif[ExifTags.Base.DateTime] = stamp
    exif[ExifTags.Base.Software] = software
    exif.get_ifd(ExifTags.IFD.Exif)[ExifTags.Base.DateTimeOriginal] = stamp
    return exif


def save_jpeg(image: Image.Image, path: Path, number: int, software: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path, "JPEG", quality=85, optimize=True, exif=exif_for(number, software))
