"""The 公文's own settings, `[gongwen]` in reportgen.toml: what its 版头, 落款 and 版记 say.

GB/T 9704-2012 fixes how each part is written; the checks here hold the writer to it where a slip
is easy and shows on the first page: the 发文字号's 六角括号, a 上行文 without 签发人.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from reportgen.problems import Problems
from reportgen.project.kinds import UP, Kind

# key -> (type, required, Chinese description), as config.SCHEMA.
SCHEMA: dict[str, tuple[type, bool, str]] = {
    "issuer_mark": (str, True, "发文机关标志，如“某市教育局文件”"),
    "number": (str, True, "发文字号，如“某教发〔2025〕12号”"),
    "signers": (str, False, "签发人姓名（上行文），几位签发人用顿号隔开"),
    "recipients": (str, True, "主送机关，如“各县（区）教育局，市直各学校：”"),
    "sealed": (bool, False, "是否加盖印章"),
    "note": (str, False, "附注，如“（联系人：张三，电话：1234567）”"),
    "copies_to": (str, False, "抄送机关"),
    "printed_by": (str, True, "印发机关，如“某市教育局办公室”"),
    "printed_date": (dt.date, False, "印发日期（留空同成文日期）"),
}

# 某教发〔2025〕12号: the year in full in 六角括号, the number without 第 or leading zeros (7.2.5).
NUMBER = re.compile(r"^\S+〔\d{4}〕[1-9]\d*号$")


def written_date(date: dt.date) -> str:
    """成文日期 and 印发日期 as 9704 writes them: Arabic numerals, no leading zeros (2025年7月1日)."""
    return f"{date.year}年{date.month}月{date.day}日"


def _corrected(number: str) -> str:
    """The writer's 发文字号 written as 7.2.5 asks, where it can be read: 〔〕 around the year, no 第,
    no leading zeros, 号 at the end."""
    found = re.match(r"^(\S*?)\s*[\[［【(（〔]?\s*(\d{4})\s*[\]］】)）〕]?\s*第?\s*0*(\d+)\s*号?$", number.strip())
    if not found or not found.group(1) or found.group(3) == "0":
        return "某教发〔2025〕12号"
    return f"{found.group(1)}〔{found.group(2)}〕{found.group(3)}号"


@dataclass(frozen=True)
class Gongwen:
    direction: str  # kinds.UP or kinds.DOWN
    issuer_mark: str
    number: str
    recipients: str
    printed_by: str
    printed_date: dt.date
    signers: tuple[str, ...] = ()
    sealed: bool = True
    note: str = ""
    copies_to: str = ""


def load_gongwen(values: dict, kind: Kind, date: dt.date | None, where: str, problems: Problems) -> Gongwen | None:
    """The checked `[gongwen]` values of a 公文 (already type-checked against SCHEMA)."""
    for key, (kind_of, required, label) in SCHEMA.items():
        if required and kind_of is str and key in values and not values[key].strip():
            problems.error(f"{where}.{key}", f"{label.split('，')[0]}是空的", f"写上{label}")
            values = {k: v for k, v in values.items() if k != key}
    number = values.get("number", "")
    if number and not NUMBER.match(number):
        problems.error(f"{where}.number", f"发文字号“{number}”的写法不合 GB/T 9704：年份用六角括号〔〕括起，"
                       "序号不加“第”、不编虚位（不写 012），末尾加“号”", f"写成 number = \"{_corrected(number)}\"")
    signers = tuple(name.strip() for name in re.split(r"[、，,]", values.get("signers", "")) if name.strip())
    if kind.direction == UP and not signers:
        problems.error(f"{where}.signers" if "signers" in values else where, f"{kind.name}是上行文，须标注签发人",
                       "写上签发人姓名：signers = \"张三\"（几位签发人用顿号隔开）" if "signers" in values else
                       "添加一行：signers = \"张三\"（几位签发人用顿号隔开）")
    elif kind.direction != UP and signers:
        problems.error(f"{where}.signers", f"{kind.name}是下行文，不标注签发人", "删去 signers 一行")
    if kind.name == "请示" and len(re.split(r"[、，,]", values.get("recipients", "").strip("：: "))) > 1:
        problems.warning(f"{where}.recipients", f"请示只主送一个上级机关（《党政机关公文处理工作条例》），这里写了"
                         f"“{values['recipients']}”", "只写一个主送机关；需要同时送其他机关的，写在 copies_to（抄送）中")
    if (not all(key in values for key, (_, required, _) in SCHEMA.items() if required) or date is None
            or kind.direction is None):
        return None
    recipients = values["recipients"].strip().removesuffix(":").removesuffix("：")
    recipients += "："  # 7.3.2: the 主送机关 ends in a full-width colon
    return Gongwen(kind.direction, values["issuer_mark"].strip(), number, recipients,
                   values["printed_by"].strip(), values.get("printed_date", date), signers,
                   values.get("sealed", True), values.get("note", "").strip(), values.get("copies_to", "").strip())
