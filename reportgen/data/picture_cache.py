"""A cache of prepared pictures and charts, so a rebuild after a text or number change redoes no image work.

Entries are keyed by the picture file's content (its SHA-256, remembered while
the file keeps its size and modification time) and every setting that changes
the result (placed width, dpi, the preparation code's version); a changed photo
or setting simply misses.  Entries are written atomically, so an interrupted
build never leaves a half-written one.

What the cache lacks is prepared in worker processes (`start`), in the order
the draft needs it, and collected picture by picture (`prepared`), so the
build places each photo as soon as it is ready.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import signal
import tempfile
import threading
import time
from concurrent.futures import Future, ProcessPoolExecutor
from multiprocessing.connection import wait
from pathlib import Path

from reportgen.data import photos
from reportgen.interrupts import uninterrupted
from reportgen.problems import Problem, ProjectError

VERSION = "1"  # bump when images.prepare changes its output
SUFFIX = {"JPEG": ".jpg", "PNG": ".png"}


def file_digest(path: Path) -> str:
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def store(entry: Path, blob: bytes) -> None:
    """Write a cache entry atomically (an interrupted build never leaves half of one), or nothing: a
    cache that cannot be written only costs time on the next build."""
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        handle, temp = tempfile.mkstemp(dir=entry.parent, suffix=".tmp")
        with os.fdopen(handle, "wb") as out:
            out.write(blob)
        os.replace(temp, entry)
    except OSError:
        pass


def _read(entry: Path) -> bytes | None:
    try:
        return entry.read_bytes()
    except OSError:
        return None


# An entry is written whole (atomically); these catch one another program changed, which would
# otherwise go into the draft as it is.
def _whole_picture(blob: bytes, fmt: str) -> bool:
    if fmt == "JPEG":
        return blob.startswith(b"\xff\xd8") and blob.rstrip(b"\x00").endswith(b"\xff\xd9")
    return blob.startswith(b"\x89PNG\r\n\x1a\n") and blob.endswith(b"IEND\xaeB`\x82")


def _whole_chart(chart_xml: bytes, workbook: bytes) -> bool:
    import io
    import zipfile

    from lxml import etree

    try:
        etree.fromstring(chart_xml)
        with zipfile.ZipFile(io.BytesIO(workbook)) as book:
            return book.testzip() is None
    except (etree.XMLSyntaxError, zipfile.BadZipFile, ValueError):
        return False


def prune(folder: Path, pattern: str, keep: int) -> None:
    """Remove all but the `keep` newest entries matching `pattern` from a cache folder."""
    try:
        entries = sorted(folder.glob(pattern), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in entries[keep:]:
            old.unlink()
    except OSError:
        pass


WORKER_GRACE = 5  # seconds a worker has to finish its photo once the build is done or stopped


def _start_worker() -> None:
    """Runs as each worker starts.  Ctrl+C reaches every process of the terminal's group: the worker
    ignores it and leaves it to the build, which says "已中断" (else each worker prints an English
    traceback).  And the worker ends when the build that started it ends, however it ends (a killed
    build leaves its workers waiting on their queue for ever otherwise)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # forked inside `uninterrupted()`, it would hold terminate() back
    parent = multiprocessing.parent_process()
    if parent is not None:
        threading.Thread(target=lambda: (wait([parent.sentinel]), os._exit(0)), daemon=True).start()


def _prepare_and_digest(path: Path, width_emu: int, dpi: int) -> tuple[bytes, str, str]:
    """Runs in a worker process: the prepared picture and the original's digest."""
    return (*photos.prepare(path, width_emu, dpi), file_digest(path))


class ImageCache:
    def __init__(self, folder: Path):
        self.folder = folder
        self._known: dict | None = None  # file identity -> what we learnt about that file
        self._known_changed = False
        self._ready: dict[tuple[Path, int, int], tuple[bytes, str]] = {}
        self._pool: ProcessPoolExecutor | None = None
        self._pending: dict[tuple[Path, int, int], Future] = {}

    def _entry(self, path: Path) -> dict:
        """What is known about this file while it keeps its size and modification time."""
        if self._known is None:
            try:
                known = json.loads((self.folder / "known.json").read_text(encoding="utf-8"))
            except (OSError, ValueError):
                known = None
            self._known = known if isinstance(known, dict) else {}  # missing or damaged: start afresh
        stat = path.stat()
        return self._known.setdefault(f"{path.resolve()}|{stat.st_size}|{stat.st_mtime_ns}|{VERSION}", {})

    def info(self, path: Path) -> photos.ImageInfo:
        """`photos.inspect(path)`, remembered for an unchanged file (checking photos is slow)."""
        entry = self._entry(path)
        if "format" not in entry:
            info = photos.inspect(path)  # raises ImageProblem: nothing remembered
            entry.update(width=info.width, height=info.height, format=info.format)
            self._known_changed = True
        return photos.ImageInfo(entry["width"], entry["height"], entry["format"])

    def _knows_digest(self, path: Path) -> bool:
        return "sha256" in self._entry(path)

    def _digest(self, path: Path) -> str:
        entry = self._entry(path)
        if "sha256" not in entry:
            entry["sha256"] = file_digest(path)
            self._known_changed = True
        return entry["sha256"]

    def _key(self, path: Path, width_emu: int, dpi: int) -> str:
        return hashlib.sha256(f"{self._digest(path)}|{width_emu}|{dpi}|{VERSION}".encode()).hexdigest()

    def save(self) -> None:
        """Write what was learnt about the photos, for the next build."""
        if self._known_changed:
            store(self.folder / "known.json", json.dumps(self._known, ensure_ascii=False).encode())
            self._known_changed = False

    def start(self, pictures: list[tuple[Path, int]], dpi: int) -> None:
        """Begin preparing the (path, placed width) pairs the cache lacks, in worker processes and
        in the given order (the draft's), while the caller goes on; `prepared` collects each one."""
        # A photo whose digest is not remembered is new or changed: it goes to a worker without
        # being read here (the worker hashes it as it reads it).
        todo = [item for item in dict.fromkeys(pictures)
                if (*item, dpi) not in self._pending and (*item, dpi) not in self._ready
                and (not self._knows_digest(item[0]) or self._lookup(*item, dpi) is None)]
        if self._pool is None:
            workers = min(len(todo), os.cpu_count() or 1)
            if workers < 2:  # one photo, or one core: `prepared` does it in this process
                return
            self._pool = ProcessPoolExecutor(max_workers=workers, initializer=_start_worker)
        with uninterrupted():  # the pool forks its workers here: Ctrl+C in the middle would lose one
            for path, width in todo:
                self._pending[(path, width, dpi)] = self._pool.submit(_prepare_and_digest, path, width, dpi)

    def close(self) -> None:
        """Stop the worker processes, also when a build stops early: work not started is cancelled, and
        the workers, which ignore Ctrl+C, finish their photo and exit.  One that has not exited after
        `WORKER_GRACE` seconds is stopped: after Ctrl+C, rarely, the pool's end-of-work messages never
        reach a worker, and the build would wait for it for ever."""
        pool, self._pool = self._pool, None
        if pool is not None:
            processes = list((getattr(pool, "_processes", None) or {}).values())  # no public API has them
            pool.shutdown(wait=False, cancel_futures=True)
            deadline = time.monotonic() + WORKER_GRACE
            for process in processes:
                process.join(max(0.0, deadline - time.monotonic()))
            for process in processes:
                if process.is_alive():
                    process.terminate()
        self._pending.clear()

    def _lookup(self, path: Path, width_emu: int, dpi: int) -> tuple[bytes, str] | None:
        if (path, width_emu, dpi) in self._ready:
            return self._ready[(path, width_emu, dpi)]
        key = self._key(path, width_emu, dpi)
        for fmt, suffix in SUFFIX.items():
            entry = self.folder / f"{key}{suffix}"
            blob = _read(entry)
            if blob is not None and _whole_picture(blob, fmt):
                self._ready[(path, width_emu, dpi)] = (blob, fmt)
                return self._ready[(path, width_emu, dpi)]
        return None

    def prepared(self, path: Path, width_emu: int, dpi: int) -> tuple[bytes, str]:
        """The picture ready to embed: from a worker started earlier, from the cache, or made now."""
        future = self._pending.pop((path, width_emu, dpi), None)
        if future is None:
            found = self._lookup(path, width_emu, dpi)
            if found is not None:
                return found
        try:
            if future is None:
                blob, fmt = photos.prepare(path, width_emu, dpi)
            else:
                blob, fmt, digest = future.result()
                entry = self._entry(path)
                if "sha256" not in entry:
                    entry["sha256"] = digest
                    self._known_changed = True
        except Exception as exc:  # a photo that passed its check but cannot be converted
            raise ProjectError(Problem(str(path), f"图片无法处理（{exc}）",
                                       "在看图软件中打开并另存为 JPEG 后重试")) from None
        self._remember(path, width_emu, dpi, blob, fmt)
        return blob, fmt

    def _remember(self, path: Path, width_emu: int, dpi: int, blob: bytes, fmt: str) -> None:
        self._ready[(path, width_emu, dpi)] = (blob, fmt)
        store(self.folder / f"{self._key(path, width_emu, dpi)}{SUFFIX[fmt]}", blob)

    def chart(self, make, version: str, **inputs) -> tuple[bytes, bytes]:
        """`make(**inputs)` -> (chart XML, workbook), cached by the inputs and the `version` of what `make`
        writes: an unchanged chart costs no XML or workbook writing on a rebuild, and a chart cached by
        an older reportgen is written anew."""
        key = hashlib.sha256(json.dumps([inputs, VERSION, version], ensure_ascii=False,
                                        sort_keys=True).encode()).hexdigest()
        xml_entry, book_entry = self.folder / f"{key}.chart.xml", self.folder / f"{key}.chart.xlsx"
        chart_xml, workbook = _read(xml_entry), _read(book_entry)
        if chart_xml is not None and workbook is not None and _whole_chart(chart_xml, workbook):
            return chart_xml, workbook
        chart_xml, workbook = make(**inputs)
        store(book_entry, workbook)
        store(xml_entry, chart_xml)
        return chart_xml, workbook

