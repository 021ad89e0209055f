"""Evaluation end to end: stop strings, scoring and summaries, `python -m eval.evaluate` with a
checkpoint or a samples file, bad input, the checkpoint sweep and the training-loop hook.

Models here are tiny and untrained (or trained a dozen steps): these tests check the machinery —
that every completion is judged, counted and reported right — not that a model can code."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from configs.errors import UserError
from eval.evaluate import headline
from eval.evaluate import main as evaluate_main
from eval.generation import GenerationConfig, complete
from eval.harness import score_samples, summarize
from eval.samples import Sample, ScoredSample
from eval.sandbox import SandboxConfig, Verdict
from eval.suites import HUMANEVAL_STOP, load_suite
from eval.sweep import StepResult, category_changes, regressions
from eval.sweep import main as sweep_main
from model.checkpoint import load_model
from model.generate import truncate_at_stop
from tests.test_cli_errors import assert_one_line_error, run

FAST = SandboxConfig(timeout_s=2.0)
MINI = load_suite("mini")


def scored(task_id: str, status: str, greedy: bool = False, completion: str = "    return 1\n") -> ScoredSample:
    error_type = {"failed": "AssertionError", "error": "NameError", "timeout": "Timeout"}.get(status, "")
    return ScoredSample(Sample(task_id, completion, greedy), Verdict(status, error_type),
                        syntax_valid=status != "syntax_error")


# --- stop strings -------------------------------------------------------------------------------

@pytest.mark.parametrize("tail", ["\ndef helper():\n    pass", "\nclass A:\n    pass", "\n# a comment",
                                  "\nif x:\n    y", "\nprint(add(1, 2))"])
def test_humaneval_stop_strings_cut_the_completion(tail):
    body = "    total = a + b\n    if total:\n        return total\n    # indented comment stays\n    return 0\n"
    assert truncate_at_stop(body + tail, HUMANEVAL_STOP) == body


def test_generated_completions_never_contain_a_stop_string(tiny_ckpt):
    loaded = load_model(tiny_ckpt)
    samples = complete(loaded.model, loaded.tokenizer, MINI.tasks, GenerationConfig(max_new_tokens=48, batch_size=7))
    assert [s.task_id for s in samples] == [t.task_id for t in MINI.tasks]  # task order kept across sorted batches
    assert all(s.greedy for s in samples)
    assert not any(stop in s.completion for s in samples for stop in HUMANEVAL_STOP)


def test_sampling_adds_one_greedy_completion_per_task(tiny_ckpt):
    loaded = load_model(tiny_ckpt)
    tasks = MINI.tasks[:3]
    samples = complete(loaded.model, loaded.tokenizer, tasks, GenerationConfig(3, 0.8, max_new_tokens=8))
    assert len(samples) == 3 * 4 and sum(s.greedy for s in samples) == 3
    again = complete(loaded.model, loaded.tokenizer, tasks, GenerationConfig(3, 0.8, max_new_tokens=8))
    assert samples == again  # seeded


def test_greedy_with_several_samples_is_refused():
    with pytest.raises(UserError, match="greedy"):
        GenerationConfig(n_samples=2, temperature=0)


# --- scoring and summaries ------------------------------------------------------------------------

@pytest.mark.slow
def test_scoring_canonical_wrong_broken_and_hanging_completions():
    task = MINI.tasks[0]  # add(a, b)
    samples = [Sample(task.task_id, task.canonical_solution), Sample(task.task_id, "    return a - b\n"),
               Sample(task.task_id, "    return a +\n"), Sample(task.task_id, "    while True:\n        pass\n")]
    result = score_samples(MINI, samples, FAST, workers=2)
    assert [s.verdict.status for s in result.scored] == ["passed", "failed", "syntax_error", "timeout"]
    s = result.summary
    assert s["categories"] == {"passed": 1, "wrong answer": 1, "syntax error": 1, "timeout": 1}
    assert s["per_task"] == {task.task_id: s["categories"]}
    assert s["syntax_valid"] == 0.75
    assert s["pass@k"] == {"pass@1": 0.25}  # n = 4 per task: pass@10 and pass@100 need more samples
    assert s["greedy_pass@1"] is None and s["tasks_scored"] == 1
    assert s["time"]["sandbox_s"] > 0 and {"rlimits", "guard"} <= set(s["sandbox_layers"])


def test_summary_counts_greedy_and_sampled_separately():
    a, b = "Mini/0", "Mini/1"
    rows = ([scored(a, "passed", greedy=True), scored(b, "failed", greedy=True)]
            + [scored(a, "passed")] * 3 + [scored(a, "failed")] * 7
            + [scored(b, "passed")] * 1 + [scored(b, "error")] * 9)
    s = summarize(MINI, rows, generation_s=3.0, sandbox_s=1.0)
    assert s["greedy_pass@1"] == 0.5 and s["greedy_solved"] == 1
    assert s["samples_per_task"] == 10
    assert s["pass@k"]["pass@1"] == pytest.approx((0.3 + 0.1) / 2)
    assert s["pass@k"]["pass@10"] == pytest.approx(1.0)  # every task has a pass among its 10
    assert "pass@100" not in s["pass@k"]
    assert s["categories"] == {"wrong answer": 8, "NameError": 9, "passed": 5}
    assert s["time"] == {"generation_s": 3.0, "sandbox_s": 1.0, "sandbox_programs_per_s": 22.0}


def test_syntax_validity_of_greedy_and_sampled_completions_is_reported_apart():
    rows = ([scored("Mini/0", "passed", greedy=True), scored("Mini/1", "failed", greedy=True)]
            + [scored("Mini/0", "syntax_error")] * 3 + [scored("Mini/1", "passed")])
    s = summarize(MINI, rows, generation_s=1.0, sandbox_s=1.0)
    assert s["syntax_valid"] == pytest.approx(3 / 6)
    assert s["syntax_valid_greedy"] == 1.0 and s["syntax_valid_sampled"] == pytest.approx(1 / 4)
    assert "syntax valid 50.0% (greedy 100.0%, sampled 25.0%)" in headline(s)
    greedy_only = summarize(MINI, rows[:2], generation_s=1.0, sandbox_s=1.0)
    assert greedy_only["syntax_valid_sampled"] is None and "syntax valid 100.0% |" in headline(greedy_only)


def test_collapse_is_flagged_when_every_task_gets_the_same_answer():
    rows = [scored(t.task_id, "failed", greedy=True, completion="    return x\n    return x\n") for t in MINI.tasks]
    s = summarize(MINI, rows, 0.0, 1.0)
    assert s["collapse"]["flag"] and any("same completion" in r for r in s["collapse"]["reasons"])


# --- the command line ---------------------------------------------------------------------------

def write_jsonl(path: Path, rows: list) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    return path


def test_scoring_a_samples_file_writes_samples_summary_and_report(tmp_path):
    rows = [{"task_id": t.task_id, "completion": t.canonical_solution} for t in MINI.tasks]
    rows += [{"task_id": t.task_id, "completion": "    return None\n"} for t in MINI.tasks]
    result = evaluate_main(["--samples", str(write_jsonl(tmp_path / "s.jsonl", rows)), "--out", str(tmp_path / "out")])
    assert result.summary["pass@k"]["pass@1"] == 0.5
    written = [json.loads(line) for line in (tmp_path / "out" / "samples.jsonl").read_text().splitlines()]
    assert [(w["task_id"], w["completion"]) for w in written] == [(r["task_id"], r["completion"]) for r in rows]
    assert [w["passed"] for w in written] == [True] * 20 + [False] * 20
    summary = json.loads((tmp_path / "out" / "summary.json").read_text())
    assert summary["categories"] == {"passed": 20, "wrong answer": 20}
    assert "# mini" in (tmp_path / "out" / "report.md").read_text()
    # the written file is itself a valid samples file, and scores the same
    again = evaluate_main(["--samples", str(tmp_path / "out" / "samples.jsonl"), "--out", str(tmp_path / "again")])
    assert again.summary["pass@k"] == result.summary["pass@k"]


def test_evaluating_a_checkpoint_greedy_and_sampled(tmp_path, tiny_ckpt):
    greedy = evaluate_main(["--ckpt", str(tiny_ckpt), "--max-new-tokens", "12", "--out", str(tmp_path / "g")])
    assert greedy.summary["samples"] == 20 and greedy.summary["greedy_pass@1"] == 0.0  # untrained
    assert greedy.summary["time"]["generation_s"] > 0
    sampled = evaluate_main(["--ckpt", str(tiny_ckpt), "--max-new-tokens", "8", "--n-samples", "2",
                              "--temperature", "0.8", "--out", str(tmp_path / "s")])
    assert sampled.summary["samples"] == 20 * 3 and set(sampled.summary["pass@k"]) == {"pass@1"}
    written = (tmp_path / "s" / "samples.jsonl").read_text().splitlines()
    assert sum(json.loads(line)["greedy"] for line in written) == 20


@pytest.mark.slow
@pytest.mark.parametrize("row, needles", [
    ({"task_id": "Mini/999", "completion": "x"}, ["s.jsonl:2", "task_id", "unknown task"]),
    ({"task_id": "Mini/0"}, ["s.jsonl:2", "completion", "missing"]),
    ({"task_id": "Mini/0", "completion": 7}, ["s.jsonl:2", "completion", "must be a str"]),
    ("not an object", ["s.jsonl:2", "JSON object"]),
])
def test_bad_samples_file_is_a_one_line_error(tmp_path, row, needles):
    path = write_jsonl(tmp_path / "s.jsonl", [{"task_id": "Mini/0", "completion": "    return a + b\n"}, row])
    proc = run("-m", "eval.evaluate", "--samples", str(path), "--out", str(tmp_path / "out"))
    assert_one_line_error(proc, *needles)
    assert not (tmp_path / "out").exists()


@pytest.mark.slow
def test_suite_not_in_humaneval_format_is_a_one_line_error(tmp_path):
    path = write_jsonl(tmp_path / "suite.jsonl", [{"question": "add two numbers", "answer": "a + b"}])
    samples = write_jsonl(tmp_path / "s.jsonl", [{"task_id": "x", "completion": ""}])
    assert_one_line_error(run("-m", "eval.evaluate", "--suite", str(path), "--samples", str(samples)),
                          "suite.jsonl:1", "task_id", "missing")


@pytest.mark.slow
def test_adapter_that_does_not_fit_the_checkpoint_is_a_one_line_error(tmp_path, tiny_ckpt):
    from lora import LoRAConfig, inject, save_adapter

    loaded = load_model(tiny_ckpt)
    inject(loaded.model, LoRAConfig(targets=["attn"]))
    save_adapter(tmp_path / "adapter", loaded.model, LoRAConfig(targets=["attn"]), tiny_ckpt, "0" * 64)  # another base
    proc = run("-m", "eval.evaluate", "--ckpt", str(tiny_ckpt), "--adapter", str(tmp_path / "adapter"))
    assert_one_line_error(proc, "adapter.json", "base")


@pytest.mark.slow
def test_greedy_with_several_samples_is_a_one_line_error(tiny_ckpt):
    assert_one_line_error(run("-m", "eval.evaluate", "--ckpt", str(tiny_ckpt), "--n-samples", "3"), "greedy")


# --- sweep ------------------------------------------------------------------------------------------

def step(n: int, solved: set[str], main: dict[str, str], score: float, collapsed: bool = False) -> StepResult:
    summary = {"greedy_pass@1": score, "pass@k": {}, "syntax_valid": 1.0, "collapse": {"flag": collapsed}}
    return StepResult(n, Path(f"step_{n}"), summary, solved, main)


def test_sweep_finds_regressions_and_error_type_changes():
    steps = [step(100, {"A", "B"}, {"A": "passed", "B": "passed", "C": "syntax error"}, 2 / 3),
             step(200, {"A"}, {"A": "passed", "B": "wrong answer", "C": "NameError"}, 1 / 3),
             step(300, {"A", "B"}, {"A": "passed", "B": "passed", "C": "NameError"}, 2 / 3, collapsed=True)]
    assert regressions(steps) == [{"task": "B", "solved_at": 100, "lost_at": 200}]
    assert category_changes(steps) == [
        {"task": "B", "step": 200, "from": "passed", "to": "wrong answer"},
        {"task": "C", "step": 200, "from": "syntax error", "to": "NameError"},
        {"task": "B", "step": 300, "from": "wrong answer", "to": "passed"}]
    assert max(steps, key=StepResult.rank_key).step == 100  # tie on score: the collapsed step loses


def test_sweep_of_a_tiny_run_writes_table_json_and_plot(tmp_path, run_pretrain):
    run_dir = tmp_path / "run"
    run_pretrain(run_dir, max_steps=8, keep_last=5)
    report = sweep_main([str(run_dir), "--max-new-tokens", "8"])
    out = run_dir / "sweep" / "mini"
    assert [s["step"] for s in report["steps"]] == [4, 8]
    assert report["best_step"] in (4, 8)
    assert (out / "sweep.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "| step | greedy pass@1" in (out / "sweep.md").read_text()
    assert json.loads((out / "sweep.json").read_text())["best_checkpoint"].endswith(f"step_{report['best_step']:06d}")
    assert (out / "step_000004" / "summary.json").is_file()


@pytest.mark.slow
def test_sweep_of_a_folder_without_checkpoints_is_a_one_line_error(tmp_path):
    assert_one_line_error(run("-m", "eval.sweep", str(tmp_path)), str(tmp_path), "no checkpoints")


# --- training hook ----------------------------------------------------------------------------------

def test_pretraining_logs_the_suite_evaluation(tmp_path, run_pretrain):
    result = run_pretrain(tmp_path / "run", max_steps=4, eval_suite="mini")
    scalars = result.evals[4]
    assert {"eval/greedy_pass@1", "eval/syntax_valid", "collapse/flag", "collapse/compression_ratio"} <= set(scalars)
    events = list((tmp_path / "run" / "tb").glob("events.out.tfevents.*"))
    assert events and b"eval/greedy_pass@1" in b"".join(e.read_bytes() for e in events)


@pytest.mark.slow
def test_help_lists_every_flag():
    out = subprocess.run([sys.executable, "-m", "eval.evaluate", "--help"], capture_output=True, text=True).stdout
    for flag in ("--ckpt", "--adapter", "--suite", "--n-samples", "--temperature", "--out", "--samples"):
        assert flag in out
