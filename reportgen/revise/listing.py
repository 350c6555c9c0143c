"""What `reportgen compare` and `reportgen update` print about each difference, in Chinese."""

from __future__ import annotations

from reportgen.revise.compare import (
    BROKEN,
    CAPTION,
    CELL,
    CHART,
    DELETED,
    EXTRA_ROW,
    MISSING_ROW,
    REFERENCE,
    TABLE_GONE,
    VALUE,
    Comparison,
    Difference,
)
from reportgen.revise.pages import Pages


def _short(source: str) -> str:
    """A value's source without the template paragraph's text: the draft's paragraph is shown already."""
    return source.split("“", 1)[0]


def describe(item: Difference, pages: Pages | None = None) -> str:
    """One line: kind, place (with its page when a PDF tells it), what the draft shows and what it should."""
    page = pages.page(item.element, item.draft) if pages is not None and item.element is not None else None
    where = f"{item.where}（PDF 第 {page} 页）" if page else item.where
    if item.kind == VALUE:
        who = "" if item.recorded is None else "；编辑改过" if item.by_editors else "；工作簿已更新"
        return f"[{item.kind}] {where}：草稿中为“{item.draft}”，工作簿现为“{item.current}”（{_short(item.source)}{who}）"
    if item.kind == DELETED:
        return f"[{item.kind}] {_short(item.source)}：草稿中已没有这个数值（生成时为“{item.recorded}”，工作簿现为“{item.current}”）"
    if item.kind == CELL:
        return f"[{item.kind}] {where}：草稿中为“{item.draft}”，工作簿现为“{item.current}”（{item.source}）"
    if item.kind == EXTRA_ROW:
        return f"[{item.kind}] {where}：“{item.draft}”，工作簿中没有这一行（{item.source}）"
    if item.kind == MISSING_ROW:
        return f"[{item.kind}] {where}：工作簿中有“{item.current}”，草稿中没有这一行（{item.source}）"
    if item.kind == TABLE_GONE:
        return f"[{item.kind}] {item.source}的表格（或它的题注）已不在草稿中"
    if item.kind == CHART:
        return f"[{item.kind}] {where}：草稿中为“{item.draft}”，工作簿现为“{item.current}”（{item.source}）"
    if item.kind == CAPTION:
        return f"[{item.kind}] {where}：草稿中为“{item.draft}”，按顺序应为“{item.current}”"
    if item.kind == REFERENCE:
        return f"[{item.kind}] {where}：引用显示“{item.draft}”，所指的题注现为“{item.current}”"
    if item.kind == BROKEN:
        return f"[{item.kind}] {where}：引用所指的表格或插图已被删除（显示“{item.draft}”），需改写这句话"
    raise ValueError(item.kind)


def summary(comparison: Comparison) -> str:
    """The closing line of `compare`."""
    differences = comparison.differences
    fixable = sum(item.apply is not None for item in differences)
    counted = f"{comparison.values} 个数值、{comparison.cells} 个表格单元格和图表数据点"
    if not differences:
        return f"比对完成：{counted}，草稿与工作簿一致。"
    left = len(differences) - fixable
    return (f"比对完成：{counted}，{len(differences)} 处不一致：{fixable} 处可用 reportgen update 写入草稿"
            + (f"，{left} 处需编辑处理。" if left else "。"))


def aligned_note(comparison: Comparison) -> str | None:
    """Why the values were found by their text, and what that leaves out."""
    if not comparison.aligned:
        return None
    missing = f"，{comparison.unmatched} 个数值在草稿中找不到对应的文字（句子改写或删去了），未比对" if comparison.unmatched else ""
    return ("草稿中没有数值标记，或本项目没有这份草稿的记录（草稿从别处拷来、被其他程序另存过）：按文字与模板逐段对齐找到各个数值，"
            f"无法判断是编辑改的还是工作簿变了{missing}。")


def pages_note(pages: Pages | None) -> str | None:
    """Where the page numbers come from, and a caution when the PDF is older than the draft."""
    if pages is None:
        return None
    if pages.older:
        return f"页码据 {pages.pdf.name}（它早于草稿最近一次保存，页码可能有出入；reportgen pdf 可重新导出）"
    return f"页码据 {pages.pdf.name}"
