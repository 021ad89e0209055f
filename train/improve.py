"""`python -m train.improve --init CKPT --out DIR`: the model learns from its own tests (self-improvement).

Rounds on a training pool (train/pool.py: fresh synthetic problems and MBPP train/validation, decontaminated,
never an evaluation suite). Each round:

    ask        improve.problems problems: siblings of earlier failures first, then new ones, then the unsolved
    sample     improve.samples completions each at improve.temperature (train/rollouts.py)
    reward     each completion against all of its problem's tests in the sandbox, equality compared strictly
               (train/reward.py): the share of tests passed; a hang, crash or flood earns 0 and the round goes on
    update     expert (default, train/expert_iteration.py): fine-tune on the distinct passing completions,
               repeated for problems solved rarely; or pg (train/policy_gradient.py): group-relative advantages,
               PPO's clipped surrogate on the completion's tokens, KL penalty to the starting model
    fail       problems no sample solved get fresh siblings of their category, asked next round

Design choices:
- typed config sections like the other trainers (train/config.py ImproveConfig): [model] init, [train] the
  loop settings counted in rounds (`train.max_steps` rounds, or `train.time_budget` like the other trainers:
  the learning rate warms up over rounds and decays by the share of the budget spent, and the run stops in
  time for its last checkpoint), [improve] the method, pool, sampling and reward, [lora]; a TOML file
  (`--config`) and every key as a `--section.key` flag;
- full fine-tuning or a LoRA adapter (`--lora`), the same checkpoints as instruction tuning (atomic,
  keep-last-k; `latest` is the model to use: the stage selects nothing on an evaluation suite), with the
  pool's state, the optimizer and RNG states, so `--resume` continues at the next round exactly: each
  round's sampling is seeded by (train.seed, round);
- TensorBoard scalars per round: the pool's pass rate (samples, problems), reward mean/std, reward on the
  visible and hidden tests and the share of samples that pass what the prompt shows but fail what it hides
  (special-casing the prompt), KL (pg), completion length, syntax validity, timeouts and their seconds,
  the collapse metrics of the samples; at each checkpoint the suite (`train.eval_suite`, mini) greedily, and
  a few samples as text. rounds.jsonl in DIR holds every round's scalars;
- one process (no torchrun): a round's sampling and sandbox dominate, and they use every core already.
"""
from __future__ import annotations

import argparse
import copy
import itertools
import json
import random
import signal
import time
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import torch
from torch.utils.tensorboard import SummaryWriter
from tqdm import tqdm

from configs.errors import Stopped, UserError, run_main
from configs.files import write_json
from configs.overrides import add_override_flags, overrides_from_args
from data.curation.default_mix import DEFAULT_DIR
from data.instruct.batching import collate
from eval.during_training import TrainingEval
from eval.sandbox import SandboxConfig
from eval.suites import DEFAULT_DATA_DIR
from model.checkpoint import first_nonfinite, load_model
from train.checkpoint import find_resume_checkpoint, read_state, rng_state, save_checkpoint, set_rng_state, step_dir
from train.config import ImproveConfig, load_config
from train.distributed import World
from train.expert_iteration import batches, example, select
from train.instruct import prepare_model
from train.loop import after_earlier_logs, launch
from train.optim import clip_and_step, make_adamw, optimizer_step
from train.policy_gradient import EPS, group_advantages, pg_loss, sampling_logprobs
from train.pool import Pool, build_problems
from train.rollouts import Rollout, run, sample, summarize
from train.schedule import Schedule
from train.speed import Speed, configure, maybe_compile
from train.stop_signals import StopSignals

ALIASES = {"model.init": "--init", "improve.method": "--method", "lora.enabled": "--lora",
           "train.max_steps": "--rounds"}
SHOWN = 3  # samples per round shown in TensorBoard's text tab


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m train.improve", description=__doc__.split("\n\n")[0],
        epilog="Every config key is a flag: --model.KEY, --train.KEY, --improve.KEY, --lora.KEY; the common ones "
               "also have short forms (--init, --method, --lora, --rounds).")
    parser.add_argument("--config", help="a .toml path (default: the defaults below)")
    parser.add_argument("--out", type=Path, default=Path("runs/improve"), help="run directory")
    parser.add_argument("--resume", nargs="?", const="latest", metavar="CKPT",
                        help="continue the run in --out from its latest checkpoint, or from CKPT")
    add_override_flags(parser, ImproveConfig, ALIASES)
    return parser.parse_args(argv)


@dataclass
class ImproveResult:
    rounds: dict[int, dict[str, float]] = field(default_factory=dict)  # round (1-based) → its scalars
    speed: dict[str, Any] = field(default_factory=dict)
    pool: dict[str, int] = field(default_factory=dict)                # what the pool's filters kept


def main(argv: list[str] | None = None) -> ImproveResult:
    args = parse_args(argv)
    cfg = load_config(ImproveConfig, "improve", args.config, overrides_from_args(args))
    return improve(cfg, args.out, args.resume)


def improve(cfg: ImproveConfig, out: Path, resume: str | None = None) -> ImproveResult:
    return launch(cfg.train, out, resume, lambda world, device: Improver(cfg, out, world, device).run(resume))


def default_exclude() -> list[str]:
    mix = DEFAULT_DIR / "train.jsonl"
    return [str(mix)] if mix.is_file() else []


class Improver:
    """One run of the stage: the model, its frozen reference (pg), the pool, the rounds."""

    def __init__(self, cfg: ImproveConfig, out: Path, world: World, device: torch.device):
        if world.world_size > 1:
            raise UserError("train.improve runs in one process: start it without torchrun")
        if not cfg.model.init:
            raise UserError("give the instruction-tuned checkpoint to improve: --init CKPT")
        self.cfg, self.out, self.device = cfg, out, device
        self.speed: Speed = configure(cfg.train, device)
        self.suite_eval = TrainingEval.from_spec(cfg.train.eval_suite, cfg.train.eval_max_new_tokens)
        self.schedule = Schedule.from_config(cfg.train)
        self.sandbox = SandboxConfig(timeout_s=cfg.improve.reward_timeout_s)
        self.result = ImproveResult()

    def run(self, resume: str | None) -> ImproveResult:
        cfg, ic = self.cfg, self.cfg.improve
        ckpt = find_resume_checkpoint(self.out, resume) if resume is not None else None
        state = read_state(ckpt) if ckpt else None
        if state and state["config"]["lora"]["enabled"] != cfg.lora.enabled:
            raise UserError(f"{ckpt} is from a {'LoRA' if state['config']['lora']['enabled'] else 'full'} run: "
                            "resume it with the same --lora setting")
        base = load_model(Path(state["init"]) if state else Path(cfg.model.init), self.device)
        self.model, self.tokenizer = base.model.train(), base.tokenizer
        # the policy gradient's anchor: the model as the stage found it (before LoRA or resumed weights)
        self.reference = copy.deepcopy(self.model).eval().requires_grad_(False) if ic.method == "pg" else None
        self.write_weights = prepare_model(cfg.lora, base, ckpt, report=True, stage="improve")
        self.optimizer = make_adamw(self.model, cfg.train.lr, cfg.train.weight_decay,
                                    (cfg.train.beta1, cfg.train.beta2), self.device)
        data_dir = Path(ic.data_dir) if ic.data_dir else DEFAULT_DATA_DIR
        problems, self.result.pool = build_problems(ic.pool_synthetic, ic.pool_seed, ic.mbpp, data_dir,
                                                    [Path(p) for p in ic.exclude or default_exclude()], self.sandbox)
        self.pool = Pool(problems, data_dir, self.sandbox, ic.pool_seed)
        start = 0
        if state:
            self.optimizer.load_state_dict(state["optimizer"])
            self.pool.load_state_dict(state["pool"])
            set_rng_state(state["rng"])
            start = state["step"]
            if self.schedule.timed:
                self.schedule.load_state_dict(state["budget"])
            if self.schedule.complete(start):
                print(f"--resume: the run in {self.out} is complete (round {start}): nothing to do")
                return self.result
        print(f"pool: {self.result.pool['kept']} problems ({self.result.pool['synthetic']} synthetic, "
              f"{self.result.pool['mbpp']} MBPP) of {self.result.pool['drawn']} drawn | init: {base.path} | "
              f"method: {ic.method} | {self.speed.describe()} | run: {self.out}")
        self.result.speed = asdict(self.speed)
        self.init_path = str(base.path)
        writer = self.open_log(start)
        try:
            with StopSignals() as stop:
                self.rounds(start, writer, stop)
        finally:
            writer.close()
        return self.result

    def open_log(self, start: int) -> SummaryWriter:
        self.out.mkdir(parents=True, exist_ok=True)
        run_config = self.cfg.to_dict() | {"speed": asdict(self.speed), "pool": self.result.pool}
        write_json(self.out / "run_config.json", run_config)
        after_earlier_logs(self.out / "tb")
        writer = SummaryWriter(self.out / "tb", purge_step=start + 1 if start else 0)
        if start == 0:
            writer.add_text("config", "```\n" + json.dumps(run_config, indent=2) + "\n```")
        return writer

    def rounds(self, start: int, writer: SummaryWriter, stop: StopSignals) -> None:
        cfg, schedule = self.cfg, self.schedule
        train_model = maybe_compile(self.model, self.speed.compile, varying_lengths=True)
        steps = itertools.count(start) if schedule.max_steps is None else range(start, schedule.max_steps)
        bar = tqdm(iter(steps), initial=start, total=schedule.total, desc="improve", unit="round", dynamic_ncols=True)
        schedule.start()
        for index in bar:
            began = time.perf_counter()
            lr = schedule.lr(index)
            scalars = self.round(index, lr, train_model, writer)
            done = index + 1
            scalars |= {"train/lr": lr, "round/seconds": time.perf_counter() - began}
            self.result.rounds[done] = scalars
            self.log(done, scalars, writer)
            bar.set_postfix(pass_rate=f"{scalars['pool/pass_rate']:.2f}", reward=f"{scalars['reward/mean']:.2f}",
                            **schedule.progress_note())
            last, stopping = schedule.stop_after(done), stop.received
            if done % cfg.train.eval_interval == 0 or last or stopping:
                with schedule.reserving():
                    self.checkpoint(done, writer, evaluate=not stopping or last)
            with open(self.out / "rounds.jsonl", "a", encoding="utf-8") as f:  # with the suite's scores, if any
                f.write(json.dumps({"round": done, **self.result.rounds[done]}) + "\n")
            if last:
                break
            if stopping:
                bar.close()
                raise Stopped(f"{signal.Signals(stopping).name}: stopped after round {done}, checkpointed in "
                              f"{step_dir(self.out, done)}; continue with --resume", 128 + stopping)

    def round(self, index: int, lr: float, train_model: torch.nn.Module, writer: SummaryWriter) -> dict[str, float]:
        ic = self.cfg.improve
        problems = self.pool.next_round(ic.problems)
        seed = self.cfg.train.seed * 1_000_003 + index  # this round's sampling and update order
        samples = sample(self.model, self.tokenizer, problems, ic.samples, ic.temperature, ic.top_p, ic.max_new_tokens,
                         seed=seed)
        rollouts = run(samples, self.sandbox)
        scalars = summarize(rollouts, self.tokenizer)
        update = self.expert(rollouts, lr, train_model, seed) if ic.method == "expert" else \
            self.policy_gradient(rollouts, lr, train_model, seed)
        passes: dict[str, int] = {}
        for r in rollouts:
            passes[r.problem.problem_id] = passes.get(r.problem.problem_id, 0) + int(r.outcome.passed)
        siblings = self.pool.record(passes, ic.siblings)
        writer.add_text("samples", samples_markdown(rollouts), index + 1)
        return scalars | update | {"pool/siblings_queued": float(siblings), "pool/size": float(len(self.pool.by_id))}

    def step(self, loss_of: Any, lr: float) -> tuple[float, float, bool]:
        """One optimizer step on `loss_of()` (a callable that runs the forward passes and returns the loss)."""
        for group in self.optimizer.param_groups:
            group["lr"] = lr
        loss = loss_of()
        loss.backward()
        return (loss.item(), *clip_and_step(self.model, self.optimizer, loss.item(), self.cfg.train.grad_clip))

    def expert(self, rollouts: list[Rollout], lr: float, train_model: torch.nn.Module, seed: int) -> dict[str, float]:
        tc = self.cfg.train
        examples, stats = select(rollouts, self.tokenizer, self.cfg.improve.rare_boost, self.model.cfg.max_seq_len)
        losses = []
        for batch in batches(examples, tc.batch_size, self.cfg.improve.epochs, seed):
            result = optimizer_step(train_model, self.optimizer, [collate(batch, self.tokenizer.pad_id)], lr,
                                    tc.grad_clip, tc.label_smoothing, self.device, precision=self.speed.precision)
            losses.append(result.loss)
        return stats | {"train/steps": float(len(losses)), "train/loss": sum(losses) / len(losses) if losses else 0.0}

    def policy_gradient(self, rollouts: list[Rollout], lr: float, train_model: torch.nn.Module,
                        seed: int) -> dict[str, float]:
        ic, tc = self.cfg.improve, self.cfg.train
        advantages = group_advantages([r.reward for r in rollouts], [r.problem.problem_id for r in rollouts],
                                      ic.scale_advantages)
        # an end-of-text the model did not sample (its completion was cut at a stop string or the budget) is not
        # its action to reward or penalise: that example ends at its last token
        items = [(example(r, self.tokenizer, end=r.ended), a) for r, a in zip(rollouts, advantages) if abs(a) > EPS]
        items = [(e, a) for e, a in items if len(e.ids) - 1 <= self.model.cfg.max_seq_len]
        random.Random(seed).shuffle(items)
        chunks = [items[i:i + tc.batch_size] for i in range(0, len(items), tc.batch_size)]
        # π_old: the policy that drew the samples, before this round's first step moves it
        olds = [sampling_logprobs(train_model, [e for e, _ in chunk], self.tokenizer.pad_id, self.device,
                                  self.speed.precision) if ic.clip > 0 else None for chunk in chunks]
        losses, skipped, logged = [], 0, defaultdict(list)
        for chunk, old in zip(chunks, olds):
            parts: dict[str, float] = {}

            def loss_of(chunk=chunk, old=old, parts=parts) -> torch.Tensor:
                loss, terms = pg_loss(train_model, self.reference, [e for e, _ in chunk], [a for _, a in chunk],
                                      ic.kl_coef, self.tokenizer.pad_id, self.device, self.speed.precision,
                                      old, ic.clip)
                parts.update(terms)
                return loss
            loss, _, applied = self.step(loss_of, lr)
            skipped += not applied
            losses.append(loss)
            for name in ("pg/kl", "pg/kl_max", "pg/clipped"):
                if name in parts:
                    logged[name].append(parts[name])
        means = {name: (max(v) if name == "pg/kl_max" else sum(v) / len(v)) for name, v in logged.items()}
        return {"pg/samples": float(len(items)), "train/steps": float(len(losses)),
                "train/skipped_steps": float(skipped), "train/loss": sum(losses) / len(losses) if losses else 0.0,
                "pg/kl": 0.0} | means

    def log(self, done: int, scalars: dict[str, float], writer: SummaryWriter) -> None:
        if done % self.cfg.train.log_interval == 0:
            for tag, value in scalars.items():
                writer.add_scalar(tag, value, done)
        tqdm.write(f"round {done}: pool pass rate {scalars['pool/pass_rate']:.3f} "
                   f"({scalars['pool/problems_solved']:.0%} of problems), reward {scalars['reward/mean']:.3f}, "
                   f"syntax {scalars['samples/syntax_valid']:.0%}, {int(scalars['train/steps'])} steps, "
                   f"{int(scalars['samples/timeouts'])} timeouts, {scalars['round/seconds']:.0f} s")

    def checkpoint(self, done: int, writer: SummaryWriter, evaluate: bool) -> None:
        diverged = first_nonfinite(dict(self.model.named_parameters()))
        if diverged:
            raise UserError(f"round {done}: {diverged} holds NaN/inf values: not checkpointed; lower train.lr")
        if evaluate and self.suite_eval:
            scalars, headline = self.suite_eval.log(self.model, self.tokenizer, writer, done)
            self.result.rounds[done] |= scalars
            tqdm.write(f"round {done}: {headline}")
        state = {"stage": "improve", "step": done, "optimizer": self.optimizer.state_dict(), "rng": rng_state(),
                 "pool": self.pool.state_dict(), "config": self.cfg.to_dict(), "init": self.init_path,
                 "val_loss": None, "best_val_loss": float("inf")}
        if self.schedule.timed:
            state["budget"] = self.schedule.state_dict()
        writer.flush()
        save_checkpoint(self.out, done, lambda d: self.write_weights(d, {"step": done, "val_loss": None}), state,
                        is_best=False, keep_last=self.cfg.train.keep_last)


def samples_markdown(rollouts: list[Rollout]) -> str:
    shown = sorted(rollouts, key=lambda r: -r.reward)[:SHOWN]
    return "\n\n".join(f"{r.problem.problem_id}: reward **{r.reward:.2f}** ({r.outcome.status})\n\n"
                       f"```python\n{r.problem.task.prompt}{r.completion}\n```" for r in shown)


if __name__ == "__main__":
    run_main(main)
