"""Completions for a suite's prompts: batched KV-cache generation, cut at the suite's stop strings.

- Prompts are sorted by token length before batching, so a batch pads little (left padding, per-row
  RoPE positions: see model/generate.py); results come back in task order.
- A sampled evaluation (temperature > 0, n samples per task) also decodes one greedy completion per
  task, marked `greedy`: greedy pass@1 is the number people quote, and it costs 1/n more.
- Seeded per batch from one generator, so a run is reproducible on the same device.
"""
from __future__ import annotations

import argparse
import dataclasses
from dataclasses import dataclass

import torch
from tqdm import tqdm

from configs.device import autocast
from configs.errors import UserError
from configs.fields import bounds_of, check_fields, describe, option
from data.pretrain.tokenizer import Tokenizer
from eval.samples import Sample
from eval.suites import Task
from model.generate import SamplingConfig, generate
from model.model import Transformer


@dataclass(frozen=True)
class GenerationConfig:
    """How eval.evaluate / eval.sweep decode (their flags are these fields: --n-samples, --top-p, ...)."""
    n_samples: int = option(1, "samples per task (needs --temperature > 0 when > 1)", at_least=1)
    temperature: float = option(0.0, "0 = greedy", at_least=0)
    top_p: float = option(0.95, "nucleus sampling mass (1 = off)", above=0, at_most=1)
    max_new_tokens: int = option(256, "token budget per completion", at_least=1)
    batch_size: int = option(16, "completions decoded together", at_least=1)
    seed: int = option(0, "seed of the sampling", at_least=0)

    def __post_init__(self) -> None:
        check_fields(self, flag_name)
        if self.temperature <= 0 and self.n_samples > 1:
            raise UserError("--n-samples: greedy decoding gives one completion per task: use 1 or a --temperature > 0")


def flag_name(field_name: str) -> str:
    return "--" + field_name.replace("_", "-")


def add_generation_flags(parser: argparse.ArgumentParser, names: tuple[str, ...]) -> None:
    """`--n-samples`, `--temperature`, ...: the fields `names` of GenerationConfig as flags, with their defaults,
    help lines and ranges written once, on the dataclass."""
    fields = {f.name: f for f in dataclasses.fields(GenerationConfig)}
    for name in names:
        f = fields[name]
        bounds = bounds_of(GenerationConfig, name)
        parser.add_argument(flag_name(name), dest=name, type=type(f.default), default=f.default,
                            help=f.metadata["help"] + (f" [{describe(bounds)}]" if bounds else ""))


def generation_from_args(args: argparse.Namespace, names: tuple[str, ...]) -> GenerationConfig:
    return GenerationConfig(**{name: getattr(args, name) for name in names})


def requests(tasks: list[Task], cfg: GenerationConfig) -> list[tuple[Task, bool]]:
    """(task, greedy) for every completion to decode."""
    if cfg.temperature <= 0:
        return [(task, True) for task in tasks]
    return [(task, greedy) for task in tasks for greedy in [True] + [False] * cfg.n_samples]


@torch.no_grad()
def complete(model: Transformer, tokenizer: Tokenizer, tasks: list[Task], cfg: GenerationConfig,
             progress: bool = False) -> list[Sample]:
    todo = requests(tasks, cfg)
    max_new = cfg.max_new_tokens  # generate_ids stops a row when the context is full
    lengths = {task.task_id: len(tokenizer.encode(task.prompt)) for task in tasks}  # once per task, not per sample
    order = sorted(range(len(todo)), key=lambda i: (todo[i][1], lengths[todo[i][0].task_id]))  # greedy rows together
    device = model.head_weight.device
    generator = torch.Generator(device=device).manual_seed(cfg.seed)
    completions: list[str] = [""] * len(todo)
    was_training = model.training
    model.eval()
    bar = tqdm(total=len(todo), desc="generate", disable=not progress, leave=False, dynamic_ncols=True)
    for start in range(0, len(order), cfg.batch_size):
        rows = order[start:start + cfg.batch_size]
        greedy = todo[rows[0]][1]
        stop = todo[rows[0]][0].stop
        sampling = SamplingConfig(max_new, 0.0 if greedy else cfg.temperature, 0, cfg.top_p, stop)
        with autocast(device):
            texts = generate(model, tokenizer, [todo[i][0].prompt for i in rows], sampling, generator)
        for i, text in zip(rows, texts):
            completions[i] = text
        bar.update(len(rows))
    bar.close()
    model.train(was_training)
    return [Sample(task.task_id, text, greedy) for (task, greedy), text in zip(todo, completions)]
