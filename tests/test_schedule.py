"""The wall-clock budget: durations parse, the schedule follows the share of the budget spent, the run
stops in time for its final evaluation and checkpoints there, and a resumed run spends only what is left."""
from __future__ import annotations

import math
import time

import pytest

import train.budget as budget_module
from configs.errors import UserError
from train.budget import TimeBudget, parse_duration
from train.optim import lr_at


@pytest.mark.parametrize("text, seconds", [("90s", 90), ("25m", 1500), ("1.5h", 5400), ("40", 40), ("", 0)])
def test_durations_parse(text, seconds):
    assert parse_duration(text, "train.time_budget") == seconds


@pytest.mark.parametrize("text", ["25 minutes", "-3m", "0m", "m", "1.5d"])
def test_bad_durations_name_the_key(text):
    with pytest.raises(UserError, match="train.time_budget: expected a positive duration"):
        parse_duration(text, "train.time_budget")


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_the_schedule_follows_the_share_of_the_budget_spent(monkeypatch):
    clock = FakeClock()
    monkeypatch.setattr(budget_module.time, "perf_counter", clock)
    budget = TimeBudget(100.0)
    assert budget.lr(0, 1.0, warmup=4, min_ratio=0.1) == lr_at(0, 1.0, 4, 10, 0.1)  # warmup counts steps
    clock.now += 20  # warmup ends with 20 % of the budget spent: the decay spans the other 80 %
    assert budget.lr(4, 1.0, warmup=4, min_ratio=0.1) == pytest.approx(1.0)
    clock.now += 40  # halfway through the decay
    assert budget.lr(50, 1.0, warmup=4, min_ratio=0.1) == pytest.approx(0.1 + 0.9 * 0.5 * (1 + math.cos(math.pi / 2)))
    budget.reserve = 39.0
    assert not budget.exhausted()
    budget.reserve = 40.0  # the last evaluation took 40 s: the step just taken must be the last
    assert budget.exhausted()
    clock.now += 45  # past the budget: the floor
    assert budget.lr(60, 1.0, warmup=4, min_ratio=0.1) == pytest.approx(0.1)

    state = budget.state_dict()
    resumed = TimeBudget(200.0)
    resumed.load_state_dict(state)
    assert resumed.spent() == pytest.approx(105.0) and resumed.warmup_end == pytest.approx(0.2)
    assert resumed.reserve == 40.0 and not resumed.exhausted()  # a larger budget trains further
    spent = TimeBudget(100.0)
    spent.load_state_dict(state)
    assert spent.exhausted()  # resumed with its budget spent: the run is complete


def test_a_run_on_a_budget_stops_in_time_and_checkpoints_its_last_step(tmp_path, run_pretrain):
    started = time.perf_counter()
    result = run_pretrain(tmp_path / "run", max_steps=1_000_000, eval_interval=20, time_budget="4s")
    took = time.perf_counter() - started
    last = max(result.losses)
    assert 20 < last < 1_000_000, last  # it trained, and the budget, not max_steps, ended it
    assert sorted(result.losses) == list(range(1, last + 1)) and last in result.val_losses
    assert (tmp_path / "run" / "latest").resolve().name == f"step_{last:06d}"
    assert took < 60, took  # 4 s of training, plus set-up and one evaluation's overshoot at most

    # its budget spent, the run is complete: --resume trains nothing and returns normally (exit 0)
    again = run_pretrain(tmp_path / "run", "--resume", max_steps=1_000_000, eval_interval=20, time_budget="4s")
    assert again.losses == {}
    assert (tmp_path / "run" / "latest").resolve().name == f"step_{last:06d}"
