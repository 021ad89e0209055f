"""Kernels: one dispatch function per hot op of the model.

Every op is one file holding a Triton kernel (`*_triton`, wired forward and backward through a
`torch.autograd.Function`) and its pure-PyTorch reference (`*_reference`), which the CPU runs and
the kernel is tested against. The dispatch function of the same name picks one per call — CUDA
tensors take the kernel, others the reference; CODETRAINER_KERNELS=triton|reference (or
`kernels.backend(...)`) forces a path, see kernels/dispatch.py. Forcing the kernels on CPU tensors
runs them in Triton's interpreter, which the process must choose before this package is imported
(`TRITON_INTERPRET=1`: Triton fixes it as each kernel is defined); the test suite and the CPU
benchmarks do, the library never sets it. The ops:

    attention             causal multi-head attention, optional boolean mask (KV-cache decoding)
    rms_norm              RMSNorm
    add_rms_norm          residual add + RMSNorm in one pass (returns both)
    apply_rope            rotary position embedding (half-split "rotate_half" convention)
    swiglu                silu(gate) * up
    linear_cross_entropy  LM head matmul + cross-entropy (label smoothing, ignore index)
"""
from kernels.attention import attention
from kernels.cross_entropy import linear_cross_entropy
from kernels.dispatch import backend, current_backend, set_backend
from kernels.rms_norm import add_rms_norm, rms_norm
from kernels.rope import apply_rope, rope_tables
from kernels.swiglu import swiglu

__all__ = ["attention", "linear_cross_entropy", "rms_norm", "add_rms_norm", "apply_rope", "rope_tables", "swiglu",
           "backend", "current_backend", "set_backend"]
