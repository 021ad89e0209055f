"""Each Triton kernel against its PyTorch reference: the output and every gradient, on small shapes
that are ragged on purpose (T not a multiple of any tile, widths not powers of two, batch and heads
> 1). Without a GPU the kernels run in Triton's interpreter on CPU tensors (kernels/__init__.py
selects it when there is no CUDA), in fp32 and fp16 — the interpreter's bf16 dots and reductions are wrong
(triton#11584, #11604). On a GPU the same tests run on CUDA tensors, bf16 included.

The oracle is the reference run in float64 on the same (already rounded) inputs. Errors are measured
as max |ours − oracle| / max |oracle| — relative to the tensor's scale, so one tolerance means the
same for a loss of 5 and a gradient of 0.01 — and each tolerance is stated per dtype below.
"""
from __future__ import annotations

import importlib

import pytest
import torch

import kernels
from kernels.attention import attention_reference, attention_triton
from kernels.cross_entropy import linear_cross_entropy_reference, linear_cross_entropy_triton
from kernels.rms_norm import add_rms_norm_reference, add_rms_norm_triton, rms_norm_reference, rms_norm_triton
from kernels.rope import apply_rope_reference, apply_rope_triton, rope_tables
from kernels.swiglu import swiglu_reference, swiglu_triton

DEVICE = torch.device("cuda" if torch.cuda.is_available() else "cpu")
DTYPES = [torch.float32, torch.float16] + ([torch.bfloat16] if DEVICE.type == "cuda" else [])
LOW_PRECISION = {torch.float16: "fp16", torch.bfloat16: "bf16"}


def dtype_key(dtype: torch.dtype) -> str:
    return "fp32" if dtype == torch.float32 else LOW_PRECISION[dtype]


def assert_relative_close(actual: torch.Tensor, expected: torch.Tensor, tol: float, what: str) -> None:
    assert actual.shape == expected.shape, f"{what}: shape {tuple(actual.shape)} != {tuple(expected.shape)}"
    scale = expected.abs().max().clamp_min(1e-30)
    err = ((actual.double() - expected).abs().max() / scale).item()
    assert err <= tol, f"{what}: relative error {err:.2e} > {tol:.1e}"


def run_both(triton_fn, reference_fn, inputs: list[torch.Tensor], grad_mask: list[bool] | None = None, **kwargs):
    """Outputs and gradients of the kernel (on `inputs`) and of the reference in float64."""
    grad_mask = grad_mask or [True] * len(inputs)
    ours = [x.detach().clone().requires_grad_(g) for x, g in zip(inputs, grad_mask)]
    oracle = [(x.detach().double() if x.is_floating_point() else x).requires_grad_(g)
              for x, g in zip(inputs, grad_mask)]
    out = triton_fn(*ours, **kwargs)
    ref = reference_fn(*oracle, **kwargs)
    grad_out = torch.randn(out.shape, generator=torch.Generator().manual_seed(1)).to(DEVICE, out.dtype)
    out.backward(grad_out)
    ref.backward(grad_out.double())  # the same rounded values: the oracle sees exactly our inputs
    grads = [(x.grad, r.grad) for x, r, g in zip(ours, oracle, grad_mask) if g]
    return (out, ref), grads


def randn(*shape, dtype=torch.float32, scale=1.0, seed=0) -> torch.Tensor:
    g = torch.Generator().manual_seed(seed)
    return (torch.randn(*shape, generator=g) * scale).to(DEVICE, dtype)


# ------------------------------------------------------------------------------------------ attention

# fp32 (IEEE dots, also on a GPU): sums of T products, a few fp32 ulp (observed ≤ 5e-7); fp16/bf16:
# P is rounded to the input dtype before P·V, as in FlashAttention, so about one ulp of the dtype.
ATTENTION_TOL = {"fp32": 2e-6, "fp16": 2e-3, "bf16": 1.6e-2}


@pytest.mark.parametrize("dtype", DTYPES, ids=str)
@pytest.mark.parametrize("causal", [True, False], ids=["causal", "full"])
@pytest.mark.parametrize("shape", [(2, 3, 40, 32), (1, 2, 17, 16), (2, 2, 64, 64), (1, 1, 1, 32), (1, 2, 33, 128)],
                         ids=lambda s: "x".join(map(str, s)))
def test_attention_matches_reference(shape, causal, dtype):
    q, k, v = (randn(*shape, dtype=dtype, seed=i) for i in range(3))
    (out, ref), grads = run_both(attention_triton, attention_reference, [q, k, v], causal=causal)
    tol = ATTENTION_TOL[dtype_key(dtype)]
    assert out.dtype == dtype
    assert_relative_close(out, ref, tol, "output")
    for name, (g, r) in zip("qkv", grads):
        assert g.dtype == dtype
        if shape[2] == 1 and name in "qk":  # a single key: the softmax is constant, dq = dk = 0 exactly
            assert g.abs().max() <= tol, f"d{name} should be zero"
        else:
            assert_relative_close(g, r, tol, f"d{name}")


def test_attention_reads_strided_qkv_views_of_the_fused_projection():
    B, T, H, D = 2, 29, 3, 32
    qkv = randn(B, T, 3, H, D).requires_grad_()
    q, k, v = qkv.permute(2, 0, 3, 1, 4)  # how the model hands them over: non-contiguous views
    (out, ref), grads = run_both(attention_triton, attention_reference, [q, k, v])
    assert_relative_close(out, ref, ATTENTION_TOL[dtype_key(torch.float32)], "output")


def test_attention_backward_saves_no_score_matrix():
    """The backward recomputes P from the saved log-sum-exp: nothing of size T×T per head is kept."""
    B, H, T, D = 1, 2, 96, 16
    saved: list[torch.Size] = []
    q, k, v = (randn(B, H, T, D, seed=i).requires_grad_() for i in range(3))
    with torch.autograd.graph.saved_tensors_hooks(lambda t: saved.append(t.shape) or t, lambda t: t):
        out = attention_triton(q, k, v)
    assert saved, "the kernel saved nothing for its backward"
    assert max(s.numel() for s in saved) <= B * H * T * D < B * H * T * T
    out.sum().backward()
    assert q.grad is not None and torch.isfinite(q.grad).all()


# ------------------------------------------------------------------------------------------ RMSNorm

# One rounding of the output to the dtype (½ ulp) plus fp32 arithmetic; dW sums over rows in fp32.
ELEMENTWISE_TOL = {"fp32": 1e-6, "fp16": 1e-3, "bf16": 8e-3}


@pytest.mark.parametrize("dtype", DTYPES, ids=str)
@pytest.mark.parametrize("shape", [(3, 37, 100), (2, 5, 128), (1, 1, 64)], ids=lambda s: "x".join(map(str, s)))
def test_rms_norm_matches_reference(shape, dtype):
    x = randn(*shape, dtype=dtype, scale=3.0)
    w = (torch.rand(shape[-1], generator=torch.Generator().manual_seed(5)) + 0.5).to(DEVICE)  # fp32, as in the model
    (out, ref), (dx, dw) = run_both(rms_norm_triton, rms_norm_reference, [x, w], eps=1e-5)
    tol = ELEMENTWISE_TOL[dtype_key(dtype)]
    assert out.dtype == dtype
    assert_relative_close(out, ref, tol, "output")
    assert_relative_close(dx[0], dx[1], tol, "dx")
    assert dw[0].dtype == torch.float32
    assert_relative_close(dw[0], dw[1], ELEMENTWISE_TOL["fp32"] * 4, "dweight")  # fp32 sum over ≤ 111 rows


@pytest.mark.parametrize("dtype", DTYPES, ids=str)
def test_add_rms_norm_matches_reference_with_both_outputs_used(dtype):
    """The fused residual add: x in the activation dtype, the residual stream in fp32 (as under
    autocast); both outputs feed the loss, so dx gets the norm's gradient plus the stream's own."""
    x = randn(2, 19, 100, dtype=dtype, scale=2.0)
    residual = randn(2, 19, 100, seed=3)  # fp32
    w = (torch.rand(100, generator=torch.Generator().manual_seed(5)) + 0.5).to(DEVICE)

    def both(fn):
        def run(x, residual, w):
            normed, summed = fn(x, residual, w, 1e-5)
            return torch.cat([normed.float(), summed.float() * 0.5], dim=-1)  # one output, both used
        return run
    (out, ref), (dx, dres, dw) = run_both(both(add_rms_norm_triton), both(add_rms_norm_reference), [x, residual, w])
    tol = ELEMENTWISE_TOL["fp32"]  # the sum is fp32 (promoted) and so is everything after it
    assert_relative_close(out, ref, tol, "normed and summed")
    assert dx[0].dtype == dtype and dres[0].dtype == torch.float32
    assert_relative_close(dx[0], dx[1], ELEMENTWISE_TOL[dtype_key(dtype)], "dx")
    assert_relative_close(dres[0], dres[1], tol, "dresidual")
    assert_relative_close(dw[0], dw[1], tol * 4, "dweight")


# ------------------------------------------------------------------------------------------- RoPE

@pytest.mark.parametrize("dtype", DTYPES, ids=str)
def test_rope_matches_reference_on_strided_q(dtype):
    B, T, H, D = 2, 37, 3, 32
    cos, sin = (t[:T].to(DEVICE) for t in rope_tables(D, 64, 10000.0))
    q = randn(B, T, 3, H, D, dtype=dtype).permute(2, 0, 3, 1, 4)[0]  # a strided view, as in the model
    (out, ref), [(dq, dq_ref)] = run_both(apply_rope_triton, apply_rope_reference, [q, cos, sin],
                                          grad_mask=[True, False, False])
    tol = ELEMENTWISE_TOL[dtype_key(dtype)]
    assert out.dtype == dtype
    assert_relative_close(out, ref, tol, "output")
    assert_relative_close(dq, dq_ref, tol, "dq")


def test_rope_matches_reference_with_per_row_decode_positions():
    """Decoding from a KV cache rotates each row at its own positions: cos/sin are (B, 1, T, D/2)."""
    cos, sin = (t.to(DEVICE) for t in rope_tables(32, 64, 10000.0))
    positions = torch.tensor([[3, 4, 5], [10, 11, 12]], device=DEVICE)
    c, s = cos[positions].unsqueeze(1), sin[positions].unsqueeze(1)
    x = randn(2, 4, 3, 32)
    (out, ref), [(dx, dx_ref)] = run_both(apply_rope_triton, apply_rope_reference, [x, c, s],
                                          grad_mask=[True, False, False])
    assert_relative_close(out, ref, ELEMENTWISE_TOL["fp32"], "output")
    assert_relative_close(dx, dx_ref, ELEMENTWISE_TOL["fp32"], "dx")


# ------------------------------------------------------------------------------------------ SwiGLU

@pytest.mark.parametrize("dtype", DTYPES, ids=str)
@pytest.mark.parametrize("shape", [(5, 33, 77), (2, 1024), (3,)], ids=lambda s: "x".join(map(str, s)))
def test_swiglu_matches_reference(shape, dtype):
    gate, up = randn(*shape, dtype=dtype, scale=3.0, seed=0), randn(*shape, dtype=dtype, seed=1)
    (out, ref), grads = run_both(swiglu_triton, swiglu_reference, [gate, up])
    tol = ELEMENTWISE_TOL[dtype_key(dtype)]
    assert out.dtype == dtype
    assert_relative_close(out, ref, tol, "output")
    for name, (g, r) in zip(("dgate", "dup"), grads):
        assert_relative_close(g, r, tol, name)


# ---------------------------------------------------------------------------------- cross-entropy

# The loss and dZ are computed in fp32 from logits in the compute dtype; the oracle's logits are
# exact, so fp16/bf16 differ by the logits' rounding (≤ ½ ulp each) plus the dZ·W, dZᵀ·h matmuls.
CROSS_ENTROPY_TOL = {"fp32": 2e-6, "fp16": 2e-3, "bf16": 1.6e-2}


@pytest.mark.parametrize("dtype", DTYPES, ids=str)
@pytest.mark.parametrize("smoothing", [0.0, 0.1], ids=["plain", "smoothed"])
def test_linear_cross_entropy_matches_reference(smoothing, dtype):
    h = randn(3, 23, 48, dtype=dtype)
    w = randn(300, 48, dtype=dtype, scale=0.2, seed=1)  # vocab 300: ragged against every tile
    targets = torch.randint(0, 300, (3, 23), generator=torch.Generator().manual_seed(2)).to(DEVICE)
    targets[0, :7] = -100  # prompt tokens masked out, as in instruction tuning
    targets[2, -1] = -100
    (loss, ref), [(dh, dh_ref), (dw, dw_ref)] = run_both(linear_cross_entropy_triton, linear_cross_entropy_reference,
                                                         [h, w, targets], grad_mask=[True, True, False],
                                                         label_smoothing=smoothing)
    tol = CROSS_ENTROPY_TOL[dtype_key(dtype)]
    assert loss.dtype == torch.float32 and loss.shape == ()
    assert_relative_close(loss, ref, tol, "loss")
    assert dh.dtype == dtype and dw.dtype == dtype
    assert_relative_close(dh, dh_ref, tol, "dh")
    assert_relative_close(dw, dw_ref, tol, "dweight")


@pytest.mark.slow
def test_linear_cross_entropy_chunks_rows_and_skips_unneeded_gradients():
    """Many chunks (rows ≫ chunk size), a frozen head (LoRA) and no-grad evaluation."""
    h = randn(600, 16)
    w = randn(40, 16, seed=1)  # chunk = max(16, next_pow2(600 / ⌈40/16⌉)) = 256 rows → 3 chunks
    targets = torch.randint(0, 40, (600,), generator=torch.Generator().manual_seed(2)).to(DEVICE)
    (loss, ref), [(dh, dh_ref)] = run_both(linear_cross_entropy_triton, linear_cross_entropy_reference,
                                           [h, w, targets], grad_mask=[True, False, False])
    assert_relative_close(loss, ref, CROSS_ENTROPY_TOL[dtype_key(torch.float32)], "loss")
    assert_relative_close(dh, dh_ref, CROSS_ENTROPY_TOL[dtype_key(torch.float32)], "dh")
    with torch.no_grad():
        no_grad = linear_cross_entropy_triton(h, w, targets)
    assert not no_grad.requires_grad
    assert_relative_close(no_grad, ref, CROSS_ENTROPY_TOL[dtype_key(torch.float32)], "no-grad loss")


# -------------------------------------------------------------------------------------- dispatch

@pytest.fixture
def env_backend():
    """Each dispatch test starts from the environment's choice, not one an earlier test set in code."""
    kernels.set_backend(None)
    yield
    kernels.set_backend(None)


def test_dispatch_auto_takes_the_reference_for_cpu_tensors_and_forcing_switches_paths(monkeypatch, env_backend):
    module = importlib.import_module("kernels.swiglu")  # `kernels.swiglu` the attribute is the function
    calls = []
    monkeypatch.setattr(module, "swiglu_triton", lambda g, u: calls.append("triton") or swiglu_reference(g, u))
    monkeypatch.delenv("CODETRAINER_KERNELS", raising=False)
    kernels.swiglu(torch.randn(4), torch.randn(4))
    assert calls == []  # auto: CPU tensors take the reference
    g, u = torch.randn(4, device=DEVICE), torch.randn(4, device=DEVICE)  # forcing needs CUDA or the interpreter
    with kernels.backend("triton"):
        kernels.swiglu(g, u)
    assert calls == ["triton"]
    monkeypatch.setenv("CODETRAINER_KERNELS", "triton")
    kernels.swiglu(g, u)
    assert calls == ["triton", "triton"]
    with kernels.backend("reference"):  # code beats the environment
        kernels.swiglu(g, u)
    assert calls == ["triton", "triton"]


def test_dispatch_rejects_unknown_backends_and_unsupported_forced_calls(monkeypatch, env_backend):
    monkeypatch.setenv("CODETRAINER_KERNELS", "fast")
    with pytest.raises(ValueError, match="CODETRAINER_KERNELS: unknown kernel backend 'fast'"):
        kernels.swiglu(torch.randn(3), torch.randn(3))
    with pytest.raises(ValueError, match="unknown kernel backend"):
        kernels.set_backend("cuda")
    q = torch.randn(1, 1, 8, 48)  # head dim 48 has no kernel
    with kernels.backend("triton"), pytest.raises(ValueError, match="head dim 48"):
        kernels.attention(q, q, q)
    with kernels.backend("auto"):  # auto falls back instead
        torch.testing.assert_close(kernels.attention(q, q, q), attention_reference(q, q, q))
