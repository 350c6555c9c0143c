"""The README documents every setting writers can use."""

from __future__ import annotations

from conftest import REPO

from reportgen.profile import settings

README = (REPO / "README.md").read_text(encoding="utf-8")


def test_every_profile_setting_is_in_the_readme_table():
    missing = [f.name for f in settings() if f"| `{f.name}` |" not in README]
    assert missing == []
