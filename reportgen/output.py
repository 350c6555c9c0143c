"""Writing the draft: never a half-written or clobbered file.

The document is saved to a temporary file in the output folder and renamed
into place, so a failure at any point leaves any earlier draft untouched.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from reportgen.problems import Problem, ProjectError

STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"


def drop_legacy_parts(document) -> None:
    """python-docx's default template carries a Word 2010 stylesWithEffects part that
    contradicts styles.xml once the styles are rewritten: drop it (Word recreates it)."""
    part = document.part
    for rel_id, rel in list(part.rels.items()):
        if rel.reltype == STYLES_WITH_EFFECTS:
            part.drop_rel(rel_id)


def write_atomically(document, target: Path) -> None:
    """Save `document` to `target` through a temporary file and an atomic rename."""
    folder = target.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle, temp_name = tempfile.mkstemp(prefix=".~reportgen-", suffix=".docx", dir=folder)
    except OSError as exc:
        raise ProjectError(Problem(str(folder), f"无法在输出文件夹中写入文件（{exc.strerror}）",
                                   "检查该文件夹是否存在、是否有写入权限，或用 -o 指定其他位置"))
    os.close(handle)
    temp = Path(temp_name)
    try:
        document.save(temp)
        os.replace(temp, target)
    except PermissionError:
        raise ProjectError(Problem(str(target), "无法覆盖文件：它可能正在 Word 或 WPS 中打开",
                                   "关闭该文件后重新运行"))
    except OSError as exc:
        raise ProjectError(Problem(str(target), f"写入失败（{exc.strerror}）", "检查磁盘空间和写入权限"))
    finally:
        temp.unlink(missing_ok=True)

