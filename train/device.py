"""Device choice and the speed switches that depend on it: bf16 autocast and TF32 matmuls on CUDA
(plain fp32 on the CPU), `torch.compile` (on by default on CUDA only: on a CPU the compile time
outweighs a short run), pinned-memory asynchronous host-to-device copies, and the kernel backend."""
from __future__ import annotations

import contextlib

import torch
import torch.nn as nn

import kernels
from configs.cli import UserError


def pick_device(name: str) -> torch.device:
    if name == "auto":
        return torch.device("cuda" if torch.cuda.is_available() else "cpu")
    if name.startswith("cuda") and not torch.cuda.is_available():
        raise UserError(f"train.device is {name!r} but no CUDA device is available")
    try:
        return torch.device(name)
    except RuntimeError:
        raise UserError(f"train.device: unknown device {name!r} (auto, cpu, cuda, cuda:N)") from None


def autocast(device: torch.device) -> contextlib.AbstractContextManager:
    if device.type == "cuda":
        return torch.autocast("cuda", dtype=torch.bfloat16)
    return contextlib.nullcontext()


def configure(device: torch.device, kernel_backend: str = "auto") -> None:
    """TF32 matmuls on CUDA (the fp32 parts — optimizer, norms — lose nothing that bf16 keeps), and
    which implementation the model's hot ops run (see kernels/dispatch.py): `auto` leaves the choice
    to the CODETRAINER_KERNELS environment variable (itself `auto` when unset)."""
    if device.type == "cuda":
        torch.backends.cuda.matmul.allow_tf32 = True
        torch.backends.cudnn.allow_tf32 = True
    kernels.set_backend(None if kernel_backend == "auto" else kernel_backend)
    try:
        kernels.current_backend()  # a bad CODETRAINER_KERNELS fails here, not in the first forward pass
    except ValueError as err:
        raise UserError(str(err)) from None


def compile_enabled(setting: str, device: torch.device) -> bool:
    """`auto`: compile on CUDA only."""
    return setting == "on" or (setting == "auto" and device.type == "cuda")


def maybe_compile(model: nn.Module, setting: str, device: torch.device) -> nn.Module:
    return torch.compile(model) if compile_enabled(setting, device) else model


def to_device(batch: torch.Tensor, device: torch.device) -> torch.Tensor:
    """Copy a CPU batch to `device`; on CUDA through pinned memory, so the copy is asynchronous."""
    if device.type == "cuda" and batch.device.type == "cpu":
        return batch.pin_memory().to(device, non_blocking=True)
    return batch.to(device)
