"""Measuring tools, run from a checkout (not installed with the library), with their results beside
them in bench/results/:

    python -m bench.kernels        each Triton kernel against its strongest PyTorch counterpart
    python -m bench.training       whole optimizer steps of a config in every speed mode (variant, precision,
                                   compile), pretraining and instruction-tuning shapes, against the
                                   machine's own matmul peak on the CPU
    python -m bench.mode_quality   fp32 eager against bf16 + compile at equal tokens, on two seeds
    python -m bench.compile_check  every kernel config compiled for sm_90, no GPU needed
    python -m bench.gpu_check      all the GPU evidence in one time-boxed command (--dry-run: on the CPU)
"""
