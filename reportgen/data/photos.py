"""Photos checked and prepared for the draft: upright, RGB, at print resolution.

A writer's photo may be a 4000-pixel phone picture, rotated by an EXIF tag,
in CMYK or 16-bit, with transparency, or not a picture at all.  `inspect`
finds what is wrong in the writer's terms; `prepare` returns the bytes to
embed: EXIF rotation applied, converted to 8-bit RGB (or RGBA/L), resampled
down (never up) to the placed size at the profile's dpi, JPEG for photos and
PNG for images that must stay lossless.  The original file is never written.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from reportgen.problems import ReportgenError

if TYPE_CHECKING:
    from PIL import Image

EMU_PER_INCH = 914400
FORMATS = {"JPEG", "PNG", "BMP", "GIF", "TIFF", "WEBP"}
JPEG_QUALITY = 88
# Genuine photos reach 200 megapixels (phone and camera frames of 102 and 200 MP); a JPEG is decoded at
# 1/8 scale when prepared, so its memory stays bounded.  Other formats decode in full (about 3 bytes a
# pixel), so they keep Pillow's own default limit.  Anything larger is refused before it is decoded.
MAX_PIXELS = 200_000_000
MAX_LOSSLESS_PIXELS = 89_478_485


def _pillow():
    """Pillow's Image module, imported when a picture is first opened: a rebuild whose pictures are all
    prepared already opens none, and saves the import."""
    from PIL import Image

    Image.MAX_IMAGE_PIXELS = MAX_PIXELS  # Pillow's decompression-bomb guard (it refuses twice this outright)
    return Image


class ImageProblem(ReportgenError, ValueError):
    """Why a file cannot be used as a picture, in Chinese, for the writer."""


@dataclass(frozen=True)
class ImageInfo:
    width: int  # pixels, after EXIF rotation
    height: int
    format: str


def _open(path: Path) -> Image.Image:
    Image = _pillow()
    from PIL import UnidentifiedImageError

    if path.stat().st_size == 0:
        raise ImageProblem("图片文件是空的（0 字节）")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)  # the limits below decide
            image = Image.open(path)
    except Image.DecompressionBombError:
        raise ImageProblem("图片像素数异常巨大，可能是损坏或恶意文件") from None
    except UnidentifiedImageError:
        raise ImageProblem("这不是可识别的图片文件") from None
    if image.format not in FORMATS:
        image.close()
        raise ImageProblem(f"不支持 {image.format} 格式的图片，请另存为 JPEG 或 PNG")
    limit = MAX_PIXELS if image.format == "JPEG" else MAX_LOSSLESS_PIXELS
    if image.width * image.height > limit:
        pixels = image.width * image.height
        image.close()
        raise ImageProblem(f"图片有 {pixels / 1e6:.0f} 百万像素（{image.width}×{image.height}），超过可处理的 "
                           f"{limit / 1e6:.0f} 百万像素，可能已损坏；如是真实照片，请缩小后另存为 JPEG")
    return image


def _rotated(image: Image.Image) -> bool:
    """Whether the EXIF orientation turns the picture a quarter turn (width and height swap)."""
    try:
        return image.getexif().get(0x0112) in (5, 6, 7, 8)
    except Exception:  # a damaged EXIF block: treat as upright, as viewers do
        return False


def _jpeg_is_complete(path: Path) -> bool:
    """A JPEG ends with an EOI marker (FFD9), perhaps followed by padding or a trailer."""
    with path.open("rb") as handle:
        handle.seek(max(0, path.stat().st_size - (1 << 16)))
        return b"\xff\xd9" in handle.read()


def inspect(path: Path) -> ImageInfo:
    """Check the picture can be used; raise `ImageProblem` when it cannot.

    A JPEG is checked by its header and its end marker: libjpeg decodes damaged
    data without complaint, so a truncated file is what a decode would catch,
    and this finds it without decoding 12 megapixels.  Other formats, whose
    decoders do check their data, are decoded in full.
    """
    with _open(path) as image:
        width, height = image.size
        if image.format == "JPEG":
            complete = _jpeg_is_complete(path)
        else:
            try:
                image.load()
                complete = True
            except (OSError, SyntaxError, ValueError):
                complete = False
        if not complete:
            raise ImageProblem("图片文件不完整或已损坏，请重新导出或复制")
        if _rotated(image):
            width, height = height, width
        return ImageInfo(width, height, image.format or "")


def _to_8bit(image: Image.Image) -> Image.Image:
    """RGB, RGBA or L in 8 bits per channel, whatever came in (CMYK, 16-bit, palette…)."""
    if image.mode in ("RGB", "RGBA", "L"):
        return image
    if image.mode in ("I;16", "I;16B", "I;16L", "I"):
        # 16-bit greyscale to 8-bit, through 32-bit: Pillow cannot map a big-endian I;16B's values
        return image.convert("I").point(lambda v: v / 256).convert("L")
    if image.mode == "P" and "transparency" in image.info or image.mode in ("LA", "PA", "RGBa"):
        return image.convert("RGBA")
    return image.convert("RGB")  # CMYK, YCbCr, P, 1, F …


def prepare(path: Path, width_emu: int, dpi: int) -> tuple[bytes, str]:
    """The picture's bytes as they go into the draft and their format ("JPEG" or "PNG")."""
    from PIL import Image, ImageOps

    target_width = max(1, round(width_emu / EMU_PER_INCH * dpi))
    with _open(path) as image:
        lossless = image.format != "JPEG"
        rotated = _rotated(image)  # then the placed width is the stored height

        def shown_width(im: Image.Image) -> int:
            return im.height if rotated else im.width

        factor = target_width / shown_width(image)
        drafted = not lossless and factor < 0.5
        if drafted:  # the JPEG decoder scales by 2, 4 or 8 while decoding: far less work and memory
            image.draft(None, (max(1, round(image.width * factor)), max(1, round(image.height * factor))))
        image.load()
        image = _to_8bit(image)
        factor = target_width / shown_width(image)
        if factor < 1:  # resample in the stored orientation, then turn the small result
            size = (max(1, round(image.width * factor)), max(1, round(image.height * factor)))
            # After DCT scaling less than a halving remains; Pillow's filters are antialiased, and
            # bilinear is then as sharp as Lanczos at a third of the time.
            method = Image.Resampling.BILINEAR if drafted else Image.Resampling.LANCZOS
            image = image.resize(size, method, reducing_gap=3.0)
        image = ImageOps.exif_transpose(image)
        buffer = io.BytesIO()
        if lossless or image.mode == "RGBA":
            image.save(buffer, "PNG", optimize=True, dpi=(dpi, dpi))
            return buffer.getvalue(), "PNG"
        image.save(buffer, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=False,
                   subsampling="4:2:0", dpi=(dpi, dpi))
        return buffer.getvalue(), "JPEG"
