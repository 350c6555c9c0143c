"""One LibreOffice for all the layout passes of a build, driven through UNO.

A pass used to start LibreOffice afresh (`soffice --convert-to`), and starting it took half of each
pass (1.3 s of 2.4 s), four or five times a build.  `Office` starts it once, on the first pass that
is not remembered, and has it load each pass's probe document and export it; `close()` ends it.

The office runs as `run_office` runs one: a private profile, a process group of its own under a
watchdog (`office_process`).  Each call to it runs in a worker thread, so that the caller still
wakes for Ctrl+C and for the time limit, and ends the office at once on either.

Without the UNO bridge (a Python without python3-uno, such as Windows' own) the passes run as
conversions, one office each, as before: `session()` says which.
"""

from __future__ import annotations

import contextlib
import functools
import importlib
import os
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from reportgen.layout import export, font_substitutes
from reportgen.layout.office_process import OFFICE_FOLDER, OfficeProcess, sweep, temporary_prefix
from reportgen.problems import ProjectError, ReportgenError

START_SECONDS = 60  # an office that has not answered by then will not
CLOSE_SECONDS = 5
# Where python3-uno puts the bridge on Debian and Ubuntu, for a Python (pyenv, a venv) that lacks it.
_UNO_FOLDERS = ("/usr/lib/python3/dist-packages",)


class OfficeError(ReportgenError):
    """LibreOffice could not lay out a document: why, in Chinese."""


class OfficeTimeout(OfficeError):
    """LibreOffice did not finish within its time limit."""


@functools.cache
def uno_bridge(soffice: str):
    """The `uno` module, from this Python or from the LibreOffice of `soffice`; None if neither has it.

    LibreOffice's folders are on the module path only while `uno` is imported: they hold other
    modules (Debian's whole dist-packages) that must not shadow the project's own."""
    program = str(Path(os.path.realpath(soffice)).parent)
    added = [folder for folder in (program, *_UNO_FOLDERS) if folder not in sys.path]
    sys.path.extend(added)
    try:
        uno = importlib.import_module("uno")
        uno.getComponentContext()  # the bridge itself loads, not just uno.py
        return uno
    except Exception:  # ImportError, or a bridge built for another Python that fails as it loads
        return None
    finally:
        for folder in added:
            sys.path.remove(folder)


class Conversions:
    """The passes without UNO: a conversion each, as `reportgen pdf` runs one."""

    via_uno = False

    def __init__(self, timeout: int):
        self.timeout = timeout
        self.used = False  # whether a pass ran here: worth telling the writer why it was slow

    def convert(self, docx: Path, pdf: Path, options: dict) -> None:
        self.used = True
        try:
            export.to_pdf(docx, pdf, timeout=self.timeout, options=options)
        except ProjectError as error:
            raise OfficeError("；".join(p.message for p in error.problems.items)) from None

    def close(self) -> None:
        pass


class Office:
    """A headless LibreOffice that exports documents to PDF, started on the first `convert()` with the
    free faces for every official font that is not installed (`font_substitutes`): any draft lays out
    in it as in a `reportgen pdf` of its own."""

    via_uno = True

    def __init__(self, soffice: str, uno, timeout: int):
        self._soffice, self._uno, self.timeout = soffice, uno, timeout
        self._work = Path(tempfile.mkdtemp(prefix=temporary_prefix(OFFICE_FOLDER)))
        self._process: OfficeProcess | None = None
        self._desktop: Any = None  # the office's com.sun.star.frame.Desktop, once started
        self._substitutions: list = []

    def convert(self, docx: Path, pdf: Path, options: dict, task: str = "排版") -> None:
        """Export `docx` to `pdf` with the PDF export `options`; raise `OfficeError` on failure (its
        message names the `task`)."""
        if self._desktop is None:
            self._start()
        source = font_substitutes.office_copy(docx, self._work / "source.docx", self.substitutions_for(docx))
        uno, desktop = self._uno, self._desktop

        def export_pdf():
            document = desktop.loadComponentFromURL(uno.systemPathToFileUrl(str(source.resolve())), "_blank", 0,
                                                    (_property(uno, "Hidden", True),))
            if document is None:
                raise OfficeError("LibreOffice 无法打开排版用的草稿副本")
            try:
                data = uno.Any("[]com.sun.star.beans.PropertyValue",
                               tuple(_property(uno, key, value) for key, value in options.items()))
                document.storeToURL(uno.systemPathToFileUrl(str(pdf.resolve())),
                                    (_property(uno, "FilterName", "writer_pdf_Export"),
                                     _property(uno, "FilterData", data)))
            finally:
                document.close(True)

        self._call(export_pdf, self.timeout, f"LibreOffice 在 {self.timeout} 秒内没有完成{task}")

    def substitutions_for(self, docx: Path) -> list:
        """The free faces this office sets the official fonts of `docx` in (`font_substitutes`)."""
        return font_substitutes.used_by(docx, self._substitutions)

    def _start(self) -> None:
        font_env, self._substitutions = font_substitutes.prepare(self._work / "fonts")
        pipe = f"reportgen-{os.getpid()}-{self._work.name}"
        self._process = OfficeProcess(command(self._soffice, self._work / "profile", pipe),
                                      env={**os.environ, **font_env}, capture=False, leaves=self._work)
        process = self._process.process
        self._desktop = self._connect(pipe, lambda: process.poll() is not None, START_SECONDS)

    def _connect(self, pipe: str, ended, seconds: float):
        """The desktop of the office listening on `pipe`, once it listens; `OfficeError` when `ended()`
        says it never will, or after `seconds`."""
        uno = self._uno

        def connect():
            local = uno.getComponentContext()
            resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
            while True:
                try:
                    context = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
                    return context.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", context)
                except Exception:  # NoConnectException until the office listens
                    if ended():
                        raise OfficeError("LibreOffice 启动后立即退出了") from None
                    time.sleep(0.05)

        return self._call(connect, seconds, f"LibreOffice 在 {seconds} 秒内没有启动")

    def _call(self, work, seconds: float, late: str):
        """`work()` in a worker thread: its result, or `OfficeError` (`late` after `seconds`, or why it
        failed).  On a time-out, Ctrl+C or any error the office is ended before this returns."""
        outcome: dict = {}

        def run():
            try:
                outcome["value"] = work()
            except BaseException as exc:  # handed to the caller's thread
                outcome["error"] = exc

        worker = threading.Thread(target=run, name="reportgen-office", daemon=True)
        deadline = time.monotonic() + seconds
        try:
            worker.start()
            while worker.is_alive():
                worker.join(0.1)  # short waits: Ctrl+C reaches this thread between them
                if time.monotonic() > deadline:
                    raise OfficeTimeout(late)
        except BaseException:
            self._end()
            raise
        error = outcome.get("error")
        if error is not None:
            self._end()
            if isinstance(error, OfficeError):
                raise error
            raise OfficeError(f"LibreOffice 排版失败（{type(error).__name__}：{error}）") from None
        return outcome.get("value")

    def close(self) -> None:
        """Ask the office to quit, and end it if it does not within a few seconds."""
        if self._desktop is not None:
            desktop = self._desktop
            with contextlib.suppress(OfficeError):
                self._call(desktop.terminate, CLOSE_SECONDS, "")
        self._end()

    def _end(self) -> None:
        if self._process is not None:
            self._process.kill()
            self._process.release()
            self._process = None
        self._desktop = None
        shutil.rmtree(self._work, ignore_errors=True)


def command(soffice: str, profile: Path, pipe: str) -> list[str]:
    """The command that starts a headless office with the private `profile`, listening on `pipe`."""
    return [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--invisible", "--norestore",
            "--nologo", f"--accept=pipe,name={pipe};urp;StarOffice.ComponentContext"]


def _property(uno, name: str, value):
    prop = uno.createUnoStruct("com.sun.star.beans.PropertyValue")
    prop.Name, prop.Value = name, value
    return prop


@contextlib.contextmanager
def session(timeout: int):
    """An `Office` for the passes of one build (the one kept from the build before, `kept_office`, when
    there is one to keep), or `Conversions` where UNO is missing; closed on leaving, however that
    happens: a kept office left running, any other ended."""
    sweep()  # what builds killed outright left
    soffice = export.find_soffice()
    uno = uno_bridge(soffice) if soffice else None
    office: Office | Conversions
    if soffice and uno is not None:
        from reportgen.layout.kept_office import open_kept  # it builds on this module
        office = open_kept(soffice, uno, timeout) or Office(soffice, uno, timeout)
    else:
        office = Conversions(timeout)
    try:
        yield office
    finally:
        office.close()
