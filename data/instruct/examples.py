"""Instruction examples: read and validate JSONL, render with the shared template, tokenize.

One record per line with at least `instruction`, `input` (may be empty) and `output` (code);
`entry_point` and `problem_id` are used when present (the curated records of records.py carry
more). Every line is validated and an error names FILE:LINE and the field.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from configs.errors import UserError
from configs.files import read_jsonl
from data.instruct.template import render
from data.pretrain.tokenizer import Tokenizer

REQUIRED = ("instruction", "input", "output")
IGNORE_INDEX = -100


@dataclass(frozen=True)
class Example:
    instruction: str
    input: str
    output: str
    entry_point: str | None = None
    problem_id: str | None = None

    @property
    def problem_key(self) -> str:
        return self.problem_id or self.instruction


def read_examples(path: Path) -> list[Example]:
    examples = []
    for number, record in read_jsonl(path, "instruction data"):
        for field in REQUIRED:
            if not isinstance(record.get(field), str):
                problem = "missing" if field not in record else f"must be a string, got {type(record[field]).__name__}"
                raise UserError(f"{path}:{number}: field {field!r} {problem}")
        if not record["output"].strip():
            raise UserError(f"{path}:{number}: field 'output' is empty")
        examples.append(Example(record["instruction"], record["input"], record["output"],
                                record.get("entry_point"), record.get("problem_id")))
    if not examples:
        raise UserError(f"{path}: no examples")
    return examples


@dataclass(frozen=True)
class TokenizedExample:
    ids: list[int]      # prompt + response + end-of-text
    n_prompt: int       # the first n_prompt ids are masked out of the loss

    def labels(self) -> list[int]:
        return [IGNORE_INDEX] * self.n_prompt + self.ids[self.n_prompt:]


def tokenize(example: Example, tokenizer: Tokenizer) -> TokenizedExample:
    """Prompt and response are encoded separately, exactly as evaluation encodes a prompt and the
    model continues it."""
    rendered = render(example.instruction, example.output, example.input, example.entry_point)
    prompt = tokenizer.encode(rendered.prompt)
    return TokenizedExample(prompt + tokenizer.encode(rendered.response) + [tokenizer.eot_id], len(prompt))
