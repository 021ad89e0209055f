"""How long a training run is, and its learning rate on the way: one `Schedule` for step counts and wall time.

A run is `train.max_steps` optimizer steps long, or, with `train.time_budget` (`25m`, `90s`, `1.5h`), as
long as its wall-clock budget (a CPU user thinks in minutes, not steps):
- the learning rate warms up linearly over `warmup_steps` steps, then decays along a half cosine to
  `min_lr_ratio` · peak; the decay's progress is the share of the steps taken, or, on a budget, the share
  of the budget spent since warmup ended, reaching the floor as the budget runs out;
- a run on a budget stops after the step at which the time spent, plus a reserve for the final evaluation
  and checkpoint (as long as the last one took; nothing before the first), plus one more step (as long as the
  last one took, evaluations apart) reaches the budget, and that step is evaluated and checkpointed like any
  last step; `max_steps` is then a cap (0 = none). The extra step is why a run whose steps are long (a
  self-improvement round: tens of seconds) ends within its budget instead of one step past it;
- the time counted is the loop's whole wall time, evaluations and checkpoints included, so the budget is
  what the user waits; it is checkpointed, so a resumed run spends only what is left, and a run resumed
  with its budget spent is complete (raise the budget to train further).
A run on a budget is not step-for-step reproducible: when it stops depends on the machine's speed. The
clock is injectable, so the schedule's logic is tested on a fake clock, not on a machine's speed.
"""
from __future__ import annotations

import contextlib
import math
import re
import time
from collections.abc import Callable, Iterator

from configs.errors import UserError

UNITS = {"s": 1, "m": 60, "h": 3600}
CLOCK: Callable[[], float] = time.perf_counter  # what a budget counts; tests put a fake clock here


def parse_duration(text: str, where: str) -> float:
    """Seconds in `90s`, `25m`, `1.5h` (a bare number is seconds); '' is 0: no budget."""
    if not text:
        return 0.0
    match = re.fullmatch(r"\s*(\d+(?:\.\d*)?)\s*([smh]?)\s*", text)
    if not match or float(match[1]) <= 0:
        raise UserError(f"{where}: expected a positive duration like 90s, 25m or 1.5h, got {text!r}")
    return float(match[1]) * UNITS[match[2] or "s"]


def warmup_lr(step: int, peak: float, warmup: int) -> float:
    """The rate of 0-based step `step` of a linear warmup that reaches `peak` at step `warmup` - 1."""
    return peak * (step + 1) / warmup


def cosine_lr(progress: float, peak: float, min_ratio: float) -> float:
    """`peak` at progress 0, decaying along a half cosine to `min_ratio · peak` at progress 1 and after."""
    progress = min(1.0, progress)
    return peak * (min_ratio + (1 - min_ratio) * 0.5 * (1 + math.cos(math.pi * progress)))


class Schedule:
    """The learning rate at this moment and whether to stop after the step just taken, by steps or by time."""

    def __init__(self, peak: float, warmup: int, min_ratio: float, max_steps: int, budget_seconds: float = 0.0,
                 clock: Callable[[], float] | None = None):
        if max_steps <= 0 and budget_seconds <= 0:
            raise UserError("train.max_steps must be positive without a train.time_budget (0 = no cap needs one)")
        self.peak, self.warmup, self.min_ratio = peak, warmup, min_ratio
        self.max_steps = max_steps or None  # None: no cap, the budget ends the run
        self.seconds = budget_seconds
        self.clock = clock or CLOCK
        self.spent_before = 0.0           # by earlier runs of this run directory (resume)
        self.warmup_end: float | None = None  # share of the budget spent when warmup ended
        self.reserve = 0.0                # seconds the last evaluation + checkpoint took
        self.step_seconds = 0.0           # seconds the last step took: the next one is assumed as long
        self.step_began: float | None = None
        self.started = self.clock()

    @classmethod
    def from_config(cls, cfg, clock: Callable[[], float] | None = None) -> Schedule:
        """The schedule of a trainer's [train] section (train/config.py LoopConfig)."""
        return cls(cfg.lr, cfg.warmup_steps, cfg.min_lr_ratio, cfg.max_steps, cfg.budget_seconds, clock)

    @property
    def timed(self) -> bool:
        return self.seconds > 0

    @property
    def total(self) -> int | None:
        """Steps in the run when a step count decides it (for a progress bar); None on a budget."""
        return None if self.timed else self.max_steps

    def start(self) -> None:
        """Start counting this process's wall time (the loop's first step is about to run)."""
        self.started = self.step_began = self.clock()

    def spent(self) -> float:
        return self.spent_before + self.clock() - self.started

    def lr(self, step: int) -> float:
        """The learning rate of 0-based optimizer step `step`."""
        if step < self.warmup:
            return warmup_lr(step, self.peak, self.warmup)
        if not self.timed:
            return cosine_lr((step - self.warmup) / max(1, self.max_steps - self.warmup), self.peak, self.min_ratio)
        share = self.spent() / self.seconds
        if self.warmup_end is None:
            self.warmup_end = min(share, 0.5)  # a warmup that ate half the budget still leaves a decay
        return cosine_lr((share - self.warmup_end) / (1 - self.warmup_end), self.peak, self.min_ratio)

    def out_of_time(self) -> bool:
        """Whether the step just taken must be the last to leave time for the final evaluation."""
        return self.timed and self.spent() + self.reserve + self.step_seconds >= self.seconds

    def stop_after(self, done: int) -> bool:
        """Whether `done` steps end the run: the last step, or the budget spent (the step just taken is timed)."""
        now = self.clock()
        if self.step_began is not None:
            self.step_seconds = now - self.step_began
        self.step_began = now
        return done == self.max_steps or self.out_of_time()

    def complete(self, done: int) -> bool:
        """Whether a run resumed after `done` steps has nothing left to train."""
        return (self.max_steps is not None and done >= self.max_steps) or self.out_of_time()

    @contextlib.contextmanager
    def reserving(self) -> Iterator[None]:
        """Time an evaluation + checkpoint: the budget keeps that much in reserve for the final one."""
        started = self.clock()
        yield
        self.step_began = self.clock()  # the next step's time leaves the evaluation out
        self.reserve = self.step_began - started

    def progress_note(self) -> dict[str, str]:
        """The progress bar's note on the budget spent (nothing without one)."""
        return {"spent": f"{self.spent() / 60:.1f}/{self.seconds / 60:.0f}m"} if self.timed else {}

    def state_dict(self) -> dict:
        return {"seconds": self.seconds, "spent": self.spent(), "warmup_end": self.warmup_end, "reserve": self.reserve,
                "step": self.step_seconds}

    def load_state_dict(self, state: dict) -> None:
        self.spent_before, self.warmup_end = state["spent"], state["warmup_end"]
        self.reserve, self.step_seconds = state.get("reserve", 0.0), state.get("step", 0.0)
        self.started = self.clock()
