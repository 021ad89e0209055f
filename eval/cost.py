"""How long an evaluation will take on this machine, measured before the model is trained.

A speedrun given a frame (`run.frame`, train/frame.py) sets its trainers' budgets so that the whole run ends
inside it, and its last stage, the evaluation, comes after both: its cost must be known first. It is measured,
not assumed: it differs threefold between the CPUs this project has run on.

Design choices:
- Generation dominates (HumanEval's 20 samples a task are most of it), and its cost does not depend on the
  weights: a batch costs its prefill plus one decoding step per new token. So the model the run will train, still
  untrained, decodes one batch of each suite's prompts (those around the median prompt length), forced to the
  full token budget (no end-of-text, no stop string; the stop check is still paid), and the suite costs that
  times its number of batches, greedy and sampled as `eval.generation.complete` batches them.
- An upper bound on generation, on purpose: a trained model ends most rows early, and a batch ends with its
  last row. Over-estimating leaves minutes of the frame unused; under-estimating overruns it.
- The sandbox is charged at the rate the probe tasks' reference solutions run at: a process each, and every
  test run, as a completion that passes runs them (the untrained model's completions would fail at parsing,
  far cheaper). Completions that run into the timeout are not in it. The speedrun records the estimate beside
  what the evaluation then took, so the bound is checked on every run.
"""
from __future__ import annotations

import math
import time
from dataclasses import dataclass

import torch

from data.pretrain.tokenizer import Tokenizer
from eval.generation import GenerationConfig, requests
from eval.sandbox import SandboxConfig, run_programs
from eval.suites import Suite, Task
from model.generate import SamplingConfig, generate_ids
from model.model import Transformer


@dataclass(frozen=True)
class SuiteCost:
    suite: str
    completions: int
    batches: int
    new_tokens: int         # tokens the probe batch decoded (rows × the token budget, unless a context filled)
    batch_seconds: float    # one batch decoded to the full token budget
    program_seconds: float  # one program in the sandbox
    seconds: float          # the estimate: batches × batch_seconds + completions × program_seconds


def probe_tasks(suite: Suite, tokenizer: Tokenizer, size: int) -> list[Task]:
    """`size` tasks (repeated when the suite has fewer) around the suite's median prompt length."""
    tasks = sorted(suite.tasks, key=lambda task: len(tokenizer.encode(task.prompt)))
    start = max(0, min(len(tasks) - size, len(tasks) // 2 - size // 2))
    chosen = tasks[start:start + size]
    return [chosen[i % len(chosen)] for i in range(size)]


@torch.no_grad()
def estimate(model: Transformer, tokenizer: Tokenizer, suite: Suite, generation: GenerationConfig,
             sandbox: SandboxConfig = SandboxConfig()) -> SuiteCost:
    """The cost of `eval.harness.evaluate_model(model, tokenizer, suite, generation, sandbox)`, from one probe batch."""
    todo = requests(suite.tasks, generation)
    greedy = sum(1 for _, is_greedy in todo if is_greedy)
    batches = math.ceil(greedy / generation.batch_size) + math.ceil((len(todo) - greedy) / generation.batch_size)
    tasks = probe_tasks(suite, tokenizer, min(generation.batch_size, len(todo)))
    prompts = [tokenizer.encode(task.prompt) for task in tasks]
    sampling = SamplingConfig(generation.max_new_tokens, generation.temperature, 0, generation.top_p)

    def never_done(row: int, ids: list[int]) -> bool:
        tokenizer.decode(ids[-16:])  # the stop check's cost (model/generate.py), without its effect
        return False

    was_training = model.training
    model.eval()
    started = time.perf_counter()
    rows = generate_ids(model, prompts, sampling, is_done=never_done,
                        generator=torch.Generator().manual_seed(generation.seed))
    batch_seconds = time.perf_counter() - started
    model.train(was_training)
    programs = [task.program(task.canonical_solution) for task in tasks]
    started = time.perf_counter()
    run_programs(programs, sandbox)
    program_seconds = (time.perf_counter() - started) / len(programs)
    return SuiteCost(suite.name, len(todo), batches, sum(map(len, rows)), batch_seconds, program_seconds,
                     batches * batch_seconds + len(todo) * program_seconds)
