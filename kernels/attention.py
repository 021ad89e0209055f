"""Multi-head attention: a FlashAttention-2 style Triton kernel (causal or not) and the SDPA reference.

q, k, v are (B, H, T, head_dim). For decoding from a KV cache, k and v are longer than q and the
caller passes an explicit boolean `mask` (True = may attend) of shape (B, 1, Tq, Tk) with
`causal=False`; that path (one new token per step, not a training hot spot) always runs the reference.

Inside a compiled graph on the CPU, the reference is written out op by op (`attention_unfused`)
so inductor can fuse it: SDPA's CPU backward is slow in bf16 and with changing lengths.

The kernel (after Dao, "FlashAttention-2", 2023):
- forward: each program owns BLOCK_M queries of one (batch, head) and streams BLOCK_N-key tiles of
  K and V past them with the online softmax (running max m, running sum l, rescaled accumulator),
  so the T×T score matrix never exists. It saves O and the per-row log-sum-exp (base 2, fp32).
- backward: recomputes P = exp2(S − lse) tile by tile instead of storing it. One kernel owns a key
  tile and sweeps the queries to accumulate dK and dV; a second owns a query tile and sweeps the
  keys for dQ — two passes over the scores, but no atomics, so gradients are deterministic.
  δ = rowsum(dO ∘ O) is precomputed by a small kernel.
- causal: tiles entirely below the diagonal run unmasked; only the diagonal tiles pay for the
  mask, and tiles above it are never visited. Ragged T is handled by masked loads (padded rows
  and keys read as zero) plus the key mask on the last tile.
- inputs fp16/bf16/fp32 with fp32 accumulation (fp32 inputs get IEEE fp32 dots, not TF32);
  softmax in base 2 (exp2 is the native instruction),
  scale 1/√head_dim folded into one multiplier.
- head dims 16–128, powers of two (the configs use 64; `tiny` uses 32).
"""
from __future__ import annotations

import math

import torch
import torch.nn.functional as F
import triton
import triton.language as tl

from kernels.dispatch import interpreting, use_triton

LOG2E = 1.4426950408889634
HEAD_DIMS = (16, 32, 64, 128)


def attention_reference(q: torch.Tensor, k: torch.Tensor, v: torch.Tensor, causal: bool = True,
                        mask: torch.Tensor | None = None) -> torch.Tensor:
    """softmax(q·kᵀ/√d + mask)·v, via PyTorch's SDPA (its math and flash CPU paths are exact references)."""
    if causal and mask is not None:
        raise ValueError("pass either causal=True or an explicit mask, not both")
    return F.scaled_dot_product_attention(q, k, v, attn_mask=mask, is_causal=causal)


def attention_unfused(q: torch.Tensor, k: torch.Tensor, v: torch.Tensor, causal: bool = True) -> torch.Tensor:
    """The same softmax(q·kᵀ/√d)·v written out op by op, the softmax in fp32 at least. What a compiled
    graph on the CPU runs: inductor fuses the scale, mask and softmax (and their backward) around two
    batched matmuls, where SDPA's CPU kernel is an opaque call whose bf16 backward is slow (7× its
    forward at the cpu preset's shape) and slower still when the length changes every step (a probe
    on an AMX Xeon, 2026-12-06, cpu preset at instruction-tuning shapes, bf16 compiled: 7.1k tokens/s
    through SDPA, 11.5k through this form; equal within noise at pretraining's fixed shapes)."""
    scores = q @ k.transpose(-2, -1)
    scores = scores.to(torch.promote_types(scores.dtype, torch.float32)) * (1.0 / math.sqrt(q.shape[-1]))
    if causal:
        T, S = q.shape[-2], k.shape[-2]
        keep = torch.ones(T, S, dtype=torch.bool, device=q.device).tril(S - T)
        scores = scores.masked_fill(~keep, float("-inf"))
    return torch.softmax(scores, dim=-1).to(v.dtype) @ v


@triton.jit
def _load_rows(base, rows, stride_t, T, HEAD_DIM: tl.constexpr):
    """The (len(rows), HEAD_DIM) tile of one (batch, head) whose positions are `rows`; rows past T read as zero."""
    return tl.load(base + rows[:, None].to(tl.int64) * stride_t + tl.arange(0, HEAD_DIM)[None, :],
                   mask=(rows < T)[:, None], other=0.0)


# ----------------------------------------------------------------------------------------- forward

@triton.jit
def _forward_tiles(acc, l_i, m_i, q, k_base, v_base, stride_kt, stride_vt, offs_m, lo, hi, T, qk_scale,
                   MASK: tl.constexpr, CAUSAL: tl.constexpr, BLOCK_N: tl.constexpr, HEAD_DIM: tl.constexpr,
                   DOT_PRECISION: tl.constexpr):
    """Fold key tiles [lo, hi) into the running (acc, l, m) of one query tile."""
    offs_d = tl.arange(0, HEAD_DIM)
    for start_n in range(lo, hi, BLOCK_N):
        offs_n = start_n + tl.arange(0, BLOCK_N)
        kT_ptrs = k_base + offs_n[None, :].to(tl.int64) * stride_kt + offs_d[:, None]
        v_ptrs = v_base + offs_n[:, None].to(tl.int64) * stride_vt + offs_d[None, :]
        if MASK:
            in_range = offs_n < T
            kT = tl.load(kT_ptrs, mask=in_range[None, :], other=0.0)
            v = tl.load(v_ptrs, mask=in_range[:, None], other=0.0)
            s = tl.dot(q, kT, input_precision=DOT_PRECISION) * qk_scale
            keep = in_range[None, :]
            if CAUSAL:
                keep = keep & (offs_m[:, None] >= offs_n[None, :])
            s = tl.where(keep, s, float("-inf"))
        else:  # a full tile inside [0, T): no masks, so the loads can be pipelined freely
            kT = tl.load(kT_ptrs)
            v = tl.load(v_ptrs)
            s = tl.dot(q, kT, input_precision=DOT_PRECISION) * qk_scale
        m_new = tl.maximum(m_i, tl.max(s, 1))
        p = tl.math.exp2(s - m_new[:, None])
        alpha = tl.math.exp2(m_i - m_new)
        l_i = l_i * alpha + tl.sum(p, 1)
        acc = acc * alpha[:, None] + tl.dot(p.to(v.dtype), v, input_precision=DOT_PRECISION)
        m_i = m_new
    return acc, l_i, m_i


@triton.jit
def _attention_forward_kernel(Q, K, V, out, LSE, H, T, T_BUCKET, qk_scale,
                              sqb, sqh, sqt, skb, skh, skt, svb, svh, svt,
                              CAUSAL: tl.constexpr, BLOCK_M: tl.constexpr, BLOCK_N: tl.constexpr,
                              HEAD_DIM: tl.constexpr, DOT_PRECISION: tl.constexpr):
    tl.static_assert(BLOCK_M % BLOCK_N == 0)
    start_m = tl.program_id(0) * BLOCK_M
    bh = tl.program_id(1)
    b, h = (bh // H).to(tl.int64), (bh % H).to(tl.int64)
    offs_m = start_m + tl.arange(0, BLOCK_M)
    offs_d = tl.arange(0, HEAD_DIM)
    row_ok = offs_m < T
    q = _load_rows(Q + b * sqb + h * sqh, offs_m, sqt, T, HEAD_DIM)
    k_base, v_base = K + b * skb + h * skh, V + b * svb + h * svh
    m_i = tl.full([BLOCK_M], float("-inf"), dtype=tl.float32)
    l_i = tl.zeros([BLOCK_M], dtype=tl.float32)
    acc = tl.zeros([BLOCK_M, HEAD_DIM], dtype=tl.float32)
    if CAUSAL:
        # keys before this tile: all visible, no mask; then the diagonal tiles, masked
        acc, l_i, m_i = _forward_tiles(acc, l_i, m_i, q, k_base, v_base, skt, svt, offs_m, 0, start_m, T, qk_scale,
                                       False, CAUSAL, BLOCK_N, HEAD_DIM, DOT_PRECISION)
        acc, l_i, m_i = _forward_tiles(acc, l_i, m_i, q, k_base, v_base, skt, svt, offs_m, start_m,
                                       tl.minimum(start_m + BLOCK_M, T), T, qk_scale, True, CAUSAL, BLOCK_N, HEAD_DIM,
                                       DOT_PRECISION)
    else:
        full = (T // BLOCK_N) * BLOCK_N
        acc, l_i, m_i = _forward_tiles(acc, l_i, m_i, q, k_base, v_base, skt, svt, offs_m, 0, full, T, qk_scale,
                                       False, CAUSAL, BLOCK_N, HEAD_DIM, DOT_PRECISION)
        acc, l_i, m_i = _forward_tiles(acc, l_i, m_i, q, k_base, v_base, skt, svt, offs_m, full, T, T, qk_scale,
                                       True, CAUSAL, BLOCK_N, HEAD_DIM, DOT_PRECISION)
    o = acc / l_i[:, None]
    tl.store(out + bh.to(tl.int64) * T * HEAD_DIM + offs_m[:, None] * HEAD_DIM + offs_d[None, :],
             o.to(out.dtype.element_ty), mask=row_ok[:, None])
    tl.store(LSE + bh.to(tl.int64) * T + offs_m, m_i + tl.math.log2(l_i), mask=row_ok)


# ---------------------------------------------------------------------------------------- backward

@triton.jit
def _attention_delta_kernel(out, DO, DELTA, H, T, sdob, sdoh, sdot, BLOCK_M: tl.constexpr, HEAD_DIM: tl.constexpr):
    """δ_i = Σ_d dO_id · O_id, the softmax-backward row term."""
    bh = tl.program_id(1)
    b, h = (bh // H).to(tl.int64), (bh % H).to(tl.int64)
    offs_m = tl.program_id(0) * BLOCK_M + tl.arange(0, BLOCK_M)
    offs_d = tl.arange(0, HEAD_DIM)
    row_ok = offs_m < T
    o = tl.load(out + bh.to(tl.int64) * T * HEAD_DIM + offs_m[:, None] * HEAD_DIM + offs_d[None, :],
                mask=row_ok[:, None], other=0.0).to(tl.float32)
    do = _load_rows(DO + b * sdob + h * sdoh, offs_m, sdot, T, HEAD_DIM).to(tl.float32)
    tl.store(DELTA + bh.to(tl.int64) * T + offs_m, tl.sum(o * do, 1), mask=row_ok)


@triton.jit
def _dkdv_tiles(dk, dv, k, v, q_base, do_base, lse_base, delta_base, stride_qt, stride_dot, offs_n, lo, hi, T,
                qk_scale, MASK: tl.constexpr, BLOCK_M: tl.constexpr, HEAD_DIM: tl.constexpr,
                DOT_PRECISION: tl.constexpr):
    """Accumulate one key tile's dK, dV over query tiles [lo, hi). Works on transposed scores
    (keys × queries) so that dV = Pᵀ·dO and dK = dSᵀ·Q are plain dots."""
    for start_m in range(lo, hi, BLOCK_M):
        offs_m = start_m + tl.arange(0, BLOCK_M)
        row_ok = offs_m < T  # padded query rows load as zero (q, dO, lse, δ) and so contribute nothing
        q = _load_rows(q_base, offs_m, stride_qt, T, HEAD_DIM)
        do = _load_rows(do_base, offs_m, stride_dot, T, HEAD_DIM)
        lse = tl.load(lse_base + offs_m, mask=row_ok, other=0.0)
        delta = tl.load(delta_base + offs_m, mask=row_ok, other=0.0)
        sT = tl.dot(k, tl.trans(q), input_precision=DOT_PRECISION) * qk_scale
        pT = tl.math.exp2(sT - lse[None, :])
        if MASK:
            pT = tl.where(offs_m[None, :] >= offs_n[:, None], pT, 0.0)
        dv += tl.dot(pT.to(do.dtype), do, input_precision=DOT_PRECISION)
        dpT = tl.dot(v, tl.trans(do), input_precision=DOT_PRECISION)
        dsT = pT * (dpT - delta[None, :])
        dk += tl.dot(dsT.to(q.dtype), q, input_precision=DOT_PRECISION)
    return dk, dv


@triton.jit
def _attention_dkdv_kernel(Q, K, V, DO, LSE, DELTA, DK, DV, H, T, T_BUCKET, sm_scale, qk_scale,
                           sqb, sqh, sqt, skb, skh, skt, svb, svh, svt, sdob, sdoh, sdot,
                           CAUSAL: tl.constexpr, BLOCK_M: tl.constexpr, BLOCK_N: tl.constexpr,
                           HEAD_DIM: tl.constexpr, DOT_PRECISION: tl.constexpr):
    tl.static_assert(BLOCK_N % BLOCK_M == 0)
    start_n = tl.program_id(0) * BLOCK_N
    bh = tl.program_id(1)
    b, h = (bh // H).to(tl.int64), (bh % H).to(tl.int64)
    offs_n = start_n + tl.arange(0, BLOCK_N)
    offs_d = tl.arange(0, HEAD_DIM)
    key_ok = offs_n < T  # padded keys: computed on zeros and never stored
    k = _load_rows(K + b * skb + h * skh, offs_n, skt, T, HEAD_DIM)
    v = _load_rows(V + b * svb + h * svh, offs_n, svt, T, HEAD_DIM)
    q_base, do_base = Q + b * sqb + h * sqh, DO + b * sdob + h * sdoh
    lse_base, delta_base = LSE + bh.to(tl.int64) * T, DELTA + bh.to(tl.int64) * T
    dk = tl.zeros([BLOCK_N, HEAD_DIM], dtype=tl.float32)
    dv = tl.zeros([BLOCK_N, HEAD_DIM], dtype=tl.float32)
    if CAUSAL:
        # queries on this tile's diagonal see part of it (masked); later queries see all of it
        dk, dv = _dkdv_tiles(dk, dv, k, v, q_base, do_base, lse_base, delta_base, sqt, sdot, offs_n, start_n,
                             tl.minimum(start_n + BLOCK_N, T), T, qk_scale, True, BLOCK_M, HEAD_DIM, DOT_PRECISION)
        dk, dv = _dkdv_tiles(dk, dv, k, v, q_base, do_base, lse_base, delta_base, sqt, sdot, offs_n,
                             start_n + BLOCK_N, T, T, qk_scale, False, BLOCK_M, HEAD_DIM, DOT_PRECISION)
    else:
        dk, dv = _dkdv_tiles(dk, dv, k, v, q_base, do_base, lse_base, delta_base, sqt, sdot, offs_n, 0, T, T,
                             qk_scale, False, BLOCK_M, HEAD_DIM, DOT_PRECISION)
    out = bh.to(tl.int64) * T * HEAD_DIM + offs_n[:, None] * HEAD_DIM + offs_d[None, :]
    tl.store(DK + out, (dk * sm_scale).to(DK.dtype.element_ty), mask=key_ok[:, None])
    tl.store(DV + out, dv.to(DV.dtype.element_ty), mask=key_ok[:, None])


@triton.jit
def _dq_tiles(dq, q, do, lse, delta, k_base, v_base, stride_kt, stride_vt, offs_m, lo, hi, T, qk_scale,
              MASK: tl.constexpr, CAUSAL: tl.constexpr, BLOCK_N: tl.constexpr, HEAD_DIM: tl.constexpr,
              DOT_PRECISION: tl.constexpr):
    """Accumulate one query tile's dQ over key tiles [lo, hi)."""
    offs_d = tl.arange(0, HEAD_DIM)
    for start_n in range(lo, hi, BLOCK_N):
        offs_n = start_n + tl.arange(0, BLOCK_N)
        kT_ptrs = k_base + offs_n[None, :].to(tl.int64) * stride_kt + offs_d[:, None]
        vT_ptrs = v_base + offs_n[None, :].to(tl.int64) * stride_vt + offs_d[:, None]
        if MASK:
            in_range = offs_n < T
            kT = tl.load(kT_ptrs, mask=in_range[None, :], other=0.0)
            vT = tl.load(vT_ptrs, mask=in_range[None, :], other=0.0)
            p = tl.math.exp2(tl.dot(q, kT, input_precision=DOT_PRECISION) * qk_scale - lse[:, None])
            keep = in_range[None, :]
            if CAUSAL:
                keep = keep & (offs_m[:, None] >= offs_n[None, :])
            p = tl.where(keep, p, 0.0)
        else:  # a full tile inside [0, T)
            kT = tl.load(kT_ptrs)
            vT = tl.load(vT_ptrs)
            p = tl.math.exp2(tl.dot(q, kT, input_precision=DOT_PRECISION) * qk_scale - lse[:, None])
        dp = tl.dot(do, vT, input_precision=DOT_PRECISION)
        ds = p * (dp - delta[:, None])
        dq += tl.dot(ds.to(kT.dtype), tl.trans(kT), input_precision=DOT_PRECISION)
    return dq


@triton.jit
def _attention_dq_kernel(Q, K, V, DO, LSE, DELTA, DQ, H, T, T_BUCKET, sm_scale, qk_scale,
                         sqb, sqh, sqt, skb, skh, skt, svb, svh, svt, sdob, sdoh, sdot,
                         CAUSAL: tl.constexpr, BLOCK_M: tl.constexpr, BLOCK_N: tl.constexpr,
                         HEAD_DIM: tl.constexpr, DOT_PRECISION: tl.constexpr):
    tl.static_assert(BLOCK_M % BLOCK_N == 0)
    start_m = tl.program_id(0) * BLOCK_M
    bh = tl.program_id(1)
    b, h = (bh // H).to(tl.int64), (bh % H).to(tl.int64)
    offs_m = start_m + tl.arange(0, BLOCK_M)
    offs_d = tl.arange(0, HEAD_DIM)
    row_ok = offs_m < T
    q = _load_rows(Q + b * sqb + h * sqh, offs_m, sqt, T, HEAD_DIM)
    do = _load_rows(DO + b * sdob + h * sdoh, offs_m, sdot, T, HEAD_DIM)
    lse = tl.load(LSE + bh.to(tl.int64) * T + offs_m, mask=row_ok, other=0.0)
    delta = tl.load(DELTA + bh.to(tl.int64) * T + offs_m, mask=row_ok, other=0.0)
    k_base, v_base = K + b * skb + h * skh, V + b * svb + h * svh
    dq = tl.zeros([BLOCK_M, HEAD_DIM], dtype=tl.float32)
    if CAUSAL:
        dq = _dq_tiles(dq, q, do, lse, delta, k_base, v_base, skt, svt, offs_m, 0, start_m, T, qk_scale,
                       False, CAUSAL, BLOCK_N, HEAD_DIM, DOT_PRECISION)
        dq = _dq_tiles(dq, q, do, lse, delta, k_base, v_base, skt, svt, offs_m, start_m,
                       tl.minimum(start_m + BLOCK_M, T), T, qk_scale, True, CAUSAL, BLOCK_N, HEAD_DIM,
                       DOT_PRECISION)
    else:
        full = (T // BLOCK_N) * BLOCK_N
        dq = _dq_tiles(dq, q, do, lse, delta, k_base, v_base, skt, svt, offs_m, 0, full, T, qk_scale,
                       False, CAUSAL, BLOCK_N, HEAD_DIM, DOT_PRECISION)
        dq = _dq_tiles(dq, q, do, lse, delta, k_base, v_base, skt, svt, offs_m, full, T, T, qk_scale,
                       True, CAUSAL, BLOCK_N, HEAD_DIM, DOT_PRECISION)
    tl.store(DQ + bh.to(tl.int64) * T * HEAD_DIM + offs_m[:, None] * HEAD_DIM + offs_d[None, :],
             (dq * sm_scale).to(DQ.dtype.element_ty), mask=row_ok[:, None])


# ------------------------------------------------------------------------------------------ launch

def _cuda_configs(pairs, stages=(3,), warps=(4, 8)):
    return [triton.Config({"BLOCK_M": m, "BLOCK_N": n}, num_warps=w, num_stages=s)
            for m, n in pairs for w in warps for s in stages]


# Tuned per power-of-two bucket of T (T_BUCKET, unused in the kernels' bodies), not per T: instruction
# tuning's length-bucketed batches bring hundreds of distinct lengths, and each new key costs a
# benchmark of every config.
_KEY = ["T_BUCKET", "HEAD_DIM", "CAUSAL"]
# the forward and dQ want tall query tiles (BLOCK_M % BLOCK_N == 0), dK/dV wide key tiles (BLOCK_N % BLOCK_M == 0)
_forward_tuned = triton.autotune(_cuda_configs([(128, 64), (128, 32), (64, 64), (64, 32)], stages=(2, 3, 4)),
                                 key=_KEY)(_attention_forward_kernel)
_dkdv_tuned = triton.autotune(_cuda_configs([(32, 128), (64, 128), (32, 64), (64, 64)], stages=(2, 3)),
                              key=_KEY)(_attention_dkdv_kernel)
_dq_tuned = triton.autotune(_cuda_configs([(128, 32), (128, 64), (64, 32), (64, 64)], stages=(2, 3)),
                            key=_KEY)(_attention_dq_kernel)

# The interpreter runs programs one by one on numpy: small tiles keep tests fast and exercise the
# multi-tile loops, diagonal masks and ragged tails at short T.
_INTERPRETER_TILES = {"forward": (32, 16), "dkdv": (16, 32), "dq": (32, 16)}


def _launch(kernel, tuned, name: str, T: int, BH: int, *args, **meta) -> None:
    """Run one attention kernel over (T / tile, B·H) programs: autotuned tiles on a GPU, fixed small
    tiles in the interpreter. The dK/dV kernel tiles T by its key block, the others by their query block."""
    tile = "BLOCK_N" if name == "dkdv" else "BLOCK_M"
    if interpreting():
        block_m, block_n = _INTERPRETER_TILES[name]
        blocks = {"BLOCK_M": block_m, "BLOCK_N": block_n}
        kernel[(triton.cdiv(T, blocks[tile]), BH)](*args, **blocks, **meta)
    else:
        tuned[lambda config: (triton.cdiv(T, config[tile]), BH)](*args, **meta)


def _dot_precision(x: torch.Tensor) -> str:
    """fp32 inputs get true fp32 dots (a GPU would default to TF32, silently losing 13 mantissa
    bits against the reference); fp16/bf16 dots are exact products with fp32 accumulation anyway."""
    return "ieee" if x.dtype == torch.float32 else "tf32"


def _strides(x: torch.Tensor) -> tuple[int, int, int]:
    return x.stride(0), x.stride(1), x.stride(2)


def _last_dim_contiguous(x: torch.Tensor) -> torch.Tensor:
    return x if x.stride(-1) == 1 else x.contiguous()


class AttentionFunction(torch.autograd.Function):
    @staticmethod
    def forward(ctx, q: torch.Tensor, k: torch.Tensor, v: torch.Tensor, causal: bool) -> torch.Tensor:
        q, k, v = (_last_dim_contiguous(x) for x in (q, k, v))
        B, H, T, D = q.shape
        o = torch.empty(B, H, T, D, dtype=q.dtype, device=q.device)
        lse = torch.empty(B * H, T, dtype=torch.float32, device=q.device)
        sm_scale = 1.0 / math.sqrt(D)
        _launch(_attention_forward_kernel, _forward_tuned, "forward", T, B * H, q, k, v, o, lse, H, T,
                triton.next_power_of_2(T), sm_scale * LOG2E,
                *_strides(q), *_strides(k), *_strides(v), CAUSAL=causal, HEAD_DIM=D,
                DOT_PRECISION=_dot_precision(q))
        ctx.save_for_backward(q, k, v, o, lse)
        ctx.causal = causal
        return o

    @staticmethod
    def backward(ctx, do: torch.Tensor):
        q, k, v, o, lse = ctx.saved_tensors
        do = _last_dim_contiguous(do)
        B, H, T, D = q.shape
        sm_scale = 1.0 / math.sqrt(D)
        delta = torch.empty_like(lse)
        block = 64 if not interpreting() else 32
        _attention_delta_kernel[(triton.cdiv(T, block), B * H)](o, do, delta, H, T, *_strides(do),
                                                                  BLOCK_M=block, HEAD_DIM=D)
        dq, dk, dv = (torch.empty(B, H, T, D, dtype=x.dtype, device=x.device) for x in (q, k, v))
        common = (H, T, triton.next_power_of_2(T), sm_scale, sm_scale * LOG2E, *_strides(q), *_strides(k), *_strides(v),
                  *_strides(do))
        _launch(_attention_dkdv_kernel, _dkdv_tuned, "dkdv", T, B * H, q, k, v, do, lse, delta, dk, dv, *common,
                CAUSAL=ctx.causal, HEAD_DIM=D, DOT_PRECISION=_dot_precision(q))
        _launch(_attention_dq_kernel, _dq_tuned, "dq", T, B * H, q, k, v, do, lse, delta, dq, *common,
                CAUSAL=ctx.causal, HEAD_DIM=D, DOT_PRECISION=_dot_precision(q))
        return dq, dk, dv, None


def attention_triton(q: torch.Tensor, k: torch.Tensor, v: torch.Tensor, causal: bool = True) -> torch.Tensor:
    return AttentionFunction.apply(q, k, v, causal)


def _unsupported(q: torch.Tensor, k: torch.Tensor, v: torch.Tensor) -> str | None:
    if not (q.dim() == 4 and q.shape == k.shape == v.shape):
        return f"q, k, v must share one (B, H, T, D) shape, got {tuple(q.shape)}, {tuple(k.shape)}, {tuple(v.shape)}"
    if not q.dtype == k.dtype == v.dtype:
        return "q, k, v differ in dtype"
    if q.shape[-1] not in HEAD_DIMS:
        return f"head dim {q.shape[-1]} is not one of {HEAD_DIMS}"
    return None


def attention(q: torch.Tensor, k: torch.Tensor, v: torch.Tensor, causal: bool = True,
              mask: torch.Tensor | None = None) -> torch.Tensor:
    if mask is None and use_triton("attention", q, _unsupported(q, k, v)):
        return attention_triton(q, k, v, causal)
    if mask is None and not q.is_cuda and torch.compiler.is_compiling():
        return attention_unfused(q, k, v, causal)
    return attention_reference(q, k, v, causal=causal, mask=mask)
