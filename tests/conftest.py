"""Shared fixtures: the bundled example project and small throwaway projects."""

from __future__ import annotations

import contextlib
import copy
import dataclasses
import functools
import hashlib
import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import openpyxl
import pytest
from click.testing import CliRunner
from docx.enum.section import WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from lxml import etree
from PIL import Image

from reportgen.cli import main

# A build keeps its office running for the next (reportgen/layout/kept_office.py); the suite does not,
# so that a test's offices end with it, whatever the developer's own setting.  test_kept_office.py turns
# keeping on, in folders of its own.
os.environ["REPORTGEN_OFFICE_IDLE"] = "0"

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
EXAMPLE_FILES = ("reportgen.toml", "templates", "data")


# Fast and slow tests (`python3 -m pytest -m "not slow"` for the fast ones).  A test is marked by what it
# and its fixtures call, read from their source, so that a new test is marked without anyone remembering
# to: `libreoffice` when it needs LibreOffice (a layout pass it requires, a PDF it renders), `uno` when it
# drives LibreOffice through UNO, and `slow` for both and for the tests listed in slow_tests.txt.
_UNO_CALLS = ("require_uno(", "UNO_EDIT", "uno_edit")
_LIBREOFFICE_CALLS = ("require_libreoffice(", "require_renderer(", "to_pdf(", "soffice(", "preview", *_UNO_CALLS)
# Half a second or more each, from a full run's durations (tools/slow_tests.py writes the list).
SLOW_TESTS = {line for line in (Path(__file__).with_name("slow_tests.txt")).read_text(encoding="utf-8").splitlines()
              if line and not line.startswith("#")}


def _sources(item) -> str:
    """The source of a test, of every fixture it uses, and of the tests' own helpers these call, however
    indirectly."""
    import inspect
    pending = [getattr(item, "function", None)]
    for definitions in item._fixtureinfo.name2fixturedefs.values() if hasattr(item, "_fixtureinfo") else []:
        pending += [definition.func for definition in definitions]
    seen, texts = set(), []
    while pending:
        function = pending.pop()
        function = inspect.unwrap(function) if callable(function) else function
        if not inspect.isfunction(function) or function in seen or not _in_tests(function):
            continue
        seen.add(function)
        try:
            texts.append(inspect.getsource(function))
        except (OSError, TypeError):
            continue
        pending += [function.__globals__.get(name) for name in function.__code__.co_names]
    return "\n".join(texts)


def _in_tests(function) -> bool:
    return Path(function.__code__.co_filename).resolve().parent == Path(__file__).resolve().parent


def pytest_collection_modifyitems(config, items):
    import inspect
    for item in items:
        source = _sources(item)
        if "\nimport uno\n" in inspect.getsource(item.module):  # the whole module edits through UNO
            source += "UNO_EDIT"
        if any(call in source for call in _LIBREOFFICE_CALLS):
            item.add_marker(pytest.mark.libreoffice)
        if any(call in source for call in _UNO_CALLS):
            item.add_marker(pytest.mark.uno)
        if (item.get_closest_marker("libreoffice") or item.get_closest_marker("uno")
                or item.nodeid.split("[")[0] in SLOW_TESTS):
            item.add_marker(pytest.mark.slow)


def run_cli(*args: str, env: dict | None = None):
    """Run `reportgen ARGS` as a writer would, through click's test runner (with `env` set)."""
    if os.environ.get(BUILD_CACHE) and args[:1] == ("build",):
        return _remembered_build(Path(os.environ[BUILD_CACHE]), list(args), env)
    return CliRunner().invoke(main, list(args), catch_exceptions=False, env=env)


# For mutation runs over revise/ only (tests/mutation/README.md): a build of the same project, with the
# same arguments and the same code outside revise/ (which a build never imports), is taken from this
# folder instead of run again, as the project folder and the output it left.
BUILD_CACHE = "REPORTGEN_TEST_BUILDS"


@dataclasses.dataclass
class _Remembered:
    exit_code: int
    output: str


def _remembered_build(cache: Path, args: list[str], env: dict | None):
    folders = [Path(a) for a in args[1:] if not a.startswith("-") and Path(a).is_dir()]
    if len(folders) != 1 or "-o" in args or "--output" in args:  # a build that writes elsewhere: not kept
        return CliRunner().invoke(main, args, catch_exceptions=False, env=env)
    project = folders[0].resolve()
    digest = hashlib.sha256(repr(([a.replace(str(project), _HERE) for a in args], sorted((env or {}).items()),
                                  _code_outside_revise())).encode())
    for path in sorted(p for p in project.rglob("*") if p.is_file()):
        digest.update(str(path.relative_to(project)).encode() + b"\0" + _content(path))
    kept = cache / digest.hexdigest()
    if not kept.is_dir():
        result = CliRunner().invoke(main, args, catch_exceptions=False, env=env)
        writing = cache / f"{kept.name}.{os.getpid()}"  # mutants run side by side
        shutil.copytree(project, writing / "project")
        (writing / "result").write_text(f"{result.exit_code}\n{result.output.replace(str(project), _HERE)}",
                                        encoding="utf-8")
        with contextlib.suppress(OSError):  # another run kept the same build first
            writing.rename(kept)
        shutil.rmtree(writing, ignore_errors=True)
        return result
    shutil.rmtree(project)
    shutil.copytree(kept / "project", project, copy_function=shutil.copy)  # mtimes of now, as after a build
    code, output = (kept / "result").read_text(encoding="utf-8").split("\n", 1)
    return _Remembered(int(code), output.replace(_HERE, str(project)))


_HERE = "\0project\0"


@pytest.fixture(autouse=True)
def _shared_layout_passes(monkeypatch):
    """With REPORTGEN_TEST_BUILDS set, the layout passes `update` asks for are remembered in that folder
    across tests and runs too: a pass is keyed by the exact document it lays out, so a mutant of revise/
    that writes the same draft finds it there, and one that writes another lays it out afresh."""
    if os.environ.get(BUILD_CACHE):
        from reportgen.layout import pass_cache
        folder = Path(os.environ[BUILD_CACHE]) / "layout"
        monkeypatch.setattr(pass_cache.LayoutCache, "__init__", lambda self, _folder: setattr(self, "folder", folder))
        monkeypatch.setattr(pass_cache, "KEEP", 1_000_000)


@functools.cache
def _code_outside_revise() -> str:
    """A digest of the package's code that a build runs: read once a test run."""
    digest = hashlib.sha256()
    for path in sorted((REPO / "reportgen").rglob("*.py")):
        if "revise" not in path.parts:
            digest.update(str(path.relative_to(REPO)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def _content(path: Path) -> bytes:
    """A file's bytes, or for a .docx or .xlsx its parts' without the zip's times and the save time
    that openpyxl writes: the same workbook saved twice is the same input."""
    if not zipfile.is_zipfile(path):
        return path.read_bytes()
    with zipfile.ZipFile(path) as package:
        return b"".join(info.filename.encode() + package.read(info) for info in package.infolist()
                        if info.filename != "docProps/core.xml")


@pytest.fixture(scope="session")
def example_dir(tmp_path_factory) -> Path:
    """A fresh copy of the bundled example project (the repository root)."""
    target = tmp_path_factory.mktemp("example")
    for name in EXAMPLE_FILES:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, target / name)
        else:
            shutil.copy2(source, target / name)
    return target


@pytest.fixture(scope="session")
def school_dir(tmp_path_factory) -> Path:
    """A fresh copy of the bundled school report example (examples/学校年报), without its output."""
    target = tmp_path_factory.mktemp("school") / "学校年报"
    shutil.copytree(REPO / "examples" / "学校年报", target, ignore=shutil.ignore_patterns("output"))
    return target


@pytest.fixture(scope="session")
def school_draft(school_dir) -> Path:
    result = run_cli("build", str(school_dir))
    assert result.exit_code == 0, result.output
    return school_dir / "output" / "河阳县职业教育中心质量年度报告.docx"


@pytest.fixture(scope="session")
def example_draft(example_dir) -> Path:
    result = run_cli("build", str(example_dir))
    assert result.exit_code == 0, result.output
    return example_dir / "output" / "庆阳市中等职业教育质量报告.docx"


@pytest.fixture(scope="session")
def long_document(tmp_path_factory) -> Path:
    """A document LibreOffice takes well over ten seconds to lay out (3,000 long paragraphs)."""
    path = tmp_path_factory.mktemp("long") / "长文档.docx"
    document = docx.Document()
    for i in range(3000):
        document.add_paragraph(f"第{i}段 这是一段很长的正文，用来让排版花一些时间。" * 3)
    document.save(path)
    return path


def soffice() -> str | None:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None and os.environ.get("CI"):
        pytest.fail("CI must install LibreOffice (.ci/run installs libreoffice-writer-nogui)")
    return found


def require_libreoffice() -> None:
    """Skip a test whose build needs a layout pass (its 续表, 目录 or fitted figures) where LibreOffice is
    absent: without it the build warns, and the test would fail rather than skip (in CI it must run)."""
    if soffice() is None:
        pytest.skip("LibreOffice (soffice) is not installed")


def require_uno() -> None:
    """Skip a test of the layout passes' one office where this Python cannot reach LibreOffice's UNO
    bridge; in CI (which installs python3-uno), fail instead."""
    require_libreoffice()
    from reportgen.layout import office
    with office.session(60) as found:
        if not found.via_uno:
            if os.environ.get("CI"):
                pytest.fail("CI must install python3-uno (.ci/run installs it)")
            pytest.skip("no UNO bridge for this Python")


def require_renderer() -> None:
    """Skip a test that renders with LibreOffice and reads the PDF with poppler where either is missing;
    in CI, fail instead (through the same guards as every other rendering test)."""
    require_libreoffice()
    if shutil.which("pdftotext") is None:
        if os.environ.get("CI"):
            pytest.fail("CI must install poppler-utils")
        pytest.skip("pdftotext (poppler-utils) is not installed")


def to_pdf(docx_path: Path, outdir: Path) -> Path:
    """Convert as `reportgen pdf` does: LibreOffice in a private profile, official fonts that are not
    installed set in the free faces of their kind (the same layout the 目录's page numbers come from)."""
    if soffice() is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    from reportgen.layout import export
    return export.to_pdf(docx_path, outdir / (docx_path.stem + ".pdf")).pdf


LIST_TITLES = ("目录", "图目录", "附图目录", "表目录", "附表目录")
LIST_ENTRY = re.compile(r"^\s*(\S.*?)\s*\.{4,}\s*(\S+)\s*$")


def no_warnings(output: str) -> bool:
    """Whether a command's summary says 0 个警告 (and not 10 个警告, which contains it)."""
    return re.search(r"(?<![0-9])0 个警告", output) is not None


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def folio(page: str) -> str | None:
    """The page number "— N —" printed on a page of `pdf_pages`, or None."""
    found = re.findall(r"—\s*(\S+?)\s*—", page)
    return found[-1] if found else None


def list_entries(pages: list[str]) -> dict[str, list[tuple[str, str]]]:
    """{list title: [(entry text without spaces, page number)]} as the 目录 and lists print them."""
    lists, current = {}, None
    for page in pages:
        for line in page.splitlines():
            match = LIST_ENTRY.match(line)
            if match and current is not None:
                lists[current].append((squash(match.group(1)), match.group(2)))
            elif squash(line) in LIST_TITLES:
                current = squash(line)
                lists[current] = []
    return lists


def entry_pages_match_folios(pages: list[str]) -> int:
    """Check that each list entry's page number is the folio of the first page after the lists on
    which its heading or caption stands; return how many entries were checked."""
    body_start = max(i for i, page in enumerate(pages) if any(LIST_ENTRY.match(line) for line in page.splitlines())) + 1
    checked = 0
    for entries in list_entries(pages).values():
        for text, number in entries:
            # The heading's own line; a caption may share its line with another (figures side by side).
            caption = re.match(r"^(附表|图|表)\d", text)
            found = [i for i in range(body_start, len(pages))
                     if any(squash(line) == text or (caption and text in squash(line))
                            for line in pages[i].splitlines())]
            assert found, f"{text} is not on any page"
            assert number == folio(pages[found[0]]), (text, number, found[0])
            checked += 1
    return checked


def pdf_words(pdf: Path) -> list[tuple[float, float, list]]:
    """Per page: width, height and words as (xMin, yMin, xMax, yMax, text) (pdftotext -bbox)."""
    html = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    pages = []
    for width, height, body in re.findall(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', html, re.S):
        words = [(float(a), float(b), float(c), float(d), t) for a, b, c, d, t in re.findall(
            r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', body)]
        pages.append((float(width), float(height), words))
    return pages


def pages_half_empty_before_a_figure(pdf: Path, *, top_mm: float = 37, bottom_mm: float = 35) -> list[int]:
    """The pages of `pdf` filled less than half whose next page opens with a figure: its caption ("图…",
    in the caption's smaller size) comes before any line of 16 pt text, a quarter of the text block or
    more below its top (a picture above it).  Landscape pages are left out."""
    mm = 72 / 25.4
    pages = pdf_words(pdf)
    found = []
    for index in range(1, len(pages)):
        width, height, words = pages[index]
        top, bottom = top_mm * mm, height - bottom_mm * mm
        body = [w for w in words if w[1] >= top - 2 and w[3] <= bottom + 2]
        captions = [w[1] for w in body if re.match(r"^图\s*\d|^图$", w[4])]
        text = [w[1] for w in body if w[3] - w[1] >= 18]  # 16 pt lines
        if width > height or not captions or not text:
            continue
        if not (min(captions) < min(text) and min(captions) - top > (bottom - top) / 4):
            continue  # the page does not open with a figure
        _, before_height, before = pages[index - 1]
        lowest = max((w[3] for w in before if w[3] <= before_height - bottom_mm * mm + 2), default=None)
        if lowest is not None and (lowest - top) / (bottom - top) < 0.5:
            found.append(index - 1)
    return found


def pdf_runs(pdf: Path) -> list[list[tuple[str, str, float]]]:
    """Per page: the text runs as (font, text, size), the font without its subset prefix
    ("FandolFang-Regular"), as `pdffonts` names it."""
    from pypdf import PdfReader

    def runs_of(page) -> list[tuple[str, str, float]]:
        runs = []

        def visit(text, _cm, _tm, font, size):
            if font and text.strip():
                runs.append((str(font.get("/BaseFont", "")).split("+")[-1], text.strip(), size))

        page.extract_text(visitor_text=visit)
        return runs

    return [runs_of(page) for page in PdfReader(pdf).pages]


def free_faces() -> None:
    """Skip unless the free faces `reportgen pdf` substitutes for the official fonts are installed
    (CI installs them)."""
    from reportgen.layout import font_substitutes

    if shutil.which("fc-list") is None or not (Path(font_substitutes.FANDOL) / "FandolFang-Regular.otf").exists():
        if os.environ.get("CI"):
            pytest.fail("CI must install texlive-lang-chinese (the Fandol fonts)")
        pytest.skip("the Fandol fonts (texlive-lang-chinese) are not installed")


def pdf_pages(pdf: Path) -> list[str]:
    """The text of each page of `pdf`, laid out as printed (poppler's pdftotext)."""
    if shutil.which("pdftotext") is None:
        if os.environ.get("CI"):
            pytest.fail("CI must install poppler-utils")
        pytest.skip("pdftotext (poppler-utils) is not installed")
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True,
                          text=True).stdout
    return text.split("\f")[:-1]


# -- a small project written from code, for focused tests -------------------------

def _paragraphs(document, paragraphs):
    for item in paragraphs:
        text, style = item if isinstance(item, tuple) else (item, None)
        if style is not None and style not in [s.name for s in document.styles]:
            document.styles.add_style(style, WD_STYLE_TYPE.PARAGRAPH)  # one of reportgen's own styles
        document.add_paragraph(text, style=style)


def write_template(path: Path, paragraphs, *, cover=None) -> None:
    document = docx.Document()
    if cover:
        _paragraphs(document, cover)
        document.add_section(WD_SECTION.NEW_PAGE)
    _paragraphs(document, paragraphs)
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(path)


def break_section_after(path: Path, text: str) -> None:
    """End a section (next page) with the paragraph of template `path` whose text is `text`, as Word does
    when the writer inserts a section break at the end of that paragraph."""
    document = docx.Document(path)
    paragraph = next(p for p in document.paragraphs if p.text == text)
    paragraph._p.get_or_add_pPr().append(copy.deepcopy(document.sections[-1]._sectPr))
    document.save(path)


def write_workbook(path: Path, indicators=(), derived=(), tables=(), figures=(), extra_sheets=None) -> None:
    book = openpyxl.Workbook()
    sheets = [("指标", ["名称", "数值", "单位", "说明"], indicators),
              ("计算指标", ["名称", "公式", "单位", "说明"], derived),
              ("表格清单", ["名称", "工作表", "表题", "表头行数", "单位", "注"], tables),
              ("图片清单", ["名称", "类型", "来源", "图题", "宽度(厘米)", "图表类型", "说明"], figures)]
    book.remove(book.active)
    for title, header, rows in sheets:
        sheet = book.create_sheet(title)
        sheet.append(header)
        for row in rows:
            sheet.append(list(row))
    for title, (rows, merges) in (extra_sheets or {}).items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(list(row))
        for merge in merges:
            sheet.merge_cells(merge)
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)


CONFIG = """[report]
title = "{title}"
year = 2025
organisation = "某市教育局"
date = 2025-12-01

[data]
workbook = "data/数据.xlsx"

[templates]
master = "templates/总模板.docx"

[profile]
table_caption = "{table_caption}"
{profile}
{sections}
"""


@pytest.fixture
def small_project(tmp_path):
    """A factory for a minimal valid project; keyword arguments replace its parts."""
    return lambda **parts: make_project(tmp_path, **parts)


def make_project(tmp_path: Path, *, title="测试报告", sections=None, table_caption="above", profile="",
                 master=None, **workbook) -> Path:
    """Write a minimal valid project into `tmp_path`; keyword arguments replace its parts.

    `profile` is extra TOML lines for the [profile] table; `master` the master template's paragraphs.
    """
    sections = sections or {"概况": ["概况", ("学校概况", "Heading 2"),
                                      "全市共有学校 {{ 学校总数 }} 所，就业率 {{ 就业率|百分比 }}。",
                                      '{{ 表格("学校情况") }}', '{{ 插图("校园") }}']}
    entries = []
    for number, (name, paragraphs) in enumerate(sections.items(), 1):
        first = paragraphs[0] if isinstance(paragraphs[0], tuple) else (paragraphs[0], "Heading 1")
        paragraphs = [first, *paragraphs[1:]]
        write_template(tmp_path / "templates" / f"{number}-{name}.docx", paragraphs)
        entries.append(f'[[sections]]\nid = "{name}"\ntemplate = "templates/{number}-{name}.docx"\n')
    write_template(tmp_path / "templates" / "总模板.docx", master or ["前 言", "{{ 报告.年度 }} 年度报告。"],
                   cover=["{{ 报告.标题 }}"])
    image = tmp_path / "data" / "图片" / "校园.jpg"
    image.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (800, 600), "teal").save(image)
    defaults = dict(
        indicators=[("学校总数", 15, "所", ""), ("毕业生数", 2948, "人", ""), ("就业人数", 2928, "人", "")],
        derived=[("就业率", "就业人数 / 毕业生数", "", "")],
        tables=[("学校情况", "表1", "学校情况表", 2, "", "")],
        figures=[("校园", "照片", "data/图片/校园.jpg", "校园一角", 12, None, None)],
        extra_sheets={"表1": ([["类别", "合计", "办学性质", None], [None, None, "公办", "民办"],
                               ["中职学校", 15, 8, 7]], ["A1:A2", "B1:B2", "C1:D1"])},
    )
    defaults.update(workbook)
    write_workbook(tmp_path / "data" / "数据.xlsx", **defaults)
    (tmp_path / "reportgen.toml").write_text(
        CONFIG.format(title=title, table_caption=table_caption, profile=profile, sections="\n".join(entries)),
        encoding="utf-8")
    return tmp_path


def init_project(folder: Path, chapter: list, *, indicators=(), sheets=None, profile: str = "") -> Path:
    """A project made by `reportgen init`, as a writer starts one, its chapter template rewritten to
    `chapter` (paragraphs: text, or (text, style)), `indicators` (名称, 数值, 单位, 说明) added to 指标,
    `sheets` ({name: rows}) added to the workbook (replacing a sheet of the same name) and `profile` lines replacing those of [profile].  Its
    report is dated 2025-12-01, whatever the day (init writes today's date)."""
    result = run_cli("init", str(folder))
    assert result.exit_code == 0, result.output
    template = folder / "templates" / "章节" / "1-基本情况.docx"
    document = docx.Document(template)
    body = document.element.body
    for child in list(body):
        if child is not body.sectPr:
            body.remove(child)
    _paragraphs(document, chapter)
    document.save(template)
    workbook = folder / "data" / "报告数据.xlsx"
    book = openpyxl.load_workbook(workbook)
    for row in indicators:
        book["指标"].append(list(row))
    for name, rows in (sheets or {}).items():
        if name in book.sheetnames:
            book.remove(book[name])
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    book.save(workbook)
    config = folder / "reportgen.toml"
    text = config.read_text(encoding="utf-8")
    text = re.sub(r"(?m)^year = .*$", "year = 2025", re.sub(r"(?m)^date = .*$", "date = 2025-12-01", text))
    for line in profile.splitlines():  # init writes every setting: each line replaces its key's
        key = line.split("=")[0].strip()
        text, found = re.subn(rf"(?m)^{re.escape(key)} = .*$", line, text)
        assert found == 1, key
    config.write_text(text, encoding="utf-8")
    return folder


def drop_record(draft: Path) -> None:
    """Remove the draft's custom document properties, where reportgen keeps the record of its values (as
    a program that does not keep them would, on saving)."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    document = docx.Document(draft)
    package = document.part.package
    for rel in list(package.rels.values()):
        if rel.reltype == RT.CUSTOM_PROPERTIES:
            package.rels.pop(rel.rId)
    document.save(draft)


def set_custom_property(draft: Path, name: str, text: str) -> None:
    """Set the text of the draft's custom document property `name` (as an editor could in 文件 → 属性)."""
    with zipfile.ZipFile(draft) as package:
        items = {item.filename: package.read(item.filename) for item in package.infolist()}
    root = etree.fromstring(items["docProps/custom.xml"])
    prop = next(p for p in root if p.get("name") == name)
    prop[0].text = text
    items["docProps/custom.xml"] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    with zipfile.ZipFile(draft, "w", zipfile.ZIP_DEFLATED) as package:
        for member, data in items.items():
            package.writestr(member, data)


_WHOLE = re.compile(r"[0-9A-Za-z.,%+\-/:]+[年月日届级]?|（[^（）]{1,8}）")


def broken_table_tokens(draft: Path, pages: list[str]) -> list[str]:
    """The numbers, Latin words, years with their 年 and bracketed units of the draft's tables that no
    line of the PDF's `pages` holds whole: each one a line break fell inside."""
    lines = [squash(line) for page in pages for line in page.splitlines()]
    tokens = {token for table in docx.Document(draft).tables for row in table.rows for cell in row.cells
              for token in _WHOLE.findall(squash(cell.text)) if len(token) > 1}
    return sorted(token for token in tokens if not any(token in line for line in lines))


def as_from_a_terminal() -> None:
    """For `subprocess.Popen(preexec_fn=…)`: Ctrl+C reaches the process as it does one started from a
    terminal.  A shell running commands in the background (a CI runner may) starts them with SIGINT
    ignored, and Python then never raises KeyboardInterrupt."""
    import signal
    signal.signal(signal.SIGINT, signal.SIG_DFL)

