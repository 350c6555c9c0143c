"""Running LibreOffice so that it never outlives reportgen.

`soffice` is a script that starts `oosplash`, which starts `soffice.bin`: killing the first (what
`subprocess.run(timeout=…)` does) leaves the office running, at full speed on a core, for as long as
the document takes.  The office runs in a process group of its own, killed whole when the run times
out or reportgen is interrupted (Ctrl+C, an error); and a watchdog process, reading a pipe only
reportgen holds open, kills the group when reportgen itself dies, even by SIGKILL.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys

# The watchdog: wait until the pipe from reportgen closes (it finished the run, or it died), then kill
# the office's process group.
_WATCHDOG = ("import os, signal, sys\n"
             "sys.stdin.buffer.read()\n"
             "try:\n"
             "    os.killpg(int(sys.argv[1]), signal.SIGKILL)\n"
             "except (ProcessLookupError, PermissionError):\n"
             "    pass\n")


def run_office(command: list[str], *, env: dict, timeout: float) -> subprocess.CompletedProcess:
    """Run the office `command` to its end and return what it printed; raise `subprocess.TimeoutExpired`
    after `timeout` seconds.  However the run ends, no process it started is left."""
    office = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
                              start_new_session=True)
    watchdog = _watch(office.pid)
    try:
        stdout, stderr = office.communicate(timeout=timeout)
    except BaseException:  # a timeout, Ctrl+C, or any error here: the office goes with it
        _kill_group(office)
        raise
    finally:
        if watchdog is not None:
            os.close(watchdog)  # the watchdog kills what may be left of the group (a helper), then ends
    return subprocess.CompletedProcess(command, office.returncode, stdout, stderr)


def _watch(group: int) -> int | None:
    """Start the watchdog of process group `group`; return the pipe's end reportgen holds (None where
    there are no process groups: Windows)."""
    if not hasattr(os, "killpg"):
        return None
    read, write = os.pipe()
    try:
        subprocess.Popen([sys.executable, "-c", _WATCHDOG, str(group)], stdin=read, stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL, start_new_session=True, close_fds=True)
    except OSError:
        os.close(write)
        return None
    finally:
        os.close(read)
    return write


def _kill_group(office: subprocess.Popen) -> None:
    try:
        os.killpg(office.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError, AttributeError):
        office.kill()
    office.wait()
