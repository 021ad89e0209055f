"""The FLOP count behind MFU, the peak lookup, the throughput meter, and the speed switches."""
import os
import subprocess
import sys
from pathlib import Path

import pytest
import torch
from torch._dynamo.utils import counters

import configs.device as device_module
import kernels
import train.speed as speed_module
from configs.device import CPU_BF16_PATHS, autocast, cpu_info, training_precision
from configs.errors import UserError
from model.config import ModelConfig
from model.model import Transformer
from train.config import LoopConfig, PretrainConfig, load_config
from train.speed import (
    COMPILE_MIN_STEPS,
    Speed,
    compile_enabled,
    configure,
    maybe_compile,
    reproducible,
    select_backend,
)
from train.throughput import Throughput, flops_per_token, lookup_peak, mfu_note


def test_flops_per_token_is_six_n_plus_the_attention_term():
    cfg = ModelConfig(vocab_size=100, n_layer=2, n_head=2, d_model=16, d_mlp=40, max_seq_len=64)
    n = Transformer(cfg).num_params()  # counted from the built model, not from the formula under test
    assert flops_per_token(cfg, 64) == 6 * n + 12 * 2 * 16 * 64
    # the attention term grows with the sequence, the rest does not
    assert flops_per_token(cfg, 128) - flops_per_token(cfg, 64) == 12 * 2 * 16 * 64


def test_peak_lookup_by_device_name_and_unknown_gpus_stay_unknown():
    assert lookup_peak("NVIDIA H100 80GB HBM3") == 989e12  # H100 SXM's name as torch reports it
    assert lookup_peak("NVIDIA H100 PCIe") == 756e12
    assert lookup_peak("NVIDIA A100-SXM4-80GB") == 312e12
    assert lookup_peak("NVIDIA GeForce GTX 1080") is None


def test_meter_reports_tokens_per_second_and_no_mfu_without_a_known_peak():
    cfg = ModelConfig(vocab_size=100, n_layer=2, n_head=2, d_model=16, d_mlp=40, max_seq_len=64)
    clock = [100.0]
    meter = Throughput(cfg, torch.device("cpu"), clock=lambda: clock[0])  # a fake clock: no real seconds
    assert "unknown" in mfu_note(torch.device("cpu"))
    meter.add(tokens=1000, seq_len=50)
    clock[0] += 2.0  # training
    with meter.paused():  # time spent evaluating is left out
        clock[0] += 10.0
    rates = meter.report()
    assert rates == {"tokens_per_s": 500.0}  # 1000 tokens in the 2 s that counted
    meter.peak = 1e12  # as on a known GPU
    meter.add(tokens=1000, seq_len=50)
    clock[0] += 4.0
    rates = meter.report()
    assert rates["tokens_per_s"] == 250.0
    assert rates["mfu"] == pytest.approx(1000 * flops_per_token(cfg, 50) / 4.0 / 1e12, rel=1e-12)


def test_kernel_switch_forces_a_backend_and_auto_defers_to_the_environment(monkeypatch):
    monkeypatch.setenv("CODETRAINER_KERNELS", "triton")
    try:
        assert select_backend("reference", torch.device("cpu")) == "reference"
        assert kernels.current_backend() == "reference"
        assert select_backend("auto", torch.device("cpu")) == "triton"
        assert kernels.current_backend() == "triton"
    finally:
        kernels.set_backend(None)
    monkeypatch.setenv("CODETRAINER_KERNELS", "fast")
    with pytest.raises(UserError, match="CODETRAINER_KERNELS: unknown kernel backend 'fast'"):
        select_backend("auto", torch.device("cpu"))


def loop_config(**train) -> LoopConfig:
    return load_config(PretrainConfig, "pretrain", "tiny", {"train": train}).train


def test_compile_auto_is_on_on_cuda_and_on_the_cpu_only_for_runs_that_repay_it():
    cpu, cuda = torch.device("cpu"), torch.device("cuda")
    assert compile_enabled(loop_config(compile="auto", max_steps=10), cuda)
    assert not compile_enabled(loop_config(compile="auto", max_steps=COMPILE_MIN_STEPS - 1), cpu)
    assert compile_enabled(loop_config(compile="auto", max_steps=COMPILE_MIN_STEPS), cpu)
    # a time budget must be long enough too; the presets' step cap is no reason to compile a 90 s run
    assert not compile_enabled(loop_config(compile="auto", max_steps=0, time_budget="90s"), cpu)
    assert compile_enabled(loop_config(compile="auto", max_steps=0, time_budget="5m"), cpu)  # 0: no step cap
    assert not compile_enabled(loop_config(compile="auto", max_steps=10**6), torch.device("mps"))
    assert compile_enabled(loop_config(compile="on", max_steps=1), cpu)
    assert not compile_enabled(loop_config(compile="off"), cuda)
    with pytest.raises(UserError, match="train.compile must be one of auto, on, off"):
        loop_config(compile="yes")
    with pytest.raises(UserError, match="train.kernels must be one of auto, triton, reference"):
        loop_config(kernels="fast")
    with pytest.raises(UserError, match="train.precision must be one of auto, bf16, fp32, got 'fp16'"):
        loop_config(precision="fp16")


@pytest.mark.parametrize("path, expected", [("amx", "bf16"), ("avx512_bf16", "bf16"), ("none", "fp32")])
def test_precision_auto_follows_the_cpus_native_bf16_path(monkeypatch, path, expected):
    fake = {"model": "a CPU", "bf16": path, "threads": 2}
    monkeypatch.setattr(device_module, "cpu_info", lambda: fake)
    monkeypatch.setattr(speed_module, "cpu_info", lambda: fake)
    assert training_precision("auto", torch.device("cpu")) == expected
    assert training_precision("auto", torch.device("cuda")) == "bf16"
    assert training_precision("fp32", torch.device("cuda")) == "fp32"
    assert training_precision("bf16", torch.device("cpu")) == "bf16"  # forced: emulated where not native
    speed = configure(loop_config(kernels="reference"), torch.device("cpu"))
    assert speed.precision == expected and speed.cpu["bf16"] == path
    assert f"precision: {expected} (a CPU, bf16 path: {path}, 2 threads)" in speed.describe()


def test_this_cpus_bf16_path_is_read_from_its_flags():
    flags = set(Path("/proc/cpuinfo").read_text().split()) if Path("/proc/cpuinfo").is_file() else set()
    info = cpu_info()
    assert info["bf16"] in CPU_BF16_PATHS and info["threads"] == torch.get_num_threads()
    if flags:
        native = "amx" if "amx_bf16" in flags else "avx512_bf16" if "avx512_bf16" in flags else "none"
        assert info["bf16"] == (native if device_module.onednn_takes_bf16() else "none")
        assert info["model"] and info["model"] in Path("/proc/cpuinfo").read_text()


def test_a_cpu_whose_onednn_is_capped_below_avx512_has_no_bf16_path():
    """With oneDNN held to AVX2, bf16 matmuls are emulated (~300x slower): `auto` must train in fp32 there."""
    probe = "from configs.device import cpu_info, training_precision; import torch; " \
            "print(cpu_info()['bf16'], training_precision('auto', torch.device('cpu')))"
    env = {**os.environ, "ONEDNN_MAX_CPU_ISA": "AVX2"}
    run = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True, timeout=120,
                         cwd=Path(__file__).resolve().parents[1])
    assert run.returncode == 0, run.stderr[-2000:]
    assert run.stdout.split() == ["none", "fp32"]


def test_inference_keeps_the_devices_default_precision():
    """Evaluation and validation run as before on every CPU: fp32, whatever the training precision."""
    x = torch.randn(4, 4)
    with autocast(torch.device("cpu")):
        assert (x @ x).dtype == torch.float32
    with autocast(torch.device("cpu"), "bf16"):
        assert (x @ x).dtype == torch.bfloat16
    with autocast(torch.device("cpu"), "fp32"):
        assert (x @ x).dtype == torch.float32


@pytest.mark.slow
def test_a_model_compiled_for_varying_lengths_compiles_once_for_every_length():
    """Instruction tuning's batches change length every step: one dynamic graph serves them all, where
    a static one would recompile per new length (and give up after torch's recompile limit)."""
    torch._dynamo.reset()
    counters.clear()
    model = Transformer(ModelConfig(vocab_size=64, n_layer=1, n_head=2, d_model=32, d_mlp=64, max_seq_len=64))
    compiled = maybe_compile(model, True, varying_lengths=True)
    for width in (9, 23, 40, 17, 64):
        ids = torch.randint(0, 64, (3, width + 1))
        compiled(ids[:, :-1], ids[:, 1:]).backward()
    assert counters["stats"]["unique_graphs"] == 1
    assert maybe_compile(model, False) is model


def test_a_compiled_cpu_run_trains_with_deterministic_algorithms_and_restores_the_setting():
    cpu, cuda = torch.device("cpu"), torch.device("cuda")
    assert not torch.are_deterministic_algorithms_enabled()
    with reproducible(Speed(precision="bf16", compile=True, kernels="auto"), cpu):
        assert torch.are_deterministic_algorithms_enabled() and torch.is_deterministic_algorithms_warn_only_enabled()
    assert not torch.are_deterministic_algorithms_enabled()
    for speed, device in ((Speed("bf16", False, "auto"), cpu), (Speed("bf16", True, "auto"), cuda)):
        with reproducible(speed, device):  # eager is deterministic already; CUDA keeps its fast kernels
            assert not torch.are_deterministic_algorithms_enabled()
