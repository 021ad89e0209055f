"""`python -m eval.sweep RUN_DIR`: evaluate every saved checkpoint of a run and pick the best.

The last checkpoint is often not the best one: instruction tuning overfits and small models
collapse late. The sweep scores each `checkpoints/step_N` of a pretraining, full fine-tuning or
LoRA run (an adapter goes on the base checkpoint it records) on one suite and writes, to
RUN_DIR/sweep/<suite>/ unless --out says otherwise:

- sweep.md and sweep.json: per step, greedy pass@1 (and pass@k when sampling), syntax validity,
  the collapse flag and metrics, and verdict categories; the best step; regressions (a task solved
  at one step and lost at the next); and tasks whose error type changed between steps;
- sweep.png: score against step, collapsed steps marked;
- step_N/: the full evaluation of each checkpoint (samples.jsonl, summary.json, report.md).

Best = highest greedy pass@1 (pass@1 when sampling), then not collapsed, then higher syntax
validity, then the later step.
"""
from __future__ import annotations

import argparse
from dataclasses import dataclass
from pathlib import Path

from configs.device import pick_device
from configs.errors import UserError, run_main
from configs.files import atomic_open, make_dir, write_json
from eval.generation import add_generation_flags, generation_from_args
from eval.harness import EvalResult, evaluate_model
from eval.plotting import pyplot
from eval.report import write_results
from eval.sandbox import SandboxConfig
from eval.suites import DEFAULT_DATA_DIR, SUITE_NAMES, load_suite
from lora import load_for_inference


@dataclass
class StepResult:
    step: int
    path: Path
    summary: dict
    solved: set[str]             # tasks with a passing completion
    main_category: dict[str, str]  # task -> its most frequent verdict category

    @property
    def score(self) -> float:
        s = self.summary
        return s["greedy_pass@1"] if s["greedy_pass@1"] is not None else s["pass@k"].get("pass@1", 0.0)

    def rank_key(self) -> tuple:
        return self.score, not self.summary["collapse"]["flag"], self.summary["syntax_valid"], self.step

# GenerationConfig's fields this command takes as flags
GENERATION_FLAGS = ("n_samples", "temperature", "max_new_tokens", "batch_size")


def checkpoints(run_dir: Path) -> list[tuple[int, Path]]:
    found = sorted((int(p.name.removeprefix("step_")), p) for p in (run_dir / "checkpoints").glob("step_*")
                   if p.is_dir() and p.name.removeprefix("step_").isdigit())
    if not found:
        raise UserError(f"{run_dir}: no checkpoints/step_N folders (is it a run directory of train.pretrain "
                        "or train.instruct?)")
    return found


def step_result(step: int, path: Path, result: EvalResult) -> StepResult:
    solved = {s.sample.task_id for s in result.scored if s.verdict.passed}
    main = {task: max(counts, key=counts.get) for task, counts in result.summary["per_task"].items()}
    return StepResult(step, path, result.summary, solved, main)


def regressions(steps: list[StepResult]) -> list[dict]:
    return [{"task": task, "solved_at": prev.step, "lost_at": cur.step}
            for prev, cur in zip(steps, steps[1:]) for task in sorted(prev.solved - cur.solved)]


def category_changes(steps: list[StepResult]) -> list[dict]:
    return [{"task": task, "step": cur.step, "from": prev.main_category[task], "to": cur.main_category[task]}
            for prev, cur in zip(steps, steps[1:]) for task in sorted(cur.main_category)
            if task in prev.main_category and prev.main_category[task] != cur.main_category[task]]


def table(steps: list[StepResult], best: StepResult) -> list[str]:
    ks = sorted({name for s in steps for name in s.summary["pass@k"]})
    head = ["step", "greedy pass@1", *ks, "syntax valid", "collapse", "seq-rep-4", "degenerate", "top verdicts"]
    rows = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for s in steps:
        c = s.summary["collapse"]
        greedy = s.summary["greedy_pass@1"]
        top = ", ".join(f"{name} {n}" for name, n in list(s.summary["categories"].items())[:3])
        cells = [f"**{s.step}**" if s is best else str(s.step),
                 "—" if greedy is None else f"{greedy:.3f} ({s.summary['greedy_solved']})",
                 *(f"{s.summary['pass@k'].get(k, float('nan')):.3f}" for k in ks),
                 f"{s.summary['syntax_valid']:.1%}", "COLLAPSED" if c["flag"] else "ok",
                 f"{c['scalars']['collapse/seq_rep_4']:.2f}", f"{c['scalars']['collapse/degenerate_rate']:.2f}", top]
        rows.append("| " + " | ".join(cells) + " |")
    return rows


def markdown(run_dir: Path, suite: str, steps: list[StepResult], best: StepResult, lost: list[dict],
             changes: list[dict]) -> str:
    lines = [f"# Sweep of {run_dir} on {suite}", "",
             f"Best: step {best.step} (score {best.score:.3f}; last step {steps[-1].step} scores "
             f"{steps[-1].score:.3f}) — {best.path}", "", *table(steps, best), "", "## Regressions", ""]
    lines += [f"- {r['task']}: solved at step {r['solved_at']}, lost at step {r['lost_at']}" for r in lost] or ["none"]
    lines += ["", "## Error-type changes", ""]
    lines += [f"- {c['task']} at step {c['step']}: {c['from']} → {c['to']}" for c in changes] or ["none"]
    return "\n".join(lines) + "\n"


def plot(path: Path, steps: list[StepResult], best: StepResult, suite: str) -> bool:
    """Draw the PNG; False without matplotlib."""
    plt = pyplot(path)
    if plt is None:
        return False
    xs = [s.step for s in steps]
    fig, ax = plt.subplots(figsize=(7, 4), dpi=100)
    ax.plot(xs, [s.score for s in steps], marker="o", label="pass@1")
    ax.plot(xs, [s.summary["syntax_valid"] for s in steps], marker=".", linestyle="--", label="syntax valid")
    collapsed = [s for s in steps if s.summary["collapse"]["flag"]]
    if collapsed:
        ax.scatter([s.step for s in collapsed], [s.score for s in collapsed], color="red", zorder=3,
                   label="collapse flagged")
    ax.axvline(best.step, color="green", alpha=0.4, label=f"best (step {best.step})")
    ax.set(xlabel="step", ylabel="share of tasks", ylim=(-0.02, 1.02), title=f"{suite}: score against step")
    ax.grid(alpha=0.3)
    ax.legend(loc="best", fontsize="small")
    fig.tight_layout()
    with atomic_open(path, "wb") as f:
        fig.savefig(f, format="png")
    plt.close(fig)
    return True


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(prog="python -m eval.sweep", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("run_dir", type=Path, help="a run directory with checkpoints/step_N folders")
    parser.add_argument("--suite", default="mini", help=f"{' | '.join(SUITE_NAMES)} | path to a HumanEval-format JSONL")
    parser.add_argument("--data-dir", type=Path, default=DEFAULT_DATA_DIR,
                        help="where HumanEval.jsonl.gz and mbpp.jsonl are")
    add_generation_flags(parser, GENERATION_FLAGS)
    parser.add_argument("--out", type=Path, help="output folder (default: RUN_DIR/sweep/<suite>)")
    parser.add_argument("--device", default="auto", help="auto | cpu | cuda | cuda:N")
    args = parser.parse_args(argv)

    suite = load_suite(args.suite, args.data_dir)
    found = checkpoints(args.run_dir)
    generation = generation_from_args(args, GENERATION_FLAGS)
    out = make_dir(args.out or args.run_dir / "sweep" / suite.name, "sweep output folder")
    device, steps = pick_device(args.device), []
    for step, path in found:
        loaded = load_for_inference(path, device)
        result = evaluate_model(loaded.model, loaded.tokenizer, suite, generation, SandboxConfig())
        write_results(out / f"step_{step:06d}", result, {"checkpoint": str(path), "step": step})
        steps.append(step_result(step, path, result))
        print(f"step {step}: score {steps[-1].score:.3f}, syntax valid {result.summary['syntax_valid']:.1%}"
              f"{', COLLAPSED' if result.summary['collapse']['flag'] else ''}")
    best = max(steps, key=StepResult.rank_key)
    lost, changes = regressions(steps), category_changes(steps)
    report = {"run_dir": str(args.run_dir), "suite": suite.name, "best_step": best.step,
              "best_checkpoint": str(best.path),
              "steps": [{"step": s.step, "checkpoint": str(s.path), "score": s.score, **s.summary} for s in steps],
              "regressions": lost, "category_changes": changes}
    write_json(out / "sweep.json", report)
    with atomic_open(out / "sweep.md") as f:
        f.write(markdown(args.run_dir, suite.name, steps, best, lost, changes))
    drawn = plot(out / "sweep.png", steps, best, suite.name)
    print("\n".join(table(steps, best)))
    print(f"best: step {best.step} ({best.path}); {len(lost)} regressions; wrote {out}/sweep.md, sweep.json"
          f"{', sweep.png' if drawn else ''}")
    return report


if __name__ == "__main__":
    run_main(main)
