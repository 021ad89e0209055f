"""Every template of the synthetic bank (data/curation/synth), each drawn with SEEDS seeds.

A template that breaks for one seed in a thousand used to wait for a generation run to hit it (seed 7
once stopped a whole run); this walks the registry, so a new template is covered the moment it registers.
For every draw:
- `build` runs every solution on every tested input and raises if one disagrees with the reference;
- every emitted solution passes the generated tests (run here: the bank is our own code, not a model's);
- the records have the schema `data.curation.verify` and the trainers read (`check_record`);
- the problem text is not empty, has a docstring-safe shape, and the template does not keep repeating it.
"""
from __future__ import annotations

import random
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from data.curation.synth import CATEGORIES, to_records
from data.curation.synth.core import Problem, Template, build
from data.instruct.records import DIFFICULTIES, check_record

SEEDS = range(20)
MIN_DISTINCT = 6  # of the SEEDS draws, at least this many different problems: a template must be parameterized
TEMPLATES = [t for templates in CATEGORIES.values() for t in templates]


def template_id(t: Template) -> str:
    return f"{t.category}.{t.make.__name__}"


def passes(output: str, tests: tuple[str, ...]) -> None:
    namespace: dict = {}
    exec(compile(output, "<solution>", "exec"), namespace)
    for test in tests:
        exec(compile(test, "<test>", "exec"), namespace)


def test_every_template_has_a_unique_name_and_a_docstring_saying_what_it_teaches():
    names = Counter(template_id(t) for t in TEMPLATES)
    assert not [name for name, n in names.items() if n > 1]
    assert len(TEMPLATES) >= 150
    undocumented = [template_id(t) for t in TEMPLATES if not (t.make.__doc__ or "").strip()]
    assert not undocumented, f"{len(undocumented)} templates lack a docstring: {undocumented[:10]}"
    assert all(t.difficulty in DIFFICULTIES for t in TEMPLATES)


@pytest.mark.parametrize("template", TEMPLATES, ids=template_id)
def test_template_across_seeds(template: Template):
    problems: list[Problem] = []
    for seed in SEEDS:
        rng = random.Random(seed)
        spec = template.make(rng)
        problem = build(spec, rng, len(spec.solutions))  # raises if a solution disagrees with the reference
        where = f"{template_id(template)} seed {seed}"
        assert problem.instruction.strip() and problem.key, where
        assert '"""' not in problem.instruction and not problem.instruction.endswith("\\"), where
        assert problem.solutions, where
        for record in to_records(f"synth-{seed}-00000", template.category, template.difficulty, problem):
            assert check_record(record.to_json(), where) == record
            try:
                passes(record.output, record.tests)
            except Exception as err:  # noqa: BLE001 — any failure of our own solution is the template's bug
                pytest.fail(f"{where}: {record.id} fails its tests: {type(err).__name__}: {err}\n{record.program()}")
        problems.append(problem)
    distinct = {p.key for p in problems}  # the statement without its examples
    assert len(distinct) >= MIN_DISTINCT, f"{template_id(template)}: {len(distinct)} different problems in " \
                                          f"{len(SEEDS)} draws"


# Found by this test (2026-12-06) and left as they are: fixing them changes what those seeds give, so it waits
# for the next re-measured recipe (the benchmark issue adds templates and re-runs it anyway).
KNOWN_LINT = {("list_aggregation.aggregate", "F401"),  # a solution imports functools.reduce it does not use
              ("number_theory.collatz", "F841")}       # a solution assigns `was_odd` and never reads it


def test_solutions_are_clean_to_pyflakes(tmp_path):
    """Solutions are code inside strings, which the project's linter never sees: write every template's solutions
    and tests (3 seeds) to files and run ruff's pyflakes and syntax rules over them."""
    for t in TEMPLATES:
        for seed in range(3):
            rng = random.Random(seed)
            spec = t.make(rng)
            problem = build(spec, rng, len(spec.solutions))
            for j, src in enumerate(problem.solutions):
                path = tmp_path / f"{template_id(t)}--{seed}-{j}.py"
                path.write_text(src + "\n\n" + "\n".join(problem.tests) + "\n")
    proc = subprocess.run([sys.executable, "-m", "ruff", "check", "--no-cache", "--isolated", "--select", "F,E9",
                           "--output-format", "concise", str(tmp_path)], capture_output=True, text=True, timeout=300)
    found = {(Path(line.split(":")[0]).name.split("--")[0], line.split(": ")[1].split()[0])
             for line in proc.stdout.splitlines() if line.startswith(str(tmp_path))}
    assert found == KNOWN_LINT, proc.stdout[-3000:]
