"""Kernels: one dispatch function per hot op of the model.

Every op is one file holding a Triton kernel (`*_triton`, wired forward and backward through a
`torch.autograd.Function`) and its pure-PyTorch reference (`*_reference`), which the CPU runs and
the kernel is tested against. The dispatch function of the same name picks one per call — CUDA
tensors take the kernel, others the reference; CODETRAINER_KERNELS=triton|reference (or
`kernels.backend(...)`) forces a path, see kernels/dispatch.py:

    attention             causal multi-head attention, optional boolean mask (KV-cache decoding)
    rms_norm              RMSNorm
    add_rms_norm          residual add + RMSNorm in one pass (returns both)
    apply_rope            rotary position embedding (half-split "rotate_half" convention)
    swiglu                silu(gate) * up
    linear_cross_entropy  LM head matmul + cross-entropy (label smoothing, ignore index)
"""
import os

import torch

if not torch.cuda.is_available():
    # Without a GPU the kernels can only run in Triton's interpreter (on CPU tensors, when forced),
    # and that choice is made as each kernel is defined, i.e. by the imports below.
    os.environ.setdefault("TRITON_INTERPRET", "1")

from kernels.attention import attention  # noqa: E402
from kernels.cross_entropy import linear_cross_entropy  # noqa: E402
from kernels.dispatch import backend, current_backend, set_backend  # noqa: E402
from kernels.rms_norm import add_rms_norm, rms_norm  # noqa: E402
from kernels.rope import apply_rope, rope_tables  # noqa: E402
from kernels.swiglu import swiglu  # noqa: E402

__all__ = ["attention", "linear_cross_entropy", "rms_norm", "add_rms_norm", "apply_rope", "rope_tables", "swiglu",
           "backend", "current_backend", "set_backend"]
