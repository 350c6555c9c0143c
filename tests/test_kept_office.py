"""The office a build leaves running for the next (`REPORTGEN_OFFICE_IDLE` seconds, then it stops).

The suite turns keeping off (conftest); these tests turn it on, each with a folder of its own
(`XDG_RUNTIME_DIR`), and stop what they started.  They check what a writer sees: the second build
starts no office and writes the same draft, `reportgen office status` and `stop` say what runs and end
it, the office ends itself once idle, and a build killed mid-pass or a second build at the same time
still gets its pages.
"""

from __future__ import annotations

import fcntl
import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
import zipfile
from pathlib import Path

import docx
import openpyxl
import pytest
from conftest import make_project, pdf_pages, require_uno, run_cli
from test_contents import MASTER
from test_office_process import _alive, _gone_within, _offices

DRAFT = "测试报告.docx"


@pytest.fixture
def keeping(tmp_path, monkeypatch):
    """Keeping on for `idle` seconds (set it with `keeping.idle(n)`), in this test's own folder; whatever
    office it leaves is stopped."""
    require_uno()
    runtime = tmp_path / "runtime"
    runtime.mkdir(mode=0o700)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(runtime))
    monkeypatch.setenv("REPORTGEN_OFFICE_IDLE", "600")
    folder = runtime / f"reportgen-lo-kept-{os.getuid()}"
    yield folder
    state = _state(folder)
    run_cli("office", "stop")
    if state:
        assert not _gone_within({state["office"], state["keeper"]}, 10)


# The offices a test sees are those it started: its builds run in this process (`run_cli`), and so do
# the keepers they start; another test run on the machine has offices of its own.

def _state(folder: Path) -> dict | None:
    try:
        return json.loads((folder / "office.json").read_text(encoding="utf-8"))
    except OSError:
        return None


def _project(root: Path) -> Path:
    return make_project(root, master=MASTER)


def _build(project: Path, env: dict | None = None):
    result = run_cli("build", str(project), "--force", env=env)
    assert result.exit_code == 0, result.output
    return result.output


def _forget_passes(project: Path) -> None:
    """As after a changed number: every pass runs anew."""
    for path in (project / "output" / ".reportgen-cache" / "layout").glob("*"):
        path.unlink()


def _started(project: Path, tmp_path: Path) -> subprocess.Popen:
    return _run_started(tmp_path, "build", str(project), "--force")


def _run_started(tmp_path: Path, *args: str) -> subprocess.Popen:
    """`reportgen ARGS`, started as a writer starts it; its temporary files in a folder of its own
    (`_probes`), where no other test's are."""
    (tmp_path / "tmp").mkdir(exist_ok=True)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path), "TMPDIR": str(tmp_path / "tmp")}
    return subprocess.Popen([sys.executable, "-m", "reportgen", *args], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def _order_of_office_and_first_pass(process: subprocess.Popen, keeping: Path, tmp_path: Path) -> tuple[list, str]:
    """Which came first while `process` ran: the kept office's state, or its first layout copy; and
    what it printed."""
    order: list[str] = []
    while process.poll() is None and len(order) < 2:
        for event, happened in (("office", (keeping / "office.json").is_file()),
                                ("first pass", bool(_probes(tmp_path)))):
            if happened and event not in order:
                order.append(event)
        time.sleep(0.01)
    output = process.communicate()[0]
    assert process.returncode in (0, 2), output
    return order, output


def _probes(tmp_path: Path) -> set[Path]:
    """The copies the layout passes of a build `_started` hand the office (`passes.measure`)."""
    return set((tmp_path / "tmp").glob("reportgen-layout-*/probe.docx"))


def _parts(draft: Path) -> dict:
    with zipfile.ZipFile(draft) as archive:
        return {name: archive.read(name) for name in archive.namelist() if not name.startswith("docProps/")}


def test_a_second_build_lays_out_in_the_office_the_first_left_running(keeping, tmp_path):
    project = _project(tmp_path / "report")
    first = _build(project)
    assert re.search(r"\[提示\] 排版：排版用的 LibreOffice 留在后台，下次生成、更新时直接使用，空闲 10 分钟后自动停止", first)
    state = _state(keeping)
    assert state and _alive({state["office"]})
    kept_draft = _parts(project / "output" / DRAFT)

    _forget_passes(project)
    before = _offices(under=os.getpid())
    second = _build(project)
    assert "留在后台" not in second  # said once, by the build that started it
    assert _offices(under=os.getpid()) == before  # no office started, none ended
    assert _state(keeping) == state
    assert _parts(project / "output" / DRAFT) == kept_draft
    idle = re.search(r"已空闲 (\d+) 秒", run_cli("office", "status").output)
    assert idle and int(idle[1]) <= 1  # idle from the end of the last build, not the first

    other = _project(tmp_path / "other")  # another project: the same office
    _build(other)
    assert _offices(under=os.getpid()) == before and _state(keeping) == state

    _forget_passes(project)  # laid out in an office of its own: the same pages
    _build(project, env={"REPORTGEN_OFFICE_IDLE": "0"})
    assert _parts(project / "output" / DRAFT) == kept_draft


def test_office_status_and_stop_say_what_runs_and_end_it(keeping, tmp_path):
    result = run_cli("office", "status")
    assert result.exit_code == 0 and result.output.strip() == "后台没有 reportgen 启动的 LibreOffice。"
    _build(_project(tmp_path / "report"))
    state = _state(keeping)

    shown = run_cli("office", "status").output
    match = re.fullmatch(r"后台的 LibreOffice 正在运行（进程 (\d+)），已空闲 (\d+) 秒，再空闲 (\d+) 秒后自动停止。"
                         r"立即停止：reportgen office stop\n", shown)
    assert match and int(match[1]) == state["office"] and int(match[2]) + int(match[3]) == 600, shown

    pipe = Path("/tmp") / f"OSL_PIPE_{os.getuid()}_{state['pipe']}"  # where LibreOffice listens
    assert pipe.exists()
    stopped = run_cli("office", "stop")
    assert stopped.exit_code == 0 and stopped.output == f"已停止后台的 LibreOffice（进程 {state['office']}）。\n"
    assert not _gone_within({state["office"], state["keeper"]}, 10)
    assert not Path(state["folder"]).exists() and _state(keeping) is None
    assert not pipe.exists()  # an office killed cannot remove it: the keeper does
    assert run_cli("office", "stop").output == "后台没有 reportgen 启动的 LibreOffice。\n"


def test_the_office_ends_itself_once_idle(keeping, tmp_path, monkeypatch):
    monkeypatch.setenv("REPORTGEN_OFFICE_IDLE", "3")
    output = _build(_project(tmp_path / "report"))
    assert "空闲 0.1 分钟后自动停止" in output
    state = _state(keeping)
    assert _alive({state["office"]})
    assert not _gone_within({state["office"], state["keeper"]}, 20)
    assert not Path(state["folder"]).exists() and _state(keeping) is None
    assert run_cli("office", "status").output == "后台没有 reportgen 启动的 LibreOffice。\n"


def test_a_build_while_another_uses_the_office_lays_out_in_one_of_its_own(keeping, tmp_path):
    project = _project(tmp_path / "report")
    keeping.mkdir(mode=0o700)
    lock = os.open(keeping / "lock", os.O_RDWR | os.O_CREAT, 0o600)
    fcntl.flock(lock, fcntl.LOCK_EX)  # as a build laying out now holds it
    try:
        output = _build(project)
    finally:
        os.close(lock)
    assert "留在后台" not in output and _state(keeping) is None
    assert not _gone_within(_offices(under=os.getpid()), 10)  # its own office ended with it
    assert not re.search(r"页码空着|未能用 LibreOffice", output)


def test_a_kept_office_that_is_gone_or_not_ours_is_started_again(keeping, tmp_path):
    project = _project(tmp_path / "report")
    from reportgen.layout import export, kept_office
    keeping.mkdir(mode=0o700)
    kept_office.State(  # what a machine restart leaves: all as now, but its processes are gone
        str(keeping / "office-gone"), "reportgen-kept-gone", 999_999_999, 999_999_999,
        kept_office._setup(export.find_soffice()), [], 600).write(keeping)
    assert run_cli("office", "status").output == "后台没有 reportgen 启动的 LibreOffice。\n"
    assert "留在后台" in _build(project)
    state = _state(keeping)
    assert state["pipe"] != "reportgen-kept-gone" and _alive({state["office"]})


def test_a_build_killed_mid_pass_leaves_an_office_the_next_build_can_use(keeping, tmp_path):
    """SIGKILL: nothing in reportgen runs again, the office may be in the middle of a pass.  The next
    build still gets its pages, in the same office or a new one, and stopping it leaves nothing."""
    project = _project(tmp_path / "report")
    _build(project)
    _forget_passes(project)
    build = _started(project, tmp_path)
    deadline = time.monotonic() + 60
    while not _probes(tmp_path) and time.monotonic() < deadline:
        time.sleep(0.02)  # killed once it hands the office a pass
    build.send_signal(signal.SIGKILL)
    build.communicate()
    assert _probes(tmp_path), "the build was killed before its first pass"
    _forget_passes(project)
    output = _build(project)
    assert not re.search(r"页码空着|未能用 LibreOffice", output)
    state = _state(keeping)
    run_cli("office", "stop")
    assert not _gone_within({state["office"], state["keeper"]}, 10)
    assert not _gone_within(_offices(under=os.getpid()), 10)


def test_pdf_and_preview_export_in_the_kept_office_the_pages_of_an_office_of_their_own(keeping, tmp_path):
    project = _project(tmp_path / "report")
    _build(project, env={"REPORTGEN_OFFICE_IDLE": "0"})
    alone = run_cli("pdf", str(project), "-o", str(tmp_path / "alone.pdf"), env={"REPORTGEN_OFFICE_IDLE": "0"})
    assert alone.exit_code == 0 and _state(keeping) is None

    kept = run_cli("pdf", str(project), "-o", str(tmp_path / "kept.pdf"))
    assert kept.exit_code == 0, kept.output
    state = _state(keeping)
    assert state and _alive({state["office"]})
    note = re.compile(r"  \[提示\] 排版：排版用的 LibreOffice 留在后台，下次生成、更新时直接使用，空闲 10 分钟后自动停止\n"
                      r" +处理办法：要立即停止，运行 reportgen office stop；不想留在后台，设置环境变量 REPORTGEN_OFFICE_IDLE=0\n")
    assert note.search(kept.output)  # it started the office
    assert note.sub("", kept.output).replace("kept.pdf", "alone.pdf") == alone.output  # the same fonts named
    assert pdf_pages(tmp_path / "kept.pdf") == pdf_pages(tmp_path / "alone.pdf")

    before = _offices(under=os.getpid())
    preview = run_cli("preview", str(project))
    assert preview.exit_code == 0 and "共 " in preview.output and "留在后台" not in preview.output
    _forget_passes(project)
    _build(project)
    assert _offices(under=os.getpid()) == before and _state(keeping) == state  # preview and build: the same office


def test_a_build_starts_the_office_while_it_renders_not_at_its_first_pass(keeping, tmp_path):
    project = _project(tmp_path / "report")
    order, output = _order_of_office_and_first_pass(_started(project, tmp_path), keeping, tmp_path)
    assert order == ["office", "first pass"]
    assert "[提示] 排版：排版用的 LibreOffice 留在后台" in output  # this build started it


def test_without_file_locks_no_office_is_kept(monkeypatch, tmp_path):
    """Windows has no fcntl: every build lays out in an office of its own, and the commands say none runs."""
    from reportgen.layout import kept_office
    monkeypatch.setattr(kept_office, "fcntl", None)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path))
    monkeypatch.setenv("REPORTGEN_OFFICE_IDLE", "600")
    assert kept_office.open_kept("soffice", object(), 10) is None
    assert run_cli("office", "status").output == "后台没有 reportgen 启动的 LibreOffice。\n"
    assert run_cli("office", "stop").output == "后台没有 reportgen 启动的 LibreOffice。\n"
    assert list(tmp_path.iterdir()) == []


def test_office_stop_leaves_an_office_a_build_is_using(keeping, tmp_path, monkeypatch):
    from reportgen.layout import kept_office
    _build(_project(tmp_path / "report"))
    state = _state(keeping)
    monkeypatch.setattr(kept_office, "STOP_SECONDS", 1)
    lock = os.open(keeping / "lock", os.O_RDWR)
    fcntl.flock(lock, fcntl.LOCK_EX)  # as a build laying out now holds it
    try:
        result = run_cli("office", "stop")
    finally:
        os.close(lock)
    assert result.exit_code == 1
    assert result.output == ("后台的 LibreOffice 正在为 reportgen 排版（已等 1 秒），没有停止；"
                             "等这次排版结束后再运行 reportgen office stop。\n")
    assert _alive({state["office"]}) and _state(keeping) == state


@pytest.mark.parametrize("change", ["LibreOffice upgraded", "fonts installed", "another locale"])
def test_an_office_kept_from_before_a_change_of_what_lays_out_is_replaced(keeping, tmp_path, monkeypatch, change):
    """Pages must come out as a fresh office lays them out: the kept one is replaced when its program,
    the fonts or the locale changed since it started."""
    from reportgen.layout import font_substitutes, kept_office
    project = _project(tmp_path / "report")
    _build(project)
    old = _state(keeping)
    if change == "LibreOffice upgraded":
        monkeypatch.setattr(kept_office, "installation", lambda soffice: "LibreOffice 7.6")
    elif change == "fonts installed":
        monkeypatch.setattr(font_substitutes, "installed_families", lambda config=None: frozenset({"新字体"}))
    else:
        monkeypatch.setenv("LANG", "en_US.UTF-8" if os.environ.get("LANG") != "en_US.UTF-8" else "C.UTF-8")
    _forget_passes(project)
    assert "留在后台" in _build(project)  # a new one, said so
    new = _state(keeping)
    assert new["pipe"] != old["pipe"] and _alive({new["office"]})
    assert not _gone_within({old["office"], old["keeper"]}, 10)


@pytest.mark.parametrize("value", ["abc", "-5", "1.5", ""])
def test_an_idle_time_that_is_no_number_of_seconds_keeps_nothing_and_says_so(tmp_path, value):
    result = run_cli("build", str(make_project(tmp_path)), env={"REPORTGEN_OFFICE_IDLE": value})
    assert result.exit_code == 0, result.output
    note = (f"  [提示] 排版：环境变量 REPORTGEN_OFFICE_IDLE=“{value}”不是整数秒，排版用的 LibreOffice 没有留在后台\n"
            "        处理办法：写成整数秒，如 REPORTGEN_OFFICE_IDLE=600（默认，空闲 10 分钟后停止）；0 为用完即停\n")
    assert result.output.count(note) == 1, result.output


def test_update_starts_the_office_while_it_compares(keeping, tmp_path):
    project = _project(tmp_path / "report")
    _build(project, env={"REPORTGEN_OFFICE_IDLE": "0"})
    workbook = project / "data" / "数据.xlsx"
    book = openpyxl.load_workbook(workbook)
    next(r for r in book["指标"].iter_rows(min_row=2) if r[0].value == "学校总数")[1].value = 16
    book.save(workbook)
    order, output = _order_of_office_and_first_pass(_run_started(tmp_path, "update", str(project)), keeping, tmp_path)
    assert "草稿中为“15”，工作簿现为“16”" in output and "目录页码已按排版核对" in output, output
    assert order == ["office", "first pass"]
    assert output.count("[提示] 排版：排版用的 LibreOffice 留在后台") == 1


def test_the_office_never_opens_the_writers_own_file(keeping, tmp_path):
    """LibreOffice locks a file it opens (`.~lock.草稿.docx#` beside it); killed, it leaves the lock, which
    the next build takes for the draft being open.  A draft of no official font (nothing set bold for a
    substitute) is where the office was once given the writer's file itself."""
    plain = docx.Document()
    plain.add_paragraph("正文" * 2000)
    draft = tmp_path / "稿" / "草稿.docx"
    draft.parent.mkdir()
    plain.save(draft)
    seen: set[str] = set()
    done = threading.Event()

    def watch():
        while not done.is_set():
            seen.update(name for name in os.listdir(draft.parent) if "lock" in name)
            time.sleep(0.002)

    watcher = threading.Thread(target=watch)
    watcher.start()
    try:
        for _ in range(2):  # the first starts the office, the second exports in the one kept
            result = run_cli("pdf", "--draft", str(draft))
            assert result.exit_code == 0, result.output
    finally:
        done.set()
        watcher.join()
    assert seen == set()
    assert sorted(p.name for p in draft.parent.iterdir()) == ["草稿.docx", "草稿.pdf"]
