"""eval/cost.py: the evaluation's cost predicted from one probe batch per suite."""
import math

import pytest

from eval import cost
from eval.cost import estimate, probe_tasks
from eval.generation import GenerationConfig
from eval.suites import load_suite
from lora import load_for_inference


@pytest.fixture(scope="module")
def tiny(tiny_ckpt):
    return load_for_inference(tiny_ckpt)


def test_the_probe_takes_tasks_around_the_median_length_and_repeats_a_short_suite(tiny):
    suite = load_suite("mini")
    def length(task):
        return len(tiny.tokenizer.encode(task.prompt))

    lengths = sorted(map(length, suite.tasks))
    assert sorted(map(length, probe_tasks(suite, tiny.tokenizer, 4))) == lengths[8:12]
    whole = probe_tasks(suite, tiny.tokenizer, 32)  # more rows than tasks: every task, then again
    assert len(whole) == 32 and sorted(map(length, whole[:20])) == lengths and whole[20:] == whole[:12]


@pytest.mark.parametrize("generation", [GenerationConfig(max_new_tokens=12, batch_size=8),
                                        GenerationConfig(n_samples=3, temperature=0.8, max_new_tokens=12,
                                                         batch_size=8)])
def test_a_suite_costs_its_batches_times_one_batch_forced_to_the_full_budget(tiny, generation):
    tiny.model.train()
    cost = estimate(tiny.model, tiny.tokenizer, load_suite("mini"), generation)
    assert tiny.model.training  # left in the mode it was found in
    greedy, sampled = 20, 20 * generation.n_samples if generation.temperature > 0 else 0
    assert cost.completions == greedy + sampled
    assert cost.batches == math.ceil(greedy / 8) + math.ceil(sampled / 8)
    assert cost.new_tokens == 8 * 12  # no row ended early: neither end-of-text nor a stop string stops the probe
    assert cost.batch_seconds > 0 and cost.program_seconds > 0
    assert cost.seconds == pytest.approx(cost.batches * cost.batch_seconds + cost.completions * cost.program_seconds)


def test_the_sandbox_is_timed_on_reference_solutions_that_pass(tiny, monkeypatch):
    ran, run_programs = [], cost.run_programs

    def run_and_keep(programs, sandbox):
        ran.extend(run_programs(programs, sandbox))
        return ran

    monkeypatch.setattr(cost, "run_programs", run_and_keep)
    estimate(tiny.model, tiny.tokenizer, load_suite("mini"), GenerationConfig(max_new_tokens=4, batch_size=6))
    assert len(ran) == 6 and all(verdict.status == "passed" for verdict in ran)  # every test of each task ran
