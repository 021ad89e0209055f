"""Instruction data: the shared template, JSONL validation, loss masking and bucketed batching."""
import ast
import json

import pytest
import torch

from configs.errors import UserError
from data.instruct.batching import BucketBatcher, collate, epoch_batches
from data.instruct.examples import IGNORE_INDEX, TokenizedExample, read_examples
from data.instruct.split import split_by_problem
from data.instruct.template import render
from model import ModelConfig, Transformer


def test_template_splits_a_documented_function_after_its_docstring():
    code = ('import math\n\ndef area(r,\n         scale=1):\n    """Circle area.\n\n    More.\n    """\n'
            '    a = math.pi * r * r\n    return a * scale\n')
    r = render("ignored: the function has its own docstring", code)
    assert r.prompt == 'import math\n\ndef area(r,\n         scale=1):\n    """Circle area.\n\n    More.\n    """\n'
    assert r.response == "    a = math.pi * r * r\n    return a * scale\n"
    assert r.prompt + r.response == code


def test_template_writes_the_instruction_as_docstring_when_missing():
    r = render("Add two numbers.", "def helper():\n    return 1\n\ndef add(a, b):\n    return a + b",
               input="a, b: ints", entry_point="add")
    assert r.prompt == ('def helper():\n    return 1\n\ndef add(a, b):\n'
                        '    """\n    Add two numbers.\n\n    a, b: ints\n    """\n')
    assert r.response == "    return a + b\n"


def test_docstring_goes_above_a_decorated_inner_function():
    code = ("def fib(n):\n    @lru_cache(None)\n    def go(k):\n        return k if k < 2 else go(k - 1) + go(k - 2)\n"
            "    return go(n)\n")
    r = render("Return the n-th Fibonacci number.", "from functools import lru_cache\n\n" + code, entry_point="fib")
    assert r.prompt.endswith('def fib(n):\n    """Return the n-th Fibonacci number."""\n')
    assert r.response.startswith("    @lru_cache(None)\n")
    ast.parse(r.prompt + r.response)


def test_template_without_a_function_uses_a_comment():
    r = render("Print hello.", "print('hello')")
    assert (r.prompt, r.response) == ("# Print hello.\n", "print('hello')\n")


def test_humaneval_prompt_has_the_training_shape():
    """A HumanEval prompt is signature + docstring; rendering its canonical solution gives it back."""
    prompt = 'def add(x: int, y: int):\n    """Add two numbers x and y\n    >>> add(2, 3)\n    5\n    """\n'
    r = render("unused", prompt + "    return x + y\n", entry_point="add")
    assert r.prompt == prompt and r.response == "    return x + y\n"


def write_jsonl(path, lines):
    path.write_text("\n".join(lines) + "\n")
    return path


def test_jsonl_errors_name_file_line_and_field(tmp_path):
    good = json.dumps({"instruction": "i", "input": "", "output": "x = 1"})
    with pytest.raises(UserError, match=r"d\.jsonl:2: not valid JSON"):
        read_examples(write_jsonl(tmp_path / "d.jsonl", [good, "{nope"]))
    with pytest.raises(UserError, match=r"d\.jsonl:3: field 'output' missing"):
        read_examples(write_jsonl(tmp_path / "d.jsonl", [good, good, json.dumps({"instruction": "i", "input": ""})]))
    with pytest.raises(UserError, match=r"d\.jsonl:1: field 'input' must be a string"):
        read_examples(write_jsonl(tmp_path / "d.jsonl", [json.dumps({"instruction": "i", "input": 3, "output": "x"})]))
    with pytest.raises(UserError, match="instruction data not found"):
        read_examples(tmp_path / "missing.jsonl")
    assert len(read_examples(write_jsonl(tmp_path / "d.jsonl", [good, "", good]))) == 2


def test_split_keeps_all_solutions_of_a_problem_together(tmp_path):
    lines = [json.dumps({"instruction": f"p{i % 10}", "input": "", "output": f"x = {i}", "problem_id": f"p{i % 10}"})
             for i in range(50)]
    train, val = split_by_problem(read_examples(write_jsonl(tmp_path / "d.jsonl", lines)), lambda e: e.problem_key, 0.2)
    assert val and train
    assert not {e.problem_id for e in train} & {e.problem_id for e in val}
    assert len(train) + len(val) == 50


def test_prompt_tokens_contribute_nothing_to_the_loss():
    torch.manual_seed(0)
    model = Transformer(ModelConfig(vocab_size=50, n_layer=1, n_head=2, d_model=16, d_mlp=32, max_seq_len=32))
    examples = [TokenizedExample([5, 6, 7, 8, 9, 10, 0], 4), TokenizedExample([11, 12, 13, 0], 2)]
    inputs, targets = collate(examples, pad_id=1)
    assert inputs.shape == targets.shape == (2, 6)
    # targets: prompt positions (all but the prompt's last token predicting the first response token) ignored
    assert targets[0].tolist() == [IGNORE_INDEX] * 3 + [9, 10, 0]
    assert targets[1].tolist() == [IGNORE_INDEX, 13, 0] + [IGNORE_INDEX] * 3  # right padding ignored too
    loss = model(inputs, targets)
    logp = model(inputs).log_softmax(-1)
    picked = [logp[0, 3, 9], logp[0, 4, 10], logp[0, 5, 0], logp[1, 1, 13], logp[1, 2, 0]]
    torch.testing.assert_close(loss, -torch.stack(picked).mean(), rtol=1e-6, atol=1e-6)


def test_batches_are_bucketed_by_length_and_cover_every_example():
    lengths = [3 + (i * 37) % 200 for i in range(400)]
    batches = epoch_batches(lengths, batch_size=8, seed=0, epoch=0)
    assert sorted(i for b in batches for i in b) == list(range(400))
    padded = sum(max(lengths[i] for i in b) * len(b) for b in batches)
    assert padded / sum(lengths) < 1.1  # random batches of these lengths pad ~1.6×


def test_batcher_resumes_at_the_same_batch():
    examples = [TokenizedExample(list(range(1, 3 + i % 7)), 1) for i in range(30)]
    a = BucketBatcher(examples, 4, pad_id=0, seed=3)
    for _ in range(9):  # past the end of the first epoch (8 batches)
        a.next_batch()
    b = BucketBatcher(examples, 4, pad_id=0, seed=3)
    b.load_state_dict(a.state_dict())
    for _ in range(5):
        assert all(torch.equal(x, y) for x, y in zip(a.next_batch(), b.next_batch()))
    with pytest.raises(UserError, match="batch_size"):
        BucketBatcher(examples, 5, pad_id=0, seed=3).load_state_dict(a.state_dict())


def test_mining_keeps_documented_self_contained_functions_only():
    from data.curation.mined import mine

    source = '''
import os

def clamp(x, lo, hi):
    """Clamp x into [lo, hi].

    >>> clamp(5, 0, 3)
    3
    >>> lo = -1
    >>> clamp(-4, lo, 2)
    -1
    """
    if x < lo:
        return lo
    return min(x, hi)

def uses_global(path):
    """Join with the cwd."""
    full = os.path.join(os.getcwd(), path)
    return full

def talks(x):
    """Print x."""
    print(x)
    return x

def undocumented(x):
    y = x + 1
    return y
'''
    records = list(mine(iter([source, source])))  # the duplicate file adds nothing
    assert [r.entry_point for r in records] == ["clamp"]
    clamp = records[0]
    assert clamp.instruction == "Clamp x into [lo, hi]."
    assert clamp.output.startswith("def clamp(x, lo, hi):") and clamp.output.endswith("return min(x, hi)\n")
    assert clamp.tests == ("assert repr(clamp(5, 0, 3)) == '3'", "lo = -1", "assert repr(clamp(-4, lo, 2)) == '-1'")
    assert (clamp.source, clamp.difficulty) == ("mined", "easy")
    from eval.sandbox import run_program

    assert run_program(clamp.program()).passed  # the doctests hold as asserts
