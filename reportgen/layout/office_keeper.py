"""The process that keeps a LibreOffice running between builds, and ends it once it has sat idle.

`kept_office` starts it, in a session of its own (a Ctrl+C in the writer's terminal does not reach
it), as

    python -m reportgen.layout.office_keeper FOLDER LOCK IDLE COMMAND...

It runs the office `COMMAND` as every office runs (`office_process`): a process group of its own under
a watchdog, so that the office dies with the keeper, even by SIGKILL, and FOLDER (its profile, fonts
and copies) goes with it.  Every second it looks at when a build last used the office (the time of
FOLDER/used); once that is IDLE seconds ago and no build holds LOCK, it ends the office, removes
FOLDER and ends.  SIGTERM (`reportgen office stop`) and SIGHUP end both at once.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import sys
import time
from pathlib import Path

from reportgen.layout.office_process import OfficeProcess

USED = "used"  # touched by each build as it lets the office go
STATE = "office.json"  # `kept_office`'s state, beside the office's folder
OFFICE_PID = "office.pid"  # the office's process (and process group), for a build that must end it
LOOK_SECONDS = 1.0


def main(argv: list[str]) -> None:
    folder, lock, idle, command = Path(argv[0]), Path(argv[1]), float(argv[2]), argv[3:]
    for number in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(number, _exit)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    office = OfficeProcess(command, env=dict(os.environ), capture=False, leaves=folder)
    held = None
    try:
        (folder / OFFICE_PID).write_text(str(office.process.pid))
        while office.process.poll() is None:
            time.sleep(LOOK_SECONDS)
            held = _idle_and_free(folder, lock, idle)
            if held is not None:
                break
    finally:
        office.kill()
        shutil.rmtree(folder, ignore_errors=True)  # now, before a build waiting for the lock looks at it
        if held is not None:  # idle, holding the lock: the state that names this office goes too
            _forget(folder)
        office.release()
        if held is not None:
            os.close(held)


def _idle_and_free(folder: Path, lock: Path, idle: float) -> int | None:
    """The lock, held, when the office has not been used for `idle` seconds and no build is using it."""
    try:
        if time.time() - (folder / USED).stat().st_mtime < idle:
            return None
    except FileNotFoundError:  # the folder was taken away: the office is no longer ours to keep
        pass
    import fcntl  # here: `kept_office` reads this module's names on Windows too, where there is none

    handle = os.open(lock, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(handle)
        return None
    return handle


def _forget(folder: Path) -> None:
    """Remove `kept_office`'s state file if it still names this office (`folder`)."""
    state = folder.parent / STATE
    with contextlib.suppress(OSError, ValueError):
        if json.loads(state.read_text(encoding="utf-8")).get("folder") == str(folder):
            state.unlink()


def _exit(number, frame):
    raise SystemExit(0)


if __name__ == "__main__":
    with contextlib.suppress(KeyboardInterrupt):
        main(sys.argv[1:])
