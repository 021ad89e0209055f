"""`python -m train.speedrun [--preset cpu|gpu|FILE] [--out DIR]`: the whole pipeline in one command,
timed stage by stage.

    code_corpus    synthetic problems rendered as documented functions for the pretraining corpus,
                   decontaminated (run.code_corpus problems; skipped at 0)
    data           the corpus (run.src — default: every Python file the interpreter can see — plus
                   the code corpus), a byte-level BPE tokenizer, token shards
    instruct_data  the default instruction mix: synthetic problems plus MBPP train/validation,
                   verified in the sandbox, deduplicated, decontaminated, split by problem
                   (skipped when instruct.data.files names the data)
    frame          with run.frame (the cpu preset: 60m): the evaluation's time predicted by a probe
                   (eval/cost.py), then both trainers' budgets shrunk together, where needed, so the whole
                   run ends inside the frame (train/frame.py)
    pretrain       run.pretrain's config, on its time budget or step count
    instruct       run.instruct's config (full fine-tuning or LoRA) from the best pretraining checkpoint,
                   within the frame on what pretraining left of it
    improve        with run.improve (a wall-clock budget, e.g. 10m): train.improve from the instruction-tuned
                   model (a LoRA run's merged), its pool kept apart from the instruction mix; the final model
                   is then its latest checkpoint
    evaluate       the final model on every suite, in the sandbox: mini and its companion check, HumanEval
                   (greedy, and run.humaneval_samples samples per task for pass@1 and pass@10), MBPP's test
                   split 3-shot (the paper's prompt) and 0-shot in the instruction template (mbpp-instruct);
                   the benchmarks' files come from ../shared/data and are left out with a note when absent

Presets are TOML files in configs/speedrun/: `cpu`, the CPU recipe that codes (an hour on two
cores, end to end), and `gpu` (29m and a LoRA adapter); the default is `gpu` on CUDA, `cpu` otherwise. A preset
has a [run] table and may add [pretrain.SECTION] / [instruct.SECTION] / [improve.SECTION] tables of
overrides on top of the trainer configs. Every key is a flag too: --run.KEY, --pretrain.SECTION.KEY,
--instruct.SECTION.KEY, --improve.SECTION.KEY (`--help` lists them), so each lever of the recipe can be
changed alone.

OUT/speedrun.json and OUT/speedrun.md hold every stage's wall-clock time, tokens and result, how
many items decontamination removed and why, the suite's pass@1, syntax validity and collapse flag,
and `final_model` ({"ckpt": ..., "adapter": ... or null}), loadable by `python -m eval.evaluate
--ckpt CKPT [--adapter ADAPTER]`. OUT/eval/SUITE/ keeps each suite's samples.jsonl, summary.json and report.md,
as eval.evaluate writes them (the input of eval.syntax_errors and eval.signature_use). Every stage writes under
OUT; a built corpus is reused when the command runs again.
"""
from __future__ import annotations

import argparse
import json
import sysconfig
import time
from collections import Counter
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

import torch

from configs import config_path, dataclass_from_dict, read_toml
from configs.device import cpu_info, describe_cpu
from configs.errors import UserError, run_main
from configs.files import atomic_open, write_json
from configs.overrides import add_override_flags, overrides_from_args
from data.curation import code_corpus, default_mix
from data.pretrain.prepare import prepare
from data.pretrain.shards import read_meta
from data.pretrain.tokenizer import Tokenizer
from eval.cost import estimate
from eval.generation import GenerationConfig
from eval.harness import evaluate_model
from eval.report import write_results
from eval.sandbox import SandboxConfig
from eval.suites import DATA_SUITES, Suite, load_suite
from lora import export_merged, load_for_inference
from model.model import Transformer
from train import improve, instruct, pretrain
from train.config import ImproveConfig, InstructConfig, PretrainConfig, SpeedrunConfig, SpeedrunStages, load_config
from train.frame import Frame, as_budget
from train.schedule import parse_duration

EVAL_BATCH = 32  # completions decoded together in the final evaluation
ALIASES = {"run.pretrain": "--config", "run.src": "--src", "run.suites": "--suite",
           "pretrain.train.max_steps": "--pretrain-steps", "pretrain.train.batch_size": "--batch-size",
           "pretrain.train.seq_len": "--seq-len", "instruct.train.max_steps": "--instruct-steps",
           "instruct.data.files": "--instruct-data"}


@dataclass
class Plan:
    """A preset with the command line applied: the run's settings and both trainers' configs."""
    preset: Path
    run: SpeedrunStages
    pretrain: PretrainConfig
    instruct: InstructConfig
    improve: ImproveConfig
    overrides: dict[str, dict[str, dict[str, Any]]] = field(default_factory=dict)


def resolve_sources(names: list[str]) -> list[Path]:
    """Source folders: `stdlib` and `site-packages` name this interpreter's, anything else is a path."""
    paths = sysconfig.get_paths()
    found = []
    for name in names:
        found += {"stdlib": [Path(paths["stdlib"])],
                  "site-packages": [Path(paths["purelib"]), Path(paths["platlib"])]}.get(name, [Path(name)])
    return [p for i, p in enumerate(found) if p not in found[:i]]


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m train.speedrun", description=__doc__.split("\n\n")[0],
                                     epilog="Every key of the preset and of both trainers' configs is a flag: "
                                            "--run.KEY, --pretrain.SECTION.KEY, --instruct.SECTION.KEY, "
                                            "--improve.SECTION.KEY.")
    parser.add_argument("--preset", help="a name in configs/speedrun/ or a .toml path (default: gpu on CUDA, cpu "
                                         "otherwise)")
    parser.add_argument("--out", type=Path, default=Path("runs/speedrun"), help="folder for every stage and the report")
    add_override_flags(parser, SpeedrunConfig, {k: v for k, v in ALIASES.items() if k.startswith("run.")})
    add_override_flags(parser, PretrainConfig, ALIASES, prefix="pretrain.")
    add_override_flags(parser, InstructConfig, ALIASES, prefix="instruct.")
    add_override_flags(parser, ImproveConfig, ALIASES, prefix="improve.")
    return parser.parse_args(argv)


def plan(args: argparse.Namespace) -> Plan:
    preset = config_path(args.preset or ("gpu" if torch.cuda.is_available() else "cpu"), "speedrun")
    values = read_toml(preset)
    overrides = {trainer: values.pop(trainer, {}) for trainer in ("pretrain", "instruct", "improve")}
    for section, table in overrides_from_args(args).items():
        values.setdefault(section, {}).update(table)
    run = dataclass_from_dict(SpeedrunConfig, values, f"{preset}: ").run  # checked here, before hours of training
    for trainer in overrides:
        for section, table in overrides_from_args(args, f"{trainer}.").items():
            overrides[trainer].setdefault(section, {}).update(table)
    for trainer in overrides:
        overrides[trainer].setdefault("train", {})["seed"] = run.seed
    if run.improve:
        overrides["improve"].setdefault("train", {}).update(time_budget=run.improve, max_steps=0)
    return Plan(preset, run, load_config(PretrainConfig, "pretrain", run.pretrain, overrides["pretrain"]),
                load_config(InstructConfig, "instruct", run.instruct or None, overrides["instruct"]),
                load_config(ImproveConfig, "improve", None, overrides["improve"]), overrides)


def main(argv: list[str] | None = None) -> dict:
    args = parse_args(argv)
    p, out = plan(args), args.out
    if (out / "pretrain" / "latest").exists() or (out / "instruct" / "latest").exists():
        raise UserError(f"{out} already holds a speedrun: pass another --out")
    stages: list[dict[str, Any]] = []
    decontamination: dict[str, Any] = {}
    start = time.perf_counter()

    tokenizer = None if p.run.base else corpus_stages(p, out, stages, decontamination)
    if not p.instruct.data.files:
        instruct_data_stage(p, out, stages, decontamination)
    frame = frame_stage(p, tokenizer, start, stages) if p.run.frame else None
    base = Path(p.run.base).resolve() if p.run.base else pretrain_stage(p, out, stages)

    t = time.perf_counter()
    if frame:  # what pretraining left, up to the planned budget
        p.instruct.train = replace(p.instruct.train, time_budget=as_budget(frame.rest(p.instruct.train.budget_seconds)))
    p.instruct.model.init = str(base)
    tuned = instruct.train(p.instruct, out / "instruct")
    steps = max(tuned.losses)
    stages.append({"stage": "instruct", "seconds": time.perf_counter() - t, "lora": p.instruct.lora.enabled,
                   "budget": p.instruct.train.time_budget, "steps": steps, "tokens": tuned.tokens,
                   "final_train_loss": tuned.losses[steps], "best_val_response_loss": tuned.best_val_loss,
                   "speed": tuned.speed})

    final = final_model(out, base, p.instruct.lora.enabled)
    if p.run.improve:
        final = improve_stage(p, out, final, stages)

    t = time.perf_counter()

    loaded = load_for_inference(Path(final["adapter"] or final["ckpt"]))  # an adapter loads on its recorded base
    scores = evaluate_final(loaded.model, loaded.tokenizer, p.run, out / "eval")
    first = next(iter(scores))
    # the headline suite's own fields first: its "seconds" must not stand for the whole evaluation's
    stages.append({"stage": "evaluate", "suite": first, **scores[first], "seconds": time.perf_counter() - t,
                   "suites": scores})

    report = {"preset": str(p.preset), "device": torch.cuda.get_device_name() if torch.cuda.is_available() else "cpu",
              "cpu": cpu_info(), "torch": torch.__version__, "total_seconds": time.perf_counter() - start,
              "final_model": final,
              "decontamination": decontamination, "run": asdict(p.run), "overrides": p.overrides, "stages": stages}
    write_json(out / "speedrun.json", report)
    with atomic_open(out / "speedrun.md") as f:
        f.write(markdown(report) + "\n")
    print(markdown(report))
    return report


def corpus_stages(p: Plan, out: Path, stages: list[dict], decontamination: dict) -> Tokenizer:
    """The code corpus and data stages: the pretraining shards, and the tokenizer they were made with."""
    sources = resolve_sources(p.run.src)
    if p.run.code_corpus:
        t = time.perf_counter()
        report = code_corpus.build(out / "code_corpus", p.run.code_corpus, p.run.code_corpus_seed,
                                   exclude=tuple(p.run.synth_exclude), rename=p.run.rename_params,
                                   restyle=p.run.restyle)
        sources.append(out / "code_corpus")
        decontamination["code_corpus"] = {k: report[k] for k in ("records", "removed", "removed_by_rule",
                                                                 "removed_by_suite")}
        stages.append({"stage": "code_corpus", "seconds": time.perf_counter() - t, "problems": report["problems"],
                       "functions": report["kept"], "chars": report["chars"]})
    if not sources:
        raise UserError("the corpus has no sources: give run.src folders or run.code_corpus problems")

    t = time.perf_counter()
    p.pretrain.data.src, p.pretrain.data.dir = [str(s) for s in sources], str(out / "data")
    data = prepare(sources, out / "data", p.pretrain.model.vocab_size, split=p.pretrain.data.tokenizer_split)
    meta = read_meta(data.shard_dir)
    stages.append({"stage": "data", "seconds": time.perf_counter() - t, "sources": p.pretrain.data.src,
                   "train_tokens": meta["splits"]["train"]["tokens"], "val_tokens": meta["splits"]["val"]["tokens"],
                   "unigram_val_loss": meta["unigram_val_loss"]})
    return Tokenizer.from_file(data.tokenizer_path)


def instruct_data_stage(p: Plan, out: Path, stages: list[dict], decontamination: dict) -> None:
    """The default instruction mix, which the trainer's config is then pointed at."""
    t = time.perf_counter()
    mix = out / "instruct_data"
    train_file, val_file = default_mix.build(mix, problems=p.run.instruct_problems, exclude=tuple(p.run.synth_exclude),
                                             solutions=p.run.instruct_solutions, rename=p.run.rename_params,
                                             restyle=p.run.restyle)
    p.instruct.data.files, p.instruct.data.val_files = [str(train_file)], [str(val_file)]
    decontamination["instruct_data"] = removal_summary(mix / "decontaminate_report.json")
    stages.append({"stage": "instruct_data", "seconds": time.perf_counter() - t,
                   "train_records": count_lines(mix / "train.jsonl"), "val_records": count_lines(mix / "val.jsonl")})


def frame_stage(p: Plan, tokenizer: Tokenizer | None, start: float, stages: list[dict]) -> Frame:
    """Predict the evaluation on the model to be trained (or the given base), then fit the trainers' budgets into
    what run.frame leaves (train/frame.py)."""
    t = time.perf_counter()
    if tokenizer is None:
        loaded = load_for_inference(Path(p.run.base))
        model, tokenizer = loaded.model, loaded.tokenizer
    else:
        model = Transformer(p.pretrain.model)  # untrained: a decoding step costs the same whatever the weights
    costs = [estimate(model, tokenizer, suite, generation_for(spec, p.run))
             for spec, suite in available_suites(p.run.suites)]
    frame = Frame(parse_duration(p.run.frame, "run.frame"), start, sum(c.seconds for c in costs),
                  parse_duration(p.run.improve, "run.improve"))
    trainers = {"instruct": p.instruct.train} if p.run.base else {"pretrain": p.pretrain.train,
                                                                     "instruct": p.instruct.train}
    budgets = {name: cfg.budget_seconds for name, cfg in trainers.items()}
    fitted = frame.fit(budgets)
    if "pretrain" in fitted:
        p.pretrain.train = replace(p.pretrain.train, time_budget=as_budget(fitted["pretrain"]))
    p.instruct.train = replace(p.instruct.train, time_budget=as_budget(fitted["instruct"]))
    stages.append({"stage": "frame", "seconds": time.perf_counter() - t, **frame.record(fitted, budgets, costs)})
    print(f"frame {p.run.frame}: {time.perf_counter() - start:.0f} s spent before training, "
          f"{frame_plan(stages[-1])}")
    return frame


def pretrain_stage(p: Plan, out: Path, stages: list[dict]) -> Path:
    """Pretraining on the data stage's shards; returns the best checkpoint."""
    t = time.perf_counter()
    pre = pretrain.train(p.pretrain, out / "pretrain")
    tc, steps = p.pretrain.train, max(pre.losses)
    data = next(s for s in stages if s["stage"] == "data")
    stages.append({"stage": "pretrain", "seconds": time.perf_counter() - t, "config": p.run.pretrain,
                   "budget": tc.time_budget, "steps": steps,
                   "tokens": steps * tc.batch_size * tc.seq_len * tc.grad_accum,
                   "final_train_loss": pre.losses[steps], "best_val_loss": pre.best_val_loss,
                   "unigram_val_loss": data["unigram_val_loss"], "speed": pre.speed})
    return (out / "pretrain" / "best").resolve()


def improve_stage(p: Plan, out: Path, tuned: dict[str, str | None], stages: list[dict]) -> dict[str, str | None]:
    """train.improve from the instruction-tuned model (a LoRA run's, merged first); returns the final model."""
    t = time.perf_counter()
    init = Path(tuned["ckpt"])
    if tuned["adapter"]:
        loaded = load_for_inference(Path(tuned["adapter"]))
        init = out / "instruct" / "merged"
        export_merged(loaded.model, loaded.tokenizer, init, {"stage": "instruct", "merged_from": tuned["adapter"]})
    p.improve.model.init = str(init)
    if p.instruct.data.files and not p.improve.improve.exclude:
        p.improve.improve.exclude = list(p.instruct.data.files)  # the pool's synthetic problems are new to the model
    result = improve.improve(p.improve, out / "improve")
    last = result.rounds[max(result.rounds)] if result.rounds else {}
    stages.append({"stage": "improve", "seconds": time.perf_counter() - t, "method": p.improve.improve.method,
                   "rounds": len(result.rounds), "pool": result.pool,
                   "first_pass_rate": result.rounds[min(result.rounds)]["pool/pass_rate"] if result.rounds else None,
                   "last_pass_rate": last.get("pool/pass_rate"), "speed": result.speed})
    latest = (out / "improve" / "latest").resolve()
    return {"ckpt": str(init), "adapter": str(latest)} if p.improve.lora.enabled else {"ckpt": str(latest),
                                                                                          "adapter": None}


def final_model(out: Path, base: Path, lora: bool) -> dict[str, str | None]:
    """The instruction-tuned model: its best checkpoint, or the base and the best adapter."""
    best = str((out / "instruct" / "best").resolve())
    if lora:
        return {"ckpt": str(base), "adapter": best}
    return {"ckpt": best, "adapter": None}


def evaluate_final(model: Transformer, tokenizer: Tokenizer, run: SpeedrunStages,
                   out: Path | None = None) -> dict[str, dict[str, Any]]:
    """Every suite of run.suites, scored in the sandbox: greedy pass@1, syntax validity, collapse flag and seconds;
    for HumanEval also pass@1 and pass@10 from run.humaneval_samples samples (unbiased estimator). A benchmark whose
    file is absent is left out with a note. With `out`, each suite's samples and summary are written to
    out/SUITE/ as eval.evaluate writes them, so the diagnostics (eval.syntax_errors, ...) read them as they are."""
    scores = {}
    for spec, suite in available_suites(run.suites):
        generation = generation_for(spec, run)
        sampled = generation.temperature > 0
        started = time.perf_counter()
        result = evaluate_model(model, tokenizer, suite, generation, SandboxConfig())
        summary = result.summary
        if out is not None:
            write_results(out / suite.name, result, {"suite_path": str(suite.path), **asdict(generation)})
        collapse = summary["collapse"]
        scores[suite.name] = {"solved": summary["greedy_solved"], "tasks": summary["tasks"],
                              "pass@1": summary["greedy_pass@1"], "syntax_valid": summary["syntax_valid_greedy"],
                              "collapse": collapse["flag"], "collapse_reasons": collapse["reasons"],
                              "seconds": time.perf_counter() - started}
        if sampled:
            scores[suite.name]["sampled"] = {"n": run.humaneval_samples, "temperature": run.sample_temperature,
                                             **summary["pass@k"], "syntax_valid": summary["syntax_valid_sampled"]}
    if not scores:
        raise UserError("run.suites: no suite could be evaluated")
    return scores


def available_suites(specs: list[str]) -> list[tuple[str, Suite]]:
    """(spec, suite) for each suite of run.suites; a benchmark whose file is absent is left out with a note."""
    found = []
    for spec in specs:
        try:
            found.append((spec, load_suite(spec)))
        except UserError as err:
            if spec not in DATA_SUITES:  # third-party files: left out with a note when absent
                raise
            print(f"note: {spec} left out of the evaluation: {err}")
    return found


def generation_for(spec: str, run: SpeedrunStages) -> GenerationConfig:
    """How the final evaluation decodes a suite: greedy, and for HumanEval run.humaneval_samples samples too."""
    sampled = spec == "humaneval" and run.humaneval_samples > 0
    return GenerationConfig(n_samples=run.humaneval_samples if sampled else 1,
                            temperature=run.sample_temperature if sampled else 0.0,
                            max_new_tokens=run.max_new_tokens, batch_size=EVAL_BATCH, seed=run.seed)


def removal_summary(report_path: Path) -> dict[str, Any]:
    """What a decontamination report of the default mix removed, by rule and by suite."""
    entries = json.loads(report_path.read_text())["records"]
    return {"removed": len(entries), "removed_by_rule": dict(Counter(e["rule"] for e in entries)),
            "removed_by_suite": dict(Counter(e["suite"] for e in entries))}


def count_lines(path: Path) -> int:
    with open(path, encoding="utf-8") as f:
        return sum(1 for line in f if line.strip())


def markdown(report: dict) -> str:
    rows = [STAGE_ROWS[s["stage"]](s) for s in report["stages"]]
    removed = "; ".join(f"{name}: {d['removed']} removed {d['removed_by_rule']}"
                        for name, d in report["decontamination"].items()) or "no generated data"
    base = f" Pretrained base: {report['run']['base']}." if report["run"]["base"] else ""
    device = report["device"] if report["device"] != "cpu" else f"cpu ({describe_cpu(report['cpu'])})"
    return "\n".join([f"# Speedrun on {device} (torch {report['torch']}, preset "
                      f"{Path(report['preset']).stem}): {report['total_seconds']:.0f} s end to end", "",
                      "| stage | wall clock | tokens | result |", "|---|---|---|---|", *rows, "",
                      f"Decontamination — {removed}.{base}", "",
                      f"Final model: `{json.dumps(report['final_model'])}`"])


def suite_scores(ev: dict) -> str:
    return "; ".join(f"{name} pass@1 {s['pass@1']:.3f} ({s['solved']}/{s['tasks']}){sampled_scores(s)}, "
                     f"syntax valid {s['syntax_valid']:.0%}"
                     f"{', COLLAPSED: ' + '; '.join(s['collapse_reasons']) if s['collapse'] else ', no collapse'}"
                     for name, s in ev["suites"].items())


def sampled_scores(s: dict) -> str:
    if "sampled" not in s:
        return ""
    sampled = s["sampled"]
    syntax = f", syntax valid {sampled['syntax_valid']:.0%}" if sampled.get("syntax_valid") is not None else ""
    return ", sampled " + ", ".join(f"{k} {v:.3f}" for k, v in sampled.items() if k.startswith("pass@")) + \
        f" (n={sampled['n']}, T={sampled['temperature']:g}{syntax})"


def mode(stage: dict) -> str:
    """A trainer stage's precision and compile switch, as resolved (train/speed.py)."""
    return f"{stage['speed']['precision']}{', compiled' if stage['speed']['compile'] else ''}"


def frame_plan(f: dict) -> str:
    """The frame stage's plan in words: the evaluation's estimate and each budget, as configured → as fitted."""
    budgets = ", ".join(f"{name} {f['budgets_s'][name] / 60:.1f} → {f['fitted_s'][name] / 60:.1f} min"
                        for name in f["budgets_s"])
    return f"evaluation estimated at {f['evaluation_estimate_s']:.0f} s; budgets {budgets}"


STAGE_ROWS = {
    "code_corpus": lambda c: f"| code corpus | {c['seconds']:.0f} s | {c['chars']:,} characters | "
                             f"{c['functions']:,} functions from {c['problems']:,} problems |",
    "data": lambda d: f"| data | {d['seconds']:.0f} s | {d['train_tokens']:,} train / {d['val_tokens']:,} val | "
                      f"{len(d['sources'])} source folders |",
    "frame": lambda f: f"| frame ({f['frame_s'] / 60:g} min) | {f['seconds']:.0f} s | — | {frame_plan(f)} |",
    "pretrain": lambda p: f"| pretrain ({p['config']}, {p['steps']} steps, {mode(p)}) | {p['seconds']:.0f} s "
                          f"| {p['tokens']:,} "
                          f"| train loss {p['final_train_loss']:.3f}, best val {p['best_val_loss']:.3f} (unigram "
                          f"{p['unigram_val_loss']:.3f}) |",
    "instruct_data": lambda m: f"| instruct data | {m['seconds']:.0f} s | — | {m['train_records']:,} train / "
                               f"{m['val_records']:,} held-out records |",
    "instruct": lambda t: f"| instruct ({'LoRA' if t['lora'] else 'full'}, {t['steps']} steps, {mode(t)}) "
                          f"| {t['seconds']:.0f} s "
                          f"| {t['tokens']:,} | train loss {t['final_train_loss']:.3f}, best val response "
                          f"{t['best_val_response_loss']:.3f} |",
    "improve": lambda i: f"| improve ({i['method']}, {i['rounds']} rounds, {mode(i)}) | {i['seconds']:.0f} s | — "
                         f"| pool of {i['pool']['kept']:,} problems; pass rate {i['first_pass_rate'] or 0:.3f} in the "
                         f"first round, {i['last_pass_rate'] or 0:.3f} in the last |",
    "evaluate": lambda e: f"| evaluate | {e['seconds']:.0f} s | — | {suite_scores(e)} |",
}


if __name__ == "__main__":
    run_main(main)
