"""Rotary position embedding, half-split ("rotate_half") convention as in Hugging Face's Llama, so
weights export without permuting q/k rows: the pair (x[i], x[i + d/2]) is rotated by pos·θ_i.

The Triton kernel reads x through its strides (q and k arrive as permuted views of the fused qkv
projection, so no copy is made first) and the cos/sin tables through broadcast strides, which covers
both training's shared (T, d/2) table and decoding's per-row positions (B, 1, T, d/2). The rotation
is orthogonal, so the backward is the same kernel rotating by −θ.
"""
from __future__ import annotations

import torch
import triton
import triton.language as tl

from kernels.dispatch import use_triton

BLOCK_T = 16


def rope_tables(head_dim: int, max_len: int, theta: float) -> tuple[torch.Tensor, torch.Tensor]:
    """cos and sin tables of shape (max_len, head_dim // 2), fp32."""
    inv_freq = 1.0 / theta ** (torch.arange(0, head_dim, 2, dtype=torch.float64) / head_dim)
    angles = torch.outer(torch.arange(max_len, dtype=torch.float64), inv_freq)
    return angles.cos().float(), angles.sin().float()


def apply_rope_reference(x: torch.Tensor, cos: torch.Tensor, sin: torch.Tensor) -> torch.Tensor:
    """x: (B, H, T, D); cos/sin broadcastable to (B, H, T, D/2). Rotation in fp32, result in x's dtype."""
    x1, x2 = x.float().chunk(2, dim=-1)
    return torch.cat((x1 * cos - x2 * sin, x2 * cos + x1 * sin), dim=-1).type_as(x)


@triton.jit
def _rope_kernel(x_ptr, cos_ptr, sin_ptr, out_ptr, H, T, HALF,
                 sxb, sxh, sxt, scb, sch, sct, ssb, ssh, sst,
                 SIGN: tl.constexpr, BLOCK_T: tl.constexpr, BLOCK_HALF: tl.constexpr):
    """One (batch, head) × BLOCK_T positions tile. SIGN = 1 rotates by +θ, −1 by −θ (the backward)."""
    bh = tl.program_id(0)
    b, h = (bh // H).to(tl.int64), (bh % H).to(tl.int64)
    t = tl.program_id(1) * BLOCK_T + tl.arange(0, BLOCK_T)
    i = tl.arange(0, BLOCK_HALF)
    mask = (t[:, None] < T) & (i[None, :] < HALF)
    x_row = x_ptr + b * sxb + h * sxh + t[:, None].to(tl.int64) * sxt + i[None, :]
    x1 = tl.load(x_row, mask=mask, other=0.0).to(tl.float32)
    x2 = tl.load(x_row + HALF, mask=mask, other=0.0).to(tl.float32)
    cos = tl.load(cos_ptr + b * scb + h * sch + t[:, None] * sct + i[None, :], mask=mask, other=0.0).to(tl.float32)
    sin = tl.load(sin_ptr + b * ssb + h * ssh + t[:, None] * sst + i[None, :], mask=mask, other=0.0).to(tl.float32)
    sin = sin * SIGN
    out_row = out_ptr + ((b * H + h) * T + t[:, None]) * (2 * HALF) + i[None, :]
    tl.store(out_row, (x1 * cos - x2 * sin).to(out_ptr.dtype.element_ty), mask=mask)
    tl.store(out_row + HALF, (x2 * cos + x1 * sin).to(out_ptr.dtype.element_ty), mask=mask)


def _rotate(x: torch.Tensor, cos: torch.Tensor, sin: torch.Tensor, sign: int) -> torch.Tensor:
    B, H, T, D = x.shape
    if x.stride(-1) != 1:
        x = x.contiguous()
    out = torch.empty(B, H, T, D, dtype=x.dtype, device=x.device)
    cos, sin = (torch.broadcast_to(table, (B, H, T, D // 2)) for table in (cos, sin))
    if cos.stride(-1) != 1 or sin.stride(-1) != 1:
        cos, sin = cos.contiguous(), sin.contiguous()
    _rope_kernel[(B * H, triton.cdiv(T, BLOCK_T))](
        x, cos, sin, out, H, T, D // 2, x.stride(0), x.stride(1), x.stride(2),
        cos.stride(0), cos.stride(1), cos.stride(2), sin.stride(0), sin.stride(1), sin.stride(2),
        SIGN=sign, BLOCK_T=BLOCK_T, BLOCK_HALF=triton.next_power_of_2(D // 2))
    return out


class RoPEFunction(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x: torch.Tensor, cos: torch.Tensor, sin: torch.Tensor) -> torch.Tensor:
        ctx.save_for_backward(cos, sin)
        return _rotate(x, cos, sin, 1)

    @staticmethod
    def backward(ctx, grad: torch.Tensor):
        cos, sin = ctx.saved_tensors
        return _rotate(grad, cos, sin, -1), None, None


def apply_rope_triton(x: torch.Tensor, cos: torch.Tensor, sin: torch.Tensor) -> torch.Tensor:
    return RoPEFunction.apply(x, cos, sin)


def _unsupported(x: torch.Tensor, cos: torch.Tensor, sin: torch.Tensor) -> str | None:
    if x.dim() != 4 or x.shape[-1] % 2:
        return f"x must be (B, H, T, even D), got {tuple(x.shape)}"
    try:
        torch.broadcast_shapes(cos.shape, sin.shape, x.shape[:-1] + (x.shape[-1] // 2,))
    except RuntimeError:
        return f"cos/sin {tuple(cos.shape)} do not broadcast to {tuple(x.shape[:-1]) + (x.shape[-1] // 2,)}"
    if cos.requires_grad or sin.requires_grad:
        return "the kernel treats the cos/sin tables as constants"
    return None


def apply_rope(x: torch.Tensor, cos: torch.Tensor, sin: torch.Tensor) -> torch.Tensor:
    if use_triton("apply_rope", x, _unsupported(x, cos, sin)):
        return apply_rope_triton(x, cos, sin)
    return apply_rope_reference(x, cos, sin)
