"""The format profile: every layout setting of the official format, with defaults and checks.

Defaults follow GB/T 9704-2012 (page, fonts, page numbers) and the practice of
published 质量年度报告 (decimal headings, caption fonts); see
`format-spec.md` for sources.  A project picks a base profile and overrides
single settings in the `[profile]` table of its config.  Each setting carries
its Chinese description and its check, so the config loader validates every
value the same way and the README's settings table can be checked against
this one list.
"""

from __future__ import annotations

import dataclasses
import typing
from dataclasses import dataclass

from reportgen.project import heading_numbers


def setting(default, doc: str, check=None):
    """A profile field: its default, what it means (Chinese, for writers) and how a value is checked.

    `check(value)` returns None, or (what is wrong, how to fix it) in Chinese.
    """
    return dataclasses.field(default=default, metadata={"doc": doc, "check": check})


def _allowing(check, allowed: str):
    """`check`, saying what it allows (`allowed`, for the settings table): a function's attribute."""
    setattr(check, "allowed", allowed)  # noqa: B010 (an attribute of a function, which types cannot declare)
    return check


def between(low: float, high: float):
    def check(value):
        if not low <= value <= high:
            return f"应在 {low:g} 到 {high:g} 之间", f"如 {low:g}～{high:g} 之间的数"
    return _allowing(check, f"{low:g}～{high:g}")


def one_of(*choices: str):
    def check(value):
        if value not in choices:
            return "不是可用的选项", "可选：" + "、".join(choices)
    return _allowing(check, "、".join(choices))


def non_empty(what: str, example: str):
    def check(value: str):
        if not value.strip():
            return f"{what}不能为空", f"写{what}，如 \"{example}\""
    return _allowing(check, f"非空{what}")


font = non_empty("字体名称", "仿宋_GB2312")
title = non_empty("标题", "目录")


def heading_number(level: int):
    def check(value: str):
        if value in ("", "无"):
            return None
        try:
            heading_numbers.parse_level(value, level)
        except heading_numbers.PatternError as exc:
            return (f"不是可用的{level}级标题编号（{exc}）",
                    f"写出本级第一个标题的编号样子，如 {heading_numbers.EXAMPLES[level]}；不编号写 \"无\"；"
                    "留空则按 heading_outline")
    return _allowing(check, f"如 {heading_numbers.EXAMPLES[level]}；\"无\"；留空")


def short_text(limit: int):
    def check(value: str):
        if not 1 <= len(value) <= limit or any(ch.isdigit() or ch.isspace() for ch in value):
            return f"应为 1 到 {limit} 个字符、不含数字和空格的分隔符", "如 \"-\"、\".\"、\"—\""
    return _allowing(check, f"1 到 {limit} 个字符")


@dataclass(frozen=True)
class Profile:
    # Page (GB/T 9704 5.1, 5.2.1): A4, text block 156 x 225 mm.
    page_width_mm: float = setting(210, "纸张宽度（毫米），A4 为 210", between(100, 600))
    page_height_mm: float = setting(297, "纸张高度（毫米），A4 为 297", between(100, 900))
    margin_top_mm: float = setting(37, "上边距（毫米）", between(5, 100))
    margin_bottom_mm: float = setting(35, "下边距（毫米）", between(5, 100))
    margin_left_mm: float = setting(28, "左边距（订口，毫米）", between(5, 100))
    margin_right_mm: float = setting(26, "右边距（毫米）", between(5, 100))
    # Distance from the page's bottom edge to the footer line's foot: the dashes of "— N —" 7 mm below the
    # text block (9704 7.5: "一字线上距版心下边缘 7 mm"), measured on the rendered page.
    footer_distance_mm: float = setting(25.7, "页脚（页码行）底边距纸张下边缘的距离（毫米）：25.7 使页码两侧的一字线"
                                        "在版心下边缘之下 7 毫米", between(5, 60))
    # 22 lines per page: 225 mm / 22 = 28.95 pt = 579 twips (9704 5.2.3).
    line_pitch_twips: int = setting(579, "正文行距（缇，1/20 磅）：579 即每页 22 行", between(240, 1440))
    # 28 characters a line (9704 5.2.3): 156 mm holds only 27 三号 characters as they are set.
    chars_per_line: int = setting(28, "正文每行字数：正文字符略微紧缩，使每行排满这么多字", between(10, 60))
    # Fonts and sizes (9704 7.3): East Asian font for Chinese, Latin font for digits and Latin text.
    # Which names the GB/T 9704 faces go by: 仿宋_GB2312 and 楷体_GB2312, or the names a stock Windows
    # has them under (仿宋, 楷体), for offices without the _GB2312 fonts.
    font_names: str = setting("gb2312", "字体名称：gb2312 用 仿宋_GB2312、楷体_GB2312；windows 用 Windows 自带的 "
                              "仿宋、楷体（办公电脑没有装 _GB2312 字体时选用）", one_of("gb2312", "windows"))
    latin_font: str = setting("Times New Roman", "数字和西文字体", font)
    body_font: str = setting("仿宋_GB2312", "正文字体", font)
    body_size_pt: float = setting(16, "正文字号（磅），三号为 16", between(6, 36))
    title_font: str = setting("方正小标宋简体", "标题字体（报告标题、前言、目录标题）", font)
    title_size_pt: float = setting(22, "标题字号（磅），二号为 22", between(6, 48))
    subtitle_font: str = setting("楷体_GB2312", "副标题和封面落款字体", font)
    signer_font: str = setting("楷体_GB2312", "公文签发人姓名字体（GB/T 9704 7.2.6：3号楷体）", font)
    heading1_font: str = setting("黑体", "一级标题字体", font)
    heading2_font: str = setting("楷体_GB2312", "二级标题字体", font)
    heading3_font: str = setting("仿宋_GB2312", "三级标题字体", font)
    heading4_font: str = setting("仿宋_GB2312", "四级标题字体", font)
    heading_size_pt: float = setting(16, "各级标题字号（磅）", between(6, 36))
    heading3_bold: bool = setting(True, "三级标题是否加粗")
    # Heading numbers: a preset, and per level how the first heading looks ("1.1", "（一）").
    heading_outline: str = setting("decimal-dot", "标题编号方案：decimal-dot 为 1./1.1，decimal 为 1/1.1，"
                                   "gongwen 为 一、/（一）/1./（1），none 为不编号",
                                   one_of(*heading_numbers.PRESETS))
    heading1_number: str = setting("", "一级标题编号样子（如 \"第一章\"），留空按 heading_outline，\"无\" 为不编号",
                                   heading_number(1))
    heading2_number: str = setting("", "二级标题编号样子（如 \"（一）\"）", heading_number(2))
    heading3_number: str = setting("", "三级标题编号样子（如 \"1.\"）", heading_number(3))
    heading4_number: str = setting("", "四级标题编号样子（如 \"（1）\"）", heading_number(4))
    caption_font: str = setting("仿宋_GB2312", "表题、图题字体", font)
    caption_size_pt: float = setting(12, "表题、图题字号（磅），小四为 12", between(6, 36))
    caption_bold: bool = setting(True, "表题、图题是否加粗")
    # Caption numbers: "图 1" through the document, or "图1-1" by chapter (GB/T 7713.3 5.2.3).
    caption_numbering: str = setting("document", "表、图编号方式：document 为全文连续（图 1），"
                                     "chapter 为按章（图1-1）；附表总是全文连续", one_of("document", "chapter"))
    caption_separator: str = setting("-", "按章编号时章号与序号之间的分隔符", short_text(2))
    caption_label_space: bool = setting(True, "“图”“表”与编号之间是否空一格（图 1 / 图1）")
    table_font: str = setting("仿宋_GB2312", "表格文字字体", font)
    table_size_pt: float = setting(10.5, "表格文字字号（磅），五号为 10.5", between(5, 24))
    # Numbers in table cells: "right" (CY/T 170, aligned on the units digit) or "center".
    table_number_align: str = setting("right", "表格中数字的对齐：right 右对齐，center 居中，left 左对齐",
                                      one_of("right", "center", "left"))
    # A table that runs over a page continues under "续表 N" (GB/T 7713.3 5.3.2).
    continued_tables: bool = setting(True, "跨页表格在续页上方加“续表 N”（需要 LibreOffice 排版）")
    page_number_font: str = setting("宋体", "页码字体", font)
    page_number_size_pt: float = setting(14, "页码字号（磅），四号为 14", between(6, 36))
    # Caption position: GB/T 7713.1 puts table captions above, figure captions below.
    table_caption: str = setting("above", "表题位置：above 表上，below 表下", one_of("above", "below"))
    figure_caption: str = setting("below", "图题位置：below 图下，above 图上", one_of("above", "below"))
    # A figure that would move to the next page, leaving a gap, is scaled down to fit the space left,
    # to no less than this share of its size (in the layout pass: needs LibreOffice).
    figure_min_scale: float = setting(0.7, "插图在本页剩余空间放不下、要整幅移到下一页时，最多缩小到原尺寸的多少"
                                      "以留在本页（1 为从不缩小）", between(0.3, 1))
    # 目录 and the lists of figures and tables: {{ 目录() }}, {{ 图目录() }}, {{ 表目录() }}, {{ 附表目录() }}.
    toc_levels: int = setting(2, "目录列出几级标题", between(1, heading_numbers.LEVELS))
    toc_title: str = setting("目录", "目录的标题", title)
    figure_list_title: str = setting("图目录", "图目录的标题（学校年报常用“附图目录”）", title)
    table_list_title: str = setting("表目录", "表目录的标题", title)
    appendix_list_title: str = setting("附表目录", "附表目录的标题", title)
    # Pages of the 目录 and lists: numbered on in Arabic, in Roman numerals, or not numbered.
    list_page_numbers: str = setting("arabic", "目录所在页的页码：arabic 与正文连续编号，roman 用罗马数字"
                                     "（正文从 1 起），none 不显示页码（正文从 1 起）；后两种要求目录单独成节",
                                     one_of("arabic", "roman", "none"))
    # Whether the master's first section is a cover (no page number; the pages after it numbered from 1).
    cover: bool = setting(True, "总模板的第一节是否为封面：true 封面不印页码，其后从第 1 页起编页码；"
                          "false 没有封面，从第一页起编页码（公文）")
    # Word asks on opening whether to update fields (LibreOffice and WPS ignore the request).
    update_fields_on_open: bool = setting(False, "在 Word 中打开草稿时提示更新域（目录页码、题注编号等）")
    # Print resolution pictures are prepared for.
    space_before_units: bool = setting(False, "过滤器印出的数字与其后的单位、年月日之间是否空一格"
                                       "（3317.23万元、2025年12月 / 3317.23 万元、2025 年 12 月）")
    money_decimals: int = setting(2, "|万元、|亿元 不写位数时保留几位小数（2：186.5 印为 186.50万元；1：186.5万元）",
                                  between(0, 6))
    money_fixed_decimals: bool = setting(True, "|万元、|亿元 是否总是印满 money_decimals 位小数（546.10万元、2836.00万元）；"
                                         "false 时去掉末尾的 0（546.1万元、2836万元）")
    money_thousands: bool = setting(False, "|万元、|亿元 是否用千分位分节（false：68452.37万元；true：68,452.37万元）")
    float_decimals: int = setting(2, "不用过滤器直接印出的计算结果最多保留几位小数（多出的四舍五入，并给出警告；2：35.75576662 印为 35.76）",
                                  between(0, 6))
    image_dpi: int = setting(220, "照片按多少 dpi 的打印分辨率处理", between(72, 600))

    @property
    def text_width_mm(self) -> float:
        return self.page_width_mm - self.margin_left_mm - self.margin_right_mm

    @property
    def text_height_mm(self) -> float:
        return self.page_height_mm - self.margin_top_mm - self.margin_bottom_mm

    def text_block_mm(self, landscape: bool = False) -> tuple[float, float]:
        """The text block's width and height; a landscape page's is the portrait one turned, in place
        on the sheet."""
        block = (self.text_width_mm, self.text_height_mm)
        return block[::-1] if landscape else block

    @property
    def east_asian_fonts(self) -> list[str]:
        """Every Chinese font the styles name, once each."""
        return list(dict.fromkeys(getattr(self, name) for name in _font_settings() if name != "latin_font"))

    @property
    def heading_levels(self) -> list[heading_numbers.Level]:
        preset = heading_numbers.PRESETS[self.heading_outline]
        own = (self.heading1_number, self.heading2_number, self.heading3_number, self.heading4_number)
        patterns = tuple("" if value == "无" else value or default for value, default in zip(own, preset))
        return heading_numbers.levels_for(patterns)


# Base profiles a project can name in `[profile] base = "…"`.
BASE_PROFILES: dict[str, Profile] = {"gbt9704": Profile()}


def settings() -> list[dataclasses.Field]:
    return list(dataclasses.fields(Profile))


def profile_fields() -> dict[str, type]:
    """Each setting's type, as declared (a margin is a float even where its default is whole)."""
    hints = typing.get_type_hints(Profile)
    return {f.name: hints[f.name] for f in settings()}


def check_value(name: str, value) -> tuple[str, str] | None:
    """(what is wrong, how to fix it) for a value of the right type, or None when it is good."""
    check = next(f for f in settings() if f.name == name).metadata["check"]
    return check(value) if check else None


WINDOWS_NAMES = {"仿宋_GB2312": "仿宋", "楷体_GB2312": "楷体"}


def make_profile(base: str, overrides: dict, kind_defaults: dict | None = None) -> Profile:
    """Build a profile from a base, the document kind's settings and already validated overrides (fonts
    named as `font_names` says)."""
    profile = dataclasses.replace(BASE_PROFILES[base], **{**(kind_defaults or {}), **overrides})
    if profile.font_names == "windows":
        profile = dataclasses.replace(profile, **{name: WINDOWS_NAMES.get(getattr(profile, name), getattr(profile, name))
                                                  for name in _font_settings()})
    return profile


def _font_settings() -> list[str]:
    return [f.name for f in settings() if f.metadata["check"] is font]


MIN_TEXT_BLOCK_MM = 60


def check_text_block(profile: Profile) -> tuple[str, str] | None:
    """The page less its margins must leave a usable text block, that holds `chars_per_line` characters."""
    width, height = profile.text_width_mm, profile.text_height_mm
    if min(width, height) < MIN_TEXT_BLOCK_MM:
        return (f"版心（纸张减去页边距）只有 {width:g} × {height:g} 毫米，放不下正文",
                f"减小页边距，使版心宽、高都不小于 {MIN_TEXT_BLOCK_MM} 毫米（A4 公文版心为 156 × 225 毫米）")
    fits = int(width / 25.4 * 72 / profile.body_size_pt)
    if not 0.85 * fits <= profile.chars_per_line <= 1.2 * fits:
        return (f"版心宽 {width:g} 毫米按正文字号 {profile.body_size_pt:g} 磅排 {fits} 字左右，"
                f"chars_per_line = {profile.chars_per_line} 会使字挤在一起或字距过大",
                f"chars_per_line 写 {round(0.85 * fits + 0.5)}～{int(1.2 * fits)} 之间的数（公文为 28）")
    return None


def check_heading_levels(profile: Profile) -> list[tuple[str, str, str]]:
    """(key, what is wrong, how to fix it) for each level pattern that writes a higher level's number in
    another style than that level's own: Word prints each level's number in its own style ("一.1"
    under a "1" chapter prints "1.1"), except that it can show all of them in Arabic digits."""
    levels, found = profile.heading_levels, []
    for number, level in enumerate(levels, 1):
        for target, kind in level.written:
            if target < number and kind != heading_numbers.DECIMAL and kind != levels[target - 1].number_format:
                found.append((f"heading{number}_number",
                              f"其中第 {target} 级的数字与第 {target} 级标题本身的编号写法不同，"
                              f"Word 会按第 {target} 级标题的写法显示",
                              f"把第 {target} 级的数字写成阿拉伯数字 1，或让第 {target} 级标题也用这种数字"))
    return found
