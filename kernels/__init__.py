"""Kernels: one dispatch function per hot op of the model.

Every op has a pure-PyTorch reference beside it (`*_reference`), which is what the model runs on
the CPU and what a Triton kernel is tested against. The Triton kernels for CUDA tensors come with
the kernels issue and plug in behind these same functions, so the model never changes:

    attention             causal multi-head attention, optional boolean mask (KV-cache decoding)
    rms_norm              RMSNorm
    apply_rope            rotary position embedding (half-split "rotate_half" convention)
    swiglu                silu(gate) * up
    linear_cross_entropy  LM head matmul + cross-entropy (label smoothing, ignore index)
"""
from kernels.attention import attention
from kernels.cross_entropy import linear_cross_entropy
from kernels.rms_norm import rms_norm
from kernels.rope import apply_rope, rope_tables
from kernels.swiglu import swiglu

__all__ = ["attention", "linear_cross_entropy", "rms_norm", "apply_rope", "rope_tables", "swiglu"]
