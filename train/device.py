"""Device choice and mixed precision: bf16 autocast on CUDA, plain fp32 on the CPU."""
from __future__ import annotations

import contextlib

import torch

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


def configure(device: torch.device) -> None:
    """TF32 matmuls on CUDA: the fp32 parts (optimizer, norms) lose nothing that bf16 keeps."""
    if device.type == "cuda":
        torch.backends.cuda.matmul.allow_tf32 = True
        torch.backends.cudnn.allow_tf32 = True
