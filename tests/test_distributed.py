"""Data-parallel pretraining under torchrun on the CPU (gloo, 2 processes): 2 ranks × batch b train
exactly like 1 rank × batch 2b, only rank 0 writes, a 2-rank run resumes in 1 process, and a
signal to one rank stops both at the same step."""
from __future__ import annotations

import pytest

from tests.conftest import logged, micro_flags, torchrun

pytestmark = pytest.mark.slow  # every test here trains, builds data or runs many programs

# fp32 on the CPU: the two runs differ only in where the batch mean is summed (per rank, then
# averaged by the all-reduce); AdamW carries those differences along. Observed ≤ 1e-7 relative.
TOLERANCE = 1e-6


def test_two_ranks_match_one_rank_with_twice_the_batch_and_resume_in_one_process(small_data, tmp_path, run_pretrain):
    # fp32: in bf16 each rank's half-size matmuls round differently from the whole batch's (observed 8e-6)
    common = {"max_steps": 12, "eval_interval": 4, "log_interval": 1, "grad_accum": 2, "precision": "fp32"}
    ddp = torchrun(2, "train.pretrain",
                   micro_flags(small_data, batch_size=2, **common) + ["--out", str(tmp_path / "ddp")])
    assert ddp.returncode == 0, ddp.stderr[-3000:]
    assert ddp.stdout.count("model: ") == 1  # only rank 0 reports
    assert "× 2" in ddp.stdout
    single = run_pretrain(tmp_path / "single", batch_size=4, **common)

    ddp_losses = logged(tmp_path / "ddp", "train/loss")
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


def test_a_signal_to_one_rank_stops_every_rank_after_the_same_step(small_data, tmp_path):
    flags = micro_flags(small_data, batch_size=2, max_steps=10, eval_interval=8, log_interval=1)
    flags += ["--out", str(tmp_path / "ddp"), "--resume"]
    stopped = torchrun(2, "tests.faulty_pretrain", ["SIGTERM@1", "4", "--", *flags])  # rank 1 alone is signalled
    assert stopped.returncode != 0
    assert stopped.stderr.count("SIGTERM: stopped after step 4, checkpointed in") == 2, stopped.stderr[-3000:]
    assert (tmp_path / "ddp" / "latest").resolve().name == "step_000004"  # rank 0 wrote it
    resumed = torchrun(2, "tests.faulty_pretrain", ["none", "0", "--", *flags])
    assert resumed.returncode == 0, resumed.stderr[-3000:]
    assert sorted(logged(tmp_path / "ddp", "train/loss")) == list(range(1, 11))
