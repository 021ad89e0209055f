"""`python -m data.curation.failures --ckpt PATH --pool FILE`: the problems a model fails, as a new pool.

Targeting the model's own failures on a validation pool is the best value per example. For every
problem of the pool (records of data/instruct/records.py: MBPP validation, held-out synthetic problems —
never an evaluation set), the model samples k completions of the problem's prompt (the training
template's prompt, so the model sees the shape it was tuned on) and each runs against the
problem's tests in the sandbox. Per problem:

- pass rate = passing samples / k;
- agreement (self-consistency) = the share of samples in the largest group that behaves the same on
  the tests: all passing, or failing the same assert / raising the same exception. Behaviour, not
  text, because two differently written functions can be the same answer.

A problem is selected when the pass rate is below --min-pass-rate (default 0.5: the model's usual
answer is wrong) or the agreement is below --min-agreement (default 0.3: it has no stable answer).
All records (solutions) of selected problems are written with `pass_rate`, `agreement` and
`failure` added, ready for `python -m data.curation.mix`; a CSV lists every problem's numbers.
"""
from __future__ import annotations

import argparse
import csv
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, replace
from pathlib import Path

import torch

from configs.device import pick_device
from configs.errors import UserError, run_main
from configs.files import atomic_open
from data.curation.selfgen import record_task
from data.instruct.records import Record, read_records, write_records
from eval.generation import GenerationConfig, complete
from eval.harness import score_samples
from eval.sandbox import SandboxConfig, Verdict
from eval.suites import Suite
from lora import load_for_inference

EVAL_IDS = re.compile(r"^(HumanEval|Mini|MBPP)/|^mbpp-(\d+)$")


@dataclass(frozen=True)
class Outcome:
    problem_id: str
    samples: int
    passed: int
    agreement: float

    @property
    def pass_rate(self) -> float:
        return self.passed / self.samples

    def failure(self, min_pass_rate: float, min_agreement: float) -> str | None:
        if self.pass_rate < min_pass_rate:
            return "wrong"
        return "inconsistent" if self.agreement < min_agreement else None


def behaviour(verdict: Verdict) -> str:
    """Samples with the same behaviour on the tests get the same key (the message names the assert)."""
    return "passed" if verdict.passed else f"{verdict.status}|{verdict.error_type}|{verdict.message}"


def outcome(problem_id: str, verdicts: list[Verdict]) -> Outcome:
    largest = Counter(behaviour(v) for v in verdicts).most_common(1)[0][1]
    return Outcome(problem_id, len(verdicts), sum(v.passed for v in verdicts), largest / len(verdicts))


def check_pool(records: list[Record], path: Path) -> None:
    """A pool must not be an evaluation set: failures drive training data."""
    for r in records:
        match = EVAL_IDS.match(r.problem_id)
        if match and (match.group(2) is None or 11 <= int(match.group(2)) <= 510):
            raise UserError(f"{path}: problem {r.problem_id!r} belongs to an evaluation set; a failure pool must come "
                            "from training or validation data (MBPP 511-974, synthetic, mined)")


def problems(records: list[Record]) -> dict[str, list[Record]]:
    grouped: dict[str, list[Record]] = defaultdict(list)
    for r in records:
        grouped[r.problem_id].append(r)
    return grouped


def select(grouped: dict[str, list[Record]], outcomes: list[Outcome], min_pass_rate: float,
           min_agreement: float) -> list[Record]:
    selected = []
    for o in outcomes:
        if reason := o.failure(min_pass_rate, min_agreement):
            extra = {"pass_rate": round(o.pass_rate, 4), "agreement": round(o.agreement, 4), "failure": reason}
            selected += [replace(r, extra=r.extra | extra) for r in grouped[o.problem_id]]
    return selected


def sample_outcomes(args: argparse.Namespace, grouped: dict[str, list[Record]]) -> list[Outcome]:
    loaded = load_for_inference(args.ckpt, pick_device(args.device), args.adapter)
    suite = Suite("pool", args.pool, [record_task(rs[0], problem_id) for problem_id, rs in grouped.items()])
    generation = GenerationConfig(args.k, args.temperature, max_new_tokens=args.max_new_tokens, seed=args.seed)
    torch.manual_seed(args.seed)
    samples = complete(loaded.model, loaded.tokenizer, suite.tasks, generation, progress=True)
    samples = [s for s in samples if not s.greedy]  # agreement among the k samples only
    result = score_samples(suite, samples, SandboxConfig(timeout_s=args.timeout), progress=True)
    verdicts: dict[str, list[Verdict]] = defaultdict(list)
    for s in result.scored:
        verdicts[s.sample.task_id].append(s.verdict)
    return [outcome(task.task_id, verdicts[task.task_id]) for task in suite.tasks]


def write_report(path: Path, outcomes: list[Outcome], min_pass_rate: float, min_agreement: float) -> None:
    with atomic_open(path) as f:
        writer = csv.writer(f)
        writer.writerow(["problem_id", "samples", "passed", "pass_rate", "agreement", "failure"])
        for o in outcomes:
            writer.writerow([o.problem_id, o.samples, o.passed, f"{o.pass_rate:.4f}", f"{o.agreement:.4f}",
                             o.failure(min_pass_rate, min_agreement) or ""])


def main(argv: list[str] | None = None) -> list[Outcome]:
    parser = argparse.ArgumentParser(prog="python -m data.curation.failures", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--ckpt", type=Path, required=True, help="checkpoint or run directory")
    parser.add_argument("--adapter", type=Path, help="LoRA adapter directory trained on --ckpt")
    parser.add_argument("--pool", type=Path, required=True, help="records JSONL of a validation pool")
    parser.add_argument("--out", type=Path, required=True, help="records JSONL of the selected problems")
    parser.add_argument("--k", type=int, default=5, help="samples per problem")
    parser.add_argument("--temperature", type=float, default=0.8, help="sampling temperature (> 0)")
    parser.add_argument("--max-new-tokens", type=int, default=256, help="token budget per completion")
    parser.add_argument("--min-pass-rate", type=float, default=0.5, help="select problems passed less often")
    parser.add_argument("--min-agreement", type=float, default=0.3, help="select problems with less agreement")
    parser.add_argument("--timeout", type=float, default=5.0, help="seconds per program in the sandbox")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--device", default="auto", help="auto | cpu | cuda | cuda:N")
    args = parser.parse_args(argv)
    if args.k < 2 or args.temperature <= 0:
        parser.error("self-consistency needs --k >= 2 samples at --temperature > 0")

    records = read_records(args.pool)
    check_pool(records, args.pool)
    grouped = problems(records)
    outcomes = sample_outcomes(args, grouped)
    selected = select(grouped, outcomes, args.min_pass_rate, args.min_agreement)
    write_records(args.out, selected)
    report = args.out.with_suffix(".csv")
    write_report(report, outcomes, args.min_pass_rate, args.min_agreement)
    reasons = Counter(o.failure(args.min_pass_rate, args.min_agreement) for o in outcomes)
    print(f"{len(outcomes)} problems: {reasons['wrong']} wrong, {reasons['inconsistent']} inconsistent, "
          f"{reasons[None]} solved reliably; mean pass rate {sum(o.pass_rate for o in outcomes) / len(outcomes):.3f}")
    print(f"wrote {len(selected)} records of {reasons['wrong'] + reasons['inconsistent']} problems -> {args.out}; "
          f"per-problem numbers -> {report}")
    return outcomes


if __name__ == "__main__":
    run_main(main)
