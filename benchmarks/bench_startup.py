"""Benchmark: how quickly reportgen answers: `--help`, `init`, and a warm rebuild of the bundled example.

Run from the repository root:  python3 benchmarks/bench_startup.py  [--repeats N]

Each command runs as a writer runs it, the installed `reportgen` script in a fresh process, with
Python's bytecode cache on (PYTHONDONTWRITEBYTECODE unset) and timed from the outside, round by round:

* --help         - `reportgen --help`;
* init           - `reportgen init` of a new folder;
* warm rebuild   - `reportgen build --force` of a copy of the bundled example built once before: its
                   pictures, compiled templates and layout passes are remembered (output/.reportgen-cache);
* python -c pass - the interpreter starting and stopping, the floor under every command.

Goals (issue 10): --help and init at most 0.15 s, the warm rebuild at most 0.5 s.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import sysconfig
import tempfile
import time
from pathlib import Path

from example_copy import copy_example

REPO = Path(__file__).resolve().parent.parent
GOALS = {"--help": 0.15, "init": 0.15, "warm rebuild": 0.5}


def script() -> list[str]:
    """The `reportgen` console script beside this interpreter (not a shell shim in front of it)."""
    found = Path(sysconfig.get_path("scripts")) / "reportgen"
    return [str(found)] if found.exists() else [sys.executable, "-m", "reportgen"]


def timed(command: list[str], env: dict, *, check: bool = True) -> float:
    """Seconds one run of `command` takes, seen from outside (`check`: it must succeed)."""
    start = time.perf_counter()
    subprocess.run(command, check=check, capture_output=True, env=env, cwd=REPO)
    return time.perf_counter() - start


def writer_env() -> dict:
    """The environment a writer runs in: Python's bytecode cache on."""
    return {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}


def repeats(doc: str) -> int:
    """The rounds asked for on the command line (`--repeats N`, 7 by default); `doc` is the script's docstring."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=7)
    return parser.parse_args().repeats


def main() -> None:
    rounds = repeats(__doc__)
    env = writer_env()
    reportgen = script()
    with tempfile.TemporaryDirectory(prefix="bench-startup-") as work:
        work = Path(work)
        example = copy_example(work / "example")
        subprocess.run([*reportgen, "--help"], check=True, capture_output=True, env=env)  # bytecode written
        subprocess.run([*reportgen, "build", str(example)], check=True, capture_output=True, env=env)
        scenarios = {
            "--help": lambda n: [*reportgen, "--help"],
            "init": lambda n: [*reportgen, "init", str(work / f"new-{n}")],
            "warm rebuild": lambda n: [*reportgen, "build", "--force", str(example)],
            "python -c pass": lambda n: [sys.executable, "-c", "pass"],
        }
        results = {name: [] for name in scenarios}
        for round_number in range(1, rounds + 1):
            for name, command in scenarios.items():
                results[name].append(timed(command(round_number), env))
            print(f"round {round_number}: " + ", ".join(f"{n} {r[-1]:.3f} s" for n, r in results.items()),
                  flush=True)
    print(f"\nmedians of {rounds} rounds ({' '.join(reportgen)})\n")
    print("| command | time (s) | goal (s) |")
    print("|---|---|---|")
    for name, times in results.items():
        goal = GOALS.get(name)
        median = statistics.median(times)
        print(f"| {name} | {median:.3f} | {f'{goal:.2f} ' + ('met' if median <= goal else 'NOT met') if goal else ''} |")


if __name__ == "__main__":
    main()
