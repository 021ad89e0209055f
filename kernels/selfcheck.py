"""The start-up check behind `kernels=auto`: each Triton kernel against its PyTorch reference, once,
on the run's device and dtype, before a run trusts it.

The interpreter that CI runs the kernels in cannot check bf16 dots, and a new GPU or Triton release
can miscompile a kernel that passed elsewhere; a user should not train on a wrong kernel blind. So
a run on CUDA first runs every kernel forward and backward on a small ragged shape and compares
the output and every gradient with the reference run in float64 on the same inputs. A kernel that
errs past its bound, or fails to compile or launch, is switched off
for the run (kernels/dispatch.py `fall_back`) and its op runs the reference.

Cost: six small launches each way once compiled; the first run on a machine also compiles (and
autotunes the attention kernels for) the check's shape, which Triton caches on disk. Not yet timed
on a GPU: no session has had one.

The bounds are relative to the tensor's scale (max |ours − reference| / max |reference|) and sit
about 10× above the kernel tests' (tests/test_kernels_triton.py): loose enough that rounding never
trips them, tight enough that a wrong kernel — an error of order 1 — always does.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

import torch

from kernels.attention import attention_reference, attention_triton
from kernels.cross_entropy import linear_cross_entropy_reference, linear_cross_entropy_triton
from kernels.rms_norm import add_rms_norm_reference, add_rms_norm_triton, rms_norm_reference, rms_norm_triton
from kernels.rope import apply_rope_reference, apply_rope_triton, rope_tables
from kernels.swiglu import swiglu_reference, swiglu_triton

BOUNDS = {torch.float32: 2e-5, torch.float16: 2e-2, torch.bfloat16: 1.5e-1}


class Case(NamedTuple):
    kernel: Callable[..., torch.Tensor | tuple[torch.Tensor, ...]]
    reference: Callable[..., torch.Tensor | tuple[torch.Tensor, ...]]
    inputs: Callable[[torch.device, torch.dtype], list[torch.Tensor]]  # the differentiable ones first
    n_grad: int  # how many of the inputs get a gradient


def _randn(device: torch.device, dtype: torch.dtype, *shape: int, seed: int = 0) -> torch.Tensor:
    return torch.randn(shape, generator=torch.Generator().manual_seed(seed)).to(device, dtype)


def _rope_inputs(device: torch.device, dtype: torch.dtype) -> list[torch.Tensor]:
    cos, sin = rope_tables(32, 37, 10000.0)
    return [_randn(device, dtype, 2, 3, 37, 32), cos.to(device), sin.to(device)]


def _cross_entropy_inputs(device: torch.device, dtype: torch.dtype) -> list[torch.Tensor]:
    targets = torch.randint(0, 300, (2, 37), generator=torch.Generator().manual_seed(2))
    targets[0, :5] = -100  # ignored positions take part
    return [_randn(device, dtype, 2, 37, 64), _randn(device, dtype, 300, 64, seed=1) * 0.1, targets.to(device)]


# op (the name kernels/dispatch.py knows it by) → its case; shapes are ragged on purpose (T = 37)
CASES: dict[str, Case] = {
    "attention": Case(attention_triton, attention_reference,
                      lambda d, t: [_randn(d, t, 2, 3, 37, 32, seed=s) for s in range(3)], 3),
    "rms_norm": Case(lambda x, w: rms_norm_triton(x, w, 1e-5), lambda x, w: rms_norm_reference(x, w, 1e-5),
                     lambda d, t: [_randn(d, t, 2, 37, 96), 1 + _randn(d, t, 96, seed=1) * 0.1], 2),
    "add_rms_norm": Case(lambda x, r, w: add_rms_norm_triton(x, r, w, 1e-5),
                         lambda x, r, w: add_rms_norm_reference(x, r, w, 1e-5),
                         lambda d, t: [_randn(d, t, 2, 37, 96), _randn(d, t, 2, 37, 96, seed=1),
                                       1 + _randn(d, t, 96, seed=2) * 0.1], 3),
    "apply_rope": Case(apply_rope_triton, apply_rope_reference, _rope_inputs, 1),
    "swiglu": Case(swiglu_triton, swiglu_reference,
                   lambda d, t: [_randn(d, t, 2, 37, 80, seed=s) for s in range(2)], 2),
    "linear_cross_entropy": Case(linear_cross_entropy_triton, linear_cross_entropy_reference, _cross_entropy_inputs, 2),
}


def check_kernels(device: torch.device, dtype: torch.dtype) -> dict[str, str]:
    """op → "ok", or why its kernel must not be used on `device` at `dtype`."""
    return {op: _check(case, device, dtype) for op, case in CASES.items()}


def _check(case: Case, device: torch.device, dtype: torch.dtype) -> str:
    try:
        error = _relative_error(case, device, dtype)
    except Exception as err:  # noqa: BLE001 — a kernel that cannot compile or launch here falls back the same way
        return f"{type(err).__name__}: {str(err).strip().splitlines()[0] if str(err).strip() else 'failed'}"
    bound = BOUNDS[dtype]
    return "ok" if error <= bound else f"off by {error:.1e} of the reference's scale (bound {bound:.0e})"


def _relative_error(case: Case, device: torch.device, dtype: torch.dtype) -> float:
    """The largest relative error over the output(s) and every input gradient; the reference runs in
    float64 on the same (already rounded) inputs (so no TF32 rounding of its own on CUDA)."""
    inputs = case.inputs(device, dtype)
    ours = [x.detach().clone().requires_grad_(i < case.n_grad) for i, x in enumerate(inputs)]
    theirs = [(x.detach().double() if x.is_floating_point() else x).requires_grad_(i < case.n_grad)
              for i, x in enumerate(inputs)]
    outs, refs = _as_tuple(case.kernel(*ours)), _as_tuple(case.reference(*theirs))
    upstream = [_randn(device, torch.float32, *o.shape, seed=7 + i) for i, o in enumerate(outs)]
    torch.autograd.backward(outs, [g.to(o.dtype) for g, o in zip(upstream, outs)])
    torch.autograd.backward(refs, [g.to(o.dtype).double() for g, o in zip(upstream, outs)])
    pairs = list(zip(outs, refs)) + [(a.grad, b.grad) for a, b in zip(ours[:case.n_grad], theirs[:case.n_grad])]
    return max(_scaled_error(a, b) for a, b in pairs)


def _as_tuple(out: torch.Tensor | tuple[torch.Tensor, ...]) -> tuple[torch.Tensor, ...]:
    return out if isinstance(out, tuple) else (out,)


def _scaled_error(actual: torch.Tensor | None, expected: torch.Tensor | None) -> float:
    if actual is None or expected is None:
        return float("inf")  # a gradient the kernel did not produce
    actual, expected = actual.double(), expected.double()
    if not torch.isfinite(actual).all():
        return float("inf")
    scale = expected.abs().max().clamp_min(1e-30)
    return ((actual - expected).abs().max() / scale).item()
