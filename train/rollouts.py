"""One round's samples: k completions per problem at a temperature, each run against its problem's tests.

- Generation is batched KV-cache sampling (model/generate.py) over the prompts sorted by token length,
  cut at HumanEval's stop strings (the template's prompts end inside a function, as HumanEval's do); one
  torch.Generator seeded by (seed, round) draws every token, so a round is reproducible and a resumed run
  samples what the uninterrupted one would.
- Every completion runs in the sandbox as train/reward.py's program (strict comparisons, each test on its
  own) with the pool's calibrated timeout; a completion that hangs, crashes or floods output scores 0
  and the round goes on.
- `summarize` gives the round's scalars: the pool's pass rate (samples and problems), reward mean/std,
  completion length, syntax validity, the share the model ended itself (end-of-text), the rates on
  visible and hidden tests and the share of samples that pass every visible test but fail a hidden one
  (special-casing the prompt looks like that), the timeouts and the seconds they cost, and the collapse
  metrics (eval/collapse.py) of the samples.
"""
from __future__ import annotations

import statistics
from collections import defaultdict
from dataclasses import dataclass

import torch

from configs.device import autocast
from data.pretrain.tokenizer import Tokenizer
from eval.collapse import collapse_report
from eval.harness import syntax_valid
from eval.sandbox import SandboxConfig, run_programs
from eval.suites import HUMANEVAL_STOP
from model.generate import SamplingConfig, generate_with_ends
from model.model import Transformer
from train.pool import Problem
from train.reward import Outcome, reward_program, score

BATCH = 32  # completions decoded together


@dataclass(frozen=True)
class Rollout:
    problem: Problem
    completion: str
    outcome: Outcome
    syntax_valid: bool
    ended: bool = True  # the model ended it with end-of-text (False: cut at a stop string or the token budget)

    @property
    def reward(self) -> float:
        return self.outcome.reward

    def rate(self, visible: bool) -> float | None:
        """Share passed of the tests that are (not) in the prompt; None without such tests or results."""
        picked = [r for r, v in zip(self.outcome.results, self.problem.visible) if v == visible]
        return picked.count("1") / len(picked) if picked else None


@torch.no_grad()
def sample(model: Transformer, tokenizer: Tokenizer, problems: list[Problem], k: int, temperature: float,
           top_p: float, max_new_tokens: int, seed: int) -> list[tuple[Problem, str, bool]]:
    """(problem, completion, whether the model ended it) × k per problem, in problem order."""
    device = model.head_weight.device
    generator = torch.Generator(device=device).manual_seed(seed)
    todo = [p for p in problems for _ in range(k)]
    lengths = {p.problem_id: len(tokenizer.encode(p.task.prompt)) for p in problems}
    order = sorted(range(len(todo)), key=lambda i: lengths[todo[i].problem_id])
    completions: list[tuple[str, bool]] = [("", False)] * len(todo)
    cfg = SamplingConfig(max_new_tokens, temperature, 0, top_p, HUMANEVAL_STOP)
    was_training = model.training
    model.eval()
    for start in range(0, len(order), BATCH):
        rows = order[start:start + BATCH]
        with autocast(device):
            texts = generate_with_ends(model, tokenizer, [todo[i].task.prompt for i in rows], cfg, generator)
        for i, text in zip(rows, texts):
            completions[i] = text
    model.train(was_training)
    return [(problem, text, ended) for problem, (text, ended) in zip(todo, completions)]


def run(samples: list[tuple[Problem, str, bool]], sandbox: SandboxConfig, workers: int | None = None) -> list[Rollout]:
    """Score every (problem, completion, ended) in the sandbox."""
    programs = [reward_program(p.task.prompt + c, p.tests) for p, c, _ in samples]
    verdicts = run_programs(programs, sandbox, workers)
    return [Rollout(p, c, score(v, len(p.tests)), syntax_valid(p.task, c), ended)
            for (p, c, ended), v in zip(samples, verdicts)]


def mean(values: list[float]) -> float:
    return sum(values) / len(values) if values else 0.0


def summarize(rollouts: list[Rollout], tokenizer: Tokenizer) -> dict[str, float]:
    """The round's scalars (see the module docstring), named for TensorBoard."""
    rewards = [r.reward for r in rollouts]
    by_problem: dict[str, list[Rollout]] = defaultdict(list)
    for r in rollouts:
        by_problem[r.problem.problem_id].append(r)
    visible = [v for r in rollouts if (v := r.rate(True)) is not None]
    hidden = [h for r in rollouts if (h := r.rate(False)) is not None]
    only_visible = [r for r in rollouts if r.rate(True) == 1.0 and r.rate(False) is not None and r.rate(False) < 1.0]
    timeouts = [r for r in rollouts if r.outcome.status == "timeout"]
    collapse = collapse_report({pid: [r.completion for r in rs] for pid, rs in by_problem.items()})
    return {
        "pool/pass_rate": mean([float(r.outcome.passed) for r in rollouts]),
        "pool/problems_solved": mean([float(any(r.outcome.passed for r in rs)) for rs in by_problem.values()]),
        "reward/mean": mean(rewards),
        "reward/std": statistics.pstdev(rewards) if rewards else 0.0,
        "reward/visible_tests": mean(visible),
        "reward/hidden_tests": mean(hidden),
        "reward/visible_only_share": len(only_visible) / len(rollouts) if rollouts else 0.0,
        "samples/completion_tokens": mean([float(len(tokenizer.encode(r.completion))) for r in rollouts]),
        "samples/syntax_valid": mean([float(r.syntax_valid) for r in rollouts]),
        "samples/ended": mean([float(r.ended) for r in rollouts]),
        "samples/timeouts": float(len(timeouts)),
        "samples/timeout_seconds": sum(r.outcome.seconds for r in timeouts),
    } | collapse.scalars()
