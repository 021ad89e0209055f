"""Sampling with a KV cache: batched prompts of different lengths, temperature, top-k, top-p,
stop strings and a token budget.

`generate_ids` works on token ids and is what evaluation drives; `generate` wraps it with a
tokenizer for text in, text out (`generate_with_ends` also says which completions the model ended
itself). Temperature 0 means greedy decoding. Non-finite logits (a diverged model) are refused with a
one-line error rather than sampled from.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import torch

from configs.errors import UserError
from model.kv_cache import KVCache
from model.model import Transformer


@dataclass
class SamplingConfig:
    max_new_tokens: int = 128
    temperature: float = 0.8  # 0 = greedy
    top_k: int = 0            # 0 = off
    top_p: float = 1.0        # 1 = off
    stop: Sequence[str] = ()  # generation of a row ends once its completion contains one of these


def filter_logits(logits: torch.Tensor, top_k: int, top_p: float) -> torch.Tensor:
    """Set to -inf every logit outside the top-k and outside the smallest set whose mass ≥ top_p."""
    if top_k > 0 and top_k < logits.size(-1):
        kth = torch.topk(logits, top_k, dim=-1).values[..., -1:]
        logits = logits.masked_fill(logits < kth, float("-inf"))
    if top_p < 1.0:
        sorted_logits, order = torch.sort(logits, dim=-1, descending=True)
        probs = sorted_logits.softmax(-1)
        # drop a token when the mass strictly before it already reaches top_p (the top one always stays)
        drop_sorted = probs.cumsum(-1) - probs >= top_p
        drop = torch.zeros_like(drop_sorted).scatter(-1, order, drop_sorted)
        logits = logits.masked_fill(drop, float("-inf"))
    return logits


def next_tokens(logits: torch.Tensor, cfg: SamplingConfig, generator: torch.Generator | None) -> torch.Tensor:
    """(B, vocab) logits → (B,) token ids."""
    if cfg.temperature <= 0:
        return logits.argmax(-1)
    probs = filter_logits(logits.float() / cfg.temperature, cfg.top_k, cfg.top_p).softmax(-1)
    return torch.multinomial(probs, 1, generator=generator).squeeze(-1)


@torch.no_grad()
def generate_ids(model: Transformer, prompts: list[list[int]], cfg: SamplingConfig,
                 eos_id: int | None = None, is_done: Callable[[int, list[int]], bool] | None = None,
                 generator: torch.Generator | None = None) -> list[list[int]]:
    """Continue each prompt; returns the new token ids of each row (the eos token excluded).

    A row stops at `eos_id`, when `is_done(row, new_ids)` says so, after `cfg.max_new_tokens`, or
    when its own context is full: a prompt is kept whole (only one longer than the context loses its
    start), so a long prompt leaves fewer new tokens rather than the model a truncated question, and
    only to its own row: the shorter prompts of its batch keep their whole budget.
    """
    max_len = model.cfg.max_seq_len
    if cfg.max_new_tokens < 1:
        raise ValueError(f"max_new_tokens must be at least 1, got {cfg.max_new_tokens}")
    if any(len(p) == 0 for p in prompts):
        raise ValueError("every prompt needs at least one token")
    prompts = [p[-(max_len - 1):] for p in prompts]
    device = model.head_weight.device
    width = max(len(p) for p in prompts)
    room = [max_len - len(p) for p in prompts]  # new tokens each row's own context holds
    steps = min(cfg.max_new_tokens, max(room))
    pad = torch.tensor([width - len(p) for p in prompts], device=device)
    idx = torch.tensor([[p[0]] * (width - len(p)) + p for p in prompts], device=device)
    cache = KVCache(model.cfg.n_layer, model.cfg.n_head, model.cfg.head_dim, width + steps, pad,
                    dtype=model.head_weight.dtype, max_position=max_len - 1)
    out: list[list[int]] = [[] for _ in prompts]
    done = [False] * len(prompts)
    logits = model(idx, cache=cache)[:, -1]
    for _ in range(steps):
        if not torch.isfinite(logits).all():
            raise UserError("the model's logits are NaN or infinite: its weights diverged; nothing to generate from")
        tokens = next_tokens(logits, cfg, generator)
        for row, tok in enumerate(tokens.tolist()):
            if done[row]:
                continue
            if tok == eos_id:
                done[row] = True
                continue
            out[row].append(tok)
            done[row] = len(out[row]) >= room[row] or (is_done is not None and is_done(row, out[row]))
        if all(done):
            break
        logits = model(tokens[:, None], cache=cache)[:, -1]
    return out


def truncate_at_stop(text: str, stop: Sequence[str]) -> str:
    cut = min((i for i in (text.find(s) for s in stop) if i >= 0), default=len(text))
    return text[:cut]


def generate(model: Transformer, tokenizer, prompts: list[str], cfg: SamplingConfig,
             generator: torch.Generator | None = None) -> list[str]:
    """Text in, text out: each completion ends before its first stop string (or at end-of-text)."""
    return [text for text, _ in generate_with_ends(model, tokenizer, prompts, cfg, generator)]


def generate_with_ends(model: Transformer, tokenizer, prompts: list[str], cfg: SamplingConfig,
                       generator: torch.Generator | None = None) -> list[tuple[str, bool]]:
    """`generate`'s completions, each with whether the model ended it with its own end-of-text token (False:
    cut at a stop string, the token budget or a full context). The policy gradient needs it: an end-of-text
    the model did not sample is not its action to reward or penalise."""
    eot = tokenizer.eot_id

    def is_done(row: int, ids: list[int]) -> bool:
        # only the tail can contain a stop string that was not there one token ago
        return ids[-1] == eot or any(s in tokenizer.decode(ids[-16:]) for s in cfg.stop)

    rows = generate_ids(model, [tokenizer.encode(p) for p in prompts], cfg, is_done=is_done, generator=generator)
    ends = [bool(row) and row[-1] == eot for row in rows]
    return [(truncate_at_stop(tokenizer.decode(row[:-1] if end else row), cfg.stop), end)
            for row, end in zip(rows, ends)]
