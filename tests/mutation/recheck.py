"""Run a mutmut run's survivors again, each written into the source, against the tests named: for tests
added after the run (mutmut only runs the tests it saw touch a function when it collected its stats).

Run it where mutmut ran, with the Python that has mutmut, once the run has stopped:

    python3 tests/mutation/recheck.py reportgen.draft.captions -- tests/test_captions.py
    python3 tests/mutation/recheck.py reportgen.render.filters -- tests/test_filters.py -m "not slow"
    python3 tests/mutation/recheck.py "reportgen.render.filters.xǁFormattingǁ_change__" -- tests/test_filters.py

The first argument is the start of the mutants' names: a package, a module, or one function.

The tests are run first without a mutant and must pass (a test of a fix made after the run fails there,
and would "kill" every survivor).  Each survivor is then applied (`mutmut apply`), the tests run with -x,
and the file is put back from git.
Prints each survivor's verdict, then how many the tests now kill.
"""

from __future__ import annotations

import subprocess
import sys


def main(argv: list[str]) -> int:
    if "--" not in argv or argv.index("--") != 1:
        print(__doc__)
        return 2
    prefix, pytest_args = argv[0], argv[2:]
    listed = subprocess.run([sys.executable, "-m", "mutmut", "results"], capture_output=True, text=True,
                            check=True).stdout
    survivors = [line.strip().rpartition(": ")[0] for line in listed.splitlines()
                 if line.strip().endswith(": survived") and line.strip().startswith(prefix)]
    from mutmut.mutation.diff_apply import apply_mutant, find_mutant

    # Every survivor would count as killed by tests that fail anyway: a test written for a fix made after
    # the run (in the tree mutmut ran in, the fix is not there).
    clean = subprocess.run([sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", *pytest_args],
                           capture_output=True, text=True)
    if clean.returncode != 0:
        print(f"The tests fail without any mutant (exit {clean.returncode}); leave out those that need a later "
              f"fix:\n{clean.stdout[-2000:]}")
        return 1
    killed = 0
    for name in survivors:
        path = find_mutant(name).path
        apply_mutant(name)
        try:
            done = subprocess.run([sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", *pytest_args],
                                  capture_output=True, text=True)
        finally:
            subprocess.run(["git", "checkout", "--", str(path)], check=True)
        verdict = "killed" if done.returncode == 1 else "survived" if done.returncode == 0 else f"exit {done.returncode}"
        killed += verdict == "killed"
        print(f"{name}: {verdict}", flush=True)
    print(f"{killed} of {len(survivors)} survivors of {prefix} killed by {' '.join(pytest_args)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
