"""Document kinds: what a school or a bureau writes, and what each kind sets up.

A kind gives the format settings a writer would otherwise have to know (the school report's
chapter-numbered captions, the 公文's 一、（一） outline and its pages numbered from the first),
and, for the 公文's own kinds, their direction: a 上行文 (报告, 请示) carries 签发人, a 下行文
(通知) does not.  The `[profile]` settings of a project override its kind's.
"""

from __future__ import annotations

from dataclasses import dataclass, field

UP, DOWN = "上行文", "下行文"


@dataclass(frozen=True)
class Kind:
    name: str
    description: str  # Chinese, for `reportgen init --help` and the README
    profile: dict = field(default_factory=dict)  # settings that differ from the base profile
    direction: str | None = None  # UP or DOWN for a 公文; None for the reports

    @property
    def is_gongwen(self) -> bool:
        return self.direction is not None


_GONGWEN = {"cover": False, "heading_outline": "gongwen"}

KINDS: dict[str, Kind] = {kind.name: kind for kind in (
    Kind("质量年报", "教育质量年度报告：封面、目录、前言，章节编号 1./1.1，表图全文连续编号"),
    Kind("学校年报", "学校质量年度报告：封面、目录（罗马数字页码）、附图目录，章节编号 1/1.1，表图按章编号（图1-1）",
         {"heading_outline": "decimal", "caption_numbering": "chapter", "caption_label_space": False,
          "figure_list_title": "附图目录", "list_page_numbers": "roman"}),
    Kind("通知", "公文（下行文）：版头、主送机关、正文、附件说明、署名和成文日期、版记；无封面，从第 1 页起编页码",
         _GONGWEN, DOWN),
    Kind("报告", "公文（上行文，带签发人）：向上级机关汇报工作，结构同通知", _GONGWEN, UP),
    Kind("请示", "公文（上行文，带签发人）：一文一事、只主送一个上级机关，结构同通知", _GONGWEN, UP),
)}
DEFAULT_KIND = "质量年报"


def unknown_kind(name: str, suggestion: str = "") -> tuple[str, str]:
    """(what is wrong, how to fix it) for a kind that is not one of KINDS; `suggestion` names a close one."""
    gongwen = "、".join(k.name for k in KINDS.values() if k.is_gongwen)
    return (f"没有名为“{name}”的文档类型",
            suggestion or f"可选：{'、'.join(KINDS)}（公文按文种选：{gongwen}）")
