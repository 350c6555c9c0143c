"""No LibreOffice outlives reportgen: a layout pass or an export that times out, is interrupted with
Ctrl+C, or whose reportgen is killed outright (SIGKILL, where nothing in reportgen runs again) leaves no
office process behind."""

from __future__ import annotations

import contextlib
import os
import random
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import docx
import pytest
from conftest import as_from_a_terminal, require_libreoffice

from reportgen.layout import export
from reportgen.problems import ProjectError


def _offices(under: int | None = None) -> set[int]:
    """The running office processes reportgen started (its private profiles are named reportgen-lo-…);
    `under`: only those the process `under` started (other tests may run offices meanwhile)."""
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                command = (entry / "cmdline").read_bytes()
            except OSError:
                continue
            if b"soffice.bin" in command and b"reportgen-lo-" in command and \
                    (under is None or under in _ancestors(int(entry.name))):
                found.add(int(entry.name))
    return found


def _private_folders(pids: set[int]) -> list[Path]:
    """The temporary folders (reportgen-lo-…) of the layout passes' offices among `pids`: their private
    profile, fonts and document copies, which must not outlive them either."""
    folders = []
    for pid in pids:
        try:
            command = Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace").split("\0")
        except OSError:
            continue
        for argument in command:
            if argument.startswith("-env:UserInstallation=file://") and "--accept=pipe" in " ".join(command):
                folders.append(Path(argument.removeprefix("-env:UserInstallation=file://")).parent)
    return folders


def _ancestors(pid: int) -> set[int]:
    found = set()
    while pid > 1 and pid not in found:
        found.add(pid)
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            break
        pid = int(next(line.split()[1] for line in status.splitlines() if line.startswith("PPid:")))
    return found


def _alive(pids: set[int]) -> set[int]:
    alive = set()
    for pid in pids:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0]
        except OSError:
            continue
        if state != "Z":
            alive.add(pid)
    return alive


def _gone_within(pids: set[int], seconds: float) -> set[int]:
    deadline = time.monotonic() + seconds
    while _alive(pids) and time.monotonic() < deadline:
        time.sleep(0.2)
    return _alive(pids)


def _wait_for_office(parent: int, seconds: float = 60) -> set[int]:
    """The office processes `parent` started, once it has."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        started = _offices(under=parent)
        if started:
            return started
        time.sleep(0.05)
    pytest.fail("no office started")


pytestmark = pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads /proc")


@contextlib.contextmanager
def offices_seen():
    """The office processes this test process starts while in the block, as they are seen running."""
    seen: set[int] = set()
    stop = threading.Event()

    def watch():
        while not stop.is_set():
            seen.update(_offices(under=os.getpid()))
            time.sleep(0.05)
    watcher = threading.Thread(target=watch)
    watcher.start()
    try:
        yield seen
    finally:
        stop.set()
        watcher.join()


def test_an_export_that_times_out_leaves_no_office(example_draft):
    require_libreoffice()
    with offices_seen() as seen, pytest.raises(ProjectError, match="秒内没有完成导出"):
        export.to_pdf(example_draft, example_draft.with_name("超时.pdf"), timeout=1)
    assert seen, "the office did not start within the second"
    assert _alive(seen) == set()  # killed with its whole group before to_pdf returned


@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGINT, signal.SIGTERM])
def test_an_export_whose_reportgen_is_killed_leaves_no_office(long_document, how):
    """Killed a second into a long export: SIGKILL (nothing in reportgen runs again: the watchdog kills
    the office), Ctrl+C and SIGTERM (reportgen kills it itself).  The office is gone at once, not when
    its layout is done."""
    require_libreoffice()
    child = subprocess.Popen([sys.executable, "-c", "import sys; from pathlib import Path; "
                              "from reportgen.layout import export; export.to_pdf(Path(sys.argv[1]))",
                              str(long_document)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                             preexec_fn=as_from_a_terminal)
    started = _wait_for_office(child.pid)
    time.sleep(1)
    child.send_signal(how)
    assert child.wait(timeout=60) != 0  # ended by the signal, not by finishing the export
    assert _gone_within(started, 3) == set()


def _build_started(example_dir, tmp_path) -> tuple[subprocess.Popen, Path]:
    """A build of a copy of the example, in a process of its own, as a writer runs it in a terminal."""
    project = tmp_path / "项目"
    shutil.copytree(example_dir, project, ignore=shutil.ignore_patterns("output"))
    build = subprocess.Popen([sys.executable, "-m", "reportgen", "build", str(project)], stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT, text=True, env={**os.environ, "PYTHONUNBUFFERED": "1"},
                             preexec_fn=as_from_a_terminal)
    return build, project


def test_a_build_interrupted_mid_pass_says_so_and_writes_no_draft(example_dir, tmp_path):
    require_libreoffice()
    build, project = _build_started(example_dir, tmp_path)
    started = _wait_for_office(build.pid)
    build.send_signal(signal.SIGINT)
    output, _ = build.communicate(timeout=60)
    assert build.returncode != 0 and "Traceback" not in output, output
    assert "已中断" in output or "中断" in output, output
    assert _gone_within(started, 3) == set(), output
    assert not list((project / "output").glob("*.docx"))  # no half-laid-out draft


# Moments after the office started: at once (it is still starting), and at random (seeded, so that a
# failure can be run again) later, while it loads, lays out or exports one of the passes.
_CHANCE = random.Random(22)
_MOMENTS = [0.0, *sorted(round(_CHANCE.uniform(0.2, 6.0), 2) for _ in range(3))]


@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGTERM, signal.SIGINT], ids=["SIGKILL", "SIGTERM", "SIGINT"])
@pytest.mark.parametrize("after", _MOMENTS)
def test_a_build_killed_at_any_moment_leaves_no_office_and_no_draft(example_dir, tmp_path, how, after):
    """SIGKILL (nothing in reportgen runs again: the watchdog ends the office), SIGTERM and Ctrl+C, at a
    moment of the layout passes: every office the build started is gone within seconds, and no draft
    was written (or, when the build finished first, a whole one)."""
    require_libreoffice()
    build, project = _build_started(example_dir, tmp_path)
    started = _wait_for_office(build.pid)
    time.sleep(after)
    started |= _offices(under=build.pid)  # a later pass's office, where passes run as conversions
    folders = _private_folders(started)
    build.send_signal(how)
    output, _ = build.communicate(timeout=60)
    assert _gone_within(started | _offices(under=build.pid), 3) == set(), output
    time.sleep(0.5)  # the watchdog removes the office's folder once the office is gone
    assert [folder for folder in folders if folder.exists()] == [], output
    drafts = list((project / "output").glob("*.docx"))
    if build.returncode == 0:  # finished before the signal came
        assert len(drafts) == 1 and docx.Document(drafts[0]).paragraphs
    else:
        assert "Traceback" not in output, output
        # No draft; or, where the signal came as the build ended, one written whole and recorded as the
        # build's (Ctrl+C waits for its fingerprint: the next build replaces it without --force).
        assert drafts == [] or [_recorded(draft) for draft in drafts] == [True], output


def _recorded(draft: Path) -> bool:
    """Whether `draft` opens and its folder's ledger holds its fingerprint."""
    from reportgen.output import LEDGER
    ledger = json.loads((draft.parent / LEDGER).read_text(encoding="utf-8"))
    return bool(docx.Document(draft).paragraphs) and ledger.get(draft.name) == hashlib.sha256(draft.read_bytes()).hexdigest()


def test_what_a_build_killed_outright_left_in_the_temporary_folder_goes_with_the_next(example_dir, tmp_path):
    """SIGKILL: the build's copy of the draft for its pass stays behind (nothing in it runs again); the next
    run that lays out or exports removes it, and leaves the folders of a build still running."""
    require_libreoffice()
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    env = {**os.environ, "TMPDIR": str(temporary), "PYTHONPATH": os.pathsep.join(sys.path)}
    project = tmp_path / "项目"
    shutil.copytree(example_dir, project, ignore=shutil.ignore_patterns("output"))
    build = subprocess.Popen([sys.executable, "-m", "reportgen", "build", str(project)], env=env,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while not list(temporary.glob("reportgen-layout-*/probe.docx")) and time.monotonic() < deadline:
        time.sleep(0.02)
    build.send_signal(signal.SIGKILL)
    build.wait()
    left = list(temporary.glob("reportgen-layout-*"))
    assert left and all(folder.name.startswith(f"reportgen-layout-{build.pid}-") for folder in left)
    alive = temporary / f"reportgen-layout-{os.getpid()}-running"  # a build of this process, still at work
    alive.mkdir()
    again = subprocess.run([sys.executable, "-m", "reportgen", "build", str(project)], env=env,
                           capture_output=True, text=True, timeout=300)
    assert again.returncode == 0, again.stdout + again.stderr
    assert [folder for folder in left if folder.exists()] == [] and alive.exists()
