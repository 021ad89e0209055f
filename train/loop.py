"""The loop both trainers run: schedule, logging cadence, evaluation + checkpoint, resume.

A trainer (train/pretrain.py, train/instruct.py) builds its model, optimizer and batches, and
describes what is its own as a `Stage` — how to measure the validation loss, what the checkpoint
holds (full weights or an adapter), what else `state.pt` keeps; `Loop` does the rest the same way
for both:

- `launch`: a run directory holding a run is refused without `--resume`; torchrun's world is
  joined (train/distributed.py), the device picked, the speed switches set, torch seeded;
- the learning rate follows linear warmup + cosine decay (train/optim.py) to `max_steps`, or,
  with `time_budget`, decays by the share of the wall-clock budget spent and the run stops in time
  for its final evaluation (train/budget.py);
- every step: one optimizer step over `grad_accum` micro-batches; every `log_interval` steps and at
  the last: train/loss, lr, grad norm, tokens/s and MFU to TensorBoard;
- every `eval_interval` steps and at the last (rank 0, the other ranks waiting): the validation
  loss, the suite solved greedily in the sandbox (eval/during_training.py), a checkpoint
  (keep-last-k plus best-by-validation, written atomically: train/checkpoint.py); the time spent
  there is left out of tokens/s;
- `resume`: optimizer, data position, RNG states, step and best loss from `state.pt`, so a resumed
  run continues exactly; TensorBoard drops whatever an interrupted run logged past that step.
"""
from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Protocol, TypeVar

import torch
from torch.utils.tensorboard import SummaryWriter
from tqdm import tqdm

from configs.device import pick_device
from configs.errors import UserError
from configs.files import write_json
from data.pretrain.tokenizer import Tokenizer
from eval.during_training import TrainingEval
from model.model import Transformer
from train.budget import TimeBudget
from train.checkpoint import rng_state, save_checkpoint, set_rng_state
from train.config import LoopConfig
from train.distributed import World, agree, barrier, close, init_world, wrap
from train.optim import lr_at, make_adamw, optimizer_step
from train.speed import compile_enabled, configure, maybe_compile
from train.throughput import Throughput, format_rates, mfu_note

T = TypeVar("T")


class Batches(Protocol):
    """Endless (inputs, targets) micro-batches with a position that checkpoints."""

    def next_batch(self) -> tuple[torch.Tensor, torch.Tensor]: ...
    def state_dict(self) -> dict: ...
    def load_state_dict(self, state: dict) -> None: ...


@dataclass
class Stage:
    """What a trainer brings to the loop."""
    name: str                                  # "pretrain" | "instruct": the progress bar and state.pt
    model: Transformer                         # the plain model (not compiled or DDP-wrapped)
    tokenizer: Tokenizer
    optimizer: torch.optim.Optimizer
    batches: Batches
    val_tag: str                               # TensorBoard tag of the validation loss
    validate: Callable[[], float]              # the validation loss of the model as it is now
    write_weights: Callable[[Path, dict], None]  # writes the checkpoint's model files into a directory, given
                                                 # {"step", "val_loss"} for the checkpoint's own record
    checkpoint_extras: dict[str, Any] = field(default_factory=dict)  # what else state.pt keeps
    baselines: dict[str, float] = field(default_factory=dict)        # reference scalars, logged at step 0
    on_eval: Callable[[SummaryWriter, int], None] | None = None      # more TensorBoard at each evaluation


@dataclass
class TrainResult:
    losses: dict[int, float] = field(default_factory=dict)      # optimizer step (1-based) → train loss
    val_losses: dict[int, float] = field(default_factory=dict)  # step → validation loss
    evals: dict[int, dict[str, float]] = field(default_factory=dict)  # step → eval/* and collapse/* scalars
    best_val_loss: float = float("inf")
    tokens: int = 0  # tokens (padding included) this process trained on
    baselines: dict[str, float] = field(default_factory=dict)


def launch(cfg: LoopConfig, out: Path, resume: str | None, body: Callable[[World, torch.device], T]) -> T:
    """Run `body(world, device)` as one process of the run in `out`."""
    if resume is None and (out / "latest").exists():
        raise UserError(f"{out} already holds a run: pass --resume to continue it, or --out DIR for a new one")
    world, device_name = init_world(cfg.device)
    try:
        device = pick_device(device_name)
        configure(device, cfg.kernels)
        torch.manual_seed(cfg.seed)
        return body(world, device)
    finally:
        close(world)


class Loop:
    """One run of a trainer: made before the model (a bad eval suite fails early), it builds the
    optimizer, resumes a checkpoint's training state, then runs the steps."""

    def __init__(self, cfg: LoopConfig, out: Path, world: World, device: torch.device):
        self.cfg, self.out, self.world, self.device = cfg, out, world, device
        self.suite_eval = TrainingEval.from_spec(cfg.eval_suite, cfg.eval_max_new_tokens)  # a bad suite fails now
        self.result, self.start = TrainResult(), 0
        self.budget = TimeBudget(cfg.budget_seconds) if cfg.time_budget else None

    def optimizer(self, model: torch.nn.Module) -> torch.optim.AdamW:
        return make_adamw(model, self.cfg.lr, self.cfg.weight_decay, (self.cfg.beta1, self.cfg.beta2), self.device)

    def resume(self, state: dict[str, Any], stage: Stage) -> None:
        """Continue from a checkpoint's training state (its weights are already in `stage.model`)."""
        stage.optimizer.load_state_dict(state["optimizer"])
        stage.batches.load_state_dict(state["data"])
        set_rng_state(state["rng"])
        self.start, self.result.best_val_loss = state["step"], state["best_val_loss"]
        if self.budget and "budget" in state:
            self.budget.load_state_dict(state["budget"])
        if self.start >= self.cfg.max_steps:
            raise UserError(f"--resume: the checkpoint is at step {self.start}, train.max_steps is "
                            f"{self.cfg.max_steps}; raise it to train further")

    def describe(self) -> str:
        """The run's device and speed switches, for the trainer's opening line."""
        compiled = "on" if compile_enabled(self.cfg.compile, self.device) else "off"
        return (f"device: {self.device} × {self.world.world_size} | compile: {compiled} | kernels: {self.cfg.kernels}"
                f" | {mfu_note(self.device)} | run: {self.out}")

    def run(self, stage: Stage, run_config: dict[str, Any]) -> TrainResult:
        cfg, world, result, batches = self.cfg, self.world, self.result, stage.batches
        train_model = wrap(maybe_compile(stage.model, cfg.compile, self.device), world, self.device)  # what steps call
        meter = Throughput(stage.model.cfg, self.device, world)
        writer = self.open_log(run_config, stage) if world.is_main else None
        bar = tqdm(range(self.start, cfg.max_steps), initial=self.start, total=cfg.max_steps, desc=stage.name,
                   dynamic_ncols=True, disable=not world.is_main)
        rates: dict[str, float] = {}
        budget, eval_seconds = self.budget, 0.0  # eval_seconds: how long the last evaluation took
        if budget:
            budget.started = time.perf_counter()
        for step in bar:
            if budget:
                lr = budget.lr(step, cfg.lr, cfg.warmup_steps, cfg.min_lr_ratio)
            else:
                lr = lr_at(step, cfg.lr, cfg.warmup_steps, cfg.max_steps, cfg.min_lr_ratio)
            micro_batches = [batches.next_batch() for _ in range(cfg.grad_accum)]
            loss, grad_norm = optimizer_step(train_model, stage.optimizer, micro_batches, lr, cfg.grad_clip,
                                             cfg.label_smoothing, self.device, world)
            for inputs, _ in micro_batches:
                meter.add(inputs.numel(), inputs.shape[1])
                result.tokens += inputs.numel()
            done = step + 1
            result.losses[done] = loss
            if done % cfg.log_interval == 0 or done == cfg.max_steps:
                rates = meter.report()
                if writer:
                    for tag, value in {"train/loss": loss, "train/lr": lr, "train/grad_norm": grad_norm,
                                       **{f"train/{k}": v for k, v in rates.items()}}.items():
                        writer.add_scalar(tag, value, done)
            spent = {"spent": f"{budget.spent() / 60:.1f}/{budget.seconds / 60:.0f}m"} if budget else {}
            bar.set_postfix(loss=f"{loss:.3f}", lr=f"{lr:.2e}", **format_rates(rates), **spent)
            last = done == cfg.max_steps or bool(budget and agree(budget.exhausted(eval_seconds), world, self.device))
            if done % cfg.eval_interval == 0 or last:
                started = time.perf_counter()
                with meter.paused():
                    if world.is_main:
                        self.evaluate_and_save(done, stage, writer)
                    barrier(world)  # the other ranks wait while rank 0 evaluates and writes
                eval_seconds = time.perf_counter() - started
            if last:
                if budget and done < cfg.max_steps and world.is_main:
                    tqdm.write(f"time budget: {budget.spent():.0f} of {budget.seconds:.0f} s spent; "
                               f"stopped after step {done}")
                break
        if writer:
            writer.close()
        return result

    def open_log(self, run_config: dict[str, Any], stage: Stage) -> SummaryWriter:
        """The run directory's config file and TensorBoard writer (rank 0)."""
        self.out.mkdir(parents=True, exist_ok=True)
        write_json(self.out / "run_config.json", run_config)
        writer = SummaryWriter(self.out / "tb", purge_step=self.start or None)
        self.result.baselines = dict(stage.baselines)
        if self.start == 0:
            writer.add_text("config", "```\n" + json.dumps(run_config, indent=2) + "\n```")
            for tag, value in stage.baselines.items():
                writer.add_scalar(tag, value, 0)
        return writer

    def evaluate_and_save(self, done: int, stage: Stage, writer: SummaryWriter) -> None:
        """Validation loss, the trainer's extras, the suite, and a checkpoint (rank 0 only)."""
        result = self.result
        val_loss = stage.validate()
        result.val_losses[done] = val_loss
        is_best = val_loss < result.best_val_loss
        result.best_val_loss = min(result.best_val_loss, val_loss)
        writer.add_scalar(stage.val_tag, val_loss, done)
        if stage.on_eval:
            stage.on_eval(writer, done)
        scored = ""
        if self.suite_eval:
            result.evals[done], headline = self.suite_eval.log(stage.model, stage.tokenizer, writer, done)
            scored = f" | {headline}"
        baselines = "".join(f" ({tag} {value:.3f})" for tag, value in stage.baselines.items())
        best = " — best so far" if is_best else ""
        tqdm.write(f"step {done}: {stage.val_tag} {val_loss:.4f}{baselines}{best}{scored}")
        state = {"stage": stage.name, "step": done, "optimizer": stage.optimizer.state_dict(),
                 "data": stage.batches.state_dict(), "rng": rng_state(), "val_loss": val_loss,
                 "best_val_loss": result.best_val_loss, **stage.checkpoint_extras}
        if self.budget:
            state["budget"] = self.budget.state_dict()

        def write(directory: Path) -> None:
            stage.write_weights(directory, {"step": done, "val_loss": val_loss})
        save_checkpoint(self.out, done, write, state, is_best, self.cfg.keep_last)
