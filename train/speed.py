"""The training speed switches that depend on the device: TF32 matmuls on CUDA, `torch.compile`
(on by default on CUDA only: on a CPU the compile time outweighs a short run), and which
implementation the hot ops run (Triton kernels or the PyTorch reference). The device itself and
bf16 autocast are configs/device.py's."""
from __future__ import annotations

import torch
import torch.nn as nn

import kernels
from configs.errors import UserError
from kernels.dispatch import interpreting


def configure(device: torch.device, kernel_backend: str = "auto") -> None:
    """TF32 matmuls on CUDA (the fp32 parts — optimizer, norms — lose nothing that bf16 keeps), and
    which implementation the model's hot ops run (see kernels/dispatch.py): `auto` leaves the choice
    to the CODETRAINER_KERNELS environment variable (itself `auto` when unset)."""
    if device.type == "cuda":
        torch.backends.cuda.matmul.allow_tf32 = True
        torch.backends.cudnn.allow_tf32 = True
    kernels.set_backend(None if kernel_backend == "auto" else kernel_backend)
    try:
        chosen = kernels.current_backend()  # a bad CODETRAINER_KERNELS fails here, not in the first forward pass
    except ValueError as err:
        raise UserError(str(err)) from None
    if chosen == "triton" and device.type != "cuda" and not interpreting():
        raise UserError(f"kernels: triton is forced on the {device.type}, where the kernels run only in Triton's "
                        "interpreter: set TRITON_INTERPRET=1 for that, or use the reference kernels")


def compile_enabled(setting: str, device: torch.device) -> bool:
    """`auto`: compile on CUDA only."""
    return setting == "on" or (setting == "auto" and device.type == "cuda")


def maybe_compile(model: nn.Module, setting: str, device: torch.device) -> nn.Module:
    return torch.compile(model) if compile_enabled(setting, device) else model
