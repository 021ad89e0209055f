"""Expert iteration: fine-tune on the model's own passing completions (STaR / ReST-style), failure-driven.

- Kept: completions that pass every test (the strict reward of train/reward.py is 1.0) and parse; one
  copy per problem of each distinct solution, distinct by data.curation.dedup.normalize_code (no
  docstrings, comments or layout, locals renamed), so eight samples of one easy answer count once.
- Weighted toward what the model solves rarely: each kept solution is repeated
  `copies(pass_rate) = 1 + round((1 - pass_rate) · (rare_boost - 1))` times, so with rare_boost 3 a problem
  solved by 1 sample of 8 gives each of its solutions 3 copies, one solved by all 8 gives 1. Problems
  no sample solves give nothing here; the pool queues fresh siblings for them (train/pool.py).
- An example is the prompt the model was asked and its completion, tokenized as instruction tuning does
  (prompt and response apart, the loss on the response and end-of-text only), so the update teaches the
  very shape it is sampled in. One pass (`improve.epochs`) over a round's examples, `train.batch_size` to
  a step, shuffled by the round's seed.
"""
from __future__ import annotations

import math
import random
from collections import defaultdict

from data.curation.dedup import normalize_code
from data.instruct.examples import TokenizedExample
from data.pretrain.tokenizer import Tokenizer
from train.rollouts import Rollout


def copies(pass_rate: float, rare_boost: int) -> int:
    """How many times a solution of a problem solved at `pass_rate` is trained on (round half up)."""
    return 1 + math.floor((1 - pass_rate) * (rare_boost - 1) + 0.5)


def example(rollout: Rollout, tokenizer: Tokenizer, end: bool = True) -> TokenizedExample:
    """Prompt + completion as a training example; `end` closes it with end-of-text, as instruction tuning's
    records are (the policy gradient closes only those the model ended itself)."""
    prompt = tokenizer.encode(rollout.problem.task.prompt)
    return TokenizedExample(prompt + tokenizer.encode(rollout.completion) + [tokenizer.eot_id] * end, len(prompt))


def select(rollouts: list[Rollout], tokenizer: Tokenizer, rare_boost: int,
           max_len: int) -> tuple[list[TokenizedExample], dict[str, float]]:
    """The round's training examples (in problem order, copies together) and counts for the log."""
    by_problem: dict[str, list[Rollout]] = defaultdict(list)
    for r in rollouts:
        by_problem[r.problem.problem_id].append(r)
    examples, kept, duplicates = [], 0, 0
    for group in by_problem.values():
        passing = [r for r in group if r.outcome.passed and r.syntax_valid]
        seen: set[str] = set()
        n = copies(sum(r.outcome.passed for r in group) / len(group), rare_boost)
        for r in passing:
            key = normalize_code(r.problem.task.prompt + r.completion)
            if key in seen:
                duplicates += 1
                continue
            seen.add(key)
            ex = example(r, tokenizer)
            if len(ex.ids) - 1 <= max_len:
                kept += 1
                examples += [ex] * n
    return examples, {"expert/solutions": float(kept), "expert/duplicates": float(duplicates),
                      "expert/examples": float(len(examples))}


def batches(examples: list[TokenizedExample], batch_size: int, epochs: int, seed: int) -> list[list[TokenizedExample]]:
    """`epochs` shuffled passes cut into batches (the last one of a pass may be smaller)."""
    out = []
    for epoch in range(epochs):
        order = list(examples)
        random.Random(seed * 1_000 + epoch).shuffle(order)
        out += [order[i:i + batch_size] for i in range(0, len(order), batch_size)]
    return out
