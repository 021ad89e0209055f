"""Measuring a callable: median wall time, peak extra memory, and the environment a number was
measured in. Shared by the kernel and training benchmarks so their JSON rows read the same."""
from __future__ import annotations

import datetime
import platform
import statistics
import time
from collections.abc import Callable

import torch
import triton

from configs.device import DTYPES, cpu_info


def median_ms(fn: Callable[[], object], device: torch.device, warmup: int = 5, reps: int = 20) -> float:
    """Median time of one call in milliseconds: CUDA events via triton.testing.do_bench on a GPU
    (it also flushes the L2 cache between calls), wall clock on the CPU."""
    if device.type == "cuda":
        return float(triton.testing.do_bench(fn, warmup=25, rep=100, return_mode="median"))
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(reps):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1e3)
    return statistics.median(times)


def peak_memory_mb(fn: Callable[[], object], device: torch.device) -> float | None:
    """Peak memory one call allocates beyond what was allocated before it (CUDA only; None on CPU)."""
    if device.type != "cuda":
        return None
    torch.cuda.synchronize(device)
    torch.cuda.reset_peak_memory_stats(device)
    before = torch.cuda.memory_allocated(device)
    fn()
    torch.cuda.synchronize(device)
    return (torch.cuda.max_memory_allocated(device) - before) / 2**20


def matmul_flops(precision: str, device: torch.device, n: int = 2048, reps: int = 10) -> float:
    """FLOP/s of an n × n matmul in fp32 or bf16 on `device`: the machine's own peak, measured beside
    whatever a benchmark compares with it. Where one call takes over a second (bf16 on a CPU without a
    native bf16 path runs at ~1.3 GFLOP/s a thread: a 2048² call takes several seconds), that first call
    is the measurement."""
    a, b = (torch.randn(n, n, device=device).to(DTYPES[precision]) for _ in range(2))
    if device.type == "cpu":
        start = time.perf_counter()
        a @ b
        first = time.perf_counter() - start
        if first > 1.0:
            return 2 * n**3 / first
    return 2 * n**3 / (median_ms(lambda: a @ b, device, warmup=2, reps=reps) / 1e3)


def environment(device: torch.device) -> dict:
    gpu = torch.cuda.get_device_name(device) if device.type == "cuda" else None
    cpu = cpu_info()
    return {
        "device": gpu or f"cpu ({cpu['model']})",
        "gpu": gpu,
        "cpu": cpu,
        "torch": torch.__version__,
        "triton": triton.__version__,
        "cuda": torch.version.cuda,
        "python": platform.python_version(),
        "date": datetime.date.today().isoformat(),
    }
