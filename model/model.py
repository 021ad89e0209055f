"""The decoder: a Llama-shaped transformer, readable top to bottom.

Design choices:
- pre-norm RMSNorm, rotary position embeddings, SwiGLU MLP, no biases anywhere;
- attention projections fused into one `qkv_proj` plus `out_proj`; MLP as `gate_proj`, `up_proj`,
  `down_proj` — Llama's names, so the weights export to standard formats by renaming/splitting;
- the LM head is tied to the token embedding by default (one (vocab × d) matrix, not two);
- every hot op goes through one function in `kernels/`, where a Triton kernel replaces the PyTorch
  reference on CUDA without the model changing; the residual add after attention is fused into
  the MLP's norm (`add_and_norm`);
- with `targets`, `forward` returns the loss and never hands back the logits, so the fused
  LM-head + cross-entropy kernel never has to materialize them;
- a `KVCache` makes decoding one token cost one token of compute (see model/kv_cache.py).
"""
from __future__ import annotations

import math

import torch
import torch.nn as nn

import kernels
from model.config import ModelConfig
from model.kv_cache import KVCache


class RMSNorm(nn.Module):
    def __init__(self, dim: int, eps: float):
        super().__init__()
        self.eps = eps
        self.weight = nn.Parameter(torch.ones(dim))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return kernels.rms_norm(x, self.weight, self.eps)

    def add_and_norm(self, x: torch.Tensor, residual: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """(norm(residual + x), residual + x), fused into one kernel on CUDA."""
        return kernels.add_rms_norm(x, residual, self.weight, self.eps)


class Attention(nn.Module):
    def __init__(self, cfg: ModelConfig, layer_idx: int):
        super().__init__()
        self.layer_idx, self.n_head, self.head_dim = layer_idx, cfg.n_head, cfg.head_dim
        self.qkv_proj = nn.Linear(cfg.d_model, 3 * cfg.d_model, bias=False)
        self.out_proj = nn.Linear(cfg.d_model, cfg.d_model, bias=False)

    def forward(self, x, cos, sin, cache: KVCache | None, mask: torch.Tensor | None) -> torch.Tensor:
        B, T, C = x.shape
        q, k, v = self.qkv_proj(x).view(B, T, 3, self.n_head, self.head_dim).permute(2, 0, 3, 1, 4)
        q, k = kernels.apply_rope(q, cos, sin), kernels.apply_rope(k, cos, sin)
        if cache is not None:
            k, v = cache.update(self.layer_idx, k, v)
        y = kernels.attention(q, k, v, causal=cache is None, mask=mask)
        return self.out_proj(y.transpose(1, 2).reshape(B, T, C))


class MLP(nn.Module):
    def __init__(self, cfg: ModelConfig):
        super().__init__()
        self.gate_proj = nn.Linear(cfg.d_model, cfg.d_mlp, bias=False)
        self.up_proj = nn.Linear(cfg.d_model, cfg.d_mlp, bias=False)
        self.down_proj = nn.Linear(cfg.d_mlp, cfg.d_model, bias=False)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.down_proj(kernels.swiglu(self.gate_proj(x), self.up_proj(x)))


class Block(nn.Module):
    def __init__(self, cfg: ModelConfig, layer_idx: int):
        super().__init__()
        self.attn_norm = RMSNorm(cfg.d_model, cfg.norm_eps)
        self.attn = Attention(cfg, layer_idx)
        self.mlp_norm = RMSNorm(cfg.d_model, cfg.norm_eps)
        self.mlp = MLP(cfg)

    def forward(self, x, cos, sin, cache, mask) -> torch.Tensor:
        h, x = self.mlp_norm.add_and_norm(self.attn(self.attn_norm(x), cos, sin, cache, mask), x)
        return x + self.mlp(h)


class Transformer(nn.Module):
    def __init__(self, cfg: ModelConfig):
        super().__init__()
        self.cfg = cfg
        self.embed = nn.Embedding(cfg.vocab_size, cfg.d_model)
        self.layers = nn.ModuleList(Block(cfg, i) for i in range(cfg.n_layer))
        self.norm = RMSNorm(cfg.d_model, cfg.norm_eps)
        self.lm_head = None if cfg.tie_embeddings else nn.Linear(cfg.d_model, cfg.vocab_size, bias=False)
        cos, sin = rope_tables_for(cfg)
        self.register_buffer("rope_cos", cos, persistent=False)
        self.register_buffer("rope_sin", sin, persistent=False)
        self.reset_parameters()

    def reset_parameters(self) -> None:
        """GPT-2/Llama init: N(0, 0.02), residual output projections scaled by 1/√(2·n_layer) so
        the residual stream's variance does not grow with depth."""
        residual_std = 0.02 / math.sqrt(2 * self.cfg.n_layer)
        for name, p in self.named_parameters():
            if name.endswith("norm.weight"):
                nn.init.ones_(p)
            else:
                std = residual_std if name.endswith(("out_proj.weight", "down_proj.weight")) else 0.02
                nn.init.normal_(p, mean=0.0, std=std)

    @property
    def head_weight(self) -> torch.Tensor:
        return self.embed.weight if self.lm_head is None else self.lm_head.weight

    def num_params(self) -> int:
        return sum(p.numel() for p in self.parameters())

    def forward(self, idx: torch.Tensor, targets: torch.Tensor | None = None, *, cache: KVCache | None = None,
                label_smoothing: float = 0.0, ignore_index: int = -100) -> torch.Tensor:
        """idx (B, T) token ids. Returns logits (B, T, vocab), or with `targets` the mean loss.

        Without a cache, positions are 0..T-1 and attention is causal. With one, the new tokens
        continue each row's sequence and the cache supplies positions and the attention mask.
        """
        B, T = idx.shape
        if cache is None:
            if T > self.cfg.max_seq_len:
                raise ValueError(f"sequence length {T} exceeds model.max_seq_len {self.cfg.max_seq_len}")
            cos, sin, mask = self.rope_cos[:T], self.rope_sin[:T], None
        else:
            positions = cache.positions(T)  # (B, T)
            cos, sin, mask = self.rope_cos[positions].unsqueeze(1), self.rope_sin[positions].unsqueeze(1), cache.mask(T)
        x = self.embed(idx)
        for layer in self.layers:
            x = layer(x, cos, sin, cache, mask)
        x = self.norm(x)
        if cache is not None:
            cache.advance(T)
        if targets is None:
            return x @ self.head_weight.t()
        return kernels.linear_cross_entropy(x, self.head_weight, targets, label_smoothing, ignore_index)


def rope_tables_for(cfg: ModelConfig) -> tuple[torch.Tensor, torch.Tensor]:
    return kernels.rope_tables(cfg.head_dim, cfg.max_seq_len, cfg.rope_theta)
