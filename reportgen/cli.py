"""The `reportgen` command line (all user-facing text in Simplified Chinese)."""

from __future__ import annotations

import gc
import os
import sys
import tempfile
import traceback
from pathlib import Path
from typing import NoReturn

import click

from reportgen import __version__, cli_text
from reportgen.problems import NOTE, Problem, ProjectError, ReportgenError
from reportgen.project.config import load_project
from reportgen.project.kinds import KINDS

# The document stack (python-docx, lxml, openpyxl, Pillow) is imported by the commands that use it, so
# `reportgen --help` answers at once.

CONTEXT = {"help_option_names": ["-h", "--help"]}
cli_text.install()


def _show_problems(error: ProjectError, what: str) -> None:
    problems = error.problems
    click.echo(f"发现 {len(problems.errors)} 个错误、{len(problems.warnings)} 个警告，{what}：", err=True)
    for problem in problems.items:
        click.echo(f"  {problem}", err=True)


@click.group(context_settings=CONTEXT)
@click.version_option(__version__, "-V", "--version", message="reportgen %(version)s")
def main() -> None:
    """reportgen：根据 Excel 数据和 Word 模板生成政府公文格式的报告草稿。"""


@main.command(context_settings=CONTEXT)
@click.argument("folder", type=click.Path(path_type=Path))
@click.option("--like", type=click.Path(file_okay=False, path_type=Path), metavar="已有项目",
              help="沿用已有项目的格式设置和模板样式（不带它的内容）。")
@click.option("--kind", "kind", metavar="文档类型",
              help="文档类型，" + "；".join(f"{k.name}：{k.description.split('：')[0]}" for k in KINDS.values())
              + "。默认为质量年报（用 --like 时沿用该项目的类型）。")
def init(folder: Path, like: Path | None, kind: str | None) -> None:
    """新建一个报告项目，可立即生成草稿。

    FOLDER 是新项目的文件夹（不存在或为空）。其中有：reportgen.toml（全部设置项及说明）、总模板和一个章节模板
    （带全部命名样式和各种标签的示例；公文只有总模板）、数据工作簿（每个表头单元格都有批注说明该列填什么）和一张示例照片。
    """
    from reportgen.project.new import create

    try:
        made = create(folder, like, kind_name=kind)
    except ProjectError as error:
        _show_problems(error, "未创建项目")
        sys.exit(1)
    click.echo(f"已创建报告项目：{_shown_path(folder)}")
    for path in made:
        click.echo(f"  {_shown_path(path)}")
    click.echo(f"下一步：reportgen build {_shown_path(folder)}（生成草稿），然后按 README“写第一份报告”改写模板和工作簿。")


# Not click's file_okay=False: a draft named where the folder goes is answered by load_project,
# in the same words as the other project problems and with the option that takes a draft.
PROJECT_ARGUMENT = click.argument("project_dir", default=".", type=click.Path(path_type=Path))
OUTPUT_OPTION = click.option("-o", "--output", type=click.Path(path_type=Path), metavar="文件",
                             help="草稿保存位置（默认：项目的 output/报告标题.docx）。")
SECTION_OPTION = click.option("--section", "section", metavar="章节",
                              help="只构建一个章节（写章节 id 或序号），便于快速检查。")
FORCE_OPTION = click.option("--force", is_flag=True,
                            help="即使草稿在生成后被修改过也覆盖（会先保留一份带日期的备份）。")


@main.command(context_settings=CONTEXT)
@PROJECT_ARGUMENT
@OUTPUT_OPTION
@SECTION_OPTION
@FORCE_OPTION
@click.option("--strict", is_flag=True, help="把数据校验规则的警告当作错误，有警告就不生成草稿。")
@click.option("--pdf", "pdf", is_flag=True, help="同时用 LibreOffice 导出 PDF（与草稿同名）。")
def build(project_dir: Path, output: Path | None, section: str | None, force: bool, strict: bool,
          pdf: bool) -> None:
    """生成报告草稿（.docx）。

    PROJECT_DIR 是报告项目文件夹（含 reportgen.toml），默认为当前文件夹。
    """
    from reportgen.build import build as build_report

    try:
        project = load_project(project_dir)
        click.echo(f"正在生成《{project.title}》" + (f"章节“{section}”" if section else "") + "……")
        result = build_report(project, output, section, force=force, strict=strict, progress=_progress())
    except ProjectError as error:
        _show_problems(error, "未生成草稿")
        _office_news()  # started early, it runs on all the same
        sys.exit(1)
    for problem in [*result.warnings, *result.notes]:
        click.echo(f"  {problem}")
    chapters = f"{result.sections} 个章节，" if result.sections else ""  # a 公文 is one text, in no chapters
    click.echo(f"完成：{chapters}{result.tables} 个表格，{result.figures} 幅插图，{len(result.warnings)} 个警告。")
    if result.backup:
        click.echo(f"原草稿已被修改过，已备份为：{_shown_path(result.backup)}")
    click.echo(f"草稿已保存：{_shown_path(result.output)}")
    if pdf:
        _export_pdf(result.output, None)


def _progress():
    """A one-line counter on a terminal; nothing when output goes to a file or CI log, or nowhere."""
    if sys.stdout is None or not sys.stdout.isatty():
        return None

    def show(done: int, total: int) -> None:
        click.echo(f"\r  正在放置表格和插图：{done}/{total}", nl=done == total)

    return show


def _export_pdf(draft: Path, target: Path | None) -> Path:
    from reportgen.layout import export  # imported when used: most runs export nothing

    click.echo("正在用 LibreOffice 导出 PDF……")
    try:
        exported = export.to_pdf(draft, target)
    except ProjectError as error:
        _show_problems(error, "未导出 PDF")
        sys.exit(1)
    _show_substitutions(exported.substitutions)
    _office_news()
    click.echo(f"PDF 已保存：{_shown_path(exported.pdf)}")
    return exported.pdf


def _office_news() -> None:
    """Say that an office this run started runs on, as a build says it."""
    from reportgen.layout import kept_office
    for message, hint in kept_office.news():
        click.echo(f"  {Problem('排版', message, hint, NOTE)}")


def _show_substitutions(substitutions: list) -> None:
    """Say which official fonts the PDF shows in other faces: its look is close, not exact."""
    if substitutions:
        click.echo("本机未安装以下公文字体，PDF 中用同类字体代替（字形、字宽与正式字体略有差别）：")
        for item in substitutions:
            click.echo(f"  {item}")


def _draft_of(project_dir: Path, draft: Path | None, what: str = "无法确定草稿位置") -> Path:
    """The draft a command works on: the one given, or the project's default draft (`what` heads the
    problems when the project cannot be read)."""
    if draft is not None:
        return draft
    from reportgen.output import draft_target

    try:
        project = load_project(project_dir)
    except ProjectError as error:
        _show_problems(error, what)
        sys.exit(1)
    return draft_target(project, None, None)[1]


DRAFT_OPTION = click.option("--draft", type=click.Path(dir_okay=False, path_type=Path), metavar="文件",
                            help="要处理的草稿（默认：项目生成的草稿）。")


@main.command(context_settings=CONTEXT)
@PROJECT_ARGUMENT
@DRAFT_OPTION
def compare(project_dir: Path, draft: Path | None) -> None:
    """比对编辑修改过的草稿与当前工作簿，不改动任何文件。

    列出草稿中与工作簿不一致的数值（正文中 {{ }} 标签印出的数值，含循环中的）、表格单元格、图表数据、多出或缺少的表格行、顺序不对的题注编号、与题注不符或已失效的交叉引用，以及被删去的数值，各注明所在章节和段落（草稿旁有同名 PDF 时注明页码）。编辑改过而工作簿未变的数值保留编辑的改动，列出供核对工作簿。

    退出状态：0 一致；1 只有 reportgen update 可写入的不一致；2 有需人工处理的项（编辑改动、冲突、未能确定等）；3 无法比对。
    """
    from reportgen.revise.compare import compare as compare_draft
    from reportgen.revise.difference import FAILED
    from reportgen.revise.listing import compare_report
    from reportgen.revise.pages import Pages

    path = _draft_of(project_dir, draft, "无法比对")
    try:
        project = load_project(project_dir)
        click.echo(f"正在比对草稿 {_shown_path(path)} 与工作簿……")
        result = compare_draft(project, path)
    except ProjectError as error:
        _show_problems(error, "无法比对")
        sys.exit(FAILED)
    for line in compare_report(result, Pages.of(path) if result.differences else None):
        click.echo(line)
    sys.exit(result.status)


@main.command(context_settings=CONTEXT)
@PROJECT_ARGUMENT
@DRAFT_OPTION
@click.option("--no-track", is_flag=True, help="直接改写，不标记为修订。")
@click.option("--pages/--no-pages", default=None,
              help="更新目录页码要用 LibreOffice 排版一次（几秒）：默认在草稿有改动时进行；--pages 总是进行，--no-pages 不进行。")
def update(project_dir: Path, draft: Path | None, no_track: bool, pages: bool | None) -> None:
    """把工作簿的当前数值写入编辑修改过的草稿（原地更新，编辑写的内容全部保留）。

    更新 reportgen compare 列出的正文数值、表格单元格、图表数据、题注编号和交叉引用。每处改动都是修订（作者 reportgen），可在 Word 或 WPS 的“审阅”中逐条接受或拒绝；--no-track 则直接改写。更新前先保留一份带日期的备份。

    编辑改过的数值、冲突、多出或缺少的表格行、被删去的数值和失效的引用不会自动改动，会列出由编辑处理。有改动时再按接受全部修订后的样子用 LibreOffice 排版一次，更新目录页码。

    退出状态：0 草稿已与工作簿一致；2 仍有需人工处理的项；3 无法更新（草稿未改动）。
    """
    from reportgen.revise.difference import FAILED, FOR_PEOPLE, IN_STEP
    from reportgen.revise.listing import update_report
    from reportgen.revise.update import update as update_draft

    path = _draft_of(project_dir, draft, "草稿未改动")
    try:
        project = load_project(project_dir)
        click.echo(f"正在更新草稿 {_shown_path(path)}……")
        result = update_draft(project, path, track=not no_track, pages=pages)
    except ProjectError as error:
        _show_problems(error, "草稿未改动")
        sys.exit(FAILED)
    for line in update_report(result, tracked=not no_track, shown_path=_shown_path):
        click.echo(line)
    _office_news()
    sys.exit(FOR_PEOPLE if result.left else IN_STEP)


@main.command(context_settings=CONTEXT)
@PROJECT_ARGUMENT
@DRAFT_OPTION
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), metavar="文件",
              help="PDF 保存位置（默认：与草稿同名的 .pdf）。")
def pdf(project_dir: Path, draft: Path | None, output: Path | None) -> None:
    """用 LibreOffice 把已生成的草稿导出为 PDF。"""
    _export_pdf(_draft_of(project_dir, draft), output)


@main.command(context_settings=CONTEXT)
@PROJECT_ARGUMENT
@DRAFT_OPTION
@click.option("--dpi", default=60, show_default=True, type=click.IntRange(20, 300), help="页面图片的分辨率。")
def preview(project_dir: Path, draft: Path | None, dpi: int) -> None:
    """把草稿的每一页生成 PNG 图片，并拼成一张总览图，便于快速浏览全文。"""
    from reportgen.layout import export
    draft = _draft_of(project_dir, draft)
    folder = draft.with_name(f"{draft.stem}-预览")
    try:
        with tempfile.TemporaryDirectory() as work:
            exported = export.to_pdf(draft, Path(work) / "draft.pdf")
            pages = export.pages_to_png(exported.pdf, folder, dpi=dpi)
        sheet = export.contact_sheet(pages, folder / "总览.png")
    except ProjectError as error:
        _show_problems(error, "未生成预览")
        sys.exit(1)
    _show_substitutions(exported.substitutions)
    _office_news()
    click.echo(f"共 {len(pages)} 页，页面图片在：{_shown_path(folder)}")
    click.echo(f"总览图：{_shown_path(sheet)}")


@main.group(context_settings=CONTEXT)
def office() -> None:
    """后台的 LibreOffice：生成草稿时用它排版，之后留在后台供下次使用，空闲一段时间后自动停止。"""


@office.command("status", context_settings=CONTEXT)
def office_status() -> None:
    """显示后台的 LibreOffice 是否在运行。"""
    from reportgen.layout import kept_office
    found = kept_office.running()
    if found is None:
        click.echo("后台没有 reportgen 启动的 LibreOffice。")
        return
    state, idle = found
    left = max(0, state.idle - round(idle))
    click.echo(f"后台的 LibreOffice 正在运行（进程 {state.process}），已空闲 {round(idle)} 秒，"
               f"再空闲 {left} 秒后自动停止。立即停止：reportgen office stop")


@office.command("stop", context_settings=CONTEXT)
def office_stop() -> None:
    """立即停止后台的 LibreOffice（正在排版时等排版结束）。"""
    from reportgen.layout import kept_office
    try:
        stopped = kept_office.stop()
    except kept_office.Busy as error:
        click.echo(f"{error}；等这次排版结束后再运行 reportgen office stop。")
        sys.exit(1)
    click.echo("后台没有 reportgen 启动的 LibreOffice。" if stopped is None
               else f"已停止后台的 LibreOffice（进程 {stopped}）。")


@main.command(context_settings=CONTEXT)
@PROJECT_ARGUMENT
@OUTPUT_OPTION
@SECTION_OPTION
@FORCE_OPTION
@click.option("--strict", is_flag=True, help="把数据校验规则的警告当作错误。")
def check(project_dir: Path, output: Path | None, section: str | None, force: bool, strict: bool) -> None:
    """检查配置、数据、图片、模板和草稿的保存位置，列出全部问题，不生成草稿。

    PROJECT_DIR 是报告项目文件夹（含 reportgen.toml），默认为当前文件夹。-o、--section、--force
    与 build 的相同：检查通过时，同样参数的 build 就能生成草稿。
    """
    from reportgen.check import check_project
    from reportgen.output import draft_target

    try:
        project = load_project(project_dir)
        _, target = draft_target(project, output, section)
    except ProjectError as error:
        _show_problems(error, "请先改正")
        sys.exit(1)
    click.echo(f"正在检查《{project.title}》……")
    checked = check_project(project, strict=strict, target=target, force=force)
    problems = checked.problems
    for problem in problems.items:
        click.echo(f"  {problem}")
    data = checked.data
    click.echo(f"检查完成：{len(data.indicators)} 个指标，{len(data.derived)} 个计算指标，"
               f"{len(data.tables)} 个表格，{len(data.figures)} 幅插图，"
               f"{'校验规则待上述错误改正后再检查' if data.rules_waiting else f'{data.rules_checked} 条校验规则'}，"
               f"{len(project.sections) + 1} 个模板；{len(problems.errors)} 个错误，{len(problems.warnings)} 个警告。")
    if problems.errors:
        sys.exit(1)


def _shown_path(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


class _Forgiving:
    """A standard stream a reader cannot break by leaving: once the pipe is closed (`| head -1`), what
    is written goes to the null device and the command carries on, its exit status its own."""

    def __init__(self, stream):
        self._stream = stream

    def write(self, text):
        try:
            return self._stream.write(text)
        except (BrokenPipeError, ValueError):  # ValueError: written after the stream was closed
            self._silence()
            return len(text)

    def flush(self) -> None:
        try:
            self._stream.flush()
        except (BrokenPipeError, ValueError):
            self._silence()

    def _silence(self) -> None:
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, self._stream.fileno())  # the stream's unwritten buffer then flushes harmlessly
            os.close(devnull)
        except (OSError, ValueError):
            pass

    def __getattr__(self, name):
        return getattr(self._stream, name)


def run() -> None:
    """Entry point: no traceback reaches a writer unless REPORTGEN_DEBUG is set, and output nobody
    reads (a closed standard output under pythonw, a pipe closed early) changes nothing."""
    for name in ("stdout", "stderr"):
        if getattr(sys, name) is not None:
            setattr(sys, name, _Forgiving(getattr(sys, name)))
    try:
        main(standalone_mode=True)
    except SystemExit:
        raise
    except ReportgenError as error:  # ours, and its message is for the writer, but no command caught it
        if os.environ.get("REPORTGEN_DEBUG"):
            raise
        click.echo(f"reportgen 未能完成：{error}", err=True)
        click.echo("已有文件未被改动。", err=True)
        sys.exit(1)
    except Exception:  # pragma: no cover - last resort
        if os.environ.get("REPORTGEN_DEBUG"):
            raise
        click.echo("reportgen 内部错误，已有文件未被改动。", err=True)
        click.echo("请把以下信息发给维护人员：", err=True)
        click.echo(traceback.format_exc().splitlines()[-1], err=True)
        sys.exit(2)


def console() -> NoReturn:
    """The `reportgen` command: `run`, then exit with its status once the output is flushed, skipping
    the interpreter's teardown, which frees a long table's document node by node (0.3 s of a
    10,000-row build) after everything is written."""
    # Collect cycles ten times less often than by default: reading a long table makes hundreds of
    # thousands of objects, none of them cyclic, and the default thresholds spend 0.1 s walking them.
    gc.set_threshold(100_000, 50, 1000)
    code: int | str | None
    try:
        run()
        code = 0
    except SystemExit as end:
        code = end.code
    if not isinstance(code, int):
        if code is not None:
            click.echo(code, err=True)
        code = 0 if code is None else 1
    for stream in (sys.stdout, sys.stderr):
        if stream is not None:
            try:
                stream.flush()
            except (OSError, ValueError):
                pass
    if sys.gettrace() is not None or sys.getprofile() is not None:  # coverage, cProfile: they write at exit
        sys.exit(code)
    os._exit(code)
