"""Writing the draft: never a half-written, clobbered or locked file.

The document is saved to a temporary file in the output folder and renamed
into place, so a failure at any point leaves any earlier draft untouched.
reportgen remembers a fingerprint of each draft it wrote (in
`.reportgen-drafts.json` beside it): a draft that changed since — an
editor's revisions — is not overwritten unless forced, and then a dated
backup is kept first.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import tempfile
from pathlib import Path

from reportgen.oxml import package
from reportgen.problems import Problem, ProjectError

LEDGER = ".reportgen-drafts.json"


def _fingerprint(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _ledger(folder: Path) -> dict:
    try:
        return json.loads((folder / LEDGER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def lock_files(target: Path) -> list[Path]:
    """Owner files Word/WPS (~$name) and LibreOffice (.~lock.name#) keep while a file is open."""
    name = target.name
    candidates = [f"~${name}", f"~${name[2:]}", f".~lock.{name}#"]
    return [target.parent / c for c in candidates if (target.parent / c).exists()]


def _edited(target: Path) -> bool:
    """Whether `target` exists and is not the draft reportgen last wrote there."""
    return target.exists() and _ledger(target.parent).get(target.name) != _fingerprint(target)


def check_target(target: Path, *, force: bool) -> bool:
    """Refuse to write over a draft that is open or that an editor has changed.

    Returns whether the draft there was edited (and so, with `force`, needs a backup).
    """
    if lock_files(target):
        raise ProjectError(Problem(str(target), "草稿正在 Word、WPS 或 LibreOffice 中打开",
                                   "先关闭该文件再重新生成；或用 -o 另存为其他文件名"))
    edited = _edited(target)
    if edited and not force:
        raise ProjectError(Problem(str(target), "该文件在 reportgen 生成之后被修改过（可能有编辑的修订），未覆盖",
                                   "另存编辑的修改后再生成；或用 -o 写到新文件；确需覆盖时加 --force"
                                   "（会先保留一份带日期的备份）"))
    return edited


def _backup(target: Path) -> Path:
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    backup = target.with_name(f"{target.stem}.备份-{stamp}{target.suffix}")
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


def write_draft(document, target: Path, *, force: bool = False) -> Path | None:
    """Save `document` to `target` atomically; return the backup made of a changed draft, if any."""
    edited = check_target(target, force=force)  # again: the draft may have been opened during the build
    folder = target.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle, temp_name = tempfile.mkstemp(prefix=".~reportgen-", suffix=".docx", dir=folder)
    except OSError as exc:
        raise ProjectError(Problem(str(folder), f"无法在输出文件夹中写入文件（{exc.strerror}）",
                                   "检查该文件夹是否存在、是否有写入权限，或用 -o 指定其他位置"))
    os.close(handle)
    temp = Path(temp_name)
    backup = None
    try:
        package.save(document, temp)
        os.chmod(temp, _file_mode(target))  # mkstemp makes it private to its owner
        if edited:
            backup = _backup(target)
        fingerprint = _fingerprint(temp)
        os.replace(temp, target)
        ledger = _ledger(folder)
        ledger[target.name] = fingerprint
        (folder / LEDGER).write_text(json.dumps(ledger, ensure_ascii=False, indent=1), encoding="utf-8")
    except PermissionError:
        raise ProjectError(Problem(str(target), "无法覆盖文件：它可能正在 Word 或 WPS 中打开",
                                   "关闭该文件后重新运行"))
    except OSError as exc:
        raise ProjectError(Problem(str(target), f"写入失败（{exc.strerror}）", "检查磁盘空间和写入权限"))
    finally:
        temp.unlink(missing_ok=True)
    return backup
