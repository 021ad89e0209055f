"""Measuring tools, run from a checkout (not installed with the library), with their results beside
them in bench/results/:

    python -m bench.kernels        each Triton kernel against its strongest PyTorch counterpart
    python -m bench.training       whole optimizer steps: the full stack against plain PyTorch
    python -m bench.compile_check  every kernel config compiled for sm_90, no GPU needed
    python -m bench.gpu_check      all the GPU evidence in one time-boxed command (--dry-run: on the CPU)
"""
