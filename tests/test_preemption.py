"""Preemption: a signal checkpoints at the next step boundary and stops; a second one exits at once;
`--resume` is always safe to pass; and a run killed at random points, resumed each time, ends with
the uninterrupted run's losses, nothing lost or logged twice."""
from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import train.loop as loop
from configs.errors import Stopped
from model.checkpoint import load_model
from tests.conftest import logged, micro_flags
from tests.faulty_pretrain import nth_call, send
from train.checkpoint import read_state
from train.loop import after_earlier_logs

ROOT = Path(__file__).resolve().parents[1]
# Fresh CPU runs of one machine were bit-identical in every trial (README, "Stopping, resuming,
# requeueing"), so a run resumed in new processes must reproduce the uninterrupted run exactly.
RESUME_TOLERANCE = 0.0


def send_on_step(monkeypatch, step: int, sig: signal.Signals) -> None:
    """The signal arrives while optimizer step `step` (1-based) is under way."""
    monkeypatch.setattr(loop, "optimizer_step", nth_call(loop.optimizer_step, step, send(sig)))


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT, signal.SIGUSR1])
def test_a_signal_checkpoints_after_the_step_and_resume_continues_exactly(tmp_path, run_pretrain, monkeypatch, sig):
    common = {"max_steps": 12, "eval_interval": 8, "log_interval": 1}
    straight = run_pretrain(tmp_path / "a", **common)
    before = signal.getsignal(sig)
    send_on_step(monkeypatch, 5, sig)
    with pytest.raises(Stopped) as stopped:
        run_pretrain(tmp_path / "b", **common)
    monkeypatch.undo()
    assert stopped.value.status == 128 + sig
    assert f"{sig.name}: stopped after step 5, checkpointed in" in str(stopped.value)
    assert signal.getsignal(sig) == before  # the handler is the loop's alone
    latest = (tmp_path / "b" / "latest").resolve()
    assert latest.name == "step_000005" and read_state(latest)["val_loss"] is None  # checkpointed, not evaluated

    resumed = run_pretrain(tmp_path / "b", "--resume", **common)
    assert sorted(resumed.losses) == list(range(6, 13))
    assert all(resumed.losses[s] == straight.losses[s] for s in resumed.losses)
    for tag in ("train/loss", "val/loss"):  # every step exactly once, as the uninterrupted run logged it
        assert logged(tmp_path / "b", tag) == logged(tmp_path / "a", tag)


def test_a_signal_at_an_evaluation_step_still_evaluates(tmp_path, run_pretrain, monkeypatch):
    send_on_step(monkeypatch, 4, signal.SIGTERM)
    with pytest.raises(Stopped, match="stopped after step 4"):
        run_pretrain(tmp_path / "r", max_steps=12, eval_interval=4)
    assert read_state((tmp_path / "r" / "latest").resolve())["val_loss"] is not None
    assert sorted(logged(tmp_path / "r", "val/loss")) == [4]


def test_a_run_that_died_before_its_first_checkpoint_starts_over_cleanly(tmp_path, run_pretrain, monkeypatch):
    straight = run_pretrain(tmp_path / "a", max_steps=8, eval_interval=4, log_interval=1)
    def die() -> None:
        raise MemoryError  # anything that ends the process before step 4's checkpoint
    monkeypatch.setattr(loop, "optimizer_step", nth_call(loop.optimizer_step, 3, die))
    with pytest.raises(MemoryError):
        run_pretrain(tmp_path / "b", max_steps=8, eval_interval=4, log_interval=1)
    monkeypatch.undo()
    assert sorted(logged(tmp_path / "b", "train/loss")) == [1, 2]  # logged, never checkpointed
    again = run_pretrain(tmp_path / "b", "--resume", max_steps=8, eval_interval=4, log_interval=1)
    assert again.losses == straight.losses
    assert logged(tmp_path / "b", "train/loss") == logged(tmp_path / "a", "train/loss")  # steps 1, 2 not doubled


def test_a_new_event_file_never_sorts_before_an_earlier_one(tmp_path):
    # TensorBoard orders event files by name, whose first field is the second they were opened in
    now = int(time.time())
    (tmp_path / f"events.out.tfevents.{now:010d}.host.with.dots.123.9").write_bytes(b"")
    after_earlier_logs(tmp_path)
    assert int(time.time()) > now


def faulty(fault: str, n: int, flags: list[str], timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "tests.faulty_pretrain", fault, str(n), "--", *flags],
                          capture_output=True, text=True, cwd=ROOT, timeout=timeout)


@pytest.mark.slow
def test_a_second_signal_exits_at_once_and_the_run_resumes(tmp_path, small_data):
    flags = micro_flags(small_data, max_steps=8, eval_interval=2) + ["--out", str(tmp_path / "r"), "--resume"]
    proc = faulty("SIGTERM-twice", 3, flags)
    assert proc.returncode == 128 + signal.SIGTERM, proc.stderr[-2000:]
    assert "SIGTERM again: exiting now, without a checkpoint" in proc.stderr
    assert "stopped after step" not in proc.stderr
    assert (tmp_path / "r" / "latest").resolve().name == "step_000002"  # the step-3 checkpoint never completed
    assert (tmp_path / "r" / "checkpoints" / "step_000003.tmp").is_dir()
    proc = faulty("none", 0, flags)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert (tmp_path / "r" / "latest").resolve().name == "step_000008"
    assert not list((tmp_path / "r" / "checkpoints").glob("*.tmp"))  # the half-written one is cleaned up


# The faults a run meets in the wild, each at a random point; `--resume` is passed every time, as a
# scheduler's requeue script would.
FAULT_PLAN = ("kill-mid-step", "kill-mid-checkpoint", "SIGTERM", "SIGTERM-twice", "SIGUSR1", "SIGINT",
              "external SIGKILL", "external SIGTERM")
STEPS, EVERY = 60, 5
EXIT = {"kill-mid-step": {-9}, "kill-mid-checkpoint": {-9}, "SIGTERM": {143}, "SIGTERM-twice": {143},
        "SIGUSR1": {138}, "SIGINT": {130},
        # from outside, a signal may land before training (the default action), in it, or after the end
        "external SIGKILL": {-9, 0}, "external SIGTERM": {-15, 143, 0}}


def external(sig: signal.Signals, delay: float, flags: list[str]) -> int:
    proc = subprocess.Popen([sys.executable, "-m", "train.pretrain", *flags], cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(delay)
    proc.send_signal(sig)
    return proc.wait(timeout=300)


def inject(fault: str, at: int, rng: random.Random, flags: list[str]) -> tuple[int, set[int]]:
    """Run once with `fault` at a random point of what is left after step `at`: (exit status, allowed ones)."""
    if fault.startswith("external"):
        return external(signal.Signals[fault.split()[1]], rng.uniform(0.5, 5.0), flags), EXIT[fault]
    if fault == "kill-mid-checkpoint":
        n = rng.randint(1, STEPS // EVERY - at // EVERY)  # one of the checkpoints still to write
        return faulty(fault, n, flags).returncode, EXIT[fault]
    n = rng.randint(1, STEPS - at)
    graceful_at_the_end = n == STEPS - at and fault in ("SIGTERM", "SIGUSR1", "SIGINT")  # the run ends anyway
    return faulty(fault, n, flags).returncode, {0} if graceful_at_the_end else EXIT[fault]


@pytest.mark.slow
def test_killed_at_random_points_and_resumed_the_run_ends_as_if_never_interrupted(tmp_path, small_data):
    seed = int(os.environ.get("FAULT_SEED", time.time_ns() % 10**6))
    rng = random.Random(seed)
    flags = micro_flags(small_data, max_steps=STEPS, eval_interval=EVERY, log_interval=1, keep_last=10)
    straight = tmp_path / "straight"
    assert faulty("none", 0, flags + ["--out", str(straight)]).returncode == 0

    run = tmp_path / "run"
    flags += ["--out", str(run), "--resume"]
    history: list[tuple[str, int, int]] = []
    context = f"FAULT_SEED={seed}"
    for fault in rng.sample(FAULT_PLAN, len(FAULT_PLAN)):
        at = int(read_state((run / "latest").resolve())["step"]) if (run / "latest").exists() else 0
        if at == STEPS:
            break
        returncode, allowed = inject(fault, at, rng, flags)
        history.append((fault, at, returncode))
        context = f"FAULT_SEED={seed}: (fault, from step, exit status) {history}"
        assert returncode in allowed, context
        if (run / "latest").exists():  # whatever happened, `latest` names a complete, loadable checkpoint
            assert load_model(run).model is not None and read_state((run / "latest").resolve())
    proc = faulty("none", 0, flags)
    assert proc.returncode == 0, f"{context}: {proc.stderr[-2000:]}"

    assert (run / "latest").resolve().name == f"step_{STEPS:06d}", context
    assert not list((run / "checkpoints").glob("*.tmp")), context
    for tag in ("train/loss", "val/loss"):  # nothing lost, nothing logged twice, the same values
        got, want = logged(run, tag), logged(straight, tag)
        assert sorted(got) == sorted(want), (context, tag, sorted(got))
        for step, value in want.items():
            assert abs(got[step] - value) <= RESUME_TOLERANCE * abs(value), (context, tag, step, got[step], value)
