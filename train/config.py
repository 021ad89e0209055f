"""Typed configs of both trainers: TOML sections → dataclasses, every key also a `--section.key` flag.

    PretrainConfig   [model] ModelConfig          the decoder's shape
                     [train] PretrainLoopConfig   LoopConfig + sequence length, validation batches, samples
                     [data]  PretrainDataConfig   source folders and where the built data goes
    InstructConfig   [model] InstructModelConfig  the checkpoint to start from
                     [train] InstructLoopConfig   LoopConfig with instruction-tuning defaults
                     [data]  InstructDataConfig   instruction files, held-out files or fraction
                     [lora]  LoRAConfig           on/off, and the adapter's targets, rank and scale (lora/)
    ImproveConfig    [model] InstructModelConfig  the instruction-tuned checkpoint to start from
                     [train] ImproveLoopConfig    LoopConfig counted in rounds (train/improve.py)
                     [improve] ImproveSection     method, pool, sampling, reward, expert/pg settings
                     [lora]  LoRAConfig

`LoopConfig` holds the keys both trainers' loop reads (train/loop.py): schedule, optimizer, clipping,
cadence of logging, evaluation and checkpoints, seed, device and speed switches. Each trainer's
[train] section extends it and sets its own defaults. Named configs are TOML files in
configs/<trainer>/; a config may also be given as a path.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from configs import config_path, dataclass_from_dict, read_toml
from configs.device import PRECISIONS
from configs.errors import UserError
from configs.fields import check_fields, option
from data.curation.default_mix import PROBLEMS, SOLUTIONS
from data.instruct.split import VAL_FRACTION
from data.pretrain.tokenizer import check_split
from eval.suites import SUITE_NAMES
from kernels.dispatch import BACKENDS
from lora import LoRAConfig
from model.config import ModelConfig
from train.schedule import parse_duration

COMPILE_SETTINGS = ("auto", "on", "off")
C = TypeVar("C")


@dataclass
class LoopConfig:
    batch_size: int = option(16, "sequences per micro-batch", at_least=1)
    grad_accum: int = option(1, "micro-batches per optimizer step", at_least=1)
    max_steps: int = option(500, "optimizer steps in the whole run; with a time budget, a cap (0 = none: the budget "
                                 "ends the run)", at_least=0)
    time_budget: str = option("", "wall-clock budget of the run, e.g. 90s, 25m, 1.5h ('' = none): the lr decays by "
                                  "the share of it spent, and training stops in time for a final evaluation")
    lr: float = option(2e-3, "peak learning rate", above=0)
    min_lr_ratio: float = option(0.1, "final lr as a fraction of the peak (cosine floor)", at_least=0, at_most=1)
    warmup_steps: int = option(50, "linear warmup steps", at_least=1)
    weight_decay: float = option(0.1, "AdamW decay of matrices (never of norms)", at_least=0)
    beta1: float = option(0.9, "AdamW beta1", at_least=0, below=1)
    beta2: float = option(0.95, "AdamW beta2", at_least=0, below=1)
    grad_clip: float = option(1.0, "max global grad norm (0 = off)", at_least=0)
    nonfinite_limit: int = option(5, "a step with a NaN/inf loss or grad norm is skipped; this many in a row stop "
                                     "the run (exit status 3; the last checkpoint stays the last good one)",
                                  at_least=1)
    label_smoothing: float = option(0.0, "cross-entropy label smoothing (0.1 helps against mode collapse; 0 = off)",
                                    at_least=0, below=1)
    eval_interval: int = option(100, "steps between validation, the suite and a checkpoint", at_least=1)
    eval_suite: str = option("mini", "suite solved greedily in the sandbox at each evaluation: "
                                     f"{' | '.join(SUITE_NAMES)} | FILE ('' = off)")
    eval_max_new_tokens: int = option(128, "token budget per completion of that suite", at_least=1)
    log_interval: int = option(10, "steps between TensorBoard scalars (loss, lr, grad norm, tokens/s, MFU)",
                               at_least=1)
    keep_last: int = option(3, "checkpoints kept besides the best", at_least=1)
    seed: int = option(1337, "seed for init and data order", at_least=0)
    device: str = option("auto", "auto | cpu | cuda | cuda:N")
    compile: str = option("auto", "torch.compile the training step: auto (on CUDA; on the CPU for a run of 200+ "
                                   "steps and, with a time budget, 5+ minutes: compiling takes 20-40 s) | on | off")
    precision: str = option("auto", "matmul precision of the training step: auto (bf16 on CUDA and on a CPU with "
                                     "native bf16, AMX or AVX-512-BF16; else fp32) | bf16 | fp32; weights and "
                                     "optimizer stay fp32")
    kernels: str = option("auto", "hot ops: auto (Triton on CUDA, PyTorch on CPU) | triton | reference")

    def __post_init__(self) -> None:
        check_fields(self, lambda name: f"train.{name}")
        for name, allowed in (("compile", COMPILE_SETTINGS), ("precision", PRECISIONS), ("kernels", BACKENDS)):
            if getattr(self, name) not in allowed:
                raise UserError(f"train.{name} must be one of {', '.join(allowed)}, got {getattr(self, name)!r}")
        # parsed once, here: a malformed budget fails before anything runs
        self.budget_seconds = parse_duration(self.time_budget, "train.time_budget")
        if self.max_steps == 0 and not self.budget_seconds:
            raise UserError("train.max_steps 0 (no cap) needs a train.time_budget to end the run")


# --- pretraining -------------------------------------------------------------------------------------

@dataclass
class PretrainLoopConfig(LoopConfig):
    seq_len: int = option(256, "tokens per training sequence", at_least=2)
    eval_batches: int = option(8, "validation batches per evaluation", at_least=1)
    sample_tokens: int = option(64, "tokens per generated sample at each evaluation", at_least=1)


@dataclass
class PretrainDataConfig:
    src: list[str] = option([], "source dirs of .py files (default: this interpreter's standard library)")
    dir: str = option("runs/data", "where the corpus, tokenizer.json and token shards are built")
    tokenizer_split: str = option("cl100k", "the tokenizer's pre-tokenizer split: cl100k (GPT-4's: `(name` is one "
                                            "token) | code (identifiers apart from punctuation)")

    def __post_init__(self) -> None:
        check_split(self.tokenizer_split, "data.tokenizer_split")


@dataclass
class PretrainConfig:
    model: ModelConfig = field(default_factory=ModelConfig)
    train: PretrainLoopConfig = field(default_factory=PretrainLoopConfig)
    data: PretrainDataConfig = field(default_factory=PretrainDataConfig)

    def __post_init__(self) -> None:
        if self.train.seq_len > self.model.max_seq_len:
            raise UserError(f"train.seq_len ({self.train.seq_len}) exceeds model.max_seq_len "
                            f"({self.model.max_seq_len})")

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


# --- instruction tuning ------------------------------------------------------------------------------

@dataclass
class InstructModelConfig:
    init: str = option("", "pretraining checkpoint or run dir to start from (default: the newest under runs/)")


@dataclass
class InstructLoopConfig(LoopConfig):
    batch_size: int = option(8, "examples per micro-batch")
    max_steps: int = option(300, "optimizer steps in the whole run; with a time budget, a cap (0 = none: the budget "
                                 "ends the run)")
    lr: float = option(1e-4, "peak learning rate")
    warmup_steps: int = option(20, "linear warmup steps")
    weight_decay: float = option(0.0, "AdamW decay of trainable matrices")
    eval_interval: int = option(50, "steps between held-out loss, the suite and a checkpoint")
    keep_last: int = option(2, "checkpoints kept besides the best")


@dataclass
class InstructDataConfig:
    files: list[str] = option([], "instruction JSONL files (default: the verified default mix, built on first use)")
    val_files: list[str] = option([], "held-out instruction JSONL (default: the default mix's own; with data.files, "
                                      "a val_fraction of their problems)")
    val_fraction: float = option(VAL_FRACTION, "share of problems held out of data.files when no val_files are given",
                                 above=0, below=1)

    def __post_init__(self) -> None:
        check_fields(self, lambda name: f"data.{name}")
        if self.val_files and not self.files:
            raise UserError("data.val_files needs data.files: the default mix brings its own held-out problems")


@dataclass
class InstructConfig:
    model: InstructModelConfig = field(default_factory=InstructModelConfig)
    train: InstructLoopConfig = field(default_factory=InstructLoopConfig)
    data: InstructDataConfig = field(default_factory=InstructDataConfig)
    lora: LoRAConfig = field(default_factory=LoRAConfig)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


# --- self-improvement -------------------------------------------------------------------------------

IMPROVE_METHODS = ("expert", "pg")


@dataclass
class ImproveLoopConfig(LoopConfig):
    batch_size: int = option(8, "sequences per optimizer step (expert iteration's examples, or samples for the "
                                "policy gradient)")
    max_steps: int = option(20, "rounds of sampling and training in the whole run; with a time budget, a cap "
                                "(0 = none: the budget ends the run)")
    lr: float = option(1e-4, "peak learning rate")
    warmup_steps: int = option(1, "rounds of linear warmup")
    weight_decay: float = option(0.0, "AdamW decay of trainable matrices")
    eval_interval: int = option(1, "rounds between the suite and a checkpoint")
    log_interval: int = option(1, "rounds between TensorBoard scalars")
    keep_last: int = option(2, "checkpoints kept besides the best")
    compile: str = option("off", "torch.compile the training step: off (rounds alternate sampling with short "
                                 "updates of new lengths) | on | auto")


@dataclass
class ImproveSection:
    method: str = option("expert", "expert (fine-tune on passing completions) | pg (policy gradient, group-relative "
                                   "baseline, KL penalty to the starting model)")
    problems: int = option(32, "problems asked per round", at_least=1)
    samples: int = option(8, "completions sampled per problem (k)", at_least=1)
    temperature: float = option(0.8, "sampling temperature", above=0)
    top_p: float = option(0.95, "nucleus sampling mass (1 = off)", above=0, at_most=1)
    max_new_tokens: int = option(128, "token budget per completion", at_least=1)
    pool_synthetic: int = option(1000, "fresh synthetic problems drawn for the pool (its own seed, statements of "
                                       "the tuning mix dropped)", at_least=0)
    pool_seed: int = option(2, "seed of those problems (the default mix uses 0, the code corpus 1)", at_least=0)
    mbpp: bool = option(True, "MBPP train/validation in the pool, when mbpp.jsonl is in the data folder")
    data_dir: str = option("", "folder of mbpp.jsonl and HumanEval.jsonl.gz ('' = ../shared/data)")
    exclude: list[str] = option([], "records files whose synthetic statements the pool leaves out (the mix the "
                                    "model was tuned on; '' = runs/data/instruct_default/train.jsonl if present)")
    reward_timeout_s: float = option(1.0, "seconds a completion may run against its tests (references slower than "
                                          "a quarter of it leave the pool)", above=0)
    rare_boost: int = option(3, "expert: copies of a solution of a problem solved once in many (1 = no weighting)",
                             at_least=1)
    epochs: int = option(1, "expert: passes over a round's examples", at_least=1)
    siblings: int = option(1, "fresh problems of the same category queued for each one no sample solves",
                           at_least=0)
    kl_coef: float = option(0.05, "pg: weight of the KL penalty to the starting model", at_least=0)
    clip: float = option(0.2, "pg: clip of the ratio to the sampling policy, ε of PPO's surrogate (0 = off: the "
                              "plain advantage-weighted log-likelihood)", at_least=0, below=1)
    scale_advantages: bool = option(False, "pg: divide advantages by the group's std (GRPO; off = Dr. GRPO)")

    def __post_init__(self) -> None:
        check_fields(self, lambda name: f"improve.{name}")
        if self.method not in IMPROVE_METHODS:
            raise UserError(f"improve.method must be one of {', '.join(IMPROVE_METHODS)}, got {self.method!r}")
        if self.method == "pg" and self.samples < 2:
            raise UserError("improve.samples must be at least 2 for pg: the baseline is the group's mean")


@dataclass
class ImproveConfig:
    model: InstructModelConfig = field(default_factory=InstructModelConfig)
    train: ImproveLoopConfig = field(default_factory=ImproveLoopConfig)
    improve: ImproveSection = field(default_factory=ImproveSection)
    lora: LoRAConfig = field(default_factory=LoRAConfig)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


# --- the speedrun -----------------------------------------------------------------------------------

@dataclass
class SpeedrunStages:
    pretrain: str = option("tiny", "pretraining config: a name in configs/pretrain/ or a .toml path")
    instruct: str = option("", "instruction-tuning config: a name in configs/instruct/ or a .toml path ('' = defaults)")
    src: list[str] = option(["stdlib", "site-packages"], "source folders of the corpus; `stdlib` and `site-packages` "
                                                         "name this interpreter's")
    code_corpus: int = option(0, "synthetic problems rendered as documented functions into the pretraining corpus "
                                 "(data.curation.code_corpus; 0 = none)", at_least=0)
    code_corpus_seed: int = option(1, "seed of those problems (the default instruction mix uses 0)", at_least=0)
    instruct_problems: int = option(PROBLEMS, "synthetic problems of the default instruction mix (plus MBPP "
                                              "train/val)", at_least=1)
    instruct_solutions: int = option(SOLUTIONS, f"solutions per synthetic problem of that mix, 1 to {SOLUTIONS} "
                                                "(fewer keep the same problems)", at_least=1, at_most=SOLUTIONS)
    synth_exclude: list[str] = option([], "synthetic categories left out of the code corpus and the instruction mix")
    rename_params: float = option(0.0, "share of synthetic problems (code corpus and instruction mix) whose parameters "
                                       "get fresh names, so a model must read them off the signature "
                                       "(data/curation/synth/rename.py; 0 = none)", at_least=0, at_most=1)
    restyle: float = option(0.0, "share of synthetic problems (code corpus and instruction mix) whose docstrings and "
                                 "annotations are laid out in drawn styles: wrapped, other example layouts, typing "
                                 "or no annotations (data/curation/synth/restyle.py; 0 = none)", at_least=0, at_most=1)
    base: str = option("", "a pretrained checkpoint to instruction-tune: skips the code_corpus, data and pretrain "
                           "stages ('' = pretrain here)")
    suites: list[str] = option(list(SUITE_NAMES), "suites the final model solves, greedy (the first one heads the "
                                                  f"report): {' | '.join(SUITE_NAMES)} | FILE; humaneval and the "
                                                  "mbpp ones are left out, with a note, when their file is absent")
    humaneval_samples: int = option(20, "HumanEval samples per task at run.sample_temperature, for pass@1 and "
                                        "pass@10 beside greedy (0 = greedy only)", at_least=0)
    sample_temperature: float = option(0.8, "temperature of those samples", above=0)
    seed: int = option(1337, "seed of both trainers: model init, data order, LoRA init", at_least=0)
    max_new_tokens: int = option(128, "token budget per completion of that evaluation", at_least=1)
    improve: str = option("", "wall-clock budget of a self-improvement stage after instruction tuning (train.improve, "
                              "e.g. 10m; '' = none); its settings are the [improve.SECTION] tables and flags")
    frame: str = option("", "wall-clock limit of the whole run, evaluation included, e.g. 60m: where the stages "
                            "around the trainers take longer (a slower CPU), both trainers' budgets shrink by one "
                            "factor to fit it, never grow (train/frame.py; '' = the budgets as they are)")

    def __post_init__(self) -> None:
        check_fields(self, lambda name: f"run.{name}")
        if not self.suites:
            raise UserError("run.suites needs at least one suite")
        parse_duration(self.improve, "run.improve")
        parse_duration(self.frame, "run.frame")


@dataclass
class SpeedrunConfig:
    """A preset (configs/speedrun/*.toml): [run] the stages' settings, [pretrain.SECTION], [instruct.SECTION] and
    [improve.SECTION] tables of overrides on top of the trainers' configs."""
    run: SpeedrunStages = field(default_factory=SpeedrunStages)


def load_config(cls: type[C], trainer: str, name_or_path: str | Path | None,
                overrides: dict[str, dict[str, Any]] | None = None) -> C:
    """A trainer's config: the named config (or .toml path) if any, then command-line overrides on top."""
    path = config_path(str(name_or_path), trainer) if name_or_path else None
    values = read_toml(path) if path else {}
    for section, table in (overrides or {}).items():
        values.setdefault(section, {}).update(table)
    return dataclass_from_dict(cls, values, f"{path}: " if path else "")
