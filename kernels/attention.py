"""Causal multi-head attention.

q, k, v are (B, H, T, head_dim); k and v may be longer than q when decoding from a KV cache, in
which case the caller passes an explicit boolean `mask` (True = may attend) of shape
(B, 1, Tq, Tk) and `causal=False`.
"""
from __future__ import annotations

import torch
import torch.nn.functional as F


def attention_reference(q: torch.Tensor, k: torch.Tensor, v: torch.Tensor, causal: bool = True,
                        mask: torch.Tensor | None = None) -> torch.Tensor:
    """softmax(q·kᵀ/√d + mask)·v, via PyTorch's SDPA (its math and flash CPU paths are exact references)."""
    if causal and mask is not None:
        raise ValueError("pass either causal=True or an explicit mask, not both")
    return F.scaled_dot_product_attention(q, k, v, attn_mask=mask, is_causal=causal)


def attention(q: torch.Tensor, k: torch.Tensor, v: torch.Tensor, causal: bool = True,
              mask: torch.Tensor | None = None) -> torch.Tensor:
    return attention_reference(q, k, v, causal=causal, mask=mask)
