"""The mutation score per package, from a `mutmut run` (pyproject.toml [tool.mutmut]), and the survivors.

Run it where mutmut ran, with the Python that has mutmut:

    python3 tests/mutation/report.py                 # the table of tests/mutation/README.md
    python3 tests/mutation/report.py --survivors     # and each surviving mutant's diff, by function

A survivor is "wording" when the mutant changes nothing but the text of string literals (a message's
words, "XX" around a key) and "logic" otherwise; the logic survivors are the ones to read.
"""

from __future__ import annotations

import argparse
import io
import subprocess
import sys
import tokenize
from collections import Counter, defaultdict

PACKAGES = ["reportgen.data", "reportgen.render.filters", "reportgen.draft.captions", "reportgen.revise",
            "reportgen.output"]


def results() -> dict[str, str]:
    """Every mutant's name and status, as `mutmut results --all true` lists them."""
    listed = subprocess.run([sys.executable, "-m", "mutmut", "results", "--all", "true"], capture_output=True,
                            text=True, check=True).stdout
    found = {}
    for line in listed.splitlines():
        name, _, status = line.strip().rpartition(": ")
        if name:
            found[name] = status
    return found


def package_of(name: str) -> str:
    return next((package for package in PACKAGES if name.startswith(package + ".")), "other")


def function_of(name: str) -> str:
    return name.rsplit("__mutmut_", 1)[0]


def diff_of(name: str) -> str:
    from mutmut.mutation.diff_apply import get_diff_for_mutant
    return get_diff_for_mutant(name)


def _code_tokens(lines: list[str]) -> list[tuple[int, str]] | None:
    """The tokens of `lines` with each string literal's text left out; None when they do not tokenize
    (a line cut out of its statement)."""
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO("\n".join(lines) + "\n").readline))
    except (tokenize.TokenError, IndentationError, SyntaxError):
        return None
    return [(t.type, "" if t.type == tokenize.STRING else t.string) for t in tokens
            if t.type not in (tokenize.NL, tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT, tokenize.COMMENT)]


def kind_of(diff: str) -> str:
    """"wording" when the mutant changes string literals only, else "logic"."""
    removed = [line[1:].strip() for line in diff.splitlines() if line.startswith("-") and not line.startswith("---")]
    added = [line[1:].strip() for line in diff.splitlines() if line.startswith("+") and not line.startswith("+++")]
    before, after = _code_tokens(removed), _code_tokens(added)
    return "wording" if before is not None and before == after else "logic"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--survivors", action="store_true", help="print each logic survivor's diff")
    args = parser.parse_args()
    found = results()
    counts: dict[str, Counter] = defaultdict(Counter)
    logic: dict[str, list[str]] = defaultdict(list)
    for name, status in found.items():
        package = package_of(name)
        counts[package][status] += 1
        if status == "survived":
            kind = kind_of(diff_of(name))
            counts[package][kind] += 1
            if kind == "logic":
                logic[package].append(name)
    print("| package | mutants | killed | survived: logic | survived: wording | not reached by the tests run "
          "| timeout | score |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for package in [*PACKAGES, "other"]:
        c = counts.get(package)
        if not c:
            continue
        killed = c["killed"] + c["timeout"]
        tested = killed + c["survived"]
        score = f"{killed / tested:.0%}" if tested else "—"
        print(f"| {package} | {sum(c[s] for s in c if s not in ('logic', 'wording'))} | {c['killed']} | "
              f"{c['logic']} | {c['wording']} | {c['no tests']} | {c['timeout']} | {score} |")
    if args.survivors:
        for package, names in logic.items():
            print(f"\n## {package}")
            for function in sorted({function_of(n) for n in names}):
                print(f"\n### {function}")
                for name in sorted((n for n in names if function_of(n) == function),
                                   key=lambda n: int(n.rsplit("_", 1)[1])):
                    lines = [line for line in diff_of(name).splitlines()
                             if line[:1] in "-+" and not line.startswith(("---", "+++"))]
                    print(f"{name.rsplit('_', 1)[1]}: " + " / ".join(line.strip() for line in lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
