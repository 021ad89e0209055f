"""LM head + cross-entropy in one op, computed in row chunks so the (tokens × vocab) logits — and
their fp32 copy and fp32 gradient, which eager PyTorch keeps alive at once — never exist in full.
Mean over the targets that are not `ignore_index`, with PyTorch's label smoothing:

    loss_i = lse_i − (1 − ε)·z_iy − ε·mean_j z_ij                  (lse_i = log Σ_j exp z_ij)
    ∂loss_i/∂z_ij = softmax_ij − ε/V − (1 − ε)·[j = y_i]           (0 for ignored rows)

The Triton path (after Liger-Kernel's fused linear cross-entropy): for each chunk of rows,
    1. z = h_chunk · Wᵀ with torch's matmul (in the autocast dtype when autocast is on),
    2. one Triton program per row streams its logits twice — an online max/sum pass for lse, then a
       pass that overwrites the logits with their gradient in place — in fp32 registers,
    3. dH_chunk = dZ · W and dW += dZᵀ · h_chunk (fp32 accumulator).
The gradients are thus computed during the forward, scaled by 1/n_valid there and by the
upstream gradient in the backward; peak extra memory is one chunk of logits instead of three N×V
arrays. A chunk is sized so its logits take about as much memory as h itself.
"""
from __future__ import annotations

import torch
import torch.nn.functional as F
import triton
import triton.language as tl

from kernels.dispatch import interpreting, use_triton


def linear_cross_entropy_reference(h: torch.Tensor, weight: torch.Tensor, targets: torch.Tensor,
                                   label_smoothing: float = 0.0, ignore_index: int = -100) -> torch.Tensor:
    """h: (..., d), weight: (vocab, d), targets: (...) int64 → scalar fp32 loss."""
    logits = (h @ weight.t()).float()
    return F.cross_entropy(logits.view(-1, logits.size(-1)), targets.reshape(-1),
                           ignore_index=ignore_index, label_smoothing=label_smoothing)


@triton.jit
def _cross_entropy_kernel(logits_ptr, stride_row, targets_ptr, loss_ptr, V, ignore_index, smoothing,
                          COMPUTE_GRAD: tl.constexpr, BLOCK_V: tl.constexpr):
    """Loss of one row; with COMPUTE_GRAD, also replace the row's logits by ∂loss/∂logits (unscaled)."""
    row = tl.program_id(0).to(tl.int64)
    row_ptr = logits_ptr + row * stride_row
    y = tl.load(targets_ptr + row)
    cols = tl.arange(0, BLOCK_V)
    if y == ignore_index:
        tl.store(loss_ptr + row, 0.0)
        if COMPUTE_GRAD:
            for start in range(0, V, BLOCK_V):
                tl.store(row_ptr + start + cols, tl.zeros([BLOCK_V], dtype=tl.float32).to(logits_ptr.dtype.element_ty),
                         mask=start + cols < V)
        return
    # pass 1: running max m and Σ exp(z − m) (online softmax), plus Σ z for the smoothing term
    m = float("-inf")
    d = 0.0
    z_sum = 0.0
    for start in range(0, V, BLOCK_V):
        mask = start + cols < V
        z = tl.load(row_ptr + start + cols, mask=mask, other=float("-inf")).to(tl.float32)
        m_new = tl.maximum(m, tl.max(z, 0))
        d = d * tl.exp(m - m_new) + tl.sum(tl.exp(z - m_new), 0)
        z_sum += tl.sum(tl.where(mask, z, 0.0), 0)
        m = m_new
    lse = m + tl.log(d)
    z_y = tl.load(row_ptr + y).to(tl.float32)
    loss = lse - (1.0 - smoothing) * z_y - smoothing * (z_sum / V)
    tl.store(loss_ptr + row, loss)
    if COMPUTE_GRAD:
        # pass 2: overwrite the logits with softmax − ε/V − (1 − ε)·onehot
        for start in range(0, V, BLOCK_V):
            mask = start + cols < V
            z = tl.load(row_ptr + start + cols, mask=mask, other=0.0).to(tl.float32)
            grad = tl.exp(z - lse) - smoothing / V
            grad = tl.where(start + cols == y, grad - (1.0 - smoothing), grad)
            tl.store(row_ptr + start + cols, grad.to(logits_ptr.dtype.element_ty), mask=mask)


def _compute_dtype(h: torch.Tensor) -> torch.dtype:
    """The dtype the LM-head matmul runs in: autocast's when it is on (as in the eager model), else h's."""
    if torch.is_autocast_enabled(h.device.type):
        return torch.get_autocast_dtype(h.device.type)
    return h.dtype


def _chunk_rows(n_rows: int, vocab: int, dim: int) -> int:
    """Rows per chunk: a chunk's logits (rows × vocab) about the size of h (n_rows × dim)."""
    return max(triton.next_power_of_2(triton.cdiv(n_rows, triton.cdiv(vocab, dim))), 16)


class LinearCrossEntropyFunction(torch.autograd.Function):
    @staticmethod
    def forward(ctx, h: torch.Tensor, weight: torch.Tensor, targets: torch.Tensor, label_smoothing: float,
                ignore_index: int, grad_h_needed: bool, grad_w_needed: bool) -> torch.Tensor:
        dtype = _compute_dtype(h)
        h2 = h.reshape(-1, h.shape[-1]).to(dtype)
        w = weight.to(dtype)
        t = targets.reshape(-1).contiguous()
        (n_rows, dim), vocab = h2.shape, w.shape[0]
        compute_grad = grad_h_needed or grad_w_needed
        grad_h = torch.empty(n_rows, dim, dtype=h.dtype, device=h.device) if grad_h_needed else None
        grad_w = torch.zeros(vocab, dim, dtype=torch.float32, device=h.device) if grad_w_needed else None
        loss_rows = torch.empty(n_rows, dtype=torch.float32, device=h.device)
        block_v = min(triton.next_power_of_2(vocab), 128 if interpreting() else 4096)
        chunk = _chunk_rows(n_rows, vocab, dim)
        for start in range(0, n_rows, chunk):
            end = min(start + chunk, n_rows)
            logits = h2[start:end] @ w.t()
            _cross_entropy_kernel[(end - start,)](logits, logits.stride(0), t[start:end], loss_rows[start:end], vocab,
                                                  ignore_index, label_smoothing, COMPUTE_GRAD=compute_grad,
                                                  BLOCK_V=block_v, num_warps=8)
            if grad_h is not None:
                grad_h[start:end] = logits @ w
            if grad_w is not None:
                grad_w += (logits.t() @ h2[start:end]).float()
        n_valid = (t != ignore_index).sum()
        ctx.save_for_backward(grad_h, grad_w, n_valid)
        ctx.shapes = h.shape, weight.dtype
        return loss_rows.sum() / n_valid

    @staticmethod
    def backward(ctx, grad_loss: torch.Tensor):
        grad_h, grad_w, n_valid = ctx.saved_tensors
        h_shape, w_dtype = ctx.shapes
        scale = grad_loss / n_valid
        dh = None if grad_h is None else (grad_h * scale).to(grad_h.dtype).view(h_shape)
        dw = None if grad_w is None else (grad_w * scale).to(w_dtype)
        return dh, dw, None, None, None, None, None


def linear_cross_entropy_triton(h: torch.Tensor, weight: torch.Tensor, targets: torch.Tensor,
                                label_smoothing: float = 0.0, ignore_index: int = -100) -> torch.Tensor:
    grad = torch.is_grad_enabled()
    return LinearCrossEntropyFunction.apply(h, weight, targets, label_smoothing, ignore_index,
                                            grad and h.requires_grad, grad and weight.requires_grad)


def linear_cross_entropy(h: torch.Tensor, weight: torch.Tensor, targets: torch.Tensor,
                         label_smoothing: float = 0.0, ignore_index: int = -100) -> torch.Tensor:
    unsupported = (None if h.shape[:-1] == targets.shape
                   else f"targets {tuple(targets.shape)} do not match h {tuple(h.shape)}")
    if use_triton("linear_cross_entropy", h, unsupported):
        return linear_cross_entropy_triton(h, weight, targets, label_smoothing, ignore_index)
    return linear_cross_entropy_reference(h, weight, targets, label_smoothing, ignore_index)
