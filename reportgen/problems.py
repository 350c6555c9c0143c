"""Problems found in a writer's input, reported all at once.

Every check in reportgen appends `Problem`s instead of raising on the first
one, so a writer sees everything wrong with their project in one run.  A
`ProjectError` carries the collected problems up to the CLI, which prints
them in Chinese and exits non-zero; it is never shown as a traceback.
"""

from __future__ import annotations

import difflib
import errno
from dataclasses import dataclass, field

ERROR = "错误"
WARNING = "警告"
NOTE = "提示"  # how the run went (slower than it could be), not a problem with the project


# What the operating system said, as a writer reads it (its own text is English on most systems).
_OS_REASONS = {
    errno.EACCES: "没有权限", errno.EPERM: "没有权限（文件或文件夹可能被设为只读或锁定）",
    errno.ENOENT: "文件或文件夹不存在", errno.ENOSPC: "磁盘空间不足", errno.EROFS: "磁盘是只读的",
    errno.ENAMETOOLONG: "文件名或路径太长", errno.EISDIR: "这是一个文件夹", errno.ENOTDIR: "路径中有一段不是文件夹",
    errno.EBUSY: "文件正被其他程序使用", errno.EDQUOT: "磁盘配额已用完", errno.EIO: "磁盘读写出错",
}


def os_reason(exc: OSError) -> str:
    """An OSError's cause in Chinese (the system's own words when it is not a common one)."""
    reason = _OS_REASONS.get(exc.errno) if exc.errno is not None else None
    return reason or exc.strerror or str(exc)


@dataclass(frozen=True)
class Problem:
    where: str  # file, sheet and cell, or template and paragraph
    message: str  # what is wrong, and what was expected
    hint: str = ""  # how to fix it
    level: str = ERROR

    def as_error(self) -> "Problem":
        return Problem(self.where, self.message, self.hint, ERROR)

    def __str__(self) -> str:
        text = f"[{self.level}] {self.where}：{self.message}"
        if self.hint:
            text += f"\n        处理办法：{self.hint}"
        return text


@dataclass
class Problems:
    """An ordered collection of problems with helpers for the common cases."""

    items: list[Problem] = field(default_factory=list)

    def error(self, where: str, message: str, hint: str = "") -> None:
        self.items.append(Problem(where, message, hint, ERROR))

    def warning(self, where: str, message: str, hint: str = "") -> None:
        self.items.append(Problem(where, message, hint, WARNING))

    def note(self, where: str, message: str, hint: str = "") -> None:
        self.items.append(Problem(where, message, hint, NOTE))

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.items if p.level == ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.items if p.level == WARNING]

    @property
    def notes(self) -> list[Problem]:
        return [p for p in self.items if p.level == NOTE]

    def raise_if_errors(self) -> None:
        if self.errors:
            raise ProjectError(self)


def similar_hint(name: str, choices, otherwise: str = "", *, cutoff: float = 0.4) -> str:
    """"相近的名称：a、b" for the choices close to a mistyped `name`, else `otherwise`."""
    close = difflib.get_close_matches(name, [c for c in choices if isinstance(c, str)], n=3, cutoff=cutoff)
    return "相近的名称：" + "、".join(close) if close else otherwise


class ReportgenError(Exception):
    """Base of reportgen's own errors: what a writer's input or the tools it drives can cause, each
    with a message in Chinese.  Whatever else escapes is a bug, and the CLI says so."""


class ProjectError(ReportgenError):
    """The project cannot be built; `problems` says why, in the writer's terms."""

    def __init__(self, problems: Problems | Problem):
        if isinstance(problems, Problem):
            problems = Problems([problems])
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems.items))
