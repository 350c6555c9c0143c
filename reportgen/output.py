"""Writing the draft: never a half-written, clobbered or locked file.

The document is saved to a temporary file in the output folder and renamed
into place, so a failure at any point leaves any earlier draft untouched.
reportgen remembers a fingerprint of each draft it wrote (in
`.reportgen-drafts.json` beside it): a draft that changed since — an
editor's revisions — is not overwritten unless forced, and then a dated
backup is kept first.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
import re
import shutil
import tempfile
from pathlib import Path

from reportgen.interrupts import uninterrupted
from reportgen.oxml import package
from reportgen.problems import WARNING, Problem, Problems, ProjectError, os_reason

LEDGER = ".reportgen-drafts.json"


def _fingerprint(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _ledger(folder: Path) -> dict | None:
    """The fingerprints of the drafts written in `folder`; None when the record is there but unreadable."""
    path = folder / LEDGER
    if not path.exists():
        return {}
    try:
        ledger = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return ledger if isinstance(ledger, dict) else None


# A draft's file name: the title, shortened so that the backup's and the lock files' names still fit
# the 255-byte limit of common file systems (a Chinese character takes 3 bytes in UTF-8).
MAX_STEM = 60


def safe_filename(name: str) -> str:
    """A title as a file name Windows accepts too, and short enough for its backups."""
    name = re.sub(r'[\\/:*?"<>|\x00-\x1f]', "_", name).strip(" .")
    return name[:MAX_STEM].rstrip(" .") or "报告"


def draft_target(project, output: Path | None, section_key: str | None):
    """The section a build is for (None: the whole report) and the draft file it writes."""
    section = None
    if section_key is not None:
        section = project.find_section(section_key)
        if section is None:
            raise ProjectError(Problem("--section", f"没有章节“{section_key}”",
                                       "可用：" + "、".join(s.id for s in project.sections) + "，或章节序号"))
    name = project.title if section is None else f"{project.title}-{section.id}"
    return section, output or project.output_dir / f"{safe_filename(name)}.docx"


def lock_files(target: Path) -> list[Path]:
    """Owner files Word/WPS (~$name) and LibreOffice (.~lock.name#) keep while a file is open."""
    name = target.name
    candidates = [f"~${name}", f"~${name[2:]}", f".~lock.{name}#"]
    return [target.parent / c for c in candidates if (target.parent / c).exists()]


def _edit_state(target: Path) -> str:
    """"" when nothing is at `target` or it is the draft reportgen last built there; "updated" when it is
    the draft `reportgen update` last wrote (the editors' revisions in it); "edited" when it changed since
    either; "unknown" when it is there but the record of fingerprints is damaged."""
    if not target.exists():
        return ""
    ledger = _ledger(target.parent)
    if ledger is None:
        return "unknown"
    entry = ledger.get(target.name)
    updated = isinstance(entry, dict)  # by `reportgen update`: {"sha256": …, "updated": true}
    recorded = entry.get("sha256") if isinstance(entry, dict) else entry
    if recorded != _fingerprint(target):
        return "edited"
    return "updated" if updated else ""


def target_problems(target: Path, *, force: bool) -> list[Problem]:
    """Why the draft cannot be written to `target`: not a .docx name, a folder there or in the way,
    open in an editor, or changed by an editor since reportgen wrote it (unless `force`)."""
    where = str(target)
    if target.suffix.lower() != ".docx":
        return [Problem(where, "草稿的文件名应以 .docx 结尾", "改为如 -o 草稿.docx（Word 文档只能存为 .docx）")]
    try:
        if target.is_dir():
            return [Problem(where, "这里是一个文件夹，不能写入草稿", "用 -o 指定一个文件名，如 -o output/草稿.docx")]
        blocking = next((folder for folder in target.parents if folder.exists()), None)
        if blocking is not None and not blocking.is_dir():
            return [Problem(str(blocking), "这是一个文件，不是文件夹，无法在其中保存草稿",
                            "删去或改名这个文件，或在 reportgen.toml 的 [output] dir 中指定其他文件夹")]
        if blocking is not None and not _writable(blocking):
            return [Problem(str(blocking), "无法在这个文件夹中写入文件（没有写入权限，或磁盘只读）",
                            "换一个有写入权限的文件夹（用 -o 或 reportgen.toml 的 [output] dir），或请管理员开放权限")]
        locks = lock_files(target)
        if locks:
            return [Problem(where, "草稿正在 Word、WPS 或 LibreOffice 中打开（有锁定文件 "
                            + "、".join(lock.name for lock in locks) + "）",
                            "先关闭该文件再重新生成；若已经关闭（如 Word 曾异常退出），删去上述锁定文件；"
                            "或用 -o 另存为其他文件名")]
        state = "" if force else _edit_state(target)
        if state == "unknown":
            return [Problem(where, f"无法确认草稿是否被编辑改过：记录草稿指纹的文件 {LEDGER} 已损坏",
                            "确认草稿中没有要保留的修改后加 --force 重新生成（会先保留一份带日期的备份）；"
                            "或用 -o 写到新文件")]
        if state == "updated":
            return [Problem(where, "这份草稿含编辑的修订（reportgen update 更新过其中的数值），未覆盖",
                            "运行 reportgen update 把工作簿的新数值写入草稿；确需重新生成时加 --force"
                            "（会先保留一份带日期的备份），或用 -o 写到新文件")]
        if state == "edited":
            return [Problem(where, "该文件在 reportgen 生成之后被修改过（可能有编辑的修订），未覆盖",
                            "运行 reportgen compare 查看草稿中哪些数值与工作簿不一致，reportgen update 把新数值写入草稿；"
                            "或用 -o 写到新文件；确需覆盖时加 --force（会先保留一份带日期的备份）")]
    except OSError as exc:  # a name too long, a folder without permission …
        return [Problem(where, f"无法使用这个位置（{os_reason(exc)}）", "用 -o 指定较短的路径或其他文件夹")]
    return []


def _writable(folder: Path) -> bool:
    """Whether a file can be created in `folder`: tried, as the build will (permissions, read-only disks,
    immutable folders and network shares all answer truly only to a real attempt)."""
    try:
        with tempfile.TemporaryFile(dir=folder):
            return True
    except OSError:
        return False


def check_target(target: Path, *, force: bool) -> bool:
    """Refuse to write over a draft that is open or that an editor has changed (`target_problems`).

    Returns whether the draft there was edited (and so, with `force`, needs a backup).
    """
    problems = target_problems(target, force=force)
    if problems:
        raise ProjectError(Problems(problems))
    return force and _edit_state(target) != ""  # only a forced build gets this far with a changed draft


def _backup(target: Path) -> Path:
    """A dated copy of `target`; never over an earlier backup (two updates within a second)."""
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    backup, number = target.with_name(f"{target.stem}.备份-{stamp}{target.suffix}"), 1
    while backup.exists():
        number += 1
        backup = target.with_name(f"{target.stem}.备份-{stamp}-{number}{target.suffix}")
    shutil.copy2(target, backup)
    return backup


def _file_mode(target: Path) -> int:
    """The permissions the draft gets: those of the draft it replaces, else a new file's (the umask's)."""
    try:
        return target.stat().st_mode & 0o777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _remember(folder: Path, name: str, fingerprint: str, *, updated: bool) -> Problem | None:
    """Record the fingerprint of the draft just written (`updated`: by `reportgen update`, the editors'
    revisions in it); a warning when the ledger cannot be written."""
    ledger = _ledger(folder) or {}  # a damaged record is replaced
    ledger[name] = {"sha256": fingerprint, "updated": True} if updated else fingerprint
    temp = folder / f".~{LEDGER}"
    try:
        temp.write_text(json.dumps(ledger, ensure_ascii=False, indent=1), encoding="utf-8")
        os.replace(temp, folder / LEDGER)
    except OSError as exc:
        with contextlib.suppress(OSError):
            temp.unlink(missing_ok=True)
        return Problem(str(folder / LEDGER), f"草稿已保存，但无法记下它的指纹（{os_reason(exc)}）",
                       "下次生成时它会被当作编辑改过的草稿而不被覆盖（需加 --force）；检查该文件的写入权限",
                       level=WARNING)
    return None


def write_draft(document, target: Path, *, force: bool, problems: Problems | None = None) -> Path | None:
    """Save `document` to `target` atomically; return the backup made of a changed draft, if any.
    A ledger that cannot be updated is a warning in `problems`: the draft is written by then."""
    edited = check_target(target, force=force)  # again: the draft may have been opened during the build
    backup, unrecorded = _write(document, target, backup=edited)
    if unrecorded is not None and problems is not None:
        problems.items.append(unrecorded)
    return backup


def write_revised(document, target: Path) -> Path | None:
    """Save the draft `document`, revised by `reportgen update`, over `target` atomically, a dated backup
    of it kept first; return the backup.  The ledger knows it as a draft with the editors' revisions."""
    locks = lock_files(target)
    if locks:
        raise ProjectError(Problem(str(target), "草稿正在 Word、WPS 或 LibreOffice 中打开（有锁定文件 "
                                   + "、".join(lock.name for lock in locks) + "），未更新",
                                   "先保存并关闭该文件再运行；若已经关闭（如 Word 曾异常退出），删去上述锁定文件"))
    backup, _ = _write(document, target, backup=True, updated=True)  # unrecorded: the next build refuses anyway
    return backup


def _write(document, target: Path, *, backup: bool, updated: bool = False) -> tuple[Path | None, Problem | None]:
    """`_replace`, then `_remember`, as one step: a draft in place whose fingerprint is not recorded would be
    taken for an editor's by the next build, so Ctrl+C and SIGTERM wait for both."""
    with uninterrupted():
        kept, fingerprint = _replace(document, target, backup=backup)
        return kept, _remember(target.parent, target.name, fingerprint, updated=updated)


def _to_disk(path: Path) -> None:
    """Have the system write `path` (a file, or a folder's entries) to the disk now, where it can: on
    Windows a folder cannot be opened to be flushed, and its renames are written through anyway."""
    try:
        handle = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(handle)
    except OSError:
        pass  # a file system without fsync (some network shares): as durable as it can be made
    finally:
        os.close(handle)


def _replace(document, target: Path, *, backup: bool) -> tuple[Path | None, str]:
    """Write `document` to a temporary file beside `target` and rename it into place, after a dated
    backup of `target` when asked; return the backup and the new file's fingerprint."""
    folder = target.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle, temp_name = tempfile.mkstemp(prefix=".~reportgen-", suffix=".docx", dir=folder)
    except OSError as exc:
        raise ProjectError(Problem(str(folder), f"无法在输出文件夹中写入文件（{os_reason(exc)}）",
                                   "检查该文件夹是否存在、是否有写入权限，或用 -o 指定其他位置"))
    os.close(handle)
    temp = Path(temp_name)
    kept = None
    try:
        package.save(document, temp)
        os.chmod(temp, _file_mode(target))  # mkstemp makes it private to its owner
        if backup:
            kept = _backup(target)
        fingerprint = _fingerprint(temp)
        _to_disk(temp)  # before the rename: a crash just after it must not leave an empty draft
        os.replace(temp, target)
        _to_disk(folder)  # the rename itself
    except PermissionError:
        raise ProjectError(Problem(str(target), "无法覆盖文件：它可能正在 Word 或 WPS 中打开",
                                   "关闭该文件后重新运行"))
    except OSError as exc:
        raise ProjectError(Problem(str(target), f"写入失败（{os_reason(exc)}）", "检查磁盘空间和写入权限"))
    finally:
        temp.unlink(missing_ok=True)
    return kept, fingerprint
