"""The speed switches of a training run, resolved once for its device and recorded with it:

- precision: bf16 autocast where the device has native bf16 (CUDA; a CPU with AMX or
  AVX-512-BF16), fp32 elsewhere (configs/device.py); master weights and the optimizer stay fp32;
- `torch.compile` of the training step: on CUDA, and on the CPU for runs long enough to repay the
  20-40 s it takes on two cores (COMPILE_MIN_STEPS steps, and COMPILE_MIN_BUDGET_S seconds when
  the run has a time budget; the compile time is spent inside the budget). Instruction tuning's
  batches change length every step, so its graph is compiled with dynamic shapes: one graph for
  every length instead of a recompile per new one;
- which implementation the hot ops run (Triton kernels or the PyTorch reference), and on CUDA the
  start-up check of every kernel against its reference (kernels/selfcheck.py): `auto` runs only
  the kernels that pass, and says in one line which fell back and why;
- TF32 matmuls on CUDA (the fp32 parts — optimizer, norms — lose nothing that bf16 keeps);
- a compiled CPU run lowers its graphs with deterministic algorithms on (`reproducible`): inductor's CPU
  code otherwise accumulates the (tied) embedding's gradient with atomic adds, and fresh processes then
  differ in the last bits from the first step (bench.determinism, 2026-12-06, AMD EPYC: 1 of 8 processes
  identical; with it, 8 of 8, at no measured cost per step).
"""
from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass, field

import torch
import torch.nn as nn

import kernels
from configs.device import DTYPES, cpu_info, describe_cpu, training_precision
from configs.errors import UserError
from kernels.dispatch import fall_back, interpreting
from kernels.selfcheck import check_kernels
from train.config import LoopConfig

COMPILE_MIN_STEPS = 200
COMPILE_MIN_BUDGET_S = 300.0


@dataclass
class Speed:
    """What a run resolved its speed switches to, for its config dump and opening line."""
    precision: str                     # bf16 | fp32
    compile: bool
    kernels: str                       # auto | triton | reference
    kernel_check: dict[str, str] = field(default_factory=dict)  # op → "ok" or why it fell back (CUDA + auto)
    cpu: dict | None = None            # cpu_info() on a CPU run

    def describe(self) -> str:
        cpu = f" ({describe_cpu(self.cpu)})" if self.cpu else ""
        return (f"precision: {self.precision}{cpu} | compile: {'on' if self.compile else 'off'} "
                f"| kernels: {self.kernels}")


def configure(cfg: LoopConfig, device: torch.device) -> Speed:
    """Set the process's speed switches for a run of `cfg` on `device`; what they resolved to."""
    if device.type == "cuda":
        torch.backends.cuda.matmul.allow_tf32 = True
        torch.backends.cudnn.allow_tf32 = True
    chosen = select_backend(cfg.kernels, device)
    precision = training_precision(cfg.precision, device)
    checked = select_kernels(device, DTYPES[precision]) if device.type == "cuda" and chosen == "auto" else {}
    return Speed(precision, compile_enabled(cfg, device), chosen, checked,
                 cpu_info() if device.type == "cpu" else None)


def select_backend(setting: str, device: torch.device) -> str:
    """Which implementation the hot ops run (see kernels/dispatch.py): `auto` leaves the choice to the
    CODETRAINER_KERNELS environment variable (itself `auto` when unset)."""
    kernels.set_backend(None if setting == "auto" else setting)
    try:
        chosen = kernels.current_backend()  # a bad CODETRAINER_KERNELS fails here, not in the first forward pass
    except ValueError as err:
        raise UserError(str(err)) from None
    if chosen == "triton" and device.type != "cuda" and not interpreting():
        raise UserError(f"kernels: triton is forced on the {device.type}, where the kernels run only in Triton's "
                        "interpreter: set TRITON_INTERPRET=1 for that, or use the reference kernels")
    return chosen


def select_kernels(device: torch.device, dtype: torch.dtype) -> dict[str, str]:
    """Check every kernel on `device` at `dtype`; those that fail run the reference from now on."""
    checked = check_kernels(device, dtype)
    failed = {op: why for op, why in checked.items() if why != "ok"}
    fall_back(failed)
    if failed:
        print("kernels: " + "; ".join(f"{op} fell back to the PyTorch reference ({why})" for op, why in failed.items()))
    return checked


def compile_enabled(cfg: LoopConfig, device: torch.device) -> bool:
    """`train.compile` for this run: `auto` compiles on CUDA, and on the CPU when the run is long enough."""
    if cfg.compile != "auto":
        return cfg.compile == "on"
    if device.type == "cuda":
        return True
    steps_enough = cfg.max_steps == 0 or cfg.max_steps >= COMPILE_MIN_STEPS  # 0: no cap, the budget decides
    long_enough = steps_enough and (not cfg.budget_seconds or cfg.budget_seconds >= COMPILE_MIN_BUDGET_S)
    return device.type == "cpu" and long_enough


@contextlib.contextmanager
def reproducible(speed: Speed, device: torch.device) -> Iterator[None]:
    """Deterministic algorithms while a compiled CPU run trains (its graphs are lowered on the first steps), so
    inductor falls back to the deterministic embedding backward; as it was before, afterwards."""
    if not (speed.compile and device.type == "cpu"):
        yield
        return
    before = torch.are_deterministic_algorithms_enabled()
    warn_only = torch.is_deterministic_algorithms_warn_only_enabled()
    torch.use_deterministic_algorithms(True, warn_only=True)
    try:
        yield
    finally:
        torch.use_deterministic_algorithms(before, warn_only=warn_only)


def maybe_compile(model: nn.Module, enabled: bool, varying_lengths: bool = False) -> nn.Module:
    """The model compiled (with dynamic shapes when its batches change length), or as it is."""
    return torch.compile(model, dynamic=True if varying_lengths else None) if enabled else model
