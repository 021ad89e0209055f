"""The optimization recipe shared by pretraining and instruction tuning: AdamW with weight decay on
matrices only, and a linear-warmup + cosine-decay learning rate."""
from __future__ import annotations

import math

import torch
import torch.nn as nn


def make_adamw(model: nn.Module, lr: float, weight_decay: float, betas: tuple[float, float],
               device: torch.device) -> torch.optim.AdamW:
    """Decay 2-D weights (projections, embedding); never norms. Fused kernel on CUDA."""
    params = [p for p in model.parameters() if p.requires_grad]
    groups = [{"params": [p for p in params if p.dim() >= 2], "weight_decay": weight_decay},
              {"params": [p for p in params if p.dim() < 2], "weight_decay": 0.0}]
    return torch.optim.AdamW(groups, lr=lr, betas=betas, fused=device.type == "cuda")


def lr_at(step: int, peak: float, warmup: int, total: int, min_ratio: float) -> float:
    """Learning rate for optimizer step `step` (0-based): linear warmup to `peak` over `warmup`
    steps, then cosine decay to `min_ratio · peak` at `total`."""
    if step < warmup:
        return peak * (step + 1) / warmup
    progress = min(1.0, (step - warmup) / max(1, total - warmup))
    return peak * (min_ratio + (1 - min_ratio) * 0.5 * (1 + math.cos(math.pi * progress)))
