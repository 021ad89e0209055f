"""A speedrun's frame (`run.frame`, e.g. 60m): the whole run, its data stages and its evaluation included,
inside one wall-clock limit, on whatever CPU runs it.

The trainers' budgets (`train.time_budget`) say how long each trains; the stages around them (the corpus, the
instruction data, the evaluation) take what the machine makes them take, which is twice as long on an
AVX2-only EPYC as on one with AVX-512 (RESULTS.md). The frame makes the trainers give way.

Design choices:
- The stages that need no model (code corpus, data, instruction data) run first, so their time is measured,
  not predicted; the evaluation, which comes last, is predicted by a probe (eval/cost.py, an upper bound).
- What is left goes to the trainers in the ratio of their own budgets and never past them: on a machine fast
  enough the frame changes nothing (so the recipe's results stay comparable across machines), on a slower one
  both budgets shrink by the same factor.
- Instruction tuning gets what pretraining left (after its final checkpoint), capped by its planned budget:
  time one stage ran past its budget comes out of the next, not out of the frame.
- A frame that leaves either trainer less than MIN_TRAIN_S is refused before training starts, naming what
  took the time.
"""
from __future__ import annotations

import time
from dataclasses import asdict, dataclass

from configs.errors import UserError
from eval.cost import SuiteCost

MIN_TRAIN_S = 60.0


@dataclass
class Frame:
    seconds: float                     # the whole run's limit
    start: float                       # time.perf_counter() when the run started
    evaluation_s: float = 0.0          # the evaluation's predicted cost (eval/cost.py)
    reserved_s: float = 0.0            # stages of a fixed length still to come (run.improve)

    def left(self) -> float:
        """Seconds the trainers still to run may take."""
        return self.seconds - (time.perf_counter() - self.start) - self.evaluation_s - self.reserved_s

    def fit(self, budgets: dict[str, float]) -> dict[str, float]:
        """The trainers' budgets (seconds, by trainer) scaled down together to what is left, never up."""
        if missing := [name for name, seconds in budgets.items() if seconds <= 0]:
            raise UserError(f"run.frame needs every trainer on a time budget: {missing[0]}.train.time_budget is "
                            "empty (set it, or leave run.frame empty)")
        left = self.left()
        scale = min(1.0, left / sum(budgets.values()))
        fitted = {name: seconds * scale for name, seconds in budgets.items()}
        if min(fitted.values()) < MIN_TRAIN_S:
            spent = time.perf_counter() - self.start
            raise UserError(f"run.frame {self.seconds / 60:g}m leaves {max(left, 0):.0f} s to train: the stages before "
                            f"training took {spent:.0f} s and the evaluation is estimated at {self.evaluation_s:.0f} s "
                            f"(fixed stages {self.reserved_s:.0f} s); give a longer run.frame or shorter stages")
        return fitted

    def rest(self, planned: float) -> float:
        """A later trainer's budget: what is left of the frame, up to its planned budget, at least MIN_TRAIN_S (an
        earlier stage that ran long makes this one short, not the frame late, down to that floor)."""
        return max(min(self.left(), planned), MIN_TRAIN_S)

    def record(self, planned: dict[str, float], budgets: dict[str, float], costs: list[SuiteCost]) -> dict:
        """The plan, for speedrun.json: the frame, the predicted evaluation by suite and each trainer's budget."""
        return {"frame_s": self.seconds, "evaluation_estimate_s": self.evaluation_s, "reserved_s": self.reserved_s,
                "budgets_s": budgets, "fitted_s": planned, "suites": [asdict(c) for c in costs]}


def as_budget(seconds: float) -> str:
    """A train.time_budget string for `seconds`."""
    return f"{seconds:.0f}s"
