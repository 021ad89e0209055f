"""The device a command runs on, the CPU it has, and the precision its matmuls run at.

- `auto` means CUDA when there is one.
- Training precision (`train.precision`): `auto` is bf16 autocast on CUDA, and on a CPU with a
  native bf16 path — AMX tiles (Intel Sapphire Rapids and later) or AVX-512-BF16 (AMD Zen 4, Intel
  Cooper Lake) that oneDNN is free to use; other CPUs emulate bf16 (~300× slower) and stay in fp32.
  Compiled, bf16 trained the cpu preset at 2.1–2.2× the fp32-eager tokens/s on an AMX Xeon
  (BENCHMARKS.md; a probe on an AVX-512-BF16 EPYC measured 2.0×); eager, it gains 1.2–1.3× on fixed
  shapes and loses a little when the length changes every step. Weights, gradients and the optimizer
  stay fp32 either way: autocast only runs the matmuls in bf16.
- Inference (evaluation, sampling, validation loss) keeps the device's default: bf16 autocast on
  CUDA, fp32 on the CPU, so a score never depends on the CPU a run happened to get.
- Host-to-device copies of CPU batches go through pinned memory, so they are asynchronous.
"""
from __future__ import annotations

import contextlib
import functools
import platform
from pathlib import Path

import torch

from configs.errors import UserError

PRECISIONS = ("auto", "bf16", "fp32")
DTYPES = {"bf16": torch.bfloat16, "fp32": torch.float32}  # a resolved precision's dtype
CPU_BF16_PATHS = ("amx", "avx512_bf16", "none")


def pick_device(name: str) -> torch.device:
    """`auto`, `cpu`, `cuda` or `cuda:N` as a torch.device; a CUDA name without CUDA is an error."""
    if name == "auto":
        return torch.device("cuda" if torch.cuda.is_available() else "cpu")
    if name.startswith("cuda") and not torch.cuda.is_available():
        raise UserError(f"device {name!r}: no CUDA device is available")
    try:
        return torch.device(name)
    except RuntimeError:
        raise UserError(f"unknown device {name!r} (auto, cpu, cuda, cuda:N)") from None


@functools.cache
def cpu_info() -> dict[str, str | int]:
    """{"model": the CPU's name, "bf16": its native bf16 path (amx | avx512_bf16 | none), "threads":
    torch's intra-op threads}. The flags come from /proc/cpuinfo where there is one (what the kernel
    says the CPU and hypervisor expose), else from torch's own probe. A path counts only where oneDNN,
    which runs torch's CPU matmuls, will take it: with its ISA capped (`ONEDNN_MAX_CPU_ISA=AVX2`) a
    1024² bf16 matmul on one thread of a Zen 5 EPYC ran at 1.3 GFLOP/s against 434 uncapped (2026-12-07)."""
    model, flags = cpu_model_and_flags()
    bf16 = "amx" if "amx_bf16" in flags else "avx512_bf16" if "avx512_bf16" in flags else "none"
    if not onednn_takes_bf16():
        bf16 = "none"
    return {"model": model, "bf16": bf16, "threads": torch.get_num_threads()}


def onednn_takes_bf16() -> bool:
    """Whether oneDNN runs bf16 matmuls on this CPU's own instructions (False where its ISA is capped
    below AVX-512 or it is missing; a torch without the probe is trusted to follow the flags)."""
    probe = getattr(torch.ops.mkldnn, "_is_mkldnn_bf16_supported", None)
    return torch.backends.mkldnn.is_available() and (probe is None or bool(probe()))


def describe_cpu(info: dict) -> str:
    """One line for a cpu_info(): what every report names beside a CPU number."""
    return f"{info['model']}, bf16 path: {info['bf16']}, {info['threads']} threads"


def cpu_model_and_flags() -> tuple[str, set[str]]:
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.is_file():
        fields = dict(line.split(":", 1) for line in cpuinfo.read_text().splitlines() if ":" in line)
        fields = {key.strip(): value.strip() for key, value in fields.items()}
        return fields.get("model name", platform.machine()), set(fields.get("flags", "").split())
    probes = {"amx_bf16": "_is_amx_tile_supported", "avx512_bf16": "_is_avx512_bf16_supported"}
    flags = {flag for flag, probe in probes.items() if getattr(torch.cpu, probe, lambda: False)()}
    return platform.processor() or platform.machine(), flags


def training_precision(setting: str, device: torch.device) -> str:
    """`bf16` or `fp32` for a run's `train.precision` setting on `device` (see the module docstring)."""
    if setting != "auto":
        return setting
    if device.type == "cuda":
        return "bf16"
    return "bf16" if device.type == "cpu" and cpu_info()["bf16"] != "none" else "fp32"


def autocast(device: torch.device, precision: str | None = None) -> contextlib.AbstractContextManager:
    """bf16 autocast, or none for fp32. `precision` None: the device's inference default (bf16 on CUDA)."""
    if precision is None:
        precision = "bf16" if device.type == "cuda" else "fp32"
    if precision == "bf16":
        return torch.autocast(device.type, dtype=DTYPES["bf16"])
    return contextlib.nullcontext()


def to_device(batch: torch.Tensor, device: torch.device) -> torch.Tensor:
    """Copy a CPU batch to `device`; on CUDA through pinned memory, so the copy is asynchronous."""
    if device.type == "cuda" and batch.device.type == "cpu":
        return batch.pin_memory().to(device, non_blocking=True)
    return batch.to(device)
