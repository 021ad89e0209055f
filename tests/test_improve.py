"""The self-improvement stage (train/improve.py) and its parts: the strict reward, the pool, the expert-iteration
selection, the group-relative advantages and policy-gradient loss, and the loop at toy scale with exact resume."""
from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
import torch

from data.curation.synth import generate
from data.instruct.records import Record
from data.pretrain.tokenizer import train_tokenizer
from eval.sandbox import SandboxConfig, Verdict, run_programs
from eval.suites import load_suite
from model.checkpoint import load_model, save_model
from model.config import ModelConfig
from model.model import Transformer
from tests.conftest import logged
from train import improve as improve_module
from train.expert_iteration import batches, copies, select
from train.improve import main as improve_main
from train.policy_gradient import group_advantages, pg_loss
from train.pool import Pool, as_problem, build_problems, clean, visible_tests
from train.reward import reward_program, score, strict_test
from train.rollouts import Rollout, run, sample, summarize

SANDBOX = SandboxConfig(timeout_s=1.0)
# (not mini's `add`: decontamination would rightly drop that one)
ADD = Record(id="p-s0", problem_id="p", instruction="Return twice a, plus b.", input="",
             output="def mix(a, b):\n    return 2 * a + b\n", entry_point="mix",
             tests=("assert mix(1, 2) == 4", "assert mix(-1, 1) == -1", "assert mix(0.25, 0) == 0.5"),
             difficulty="easy", category="arithmetic", source="synthetic")
HEADER = "def mix(a, b):\n"


def outcome(body: str, record: Record = ADD):
    verdict = run_programs([reward_program(HEADER + body, record.tests)], SANDBOX)[0]
    return score(verdict, len(record.tests))


# --- the reward ------------------------------------------------------------------------------------------

def test_strict_test_rewrites_equalities_inside_asserts_only():
    assert strict_test("assert f(1) == 2") == "assert __strict_eq__(f(1), 2)"
    assert strict_test("assert f(1) != 2 and g() == [1]") == \
        "assert not __strict_eq__(f(1), 2) and __strict_eq__(g(), [1])"
    assert strict_test("x = f(1) == 2\nassert x") == "x = f(1) == 2\nassert x"
    assert strict_test("assert f(1) is None") == "assert f(1) is None"
    assert strict_test("assert (") == "assert ("  # does not parse: left as it is, and it fails in the sandbox


@pytest.mark.slow
def test_the_always_equal_hack_earns_nothing_and_honest_code_everything():
    hack = ("    class Anything:\n        def __eq__(self, other):\n            return True\n"
            "        def __ne__(self, other):\n            return False\n    return Anything()\n")
    int_subclass = ("    class Liar(int):\n        def __eq__(self, other):\n            return True\n"
                    "    return Liar(0)\n")
    shadowing = "    global type, len\n    type = lambda x: int\n    len = lambda x: 0\n    return object()\n"
    results = {name: outcome(body) for name, body in [
        ("honest", "    return 2 * a + b\n"), ("hack", hack), ("int subclass", int_subclass),
        ("shadowing", shadowing), ("two of three", "    return int(2 * a + b)\n")]}
    assert results["honest"].reward == 1.0 and results["honest"].passed and results["honest"].results == "111"
    assert results["hack"].reward == 0.0 and results["hack"].results == "000"
    assert results["int subclass"].reward == 0.0
    assert results["shadowing"].reward == 0.0
    # int(0.5) == 0 is wrong on the third test only: partial credit, each test run on its own
    assert results["two of three"].results == "110" and results["two of three"].reward == pytest.approx(2 / 3)
    # the hack does pass the same tests under the benchmark's own `==`
    plain = run_programs([HEADER + hack + "\n" + "\n".join(ADD.tests)], SANDBOX)[0]
    assert plain.passed


@pytest.mark.slow
def test_strict_comparison_is_by_type_and_by_value_for_numbers():
    record = Record(**{**ADD.__dict__, "tests": ("assert mix(1, 1) == 2.0", "assert mix(True, False) == True",
                                                   "assert mix([1], [2]) == [1, 2]",
                                                   "assert mix({'a': 1}, None) == {'a': 1}")})
    body = ("    if isinstance(a, dict):\n        return a\n    if isinstance(a, bool):\n        return 1\n"
            "    return a + b\n")
    result = outcome(body, record)
    assert result.results == "1011"  # int 2 equals 2.0; the int 1 is not the bool True


@pytest.mark.slow
def test_a_hang_a_crash_and_a_flood_score_zero_and_the_batch_goes_on():
    bodies = ["    while True:\n        pass\n", "    import os\n    os._exit(1)\n",
              "    print('x' * 10_000_000)\n    return 2 * a + b\n", "    return a +\n", "    return 2 * a + b\n"]
    programs = [reward_program(HEADER + b, ADD.tests) for b in bodies]
    verdicts = run_programs(programs, SANDBOX)
    outcomes = [score(v, 3) for v in verdicts]
    assert [o.reward for o in outcomes] == [0.0, 0.0, 0.0, 0.0, 1.0]
    assert outcomes[0].status == "timeout" and outcomes[3].status == "syntax_error"


def test_score_reads_the_results_of_a_failed_verdict_only():
    failed = Verdict("failed", "AssertionError", "AssertionError: tests: 0101 (line 40: raise ...)")
    assert score(failed, 4).reward == 0.5 and score(failed, 4).results == "0101"
    assert score(failed, 3).reward == 0.0  # a result string of the wrong length is not believed
    assert score(Verdict("error", "ValueError", "tests: 1111"), 4).reward == 0.0


# --- the pool --------------------------------------------------------------------------------------------

def test_visible_tests_are_the_ones_the_prompt_shows():
    prompt = 'def f(x):\n    """Double x.\n    assert f(2) == 4\n    >>> f(3)\n    6\n    """\n'
    tests = ("assert f(2) == 4", "assert f(3) == 6", "assert f(10) == 20", "x = 1")
    assert visible_tests(prompt, tests) == (True, True, False, False)


@pytest.mark.slow
def test_pool_decontaminates_and_checks_references(tmp_path):
    mini = load_suite("mini").tasks[0]
    copied = Record(id="c-s0", problem_id="c", instruction="Something else entirely, with other words.", input="",
                    output=mini.prompt + mini.canonical_solution, entry_point=mini.entry_point,
                    tests=(f"assert {mini.entry_point} is not None",), difficulty="easy", category="arithmetic",
                    source="synthetic")
    broken = Record(**{**ADD.__dict__, "id": "b-s0", "problem_id": "b", "output": "def mix(a, b):\n    return a\n"})
    from data.curation.decontaminate import eval_items
    kept, filtered = clean([ADD, copied, broken], set(), eval_items(tmp_path), SANDBOX)
    assert [r.problem_id for r in kept] == ["p"]
    assert filtered["decontaminated"] == 1 and filtered["reference_failed"] == 1
    # a statement the tuning mix holds is not fresh
    assert clean([ADD], {"return twice a plus b"}, eval_items(tmp_path), SANDBOX)[0] == []


@pytest.mark.slow
def test_pool_order_siblings_and_state(tmp_path):
    problems, report = build_problems(6, 3, False, tmp_path, [], SANDBOX)
    assert report["kept"] == len(problems) >= 5 and report["mbpp"] == 0
    pool = Pool(problems, tmp_path, SANDBOX, seed=3)
    first = pool.next_round(4)
    assert [p.problem_id for p in first] == [p.problem_id for p in problems[:4]]
    failed = first[0]
    queued = pool.record({p.problem_id: (0 if p is failed else 2) for p in first}, siblings_per_failure=1)
    assert queued == 1
    sibling = pool.drawn[-1]
    assert sibling.record.category == failed.record.category
    assert sibling.problem_id not in {p.problem_id for p in problems}
    state = json.loads(json.dumps(pool.state_dict()))  # plain JSON
    second = pool.next_round(4)
    assert second[0] is sibling  # siblings first, then the problems not asked yet
    # then the problems not asked yet; all asked: the unsolved again
    assert [p.problem_id for p in second[1:]] == [p.problem_id for p in problems[4:]] + [failed.problem_id]
    pool.record({p.problem_id: int(p is not problems[5]) for p in second[:-1]} | {failed.problem_id: 0},
                siblings_per_failure=0)
    third = pool.next_round(2)  # unsolved, least asked first: problems[5] (once), then `failed` (twice)
    assert [p.problem_id for p in third] == [problems[5].problem_id, failed.problem_id]
    fresh = Pool(build_problems(6, 3, False, tmp_path, [], SANDBOX)[0], tmp_path, SANDBOX, seed=3)
    fresh.load_state_dict(state)
    assert [p.problem_id for p in fresh.next_round(4)] == [p.problem_id for p in second]


# --- expert iteration --------------------------------------------------------------------------------------

def test_copies_weight_rarely_solved_problems_up():
    assert copies(1 / 8, 3) == 3 and copies(4 / 8, 3) == 2 and copies(1.0, 3) == 1
    assert copies(1 / 8, 1) == 1  # rare_boost 1: no weighting


def fake_rollout(problem, completion: str, passed: bool) -> Rollout:
    from train.reward import Outcome
    n = len(problem.tests)
    return Rollout(problem, completion, Outcome(1.0 if passed else 0.0, ("1" if passed else "0") * n,
                                                "passed" if passed else "failed", 0.01), True)


@pytest.fixture(scope="module")
def toy(tmp_path_factory):
    """A tokenizer trained on synthetic problems and an untrained 2-layer model that holds their prompts."""
    root = tmp_path_factory.mktemp("improve_toy")
    texts = [r.instruction + "\n" + r.output + "\n".join(r.tests) for r in generate(60, seed=5, solutions=1)]
    tokenizer = train_tokenizer(texts * 2, vocab_size=512)
    tokenizer.save(root / "tokenizer.json")
    torch.manual_seed(0)
    model = Transformer(ModelConfig(vocab_size=tokenizer.vocab_size, n_layer=2, n_head=2, d_model=32, d_mlp=64,
                                    max_seq_len=512))
    save_model(root / "ckpt", model, tokenizer)
    return root / "ckpt"


def test_select_keeps_distinct_passing_solutions_with_their_copies(toy):
    tokenizer = load_model(toy).tokenizer
    problem = as_problem(ADD)
    same = ["    return 2 * a + b\n", "    total = 2 * a + b\n    return total\n", "    s = 2 * a + b\n    return s\n"]
    rollouts = [fake_rollout(problem, same[0], True), fake_rollout(problem, same[1], True),
                fake_rollout(problem, same[2], True), fake_rollout(problem, "    return a\n", False)]
    examples, stats = select(rollouts, tokenizer, rare_boost=3, max_len=512)
    # `total` and `s` are the same solution once locals are renamed; pass rate 3/4 → 1 + round(0.5) = 2 copies
    assert stats["expert/solutions"] == 2 and stats["expert/duplicates"] == 1 and len(examples) == 4
    prompt_ids = tokenizer.encode(problem.task.prompt)
    assert examples[0].ids[:examples[0].n_prompt] == prompt_ids
    assert examples[0].ids[-1] == tokenizer.eot_id
    assert sum(len(b) for b in batches(examples, 3, 2, seed=0)) == 8


# --- policy gradient ---------------------------------------------------------------------------------------

def test_group_advantages_against_a_hand_computed_case():
    rewards, groups = [1.0, 0.0, 0.0, 1.0, 0.5, 0.5, 0.25], ["a", "a", "a", "a", "b", "b", "c"]
    assert group_advantages(rewards, groups) == [0.5, -0.5, -0.5, 0.5, 0.0, 0.0, 0.0]
    assert group_advantages(rewards, groups, scale=True) == [1.0, -1.0, -1.0, 1.0, 0.0, 0.0, 0.0]
    assert group_advantages([1.0, 0.0, 0.0], ["a"] * 3) == pytest.approx([2 / 3, -1 / 3, -1 / 3])


def test_pg_loss_is_the_advantage_weighted_log_likelihood_and_its_step_follows_the_advantage(toy):
    loaded = load_model(toy)
    model, tokenizer = loaded.model, loaded.tokenizer
    problem = as_problem(ADD)
    good, bad = fake_rollout(problem, "    return 2 * a + b\n", True), fake_rollout(problem, "    return a\n", False)
    from train.expert_iteration import example
    examples = [example(good, tokenizer), example(bad, tokenizer)]
    reference = Transformer(model.cfg)
    reference.load_state_dict(model.state_dict())
    loss, parts = pg_loss(model, reference, examples, [0.5, -0.5], 0.1, tokenizer.pad_id, torch.device("cpu"), "fp32")
    assert parts["pg/kl"] == pytest.approx(0.0, abs=1e-6)  # the policy is its reference
    # by hand: -(Σ A·log π over completion tokens) / completion tokens
    logps, total = [], 0
    for ex in examples:
        ids = torch.tensor(ex.ids)
        logp = torch.log_softmax(model(ids[None, :-1])[0].float(), -1)
        picked = logp[torch.arange(len(ids) - 1), ids[1:]][ex.n_prompt - 1:]
        logps.append(picked.sum())
        total += len(picked)
    assert loss.item() == pytest.approx(-(0.5 * logps[0] - 0.5 * logps[1]).item() / total, rel=1e-5)
    before = [lp.item() for lp in logps]
    loss.backward()
    with torch.no_grad():
        for p in model.parameters():
            p -= 0.05 * p.grad
    after = []
    for ex in examples:
        ids = torch.tensor(ex.ids)
        logp = torch.log_softmax(model(ids[None, :-1])[0].float(), -1)
        after.append(logp[torch.arange(len(ids) - 1), ids[1:]][ex.n_prompt - 1:].sum().item())
    assert after[0] > before[0] and after[1] < before[1]  # the rewarded completion gained, the other lost


def test_the_clipped_surrogate_keeps_the_gradient_at_ratio_one_and_stops_a_token_past_its_clip(toy):
    from train.expert_iteration import example
    from train.policy_gradient import sampling_logprobs
    loaded = load_model(toy)
    model, tokenizer, cpu = loaded.model, loaded.tokenizer, torch.device("cpu")
    problem = as_problem(ADD)
    good, bad = fake_rollout(problem, "    return 2 * a + b\n", True), fake_rollout(problem, "    return a\n", False)
    examples = [example(good, tokenizer), example(bad, tokenizer)]
    assert example(bad, tokenizer, end=False).ids == examples[1].ids[:-1]  # no end-of-text the model did not write
    reference = Transformer(model.cfg)
    reference.load_state_dict(model.state_dict())

    def grads(*args) -> tuple[float, dict, list[torch.Tensor]]:
        model.zero_grad()
        loss, parts = pg_loss(model, reference, examples[:len(args[0])], args[0], 0.1, tokenizer.pad_id, cpu,
                              "fp32", *args[1:])
        loss.backward()
        return loss.item(), parts, [p.grad.clone() if p.grad is not None else torch.zeros_like(p)
                                    for p in model.parameters()]

    old = sampling_logprobs(model, examples, tokenizer.pad_id, cpu, "fp32")
    _, plain_parts, plain = grads([0.5, -0.5])
    _, parts, clipped = grads([0.5, -0.5], old, 0.2)
    assert parts["pg/clipped"] == 0.0 and "pg/clipped" not in plain_parts
    for a, b in zip(plain, clipped):  # at ρ = 1 the surrogate's gradient is the plain one's (fp32: 1e-5)
        torch.testing.assert_close(b, a, rtol=1e-5, atol=1e-7)

    # every token of the rewarded completion already 1.65 times likelier than when drawn (ρ = e^0.5 > 1 + 0.2):
    # clipped, so only the KL term (zero gradient at the reference) is left
    ahead = sampling_logprobs(model, examples[:1], tokenizer.pad_id, cpu, "fp32") - 0.5
    loss, parts, stopped = grads([0.5], ahead, 0.2)
    assert parts["pg/clipped"] == 1.0 and loss == pytest.approx(-0.5 * 1.2, rel=1e-6)
    assert max(g.abs().max().item() for g in stopped) < 1e-6
    # the same ratio on a penalised completion is not clipped (min picks ρ·A): it keeps pushing down
    behind = sampling_logprobs(model, examples[1:], tokenizer.pad_id, cpu, "fp32") - 0.5
    examples.reverse()
    loss, parts, pushed = grads([-0.5], behind, 0.2)
    assert loss == pytest.approx(0.5 * math.exp(0.5), rel=1e-5) and max(g.abs().max().item() for g in pushed) > 1e-3


# --- sampling and the loop -----------------------------------------------------------------------------------

@pytest.mark.slow
def test_sample_gives_k_completions_per_problem_reproducibly(toy, tmp_path):
    loaded = load_model(toy)
    problems = [as_problem(r) for r in generate(3, seed=7, solutions=1)]
    first = sample(loaded.model, loaded.tokenizer, problems, 4, 1.0, 1.0, 12, seed=11)
    again = sample(loaded.model, loaded.tokenizer, problems, 4, 1.0, 1.0, 12, seed=11)
    assert [p.problem_id for p, _, _ in first] == [p.problem_id for p in problems for _ in range(4)]
    assert first == again
    scalars = summarize(run(first, SANDBOX), loaded.tokenizer)
    assert scalars["pool/pass_rate"] == 0.0 and 0 <= scalars["samples/syntax_valid"] <= 1
    assert {"reward/mean", "reward/hidden_tests", "samples/timeouts", "collapse/flag"} <= set(scalars)


def reference_or_wrong(model, tokenizer, problems, k, temperature, top_p, max_new_tokens, seed):
    """A stand-in sampler: per problem the reference body once (it passes), then a wrong one."""
    return [(p, p.task.canonical_solution if i == 0 else "    return None\n", i == 0)
            for p in problems for i in range(k)]


def improve_flags(toy: Path, out: Path, tmp_path: Path, *extra: str) -> list[str]:
    return ["--init", str(toy), "--out", str(out), "--improve.pool_synthetic", "8", "--improve.pool_seed", "4",
            "--improve.mbpp", "false", "--improve.data_dir", str(tmp_path), "--improve.problems", "3",
            "--improve.samples", "3", "--train.batch_size", "2", "--train.lr", "1e-3", "--train.eval_suite", "",
            "--train.seed", "5", *extra]


@pytest.mark.slow
@pytest.mark.parametrize("method", ["expert", "pg"])
def test_improve_loop_trains_logs_and_resumes_exactly(toy, tmp_path, monkeypatch, method):
    monkeypatch.setattr(improve_module, "sample", reference_or_wrong)
    monkeypatch.setattr(improve_module, "DEFAULT_DIR", tmp_path / "no-mix")
    whole, split = tmp_path / "whole", tmp_path / "split"
    result = improve_main(improve_flags(toy, whole, tmp_path, "--rounds", "2", "--method", method))
    assert sorted(result.rounds) == [1, 2]
    for scalars in result.rounds.values():
        assert scalars["pool/pass_rate"] == pytest.approx(1 / 3) and scalars["reward/mean"] >= 1 / 3
        assert scalars["train/steps"] >= 1
    rounds = [json.loads(line) for line in (whole / "rounds.jsonl").read_text().splitlines()]
    assert [r["round"] for r in rounds] == [1, 2]
    assert set(logged(whole, "pool/pass_rate")) == {1, 2}
    improve_main(improve_flags(toy, split, tmp_path, "--rounds", "1", "--method", method))
    improve_main(improve_flags(toy, split, tmp_path, "--rounds", "2", "--method", method) + ["--resume"])
    a, b = load_model(whole / "latest").model.state_dict(), load_model(split / "latest").model.state_dict()
    assert all(torch.equal(a[k], b[k]) for k in a)
    start = load_model(toy).model.state_dict()
    assert any(not torch.equal(a[k], start[k]) for k in a)  # it trained


@pytest.mark.slow
def test_improve_with_lora_saves_an_adapter(toy, tmp_path, monkeypatch):
    monkeypatch.setattr(improve_module, "sample", reference_or_wrong)
    monkeypatch.setattr(improve_module, "DEFAULT_DIR", tmp_path / "no-mix")
    out = tmp_path / "lora"
    improve_main(improve_flags(toy, out, tmp_path, "--rounds", "1", "--lora", "true") +
                 ["--train.eval_suite", "mini", "--train.eval_max_new_tokens", "4"])
    line = json.loads((out / "rounds.jsonl").read_text())
    assert line["round"] == 1 and 0 <= line["eval/greedy_pass@1"] <= 1  # the suite's scores join the round's
    assert (out / "latest" / "adapter.json").is_file() and (out / "latest" / "adapter.safetensors").is_file()
    assert not (out / "latest" / "model.safetensors").exists()  # the adapter only, on its recorded base


def test_improve_refuses_a_missing_init_and_bad_settings(tmp_path):
    from configs.errors import UserError
    with pytest.raises(UserError, match="--init"):
        improve_main(["--out", str(tmp_path / "x")])
    with pytest.raises(UserError, match="improve.method"):
        improve_main(["--init", "x", "--method", "ppo", "--out", str(tmp_path / "y")])
    with pytest.raises(UserError, match="improve.samples"):
        improve_main(["--init", "x", "--method", "pg", "--improve.samples", "1", "--out", str(tmp_path / "z")])


@pytest.mark.slow
def test_improve_ablation_runs_each_row_from_a_recipe_and_reports(toy, tmp_path, monkeypatch):
    from data.instruct.records import write_records
    from train.improve_ablation import main as ablation_main
    from train.improve_ablation import report
    monkeypatch.setattr(improve_module, "DEFAULT_DIR", tmp_path / "no-mix")
    recipe = tmp_path / "recipe"
    (recipe / "instruct_data").mkdir(parents=True)
    records = generate(12, seed=9, solutions=1)
    write_records(recipe / "instruct_data" / "train.jsonl", records[:10])
    write_records(recipe / "instruct_data" / "val.jsonl", records[10:])
    (recipe / "speedrun.json").write_text(json.dumps({"final_model": {"ckpt": str(toy), "adapter": None},
                                                      "run": {"seed": 5}}))
    out = tmp_path / "rows"
    flags = ["run", "--recipe", str(recipe), "--minutes", "0.05", "--rows", "recipe", "more-sft", "expert",
             "--suites", "mini", "--out", str(out), "--improve-flags",
             f"--improve.pool_synthetic 6 --improve.mbpp false --improve.data_dir {tmp_path} "
             "--improve.problems 2 --improve.samples 2 --improve.max_new_tokens 8 --train.eval_suite ''"]
    ablation_main(flags)
    results = {p.parent.name: json.loads(p.read_text()) for p in out.glob("seed-5/*/result.json")}
    assert set(results) == {"recipe", "more-sft", "expert"}
    assert results["recipe"]["minutes"] == 0 and results["recipe"]["final_model"] == str(toy)
    assert results["more-sft"]["command"][:4] == ["--config", "cpu", "--init", str(toy)]
    assert "--improve.exclude" in results["expert"]["command"]
    assert all(r["scores"]["mini"]["tasks"] == 20 for r in results.values())
    table = report(out)
    assert table.count("\n") == 4 and "| expert | 5 |" in table
    ablation_main(flags)  # finished rows are not rerun
    assert {p.parent.name for p in out.glob("seed-5/*/result.json")} == set(results)


def test_the_recipe_row_takes_the_greedy_scores_its_speedrun_computed(tmp_path):
    from train.improve_ablation import run_row
    recipe = tmp_path / "recipe"
    recipe.mkdir()
    mini = {"solved": 7, "tasks": 20, "pass@1": 0.35, "syntax_valid": 1.0, "collapse": False}
    (recipe / "speedrun.json").write_text(json.dumps({
        "final_model": {"ckpt": "nowhere", "adapter": None}, "run": {"seed": 2},
        "stages": [{"stage": "evaluate", "suites": {"mini": mini}}]}))
    result = run_row("recipe", recipe, 5, tmp_path / "rows", suites=("mini",))
    assert result["scores"] == {"mini": mini} and result["minutes"] == 0  # no model was loaded: "nowhere"
