"""`LoRALinear`: a frozen `nn.Linear` plus a trainable low-rank update (Hu et al., 2021).

    y = W·x + scaling · B·A·dropout(x)        A: (r × in), B: (out × r), scaling = alpha / r

Design choices:
- The wrapped layer stays reachable as `base`, so parameter names read `...qkv_proj.base.weight`
  and `strip` can hand it back unchanged; `in_features`, `out_features` and `weight` forward to it
  so code that inspects a projection keeps working.
- A is Kaiming-uniform (as nn.Linear initializes its weight) and B is zero: B·A = 0, so a freshly
  wrapped layer computes exactly what the base layer computes, and training starts from the base.
- `scaling = alpha / r` (the paper), or `alpha / √r` with rsLoRA (Kalajdzievski, 2023), which
  keeps the update's magnitude from collapsing as r grows.
- The forward computes (dropout(x)·Aᵀ)·Bᵀ: two thin matmuls, O(r·(in + out)) per token, and never
  the (out × in) product B·A — that is only built by `merge`.
- `merge` folds scaling·B·A into W in fp32 and casts once: adding the update in bf16 would round
  it (and W) twice and change the outputs. While merged the forward skips the branch, so the
  layer costs exactly one matmul. `unmerge` subtracts it again; in fp32 that restores W to within
  rounding, in bf16 it does not (W lost bits when the update was added), so keep fp32 weights if
  you need to unmerge.
"""
from __future__ import annotations

import math

import torch
import torch.nn as nn


class LoRALinear(nn.Module):
    def __init__(self, base: nn.Linear, r: int, alpha: float, dropout: float = 0.0, rslora: bool = False):
        super().__init__()
        self.base = base.requires_grad_(False)
        self.r, self.alpha, self.rslora = r, alpha, rslora
        self.scaling = alpha / math.sqrt(r) if rslora else alpha / r
        factory = {"device": base.weight.device, "dtype": base.weight.dtype}
        self.lora_A = nn.Parameter(torch.empty(r, base.in_features, **factory))
        self.lora_B = nn.Parameter(torch.zeros(base.out_features, r, **factory))
        nn.init.kaiming_uniform_(self.lora_A, a=math.sqrt(5))
        # Identity rather than Dropout(0): no module call on the hot path when dropout is off.
        self.dropout = nn.Dropout(dropout) if dropout > 0 else nn.Identity()
        self.merged = False

    @property
    def in_features(self) -> int:
        return self.base.in_features

    @property
    def out_features(self) -> int:
        return self.base.out_features

    @property
    def weight(self) -> torch.Tensor:
        return self.base.weight

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        y = self.base(x)
        if self.merged:
            return y
        return y + (self.dropout(x) @ self.lora_A.t() @ self.lora_B.t()) * self.scaling

    def delta_weight(self) -> torch.Tensor:
        """scaling · B·A in fp32: the update `merge` adds to W."""
        return (self.lora_B.float() @ self.lora_A.float()) * self.scaling

    @torch.no_grad()
    def merge(self) -> None:
        if self.merged:
            raise ValueError("LoRA layer is already merged")
        w = self.base.weight
        w.copy_((w.float() + self.delta_weight()).to(w.dtype))
        self.merged = True

    @torch.no_grad()
    def unmerge(self) -> None:
        if not self.merged:
            raise ValueError("LoRA layer is not merged")
        w = self.base.weight
        w.copy_((w.float() - self.delta_weight()).to(w.dtype))
        self.merged = False

    def extra_repr(self) -> str:
        return f"r={self.r}, alpha={self.alpha:g}, scaling={self.scaling:.4g}, merged={self.merged}"
