"""The self-improvement stage's problems: a training pool, never an evaluation suite, and what it asks each round.

- Sources: fresh synthetic problems (data.curation.synth with the pool's own seed; a problem whose statement
  is in the instruction mix the model was tuned on is dropped, so the pool holds problems it has not seen
  solved) and MBPP's train and validation splits (which the mix does hold: their reference solutions, not
  the model's). Every problem is decontaminated against the evaluation suites like every training file
  (data.curation.decontaminate: mini, check, HumanEval, MBPP test) and asked in the instruction template's
  prompt (data.curation.selfgen.record_task), the shape the model was tuned on.
- Every reference solution runs through the reward program first (train/reward.py, strict comparisons,
  the reward's own timeout): a problem whose reference does not earn the full reward is dropped. That
  calibrates the timeout: `improve.reward_timeout_s` (1 s of CPU, the sandbox's smallest, a fifth of the
  evaluator's 5 s) is what every kept reference finished in, and the pool's report gives the slowest
  reference's wall time beside it, so a looping sample costs about a second, not five.
- Visible tests: a test whose call (the code left of `==`, or the whole assert) appears in the prompt, as
  MBPP's first assert and a docstring's `>>>` examples do; the rest are hidden. Passing the visible tests
  and failing the hidden ones is what special-casing the prompt looks like, and the stage logs it.
- The pool's order is shuffled by its seed, so synthetic and MBPP problems come interleaved. Each round
  asks `n` problems: first the fresh siblings queued for problems no sample solved (the same
  synthetic category, drawn with a new seed), then problems not asked yet, then, once all were asked, the
  unsolved ones again, least asked first. The pool's state (cursor, queue, per-problem counts, the siblings
  drawn) is plain JSON in every checkpoint.
"""
from __future__ import annotations

import ast
import random
import re
from dataclasses import dataclass, field
from pathlib import Path

from configs.errors import UserError
from data.curation.decontaminate import EvalItem, decontaminate, eval_items
from data.curation.dedup import normalize_text
from data.curation.mbpp import import_mbpp
from data.curation.selfgen import record_task
from data.curation.synth import CATEGORIES, generate
from data.instruct.examples import read_examples
from data.instruct.records import Record, check_record
from eval.sandbox import SandboxConfig, run_programs
from eval.suites import Task
from train.reward import reward_program, score


@dataclass(frozen=True)
class Problem:
    record: Record           # the reference solution and its tests
    task: Task               # the prompt the model is asked, in the training template
    visible: tuple[bool, ...]  # per test: is it (its call) in the prompt?

    @property
    def problem_id(self) -> str:
        return self.record.problem_id

    @property
    def tests(self) -> tuple[str, ...]:
        return self.record.tests


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def visible_tests(prompt: str, tests: tuple[str, ...]) -> tuple[bool, ...]:
    """Per test: whether the prompt shows it (the assert, or the call left of its `==`)."""
    shown = squeeze(prompt)

    def seen(test: str) -> bool:
        try:
            node = ast.parse(test).body[0]
        except (SyntaxError, ValueError, IndexError):
            return squeeze(test) in shown
        if isinstance(node, ast.Assert) and isinstance(node.test, ast.Compare):
            return squeeze(ast.unparse(node.test.left)) in shown or squeeze(test) in shown
        return squeeze(test) in shown
    return tuple(seen(t) for t in tests)


def as_problem(record: Record) -> Problem:
    task = record_task(record, record.problem_id)
    return Problem(record, task, visible_tests(task.prompt, record.tests))


def first_solutions(records: list[Record]) -> list[Record]:
    seen, kept = set(), []
    for record in records:
        if record.problem_id not in seen:
            seen.add(record.problem_id)
            kept.append(record)
    return kept


def check_references(records: list[Record], sandbox: SandboxConfig,
                     workers: int | None = None) -> tuple[list[Record], float]:
    """The records whose reference earns the full strict reward within the reward's timeout, and the slowest
    of those references' wall time (start-up included)."""
    verdicts = run_programs([reward_program(r.output, r.tests) for r in records], sandbox, workers)
    passed = [(r, v) for r, v in zip(records, verdicts) if score(v, len(r.tests)).passed]
    return [r for r, _ in passed], max((v.duration_s for _, v in passed), default=0.0)


def statements(paths: list[Path]) -> set[str]:
    """The normalized instructions of every example in `paths` (the instruction data the model was tuned on)."""
    return {normalize_text(e.instruction) for path in paths for e in read_examples(path)}


def clean(records: list[Record], seen: set[str], items: list[EvalItem],
          sandbox: SandboxConfig) -> tuple[list[Record], dict]:
    """Synthetic problems not in `seen`, and every record free of evaluation overlap with a working reference;
    and what each filter took."""
    fresh = [r for r in records if r.source != "synthetic" or normalize_text(r.instruction) not in seen]
    clean_records, removed = decontaminate(fresh, items)
    kept, slowest = check_references(clean_records, sandbox)
    return kept, {"in_tuning_mix": len(records) - len(fresh), "decontaminated": len(removed),
                  "reference_failed": len(clean_records) - len(kept), "slowest_reference_s": round(slowest, 3)}


def build_problems(synthetic: int, seed: int, mbpp: bool, data_dir: Path, exclude: list[Path],
                   sandbox: SandboxConfig) -> tuple[list[Problem], dict]:
    """The pool and a report of what each filter kept."""
    records = first_solutions(generate(synthetic, seed=seed, solutions=1)) if synthetic else []
    mbpp_file = data_dir / "mbpp.jsonl"
    if mbpp and mbpp_file.is_file():
        records += first_solutions(import_mbpp(mbpp_file))
    elif mbpp:
        print(f"note: {mbpp_file} not found: the pool is synthetic only")
    if not records:
        raise UserError("the improvement pool is empty: give improve.pool_synthetic > 0 or MBPP's file")
    kept, filtered = clean(records, statements(exclude), eval_items(data_dir), sandbox)
    if not kept:
        raise UserError("no problem of the improvement pool survived decontamination and the reference check")
    report = {"drawn": len(records), **filtered, "kept": len(kept),
              "synthetic": sum(r.source == "synthetic" for r in kept), "mbpp": sum(r.source == "mbpp" for r in kept)}
    random.Random(seed).shuffle(kept)  # synthetic and MBPP problems interleaved: a short run sees both
    return [as_problem(r) for r in kept], report


@dataclass
class Pool:
    """The problems and which ones each round asks; `state_dict` is what a checkpoint keeps."""
    problems: list[Problem]
    data_dir: Path
    sandbox: SandboxConfig
    seed: int
    cursor: int = 0
    queue: list[str] = field(default_factory=list)           # sibling problem ids to ask first
    asked: dict[str, int] = field(default_factory=dict)      # problem id → rounds it was asked in
    solved: dict[str, int] = field(default_factory=dict)     # problem id → samples that passed, all rounds
    draws: int = 0                                           # sibling draws so far (each its own seed)

    def __post_init__(self) -> None:
        self.drawn: list[Problem] = []  # the siblings, asked only through the queue (the cursor walks `problems`)
        self.by_id = {p.problem_id: p for p in self.problems}
        self._items: list[EvalItem] | None = None

    def next_round(self, n: int) -> list[Problem]:
        chosen = [self.by_id[pid] for pid in self.queue[:n]]
        self.queue = self.queue[n:]
        while len(chosen) < n and self.cursor < len(self.problems):
            chosen.append(self.problems[self.cursor])
            self.cursor += 1
        if len(chosen) < n:  # everything asked: the unsolved ones again, least asked first
            ids = {p.problem_id for p in chosen}
            unsolved = [p for p in self.problems + self.drawn if not self.solved.get(p.problem_id)
                        and p.problem_id not in ids]
            chosen += sorted(unsolved, key=lambda p: self.asked.get(p.problem_id, 0))[:n - len(chosen)]
        for problem in chosen:
            self.asked[problem.problem_id] = self.asked.get(problem.problem_id, 0) + 1
        return chosen

    def record(self, passes: dict[str, int], siblings_per_failure: int) -> int:
        """Count each problem's passing samples of this round; queue fresh siblings for the synthetic problems
        no sample solved (the rest wait for a later round). Returns how many siblings were queued."""
        for pid, n in passes.items():
            self.solved[pid] = self.solved.get(pid, 0) + n
        failed = [self.by_id[pid].record.category for pid, n in passes.items() if n == 0
                  and self.by_id[pid].record.source == "synthetic" and self.by_id[pid].record.category in CATEGORIES]
        if not failed or siblings_per_failure <= 0:
            return 0
        drawn = []
        for category in failed:
            self.draws += 1
            seed = self.seed * 100_003 + self.draws  # a fresh, reproducible draw each time
            others = tuple(c for c in CATEGORIES if c != category)
            drawn += first_solutions(generate(siblings_per_failure, seed=seed, solutions=1, exclude=others))
        seen = {normalize_text(p.record.instruction) for p in self.by_id.values()}
        drawn = [r for r in drawn if r.problem_id not in self.by_id]
        kept, _ = clean(drawn, seen, self.eval_items(), self.sandbox)
        for record in kept:
            self.add(record)
            self.queue.append(record.problem_id)
        return len(kept)

    def eval_items(self) -> list[EvalItem]:
        if self._items is None:
            self._items = eval_items(self.data_dir)
        return self._items

    def add(self, record: Record) -> None:
        problem = as_problem(record)
        self.drawn.append(problem)
        self.by_id[problem.problem_id] = problem

    def state_dict(self) -> dict:
        return {"cursor": self.cursor, "queue": list(self.queue), "asked": dict(self.asked),
                "solved": dict(self.solved), "siblings": [p.record.to_json() for p in self.drawn], "draws": self.draws,
                "base_problems": len(self.problems)}

    def load_state_dict(self, state: dict) -> None:
        if state["base_problems"] != len(self.problems) or self.drawn:
            raise UserError(f"the checkpoint's pool had {state['base_problems']} problems, this run's has "
                            f"{len(self.problems)}: "
                            "resume with the same improve.* pool settings and data")
        for row in state["siblings"]:
            self.add(check_record(row, "checkpoint pool"))
        self.cursor, self.queue, self.draws = state["cursor"], list(state["queue"]), state["draws"]
        self.asked, self.solved = dict(state["asked"]), dict(state["solved"])
