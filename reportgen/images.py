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

from PIL import Image, ImageOps, UnidentifiedImageError

EMU_PER_INCH = 914400
FORMATS = {"JPEG", "PNG", "BMP", "GIF", "TIFF", "WEBP"}
JPEG_QUALITY = 88


class ImageProblem(ValueError):
    """Why a file cannot be used as a picture, in Chinese, for the writer."""


@dataclass(frozen=True)
class ImageInfo:
    width: int  # pixels, after EXIF rotation
    height: int
    format: str


def _open(path: Path) -> Image.Image:
    if path.stat().st_size == 0:
        raise ImageProblem("图片文件是空的（0 字节）")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(path)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ImageProblem("图片像素数异常巨大，可能是损坏或恶意文件") from None
    except UnidentifiedImageError:
        raise ImageProblem("这不是可识别的图片文件") from None
    if image.format not in FORMATS:
        image.close()
        raise ImageProblem(f"不支持 {image.format} 格式的图片，请另存为 JPEG 或 PNG")
    return image


def _rotated(image: Image.Image) -> bool:
    """Whether the EXIF orientation turns the picture a quarter turn (width and height swap)."""
    try:
        return image.getexif().get(0x0112) in (5, 6, 7, 8)
    except Exception:  # a damaged EXIF block: treat as upright, as viewers do
        return False


def inspect(path: Path) -> ImageInfo:
    """Open and decode the whole picture; raise `ImageProblem` when it cannot be used.

    JPEGs decode at 1/8 scale (DCT scaling): every byte is still read, so a
    truncated file is caught, at a fraction of the time and memory.
    """
    with _open(path) as image:
        width, height = image.size
        if image.format == "JPEG":
            image.draft(None, (max(1, width // 8), max(1, height // 8)))
        try:
            image.load()
        except (OSError, SyntaxError, ValueError):
            raise ImageProblem("图片文件不完整或已损坏，请重新导出或复制") from None
        if _rotated(image):
            width, height = height, width
        return ImageInfo(width, height, image.format)


def _to_8bit(image: Image.Image) -> Image.Image:
    """RGB, RGBA or L in 8 bits per channel, whatever came in (CMYK, 16-bit, palette…)."""
    if image.mode in ("RGB", "RGBA", "L"):
        return image
    if image.mode in ("I;16", "I;16B", "I;16L", "I"):
        return image.point(lambda v: v / 256).convert("L")  # 16-bit greyscale to 8-bit
    if image.mode == "P" and "transparency" in image.info or image.mode in ("LA", "PA", "RGBa"):
        return image.convert("RGBA")
    return image.convert("RGB")  # CMYK, YCbCr, P, 1, F …


def prepare(path: Path, width_emu: int, dpi: int) -> tuple[bytes, str]:
    """The picture's bytes as they go into the draft and their format ("JPEG" or "PNG")."""
    target_width = max(1, round(width_emu / EMU_PER_INCH * dpi))
    with _open(path) as image:
        lossless = image.format != "JPEG"
        if not lossless:  # let the JPEG decoder scale down by 2, 4 or 8 while decoding
            shown_width = image.height if _rotated(image) else image.width
            scale = target_width / shown_width
            if scale < 0.5:
                image.draft(None, (max(1, round(image.width * scale)), max(1, round(image.height * scale))))
        image.load()
        image = ImageOps.exif_transpose(image)
        image = _to_8bit(image)
        if image.width > target_width:
            target_height = max(1, round(image.height * target_width / image.width))
            image = image.resize((target_width, target_height), Image.Resampling.LANCZOS, reducing_gap=3.0)
        buffer = io.BytesIO()
        if lossless or image.mode == "RGBA":
            image.save(buffer, "PNG", optimize=True, dpi=(dpi, dpi))
            return buffer.getvalue(), "PNG"
        image.save(buffer, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=False,
                   subsampling="4:2:0", dpi=(dpi, dpi))
        return buffer.getvalue(), "JPEG"
