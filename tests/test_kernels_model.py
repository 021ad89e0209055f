"""The whole model with the Triton kernels on and off (forced through `kernels.backend`): the same
loss and parameter gradients, the same greedy generations through the KV cache, and — the
convergence test — the same loss curve over a few dozen AdamW steps. Without a GPU the kernels run
in Triton's interpreter in fp32 (see tests/test_kernels_triton.py)."""
from __future__ import annotations

import pytest
import torch

import kernels
from model.config import ModelConfig
from model.generate import SamplingConfig, generate_ids
from model.model import Transformer

DEVICE = torch.device("cuda" if torch.cuda.is_available() else "cpu")
# head dim 32; T = 37 is ragged against every tile; vocab 96
CONFIG = ModelConfig(vocab_size=96, n_layer=2, n_head=2, d_model=64, d_mlp=160, max_seq_len=64)


def make_model(seed: int = 0) -> Transformer:
    torch.manual_seed(seed)
    return Transformer(CONFIG).to(DEVICE)


def batch(seed: int, B: int = 2, T: int = 37) -> tuple[torch.Tensor, torch.Tensor]:
    g = torch.Generator().manual_seed(seed)
    idx = torch.randint(0, CONFIG.vocab_size, (B, T + 1), generator=g)
    return idx[:, :-1].to(DEVICE), idx[:, 1:].clone().to(DEVICE)


def loss_and_grads(model: Transformer, backend: str, idx, targets, **kwargs):
    model.zero_grad(set_to_none=True)
    with kernels.backend(backend):
        loss = model(idx, targets, **kwargs)
    loss.backward()
    return loss.item(), {name: p.grad.clone() for name, p in model.named_parameters()}


def test_model_loss_and_every_gradient_agree_with_kernels_on_and_off():
    model = make_model()
    idx, targets = batch(0)
    targets[0, :9] = -100  # a masked prompt, as in instruction tuning
    ref_loss, ref_grads = loss_and_grads(model, "reference", idx, targets, label_smoothing=0.1)
    loss, grads = loss_and_grads(model, "triton", idx, targets, label_smoothing=0.1)
    # fp32 throughout: the two paths differ only in summation order (observed ≤ 1e-6 relative)
    assert abs(loss - ref_loss) <= 1e-6 * abs(ref_loss)
    for name, g in grads.items():
        r = ref_grads[name]
        err = ((g - r).abs().max() / r.abs().max()).item()
        assert err <= 1e-5, f"{name}: relative gradient error {err:.1e}"


def test_greedy_generation_is_identical_with_kernels_on_and_off():
    """Prefill runs the causal kernels; each decoding step runs RoPE's kernel at per-row positions
    (attention against the cache takes the reference: it has an explicit mask)."""
    model = make_model().eval()
    prompts = [[5, 17, 3, 44, 9, 12, 80], [7, 7, 1]]
    cfg = SamplingConfig(max_new_tokens=12, temperature=0.0)
    with kernels.backend("reference"):
        expected = generate_ids(model, prompts, cfg)
    with kernels.backend("triton"):
        assert generate_ids(model, prompts, cfg) == expected


def train_curve(backend: str, steps: int) -> list[float]:
    model = make_model(seed=1)
    opt = torch.optim.AdamW(model.parameters(), lr=3e-3, weight_decay=0.1)
    idx, targets = batch(seed=2, B=1, T=24)  # one fixed sequence: the model can memorize it
    losses = []
    with kernels.backend(backend):
        for _ in range(steps):
            loss = model(idx, targets)
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            losses.append(loss.item())
    return losses


@pytest.mark.slow
def test_convergence_is_the_same_with_kernels_on_and_off():
    steps = 24
    reference = train_curve("reference", steps)
    ours = train_curve("triton", steps)
    assert reference[-1] < 0.5 * reference[0]  # the run actually learns (ln 96 ≈ 4.56 at the start)
    # fp32 in both paths; Adam's normalized steps carry the ~1e-7 per-step rounding differences along
    # without amplifying them much (observed ≤ 5e-7 over 24 steps)
    for step, (a, b) in enumerate(zip(ours, reference)):
        assert abs(a - b) <= 1e-5 * max(1.0, abs(b)), f"step {step}: {a:.6f} vs {b:.6f}"
