"""Problems found in a writer's input, reported all at once.

Every check in reportgen appends `Problem`s instead of raising on the first
one, so a writer sees everything wrong with their project in one run.  A
`ProjectError` carries the collected problems up to the CLI, which prints
them in Chinese and exits non-zero; it is never shown as a traceback.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

ERROR = "错误"
WARNING = "警告"


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

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.items if p.level == ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.items if p.level == WARNING]

    def raise_if_errors(self) -> None:
        if self.errors:
            raise ProjectError(self)


def similar_hint(name: str, choices, otherwise: str = "", *, cutoff: float = 0.4) -> str:
    """"相近的名称：a、b" for the choices close to a mistyped `name`, else `otherwise`."""
    close = difflib.get_close_matches(name, [c for c in choices if isinstance(c, str)], n=3, cutoff=cutoff)
    return "相近的名称：" + "、".join(close) if close else otherwise


class ProjectError(Exception):
    """The project cannot be built; `problems` says why, in the writer's terms."""

    def __init__(self, problems: Problems | Problem):
        if isinstance(problems, Problem):
            problems = Problems([problems])
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems.items))
