"""Print the README's table of format-profile settings from `reportgen/project/profile.py`.

Run after adding or changing a setting and paste the output into README.md
(section 格式方案设置); tests/test_docs.py checks that every setting is there.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from reportgen.project.profile import settings  # noqa: E402


def _shown(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f'"{value}"'
    return f"{value:g}" if isinstance(value, float) else str(value)


def main() -> None:
    print("| 设置项 | 含义 | 默认值 | 可选值或范围 |")
    print("|---|---|---|---|")
    for field in settings():
        check = field.metadata["check"]
        allowed = getattr(check, "allowed", "true 或 false" if isinstance(field.default, bool) else "")
        doc = field.metadata["doc"].replace("|", "\\|")
        print(f"| `{field.name}` | {doc} | `{_shown(field.default)}` | {allowed} |")


if __name__ == "__main__":
    main()
