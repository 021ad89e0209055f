"""The device a command runs on and the precision it runs at: `auto` means CUDA when there is one,
and on CUDA the forward pass runs under bf16 autocast (the CPU stays in fp32, which it runs
fastest). Host-to-device copies of CPU batches go through pinned memory, so they are asynchronous."""
from __future__ import annotations

import contextlib

import torch

from configs.errors import UserError


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


def autocast(device: torch.device) -> contextlib.AbstractContextManager:
    if device.type == "cuda":
        return torch.autocast("cuda", dtype=torch.bfloat16)
    return contextlib.nullcontext()


def to_device(batch: torch.Tensor, device: torch.device) -> torch.Tensor:
    """Copy a CPU batch to `device`; on CUDA through pinned memory, so the copy is asynchronous."""
    if device.type == "cuda" and batch.device.type == "cpu":
        return batch.pin_memory().to(device, non_blocking=True)
    return batch.to(device)
