"""The FLOP count behind MFU, the peak lookup, the throughput meter, and the speed switches."""
import time

import pytest
import torch

import kernels
from configs.errors import UserError
from model.config import ModelConfig
from model.model import Transformer
from train.config import PretrainConfig, load_config
from train.speed import compile_enabled, configure
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
    meter = Throughput(cfg, torch.device("cpu"))
    assert "unknown" in mfu_note(torch.device("cpu"))
    meter.add(tokens=1000, seq_len=50)
    with meter.paused():  # time spent evaluating is left out
        time.sleep(0.2)
    rates = meter.report()
    assert set(rates) == {"tokens_per_s"}
    assert rates["tokens_per_s"] > 1000 / 0.2  # far more than if the pause had counted
    meter.peak = 1e12  # as on a known GPU
    meter.add(tokens=1000, seq_len=50)
    time.sleep(0.01)
    rates = meter.report()
    expected = 1000 * flops_per_token(cfg, 50) / (1000 / rates["tokens_per_s"]) / 1e12
    assert rates["mfu"] == pytest.approx(expected, rel=1e-9)


def test_kernel_switch_forces_a_backend_and_auto_defers_to_the_environment(monkeypatch):
    monkeypatch.setenv("CODETRAINER_KERNELS", "triton")
    try:
        configure(torch.device("cpu"), "reference")
        assert kernels.current_backend() == "reference"
        configure(torch.device("cpu"), "auto")
        assert kernels.current_backend() == "triton"
    finally:
        kernels.set_backend(None)
    monkeypatch.setenv("CODETRAINER_KERNELS", "fast")
    with pytest.raises(UserError, match="CODETRAINER_KERNELS: unknown kernel backend 'fast'"):
        configure(torch.device("cpu"), "auto")


def test_speed_switches_parse_and_compile_is_on_by_default_only_on_cuda():
    cfg = load_config(PretrainConfig, "pretrain", "tiny", {"train": {"compile": "auto", "kernels": "reference"}})
    assert not compile_enabled(cfg.train.compile, torch.device("cpu"))
    assert compile_enabled(cfg.train.compile, torch.device("cuda"))
    assert compile_enabled("on", torch.device("cpu")) and not compile_enabled("off", torch.device("cuda"))
    with pytest.raises(UserError, match="train.compile must be one of auto, on, off"):
        load_config(PretrainConfig, "pretrain", "tiny", {"train": {"compile": "yes"}})
    with pytest.raises(UserError, match="train.kernels must be one of auto, triton, reference"):
        load_config(PretrainConfig, "pretrain", "tiny", {"train": {"kernels": "fast"}})
