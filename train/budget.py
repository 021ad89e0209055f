"""A wall-clock budget for a training run: a CPU user thinks in minutes, not steps.

With `train.time_budget` set (`25m`, `90s`, `1.5h`), the run's length is its wall time, not a step
count:
- the learning rate warms up over `warmup_steps` steps as usual, then follows the cosine decay by
  the share of the budget spent (not by step), reaching its floor as the budget runs out;
- training stops after the step at which the time spent plus a reserve for the final evaluation
  and checkpoint (as long as the last one took; nothing before the first) reaches the budget, and
  that step is evaluated and checkpointed like any last step; `max_steps` stays an upper bound;
- the time counted is the loop's whole wall time, evaluations and checkpoints included, so the
  budget is what the user waits; it is checkpointed, so a resumed run spends only what is left, and
  a run resumed with its budget spent is complete (raise the budget to train further).
A run on a budget is not step-for-step reproducible: when it stops depends on the machine's speed.
"""
from __future__ import annotations

import re
import time

from configs.errors import UserError
from train.optim import cosine_lr, warmup_lr

UNITS = {"s": 1, "m": 60, "h": 3600}


def parse_duration(text: str, where: str) -> float:
    """Seconds in `90s`, `25m`, `1.5h` (a bare number is seconds); '' is 0: no budget."""
    if not text:
        return 0.0
    match = re.fullmatch(r"\s*(\d+(?:\.\d*)?)\s*([smh]?)\s*", text)
    if not match or float(match[1]) <= 0:
        raise UserError(f"{where}: expected a positive duration like 90s, 25m or 1.5h, got {text!r}")
    return float(match[1]) * UNITS[match[2] or "s"]


class TimeBudget:
    def __init__(self, seconds: float):
        self.seconds = seconds
        self.spent_before = 0.0        # by earlier runs of this run directory (resume)
        self.warmup_end: float | None = None  # share of the budget spent when warmup ended
        self.reserve = 0.0             # seconds the last evaluation + checkpoint took
        self.started = time.perf_counter()

    def spent(self) -> float:
        return self.spent_before + time.perf_counter() - self.started

    def lr(self, step: int, peak: float, warmup: int, min_ratio: float) -> float:
        if step < warmup:
            return warmup_lr(step, peak, warmup)
        share = self.spent() / self.seconds
        if self.warmup_end is None:
            self.warmup_end = min(share, 0.5)  # a warmup that ate half the budget still leaves a decay
        return cosine_lr((share - self.warmup_end) / (1 - self.warmup_end), peak, min_ratio)

    def exhausted(self) -> bool:
        """Whether the step just taken must be the last, leaving time for the final evaluation."""
        return self.spent() + self.reserve >= self.seconds

    def state_dict(self) -> dict:
        return {"seconds": self.seconds, "spent": self.spent(), "warmup_end": self.warmup_end, "reserve": self.reserve}

    def load_state_dict(self, state: dict) -> None:
        self.spent_before, self.warmup_end = state["spent"], state["warmup_end"]
        self.reserve = state.get("reserve", 0.0)
        self.started = time.perf_counter()
