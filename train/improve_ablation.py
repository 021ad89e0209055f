"""`python -m train.improve_ablation run|report`: does self-improvement beat more instruction tuning at equal time?

    python -m train.improve_ablation run --recipe runs/ablation/recipe/seed-1337 --minutes 6 --out runs/improve-ab
    python -m train.improve_ablation report --out runs/improve-ab

From one finished recipe run (a `train.speedrun` directory), each row spends the same N more minutes:

    recipe      the recipe's final model as it is (its own speedrun's scores, no extra time)
    more-sft    N more minutes of plain instruction tuning from it: the recipe's instruct config at the
                improve stage's learning rate (so only the data differs), on the recipe's own mix and held-out
                side (best held-out checkpoint, as the recipe picks)
    expert      N minutes of train.improve, expert iteration (its latest checkpoint: it selects nothing)
    pg          N minutes of train.improve, policy gradient

Design choices:
- Each row is one exact command (printed and stored), run in this process one after another, never side by
  side: the budgets are wall clock, and a row that shared the cores would train less.
- Every row's final model is scored the same way (train.speedrun.evaluate_final, greedy): mini, check, HumanEval,
  MBPP's test split 3-shot and 0-shot (mbpp-instruct); the recipe row takes the greedy scores its own speedrun
  computed on that code path (greedy decoding is deterministic), or computes them when the report lacks them.
  The row's wall time (training, its data or pool, evaluation apart) is stored beside it.
- A finished row (its result.json) is not rerun; `report` prints the table of every seed found under --out
  (seed-N folders), each seed's value beside the mean, and writes report.json.
"""
from __future__ import annotations

import argparse
import json
import shlex
import statistics
import time
from pathlib import Path

from configs.errors import UserError, run_main
from configs.files import make_dir, write_json
from lora import load_for_inference
from train import improve, instruct
from train.config import ImproveLoopConfig, SpeedrunStages
from train.speedrun import evaluate_final

ROWS = ("recipe", "more-sft", "expert", "pg")
SUITES = ("mini", "check", "humaneval", "mbpp", "mbpp-instruct")


def recipe_files(recipe: Path) -> dict:
    report = recipe / "speedrun.json"
    if not report.is_file():
        raise UserError(f"{report}: not found (--recipe takes a finished train.speedrun directory)")
    run = json.loads(report.read_text())
    if run["final_model"]["adapter"]:
        raise UserError(f"{recipe}: a LoRA recipe; these rows start from a fully fine-tuned model")
    mix = recipe / "instruct_data"
    scores = next((s["suites"] for s in run["stages"] if s["stage"] == "evaluate"), {}) if "stages" in run else {}
    return {"ckpt": run["final_model"]["ckpt"], "seed": run["run"]["seed"], "train": str(mix / "train.jsonl"),
            "val": str(mix / "val.jsonl"), "scores": scores}


def command(row: str, files: dict, minutes: float, out: Path, extra: tuple[str, ...] = ()) -> list[str]:
    budget = f"{minutes:g}m"
    if row == "more-sft":
        return ["--config", "cpu", "--init", files["ckpt"], "--data", files["train"], "--data.val_files",
                files["val"], "--train.time_budget", budget, "--train.lr", f"{ImproveLoopConfig().lr:g}",
                "--train.warmup_steps", "10", "--train.seed", str(files["seed"]), "--out", str(out)]
    return ["--init", files["ckpt"], "--method", row, "--train.time_budget", budget, "--train.max_steps", "0",
            "--improve.exclude", files["train"], "--train.seed", str(files["seed"]), "--out", str(out), *extra]


def run_row(row: str, recipe: Path, minutes: float, out: Path, suites: tuple[str, ...] = SUITES,
            improve_flags: tuple[str, ...] = ()) -> dict:
    files = recipe_files(recipe)
    where = out / row
    if (where / "result.json").is_file():
        print(f"{row}: done before ({where / 'result.json'})")
        return json.loads((where / "result.json").read_text())
    started = time.perf_counter()
    if row == "recipe":
        final, cmd = files["ckpt"], []
    else:
        cmd = command(row, files, minutes, where / "run", improve_flags)
        print(f"{row}: python -m train.{'instruct' if row == 'more-sft' else 'improve'} {shlex.join(cmd)}")
        (instruct.main if row == "more-sft" else improve.main)(cmd)
        final = str((where / "run" / ("best" if row == "more-sft" else "latest")).resolve())
    train_s = time.perf_counter() - started
    started = time.perf_counter()
    if row == "recipe" and all(s in files["scores"] for s in suites):
        scores = {s: files["scores"][s] for s in suites}  # the speedrun scored it greedily on the same code path
    else:
        loaded = load_for_inference(Path(final))
        stages = SpeedrunStages(suites=list(suites), humaneval_samples=0, seed=files["seed"])
        scores = evaluate_final(loaded.model, loaded.tokenizer, stages)
    result = {"row": row, "recipe": str(recipe), "seed": files["seed"], "minutes": 0 if row == "recipe" else minutes,
              "command": cmd, "final_model": final, "train_seconds": train_s,
              "eval_seconds": time.perf_counter() - started, "scores": scores}
    make_dir(where, "row folder")
    write_json(where / "result.json", result)
    return result


def cell(values: list[float], fmt: str) -> str:
    if len(values) == 1:
        return format(values[0], fmt)
    return f"**{format(statistics.fmean(values), fmt)}** ({' / '.join(format(v, fmt) for v in values)})"


def report(out: Path) -> str:
    results = [json.loads(p.read_text()) for p in sorted(out.glob("seed-*/*/result.json"))]
    if not results:
        raise UserError(f"{out}: no finished rows (run `python -m train.improve_ablation run` first)")
    header = ["row", "seeds", *[f"{s} solved" for s in SUITES], "syntax (mini / check)", "collapse flags",
              "extra minutes", "wall (min, evaluation apart)"]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for row in ROWS:
        rs = sorted((r for r in results if r["row"] == row), key=lambda r: r["seed"])
        if not rs:
            continue
        solved = [cell([float(r["scores"][s]["solved"]) for r in rs if s in r["scores"]], ".1f")
                  if any(s in r["scores"] for r in rs) else "—" for s in SUITES]
        syntax = " / ".join(cell([100 * r["scores"][s]["syntax_valid"] for r in rs], ".0f") if s in rs[0]["scores"]
                            else "—" for s in ("mini", "check"))
        flags = sum(bool(v["collapse"]) for r in rs for v in r["scores"].values())
        wall = cell([r["train_seconds"] / 60 for r in rs], ".1f")
        lines.append(f"| {row} | {', '.join(str(r['seed']) for r in rs)} | " + " | ".join(solved) +
                     f" | {syntax} | {flags} | {rs[0]['minutes']:g} | {wall} |")
    write_json(out / "report.json", results)
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m train.improve_ablation", description=__doc__.split("\n\n")[0])
    parser.add_argument("action", choices=("run", "report"))
    parser.add_argument("--recipe", type=Path, help="a finished train.speedrun directory (run)")
    parser.add_argument("--minutes", type=float, default=6.0, help="extra wall-clock minutes per row (run)")
    parser.add_argument("--rows", nargs="+", default=list(ROWS), choices=ROWS)
    parser.add_argument("--suites", nargs="+", default=list(SUITES), help="suites each row's final model solves")
    parser.add_argument("--improve-flags", default="", help="more flags for the train.improve rows, one string "
                                                            "(e.g. \"--improve.problems 64\")")
    parser.add_argument("--out", type=Path, default=Path("runs/improve-ablation"))
    args = parser.parse_args(argv)
    if args.action == "report":
        print(report(args.out))
        return
    if args.recipe is None:
        raise UserError("run needs --recipe DIR (a finished train.speedrun directory)")
    seed_dir = args.out / f"seed-{recipe_files(args.recipe)['seed']}"
    for row in args.rows:
        run_row(row, args.recipe, args.minutes, seed_dir, tuple(args.suites), tuple(shlex.split(args.improve_flags)))
    print(report(args.out))


if __name__ == "__main__":
    run_main(main)
