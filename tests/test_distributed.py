"""Data-parallel pretraining under torchrun on the CPU (gloo, 2 processes): 2 ranks × batch b train
exactly like 1 rank × batch 2b, only rank 0 writes, and a 2-rank run resumes in 1 process."""
from __future__ import annotations

from pathlib import Path

from tensorboard.backend.event_processing.event_accumulator import EventAccumulator

from tests.conftest import micro_flags, torchrun

# fp32 on the CPU: the two runs differ only in where the batch mean is summed (per rank, then
# averaged by the all-reduce); AdamW carries those differences along. Observed ≤ 1e-7 relative.
TOLERANCE = 1e-6


def logged_losses(run: Path) -> dict[int, float]:
    events = EventAccumulator(str(run / "tb"))
    events.Reload()
    return {e.step: e.value for e in events.Scalars("train/loss")}


def test_two_ranks_match_one_rank_with_twice_the_batch_and_resume_in_one_process(small_data, tmp_path, run_pretrain):
    common = {"max_steps": 12, "eval_interval": 4, "log_interval": 1, "grad_accum": 2}
    ddp = torchrun(2, "train.pretrain", micro_flags(small_data, batch_size=2, **common) + ["--out", str(tmp_path / "ddp")])
    assert ddp.returncode == 0, ddp.stderr[-3000:]
    assert ddp.stdout.count("model: ") == 1  # only rank 0 reports
    assert "× 2" in ddp.stdout
    single = run_pretrain(tmp_path / "single", batch_size=4, **common)

    ddp_losses = logged_losses(tmp_path / "ddp")
    assert sorted(ddp_losses) == list(range(1, 13))
    for step, loss in ddp_losses.items():
        assert abs(loss - single.losses[step]) <= TOLERANCE * single.losses[step], (step, loss, single.losses[step])
    checkpoints = tmp_path / "ddp" / "checkpoints"
    assert sorted(p.name for p in checkpoints.iterdir()) == ["step_000004", "step_000008", "step_000012"]

    # the 2-rank run's step-8 checkpoint continues in one process with batch 2b: the loader's
    # position converts across world sizes, so steps 9–12 see the windows the single run saw
    resumed = run_pretrain(tmp_path / "resumed", "--resume", str(checkpoints / "step_000008"), batch_size=4, **common)
    assert sorted(resumed.losses) == [9, 10, 11, 12]
    for step, loss in resumed.losses.items():
        assert abs(loss - single.losses[step]) <= TOLERANCE * single.losses[step], (step, loss, single.losses[step])
