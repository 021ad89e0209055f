"""The start-up check behind `kernels=auto` (kernels/selfcheck.py): on this GPU-less machine the
kernels run in Triton's interpreter on CPU tensors (fp32), which is enough to check the check —
every real kernel passes, and an injected wrong or broken one is caught and taken out of `auto`."""
from __future__ import annotations

from types import SimpleNamespace

import pytest
import torch

import kernels.selfcheck as selfcheck
from kernels.dispatch import fall_back, fallen_back, use_triton
from kernels.swiglu import swiglu_triton
from train.speed import select_kernels

CPU = torch.device("cpu")
ON_CUDA = SimpleNamespace(is_cuda=True, device=torch.device("cuda"))  # what dispatch reads of a CUDA tensor


@pytest.fixture(autouse=True)
def no_fallbacks_left_behind():
    yield
    fall_back({})


@pytest.mark.slow
def test_every_kernel_passes_against_its_reference():
    assert selfcheck.check_kernels(CPU, torch.float32) == {op: "ok" for op in selfcheck.CASES}


@pytest.mark.slow
def test_a_kernel_returning_wrong_values_falls_back_and_the_others_stay(monkeypatch, capsys):
    def wrong_swiglu(gate, up):  # right shape and dtype, one value off by a little more than the bound allows
        out = swiglu_triton(gate, up)
        return out + (torch.arange(out.numel()).view_as(out) == 5) * 1e-3 * out.detach().abs().max()

    monkeypatch.setitem(selfcheck.CASES, "swiglu", selfcheck.CASES["swiglu"]._replace(kernel=wrong_swiglu))
    checked = select_kernels(CPU, torch.float32)
    assert checked["swiglu"].startswith("off by 1.0e-03 of the reference's scale (bound 2e-05)")
    assert all(why == "ok" for op, why in checked.items() if op != "swiglu")
    assert list(fallen_back()) == ["swiglu"]
    assert capsys.readouterr().out.strip() == ("kernels: swiglu fell back to the PyTorch reference "
                                               f"({checked['swiglu']})")
    assert not use_triton("swiglu", ON_CUDA) and use_triton("rms_norm", ON_CUDA)


def test_wrong_gradients_and_kernels_that_fail_to_run_fall_back_too(monkeypatch):
    rms_norm = selfcheck.CASES["rms_norm"].kernel

    def detached_rms_norm(x, w):  # right forward, but no gradient reaches the weight
        return rms_norm(x, w.detach())

    def broken_rope(x, cos, sin):
        raise RuntimeError("PTX assembly aborted\nsecond line")

    monkeypatch.setitem(selfcheck.CASES, "rms_norm", selfcheck.CASES["rms_norm"]._replace(kernel=detached_rms_norm))
    monkeypatch.setitem(selfcheck.CASES, "apply_rope", selfcheck.CASES["apply_rope"]._replace(kernel=broken_rope))
    checked = select_kernels(CPU, torch.float32)
    assert checked["rms_norm"] == "off by inf of the reference's scale (bound 2e-05)"
    assert checked["apply_rope"] == "RuntimeError: PTX assembly aborted"
    assert set(fallen_back()) == {"rms_norm", "apply_rope"}


@pytest.mark.slow
def test_a_clean_check_clears_an_earlier_fallback():
    fall_back({"attention": "off"})
    assert not use_triton("attention", ON_CUDA)
    select_kernels(CPU, torch.float32)
    assert fallen_back() == {} and use_triton("attention", ON_CUDA)
