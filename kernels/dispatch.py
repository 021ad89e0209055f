"""Which implementation an op runs: the Triton kernel or the PyTorch reference.

`auto` (the default): CUDA tensors take the Triton kernel where it supports the call, everything
else the reference. `triton` forces the kernel — on CPU tensors that runs it in the Triton
interpreter when the process set TRITON_INTERPRET=1 before importing `kernels`, which is how CI
tests the kernels — and an unsupported call is an error instead of a silent fallback. `reference` forces
PyTorch everywhere.

Set it with the environment variable CODETRAINER_KERNELS, or in code with `set_backend(...)` /
`with backend(...)`, for debugging and benchmarking.

A kernel that failed the start-up check (kernels/selfcheck.py) is taken out of `auto` with
`fall_back({op: why})`: its op runs the reference for the rest of the process. Forcing `triton`
still runs it (that is what forcing is for).
"""
from __future__ import annotations

import contextlib
import os

import torch

BACKENDS = ("auto", "triton", "reference")
ENV_VAR = "CODETRAINER_KERNELS"

_backend: str | None = None  # set in code; None defers to the environment variable
_fallen_back: dict[str, str] = {}  # op → why `auto` runs its reference (a failed start-up check)


def _check(name: str, where: str) -> str:
    if name not in BACKENDS:
        raise ValueError(f"{where}: unknown kernel backend {name!r} (one of {', '.join(BACKENDS)})")
    return name


def current_backend() -> str:
    if _backend is not None:
        return _backend
    return _check(os.environ.get(ENV_VAR, "auto"), ENV_VAR)


def set_backend(name: str | None) -> None:
    """Force a backend for this process; None goes back to the environment variable."""
    global _backend
    _backend = None if name is None else _check(name, "set_backend")


@contextlib.contextmanager
def backend(name: str):
    global _backend
    previous = _backend
    set_backend(name)
    try:
        yield
    finally:
        _backend = previous


def fall_back(failed: dict[str, str]) -> None:
    """Take these ops' kernels out of `auto` (op → why), replacing any earlier such list."""
    _fallen_back.clear()
    _fallen_back.update(failed)


def fallen_back() -> dict[str, str]:
    return dict(_fallen_back)


def interpreting() -> bool:
    return os.environ.get("TRITON_INTERPRET", "0") == "1"


def use_triton(op: str, x: torch.Tensor, unsupported: str | None = None) -> bool:
    """True when `op` on `x` should run the Triton kernel. `unsupported` names why the kernel can't
    take this call (None if it can): `auto` then falls back to the reference, `triton` raises."""
    choice = current_backend()
    if choice == "reference":
        return False
    if choice == "auto":
        return x.is_cuda and unsupported is None and op not in _fallen_back
    if unsupported is not None:
        raise ValueError(f"{op}: the Triton kernel is forced but {unsupported}")
    if not x.is_cuda and not interpreting():
        raise ValueError(f"{op}: the Triton kernel is forced on a {x.device.type} tensor; run on CUDA or set "
                         "TRITON_INTERPRET=1 before importing kernels")
    return True
