"""The office a build leaves running for the next: a rebuild after a changed number starts none.

Starting LibreOffice takes longer than a layout pass (1.3 s against about 0.8 s on a 2-core
machine), and a writer rebuilds again and again.  So the office of the layout passes outlives the
build that started it, under a keeper process (`office_keeper`) that ends it after `REPORTGEN_OFFICE_IDLE`
seconds without a build (600 unless set; 0 turns keeping off), or at `reportgen office stop`.

It is private to the user: its folder (`$XDG_RUNTIME_DIR`, else the temporary folder, then
`reportgen-lo-kept-<uid>`) is the user's alone, its pipe has a random name, and a build holds the
folder's lock while it uses the office: a second build at the same time starts an office of its own,
as without keeping.  It serves any project: every office is set up for every official font
(`font_substitutes.prepare`), and each pass loads and closes its own copy.  It is started
again when the LibreOffice program or the installed fonts changed since it started, and when it does
not answer.  A pass that fails, times out or is interrupted ends it, as it ends any office.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import secrets
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

import reportgen
from reportgen.layout import font_substitutes, office_keeper, office_process
from reportgen.layout.office import CLOSE_SECONDS, START_SECONDS, Office, OfficeError, command
from reportgen.layout.pass_cache import installation
from reportgen.problems import ReportgenError

try:
    import fcntl
except ImportError:  # Windows: no office is kept there (`folder`)
    fcntl = None  # type: ignore[assignment]

IDLE_VARIABLE = "REPORTGEN_OFFICE_IDLE"
IDLE_SECONDS = 600
STATE = office_keeper.STATE
LOCK = "lock"
STOP_SECONDS = 30  # `reportgen office stop` waits this long for a build using the office
_LAUNCHED: set[str] = set()  # the pipes of the offices this process started
_HELD: set[int] = set()  # the lock descriptors this process holds
_UNSAID: list[int] = []  # the idle time of each office this process started, until the writer is told
_UNREAD: set[str] = set()  # values of `IDLE_VARIABLE` that are no number of seconds, until the writer is told
_KEEPERS: list[subprocess.Popen] = []


def idle_seconds() -> int:
    """How long a kept office waits for the next build: `REPORTGEN_OFFICE_IDLE`, 0 for none (also when
    the variable is not a whole number of seconds)."""
    value = os.environ.get(IDLE_VARIABLE, str(IDLE_SECONDS)).strip()
    if value.isdigit():
        return int(value)
    _UNREAD.add(value)  # said once by `news`
    return 0


def folder() -> Path | None:
    """The user's own folder for the kept office, made if need be; None where there can be none (no
    process groups, or the place is not the user's alone)."""
    if fcntl is None or not hasattr(os, "killpg"):
        return None
    base = Path(os.environ.get("XDG_RUNTIME_DIR") or tempfile.gettempdir()) / f"reportgen-lo-kept-{os.getuid()}"
    try:
        base.mkdir(mode=0o700, exist_ok=True)
        found = base.lstat()
    except OSError:
        return None
    if not stat.S_ISDIR(found.st_mode) or found.st_uid != os.getuid() or found.st_mode & 0o077:
        return None  # a link, or a folder someone else made or can read: not where to keep an office
    return base


@dataclass
class State:
    """What a build needs to know of the kept office, in `STATE`."""

    folder: str  # its own folder under the user's: profile, fonts, the time of last use
    pipe: str
    keeper: int
    office: int
    setup: str  # digest of what lays a draft out besides the draft (`_setup`): program, fonts, locale
    substitutions: list  # (official, family, bold) of `font_substitutes.prepare`
    idle: int

    @classmethod
    def read(cls, base: Path) -> State | None:
        try:
            return cls(**json.loads((base / STATE).read_text(encoding="utf-8")))
        except (OSError, ValueError, TypeError):
            return None

    def write(self, base: Path) -> None:
        temporary = base / f".{STATE}"
        temporary.write_text(json.dumps(asdict(self)), encoding="utf-8")
        os.replace(temporary, base / STATE)

    @property
    def process(self) -> int:
        """The office's process, or its keeper's while the office starts."""
        return self.office or self.keeper

    def alive(self) -> bool:
        """Whether its keeper runs, and its office (unless still starting: no process known yet); each
        known by its command line too, which names this office's folder and pipe (a process number the
        system gave another process since, after a restart, is not ours to signal)."""
        return self.keeper_alive() and (not self.office or office_process.running(self.office, self.pipe))

    def keeper_alive(self) -> bool:
        return office_process.running(self.keeper, self.folder)


class KeptOffice(Office):
    """The kept office, as `Office` for the passes of one build: connected to on the first pass (or
    started, when there is none to use), left running at the end."""

    def __init__(self, soffice: str, uno, timeout: int, base: Path, lock: int, idle: int):
        super().__init__(soffice, uno, timeout)  # `_work`: this build's copies only
        self._base, self._idle = base, idle
        self._lock: int | None = lock
        self._state: State | None = None

    def _start(self) -> None:
        with _setting_up():
            setup = _setup(self._soffice)
            state = _usable(self._base, setup) or _launch(self._base, self._soffice, self._idle, setup)
        self._state = state
        self._substitutions = [font_substitutes.Substitution(*item) for item in state.substitutions]
        try:
            self._connect_to(state)
        except OfficeError:
            if state.pipe in _LAUNCHED:  # by this build (or its `warm_up`): no kept one to blame
                raise
            with _setting_up():  # the kept one did not answer
                self._state = state = _launch(self._base, self._soffice, self._idle, setup)
            self._connect_to(state)

    def _connect_to(self, state: State) -> None:
        """Connect to the office of `state`, waiting while it starts; close what a killed build left open."""
        self._desktop = self._connect(state.pipe, lambda: not state.alive(), START_SECONDS)
        # A build killed mid-pass leaves its copy open, or still loading: not worth waiting long for.
        self._call(self._close_documents, CLOSE_SECONDS, "LibreOffice 没有响应")
        if not state.office:  # started meanwhile: its process is known now
            with _setting_up():
                state.office = int((Path(state.folder) / office_keeper.OFFICE_PID).read_text())
                state.write(self._base)

    def _close_documents(self) -> None:
        """Close what a build killed mid-pass left open."""
        documents = self._desktop.getComponents().createEnumeration()
        while documents.hasMoreElements():
            documents.nextElement().close(True)

    def close(self) -> None:
        """Let the office go, running, for the next build."""
        if self._state is not None and self._desktop is not None:
            with contextlib.suppress(OSError):
                os.utime(Path(self._state.folder) / office_keeper.USED)
        self._let_go()

    def _end(self) -> None:
        """End the office: a pass failed, took too long or was interrupted (this build's copies go at
        `close`)."""
        _stop(self._base, self._state)
        self._state, self._desktop = None, None

    def _let_go(self) -> None:
        self._desktop = None
        shutil.rmtree(self._work, ignore_errors=True)
        _release(self._lock)
        self._lock = None


def warm_up() -> None:
    """Start the kept office now where there is none yet, and go on: the command's own work then hides
    the second it takes to start (a tenth of a second here).  Nothing where keeping is off or there is
    no UNO bridge; a failure here shows again, with its reason, at the first pass."""
    from reportgen.layout.export import find_soffice
    from reportgen.layout.office import uno_bridge

    soffice, idle = find_soffice(), idle_seconds()
    base = folder() if soffice and idle and uno_bridge(soffice) is not None else None
    if base is None or soffice is None:
        return
    lock = None
    try:
        lock = _lock(base, wait=0)
        if lock is not None:
            setup = _setup(soffice)
            if _usable(base, setup) is None:
                _launch(base, soffice, idle, setup)
    except Exception:  # noqa: BLE001 - only a head start lost: the first pass starts the office and says why not
        pass
    finally:
        _release(lock)


def news() -> list[tuple[str, str]]:
    """What to tell the writer of keeping (and how to act on it), once a run: a `REPORTGEN_OFFICE_IDLE`
    that is no number of seconds, an office this run started that runs on."""
    said = [(f"环境变量 {IDLE_VARIABLE}=“{value}”不是整数秒，排版用的 LibreOffice 没有留在后台",
             f"写成整数秒，如 {IDLE_VARIABLE}=600（默认，空闲 10 分钟后停止）；0 为用完即停") for value in sorted(_UNREAD)]
    if _UNSAID:
        idle = _UNSAID[-1]
        minutes = f"{idle / 60:g}" if idle % 6 == 0 else f"{idle / 60:.1f}"
        said.append((f"排版用的 LibreOffice 留在后台，下次生成、更新时直接使用，空闲 {minutes} 分钟后自动停止",
                     f"要立即停止，运行 reportgen office stop；不想留在后台，设置环境变量 {IDLE_VARIABLE}=0"))
    _UNREAD.clear()
    _UNSAID.clear()
    return said


def open_kept(soffice: str, uno, timeout: int) -> KeptOffice | None:
    """The kept office for this build's passes, or None: keeping is off, impossible here, or another
    build is using the office now."""
    idle = idle_seconds()
    base = folder() if idle else None
    lock = _lock(base, wait=0) if base is not None else None
    if base is None or lock is None:
        return None
    return KeptOffice(soffice, uno, timeout, base, lock, idle)


class Busy(ReportgenError):
    """A build has used the kept office for longer than `stop` waits."""


def stop() -> int | None:
    """End the kept office, waiting for a build using it to finish; the process it was, or None where
    none was running.  Raises `Busy` when a build still uses it after `STOP_SECONDS`."""
    base = folder()
    if base is None:
        return None
    lock = _lock(base, wait=STOP_SECONDS)
    if lock is None:
        raise Busy(f"后台的 LibreOffice 正在为 reportgen 排版（已等 {STOP_SECONDS} 秒），没有停止")
    try:
        state = State.read(base)
        stopped = state.process if state is not None and state.alive() else None
        _stop(base, state)
        return stopped
    finally:
        _release(lock)


def running() -> tuple[State, float] | None:
    """The kept office and the seconds since a build last used it, or None where none runs."""
    base = folder()
    state = State.read(base) if base is not None else None
    if state is None or not state.alive():
        return None
    try:
        used = (Path(state.folder) / office_keeper.USED).stat().st_mtime
    except OSError:
        return None
    return state, max(0.0, time.time() - used)


def _usable(base: Path, setup: str) -> State | None:
    """The kept office, when it was started with the `setup` (`_setup`) of now; else None, and whatever
    was kept is ended."""
    state = State.read(base)
    if state is not None and state.setup == setup and state.alive():
        return state
    _stop(base, state)
    return None


@contextlib.contextmanager
def _setting_up():
    """What can go wrong while an office is set up (a full disk, a pid file half written, fontconfig
    timing out) as `OfficeError`: a layout warning, not an internal error."""
    try:
        yield
    except (OSError, ValueError, subprocess.SubprocessError) as error:
        raise OfficeError(f"无法启动 LibreOffice（{error}）") from None


def _launch(base: Path, soffice: str, idle: int, setup: str) -> State:
    """Start a kept office under its keeper, and say so in `STATE`; it listens a second or so later."""
    own = base / f"office-{secrets.token_hex(4)}"
    own.mkdir(mode=0o700)
    font_env, substitutions = font_substitutes.prepare(own / "fonts")
    (own / office_keeper.USED).touch()
    pipe = f"reportgen-kept-{secrets.token_hex(8)}"
    package_parent = str(Path(reportgen.__file__).resolve().parent.parent)
    env = {**os.environ, **font_env,
           "PYTHONPATH": os.pathsep.join(filter(None, [package_parent, os.environ.get("PYTHONPATH")]))}
    keeper = subprocess.Popen(
        [sys.executable, "-m", "reportgen.layout.office_keeper", str(own), str(base / LOCK), str(idle),
         *command(soffice, own / "profile", pipe)],
        env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        start_new_session=True, cwd="/")  # not the project's folder: that may be a stick to unmount
    _KEEPERS.append(keeper)  # collected when it ends, in a process that outlives it (a test run)
    state = State(str(own), pipe, keeper.pid, 0, setup,
                  [[item.official, item.family, item.bold] for item in substitutions], idle)
    state.write(base)
    _LAUNCHED.add(pipe)
    _UNSAID.append(idle)
    return state


def _stop(base: Path, state: State | None) -> None:
    """End the office of `state` and its keeper, and forget it."""
    if state is not None:
        if state.keeper_alive():
            with contextlib.suppress(OSError):
                os.killpg(state.keeper, signal.SIGTERM)  # it ends the office and removes its pipes and folder
        deadline = time.monotonic() + 5
        while state.alive() and time.monotonic() < deadline:
            time.sleep(0.05)
        if state.office and office_process.running(state.office, state.pipe):
            with contextlib.suppress(OSError):
                os.killpg(state.office, signal.SIGKILL)  # a keeper that did not answer
        shutil.rmtree(state.folder, ignore_errors=True)
    with contextlib.suppress(OSError):
        (base / STATE).unlink()
    for keeper in _KEEPERS:  # collect those that ended
        keeper.poll()


def _lock(base: Path, wait: float) -> int | None:
    """The folder's lock, held (`wait` seconds at most for another holder); None if it stays taken."""
    handle = os.open(base / LOCK, os.O_RDWR | os.O_CREAT, 0o600)
    deadline = time.monotonic() + wait
    while True:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            _HELD.add(handle)
            return handle
        except OSError:
            if time.monotonic() >= deadline:
                os.close(handle)
                return None
            time.sleep(0.1)


def _release(lock: int | None) -> None:
    if lock is not None:
        _HELD.discard(lock)
        os.close(lock)


def _drop_inherited_locks() -> None:
    """In a process forked while a lock was held (a photo worker): its copy is closed, the lock stays
    with the build (a `flock` lasts while any descriptor of it is open)."""
    for handle in list(_HELD):
        with contextlib.suppress(OSError):
            os.close(handle)
    _HELD.clear()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_drop_inherited_locks)


def _setup(soffice: str) -> str:
    """What lays a draft out besides the draft and must not have changed since the kept office started:
    the LibreOffice program (an upgrade changes its file), the fonts fontconfig knows and those in the
    folders `font_substitutes` adds, and the locale."""
    extra = sorted(f"{path}|{path.stat().st_mtime_ns}" for folder in font_substitutes.EXTRA_DIRS
                   if Path(folder).is_dir() for path in Path(folder).iterdir())
    locale = [os.environ.get(name, "") for name in ("LANG", "LANGUAGE", "LC_ALL", "LC_CTYPE", "LC_MESSAGES")]
    text = "\n".join([installation(soffice), *sorted(font_substitutes.installed_families()), *extra, *locale])
    return hashlib.sha256(text.encode()).hexdigest()
