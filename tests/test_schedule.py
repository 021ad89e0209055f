"""The schedule (train/schedule.py): durations parse; the learning rate follows the steps taken or the share of
the budget spent; a run stops after its last step or in time for its final evaluation, checkpoints there,
and a resumed run spends only what is left. Every budget here runs on a fake clock, so no assertion depends
on how fast or idle the machine is."""
from __future__ import annotations

import math

import pytest
import torch

import train.schedule as schedule_module
from configs.errors import UserError
from train.schedule import Schedule, cosine_lr, parse_duration


@pytest.mark.parametrize("text, seconds", [("90s", 90), ("25m", 1500), ("1.5h", 5400), ("40", 40), ("", 0)])
def test_durations_parse(text, seconds):
    assert parse_duration(text, "train.time_budget") == seconds


@pytest.mark.parametrize("text", ["25 minutes", "-3m", "0m", "m", "1.5d"])
def test_bad_durations_name_the_key(text):
    with pytest.raises(UserError, match="train.time_budget: expected a positive duration"):
        parse_duration(text, "train.time_budget")


class FakeClock:
    """Reads `now`; with `tick`, every reading also moves time on by that much (a step costs a few readings)."""

    def __init__(self, tick: float = 0.0) -> None:
        self.now, self.tick = 1000.0, tick

    def __call__(self) -> float:
        self.now += self.tick
        return self.now


def test_a_step_schedule_warms_up_then_decays_to_its_floor_at_the_last_step():
    schedule = Schedule(1.0, warmup=4, min_ratio=0.1, max_steps=14)
    assert [schedule.lr(s) for s in range(4)] == [0.25, 0.5, 0.75, 1.0]
    assert schedule.lr(9) == pytest.approx(cosine_lr(0.5, 1.0, 0.1)) == pytest.approx(0.55)
    assert schedule.lr(14) == pytest.approx(0.1) and schedule.lr(99) == pytest.approx(0.1)
    assert schedule.total == 14 and not schedule.timed and schedule.progress_note() == {}
    assert [d for d in range(1, 20) if schedule.stop_after(d)] == [14]
    assert not schedule.complete(13) and schedule.complete(14) and schedule.complete(20)


def test_a_run_needs_a_step_count_or_a_budget():
    with pytest.raises(UserError, match="train.max_steps must be positive without a train.time_budget"):
        Schedule(1.0, 4, 0.1, max_steps=0)
    uncapped = Schedule(1.0, 4, 0.1, max_steps=0, budget_seconds=60, clock=FakeClock())
    assert uncapped.max_steps is None and uncapped.total is None and not uncapped.stop_after(10**9)


def test_the_budget_schedule_follows_the_share_of_the_budget_spent():
    clock = FakeClock()
    budget = Schedule(1.0, warmup=4, min_ratio=0.1, max_steps=0, budget_seconds=100.0, clock=clock)
    assert budget.lr(0) == 0.25  # warmup counts steps
    clock.now += 20  # warmup ends with 20 % of the budget spent: the decay spans the other 80 %
    assert budget.lr(4) == pytest.approx(1.0)
    clock.now += 40  # halfway through the decay
    assert budget.lr(50) == pytest.approx(0.1 + 0.9 * 0.5 * (1 + math.cos(math.pi / 2)))
    budget.reserve = 39.0
    assert not budget.out_of_time() and not budget.stop_after(51)
    budget.reserve = 40.0  # the last evaluation took 40 s: the step just taken must be the last
    assert budget.out_of_time() and budget.stop_after(51)
    assert budget.progress_note() == {"spent": "1.0/2m"}
    clock.now += 45  # past the budget: the floor
    assert budget.lr(60) == pytest.approx(0.1)

    state = budget.state_dict()
    resumed = Schedule(1.0, 4, 0.1, max_steps=0, budget_seconds=200.0, clock=clock)
    resumed.load_state_dict(state)
    assert resumed.spent() == pytest.approx(105.0) and resumed.warmup_end == pytest.approx(0.2)
    assert resumed.reserve == 40.0 and not resumed.complete(60)  # a larger budget trains further
    spent = Schedule(1.0, 4, 0.1, max_steps=0, budget_seconds=100.0, clock=clock)
    spent.load_state_dict(state)
    assert spent.complete(60)  # resumed with its budget spent: the run is complete


def test_an_evaluation_sets_the_reserve_and_a_step_cap_still_ends_a_budgeted_run():
    clock = FakeClock()
    capped = Schedule(1.0, 2, 0.1, max_steps=30, budget_seconds=100.0, clock=clock)
    with capped.reserving():
        clock.now += 7
    assert capped.reserve == 7
    assert capped.stop_after(30) and not capped.out_of_time()  # the cap came first


def test_long_steps_end_within_the_budget_not_one_step_past_it():
    clock = FakeClock()
    rounds = Schedule(1.0, warmup=1, min_ratio=0.1, max_steps=0, budget_seconds=100.0, clock=clock)
    rounds.start()
    stops = []
    for done in range(1, 10):
        clock.now += 30  # a self-improvement round: 30 s each
        stops.append(rounds.stop_after(done))
        if stops[-1]:
            break
    # after 3 rounds (90 s) a 4th would end at 120 s: the 3rd is the last, so the run ends inside its 100 s
    assert stops == [False, False, True] and rounds.spent() == 90 and rounds.step_seconds == 30
    with rounds.reserving():
        clock.now += 5  # the final evaluation: not counted as a step
    clock.now += 2
    assert rounds.stop_after(4) and rounds.step_seconds == 2 and rounds.reserve == 5  # the step timed alone


def budget_run(run_pretrain, out, monkeypatch, *extra):
    # each reading of the clock costs 10 ms of fake time: the steps a 4 s budget buys depend on no machine
    monkeypatch.setattr(schedule_module, "CLOCK", FakeClock(tick=0.01))
    return run_pretrain(out, *extra, max_steps=0, eval_interval=20, time_budget="4s")


@pytest.mark.slow
def test_a_run_on_a_budget_stops_in_time_and_checkpoints_its_last_step(tmp_path, run_pretrain, monkeypatch):
    result = budget_run(run_pretrain, tmp_path / "run", monkeypatch)
    last = max(result.losses)
    assert 20 < last < 400, last  # it trained past its first evaluation, and the budget ended it
    assert sorted(result.losses) == list(range(1, last + 1)) and last in result.val_losses
    assert (tmp_path / "run" / "latest").resolve().name == f"step_{last:06d}"
    budget = torch.load(tmp_path / "run" / "latest" / "state.pt", weights_only=False)["budget"]
    # it stopped at the first step after which another step and the final evaluation would not fit
    assert 0 < budget["step"] < 0.5 and 4.0 - budget["reserve"] - budget["step"] <= budget["spent"] < 4.0

    again = budget_run(run_pretrain, tmp_path / "again", monkeypatch)  # the same clock, the same run
    assert max(again.losses) == last and again.losses == result.losses

    # its budget spent, the run is complete: --resume trains nothing and returns normally (exit 0)
    resumed = budget_run(run_pretrain, tmp_path / "run", monkeypatch, "--resume")
    assert resumed.losses == {}
    assert (tmp_path / "run" / "latest").resolve().name == f"step_{last:06d}"
