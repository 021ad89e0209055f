"""KV cache for batched decoding of prompts with different lengths.

Prompts are left-padded to a common length so every row advances one token per step in lockstep.
Each row's positions start at 0 at its first real token (RoPE sees the same positions as an
unpadded run) and no query ever attends to a padding key. A padding query attends to itself only,
which keeps its softmax row finite; its output is never read.
"""
from __future__ import annotations

import torch


class KVCache:
    def __init__(self, n_layer: int, n_head: int, head_dim: int, max_len: int, pad: torch.Tensor,
                 dtype: torch.dtype, max_position: int | None = None):
        """pad: (B,) int64, the number of left-padding tokens of each row. max_position: the last RoPE position
        there is; a row whose own context is full goes on in lockstep at it (its tokens are not read)."""
        batch = pad.shape[0]
        shape = (n_layer, batch, n_head, max_len, head_dim)
        self.k = torch.zeros(shape, dtype=dtype, device=pad.device)
        self.v = torch.zeros(shape, dtype=dtype, device=pad.device)
        self.pad = pad
        self.max_len = max_len
        self.max_position = max_position
        self.length = 0  # tokens already written, padding included

    def positions(self, T: int) -> torch.Tensor:
        """(B, T) RoPE positions of the next T tokens of each row."""
        slots = torch.arange(self.length, self.length + T, device=self.pad.device)
        return (slots[None, :] - self.pad[:, None]).clamp(min=0, max=self.max_position)

    def mask(self, T: int) -> torch.Tensor:
        """(B, 1, T, length + T) boolean: query slot may attend key slot."""
        keys = torch.arange(self.length + T, device=self.pad.device)
        queries = keys[self.length:]
        causal = keys[None, :] <= queries[:, None]                 # (T, L)
        real = keys[None, :] >= self.pad[:, None]                  # (B, L)
        self_only = keys[None, :] == queries[:, None]              # (T, L)
        return ((causal[None] & real[:, None, :]) | self_only[None]).unsqueeze(1)

    def update(self, layer: int, k: torch.Tensor, v: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """Write this layer's new (B, H, T, D) keys/values; return all keys/values so far."""
        end = self.length + k.shape[2]
        if end > self.max_len:
            raise ValueError(f"KV cache overflow: {end} > {self.max_len} slots")
        self.k[layer, :, :, self.length:end] = k
        self.v[layer, :, :, self.length:end] = v
        return self.k[layer, :, :, :end], self.v[layer, :, :, :end]

    def advance(self, T: int) -> None:
        self.length += T
