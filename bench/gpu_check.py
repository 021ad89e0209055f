"""`python3 -m bench.gpu_check`: the GPU evidence in one prepared command, inside 8 minutes on a fresh
GPU machine: the kernel tests on CUDA, the kernel and training benchmarks, and a shortened speedrun.

    python3 -m bench.gpu_check                        # on the GPU machine, from the repository root
    python -m bench.gpu_check --dry-run               # anywhere: every stage at toy size on the CPU (CI)
    python3 -m bench.gpu_check --stages speedrun --budget 200    # rerun a stage, with more time

Stages, in order, each in its own time box:

    environment     nvidia-smi; python, torch, triton, CUDA versions; the GPU; missing dependencies
    kernel_tests    pytest tests/test_kernels_triton.py tests/test_kernels_model.py (bf16 included on
                    CUDA), with a JUnit XML
    kernel_bench    python -m bench.kernels at the model's shapes (bf16, torch.compile'd references)
    training_bench  python -m bench.training for 105m and 29m: full stack and plain PyTorch, eager and
                    compiled
    speedrun        python -m train.speedrun --preset gpu, shortened: 29m on a standard-library subset
                    for 200 steps, a default instruction mix of 300 synthetic problems (built and
                    verified there), 50 LoRA steps, mini-HumanEval pass@1, each stage's wall clock

Design choices:
- nothing is installed: the machine's own python, with its torch, triton and the rest, runs every
  stage with the checkout on PYTHONPATH, so no second torch is pulled and no network is needed; the
  environment stage names any dependency that is missing;
- each stage runs in a process group of its own; when its box runs out the stage gets SIGINT (pytest
  then writes the JUnit XML so far, the benchmarks their rows so far) and, GRACE seconds later, the
  group gets SIGKILL. A failed or timed-out stage is recorded and the next stage runs;
- the boxes share one budget (default 460 s, so the whole command ends inside 8 minutes): a stage may
  use all the time the stages after it do not reserve, so what a quick stage leaves rolls forward;
- everything lands in OUT ($OUT, which the device tool brings back, else runs/gpu_check) as seven
  plainly named files (the tool brings back at most 8): one combined log, the stages' own XML and
  JSON, and gpu_check.json (per stage: status, exit code, seconds, time box, outputs, what the
  outputs say), rewritten after every stage so a run killed from outside still leaves it;
- --dry-run runs the same commands on the CPU, CUDA hidden, kernels in Triton's interpreter, at toy
  size (a kernel-test subset, two kernels, a micro model, two stdlib folders, 20 instruction
  problems); it also resolves the GPU run's configs, source folders and speedrun preset and flags,
  so a typo costs no device minutes.
"""
from __future__ import annotations

import argparse
import datetime
import importlib.util
import json
import os
import shlex
import shutil
import signal
import subprocess
import sys
import sysconfig
import tempfile
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

import torch

from bench.timing import environment
from configs.errors import UserError, run_main
from configs.files import make_dir, write_json
from model.config import load_model_config
from train import speedrun

ROOT = Path(__file__).resolve().parents[1]
STAGES = ("environment", "kernel_tests", "kernel_bench", "training_bench", "speedrun")
# Time boxes in seconds, (GPU, dry run). The GPU ones are estimates for an H200 that include each stage's
# first torch.compile and Triton autotuning; they add up to 460 s, leaving 20 s of the 8 minutes to this
# process itself. The dry-run ones are generous for a slow CI machine (the dry run takes about a minute).
BOXES = {"environment": (15, 60), "kernel_tests": (100, 90), "kernel_bench": (95, 90),
         "training_bench": (115, 90), "speedrun": (135, 120)}
GRACE = 10.0  # seconds from SIGINT to SIGKILL: time to write a JSON or JUnit file
SUMMARY, LOG = "gpu_check.json", "gpu_check.log"
KERNEL_TESTS = ["tests/test_kernels_triton.py", "tests/test_kernels_model.py"]
DEPENDENCIES = ("numpy", "tokenizers", "safetensors", "tensorboard", "tqdm", "matplotlib", "pytest")  # + torch, triton
# the speedrun's corpus: standard-library packages of ~3.5 MB (~0.7M tokens), tokenized in seconds
GPU_SOURCES = ("asyncio", "email", "json", "logging", "concurrent", "importlib", "xml", "http", "urllib",
               "unittest", "multiprocessing")
DRY_SOURCES = ("email", "json")
# 105m first: its rows are the ones the MFU and speedup targets name, should the box run out before 29m's
GPU_TRAINING_CONFIGS = ("105m", "29m")
MICRO = """[model]
vocab_size = 512
n_layer = 2
n_head = 2
d_model = 64
d_mlp = 128
max_seq_len = 128
[train]
batch_size = 4
seq_len = 64
eval_batches = 2
sample_tokens = 8
warmup_steps = 2
"""


@dataclass
class Stage:
    name: str
    command: list[str]
    box: float  # seconds of the budget this stage reserves
    read: Callable[[], dict]  # what its outputs say, for the summary; raises if they are missing or broken
    outputs: list[Path] = field(default_factory=list)  # its files in OUT
    copies: list[tuple[Path, Path]] = field(default_factory=list)  # (work file, OUT file) taken after the stage
    # at the box's end, interrupt the whole group (pytest-xdist's controller waits for its workers to stop),
    # not just the main process (the benchmarks save their rows; a compiler child killed under them would
    # raise an error of its own instead)
    interrupt_group: bool = False


# ------------------------------------------------------------------------------------- environment

def probe(path: str) -> None:
    """The environment stage, run as its own (time-boxed) process: prints nvidia-smi and the versions,
    writes them to `path` as JSON, and fails if a dependency of the project is missing."""
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    smi = None
    if shutil.which("nvidia-smi"):
        smi = subprocess.run(["nvidia-smi"], capture_output=True, text=True, timeout=30).stdout
    env = {**environment(device), "executable": sys.executable, "cuda_devices": torch.cuda.device_count(),
           "missing": [name for name in DEPENDENCIES if importlib.util.find_spec(name) is None],
           "nvidia_smi": smi}
    print(smi or "nvidia-smi: not found")
    print(json.dumps({k: v for k, v in env.items() if k != "nvidia_smi"}, indent=2))
    write_json(Path(path), env)
    if env["missing"]:
        sys.exit(f"missing: {', '.join(env['missing'])} (nothing is installed here: bring them as wheels)")


# ------------------------------------------------------------------------------- reading outputs

def read_json(path: Path) -> dict:
    return json.loads(path.read_text())


def read_junit(path: Path) -> dict:
    root = ET.parse(path).getroot()
    suites = [root] if root.tag == "testsuite" else root.findall("testsuite")
    counts = {key: sum(int(s.get(key, 0)) for s in suites) for key in ("tests", "failures", "errors", "skipped")}
    failed = [f"{case.get('classname')}::{case.get('name')}" for s in suites for case in s.iter("testcase")
              if case.find("failure") is not None or case.find("error") is not None]
    return {**counts, "failed": failed}


def read_kernels(path: Path) -> dict:
    result = read_json(path)
    return {"rows": len(result["rows"]), "failed_checks": sum(not r["pass"] for r in result["rows"]),
            "interrupted": result["interrupted"], "device": result["environment"]["device"]}


def read_training(path: Path) -> dict:
    result = read_json(path)
    runs = [{"config": r["config"], "variant": r["variant"], "compile": r["compile"],
             "tokens_per_s": round(r["tokens_per_s"]), "mfu": r["mfu"], "speedup": round(r["speedup"], 3)}
            for r in result["rows"]]
    return {"rows": len(runs), "interrupted": result["interrupted"], "runs": runs}


def read_speedrun(path: Path) -> dict:
    report = read_json(path)
    seconds = {f"{s['stage']}_seconds": round(s["seconds"], 1) for s in report["stages"]}
    ev = {s["stage"]: s for s in report["stages"]}["evaluate"]
    return {"total_seconds": round(report["total_seconds"], 1), **seconds,
            "pass@1": ev["pass@1"], "solved": ev["solved"], "tasks": ev["tasks"]}


# -------------------------------------------------------------------------------------------- plan

def stdlib_folders(names: tuple[str, ...]) -> list[Path]:
    stdlib = Path(sysconfig.get_paths()["stdlib"])
    found = [stdlib / name for name in names if (stdlib / name).is_dir()]
    if not found:
        raise UserError(f"none of the standard-library folders {', '.join(names)} is under {stdlib}")
    return found


def speedrun_flags(dry: bool, work: Path) -> list[str]:
    """The gpu preset in both modes, every stage of it run (the instruction mix is built, not given), smaller."""
    # mini and check only: the benchmarks' sampled evaluation would eat the stage's time box
    flags = ["--preset", "gpu", "--out", str(work / "speedrun"), "--suite", "mini", "check"]
    if dry:
        return flags + ["--config", str(work / "micro.toml"), "--src", *map(str, stdlib_folders(DRY_SOURCES)),
                        "--pretrain-steps", "4", "--instruct-steps", "2", "--run.instruct_problems", "120",
                        "--run.max_new_tokens", "16"]
    return flags + ["--config", "29m", "--src", *map(str, stdlib_folders(GPU_SOURCES)), "--pretrain-steps", "200",
                    "--instruct-steps", "50", "--run.instruct_problems", "300"]


def plan(dry: bool, out: Path, work: Path) -> list[Stage]:
    """Every stage's command. The GPU run's names are resolved in both modes: a typo fails the dry run."""
    for name in GPU_TRAINING_CONFIGS:
        load_model_config(name)
    speedrun.plan(speedrun.parse_args(speedrun_flags(False, work)))
    py, box = sys.executable, {name: boxes[dry] for name, boxes in BOXES.items()}
    xml_path, kernels_json, training_json = out / "kernel_tests.xml", out / "kernels.json", out / "training.json"
    env_json, run_dir = work / "environment.json", work / "speedrun"

    tests = [py, "-m", "pytest", "-q", "-rfE", "-p", "no:cacheprovider", *KERNEL_TESTS, f"--junitxml={xml_path}"]
    if importlib.util.find_spec("xdist"):
        # each new attention shape autotunes ~56 tile configs, one compile each: workers compile in parallel
        tests += ["-n", str(min(16, os.cpu_count() or 1))]
    kernel_bench = [py, "-m", "bench.kernels", "--out", str(kernels_json)]
    training = [py, "-m", "bench.training", "--out", str(training_json), "--configs"]
    if dry:
        tests += ["-k", "rms_norm or every_gradient"]
        kernel_bench += ["--ops", "rms_norm", "rope"]
        training += [str(work / "micro.toml"), "--seq-len", "24", "--steps", "2", "--no-compile",
                     "--variants", "baseline", "full", "--precisions", "fp32", "--stages", "pretrain"]  # the GPU's rows
    else:
        training += GPU_TRAINING_CONFIGS
    return [
        Stage("environment", [py, "-c", "import sys; from bench.gpu_check import probe; probe(sys.argv[1])",
                              str(env_json)], box["environment"], partial(read_json, env_json)),
        Stage("kernel_tests", tests, box["kernel_tests"], partial(read_junit, xml_path), [xml_path],
              interrupt_group=True),
        Stage("kernel_bench", kernel_bench, box["kernel_bench"], partial(read_kernels, kernels_json), [kernels_json]),
        Stage("training_bench", training, box["training_bench"], partial(read_training, training_json),
              [training_json]),
        Stage("speedrun", [py, "-m", "train.speedrun", *speedrun_flags(dry, work)], box["speedrun"],
              partial(read_speedrun, out / "speedrun.json"), [out / "speedrun.json", out / "speedrun.md"],
              [(run_dir / "speedrun.json", out / "speedrun.json"), (run_dir / "speedrun.md", out / "speedrun.md")]),
    ]


# --------------------------------------------------------------------------------------------- run

def stage_env(dry: bool) -> dict[str, str]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
           "PYTHONUNBUFFERED": "1",  # the log keeps every line a stage printed, also when its box kills it
           "TQDM_MININTERVAL": "5"}  # progress bars redraw every 5 s, not every step, in the log
    if dry:  # the CPU path, also on a machine with a GPU
        env |= {"CUDA_VISIBLE_DEVICES": "", "TRITON_INTERPRET": "1"}
    return env


def restore_sigint() -> None:
    """In the child before exec: a parent started in the background ignores SIGINT, and its children
    would inherit that and never see the time box's interrupt."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def signal_group(pgid: int, sig: signal.Signals) -> None:
    try:
        os.killpg(pgid, sig)
    except ProcessLookupError:
        pass  # nothing of the group is left


def run_stage(stage: Stage, box: float, log, env: dict[str, str]) -> dict:
    """Run one stage under its box; its status, exit code, wall clock and what its outputs say."""
    for path in stage.outputs:
        path.unlink(missing_ok=True)  # a stale file must not pass for this run's
    command = shlex.join(stage.command)
    print(f"[{stage.name}] time box {box:.0f} s: {command}", flush=True)
    log.write(f"\n===== {stage.name} (time box {box:.0f} s): {command}\n")
    log.flush()
    grace = min(GRACE, box / 4)
    start, timed_out = time.monotonic(), False
    proc = subprocess.Popen(stage.command, cwd=ROOT, env=env, stdin=subprocess.DEVNULL, stdout=log,
                            stderr=subprocess.STDOUT, start_new_session=True, preexec_fn=restore_sigint)
    try:
        code = proc.wait(timeout=box - grace)
    except subprocess.TimeoutExpired:
        timed_out = True
        if stage.interrupt_group:
            signal_group(proc.pid, signal.SIGINT)
        else:
            proc.send_signal(signal.SIGINT)
        try:
            code = proc.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            signal_group(proc.pid, signal.SIGKILL)
            code = proc.wait()
    finally:  # compile workers, sandboxes, the whole stage if this process is stopped: nothing outlives it
        signal_group(proc.pid, signal.SIGKILL)
    seconds = time.monotonic() - start
    for source, target in stage.copies:
        if source.is_file():
            shutil.copyfile(source, target)
    try:
        result = stage.read()
    except (OSError, ValueError, KeyError, TypeError, ET.ParseError) as err:
        result = {"error": f"unreadable output: {type(err).__name__}: {err}"}
    status = "timeout" if timed_out else "ok" if code == 0 and "error" not in result else "failed"
    log.write(f"===== {stage.name}: {status}, exit code {code}, {seconds:.1f} s\n")
    log.flush()
    print(f"[{stage.name}] {status} (exit code {code}) in {seconds:.1f} s", flush=True)
    return {"stage": stage.name, "status": status, "exit_code": code, "seconds": round(seconds, 1),
            "time_box": round(box, 1), "command": command,
            "outputs": [str(p) for p in stage.outputs if p.is_file()], "result": result}


def run_stages(stages: list[Stage], out: Path, budget: float, env: dict[str, str], info: dict) -> dict:
    """Every stage in order, each boxed so that the stages after it keep their reserved seconds; the
    summary (OUT/gpu_check.json) is rewritten after each stage."""
    deadline = time.monotonic() + budget
    summary = {**info, "budget_seconds": budget, "stages": []}
    with open(out / LOG, "w") as log:
        for i, stage in enumerate(stages):
            box = deadline - time.monotonic() - sum(s.box for s in stages[i + 1:])
            if box < 1:  # only the parent's own overhead can eat a reservation; never run a stage on nothing
                record = {"stage": stage.name, "status": "skipped", "exit_code": None, "seconds": 0.0,
                          "time_box": round(box, 1), "outputs": [], "result": {"error": "no time left"}}
            else:
                record = run_stage(stage, box, log, env)
            summary["stages"].append(record)
            summary["total_seconds"] = round(budget - (deadline - time.monotonic()), 1)
            write_json(out / SUMMARY, summary)
    return summary


def table(summary: dict) -> str:
    lines = [f"{'stage':<16}{'status':<9}{'exit':>6}{'seconds':>9}{'box':>7}  outputs"]
    for s in summary["stages"]:
        lines.append(f"{s['stage']:<16}{s['status']:<9}{str(s['exit_code']):>6}{s['seconds']:>9.1f}"
                     f"{s['time_box']:>7.0f}  {' '.join(Path(p).name for p in s['outputs']) or '-'}")
    for s in summary["stages"]:  # the scalars of each result, one line a stage
        said = ", ".join(f"{k}={v}" for k, v in s["result"].items()
                         if isinstance(v, (str, int, float, bool)) and "\n" not in str(v))
        lines.append(f"{s['stage']}: {said[:300]}")
    return "\n".join(lines)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python3 -m bench.gpu_check", description=__doc__.split("\n\n")[0])
    p.add_argument("--out", type=Path, default=Path(os.environ.get("OUT") or "runs/gpu_check"),
                   help="folder for the log, the results and gpu_check.json (default: $OUT, else runs/gpu_check)")
    p.add_argument("--dry-run", action="store_true", help="every stage at toy size on the CPU (no GPU needed)")
    p.add_argument("--stages", nargs="+", choices=STAGES[1:],
                   help="run only these after the environment (default: all)")
    p.add_argument("--budget", type=float, help="seconds for all stages together; the boxes scale to it "
                   "(default: their sum, 460 s on a GPU)")
    return p.parse_args(argv)


def main(argv: list[str] | None = None) -> dict:
    """Run the check; returns the summary, or exits 1 after it if any stage did not pass."""
    args = parse_args(argv)
    if args.budget is not None and args.budget <= 0:
        raise UserError(f"--budget must be positive, got {args.budget}")
    if not args.dry_run and not torch.cuda.is_available():
        raise UserError("no CUDA device here: run this on the GPU machine, or pass --dry-run")
    out = make_dir(args.out.resolve(), "output folder")
    selected = {"environment", *(args.stages or STAGES)}
    with tempfile.TemporaryDirectory(prefix="gpu_check-") as tmp:
        work = Path(tmp)
        if args.dry_run:
            (work / "micro.toml").write_text(MICRO)
        stages = [s for s in plan(args.dry_run, out, work) if s.name in selected]
        budget = args.budget or sum(s.box for s in stages)
        scale = budget / sum(s.box for s in stages)
        for s in stages:
            s.box *= scale
        print(f"gpu_check{' --dry-run' if args.dry_run else ''}: {len(stages)} stages in {budget:.0f} s -> {out}",
              flush=True)
        summary = run_stages(stages, out, budget, stage_env(args.dry_run),
                             {"mode": "dry-run" if args.dry_run else "gpu",
                              "started": datetime.datetime.now().isoformat(timespec="seconds")})
    print(table(summary))
    print(f"wrote {out / SUMMARY} and {out / LOG}")
    if any(s["status"] != "ok" for s in summary["stages"]):
        sys.exit(1)
    return summary


if __name__ == "__main__":
    run_main(main)
