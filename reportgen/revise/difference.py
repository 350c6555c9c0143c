"""What `compare` finds: each way an edited draft differs from the workbook, and how to put it right."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from reportgen.oxml.element import Element
    from reportgen.revise.draft import Draft

# Kinds of difference, as `reportgen compare` names them.
VALUE = "数值不一致"  # the workbook changed it, the editors did not (or who did is unknown): update writes it
EDITED = "编辑改过的数值"  # the editors changed it, the workbook did not: kept, for the writer to check
CONFLICT = "数值冲突"  # both changed it, differently: kept, for people to settle
UNSURE = "未能确定"  # a draft without marks: where the value stands is not certain; nothing written
DELETED = "数值已删除"
NOT_PRINTED = "模板已不印出"  # recorded, but the templates no longer print it (reworded, a loop shortened)
NEW_VALUE = "草稿缺少的数值"  # printed now, but not in the draft (a loop grew, a tag was added)
NEW_ROW = "新增一行"  # a loop's paragraph printed once more now (its list sheet gained a row)
PHRASE = "措辞随数据改变"  # what an {% if %} printed within a sentence now reads otherwise (its branch changed)
REWORD = "措辞需改写"  # a sentence whose words depend on the data ({% if %}) took the other branch
DAMAGED = "标记已损坏"  # a value's bookmark no longer ends in its paragraph
CELL = "表格不一致"
EXTRA_ROW = "表格多出的行"
MISSING_ROW = "表格缺少的行"
TABLE_GONE = "表格已删除"
CHART = "图表数据"
CAPTION = "题注编号"
REFERENCE = "交叉引用"
BROKEN = "引用失效"
LIST_ENTRY = "目录条目"


@dataclass
class Difference:
    kind: str
    where: str  # the chapter and the paragraph, or the table and cell, in the draft
    draft: str | None  # what the draft shows (None: nothing, it was deleted)
    current: str  # what the workbook gives now
    source: str = ""  # what printed it: the tag and its template paragraph, or the table or figure
    recorded: str | None = None  # what the build printed, when recorded
    element: Element | None = field(default=None, repr=False)  # where it is in the draft, for its page
    apply: Callable[[object], None] | None = field(default=None, repr=False)  # update's fix, given a Reviser


@dataclass
class Comparison:
    draft: Draft
    record: dict
    values: int = 0  # values compared
    cells: int = 0  # table cells and chart points compared
    unmatched: int = 0  # values not found in a draft that lost its marks
    aligned: str = ""  # why the values were found by the text around them (the marks or the record are lost)
    differences: list[Difference] = field(default_factory=list)
    warnings: list = field(default_factory=list)  # the check's warnings (a workbook open in Excel …)
    read_record: str = ""  # the record as it was read (`record.canonical`), to tell whether it changed

    def add(self, *args, **kwargs) -> None:
        self.differences.append(Difference(*args, **kwargs))

    def reconcile(self, kind: str, where: str, shown: str, now: str, built: str | None, source: str, element,
                  apply: Callable[[object], None] | None) -> bool:
        """One value (or cell) in its three versions: as `built` (None: unknown), as the draft `shown`, as
        the workbook gives it `now`.  Only the workbook changed (or who did is unknown): a difference of
        `kind` that `apply` writes.  The editors changed it: `EDITED` if the workbook did not, else a
        `CONFLICT`; neither is written.  Returns whether draft and workbook are in step."""
        if shown == now:
            return True
        if built is not None and shown != built:
            self.add(EDITED if now == built else CONFLICT, where, shown, now, source, built, element)
        else:
            self.add(kind, where, shown, now, source, built, element, apply)
        return False

    @property
    def status(self) -> int:
        """`compare`'s exit status: `IN_STEP`, `TO_WRITE` (only what update writes) or `FOR_PEOPLE`."""
        if any(item.apply is None for item in self.differences):
            return FOR_PEOPLE
        return TO_WRITE if self.differences else IN_STEP


# Exit statuses of `compare` and `update` (README: 退出状态).
IN_STEP, TO_WRITE, FOR_PEOPLE, FAILED = 0, 1, 2, 3


# The draft's own structure, which an office's save or an edit may break (update puts it right, untracked).
SEQ_SWITCHES = "题注编号域"  # a caption's SEQ field lost its chapter switches (\s 1, \r 1)
CAPTION_MARK = "题注书签"  # a caption's cross-reference bookmark no longer holds its whole number
LIST_ORDER = "目录顺序"  # a list of figures (or the 目录) lists a moved caption out of order
LIST_SWITCHES = "目录域"  # a 目录's or list's TOC field lost its switches (\h links, \z)
MOVED_MARK = "移动的书签"  # a caption or heading moved under 修订, its bookmark renamed by the office ("_Copy_1")

# What update writes plainly: a chart's data (Word cannot show it as a revision), and the draft's own
# structure (field codes, 目录 entries: field results Word rebuilds, like page numbers).
UNTRACKED = {CHART, LIST_ENTRY, SEQ_SWITCHES, CAPTION_MARK, LIST_ORDER, LIST_SWITCHES, MOVED_MARK}
