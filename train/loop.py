"""The loop both trainers run: schedule, logging cadence, evaluation + checkpoint, resume.

A trainer (train/pretrain.py, train/instruct.py) builds its model, optimizer and batches, and
describes what is its own as a `Stage` — how to measure the validation loss, what the checkpoint
holds (full weights or an adapter), what else `state.pt` keeps; `Loop` does the rest the same way
for both:

- `launch`: the run directory is locked for the run's life (train/run_lock.py); one holding a run
  is refused without `--resume`; torchrun's world is joined (train/distributed.py), the device
  picked, torch seeded;
- the speed switches (train/speed.py) are resolved for the device — precision, compile (with
  dynamic shapes for a stage whose batches change length), kernels and their start-up check — and
  recorded in run_config.json under "speed", with the CPU's model and bf16 path;
- one `Schedule` (train/schedule.py) gives the learning rate (linear warmup + cosine decay, by steps
  or by the share of the wall-clock budget spent) and says when to stop: after `max_steps`, or, with
  `time_budget`, in time for the final evaluation;
- every step: one optimizer step over `grad_accum` micro-batches; a step with a NaN/inf loss or
  gradient norm is skipped (train/optim.py) and logged, and `nonfinite_limit` of them in a row stop
  the run with an error: the last checkpoint stays the last good one; every `log_interval` steps
  and at the last: train/loss, lr, grad norm, tokens/s and MFU to TensorBoard;
- every `eval_interval` steps and at the last (rank 0, the other ranks waiting): the validation
  loss, the suite solved greedily in the sandbox (eval/during_training.py), a checkpoint
  (keep-last-k plus best-by-validation, written atomically: train/checkpoint.py); the time spent
  there is left out of tokens/s. A model with NaN/inf weights or validation loss is never written;
- SIGTERM, SIGINT or SIGUSR1 (train/stop_signals.py): the step under way finishes, a checkpoint is
  written (without evaluating, unless the step is due one anyway), and the run stops with exit
  status 128 + the signal's number;
- `resume`: optimizer, data position, RNG states, step and best loss from `state.pt`, so a resumed
  run continues exactly; TensorBoard keeps everything up to the checkpoint's step and drops what an
  interrupted run logged after it. `--resume` with no checkpoint yet starts a fresh run, and on a
  complete run (its last step taken, or its time budget spent) does nothing and exits 0: a requeue
  script may always pass it.
"""
from __future__ import annotations

import contextlib
import itertools
import json
import math
import signal
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Protocol, TypeVar

import torch
from torch.utils.tensorboard import SummaryWriter
from tqdm import tqdm

from configs.device import pick_device
from configs.errors import Diverged, Stopped, UserError
from configs.files import write_json
from data.pretrain.tokenizer import Tokenizer
from eval.during_training import TrainingEval
from model.checkpoint import first_nonfinite
from model.model import Transformer
from train.checkpoint import find_resume_checkpoint, rng_state, save_checkpoint, set_rng_state, step_dir
from train.config import LoopConfig
from train.distributed import World, barrier, close, highest, init_world, wrap
from train.optim import make_adamw, optimizer_step
from train.run_lock import run_lock
from train.schedule import Schedule
from train.speed import configure, maybe_compile, reproducible
from train.stop_signals import StopSignals
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
    varying_lengths: bool = False  # batches change length from step to step: compile with dynamic shapes


@dataclass
class TrainResult:
    losses: dict[int, float] = field(default_factory=dict)      # optimizer step (1-based) → train loss
    val_losses: dict[int, float] = field(default_factory=dict)  # step → validation loss
    evals: dict[int, dict[str, float]] = field(default_factory=dict)  # step → eval/* and collapse/* scalars
    best_val_loss: float = float("inf")
    tokens: int = 0  # tokens (padding included) this process trained on
    baselines: dict[str, float] = field(default_factory=dict)
    speed: dict[str, Any] = field(default_factory=dict)  # the resolved speed switches (train/speed.py Speed)


def launch(cfg: LoopConfig, out: Path, resume: str | None, body: Callable[[World, torch.device], T]) -> T:
    """Run `body(world, device)` as one process of the run in `out`."""
    world, device_name = init_world(cfg.device)
    try:
        with run_lock(out) if world.is_main else contextlib.nullcontext():
            if resume is None and (out / "latest").exists():
                raise UserError(f"{out} already holds a run: pass --resume to continue it, or --out DIR for a new one")
            device = pick_device(device_name)
            torch.manual_seed(cfg.seed)
            return body(world, device)
    finally:
        close(world)


def after_earlier_logs(tb: Path) -> None:
    """Wait, if need be, for the clock to pass the second an earlier event file of `tb` was opened in.

    TensorBoard reads a run's event files in name order, and a name starts with the second its writer
    was opened in (then host, pid and an unpadded counter): a writer opened in the same second as an
    earlier one could be read before it, and its purge would then drop the wrong scalars."""
    opened = [int(path.name.split(".")[3]) for path in tb.glob("events.out.tfevents.*")]
    while opened and int(time.time()) <= max(opened):
        time.sleep(0.05)


class Loop:
    """One run of a trainer: made before the model (a bad eval suite fails early), it builds the
    optimizer, resumes a checkpoint's training state, then runs the steps."""

    def __init__(self, cfg: LoopConfig, out: Path, world: World, device: torch.device):
        self.cfg, self.out, self.world, self.device = cfg, out, world, device
        self.speed = configure(cfg, device)
        self.suite_eval = TrainingEval.from_spec(cfg.eval_suite, cfg.eval_max_new_tokens)  # a bad suite fails now
        self.result, self.start, self.complete = TrainResult(), 0, False
        self.schedule = Schedule.from_config(cfg)

    def find_resume(self, resume: str | None) -> Path | None:
        """The checkpoint `--resume [CKPT]` names; None for a fresh run (also when there is none yet)."""
        ckpt = find_resume_checkpoint(self.out, resume) if resume is not None else None
        if resume is not None and ckpt is None and self.world.is_main:
            print(f"--resume: no checkpoint in {self.out} yet: starting a fresh run")
        return ckpt

    def optimizer(self, model: torch.nn.Module) -> torch.optim.AdamW:
        return make_adamw(model, self.cfg.lr, self.cfg.weight_decay, (self.cfg.beta1, self.cfg.beta2), self.device)

    def resume(self, state: dict[str, Any], stage: Stage) -> None:
        """Continue from a checkpoint's training state (its weights are already in `stage.model`)."""
        stage.optimizer.load_state_dict(state["optimizer"])
        stage.batches.load_state_dict(state["data"])
        set_rng_state(state["rng"])
        self.start, self.result.best_val_loss = state["step"], state["best_val_loss"]
        if self.schedule.timed and "budget" in state:
            self.schedule.load_state_dict(state["budget"])
        self.complete = self.schedule.complete(self.start)

    def describe(self) -> str:
        """The run's device and speed switches, for the trainer's opening line."""
        return (f"device: {self.device} × {self.world.world_size} | {self.speed.describe()} | {mfu_note(self.device)}"
                f" | run: {self.out}")

    def run(self, stage: Stage, run_config: dict[str, Any]) -> TrainResult:
        if self.complete:
            if self.world.is_main:
                spent = f", {self.schedule.spent_before:.0f} s of its time budget spent" if self.schedule.timed else ""
                print(f"--resume: the run in {self.out} is complete (step {self.start} of train.max_steps "
                      f"{self.cfg.max_steps}{spent}): nothing to train; raise train.max_steps or train.time_budget "
                      "to train further")
            return self.result
        self.result.speed = asdict(self.speed)
        run_config = run_config | {"speed": self.result.speed}
        writer = self.open_log(run_config, stage) if self.world.is_main else None
        try:
            with StopSignals() as stop, reproducible(self.speed, self.device):
                self.steps(stage, writer, stop)
        finally:
            if writer:
                writer.close()
        return self.result

    def steps(self, stage: Stage, writer: SummaryWriter | None, stop: StopSignals) -> None:
        cfg, world, result, batches, schedule = self.cfg, self.world, self.result, stage.batches, self.schedule
        compiled = maybe_compile(stage.model, self.speed.compile, stage.varying_lengths)
        train_model = wrap(compiled, world, self.device)  # what steps call
        meter = Throughput(stage.model.cfg, self.device, world)
        # under a time budget the step count is open-ended: no total (a step cap would show an ETA of days), the
        # postfix shows the minutes spent of the budget
        steps = itertools.count(self.start) if schedule.max_steps is None else range(self.start, schedule.max_steps)
        bar = tqdm(iter(steps), initial=self.start, total=schedule.total, desc=stage.name, dynamic_ncols=True,
                   disable=not world.is_main)
        rates: dict[str, float] = {}
        bad_in_a_row = 0
        schedule.start()
        for step in bar:
            lr = schedule.lr(step)
            micro_batches = [batches.next_batch() for _ in range(cfg.grad_accum)]
            loss, grad_norm, applied = optimizer_step(train_model, stage.optimizer, micro_batches, lr, cfg.grad_clip,
                                                      cfg.label_smoothing, self.device, world, self.speed.precision)
            for inputs, _ in micro_batches:
                meter.add(inputs.numel(), inputs.shape[1])
                result.tokens += inputs.numel()
            done = step + 1
            result.losses[done] = loss
            bad_in_a_row = 0 if applied else bad_in_a_row + 1
            if not applied:
                self.skipped(done, loss, grad_norm, bad_in_a_row, writer)
            # one all-reduce per step: any rank's signal, or its clock running out, stops every rank after this step
            stopping, last = highest([stop.received or 0, int(schedule.stop_after(done))], world, self.device)
            if done % cfg.log_interval == 0 or last:
                rates = meter.report()
                if writer:
                    for tag, value in {"train/loss": loss, "train/lr": lr, "train/grad_norm": grad_norm,
                                       **{f"train/{k}": v for k, v in rates.items()}}.items():
                        writer.add_scalar(tag, value, done)
            bar.set_postfix(loss=f"{loss:.3f}", lr=f"{lr:.2e}", **format_rates(rates), **schedule.progress_note())
            evaluate = done % cfg.eval_interval == 0 or bool(last)  # a stop between evaluations only checkpoints
            if evaluate or stopping:
                # the time an evaluation takes is what the budget keeps in reserve for the last one
                with schedule.reserving() if evaluate else contextlib.nullcontext(), meter.paused():
                    if world.is_main:
                        self.save(done, stage, writer, evaluate)
                    barrier(world)  # the other ranks wait while rank 0 evaluates and writes
            if last:
                if schedule.timed and done != schedule.max_steps and world.is_main:
                    tqdm.write(f"time budget: {schedule.spent():.0f} of {schedule.seconds:.0f} s spent; "
                               f"stopped after step {done}")
                break
            if stopping:
                bar.close()
                status = 128 + stopping  # as a shell reports a process the signal killed
                raise Stopped(f"{signal.Signals(stopping).name}: stopped after step {done}, checkpointed in "
                              f"{step_dir(self.out, done)}; continue with --resume (exit status {status})", status)

    def skipped(self, done: int, loss: float, grad_norm: float, in_a_row: int, writer: SummaryWriter | None) -> None:
        """Report a step whose update was skipped (NaN/inf); too many in a row stop the run."""
        if writer:
            writer.add_scalar("train/skipped_steps", in_a_row, done)
        if self.world.is_main:
            tqdm.write(f"step {done}: loss {loss:.4g}, grad norm {grad_norm:.4g}: not finite, update skipped "
                       f"({in_a_row} in a row)")
        if in_a_row >= self.cfg.nonfinite_limit:
            latest = self.out / "latest"
            good = f"the last good checkpoint is {latest.resolve()}" if latest.exists() else "no checkpoint was written"
            raise Diverged(f"step {done}: {in_a_row} steps in a row with a NaN/inf loss or gradient norm at train.lr "
                            f"{self.cfg.lr:g}: stopped; {good}: lower train.lr and continue it with --resume")

    def open_log(self, run_config: dict[str, Any], stage: Stage) -> SummaryWriter:
        """The run directory's config file and TensorBoard writer (rank 0)."""
        self.out.mkdir(parents=True, exist_ok=True)
        write_json(self.out / "run_config.json", run_config)
        # a resumed run keeps the checkpoint step's own scalars and drops what was logged after them; a fresh
        # one drops whatever a run that died before its first checkpoint left
        after_earlier_logs(self.out / "tb")
        writer = SummaryWriter(self.out / "tb", purge_step=self.start + 1 if self.start else 0)
        self.result.baselines = dict(stage.baselines)
        if self.start == 0:
            writer.add_text("config", "```\n" + json.dumps(run_config, indent=2) + "\n```")
            for tag, value in stage.baselines.items():
                writer.add_scalar(tag, value, 0)
        return writer

    def save(self, done: int, stage: Stage, writer: SummaryWriter, evaluate: bool) -> None:
        """A checkpoint (rank 0 only); with `evaluate`, first the validation loss, the trainer's extras and
        the suite. A diverged model (NaN/inf weights or validation loss) is never written."""
        result = self.result
        diverged = first_nonfinite(dict(stage.model.named_parameters()))
        if diverged:
            raise Diverged(f"step {done}: {diverged} holds NaN/inf values: the model diverged and is not "
                            f"checkpointed; lower train.lr and continue from the last good checkpoint with --resume")
        val_loss = stage.validate() if evaluate else None
        if val_loss is not None and not math.isfinite(val_loss):
            raise Diverged(f"step {done}: {stage.val_tag} is {val_loss}: the model diverged and is not checkpointed; "
                            "lower train.lr and continue from the last good checkpoint with --resume")
        is_best = val_loss is not None and val_loss < result.best_val_loss
        if val_loss is not None:
            result.val_losses[done] = val_loss
            result.best_val_loss = min(result.best_val_loss, val_loss)
            self.log_evaluation(done, val_loss, is_best, stage, writer)
        state = {"stage": stage.name, "step": done, "optimizer": stage.optimizer.state_dict(),
                 "data": stage.batches.state_dict(), "rng": rng_state(), "val_loss": val_loss,
                 "best_val_loss": result.best_val_loss, **stage.checkpoint_extras}
        if self.schedule.timed:
            state["budget"] = self.schedule.state_dict()
        writer.flush()  # every scalar up to this step is on disk before the checkpoint that resumes after it

        def write(directory: Path) -> None:
            stage.write_weights(directory, {"step": done, "val_loss": val_loss})
        save_checkpoint(self.out, done, write, state, is_best, self.cfg.keep_last)

    def log_evaluation(self, done: int, val_loss: float, is_best: bool, stage: Stage, writer: SummaryWriter) -> None:
        """Validation loss, the trainer's extras and the suite, to TensorBoard and one line."""
        writer.add_scalar(stage.val_tag, val_loss, done)
        if stage.on_eval:
            stage.on_eval(writer, done)
        scored = ""
        if self.suite_eval:
            self.result.evals[done], headline = self.suite_eval.log(stage.model, stage.tokenizer, writer, done)
            scored = f" | {headline}"
        baselines = "".join(f" ({tag} {value:.3f})" for tag, value in stage.baselines.items())
        best = " — best so far" if is_best else ""
        tqdm.write(f"step {done}: {stage.val_tag} {val_loss:.4f}{baselines}{best}{scored}")
