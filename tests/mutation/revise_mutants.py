"""Deliberate one-line bugs in what `compare` and `update` decide and write, each run against the
revise tests: a mutant the tests do not fail on ("survived") is a write path no test guards.

A measurement, not a CI step (each mutant runs the revise tests, up to 4 minutes):

    python3 tests/mutation/revise_mutants.py            # all mutants
    python3 tests/mutation/revise_mutants.py 3 7        # mutants 3 and 7 only

It works on a copy of the checkout (`git worktree`), so the tree you work in is never changed.  The
score and the two survivors (17 equivalent, 24 a guard no draft reaches) are in tests/mutation/README.md.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TESTS = ["tests/test_reconcile.py", "tests/test_revise.py", "tests/test_revise_structure.py"]

# (file, the line as it is, the line as the bug has it, what the bug would do to a draft)
MUTANTS = [
    ("reportgen/revise/update.py", "        if difference.apply is None:", "        if False and difference.apply is None:",
     "a conflict's fix would be written (none has one: must fail as an AttributeError or a wrong write)"),
    ("reportgen/revise/update.py", "    if not comparison.aligned:  # the record follows",
     "    if False:  # the record follows", "the record would not follow the draft: the next update writes again"),
    ("reportgen/revise/update.py", "    if not result.changed and not result.pages and not record_changed:",
     "    if not result.changed and not result.pages:", "a record-only change would never be saved"),
    ("reportgen/revise/difference.py", "        if built is not None and shown != built:",
     "        if built is not None and shown == built:", "the editors' change would be overwritten"),
    ("reportgen/revise/difference.py", "            self.add(EDITED if now == built else CONFLICT,",
     "            self.add(CONFLICT if now == built else EDITED,", "an edit reported as a conflict and back"),
    ("reportgen/revise/difference.py", "            self.add(kind, where, shown, now, source, built, element, apply)",
     "            self.add(kind, where, shown, now, source, built, element, None)", "nothing written by update"),
    ("reportgen/revise/difference.py", "            return FOR_PEOPLE", "            return TO_WRITE",
     "conflicts would exit 1, as if update could settle them"),
    ("reportgen/revise/values.py", "            entry[\"text\"] = now  # in step, however it got there: the record follows",
     "            pass", "a value the editors set to the workbook's would stay EDITED in the record"),
    ("reportgen/revise/values.py", "            entry[\"text\"] = now  # the record follows the draft",
     "            pass", "a value update wrote would later read as an editor's change"),
    ("reportgen/revise/values.py", "        if mark.deleted:", "        if False:",
     "a value deleted under 修订 would be written back"),
    ("reportgen/revise/values.py", "        if mark.end is None:  # the bookmark runs on", "        if False:  # the bookmark runs on",
     "a damaged mark's runs (other text) would be replaced"),
    ("reportgen/revise/values.py", "mark.text not in (built, now) and (_numeric(built)",
     "mark.text in (built, now) and (_numeric(built)", "digits typed beside a mark would not be taken in"),
    ("reportgen/revise/values.py", "        if skeleton == entry[\"skeleton\"] and not entry.get(\"whole\"):",
     "        if skeleton == entry[\"skeleton\"]:", "a phrase written whole would not be compared whole again"),
    ("reportgen/revise/values.py", "                              if item.element not in inside and not",
     "                              if True and not", "a flipped phrase's values written beside its old words"),
    ("reportgen/revise/values.py", "value.paragraph, apply if runs else None)",
     "value.paragraph, apply)", "a value split across runs with other text would be replaced blindly"),
    ("reportgen/revise/values.py", "        _reconcile_found(result, value, built.get(provenance.key(value.record)))",
     "        _reconcile_found(result, value, None)", "without a record's built value an editor's change is overwritten"),
    ("reportgen/revise/values.py", "        elif n > 1 and len(present) == len(marks_before):",
     "        elif len(present) == len(marks_before):", "a new first row placed after nothing"),
    ("reportgen/revise/aligned.py",
     "                if lazy_spans is not None and lazy_spans == _spans(greedy.fullmatch(text)) and \\",
     "                if lazy_spans is not None and \\", "an ambiguous split ('12' for two slots) would be taken"),
    ("reportgen/revise/aligned.py", "    return all(score[pair] > s for other, s in score.items()",
     "    return all(score[pair] >= s for other, s in score.items()", "ties between loop rows paired arbitrarily"),
    ("reportgen/revise/aligned.py", "    if not scores or scores[0][0] < SIMILAR or (len(scores) > 1 and scores[0][0] - scores[1][0] < MARGIN):",
     "    if not scores or scores[0][0] < SIMILAR:", "a reworded paragraph matched without a clear best"),
    ("reportgen/revise/aligned.py", "        if len(_spans_of(lazy, rendered)) == 1:", "        if len(_spans_of(lazy, rendered)) >= 1:",
     "a context found twice in the rendered paragraph would place a value"),
    ("reportgen/revise/aligned.py", "    return places.pop() if len(places) == 1 else None",
     "    return places.pop() if places else None", "a value read two ways would be placed"),
    ("reportgen/revise/aligned.py", "        places = {s for s in _spans_of(lazy, text) | _spans_of(greedy, text) if _numeric(text[slice(*s)])}",
     "        places = _spans_of(lazy, text)", "a number placed over words"),
    ("reportgen/revise/aligned.py", "    spans = [None if i in clashing else span for i, span in enumerate(spans)]",
     "    spans = list(spans)", "two values claiming one place both written"),
    ("reportgen/revise/numbering.py", "            if relabel:  # moved to another chapter", "            if False:  # moved to another chapter",
     "a figure moved to another chapter keeps 图2-"),
    ("reportgen/revise/numbering.py", "    if scheme.per_chapter(plan.label) and \"\\\\s\" not in words:",
     "    if False:", "SEQ chapter switches not restored"),
    ("reportgen/revise/numbering.py", "        if target is None:  # deleted (with 修订 on too: `Draft.bookmarks`)",
     "        if False:  # deleted", "a reference to a deleted figure not reported"),
    ("reportgen/revise/numbering.py", "        if shown != now and runs:\n            def apply(reviser, runs=runs, now=now):\n                reviser.replace(runs, now, number=True)\n            result.add(REFERENCE",
     "        if shown != now and runs:\n            def apply(reviser, runs=runs, now=now):\n                pass\n            result.add(REFERENCE", "cross-references not renumbered"),
    ("reportgen/oxml/revisions.py", "                for t in run.findall(qn(\"w:t\")):\n                    t.tag = qn(\"w:delText\")",
     "                for t in run.findall(qn(\"w:t\")):\n                    pass", "deleted text left as w:t (reads as still there)"),
]


def main(chosen: list[int]) -> int:
    work = Path(tempfile.mkdtemp(prefix="rg-mutants-")) / "tree"
    subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", str(work)], check=True,
                   capture_output=True)
    env = {**os.environ, "PYTHONPATH": str(work)}
    survived = []
    try:
        numbers = chosen or range(1, len(MUTANTS) + 1)
        for number in numbers:
            path, old, new, effect = MUTANTS[number - 1]
            target = work / path
            original = target.read_text(encoding="utf-8")
            if original.count(old) != 1:
                print(f"{number:2}  ?  not found once in {path}: {old!r}")
                continue
            target.write_text(original.replace(old, new), encoding="utf-8")
            try:
                run = subprocess.run([sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", *TESTS],
                                     cwd=work, env=env, capture_output=True, text=True)
            finally:
                target.write_text(original, encoding="utf-8")
            verdict = "killed" if run.returncode else "SURVIVED"
            if not run.returncode:
                survived.append(number)
            print(f"{number:2}  {verdict:8}  {path}: {effect}", flush=True)
            failed = next((line for line in run.stdout.splitlines() if line.startswith(("FAILED", "ERROR"))), "")
            if failed:
                print(f"              {failed[:150]}", flush=True)
    finally:
        subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(work)], capture_output=True)
    total = len(chosen or MUTANTS)
    print(f"\n{total - len(survived)} / {total} killed; survived: {survived or '—'}")
    return 1 if survived else 0


if __name__ == "__main__":
    sys.exit(main([int(arg) for arg in sys.argv[1:]]))
