"""What users and machines do to a run besides stopping it: a diverging learning rate, a second run
into the same directory, a full disk. Each ends in one line and a non-zero exit, never in a
traceback, a NaN checkpoint or a damaged previous checkpoint."""
from __future__ import annotations

import math
import os
import resource
import signal
import subprocess
import sys
from pathlib import Path

import pytest
import torch
import torch.nn as nn

import train.loop as loop
from configs.errors import Diverged, UserError
from model.checkpoint import load_model, save_model
from model.generate import SamplingConfig, generate
from tests.conftest import micro_flags
from train.optim import make_adamw, optimizer_step
from train.run_lock import LOCK, run_lock

ROOT = Path(__file__).resolve().parents[1]


def pretrain(flags: list[str], limit_file_bytes: int | None = None) -> subprocess.CompletedProcess:
    def limit() -> None:  # in the child: writes past the limit fail with EFBIG instead of killing it
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit_file_bytes, limit_file_bytes))
    return subprocess.run([sys.executable, "-m", "train.pretrain", *flags], capture_output=True, text=True, cwd=ROOT,
                          timeout=300, preexec_fn=limit if limit_file_bytes else None)


def assert_one_line_error(proc: subprocess.CompletedProcess, *needles: str) -> str:
    assert proc.returncode != 0 and "Traceback" not in proc.stderr, proc.stderr[-3000:]
    last = proc.stderr.strip().splitlines()[-1]
    assert last.startswith("error: "), proc.stderr[-3000:]
    for needle in needles:
        assert needle in last, last
    return last


# --- non-finite losses ---------------------------------------------------------------------------

class Scaled(nn.Module):
    """A model whose loss is `scale` times a finite one: NaN when scale is."""

    def __init__(self) -> None:
        super().__init__()
        self.w = nn.Parameter(torch.ones(3, 3))

    def forward(self, inputs, targets, label_smoothing=0.0):
        return (self.w * inputs).sum() * targets


def test_a_non_finite_step_leaves_weights_and_optimizer_untouched():
    model = Scaled()
    optimizer = make_adamw(model, 0.1, 0.0, (0.9, 0.95), torch.device("cpu"))
    before = model.w.detach().clone()
    result = optimizer_step(model, optimizer, [(torch.ones(3, 3), torch.tensor(float("nan")))], 0.1, 1.0, 0.0,
                            torch.device("cpu"))
    assert not result.applied and math.isnan(result.loss)
    assert torch.equal(model.w, before) and model.w.grad is None
    assert not optimizer.state  # no moment, no step count
    result = optimizer_step(model, optimizer, [(torch.ones(3, 3), torch.tensor(1.0))], 0.1, 1.0, 0.0,
                            torch.device("cpu"))
    assert result.applied and not torch.equal(model.w, before) and optimizer.state[model.w]["step"] == 1


@pytest.mark.slow
def test_a_diverging_run_stops_with_one_line_and_writes_no_checkpoint(tmp_path, small_data):
    # the case of the issue: lr 1e4 makes the loss NaN within a few steps
    proc = pretrain(micro_flags(small_data, max_steps=30, eval_interval=100, lr=1e4, warmup_steps=2)
                    + ["--out", str(tmp_path / "r")])
    last = assert_one_line_error(proc, "steps in a row with a NaN/inf loss or gradient norm at train.lr 10000",
                                 "no checkpoint was written", "lower train.lr")
    assert proc.returncode == 3, last  # diverged: not 2, which says the input is wrong
    assert "not finite, update skipped (1 in a row)" in proc.stderr + proc.stdout
    assert not (tmp_path / "r" / "latest").exists()


def test_a_model_with_nan_weights_is_never_checkpointed(tmp_path, run_pretrain, monkeypatch):
    real, calls = loop.optimizer_step, [0]

    def poisoning(model, *args, **kwargs):
        result = real(model, *args, **kwargs)
        calls[0] += 1
        if calls[0] == 6:  # an update that overflowed: the weights themselves are NaN now
            with torch.no_grad():
                next(model.parameters()).fill_(float("nan"))
        return result
    monkeypatch.setattr(loop, "optimizer_step", poisoning)
    with pytest.raises(Diverged, match="step 8: embed.weight holds NaN/inf values: the model diverged and is not "
                                        "checkpointed"):
        run_pretrain(tmp_path / "r", max_steps=12, eval_interval=4)
    assert (tmp_path / "r" / "latest").resolve().name == "step_000004"  # the last good one stays latest
    assert not (tmp_path / "r" / "checkpoints" / "step_000008").exists()


def test_generation_and_loading_refuse_nan_weights(tmp_path, tiny_ckpt):
    loaded = load_model(tiny_ckpt)
    with torch.no_grad():
        loaded.model.layers[0].mlp.up_proj.weight[0, 0] = float("nan")
    with pytest.raises(UserError, match="logits are NaN or infinite"):
        generate(loaded.model, loaded.tokenizer, ["def f(x):"], SamplingConfig(max_new_tokens=4, temperature=0))
    save_model(tmp_path / "nan", loaded.model, loaded.tokenizer)
    with pytest.raises(UserError, match=r"layers\.0\.mlp\.up_proj\.weight holds NaN or infinite values"):
        load_model(tmp_path / "nan")


# --- one run per directory ------------------------------------------------------------------------

def test_a_second_run_into_a_locked_directory_is_refused_naming_the_holder(tmp_path, run_pretrain):
    with run_lock(tmp_path / "r"):
        with pytest.raises(UserError, match=rf"{tmp_path / 'r'} is in use by another run \(pid {os.getpid()},"):
            run_pretrain(tmp_path / "r", max_steps=4)
    assert not (tmp_path / "r" / "latest").exists()
    run_pretrain(tmp_path / "r", max_steps=4)  # released: the directory is free again


def test_a_lock_left_by_a_killed_run_does_not_block(tmp_path, run_pretrain):
    holder = subprocess.run([sys.executable, "-c", "import os, signal, sys; from pathlib import Path; "
                             "from train.run_lock import run_lock; run_lock(Path(sys.argv[1])).__enter__(); "
                             "os.kill(os.getpid(), signal.SIGKILL)", str(tmp_path / "r")], cwd=ROOT, timeout=60)
    assert holder.returncode == -signal.SIGKILL
    assert (tmp_path / "r" / LOCK).read_text().strip().isdigit()  # its pid is still written there
    result = run_pretrain(tmp_path / "r", max_steps=4)
    assert sorted(result.losses) == [1, 2, 3, 4]


@pytest.mark.slow
def test_two_concurrent_runs_one_is_refused(tmp_path, small_data):
    flags = micro_flags(small_data, max_steps=100_000, eval_interval=100_000) + ["--out", str(tmp_path / "r")]
    first = subprocess.Popen([sys.executable, "-m", "train.pretrain", *flags], cwd=ROOT, stdout=subprocess.PIPE,
                             stderr=subprocess.DEVNULL, text=True, env={**os.environ, "PYTHONUNBUFFERED": "1"})
    try:
        while not first.stdout.readline().startswith("model: "):  # once it says so, it holds the lock and trains
            assert first.poll() is None, "the first run ended early"
        second = pretrain(flags)
        assert_one_line_error(second, "is in use by another run", f"pid {first.pid}")
    finally:
        first.send_signal(signal.SIGTERM)
        first.wait(timeout=120)
    assert first.returncode == 128 + signal.SIGTERM  # and the first one stopped cleanly, with a checkpoint
    assert (tmp_path / "r" / "latest").exists()


# --- I/O errors -----------------------------------------------------------------------------------

@pytest.mark.slow
def test_a_checkpoint_write_the_filesystem_refuses_is_one_line_and_keeps_the_last_good_one(tmp_path, small_data):
    out = ["--out", str(tmp_path / "r")]
    flags = micro_flags(small_data, max_steps=8, eval_interval=4) + out
    assert pretrain(micro_flags(small_data, max_steps=4, eval_interval=4) + out).returncode == 0
    good = (tmp_path / "r" / "latest").resolve()
    before = {p.name: p.read_bytes() for p in good.iterdir()}
    # a real write error from the kernel: files may not grow past 100 kB (the weights are ~460 kB)
    proc = pretrain(flags + ["--resume"], limit_file_bytes=100_000)
    assert_one_line_error(proc, f"cannot write checkpoint {tmp_path / 'r' / 'checkpoints' / 'step_000008'}",
                          "File too large", "the previous checkpoint is intact")
    assert proc.returncode == 2
    assert (tmp_path / "r" / "latest").resolve() == good
    assert {p.name: p.read_bytes() for p in good.iterdir()} == before
    assert sorted(p.name for p in (tmp_path / "r" / "checkpoints").iterdir()) == ["step_000004"]
    assert pretrain(flags + ["--resume"]).returncode == 0  # with room again, the run goes on
    assert (tmp_path / "r" / "latest").resolve().name == "step_000008"
