"""What `reportgen compare` and `reportgen update` print, in Chinese."""

from __future__ import annotations

import re

from reportgen.revise.difference import (
    BROKEN,
    CAPTION,
    CAPTION_MARK,
    CELL,
    CHART,
    CONFLICT,
    DAMAGED,
    DELETED,
    EDITED,
    EXTRA_ROW,
    LIST_ENTRY,
    LIST_ORDER,
    LIST_SWITCHES,
    MOVED_MARK,
    MISSING_ROW,
    NEW_ROW,
    NEW_VALUE,
    NOT_PRINTED,
    PHRASE,
    REFERENCE,
    REWORD,
    SEQ_SWITCHES,
    TABLE_GONE,
    UNSURE,
    UNTRACKED,
    VALUE,
    Comparison,
    Difference,
)
from reportgen.revise.pages import Pages
from reportgen.revise.update import AUTHOR, Updated


def _short(source: str) -> str:
    """A value's source without the template paragraph's text: the draft's paragraph is shown already."""
    return re.sub(r"(第 \d+ 段)“.*$", r"\1", source, flags=re.S)


def describe(item: Difference, pages: Pages | None = None) -> str:
    """One line: kind, place (with its page when a PDF tells it), what the draft shows and what it should."""
    page = pages.page(item.element, item.draft) if pages is not None and item.element is not None else None
    where = f"{item.where}（{page}）" if page else item.where
    shows = f"草稿中为“{item.draft}”，工作簿现为“{item.current}”"
    if item.kind == VALUE:
        who = "" if item.recorded is None else "；工作簿已更新"
        return f"[{item.kind}] {where}：{shows}（{_short(item.source)}{who}）"
    if item.kind == EDITED:
        return (f"[{item.kind}] {where}：编辑改为“{item.draft}”，工作簿为“{item.current}”：核对工作簿"
                f"（{_short(item.source)}；草稿保留编辑的改动）")
    if item.kind == CONFLICT:
        return (f"[{item.kind}] {where}：编辑改为“{item.draft}”，工作簿也由“{item.recorded}”改为“{item.current}”："
                f"核对后改正草稿或工作簿（{_short(item.source)}；未改动）")
    if item.kind == UNSURE:
        place = f"{where}：" if where else ""
        return (f"[{item.kind}] {place}{_short(item.source)} 的数值在草稿中没有能唯一确定的位置"
                f"（工作簿现为“{item.current}”），未比对、未改动，需核对")
    if item.kind == DELETED:
        return (f"[{item.kind}] {_short(item.source)}：草稿中已没有这个数值"
                f"（生成时为“{item.recorded}”，工作簿现为“{item.current}”）")
    if item.kind == NOT_PRINTED:
        shown = f"{where}：草稿中为“{item.draft}”" if item.draft is not None else f"{_short(item.source)}：草稿中已没有它"
        return f"[{item.kind}] {shown}，模板现在不再印出 {_short(item.source)}（模板改过，或循环的行少了），需核对这句话"
    if item.kind == NEW_ROW:
        then = "update 把它插在这一行之后" if item.apply is not None else "需补写（其中有引用或表格，未改动）"
        return (f"[{item.kind}] {where}之后：工作簿的列表多了一行，循环（{item.source}）现在多印出“{item.current}”，"
                f"草稿中没有这一行；{then}")
    if item.kind == PHRASE:
        return (f"[{item.kind}] {where}：{shows}（{_short(item.source)}：数据变了，条件换了分支，"
                "整个短语作为一处改动）")
    if item.kind == REWORD:
        shown = f"草稿中为“{item.draft}”" if item.draft is not None else "草稿中已没有这句"
        return (f"[{item.kind}] {where}：{shown}，数据变了，这句话按模板（{item.source}）的条件换了说法，"
                f"现在应为“{item.current}”；请编辑改写这句话（未改动）")
    if item.kind == NEW_VALUE:
        return f"[{item.kind}] {item.source}：现在印出“{item.current}”，草稿中没有（循环的行多了，或模板加了标签），需补写"
    if item.kind == DAMAGED:
        return (f"[{item.kind}] {where}：{_short(item.source)} 的标记跨到了别的段落（段落被合并或拆分过），"
                f"无法确定草稿中的数值（工作簿现为“{item.current}”），需核对")
    if item.kind in (CELL, CHART):
        return f"[{item.kind}] {where}：{shows}（{item.source}）"
    if item.kind == EXTRA_ROW:
        return f"[{item.kind}] {where}：“{item.draft}”，工作簿中没有这一行（{item.source}）"
    if item.kind == MISSING_ROW:
        return f"[{item.kind}] {where}：工作簿中有“{item.current}”，草稿中没有这一行（{item.source}）"
    if item.kind == TABLE_GONE:
        return f"[{item.kind}] {item.source}（或它的题注）已不在草稿中"
    if item.kind == CAPTION:
        return f"[{item.kind}] {where}：草稿中为“{item.draft}”，按顺序应为“{item.current}”"
    if item.kind == REFERENCE:
        return f"[{item.kind}] {where}：引用显示“{item.draft}”，所指的题注现为“{item.current}”"
    if item.kind == LIST_ENTRY and not item.current and item.apply is not None:
        return f"[{item.kind}] {where}：所指的题注或标题已删除，update 删去这一条（目录是域的结果，直接改写）"
    if item.kind == LIST_ENTRY and not item.current:
        return f"[{item.kind}] {where}：所指的题注或标题已删除，需在 Word 中右击该目录选择“更新域”，或删去这一条"
    if item.kind == LIST_ORDER:
        return (f"[{item.kind}] {where}：目录此处为“{item.draft}”，按正文的顺序应为“{item.current}”"
                "（题注或标题移动过；update 按正文重排，直接改写）")
    if item.kind == SEQ_SWITCHES:
        return (f"[{item.kind}] {where}：编号域为“{item.draft}”，应为“{item.current}”（按章编号的开关丢了，"
                "在 Word、WPS 或 LibreOffice 中更新域后编号会错；update 改回，域代码不标记修订）")
    if item.kind == LIST_SWITCHES:
        return (f"[{item.kind}] {where}：目录的域代码为“{item.draft}”，应为“{item.current}”（开关丢了，在 Word 中"
                "更新域后条目不再链接到题注或标题；update 改回，域代码不标记修订）")
    if item.kind == CAPTION_MARK:
        return (f"[{item.kind}] {where}：交叉引用所指的书签 {item.draft} 没有包住整个题注编号，引用会显示不全；"
                "update 改正，不标记修订")
    if item.kind == MOVED_MARK:
        return (f"[{item.kind}] {where}：修订中移动的段落，其书签被改名为 {item.draft}，接受修订后交叉引用和目录"
                f"会找不到它；update 改回原名 {item.current}，不标记修订")
    if item.kind == LIST_ENTRY:
        return f"[{item.kind}] {where}：目录中为“{item.draft}”，题注现为“{item.current}”（目录是域的结果，直接改写）"
    if item.kind == BROKEN:
        return f"[{item.kind}] {where}：引用所指的表格或插图已被删除（显示“{item.draft}”），需改写这句话"
    raise ValueError(item.kind)


def compare_report(comparison: Comparison, pages: Pages | None) -> list[str]:
    """What `compare` prints: notes, warnings, each difference, and the closing line."""
    lines = [note for note in (aligned_note(comparison), pages_note(pages)) if note]
    lines += [f"  {warning}" for warning in comparison.warnings]
    lines += [f"  {describe(item, pages)}" for item in comparison.differences]
    differences = comparison.differences
    fixable = sum(item.apply is not None for item in differences)
    counted = f"{comparison.values} 个数值、{comparison.cells} 个表格单元格和图表数据点"
    if not differences:
        lines.append(f"比对完成：{counted}，草稿与工作簿一致。")
    else:
        left = len(differences) - fixable
        lines.append(f"比对完成：{counted}，{len(differences)} 处不一致：{fixable} 处可用 reportgen update 写入草稿"
                     + (f"，{left} 处需编辑处理。" if left else "。"))
    return lines


def aligned_note(comparison: Comparison) -> str | None:
    """Why the values were found by their text, and what that leaves out."""
    if not comparison.aligned:
        return None
    missing = (f"，{comparison.unmatched} 个数值在草稿中没有能唯一确定的位置（句子改写或删去了），列为“{UNSURE}”"
               if comparison.unmatched else "")
    return (f"{comparison.aligned}：按文字与模板逐段对齐找到各个数值，无法判断是编辑改的还是工作簿变了{missing}。")


def pages_note(pages: Pages | None) -> str | None:
    """Where the page numbers come from, and a caution when the PDF is older than the draft."""
    if pages is None:
        return None
    if pages.older:
        return f"页码据 {pages.pdf.name}（它早于草稿最近一次保存，页码可能有出入；reportgen pdf 可重新导出）"
    return f"页码据 {pages.pdf.name}"


def update_report(result: Updated, *, tracked: bool, shown_path) -> list[str]:
    """What `update` prints: each change, the 目录's pages, what was written and kept, what is left."""
    lines = [note for note in (aligned_note(result.comparison),) if note]
    lines += [f"  {warning}" for warning in result.comparison.warnings]
    lines += [f"  {describe(item)}" for item in result.changed]
    lines += [f"  [目录页码] “{entry[:30]}”：{shown or '（空）'} → {label}" for entry, shown, label in result.pages]
    if result.pages_unavailable:
        lines.append(f"未能更新目录页码：{result.pages_unavailable}。可在 Word 中右击目录选择“更新域”。")
    elif result.pages_laid_out and result.has_contents and not result.pages:
        lines.append("目录页码已按排版核对，无需改动。")
    elif result.has_contents and not result.pages_laid_out and result.changed:
        lines.append("目录页码未重新排版（--no-pages）：在 Word 中右击目录选择“更新域”，或去掉 --no-pages 再运行。")
    if result.backup is None:
        lines.append("没有可以写入的新数值，未改动草稿。" if result.left else "草稿与工作簿一致，无需更新，未改动草稿。")
    else:
        review = f"（作者 {AUTHOR}），请在 Word 或 WPS 的“审阅”中接受或拒绝"
        plain = sum(item.kind in UNTRACKED for item in result.changed)
        why = "（图表数据在 Word 中不能标记修订；域代码和目录条目是域的结果，不标记修订）"
        if not tracked:
            how = "已直接改写"
        elif plain == len(result.changed):
            how = f"均直接改写{why}"
        elif plain:
            how = f"其中 {plain} 处直接改写{why}，其余均标记为修订{review}"
        else:
            how = f"均标记为修订{review}"
        done = [f"{len(result.changed)} 处改动，{how}"] if result.changed else []
        done += [f"目录页码 {len(result.pages)} 处直接改写"] if result.pages else []
        done += ["只更新了草稿中的记录（编辑改过的值与工作簿现已一致），正文未改动"] if result.record_only else []
        lines.append(f"已更新草稿 {shown_path(result.path)}：{'；'.join(done)}。")
        lines.append(f"更新前的草稿已备份为 {shown_path(result.backup)}。")
    if result.left:
        lines.append(f"{len(result.left)} 处需编辑处理（未自动改动）：")
        lines += [f"  {describe(item)}" for item in result.left]
    return lines
