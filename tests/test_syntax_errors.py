"""`python -m eval.syntax_errors`: greedy completions that do not parse, counted by kind."""
import json

import pytest

from configs.errors import UserError
from eval.harness import parse_outcome as kind
from eval.suites import Task
from eval.syntax_errors import main


@pytest.mark.parametrize("completion, expected", [
    ("    return a + b\n", "parses"),
    ("    return len) / 2\n", "bracket"),          # unmatched ')'
    ("    return f(a, [b)\n", "bracket"),          # ')' closes '['
    ("    return f(a\n", "bracket"),               # '(' never closed
    ("  x = 1\n    return x\n", "indentation"),   # unexpected indent
    ("    if a:\n\treturn b\n", "indentation"),  # tabs after spaces
    ("    for i in range(a)\n        pass\n", "other"),  # expected ':'
    ("    return a\x00\n", "other"),               # a NUL byte: ast raises ValueError
])
def test_each_failure_has_its_kind(completion, expected):
    task = Task("T/0", "def add(a, b):\n", "add", "", "", "humaneval")
    assert kind(task, completion) == expected


def test_an_mbpp_completion_is_parsed_alone():
    task = Task("M/1", "You are an expert Python programmer... [BEGIN]\n", "f", "", "", "mbpp")
    assert kind(task, "def f(x):\n    return x\n") == "parses"
    assert kind(task, "    return x\n") == "indentation"


def test_files_are_counted_greedy_only(tmp_path, capsys):
    rows = [{"task_id": "Mini/0", "completion": "    return a + b\n", "greedy": True},
            {"task_id": "Mini/0", "completion": "    return a + b)\n", "greedy": True},
            {"task_id": "Mini/0", "completion": "    return (a\n", "greedy": True},
            {"task_id": "Mini/0", "completion": "    return a +\n", "greedy": True},
            {"task_id": "Mini/0", "completion": "    return a)\n", "greedy": False}]
    samples = tmp_path / "samples.jsonl"
    samples.write_text("".join(json.dumps(r) + "\n" for r in rows))
    (row,) = main(["--suite", "mini", str(samples)])
    assert row == {"file": str(samples), "greedy": 4, "parses": 1, "bracket": 2, "indentation": 0, "other": 1}
    assert json.loads(capsys.readouterr().out) == row
    only_sampled = tmp_path / "sampled.jsonl"
    only_sampled.write_text(json.dumps(rows[-1]) + "\n")
    with pytest.raises(UserError, match="sampled.jsonl: no greedy completions"):
        main(["--suite", "mini", str(only_sampled)])
