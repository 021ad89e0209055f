"""Judge completions by running them: score in the sandbox, then summarize.

`evaluate_model` generates and scores; `score_samples` scores completions from anywhere (a samples
file, a training loop). Both return an `EvalResult` whose `summary` is what summary.json holds and
whose `scalars()` a training loop logs to TensorBoard.

Summary choices:
- greedy pass@1 is the headline; with sampling, pass@k (Chen et al.'s unbiased estimator) for each
  k in 1, 10, 100 that every task has enough samples for, from the non-greedy samples only;
- syntax validity = `ast.parse` of the program the sandbox runs, minus the tests (prompt +
  completion for HumanEval style, the completion alone for MBPP style);
- every verdict falls in one category: passed, wrong answer (a failed assert), syntax error,
  timeout, out of memory, or the exception type of any other error; counted overall and per task;
- mode-collapse metrics (eval/collapse.py) over the same completions;
- the time split between generation and the sandbox, and the sandbox layers that were active.
"""
from __future__ import annotations

import ast
import time
from collections import Counter
from dataclasses import dataclass

from data.pretrain.tokenizer import Tokenizer
from eval.collapse import collapse_report
from eval.generation import GenerationConfig, complete
from eval.passk import mean_pass_at_k
from eval.samples import Sample, ScoredSample
from eval.sandbox import SandboxConfig, run_programs
from eval.suites import Suite, Task
from model.model import Transformer

KS = (1, 10, 100)
CATEGORY = {"passed": "passed", "failed": "wrong answer", "syntax_error": "syntax error", "timeout": "timeout",
            "oom": "out of memory"}


@dataclass
class EvalResult:
    summary: dict
    scored: list[ScoredSample]

    def scalars(self) -> dict[str, float]:
        s = self.summary
        values = {"eval/greedy_pass@1": s["greedy_pass@1"], "eval/syntax_valid": s["syntax_valid"]}
        values |= {f"eval/{name}": v for name, v in s["pass@k"].items()}
        return {name: v for name, v in values.items() if v is not None} | s["collapse"]["scalars"]


def category(status: str, error_type: str) -> str:
    return CATEGORY.get(status, error_type or status)


BRACKET_MESSAGES = ("unmatched", "was never closed", "does not match opening parenthesis")


def parse_outcome(task: Task, completion: str) -> str:
    """"parses", or why the program does not: "bracket" (unmatched, never closed or closed by the wrong kind),
    "indentation" (IndentationError, TabError) or "other"."""
    code = completion if task.style == "mbpp" else task.prompt + completion
    try:
        ast.parse(code)
    except IndentationError:  # TabError is one
        return "indentation"
    except SyntaxError as err:
        return "bracket" if any(m in (err.msg or "") for m in BRACKET_MESSAGES) else "other"
    except ValueError:  # a NUL byte in the completion
        return "other"
    return "parses"


def syntax_valid(task: Task, completion: str) -> bool:
    return parse_outcome(task, completion) == "parses"


def score_samples(suite: Suite, samples: list[Sample], sandbox: SandboxConfig = SandboxConfig(),
                  workers: int | None = None, generation_s: float = 0.0, progress: bool = False) -> EvalResult:
    tasks = suite.by_id()
    start = time.perf_counter()
    verdicts = run_programs([tasks[s.task_id].program(s.completion) for s in samples], sandbox, workers, progress)
    sandbox_s = time.perf_counter() - start
    scored = [ScoredSample(s, v, syntax_valid(tasks[s.task_id], s.completion)) for s, v in zip(samples, verdicts)]
    return EvalResult(summarize(suite, scored, generation_s, sandbox_s), scored)


def evaluate_model(model: Transformer, tokenizer: Tokenizer, suite: Suite,
                   generation: GenerationConfig = GenerationConfig(), sandbox: SandboxConfig = SandboxConfig(),
                   workers: int | None = None, progress: bool = False) -> EvalResult:
    """Generate completions for every task of `suite` and score them."""
    start = time.perf_counter()
    samples = complete(model, tokenizer, suite.tasks, generation, progress)
    return score_samples(suite, samples, sandbox, workers, time.perf_counter() - start, progress)


def pass_counts(scored: list[ScoredSample], task_ids: list[str], greedy: bool) -> list[tuple[int, int]]:
    """(n, c) per task that has samples of this kind."""
    n, c = Counter(), Counter()
    for s in scored:
        if s.sample.greedy == greedy:
            n[s.sample.task_id] += 1
            c[s.sample.task_id] += s.verdict.passed
    return [(n[t], c[t]) for t in task_ids if n[t]]


def share_valid(scored: list[ScoredSample]) -> float | None:
    return sum(s.syntax_valid for s in scored) / len(scored) if scored else None


def summarize(suite: Suite, scored: list[ScoredSample], generation_s: float, sandbox_s: float) -> dict:
    task_ids = [t.task_id for t in suite.tasks]
    greedy = pass_counts(scored, task_ids, greedy=True)
    sampled = pass_counts(scored, task_ids, greedy=False)
    n_min = min((n for n, _ in sampled), default=0)
    per_task: dict[str, Counter] = {t: Counter() for t in task_ids}
    for s in scored:
        per_task[s.sample.task_id][category(s.verdict.status, s.verdict.error_type)] += 1
    # collapse metrics read the sampled completions when there are any, else the greedy ones
    kind = bool(not sampled)
    by_task: dict[str, list[str]] = {}
    for s in scored:
        if s.sample.greedy == kind:
            by_task.setdefault(s.sample.task_id, []).append(s.sample.completion)
    collapse = collapse_report(by_task)
    layer_sets = [set(s.verdict.layers) for s in scored if s.verdict.layers]
    return {
        "suite": suite.name,
        "tasks": len(task_ids),
        "tasks_scored": sum(1 for t in task_ids if per_task[t]),
        "samples": len(scored),
        "samples_per_task": n_min,
        "greedy_pass@1": sum(c for _, c in greedy) / len(greedy) if greedy else None,
        "greedy_solved": sum(c for _, c in greedy),
        "pass@k": {f"pass@{k}": mean_pass_at_k(sampled, k) for k in KS if sampled and n_min >= k},
        "syntax_valid": share_valid(scored),
        # greedy and sampled apart: at T = 0.8 far fewer completions parse, and a mixed share hides the greedy one
        "syntax_valid_greedy": share_valid([s for s in scored if s.sample.greedy]),
        "syntax_valid_sampled": share_valid([s for s in scored if not s.sample.greedy]),
        "categories": dict(Counter(c for counts in per_task.values() for c in counts.elements()).most_common()),
        "per_task": {t: dict(per_task[t]) for t in task_ids if per_task[t]},
        "collapse": {"flag": collapse.collapsed, "reasons": list(collapse.reasons), "scalars": collapse.scalars()},
        "time": {"generation_s": round(generation_s, 3), "sandbox_s": round(sandbox_s, 3),
                 "sandbox_programs_per_s": round(len(scored) / sandbox_s, 1) if sandbox_s > 0 else None},
        "sandbox_layers": sorted(set.intersection(*layer_sets)) if layer_sets else [],
    }
