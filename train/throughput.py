"""Tokens per second and model FLOPs utilization (MFU).

FLOPs per trained token (PaLM, Chowdhery et al. 2022, appendix B; nanoGPT uses the same):

    6 · N  +  12 · n_layer · d_model · T

- 6·N: every weight does one multiply-add (2 FLOPs) per token in the forward pass and two in the
  backward pass (gradient wrt its input and wrt itself). N counts every parameter once; with the
  tied head the embedding matrix is exactly the LM-head matmul, so it belongs in N.
- 12·L·d·T: attention's two T-long matmuls per layer (QKᵀ and P·V, 2·d·T FLOPs each per token
  forward), times 3 for forward plus backward. Causal masking would halve the work actually
  needed; by the PaLM convention it is not discounted, so MFU stays comparable across papers.
- Norms, RoPE, SwiGLU's product and softmax are O(d) per token and left out.

MFU = achieved FLOP/s ÷ the dense bf16 tensor-core peak of the GPU actually present, looked up by
device name. A GPU not in the table — or a CPU — has no MFU: it is reported as unknown, never
guessed.
"""
from __future__ import annotations

import contextlib
import time
from collections.abc import Callable

import torch

from model.config import ModelConfig
from train.distributed import World, mean_over_ranks

# dense bf16 peak FLOP/s from the vendors' datasheets (no sparsity), matched on the device name
PEAK_BF16_FLOPS = [
    ("H100 PCIe", 756e12),
    ("H100 NVL", 835e12),
    ("H100", 989e12),  # SXM5: "NVIDIA H100 80GB HBM3"
    ("H200", 989e12),
    ("GH200", 989e12),
    ("A100", 312e12),
    ("A10G", 70e12),
    ("L40S", 362e12),
    ("L4", 121e12),
    ("RTX 4090", 165e12),
    ("RTX 3090", 71e12),
]


def flops_per_token(cfg: ModelConfig, seq_len: int) -> float:
    return 6 * cfg.num_params() + 12 * cfg.n_layer * cfg.d_model * seq_len


def peak_flops(device: torch.device) -> tuple[float | None, str]:
    """(peak bf16 FLOP/s or None, the device's name)."""
    if device.type != "cuda":
        return None, "cpu"
    name = torch.cuda.get_device_name(device)
    return lookup_peak(name), name


def lookup_peak(name: str) -> float | None:
    for key, peak in PEAK_BF16_FLOPS:
        if key in name:
            return peak
    return None


class Throughput:
    """Counts tokens and FLOPs between reports; `report()` gives the rates since the last one."""

    def __init__(self, cfg: ModelConfig, device: torch.device, world: World = World(),
                 clock: Callable[[], float] = time.perf_counter):
        self.cfg, self.device, self.world, self.clock = cfg, device, world, clock
        self.peak, self.device_name = peak_flops(device)
        self.tokens, self.flops = 0, 0.0
        self.since = clock()

    def add(self, tokens: int, seq_len: int) -> None:
        """`tokens` trained on this rank, in sequences of `seq_len`."""
        self.tokens += tokens
        self.flops += tokens * flops_per_token(self.cfg, seq_len)

    def report(self) -> dict[str, float]:
        """tokens_per_s summed over ranks, and mfu (per GPU) when the GPU's peak is known. Every
        rank must call it at the same step (it sums the counts across ranks)."""
        elapsed = max(self.clock() - self.since, 1e-9)
        counts = torch.tensor([self.tokens, self.flops], dtype=torch.float64, device=self.device)
        tokens, flops = (mean_over_ranks(counts, self.world) * self.world.world_size).tolist()
        rates = {"tokens_per_s": tokens / elapsed}
        if self.peak is not None:
            rates["mfu"] = flops / elapsed / (self.peak * self.world.world_size)
        self.tokens, self.flops, self.since = 0, 0.0, self.clock()
        return rates

    @contextlib.contextmanager
    def paused(self):
        """Leave out time spent on something else (evaluation, checkpoints) from the rates."""
        start = self.clock()
        try:
            yield
        finally:
            self.since += self.clock() - start


def mfu_note(device: torch.device) -> str:
    """What MFU is measured against on `device`, or that it can't be."""
    peak, name = peak_flops(device)
    if peak is None:
        return f"MFU: unknown for {name} (no bf16 peak on record), tokens/s only"
    return f"MFU against {name}'s dense bf16 peak of {peak / 1e12:.0f} TFLOP/s"


def format_rates(rates: dict[str, float]) -> dict[str, str]:
    """Progress-bar fields for the latest throughput report."""
    shown = {"tok/s": f"{rates['tokens_per_s']:,.0f}"} if "tokens_per_s" in rates else {}
    return shown | ({"mfu": f"{rates['mfu']:.1%}"} if "mfu" in rates else {})
