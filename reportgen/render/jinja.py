"""Rendering Word templates with the workbook's values, in a Jinja sandbox.

Templates render with strict undefined names and autoescaping on (docxtpl
silently drops values such as "A & B <c>" otherwise).  Tables and figures are
not drawn here: `表格("…")` and `插图("…")` leave a marker paragraph that
`insert.insert_blocks` later replaces, once the whole document is assembled,
so numbering and images are handled in one place.
"""

from __future__ import annotations

import hashlib
import marshal
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

import jinja2
from jinja2 import StrictUndefined, nodes
from jinja2.filters import make_attrgetter
from jinja2.sandbox import SandboxedEnvironment, SecurityError

from reportgen.data.picture_cache import prune, store
from reportgen.data.report_data import (
    APPENDIX_LIST,
    FIGURE,
    FIGURE_LABEL,
    FIGURE_LIST,
    LIST,
    REFERENCE,
    TABLE,
    TABLE_KINDS,
    TABLE_LIST,
    TOC,
    ReportData,
)
from reportgen.oxml.paragraph import in_cell_or_text_box, paragraphs
from reportgen.oxml.text import text_of
from reportgen.problems import Problems, similar_hint
from reportgen.project.heading_numbers import LEVELS
from reportgen.render import filters, provenance
from reportgen.render.sheet_lists import SheetLists
from reportgen.render.template import Template

MARK_OPEN, MARK_CLOSE = "\ue000", "\ue001"  # private-use characters: never in a writer's text
MARKER = re.compile(f"{MARK_OPEN}(\\d+){MARK_CLOSE}")
REF_OPEN, REF_CLOSE = "\ue002", "\ue003"  # where 引用() stands: `draft.references` makes it a REF field
REF_MARKER = re.compile(f"{REF_OPEN}(\\d+){REF_CLOSE}")


@dataclass(frozen=True)
class Reference:
    """An 引用() the templates made: its marker's id, the label and workbook name of what it names."""

    id: int
    label: str  # "表", "附表" or "图"
    name: str  # the table's or figure's name in the workbook
    template: str


class Marker(str):
    """What 表格() and the like leave in the text: a place, not data (looping over it is an error)."""

    tag: str = ""  # as the writer wrote it: 表格("学校情况")

    def __iter__(self):
        raise filters.FilterError(f"{self.tag} 插入表格、插图或目录，不是数据，不能用于循环",
                                  "要逐行写出工作表中的内容，用 {%p for 行 in 列表(\"工作表名\") %}", tag=self.tag)


def _marker(request_id: int, shown: str) -> Marker:
    marker = Marker(f"{MARK_OPEN}{request_id}{MARK_CLOSE}")
    marker.tag = shown
    return marker


# The lists a template can ask for, and what each lists: headings, or the captions of one kind.
LISTS = {TOC: "", FIGURE_LIST: FIGURE_LABEL, TABLE_LIST: TABLE_KINDS[0], APPENDIX_LIST: TABLE_KINDS[1]}
MAX_LEVELS = LEVELS


@dataclass(frozen=True)
class BlockRequest:
    id: int
    kind: str  # TABLE, FIGURE, or one of LISTS
    names: tuple[str, ...]  # one table; one figure, or several set side by side / in a grid; none for a list
    template: str  # the template that asked for it, for messages
    title: str | None = None  # a list's own title, None for the profile's
    levels: int | None = None  # how many heading levels the 目录 lists, None for the profile's
    where: str = ""  # the template and paragraph that asked for it, for messages

    @property
    def shown(self) -> str:
        return f"{self.kind}(" + ", ".join(f'"{n}"' for n in self.names) + ")"


@dataclass
class Blocks:
    """The tables and figures templates ask for, in the order they asked."""

    data: ReportData
    problems: Problems
    requests: list[BlockRequest] = field(default_factory=list)
    references: list[Reference] = field(default_factory=list)
    template: str = ""
    formatting: filters.Formatting | None = None  # whose `where` names the paragraph being rendered

    def where(self) -> str:
        """The template and, while it renders, the paragraph of the tag being evaluated."""
        place = self.formatting.where(filters.template_line()) if self.formatting is not None else ""
        return place or self.template

    def _request(self, kind: str, names: tuple, known: dict) -> str:
        names = tuple(str(n) for n in names)
        request = BlockRequest(len(self.requests), kind, names, self.template, where=self.where())
        sheet = "表格清单" if kind == TABLE else "图片清单"
        if not names:
            self.problems.error(self.where(), f"{kind}() 中没有写名称", f"写上“{sheet}”中的名称，如 {kind}(\"名称\")")
        for name in names:
            if name not in known:
                self.problems.error(self.where(), f"{request.shown} 中的名称“{name}”在工作表“{sheet}”中不存在",
                                    similar_hint(name, known, f"在“{sheet}”中添加这一项", cutoff=0.3))
        self.requests.append(request)
        return _marker(request.id, request.shown)

    def table(self, name: object) -> str:
        return self._request(TABLE, (name,), self.data.tables)

    def figure(self, *names: object) -> str:
        """One figure, or several: two side by side, three or more in a grid, each with its caption."""
        return self._request(FIGURE, names, self.data.figures)

    def contents(self, kind: str):
        """The template function `目录(标题=…, 层级=…)`, `图目录(标题=…)` … for list `kind`."""
        allowed = ("标题", "层级") if kind == TOC else ("标题",)

        def make(*args, **kwargs) -> str:
            values = dict(zip(allowed, args))
            if len(args) > len(allowed):
                self.problems.error(self.where(), f"{kind}() 最多写 {len(allowed)} 个参数",
                                    f"写成 {kind}()，或 {kind}(" + ", ".join(f"{a}=…" for a in allowed) + ")")
            for key, value in kwargs.items():
                if key in allowed:
                    values[key] = value
                else:
                    self.problems.error(self.where(), f"{kind}() 没有参数“{key}”",
                                        "可用的参数：" + "，".join(f"{a}=…" for a in allowed))
            title, levels = values.get("标题"), values.get("层级")
            if title is not None and not (isinstance(title, str) and title.strip()):
                self.problems.error(self.where(), f"{kind}() 的标题应为非空的文字", f'如 {kind}(标题="目 录")')
                title = None
            if levels is not None and (not isinstance(levels, int) or isinstance(levels, bool)
                                       or not 1 <= levels <= MAX_LEVELS):
                self.problems.error(self.where(), f"{kind}() 的层级“{levels}”不可用",
                                    f"写 1 到 {MAX_LEVELS} 的整数，如 {kind}(层级=2)")
                levels = None
            request = BlockRequest(len(self.requests), kind, (), self.template, title, levels)
            self.requests.append(request)
            return _marker(request.id, f"{kind}()")

        return make

    def reference(self, name: object) -> str:
        """"表 1" / "图2-3" / "附表1" for a table or figure, as a cross-reference Word can update."""
        name = str(name)
        in_tables, in_figures = name in self.data.tables, name in self.data.figures
        if in_tables and in_figures:
            self.problems.error(self.where(), f"{REFERENCE}(\"{name}\") 不明确：表格和插图都有这个名称",
                                "把其中一个改名，使表格清单和图片清单中的名称不重复")
        elif not in_tables and not in_figures:
            self.problems.error(self.where(), f"{REFERENCE}(\"{name}\") 中的名称在表格清单和图片清单中都不存在",
                                similar_hint(name, [*self.data.tables, *self.data.figures], "写表格或插图的名称",
                                             cutoff=0.3))
        label = self.data.tables[name].label if in_tables else FIGURE_LABEL
        reference = Reference(len(self.references), label, name, self.template)
        self.references.append(reference)
        return f"{REF_OPEN}{reference.id}{REF_CLOSE}"


class ReportEnvironment(SandboxedEnvironment):
    """The sandbox, compiling each distinct source once, and remembering the compiled code on disk.

    docxtpl compiles a template's body and six of its core properties on every
    render: mostly the same short strings in every section.  And `check_template`
    has already parsed each body; its syntax tree is compiled instead of the
    source being parsed again.  With a `code_cache` folder, the code compiled for
    a source is kept there (keyed by the source, Jinja's and Python's versions), so
    a rebuild of unchanged templates compiles nothing.
    """

    formatting: filters.Formatting  # set by make_environment
    values: provenance.Values

    def __init__(self, code_cache: Path | None = None, **options):
        super().__init__(**options)
        self._trees: dict[str, nodes.Template] = {}
        self._compiled: dict[str, jinja2.Template] = {}
        self.code_cache = code_cache

    intercepted_binops = frozenset(filters.PYTHON_OPERATORS) | {"**"}

    def call_binop(self, context, operator, left, right):
        """A template's arithmetic in decimal, on numbers within what a report can print
        (`filters.calculate`); what Python refuses (words minus a number) is the template's mistake."""
        try:
            return filters.calculate(operator, left, right)
        except (ArithmeticError, TypeError, ValueError) as exc:
            raise filters.FilterError(*_calculation_problem(exc)) from None

    def sum(self, values, attribute=None, start=0):
        """Jinja's |sum (`{{ 列表("获奖")|sum(attribute="奖金") }}`), adding as the template's + does."""
        total = start
        for value in map(make_attrgetter(self, attribute), values) if attribute is not None else values:
            total = self.call_binop(None, "+", total, value)
        return total

    def wrap_str_format(self, value):
        """"{:.2f}".format(x) prints x's exact decimal rounded half up (`filters.exactly_formatted`)."""
        wrapped = super().wrap_str_format(value)
        return None if wrapped is None else filters.exactly_formatted(wrapped)

    def parse(self, source, name=None, filename=None):
        self._trees[source] = tree = super().parse(source, name, filename)
        return tree

    def from_string(self, source, globals=None, template_class=None):
        if not isinstance(source, str) or globals is not None or template_class is not None:
            return super().from_string(source, globals, template_class)
        if source not in self._compiled:
            self._compiled[source] = self.template_class.from_code(self, self._code(source), self.make_globals(None))
        return self._compiled[source]

    def _code(self, source: str):
        tree = self._trees.pop(source, source)
        if self.code_cache is None:
            return self.compile(tree)
        key = hashlib.sha256(f"{CODE_VERSION}|{sys.version}|{jinja2.__version__}|{source}".encode()).hexdigest()
        entry = self.code_cache / f"{key}.code"
        try:
            return marshal.loads(entry.read_bytes())
        except (OSError, ValueError, EOFError, TypeError):  # not there, or not this Python's
            code = self.compile(tree)
            store(entry, marshal.dumps(code))
            prune(self.code_cache, "*.code", keep=512)
            return code


CODE_VERSION = "4"  # bump when the environment's compile options or extensions (provenance.MarkOutputs) change


def make_environment(profile, code_cache: Path | None = None) -> ReportEnvironment:
    """The sandbox with reportgen's filters, printing numbers by `profile`'s rules (`env.formatting`);
    compiled templates kept in `code_cache`."""
    formatting = filters.Formatting(profile)
    env = ReportEnvironment(code_cache, extensions=[provenance.MarkOutputs], undefined=StrictUndefined, autoescape=True, finalize=formatting.finalize)
    env.filters.update(formatting.filters(), sum=env.sum)
    env.formatting = formatting
    env.values = provenance.Values(formatting, _is_place)  # what each {{ }} printed, for provenance
    return env


def _is_place(value) -> bool:
    """A block or reference marker: where something goes, not a value to record."""
    return isinstance(value, Marker) or (isinstance(value, str) and REF_OPEN in value)


def template_context(report_meta: dict, data: ReportData, blocks: Blocks, printed: provenance.Values) -> dict:
    values = {name: filters.measured(item.value, name, item.unit)
              for name, item in {**data.indicators, **data.derived}.items()}
    return {**values, "报告": report_meta, TABLE: blocks.table, FIGURE: blocks.figure,
            REFERENCE: blocks.reference, LIST: SheetLists(data.workbook, data.sheets), provenance.FUNCTION: printed.mark,
            provenance.PHRASE: printed.open_phrase, provenance.PHRASE_END: printed.close_phrase,
            **{kind: blocks.contents(kind) for kind in LISTS}}


def _template_lineno() -> int | None:
    """The template line of the exception being handled (Jinja rewrites tracebacks to it)."""
    tb, lineno = sys.exc_info()[2], None
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == "<template>":
            lineno = tb.tb_lineno
        tb = tb.tb_next
    return lineno


_PACKAGE = Path(__file__).resolve().parent.parent


def _raised_in_reportgen(exc: BaseException) -> bool:
    """Whether the innermost Python code the exception passed through is reportgen's own: a template's
    arithmetic or Jinja's filters raise from Jinja's code or the template, ours only from a bug."""
    tb = exc.__traceback__
    while tb is not None and tb.tb_next is not None:
        tb = tb.tb_next
    return tb is not None and Path(tb.tb_frame.f_code.co_filename).resolve().is_relative_to(_PACKAGE)


def _calculation_problem(exc: Exception) -> tuple[str, str]:
    """What went wrong evaluating a tag, in the writer's terms, and the fix."""
    if isinstance(exc, ZeroDivisionError):
        return "模板中的计算除数为 0", "检查除号后面的名称或数字，它的值不能是 0"
    if isinstance(exc, (OverflowError, MemoryError, RecursionError)):
        return "模板中的计算数值或范围太大，无法完成", "检查公式和 range() 等写法"
    return ("模板中的过滤器或计算用在了不合适的值上（如对文字用了 |百分比，或过滤器的参数不是数字）",
            "过滤器要用在数字上、参数写数字，如 {{ 就业率|百分比(1) }}")


def render_template(template: Template, context: dict, env, problems: Problems, requests: list[BlockRequest]):
    """Render a checked template; return its python-docx Document, or None after recording problems.

    `requests` are the blocks asked for so far, this template's included.
    """
    def place(line: int | None, tag: str | None = None) -> str:  # the story docxtpl is rendering, the paragraph
        return template.story_of(getattr(template.docx, "current_rendering_part", None)).where(line, near=tag)

    def where() -> str:
        return place(_template_lineno())

    formatting = env.formatting
    formatting.where = place
    try:
        template.docx.render(context, jinja_env=env, autoescape=True)
    except filters.FilterError as exc:
        problems.error(place(_template_lineno(), exc.tag), exc.message, exc.fix)
        return None
    except SecurityError as exc:
        attribute = re.search(r"attribute '([^']+)'", str(exc))
        shown = f"（访问“{attribute.group(1)}”）" if attribute else ""
        problems.error(where(), f"模板中有不允许的操作{shown}，已拒绝执行",
                       "模板只能使用数据名称、过滤器和 表格()、插图()")
        return None
    except jinja2.UndefinedError as exc:
        missing = re.search(r"(?:attribute|key|named) '([^']+)'", exc.message or "")
        problems.error(where(), f"模板引用了不存在的内容{f'“{missing.group(1)}”' if missing else ''}",
                       "检查名称的写法（如 报告.标题、报告.年度）")
        return None
    except Exception as exc:  # a filter given the wrong kind of value, etc.
        if _raised_in_reportgen(exc):
            raise  # a bug of ours, not the template's: the CLI says so instead of blaming the writer
        problems.error(where(), *_calculation_problem(exc))
        return None
    finally:
        for noticed in dict.fromkeys(formatting.notes):  # a tag in a loop notices the same thing each time
            problems.warning(*noticed)
        formatting.notes.clear()
    document = template.docx.docx
    _check_block_places(document, requests, problems)
    return document


def _check_block_places(document, requests: list[BlockRequest], problems: Problems) -> None:
    """Each 表格()/插图()/目录() … must have a body paragraph to itself: it becomes a table, a
    picture or a list, which cannot sit inside a line of text or a table cell."""
    for p in paragraphs(document.element.body):
        text = text_of(p)
        ids = MARKER.findall(text)
        if not ids:
            continue
        standalone = len(ids) == 1 and text.strip() == f"{MARK_OPEN}{ids[0]}{MARK_CLOSE}"
        if not standalone or in_cell_or_text_box(p):
            request = requests[int(ids[0])]
            shown = MARKER.sub(lambda m: requests[int(m.group(1))].shown, text)
            problems.error(request.template, f"{request.shown} 须单独占正文中的一段（不在表格、文本框内），"
                           f"现在所在段落为“{shown[:60]}”", "把这个标签放到正文中单独的一段")

