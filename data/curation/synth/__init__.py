"""Synthetic instruction data: parameterized problem templates, several verified solutions each.

    python -m data.curation.synth --out runs/data/synth.jsonl --problems 3000 --seed 0 --solutions 3

    templates/     the bank: one module per category (arithmetic.py, small_classes.py, ...), each template a
                   decorated function with a one-line docstring saying what it teaches, its wording as
                   module-level data beside it; every module in the folder is imported, in name order
    core.py        the registry, specs, in-process checks and test writing shared by all of them
    rename.py      parameter renaming (generate's `rename` share): names drawn afresh, read off the prompt
    restyle.py     prompt restyling (generate's `restyle` share): wrapped statements, other example layouts,
                   typing-module or no annotations
    text.py        random text shared by the string categories

How to add a template:
1. In the module of its category (templates/<category>.py; a new category is a new module), write
   `@template("<category>", "easy" | "medium" | "hard")` over a function `make(rng) -> Spec` with a one-line
   docstring saying what it teaches. Draw every parameter from `rng` (never from `random` or a hash-ordered
   set); put the phrasings in a module-level tuple and pick one with `say(rng, PHRASINGS, env)`.
2. Return a `Spec`: the instruction, the entry point, two or more solutions written differently (the first
   is the reference; `codes(env, ...)` fills `$name` placeholders) and the inputs to test, edge cases first
   (empty, one element, ties). Never write an expected value: `build` computes them from the reference and
   raises when another solution disagrees.
3. Add new templates at the END of their category's module: a category's templates are drawn by their
   definition order, so inserting one in the middle changes what every seed gives (and the recipe's data).
4. Run `pytest tests/test_synth_templates.py -k <category>`: every template is drawn with 20 seeds; every
   solution must pass the generated tests, and the template must give at least 6 different problems; and
   `-k pyflakes`: the solutions, which no linter sees inside their strings, must be clean to pyflakes.

Design choices:
- Breadth over depth: earlier runs showed that hundreds of distinct prompts across 20-30 problem
  types, with an explicit difficulty mix, matter more than volume, and that several distinct
  solutions per problem beat more problems with one solution each. Each template is
  parameterized (operators, thresholds, targets, names, element types, edge-case policies) and
  phrased several ways, so one template yields many genuinely different problems.
- Categories are visited round-robin in a freshly shuffled order each round, and the difficulty
  of each draw follows MIX among the difficulties the category offers: every category appears
  and the mix is explicit rather than an accident of how many templates each difficulty has.
- Problems are deduplicated by their normalized statement (examples excluded); a category that
  keeps producing duplicates is retired, and asking for more problems than exist is an error.
- One `random.Random(seed)` drives everything and nothing iterates over hash-ordered data, so a
  seed gives byte-identical output. Ids are `synth-{seed}-{index}` and `{problem_id}-s{j}`.
- Tests come from running the reference solution here (see core.py); `data.curation.verify` still runs
  every record through the sandbox before training uses it.
"""
from __future__ import annotations

import random
from collections import Counter

from tqdm import tqdm

from configs.errors import UserError
from data.curation.synth import templates as bank  # noqa: F401  (importing registers every template)
from data.curation.synth.core import REGISTRY, Problem, Template, build
from data.curation.synth.rename import rename_parameters
from data.curation.synth.restyle import restyle_problem
from data.instruct.records import Record

CATEGORIES: dict[str, tuple[Template, ...]] = {category: tuple(ts) for category, ts in sorted(REGISTRY.items())}
MIX = {"easy": 0.3, "medium": 0.45, "hard": 0.25}
MAX_MISSES = 300  # consecutive duplicate draws after which a category counts as exhausted


def draw(rng: random.Random, category: str, n_solutions: int) -> tuple[str, Problem]:
    templates = CATEGORIES[category]
    offered = sorted({t.difficulty for t in templates}, key=list(MIX).index)
    difficulty = rng.choices(offered, weights=[MIX[d] for d in offered])[0]
    chosen = rng.choice([t for t in templates if t.difficulty == difficulty])
    return difficulty, build(chosen.make(rng), rng, n_solutions)


def generate(n_problems: int, seed: int = 0, solutions: int = 3, progress: bool = False,
             exclude: tuple[str, ...] = (), rename: float = 0.0, restyle: float = 0.0) -> list[Record]:
    """`n_problems` unique problems, up to `solutions` records each, deterministic for `seed`, from every
    category but those in `exclude`; a share `rename` of them with their parameters renamed (rename.py), a share
    `restyle` with their docstring and annotations in drawn styles (restyle.py)."""
    if n_problems < 1 or solutions < 1:
        raise UserError(f"need at least one problem and one solution, got {n_problems} and {solutions}")
    for share, what in ((rename, "rename"), (restyle, "restyle")):
        if not 0.0 <= share <= 1.0:
            raise UserError(f"the share of problems to {what} must be 0 to 1, got {share}")
    if unknown := sorted(set(exclude) - set(CATEGORIES)):
        raise UserError(f"unknown synthetic categories {unknown} (categories: {', '.join(CATEGORIES)})")
    rng = random.Random(seed)
    renamer = random.Random(f"rename-{seed}")  # its own stream: renaming leaves the problems drawn unchanged
    styler = random.Random(f"restyle-{seed}")  # likewise
    problems: list[tuple[str, str, Problem]] = []
    seen: set[str] = set()
    misses: Counter[str] = Counter()
    with tqdm(total=n_problems, desc="synth", unit="problem", disable=not progress) as bar:
        while len(problems) < n_problems:
            live = [c for c in CATEGORIES if misses[c] < MAX_MISSES and c not in exclude]
            if not live:
                raise UserError(f"only {len(problems)} unique problems exist for these templates; ask for fewer")
            rng.shuffle(live)
            for category in live[:n_problems - len(problems)]:
                difficulty, problem = draw(rng, category, solutions)
                if problem.key in seen:
                    misses[category] += 1
                    continue
                misses[category] = 0
                seen.add(problem.key)
                if renamer.random() < rename:
                    problem = rename_parameters(problem, renamer)
                if styler.random() < restyle:
                    problem = restyle_problem(problem, styler)
                problems.append((category, difficulty, problem))
                bar.update()
    return [record for i, row in enumerate(problems) for record in to_records(f"synth-{seed}-{i:05d}", *row)]


def to_records(problem_id: str, category: str, difficulty: str, problem: Problem) -> list[Record]:
    return [Record(id=f"{problem_id}-s{j}", problem_id=problem_id, instruction=problem.instruction, input="",
                   output=src, entry_point=problem.name, tests=problem.tests, difficulty=difficulty,
                   category=category, source="synthetic")
            for j, src in enumerate(problem.solutions)]
