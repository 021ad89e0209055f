"""The evaluation pretraining and instruction tuning run at each eval interval.

Greedy completions of every task of a suite (mini-HumanEval by default), run in the sandbox:
greedy pass@1, syntax validity and the mode-collapse metrics go to TensorBoard as `eval/*` and
`collapse/*` scalars, a few completions with their verdicts as text. Greedy decoding draws no
random numbers, so evaluating never shifts the training RNG and resumed runs stay exact.
"""
from __future__ import annotations

from dataclasses import dataclass

from torch.utils.tensorboard import SummaryWriter

from data.pretrain.tokenizer import Tokenizer
from eval.generation import GenerationConfig
from eval.harness import EvalResult, evaluate_model
from eval.sandbox import SandboxConfig
from eval.suites import Suite, load_suite
from model.model import Transformer

SHOWN = 3  # completions shown in TensorBoard's text tab


@dataclass
class TrainingEval:
    suite: Suite
    max_new_tokens: int

    @classmethod
    def from_spec(cls, spec: str, max_new_tokens: int) -> TrainingEval | None:
        """None when `spec` is empty: evaluation switched off."""
        return cls(load_suite(spec), max_new_tokens) if spec else None

    def __call__(self, model: Transformer, tokenizer: Tokenizer) -> EvalResult:
        generation = GenerationConfig(max_new_tokens=self.max_new_tokens,
                                      batch_size=min(32, len(self.suite.tasks)))
        return evaluate_model(model, tokenizer, self.suite, generation, SandboxConfig())

    def log(self, model: Transformer, tokenizer: Tokenizer, writer: SummaryWriter,
            step: int) -> tuple[dict[str, float], str]:
        """Evaluate, write the scalars and a few completions to TensorBoard; return (scalars, a one-line summary)."""
        result = self(model, tokenizer)
        scalars = result.scalars()
        for tag, value in scalars.items():
            writer.add_scalar(tag, value, step)
        writer.add_text("eval_samples", self.samples_markdown(result), step)
        return scalars, self.headline(result)

    def headline(self, result: EvalResult) -> str:
        s = result.summary
        collapse = "collapse: " + "; ".join(s["collapse"]["reasons"]) if s["collapse"]["flag"] else "no collapse"
        return (f"{s['suite']} {s['greedy_solved']}/{s['tasks']} solved, syntax valid {s['syntax_valid']:.0%}, "
                f"{collapse}")

    def samples_markdown(self, result: EvalResult) -> str:
        tasks = self.suite.by_id()
        return "\n\n".join(f"{s.sample.task_id}: **{s.verdict.status}** {s.verdict.error_type}\n\n"
                           f"```python\n{tasks[s.sample.task_id].prompt}{s.sample.completion}\n```"
                           for s in result.scored[:SHOWN])
