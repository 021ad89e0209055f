"""LM head + cross-entropy in one op, so a chunked kernel can later avoid materializing the full
(tokens × vocab) fp32 logits. Mean over the targets that are not `ignore_index`."""
from __future__ import annotations

import torch
import torch.nn.functional as F


def linear_cross_entropy_reference(h: torch.Tensor, weight: torch.Tensor, targets: torch.Tensor,
                                   label_smoothing: float = 0.0, ignore_index: int = -100) -> torch.Tensor:
    """h: (..., d), weight: (vocab, d), targets: (...) int64 → scalar fp32 loss."""
    logits = (h @ weight.t()).float()
    return F.cross_entropy(logits.view(-1, logits.size(-1)), targets.reshape(-1),
                           ignore_index=ignore_index, label_smoothing=label_smoothing)


def linear_cross_entropy(h: torch.Tensor, weight: torch.Tensor, targets: torch.Tensor,
                         label_smoothing: float = 0.0, ignore_index: int = -100) -> torch.Tensor:
    return linear_cross_entropy_reference(h, weight, targets, label_smoothing, ignore_index)
