"""RMSNorm: x / sqrt(mean(x²) + eps) · weight, computed in fp32 and cast back to x's dtype.

The Triton forward normalizes a tile of rows per program and saves the per-row 1/rms (fp32, one number per
row) so the backward never recomputes the reduction. With x̂ = x · rstd:

    dx = rstd · (dy·w − x̂ · mean(dy·w·x̂))
    dw = Σ_rows dy · x̂

dw is a reduction over all rows: each backward program sums its own slice of rows into an fp32
partial, and the few partials are added with one torch sum — no atomics, so the result is
deterministic.

`add_rms_norm(x, residual)` fuses a pre-norm block's residual add into the next norm: one pass
reads x and the residual stream and writes both the new stream and its normalized copy, and the
backward adds the stream's own gradient into dx in the same pass.
"""
from __future__ import annotations

import torch
import triton
import triton.language as tl

from kernels.dispatch import interpreting, use_triton

MAX_WIDTH = 16384  # one row must fit a program's registers


def rms_norm_reference(x: torch.Tensor, weight: torch.Tensor, eps: float) -> torch.Tensor:
    xf = x.float()
    y = xf * torch.rsqrt(xf.pow(2).mean(-1, keepdim=True) + eps)
    return (y * weight.float()).type_as(x)


def add_rms_norm_reference(x: torch.Tensor, residual: torch.Tensor, weight: torch.Tensor,
                           eps: float) -> tuple[torch.Tensor, torch.Tensor]:
    """(rms_norm(residual + x), residual + x): a pre-norm block's residual add and the next norm."""
    summed = residual + x
    return rms_norm_reference(summed, weight, eps), summed


@triton.jit
def _rms_norm_forward_kernel(x_ptr, res_ptr, sum_ptr, w_ptr, y_ptr, rstd_ptr, n_rows, D, eps,
                             HAS_RESIDUAL: tl.constexpr, BLOCK_ROWS: tl.constexpr, BLOCK_D: tl.constexpr):
    rows = tl.program_id(0) * BLOCK_ROWS + tl.arange(0, BLOCK_ROWS)
    cols = tl.arange(0, BLOCK_D)
    mask = (rows[:, None] < n_rows) & (cols[None, :] < D)
    offs = rows[:, None].to(tl.int64) * D + cols[None, :]
    x = tl.load(x_ptr + offs, mask=mask, other=0.0).to(tl.float32)
    if HAS_RESIDUAL:  # the residual add, fused: its sum is an output (the residual stream) and the input below
        x = (x + tl.load(res_ptr + offs, mask=mask, other=0.0).to(tl.float32)).to(sum_ptr.dtype.element_ty)
        tl.store(sum_ptr + offs, x, mask=mask)
        x = x.to(tl.float32)
    w = tl.load(w_ptr + cols, mask=cols < D, other=0.0).to(tl.float32)
    rstd = 1.0 / tl.sqrt(tl.sum(x * x, axis=1) / D + eps)
    tl.store(y_ptr + offs, (x * rstd[:, None] * w[None, :]).to(y_ptr.dtype.element_ty), mask=mask)
    tl.store(rstd_ptr + rows, rstd, mask=rows < n_rows)


@triton.jit
def _rms_norm_backward_kernel(dy_ptr, ds_ptr, x_ptr, w_ptr, rstd_ptr, dx_ptr, dw_partial_ptr, n_rows, D,
                              rows_per_program, HAS_DS: tl.constexpr, BLOCK_D: tl.constexpr):
    """dx = the norm's backward, plus (HAS_DS) the gradient that reached the sum directly."""
    pid = tl.program_id(0)
    cols = tl.arange(0, BLOCK_D)
    mask = cols < D
    w = tl.load(w_ptr + cols, mask=mask, other=0.0).to(tl.float32)
    dw = tl.zeros([BLOCK_D], dtype=tl.float32)
    first = pid * rows_per_program
    last = tl.minimum(first + rows_per_program, n_rows)
    offs = first.to(tl.int64) * D + cols
    for row in range(first, last):
        x = tl.load(x_ptr + offs, mask=mask, other=0.0).to(tl.float32)
        dy = tl.load(dy_ptr + offs, mask=mask, other=0.0).to(tl.float32)
        rstd = tl.load(rstd_ptr + row)
        x_hat = x * rstd
        dyw = dy * w
        dx = rstd * (dyw - x_hat * (tl.sum(dyw * x_hat, axis=0) / D))
        if HAS_DS:
            dx += tl.load(ds_ptr + offs, mask=mask, other=0.0).to(tl.float32)
        tl.store(dx_ptr + offs, dx.to(dx_ptr.dtype.element_ty), mask=mask)
        dw += dy * x_hat
        offs += D
    tl.store(dw_partial_ptr + pid * D + cols, dw, mask=mask)


def _backward_programs(device: torch.device) -> int:
    if device.type == "cuda":
        return torch.cuda.get_device_properties(device).multi_processor_count * 2
    return 4  # the interpreter runs programs one after another: few, long ones are fastest


def _forward(x2: torch.Tensor, residual2: torch.Tensor | None, weight: torch.Tensor, eps: float):
    """(y, summed or None, the normalized input, rstd) for rows x2 (+ residual2)."""
    n_rows, D = x2.shape
    summed = None if residual2 is None else torch.empty(n_rows, D, dtype=torch.promote_types(x2.dtype, residual2.dtype),
                                                        device=x2.device)
    normed_input = x2 if summed is None else summed
    y = torch.empty_like(normed_input)
    rstd = torch.empty(n_rows, dtype=torch.float32, device=x2.device)
    block = triton.next_power_of_2(D)
    # a tile of ~4K elements per program on a GPU; in the interpreter, where each program costs
    # Python overhead, a bigger tile
    rows = max(1, (16384 if interpreting() else 4096) // block)
    _rms_norm_forward_kernel[(triton.cdiv(n_rows, rows),)](
        x2, x2 if residual2 is None else residual2, y if summed is None else summed, weight, y, rstd, n_rows, D, eps,
        HAS_RESIDUAL=residual2 is not None, BLOCK_ROWS=rows, BLOCK_D=block, num_warps=8)
    return y, summed, normed_input, rstd


def _backward(dy2: torch.Tensor, ds2: torch.Tensor | None, normed_input: torch.Tensor, weight: torch.Tensor,
              rstd: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """(d normed_input, d weight)."""
    n_rows, D = normed_input.shape
    dx = torch.empty_like(normed_input)
    programs = max(min(_backward_programs(dx.device), n_rows), 1)
    dw_partial = torch.empty(programs, D, dtype=torch.float32, device=dx.device)
    block = triton.next_power_of_2(D)
    _rms_norm_backward_kernel[(programs,)](dy2, dy2 if ds2 is None else ds2, normed_input, weight, rstd, dx, dw_partial,
                                           n_rows, D, triton.cdiv(n_rows, programs), HAS_DS=ds2 is not None,
                                           BLOCK_D=block, num_warps=min(max(block // 256, 1), 16))
    return dx, dw_partial.sum(0).to(weight.dtype)


class RMSNormFunction(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x: torch.Tensor, weight: torch.Tensor, eps: float) -> torch.Tensor:
        y, _, x2, rstd = _forward(x.reshape(-1, x.shape[-1]).contiguous(), None, weight, eps)
        ctx.save_for_backward(x2, weight, rstd)
        return y.view(x.shape)

    @staticmethod
    def backward(ctx, dy: torch.Tensor):
        x2, weight, rstd = ctx.saved_tensors
        dx, dw = _backward(dy.reshape(x2.shape).contiguous(), None, x2, weight, rstd)
        return dx.view(dy.shape), dw, None


class AddRMSNormFunction(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x: torch.Tensor, residual: torch.Tensor, weight: torch.Tensor, eps: float):
        D = x.shape[-1]
        y, summed, _, rstd = _forward(x.reshape(-1, D).contiguous(), residual.reshape(-1, D).contiguous(), weight, eps)
        ctx.save_for_backward(summed, weight, rstd)
        ctx.dtypes = x.dtype, residual.dtype
        return y.view(x.shape), summed.view(x.shape)

    @staticmethod
    def backward(ctx, dy: torch.Tensor, dsum: torch.Tensor):
        summed, weight, rstd = ctx.saved_tensors
        ds2 = None if dsum is None else dsum.reshape(summed.shape).contiguous()
        d, dw = _backward(dy.reshape(summed.shape).contiguous(), ds2, summed, weight, rstd)
        x_dtype, residual_dtype = ctx.dtypes
        return d.view(dy.shape).to(x_dtype), d.view(dy.shape).to(residual_dtype), dw, None


def rms_norm_triton(x: torch.Tensor, weight: torch.Tensor, eps: float) -> torch.Tensor:
    return RMSNormFunction.apply(x, weight, eps)


def add_rms_norm_triton(x: torch.Tensor, residual: torch.Tensor, weight: torch.Tensor,
                        eps: float) -> tuple[torch.Tensor, torch.Tensor]:
    return AddRMSNormFunction.apply(x, residual, weight, eps)


def _unsupported(x: torch.Tensor) -> str | None:
    return f"the row width {x.shape[-1]} exceeds {MAX_WIDTH}" if x.shape[-1] > MAX_WIDTH else None


def rms_norm(x: torch.Tensor, weight: torch.Tensor, eps: float) -> torch.Tensor:
    if use_triton("rms_norm", x, _unsupported(x)):
        return rms_norm_triton(x, weight, eps)
    return rms_norm_reference(x, weight, eps)


def add_rms_norm(x: torch.Tensor, residual: torch.Tensor, weight: torch.Tensor,
                 eps: float) -> tuple[torch.Tensor, torch.Tensor]:
    """(rms_norm(residual + x), residual + x) in one pass over the rows."""
    unsupported = _unsupported(x) or (None if x.shape == residual.shape else "x and residual differ in shape")
    if use_triton("add_rms_norm", x, unsupported):
        return add_rms_norm_triton(x, residual, weight, eps)
    return add_rms_norm_reference(x, residual, weight, eps)
