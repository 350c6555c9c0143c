"""Write tests/slow_tests.txt, the tests `python3 -m pytest -m "not slow"` leaves out, from the durations of
a full run:

    python3 -m pytest --durations=0 > /tmp/durations.log; python3 tools/slow_tests.py /tmp/durations.log

A test (all its parameters together) counts as slow when its setup, call and teardown take half a second
or more.  Tests needing LibreOffice are marked slow whatever they take (tests/conftest.py).
"""

from __future__ import annotations

import collections
import re
import sys
from pathlib import Path

THRESHOLD_SECONDS = 0.5
LIST = Path(__file__).resolve().parent.parent / "tests" / "slow_tests.txt"
_DURATION = re.compile(r"\s*([\d.]+)s (?:call|setup|teardown)\s+(tests/\S+?::[^\s\[]+)")


def main() -> None:
    seconds: collections.Counter = collections.Counter()
    for line in Path(sys.argv[1]).read_text(encoding="utf-8", errors="replace").splitlines():
        found = _DURATION.match(line)
        if found:
            seconds[found.group(2)] += float(found.group(1))
    slow = sorted(test for test, spent in seconds.items() if spent >= THRESHOLD_SECONDS)
    LIST.write_text("# Tests that take half a second or more: written by tools/slow_tests.py\n"
                    + "".join(f"{test}\n" for test in slow), encoding="utf-8")
    print(f"{len(slow)} slow tests, {sum(seconds[t] for t in slow):.0f} s of {sum(seconds.values()):.0f} s")


if __name__ == "__main__":
    main()
