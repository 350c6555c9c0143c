"""The format profile: every layout setting of the official format, with defaults.

Defaults follow GB/T 9704-2012 (page, fonts, page numbers) and the practice of
published 质量年度报告 (decimal headings, caption fonts); see
`format-spec.md` for sources.  A project picks a base profile and overrides
single settings in the `[profile]` table of its config.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass


@dataclass(frozen=True)
class Profile:
    # Page (GB/T 9704 5.1, 5.2.1): A4, text block 156 x 225 mm.
    page_width_mm: float = 210
    page_height_mm: float = 297
    margin_top_mm: float = 37
    margin_bottom_mm: float = 35
    margin_left_mm: float = 28
    margin_right_mm: float = 26
    # Distance from the page's bottom edge to the footer; puts "— N —" about
    # 7 mm below the text block.
    footer_distance_mm: float = 22
    # 22 lines per page: 225 mm / 22 = 28.95 pt = 579 twips (9704 5.2.3).
    line_pitch_twips: int = 579
    # Fonts and sizes (9704 7.3): East Asian font for Chinese, Latin font for
    # digits and Latin text.
    latin_font: str = "Times New Roman"
    body_font: str = "仿宋_GB2312"
    body_size_pt: float = 16  # 三号
    title_font: str = "方正小标宋简体"
    title_size_pt: float = 22  # 二号
    subtitle_font: str = "楷体_GB2312"
    heading1_font: str = "黑体"
    heading2_font: str = "楷体_GB2312"
    heading3_font: str = "仿宋_GB2312"
    heading_size_pt: float = 16
    heading3_bold: bool = True
    # Decimal headings of 质量年报 practice: "1." and "1.1"; Word list numbering
    # level texts, so numbers follow when chapters are added or reordered.
    heading1_number: str = "%1."
    heading2_number: str = "%1.%2"
    heading3_number: str = "%1.%2.%3"
    caption_font: str = "仿宋_GB2312"
    caption_size_pt: float = 12  # 小四
    caption_bold: bool = True
    table_font: str = "仿宋_GB2312"
    table_size_pt: float = 10.5  # 五号
    # Numbers in table cells: "right" (CY/T 170, aligned on the units digit)
    # or "center" (as many bureau reports print them).
    table_number_align: str = "right"
    page_number_font: str = "宋体"
    page_number_size_pt: float = 14  # 四号
    # Caption position: GB/T 7713.1 puts table captions above, figure captions below.
    table_caption: str = "above"
    figure_caption: str = "below"
    # Print resolution pictures are prepared for.
    image_dpi: int = 220

    @property
    def text_width_mm(self) -> float:
        return self.page_width_mm - self.margin_left_mm - self.margin_right_mm


# Base profiles a project can name in `[profile] base = "…"`.
BASE_PROFILES: dict[str, Profile] = {"gbt9704": Profile()}

CHOICES = {
    "table_caption": ("above", "below"),
    "figure_caption": ("above", "below"),
    "table_number_align": ("right", "center", "left"),
}


def profile_fields() -> dict[str, type]:
    return {f.name: type(getattr(Profile(), f.name)) for f in dataclasses.fields(Profile)}


def make_profile(base: str, overrides: dict) -> Profile:
    """Build a profile from a base and already validated overrides."""
    return dataclasses.replace(BASE_PROFILES[base], **overrides)
