"""pass@k: hand-computed values, agreement with the binomial formula, and refused inputs."""
from __future__ import annotations

import math

import pytest

from eval.passk import mean_pass_at_k, pass_at_k


@pytest.mark.parametrize("n, c, k, expected", [
    (5, 2, 1, 0.4),            # pass@1 is the pass rate c/n
    (5, 2, 2, 0.7),            # 1 - C(3,2)/C(5,2) = 1 - 3/10
    (4, 1, 3, 0.75),           # 1 - C(3,3)/C(4,3) = 1 - 1/4
    (10, 0, 1, 0.0),
    (10, 0, 10, 0.0),
    (10, 10, 1, 1.0),
    (10, 10, 10, 1.0),
    (10, 8, 3, 1.0),           # only 2 failures: every 3 samples hold a pass
    (3, 1, 3, 1.0),
])
def test_hand_computed_values(n, c, k, expected):
    assert pass_at_k(n, c, k) == pytest.approx(expected, abs=1e-12)


def test_agrees_with_binomials():
    for n in range(1, 16):
        for c in range(n + 1):
            for k in range(1, n + 1):
                exact = 1 - math.comb(n - c, k) / math.comb(n, k)
                assert pass_at_k(n, c, k) == pytest.approx(exact, abs=1e-12), (n, c, k)


def test_large_n_stays_finite_and_matches():
    assert pass_at_k(200, 13, 100) == pytest.approx(1 - math.comb(187, 100) / math.comb(200, 100), rel=1e-12)


@pytest.mark.parametrize("n, c, k", [(5, 2, 6), (5, 6, 1), (5, -1, 1), (-1, 0, 1), (5, 2, 0), (5, 2, -1)])
def test_refuses_impossible_counts(n, c, k):
    with pytest.raises(ValueError):
        pass_at_k(n, c, k)


def test_mean_over_tasks():
    assert mean_pass_at_k([(5, 2), (10, 10)], 1) == pytest.approx(0.7)
    assert mean_pass_at_k([(5, 2), (10, 0)], 2) == pytest.approx(0.35)


def test_mean_is_missing_unless_every_task_has_k_samples():
    assert mean_pass_at_k([(10, 3), (5, 5)], 6) is None
    assert mean_pass_at_k([], 1) is None
