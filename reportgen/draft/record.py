"""The record a draft carries of its values: which tag printed each value bookmark (`provenance`), from
which template paragraph, and what it printed; each workbook table's cells as built; and the report it
belongs to.  `compare` and `update` read it back to tell an editor's change from the workbook's.

It travels inside the draft, in custom document properties (`oxml.custom_props`), which Word keeps and a
LibreOffice open-and-save keeps whole: a renamed draft ("…（修改稿）.docx"), one mailed to another
machine, or one whose project lost its `output/.reportgen-cache/` is still known.  It never prints.
The JSON is compressed and cut into pieces Word keeps whole; a checksum tells a damaged record from a
good one.  Drafts built before it travelled have their record in the cache folder, read as a fallback.
"""

from __future__ import annotations

import base64
import hashlib
import json
import zlib
from pathlib import Path

from reportgen.oxml.custom_props import drop_custom, pieces, read_custom, write_custom
from reportgen.render.provenance import key

VERSION = 4
PREFIX = "reportgen-record"  # the header property; the pieces are "reportgen-record-001" …

# Why there is no record to go by, as compare says it.
NO_RECORD = "这份草稿中没有 reportgen 的记录（它不是 reportgen 生成的，或被另存时去掉了文档属性）"
DAMAGED = "这份草稿中的记录已损坏，或由较早版本的 reportgen 写下"


def record_of(placed: dict[str, int], values, blocks: dict[str, dict], first_numbers: dict[str, int],
              chapters_before: int, report: dict, phrases: dict[str, dict] | None = None) -> dict:
    """The record of a draft just built: each value bookmark's tag, place, repetition and text (`placed`:
    bookmark -> index in `values.records`); the values printed without a bookmark (in headers, footers, a
    master a section's draft leaves out); the workbook's tables (with their cells) and charts by their
    captions' bookmarks (`provenance.placed_blocks`); for a draft of one section, its first caption
    numbers and the chapters before it; the `report` (title, year) it belongs to; and the `phrases` an
    `{% if %}` printed within a sentence, by their bookmarks (`provenance.place_phrases`)."""
    marked = set(placed.values())
    return {"version": VERSION, "report": report,
            "values": {name: values.records[index] for name, index in placed.items()},
            "unmarked": [list(key(r)) for index, r in enumerate(values.records) if index not in marked],
            **blocks, "first_numbers": first_numbers, "chapters_before": chapters_before, "phrases": phrases or {}}


def embed(document, record: dict) -> None:
    """Put `record` into `document`'s custom properties, replacing any it had."""
    text = canonical(record)
    packed = base64.b64encode(zlib.compress(text.encode(), 9)).decode("ascii")
    parts = pieces(packed)
    header = f"{VERSION}:{len(parts)}:{_digest(text)}"
    write_custom(document.part.package, PREFIX,
                 {PREFIX: header, **{f"{PREFIX}-{i:03d}": piece for i, piece in enumerate(parts, 1)}})


def remove(document) -> None:
    """Take the record out of `document` (as a program that drops custom properties would)."""
    drop_custom(document.part.package, PREFIX)


def embedded(document) -> tuple[dict | None, str]:
    """The record inside `document`, or None and why not."""
    found = read_custom(document.part.package)
    header = found.get(PREFIX)
    if header is None:
        return None, NO_RECORD
    try:
        version, count, digest = header.split(":")
        packed = "".join(found[f"{PREFIX}-{i:03d}"] for i in range(1, int(count) + 1))
        text = zlib.decompress(base64.b64decode(packed, validate=True)).decode()
    except (ValueError, KeyError, zlib.error, UnicodeDecodeError):
        return None, DAMAGED
    if version != str(VERSION) or digest != _digest(text):
        return None, DAMAGED
    return _checked(text)


def from_cache(path: Path) -> tuple[dict | None, str]:
    """The record an earlier reportgen wrote beside the draft (`output/.reportgen-cache/provenance/`)."""
    try:
        return _checked(path.read_text(encoding="utf-8"), versions=(3,))
    except OSError:
        return None, NO_RECORD
    except UnicodeDecodeError:
        return None, DAMAGED


def cache_path(cache: Path, draft: Path) -> Path:
    """Where an earlier reportgen kept `draft`'s record, in the project's cache folder `cache`."""
    return cache / "provenance" / f"{draft.name}.json"


def canonical(record: dict) -> str:
    """The record as text (in its own order: a record read back and left alone reads the same)."""
    return json.dumps(record, ensure_ascii=False, separators=(",", ":"))


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def _checked(text: str, versions=(VERSION,)) -> tuple[dict | None, str]:
    """The record in `text`, if it is JSON of a known version and of the record's shape."""
    try:
        record = json.loads(text)
    except ValueError:
        return None, DAMAGED
    if not isinstance(record, dict) or record.get("version") not in versions or not _shaped(record):
        return None, DAMAGED
    return record, ""


def _shaped(record: dict) -> bool:
    """Whether every part of `record` that compare reads is there and of its type."""
    values = record.get("values")
    if not isinstance(values, dict) or not all(
            isinstance(entry, dict) and isinstance(entry.get("tag"), str) and isinstance(entry.get("text"), str)
            and isinstance(entry.get("place"), str) and isinstance(entry.get("n"), int) for entry in values.values()):
        return False
    tables, charts = record.get("tables", {}), record.get("charts", {})
    if not isinstance(tables, dict) or not all(
            isinstance(t, dict) and isinstance(t.get("name"), str) and isinstance(t.get("header_rows"), int)
            and isinstance(t.get("rows", []), list) and all(isinstance(row, dict) for row in t.get("rows", []))
            for t in tables.values()):
        return False
    if not isinstance(charts, dict) or not all(isinstance(c, dict) and isinstance(c.get("name"), str)
                                               for c in charts.values()):
        return False
    unmarked = record.get("unmarked", [])
    if not isinstance(unmarked, list) or not all(isinstance(k, list) and len(k) == 3 for k in unmarked):
        return False
    phrases = record.get("phrases", {})
    if not isinstance(phrases, dict) or not all(
            isinstance(p, dict) and all(isinstance(p.get(k), str) for k in ("tag", "place", "text", "skeleton"))
            and isinstance(p.get("n"), int) for p in phrases.values()):
        return False
    report = record.get("report", {})
    return isinstance(record.get("first_numbers", {}), dict) and isinstance(record.get("chapters_before", 0), int) \
        and isinstance(report, dict)
