"""Running LibreOffice so that it never outlives reportgen.

`soffice` is a script that starts `oosplash`, which starts `soffice.bin`: killing the first (what
`subprocess.run(timeout=…)` does) leaves the office running, at full speed on a core, for as long as
the document takes.  The office runs in a process group of its own, killed whole when the run times
out or reportgen is interrupted (Ctrl+C, an error); and a watchdog process, reading a pipe only
reportgen holds open, kills the group when reportgen itself dies, even by SIGKILL.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

# The watchdog: wait until the pipe from reportgen closes (it finished the run, or it died), then kill
# the office's process group.
_WATCHDOG = ("import os, shutil, signal, sys\n"
             "sys.stdin.buffer.read()\n"
             "try:\n"
             "    os.killpg(int(sys.argv[1]), signal.SIGKILL)\n"
             "except (ProcessLookupError, PermissionError):\n"
             "    pass\n"
             "for folder in sys.argv[2:]:\n"
             "    shutil.rmtree(folder, ignore_errors=True)\n")


class OfficeProcess:
    """An office `command` started in a process group of its own, under a watchdog: `kill()` ends the
    whole group, and so does reportgen's death, however it comes; the watchdog then removes `leaves`
    (the office's private profile and copies), which reportgen killed outright cannot."""

    def __init__(self, command: list[str], *, env: dict, capture: bool = True, leaves: Path | None = None):
        output = subprocess.PIPE if capture else subprocess.DEVNULL
        self.process = subprocess.Popen(command, stdout=output, stderr=output, text=True, env=env,
                                        start_new_session=True)
        self._watchdog = _watch(self.process.pid, leaves)

    def kill(self) -> None:
        """End the office and every process it started, now, and remove the pipes it listened on."""
        pipes = _pipes(self.process.pid)
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError, AttributeError):
            self.process.kill()
        self.process.wait()
        for pipe in pipes:  # an office killed cannot: two files in /tmp for every office otherwise
            with contextlib.suppress(OSError):
                pipe.unlink()

    def release(self) -> None:
        """Let the watchdog go: it kills what may be left of the group (a helper), then ends."""
        if self._watchdog is not None:
            os.close(self._watchdog)
            self._watchdog = None


def run_office(command: list[str], *, env: dict, timeout: float) -> subprocess.CompletedProcess:
    """Run the office `command` to its end and return what it printed; raise `subprocess.TimeoutExpired`
    after `timeout` seconds.  However the run ends, no process it started is left."""
    office = OfficeProcess(command, env=env)
    try:
        stdout, stderr = office.process.communicate(timeout=timeout)
    except BaseException:  # a timeout, Ctrl+C, or any error here: the office goes with it
        office.kill()
        raise
    finally:
        office.release()
    return subprocess.CompletedProcess(command, office.process.returncode, stdout, stderr)


OFFICE_FOLDER = "reportgen-lo-"  # an office's profile, fonts and copies (the name tests look for in `ps`)
LAYOUT_FOLDER = "reportgen-layout-"  # a layout pass's copy of the draft


def temporary_prefix(kind: str) -> str:
    """The prefix of a temporary folder of `kind` (`OFFICE_FOLDER`, `LAYOUT_FOLDER`): it names this
    process, so that `sweep` can tell when its folder is left over."""
    return f"{kind}{os.getpid()}-"


def sweep() -> None:
    """Remove the temporary folders of reportgen runs that were killed outright (SIGKILL: nothing in them
    ran again to remove their copies) and of offices killed before their watchdog started: each names
    its process (`temporary_prefix`), and one whose process no longer runs is left over."""
    root = Path(tempfile.gettempdir())
    for kind in (OFFICE_FOLDER, LAYOUT_FOLDER):
        for folder in root.glob(f"{kind}*"):
            owner = folder.name[len(kind):].split("-", 1)[0]
            if owner.isdigit() and int(owner) != os.getpid() and not running(int(owner)):
                shutil.rmtree(folder, ignore_errors=True)


def running(pid: int, named: str = "") -> bool:
    """Whether process `pid` runs (a zombie, ended but not yet collected by its parent, does not), and its
    command line names `named` (a number the system gave another process since, after a restart, does
    not).  Where there is no /proc, by the number alone."""
    try:
        status = Path(f"/proc/{pid}/stat").read_text()
        command_line = Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace")
        return status.rsplit(")", 1)[1].split()[0] != "Z" and named in command_line
    except OSError:
        pass
    except IndexError:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # another user's
        return True
    return True


def _pipes(group: int) -> list[Path]:
    """The named pipes (Unix sockets, /tmp/OSL_PIPE_…) the processes of `group` listen on, read from
    /proc; none where there is no /proc."""
    inodes = set()
    for entry in Path("/proc").glob("[0-9]*") if Path("/proc/net/unix").is_file() else []:
        try:
            if os.getpgid(int(entry.name)) != group:
                continue
            for fd in (entry / "fd").iterdir():
                target = os.readlink(fd)
                if target.startswith("socket:["):
                    inodes.add(target[8:-1])
        except OSError:
            continue
    pipes = []
    with contextlib.suppress(OSError):
        for line in Path("/proc/net/unix").read_text().splitlines()[1:]:
            fields = line.split()
            if len(fields) >= 8 and fields[6] in inodes and Path(fields[7]).name.startswith("OSL_PIPE_"):
                pipes.append(Path(fields[7]))
    return list(dict.fromkeys(pipes))  # a pipe listened on and connected to shows twice


def _watch(group: int, leaves: Path | None = None) -> int | None:
    """Start the watchdog of process group `group` (and of the folder it `leaves`); return the pipe's end
    reportgen holds (None where there are no process groups: Windows)."""
    if not hasattr(os, "killpg"):
        return None
    read, write = os.pipe()
    try:
        subprocess.Popen([sys.executable, "-c", _WATCHDOG, str(group), *([str(leaves)] if leaves else [])],
                         stdin=read, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
                         close_fds=True)
    except OSError:
        os.close(write)
        return None
    finally:
        os.close(read)
    return write
