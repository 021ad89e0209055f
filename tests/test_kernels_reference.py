"""The PyTorch references in kernels/ — the oracles the Triton kernels will be tested against —
checked against first principles."""
import math

import torch

import kernels
from kernels.attention import attention_unfused


def test_attention_equals_explicit_softmax_with_causal_and_explicit_mask():
    torch.manual_seed(0)
    q, k, v = (torch.randn(2, 3, 9, 16, dtype=torch.float64) for _ in range(3))
    scores = q @ k.transpose(-1, -2) / math.sqrt(16)
    causal = torch.ones(9, 9, dtype=torch.bool).tril()
    expected = scores.masked_fill(~causal, float("-inf")).softmax(-1) @ v
    torch.testing.assert_close(kernels.attention(q, k, v, causal=True), expected, rtol=1e-12, atol=1e-12)
    torch.testing.assert_close(kernels.attention(q, k, v, causal=False, mask=causal[None, None]), expected,
                               rtol=1e-12, atol=1e-12)


def test_the_written_out_attention_of_compiled_cpu_graphs_matches_sdpa_forward_and_backward():
    """attention_unfused (what a compiled graph on the CPU runs) against SDPA, in float64 (exact to
    rounding: 1e-12) and in bf16 as autocast feeds it (its softmax runs in fp32, then rounds to bf16:
    within 2 bf16 ulps of the scale, 1.6e-2)."""
    for dtype, tol in ((torch.float64, 1e-12), (torch.bfloat16, 1.6e-2)):
        torch.manual_seed(0)
        inputs = [torch.randn(2, 3, 37, 16, dtype=torch.float64) for _ in range(3)]
        ours = [x.to(dtype).requires_grad_() for x in inputs]
        ref = [x.to(dtype).double().requires_grad_() for x in inputs]
        out = attention_unfused(*ours, causal=True)
        expected = kernels.attention(*ref, causal=True)
        grad = torch.randn(out.shape, dtype=torch.float64)
        out.backward(grad.to(dtype))
        expected.backward(grad.to(dtype).double())
        for a, b in [(out, expected)] + [(x.grad, r.grad) for x, r in zip(ours, ref)]:
            assert ((a.double() - b).abs().max() / b.abs().max()).item() <= tol


def test_rms_norm_normalizes_to_unit_rms_then_scales():
    x = torch.randn(4, 7, 32) * 5
    w = torch.rand(32) + 0.5
    y = kernels.rms_norm(x, w, eps=0.0)
    torch.testing.assert_close((y / w).pow(2).mean(-1), torch.ones(4, 7), rtol=1e-5, atol=1e-5)


def test_rope_preserves_norm_and_depends_only_on_relative_position():
    cos, sin = kernels.rope_tables(16, 64, 10000.0)
    q, k = torch.randn(1, 1, 1, 16), torch.randn(1, 1, 1, 16)
    rot = lambda x, pos: kernels.apply_rope(x, cos[pos:pos + 1], sin[pos:pos + 1])  # noqa: E731
    # the rotation runs in fp32: a few ulp of error
    torch.testing.assert_close(rot(q, 11).norm(), q.norm(), rtol=1e-6, atol=1e-6)
    # ⟨R(m)q, R(n)k⟩ depends on m − n only
    a = (rot(q, 5) * rot(k, 2)).sum()
    b = (rot(q, 40) * rot(k, 37)).sum()
    torch.testing.assert_close(a, b, rtol=1e-5, atol=1e-5)  # fp32 angles at positions ≤ 40
    torch.testing.assert_close(rot(q, 0), q)  # position 0 is the identity


def test_swiglu_is_silu_gate_times_up():
    g, u = torch.randn(5, 8), torch.randn(5, 8)
    torch.testing.assert_close(kernels.swiglu(g, u), g * torch.sigmoid(g) * u)


def test_linear_cross_entropy_ignores_masked_targets_and_smooths_labels():
    torch.manual_seed(0)
    h, w = torch.randn(2, 6, 8, dtype=torch.float64), torch.randn(11, 8, dtype=torch.float64)
    targets = torch.randint(0, 11, (2, 6))
    targets[0, :3] = -100
    keep = targets != -100
    logp = (h @ w.t()).log_softmax(-1)[keep]
    nll = -logp.gather(-1, targets[keep][:, None]).squeeze(-1)
    torch.testing.assert_close(kernels.linear_cross_entropy(h, w, targets), nll.mean().float(), rtol=1e-6, atol=1e-6)
    eps = 0.1
    smoothed = ((1 - eps) * nll - eps * logp.mean(-1)).mean()
    torch.testing.assert_close(kernels.linear_cross_entropy(h, w, targets, label_smoothing=eps), smoothed.float(),
                               rtol=1e-6, atol=1e-6)
