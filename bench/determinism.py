"""Are fresh training runs bit-identical? Runs the same short pretraining in fresh processes under
conditions that should not matter, and compares every loss and the step-1 gradients bit for bit.

    python -m bench.determinism                                   # tiny on the default data, 30 steps
    python -m bench.determinism --steps 6 --out bench/results/DATE-cpu-determinism.json
    python -m bench.determinism --precision bf16 --compile on   # the fast mode

Conditions, each its own process: plain; 1 and 2 threads (OMP_NUM_THREADS); a random
PYTHONHASHSEED; MALLOC_PERTURB_ set (glibc then fills fresh and freed memory with a pattern, so a
read of uninitialized memory changes the numbers); another working directory; two processes at
once. Prints one row per process and writes JSON (machine, versions, conditions, hashes); exits 1
if any process differs from the first. The determinism statement of BENCHMARKS.md (and the README's
headline) is this command's result.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import random
import subprocess
import sys
import tempfile
from pathlib import Path

import torch

from configs.device import cpu_info
from configs.errors import UserError, run_main
from configs.files import write_json

ROOT = Path(__file__).resolve().parents[1]
CONDITIONS = {
    "plain": {},
    "1 thread": {"OMP_NUM_THREADS": "1"},
    "2 threads": {"OMP_NUM_THREADS": "2"},
    "random PYTHONHASHSEED": {"PYTHONHASHSEED": "RANDOM"},
    "MALLOC_PERTURB_=77": {"MALLOC_PERTURB_": "77"},
    "other cwd": {"CWD": "TMP"},
}
CHILD = """
import hashlib, json, sys, torch
from train.pretrain import main
grads = []
real = torch.nn.utils.clip_grad_norm_
def clip(params, max_norm):
    params = list(params)
    if not grads:
        grads.append(hashlib.sha256(b"".join(p.grad.detach().numpy().tobytes() for p in params)).hexdigest())
    return real(params, max_norm)
torch.nn.utils.clip_grad_norm_ = clip
result = main(sys.argv[1:])
print("RESULT " + json.dumps({"step1_grads": grads[0], "losses": [result.losses[s] for s in sorted(result.losses)]}))
"""


def child(flags: list[str], env_extra: dict[str, str], out: Path) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    cwd = ROOT
    for key, value in env_extra.items():
        if key == "CWD":
            cwd = Path(tempfile.mkdtemp())
        else:
            env[key] = str(random.randrange(1, 2**31)) if value == "RANDOM" else value
    return subprocess.Popen([sys.executable, "-c", CHILD, *flags, "--out", str(out)], cwd=cwd, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def finish(proc: subprocess.Popen) -> dict:
    stdout, stderr = proc.communicate(timeout=1800)
    lines = [line for line in stdout.splitlines() if line.startswith("RESULT ")]
    if proc.returncode != 0 or not lines:
        raise UserError(f"a training process failed (exit {proc.returncode}): {stderr.strip().splitlines()[-1:]}")
    record = json.loads(lines[0][len("RESULT "):])
    record["losses_sha256"] = hashlib.sha256(json.dumps(record["losses"]).encode()).hexdigest()
    return record


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.determinism", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--config", default="tiny", help="pretraining config (default: tiny)")
    parser.add_argument("--data-dir", default="runs/data", help="built data (default: runs/data, the default run's)")
    parser.add_argument("--steps", type=int, default=30, help="optimizer steps per process")
    parser.add_argument("--precision", default="auto", choices=["auto", "fp32", "bf16"],
                        help="train.precision of every process (default: auto, what a run on this CPU uses)")
    parser.add_argument("--compile", default="auto", choices=["auto", "on", "off"],
                        help="train.compile (default: auto)")
    parser.add_argument("--out", type=Path, help="JSON file to write (default: print only)")
    args = parser.parse_args(argv)
    data = (ROOT / args.data_dir) if not Path(args.data_dir).is_absolute() else Path(args.data_dir)
    if not (data / "tokenizer.json").is_file():
        raise UserError(f"{data}: no built data (run `python -m train.pretrain` once, or pass --data-dir)")
    flags = ["--config", args.config, "--data.dir", str(data), "--train.max_steps", str(args.steps),
             "--train.eval_interval", str(10**9), "--train.eval_suite", "", "--train.sample_tokens", "8",
             "--train.precision", args.precision, "--train.compile", args.compile]
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for i, (name, env) in enumerate(CONDITIONS.items()):
            rows.append({"condition": name, **finish(child(flags, env, Path(tmp) / f"run{i}"))})
        pair = [child(flags, {}, Path(tmp) / f"pair{i}") for i in range(2)]  # two at once, sharing the cores
        rows += [{"condition": "two at once", **finish(proc)} for proc in pair]
    first = rows[0]
    for row in rows:
        row["identical"] = row["step1_grads"] == first["step1_grads"] and row["losses"] == first["losses"]
        print(f"{row['condition']:>24}: step-1 grads {row['step1_grads'][:16]}  losses {row['losses_sha256'][:16]}  "
              f"{'identical' if row['identical'] else 'DIFFERENT'}")
    report = {"machine": cpu_info()["model"], "cores": os.cpu_count(), "cpu_capability":
              torch.backends.cpu.get_cpu_capability(), "torch": torch.__version__, "python": platform.python_version(),
              "cpu": cpu_info(), "precision": args.precision, "compile": args.compile,
              "config": args.config, "steps": args.steps, "processes": len(rows),
              "all_identical": all(r["identical"] for r in rows), "runs": rows}
    if args.out:
        write_json(args.out, report)
        print(f"wrote {args.out}")
    print(f"{sum(r['identical'] for r in rows)} of {len(rows)} processes bit-identical to the first")
    if not report["all_identical"]:
        sys.exit(1)


if __name__ == "__main__":
    run_main(main)
