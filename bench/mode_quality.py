"""Does the fast mode train as well? Pretraining in fp32 eager and in bf16 + compile at an equal
number of tokens (a fixed step count, not a time budget), on two or more seeds.

    python -m bench.mode_quality --data runs/DIR/data --out bench/results/2026-12-06-cpu-mode-quality.json \\
        --steps 400 --seeds 1337 2

Each (mode, seed) is one `train.pretrain` run of the `cpu` config with the same data (a built data
directory, used as it is: the runs name the sources its corpus manifest records), seed and schedule; only
`train.precision` and `train.compile` differ. The validation loss is measured the
same way in both (fp32, fixed batches: configs/device.py), every steps/4 steps. The verdict compares
the gap between the modes' mean final validation loss with the spread between seeds within a mode:
bf16 + compile keeps quality when the gap is no larger than that spread. Wall-clock times are
reported too, but the runs' evaluations and checkpoints sit inside them; bench.training measures speed.
"""
from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

import torch

from bench.timing import environment
from configs.errors import UserError, run_main
from configs.files import write_json
from data.pretrain.corpus import read_manifest
from train.config import PretrainConfig, load_config
from train.pretrain import train

MODES = {"fp32-eager": {"precision": "fp32", "compile": "off"}, "bf16-compiled": {"precision": "bf16", "compile": "on"}}


def run(data: Path, out_dir: Path, config: str, steps: int, seeds: list[int]) -> dict:
    src = read_manifest(data / "corpus")["sources"]  # other sources would rebuild the data in place
    runs = []
    for seed in seeds:
        for mode, switches in MODES.items():
            train_cfg = {"max_steps": steps, "time_budget": "", "eval_interval": max(1, steps // 4), "seed": seed,
                         "eval_suite": "", **switches}
            cfg = load_config(PretrainConfig, "pretrain", config,
                              {"train": train_cfg, "data": {"dir": str(data), "src": src}})
            start = time.perf_counter()
            result = train(cfg, out_dir / f"{mode}-seed-{seed}")
            runs.append({"mode": mode, "seed": seed, "seconds": time.perf_counter() - start, "tokens": result.tokens,
                         "val_losses": result.val_losses, "final_val_loss": result.val_losses[steps],
                         "final_train_loss": result.losses[steps], "speed": result.speed})
    return {"environment": environment(torch.device("cpu")), "config": config, "steps": steps, "seeds": seeds,
            "runs": runs, "verdict": verdict(runs)}


def verdict(runs: list[dict]) -> dict:
    """Mean final validation loss per mode, the seeds' spread within each, and the gap between modes."""
    finals = {mode: [r["final_val_loss"] for r in runs if r["mode"] == mode] for mode in MODES}
    means = {mode: statistics.fmean(values) for mode, values in finals.items()}
    spread = max(max(values) - min(values) for values in finals.values())
    gap = means["bf16-compiled"] - means["fp32-eager"]
    return {"mean_final_val_loss": means, "seed_spread": spread, "gap_bf16_minus_fp32": gap,
            "within_spread": abs(gap) <= spread}


def markdown(result: dict) -> str:
    steps = sorted({int(s) for r in result["runs"] for s in r["val_losses"]})
    lines = [f"| mode | seed | {' | '.join(f'val @ {s}' for s in steps)} | wall s | tokens |",
             "|---|---|" + "---|" * len(steps) + "---|---|"]
    for r in result["runs"]:
        losses = " | ".join(f"{r['val_losses'][s]:.4f}" for s in steps)
        lines.append(f"| {r['mode']} | {r['seed']} | {losses} | {r['seconds']:.0f} | {r['tokens']:,} |")
    v = result["verdict"]
    lines += ["", f"Mean final val loss: {', '.join(f'{m} {x:.4f}' for m, x in v['mean_final_val_loss'].items())}; "
                  f"gap {v['gap_bf16_minus_fp32']:+.4f}, seeds' spread {v['seed_spread']:.4f}: "
                  f"{'within' if v['within_spread'] else 'OUTSIDE'} the spread."]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.mode_quality", description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, required=True, help="a built data dir (corpus, tokenizer, shards)")
    parser.add_argument("--out", type=Path, required=True, help="JSON file to write")
    parser.add_argument("--runs", type=Path, default=Path("runs/mode_quality"), help="where the runs go")
    parser.add_argument("--config", default="cpu", help="pretraining config (default: cpu)")
    parser.add_argument("--steps", type=int, default=400, help="optimizer steps per run (default 400)")
    parser.add_argument("--seeds", type=int, nargs="+", default=[1337, 2], help="at least two (default 1337 2)")
    args = parser.parse_args(argv)
    if len(args.seeds) < 2 or args.steps < 4:
        raise UserError("--seeds needs at least two seeds and --steps at least 4: the verdict compares a spread")
    result = run(args.data, args.runs, args.config, args.steps, args.seeds)
    write_json(args.out, result)
    print(markdown(result))
    print(f"wrote {args.out}")


if __name__ == "__main__":
    run_main(main)
