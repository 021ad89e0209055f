"""`python -m train.ablation run|report [--out runs/ablation]`: which levers of the CPU recipe move it.

    python -m train.ablation run --seeds 1 2                 # every row × seed not run yet (hours)
    python -m train.ablation run --rows recipe lora --seeds 1
    python -m train.ablation report                          # table, JSON and plot of what has run

Design choices:
- A row is the `cpu` speedrun preset with one choice removed or changed, written as speedrun flags,
  so every row is one exact command (`--run.seed N` added per seed): no code forks, nothing a user
  cannot rerun from the table.
- Rows run one after another, never side by side: the recipe trains on wall-clock budgets, so a
  row that shared the cores with another would train less and look worse.
- A finished run (its speedrun.json) is never rerun: `run` can be stopped and started again.
- Rows that change only instruction tuning start from the recipe row's pretrained model of the same
  seed (`--run.base`), so they cost a quarter of a run and differ from the recipe in that one choice.
- `report` shows every seed's score, not only the mean: with 20 tasks a suite moves in steps of
  5 points, and two seeds of the same row show how much of a difference is noise.
- The budget rows (`half-budget`, `recipe`, `double-budget`) are one curve, score against training minutes:
  `report` draws it (budget-curve.png) once two of them have run, to say what more time would buy.
"""
from __future__ import annotations

import argparse
import json
import shlex
import statistics
from dataclasses import dataclass
from pathlib import Path

from configs.errors import UserError, run_main
from configs.files import atomic_open, make_dir, write_json
from eval.plotting import pyplot
from train import speedrun


@dataclass(frozen=True)
class Row:
    name: str
    change: str
    flags: tuple[str, ...] = ()
    reuse_base: bool = False  # instruction tuning only, on the recipe row's pretrained model of the same seed
    budget_minutes: int | None = None  # pretraining + instruction-tuning budget: a point of the budget curve


BASICS = ("basics_numbers", "basics_strings", "basics_lists")
ROWS = (
    Row("recipe", "the cpu preset as it is", budget_minutes=42),
    Row("lora", "a LoRA adapter (all projections, r 16, lr 3e-3) instead of full fine-tuning",
        ("--instruct.lora.enabled", "true", "--instruct.lora.targets", "all", "--instruct.lora.r", "16",
         "--instruct.train.lr", "3e-3"), reuse_base=True),
    Row("small-mix", "instruction data from 1,500 synthetic problems instead of 5,000",
        ("--run.instruct_problems", "1500"), reuse_base=True),
    Row("one-solution", "one solution per synthetic problem instead of up to three (the very same 5,000 problems)",
        ("--run.instruct_solutions", "1"), reuse_base=True),
    Row("no-basics", "no one-step `basics_*` problems in the code corpus or the instruction mix",
        ("--run.synth_exclude", *BASICS)),
    Row("stdlib-corpus", "pretrain on the standard library instead of the synthetic functions",
        ("--run.src", "stdlib", "--run.code_corpus", "0")),
    Row("tiny-model", "the 1.9M `tiny` shape (4 × d128) instead of 4.2M, same budgets",
        ("--pretrain.model.n_layer", "4", "--pretrain.model.n_head", "4", "--pretrain.model.d_model", "128",
         "--pretrain.model.d_mlp", "352")),
    Row("wide-model", "the 8.5M 8 × d256 shape instead of 4.2M: what the fast mode affords (7.6k tokens/s on AMX, 1.4× "
                      "the 4.2M model's fp32-eager rate)",
        ("--pretrain.model.n_layer", "8", "--pretrain.model.n_head", "8", "--pretrain.model.d_model", "256",
         "--pretrain.model.d_mlp", "704")),
    Row("context-256", "a 256-token context (batch 16 × 256, the same tokens a step) instead of 512",
        ("--pretrain.model.max_seq_len", "256", "--pretrain.train.seq_len", "256", "--pretrain.train.batch_size",
         "16")),
    Row("fp32-eager", "both trainers in fp32 eager, as before the CPU speed switches (fewer tokens in the same time)",
        ("--pretrain.train.precision", "fp32", "--pretrain.train.compile", "off",
         "--instruct.train.precision", "fp32", "--instruct.train.compile", "off")),
    # the budget rows are points of one curve, score against minutes: what the recipe would reach with more time
    # and no frame, which would shrink them on a slower CPU (train/frame.py)
    Row("half-budget", "half the minutes (14 + 7), the same data (under one pass of the code corpus)",
        ("--pretrain.train.time_budget", "14m", "--instruct.train.time_budget", "7m", "--run.frame", ""),
        budget_minutes=21),
    Row("double-budget", "twice the minutes (56 + 28) and twice the data (60,000 corpus and 10,000 instruction "
                         "problems), so no record repeats more often than in the recipe",
        ("--pretrain.train.time_budget", "56m", "--instruct.train.time_budget", "28m", "--run.code_corpus", "60000",
         "--run.instruct_problems", "10000", "--run.frame", ""), budget_minutes=84),
    Row("code-split", "a tokenizer whose pre-tokenizer keeps identifiers apart from punctuation (`(` + `numbers`, not "
                      "`(numbers`), so a name is one spelling wherever it stands",
        ("--pretrain.data.tokenizer_split", "code")),
    Row("renamed-params", "half the synthetic instruction problems with fresh parameter names, so the names must be "
                          "read off the signature (synth/rename.py; instruction tuning only)",
        ("--run.rename_params", "0.5"), reuse_base=True),
    Row("restyled-prompts", "half the synthetic instruction problems with their docstring wrapped, their examples "
                            "laid out another way and typing-module or no annotations (synth/restyle.py; "
                            "instruction tuning only)",
        ("--run.restyle", "0.5"), reuse_base=True),
)


def command(row: Row, out: Path, seed: int) -> list[str]:
    base = ["--run.base", str(run_dir(out, ROWS[0], seed) / "pretrain" / "best")] if row.reuse_base else []
    return ["--preset", "cpu", "--out", str(run_dir(out, row, seed)), "--run.seed", str(seed), *base, *row.flags]


def run_dir(out: Path, row: Row, seed: int) -> Path:
    return out / row.name / f"seed-{seed}"


def pick(names: list[str] | None) -> list[Row]:
    known = {row.name: row for row in ROWS}
    unknown = sorted(set(names or []) - set(known))
    if unknown:
        raise UserError(f"unknown rows {unknown} (rows: {', '.join(known)})")
    return [known[name] for name in names] if names else list(ROWS)


def run(out: Path, rows: list[Row], seeds: list[int]) -> None:
    for row in rows:
        for seed in seeds:
            if (run_dir(out, row, seed) / "speedrun.json").is_file():
                print(f"{row.name} seed {seed}: done already")
                continue
            print(f"{row.name} seed {seed}: python -m train.speedrun {shlex.join(command(row, out, seed))}")
            speedrun.main(command(row, out, seed))


def greedy_syntax(suite: dict) -> bool:
    """Whether a suite's syntax_valid is its greedy completions' share: speedruns before 2026-12-07 mixed
    HumanEval's greedy and sampled completions into one share (and wrote no sampled share beside it)."""
    return "sampled" not in suite or "syntax_valid" in suite["sampled"]


def results(out: Path, rows: list[Row]) -> list[dict]:
    """One entry per row with the finished seeds' numbers."""
    table = []
    for row in rows:
        seeds = []
        for path in sorted((out / row.name).glob("seed-*/speedrun.json")):
            report = json.loads(path.read_text())
            stages = {s["stage"]: s for s in report["stages"]}
            suites = stages["evaluate"]["suites"]
            seeds.append({"seed": report["run"]["seed"], "minutes": report["total_seconds"] / 60,
                          "training_minutes": training_minutes(stages, row),
                          "pretrain_steps": stages["pretrain"]["steps"] if "pretrain" in stages else 0,
                          "instruct_steps": stages["instruct"]["steps"],
                          "val_response_loss": stages["instruct"]["best_val_response_loss"],
                          **{f"{name}_pass@1": s["pass@1"] for name, s in suites.items()},
                          **{f"{name}_syntax": s["syntax_valid"] for name, s in suites.items() if greedy_syntax(s)},
                          **{f"{name}_sampled_{k}": v for name, s in suites.items()
                             for k, v in s.get("sampled", {}).items() if k.startswith("pass@")},
                          "collapse_flags": sum(s["collapse"] for s in suites.values())})
        table.append({"row": row.name, "change": row.change, "flags": list(row.flags), "reuse_base": row.reuse_base,
                      "budget_minutes": row.budget_minutes, "seeds": seeds})
    return table


def training_minutes(stages: dict[str, dict], row: Row) -> float | None:
    """The trainers' budgets as the run had them: the row's, or where the frame shrank them (a slower CPU), those."""
    if "frame" in stages:
        return sum(stages["frame"]["fitted_s"].values()) / 60
    return row.budget_minutes


def cell(seeds: list[dict], key: str, fmt: str) -> str:
    values = [s[key] for s in seeds if key in s]
    if not values:
        return "—"
    each = " / ".join(format(v, fmt) for v in values)
    return f"**{format(statistics.mean(values), fmt)}** ({each})" if len(values) > 1 else each


def markdown(table: list[dict], out: Path) -> str:
    lines = ["| row | change | seeds | mini pass@1 | check pass@1 | HumanEval greedy | HumanEval pass@1 / pass@10 "
             "(sampled) | MBPP 3-shot | MBPP 0-shot | syntax valid (mini; HumanEval; MBPP 0-shot) | collapse flags | "
             "held-out response loss | "
             "wall time (min) | pretrain / instruct steps |", "|" + "---|" * 15]
    for entry in table:
        s = entry["seeds"]
        syntax = "; ".join(cell(s, f"{name}_syntax", ".0%") for name in ("mini", "humaneval", "mbpp-instruct"))
        steps = " / ".join(f"{x['pretrain_steps'] or 'recipe'}+{x['instruct_steps']}" for x in s) or "—"
        sampled = f"{cell(s, 'humaneval_sampled_pass@1', '.3f')} / {cell(s, 'humaneval_sampled_pass@10', '.3f')}"
        lines.append(f"| {entry['row']} | {entry['change']} | {len(s)} | {cell(s, 'mini_pass@1', '.2f')} | "
                     f"{cell(s, 'check_pass@1', '.2f')} | {cell(s, 'humaneval_pass@1', '.3f')} | {sampled} | "
                     f"{cell(s, 'mbpp_pass@1', '.3f')} | {cell(s, 'mbpp-instruct_pass@1', '.3f')} | "
                     f"{syntax} | "
                     f"{sum(x['collapse_flags'] for x in s)} | {cell(s, 'val_response_loss', '.3f')} | "
                     f"{cell(s, 'minutes', '.1f')} | {steps} |")
    lines += ["", "Commands (N = the seed):", ""]
    base = f" --run.base {out}/{ROWS[0].name}/seed-N/pretrain/best"
    lines += [f"- {entry['row']}: `python -m train.speedrun --preset cpu --out {out}/{entry['row']}/seed-N "
              f"--run.seed N{base if entry['reuse_base'] else ''}"
              f"{' ' + shlex.join(entry['flags']) if entry['flags'] else ''}`" for entry in table]
    lines += ["", "Rows with `--run.base` instruction-tune the recipe's pretrained model of the same seed: their "
              "wall time leaves out that pretraining (`recipe` in the steps column)."]
    return "\n".join(lines) + "\n"


def plot(path: Path, table: list[dict]) -> bool:
    """Draw the PNG; False without matplotlib."""
    plt = pyplot(path)
    if plt is None:
        return False
    fig, ax = plt.subplots(figsize=(8, 4), dpi=100)
    for offset, (suite, color) in enumerate((("mini", "tab:blue"), ("check", "tab:orange"))):
        for i, entry in enumerate(table):
            values = [s[f"{suite}_pass@1"] for s in entry["seeds"] if f"{suite}_pass@1" in s]
            x = i + (offset - 0.5) * 0.3
            ax.scatter([x] * len(values), values, color=color, s=25, label=suite if i == 0 else None, zorder=3)
            if values:
                ax.hlines(statistics.mean(values), x - 0.12, x + 0.12, color=color, linewidth=2)
    ax.set_xticks(range(len(table)), [entry["row"] for entry in table], rotation=20, ha="right")
    ax.set(ylabel="greedy pass@1 (each seed; bar = mean)", ylim=(-0.02, 1.02), title="CPU recipe ablations")
    ax.grid(alpha=0.3, axis="y")
    ax.legend(loc="upper right", fontsize="small")
    fig.tight_layout()
    with atomic_open(path, "wb") as f:
        fig.savefig(f, format="png")
    plt.close(fig)
    return True


CURVE_PANELS = (
    ("solved (greedy)", (("mini_pass@1", "mini"), ("check_pass@1", "check"))),
    ("benchmarks", (("humaneval_pass@1", "HumanEval greedy"), ("humaneval_sampled_pass@1", "HumanEval sampled pass@1"),
                    ("mbpp-instruct_pass@1", "MBPP 0-shot"))),
    ("syntax valid", (("mini_syntax", "mini"), ("humaneval_syntax", "HumanEval"),
                      ("mbpp-instruct_syntax", "MBPP 0-shot"))),
)


def curve(path: Path, table: list[dict]) -> bool:
    """Score against minutes: the budget rows' seeds (dots) and means (lines); False when fewer than two points
    have run or without matplotlib."""
    points = sorted((e for e in table if e["budget_minutes"] and e["seeds"]), key=lambda e: e["budget_minutes"])
    if len(points) < 2:
        return False
    plt = pyplot(path)
    if plt is None:
        return False
    # where a frame shrank a row's budgets, its point stands at the minutes its seeds had (their mean)
    minutes = [statistics.mean(s.get("training_minutes") or e["budget_minutes"] for s in e["seeds"]) for e in points]
    fig, axes = plt.subplots(1, len(CURVE_PANELS), figsize=(13, 3.8), dpi=100)
    for ax, (title, series) in zip(axes, CURVE_PANELS):
        for key, label in series:
            seeds = [[s[key] for s in e["seeds"] if key in s] for e in points]
            line = ax.plot([m for m, v in zip(minutes, seeds) if v], [statistics.mean(v) for v in seeds if v],
                           marker="", label=label)[0]
            for m, values in zip(minutes, seeds):
                ax.scatter([m] * len(values), values, color=line.get_color(), s=18, zorder=3)
        ax.set_xscale("log", base=2)
        ax.set_xticks(minutes, [f"{m:.0f}" for m in minutes])
        ax.set(title=title, xlabel="training minutes (pretrain + instruct)", ylim=(0, None))
        ax.grid(alpha=0.3)
        ax.legend(fontsize="x-small")
    fig.tight_layout()
    with atomic_open(path, "wb") as f:
        fig.savefig(f, format="png")
    plt.close(fig)
    return True


def report(out: Path, rows: list[Row]) -> str:
    table = results(out, rows)
    if not any(entry["seeds"] for entry in table):
        raise UserError(f"{out}: no finished runs (speedrun.json) yet: run `python -m train.ablation run` first")
    text = markdown(table, out)
    write_json(out / "ablation.json", table)
    with atomic_open(out / "ablation.md") as f:
        f.write(text)
    if plot(out / "ablation.png", table):
        print(f"wrote {out}/ablation.png")
    if curve(out / "budget-curve.png", table):
        print(f"wrote {out}/budget-curve.png (score against training minutes)")
    return text


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m train.ablation", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("action", choices=("run", "report"))
    parser.add_argument("--out", type=Path, default=Path("runs/ablation"), help="folder of every row's runs")
    parser.add_argument("--rows", nargs="+", help=f"rows (default: all: {', '.join(r.name for r in ROWS)})")
    parser.add_argument("--seeds", type=int, nargs="+", default=[1337, 2], help="run.seed of each run of a row")
    args = parser.parse_args(argv)
    rows = pick(args.rows)
    make_dir(args.out, "ablation folder")
    if args.action == "run":
        run(args.out, rows, args.seeds)
    print(report(args.out, rows))
    print(f"wrote {args.out}/ablation.md, ablation.json")


if __name__ == "__main__":
    run_main(main)
