"""RMSNorm: x / sqrt(mean(x²) + eps) · weight, computed in fp32 and cast back to x's dtype.

The Triton forward normalizes a tile of rows per program and saves the per-row 1/rms (fp32, one number per
row) so the backward never recomputes the reduction. With x̂ = x · rstd:

    dx = rstd · (dy·w − x̂ · mean(dy·w·x̂))
    dw = Σ_rows dy · x̂

dw is a reduction over all rows: each backward program sums its own slice of rows into an fp32
partial, and the few partials are added with one torch sum — no atomics, so the result is
deterministic.
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


@triton.jit
def _rms_norm_forward_kernel(x_ptr, w_ptr, y_ptr, rstd_ptr, n_rows, D, eps,
                             BLOCK_ROWS: tl.constexpr, BLOCK_D: tl.constexpr):
    rows = tl.program_id(0) * BLOCK_ROWS + tl.arange(0, BLOCK_ROWS)
    cols = tl.arange(0, BLOCK_D)
    mask = (rows[:, None] < n_rows) & (cols[None, :] < D)
    offs = rows[:, None].to(tl.int64) * D + cols[None, :]
    x = tl.load(x_ptr + offs, mask=mask, other=0.0).to(tl.float32)
    w = tl.load(w_ptr + cols, mask=cols < D, other=0.0).to(tl.float32)
    rstd = 1.0 / tl.sqrt(tl.sum(x * x, axis=1) / D + eps)
    tl.store(y_ptr + offs, (x * rstd[:, None] * w[None, :]).to(y_ptr.dtype.element_ty), mask=mask)
    tl.store(rstd_ptr + rows, rstd, mask=rows < n_rows)


@triton.jit
def _rms_norm_backward_kernel(dy_ptr, x_ptr, w_ptr, rstd_ptr, dx_ptr, dw_partial_ptr, n_rows, D, rows_per_program,
                              BLOCK_D: tl.constexpr):
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
        tl.store(dx_ptr + offs, dx.to(dx_ptr.dtype.element_ty), mask=mask)
        dw += dy * x_hat
        offs += D
    tl.store(dw_partial_ptr + pid * D + cols, dw, mask=mask)


def _backward_programs(device: torch.device) -> int:
    if device.type == "cuda":
        return torch.cuda.get_device_properties(device).multi_processor_count * 2
    return 4  # the interpreter runs programs one after another: few, long ones are fastest


class RMSNormFunction(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x: torch.Tensor, weight: torch.Tensor, eps: float) -> torch.Tensor:
        shape, D = x.shape, x.shape[-1]
        x2 = x.reshape(-1, D).contiguous()
        y = torch.empty_like(x2)
        rstd = torch.empty(x2.shape[0], dtype=torch.float32, device=x.device)
        block = triton.next_power_of_2(D)
        # a tile of ~4K elements per program on a GPU; in the interpreter, where each program costs
        # Python overhead, a bigger tile
        rows = max(1, (16384 if interpreting() else 4096) // block)
        _rms_norm_forward_kernel[(triton.cdiv(x2.shape[0], rows),)](x2, weight, y, rstd, x2.shape[0], D, eps,
                                                                    BLOCK_ROWS=rows, BLOCK_D=block, num_warps=8)
        ctx.save_for_backward(x2, weight, rstd)
        return y.view(shape)

    @staticmethod
    def backward(ctx, dy: torch.Tensor):
        x2, weight, rstd = ctx.saved_tensors
        n_rows, D = x2.shape
        dy2 = dy.reshape(-1, D).contiguous()
        dx = torch.empty_like(x2)
        programs = max(min(_backward_programs(x2.device), n_rows), 1)
        rows_per_program = triton.cdiv(n_rows, programs)
        dw_partial = torch.empty(programs, D, dtype=torch.float32, device=x2.device)
        block = triton.next_power_of_2(D)
        _rms_norm_backward_kernel[(programs,)](dy2, x2, weight, rstd, dx, dw_partial, n_rows, D, rows_per_program,
                                               BLOCK_D=block, num_warps=min(max(block // 256, 1), 16))
        return dx.view(dy.shape), dw_partial.sum(0).to(weight.dtype), None


def rms_norm_triton(x: torch.Tensor, weight: torch.Tensor, eps: float) -> torch.Tensor:
    return RMSNormFunction.apply(x, weight, eps)


def rms_norm(x: torch.Tensor, weight: torch.Tensor, eps: float) -> torch.Tensor:
    unsupported = f"the row width {x.shape[-1]} exceeds {MAX_WIDTH}" if x.shape[-1] > MAX_WIDTH else None
    if use_triton("rms_norm", x, unsupported):
        return rms_norm_triton(x, weight, eps)
    return rms_norm_reference(x, weight, eps)
