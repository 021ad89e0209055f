"""`python -m eval.signature_use`: greedy completions counted by how many of the signature's parameters they name."""
import json

import pytest

from configs.errors import UserError
from eval.signature_use import main, parameters
from eval.suites import Task


def test_parameters_read_the_signature_text_even_in_layouts_that_do_not_parse():
    task = Task("T/0", 'import re\ndef split_it(text, sep = ","): \n\t"""Split."""\n', "split_it", "", "", "humaneval")
    assert parameters(task) == ["text", "sep"]
    with pytest.raises(UserError, match="T/0: no signature of other"):
        parameters(Task("T/0", "def f(x):\n", "other", "", "", "humaneval"))


def test_greedy_completions_are_counted_by_the_parameters_they_name(tmp_path, capsys):
    rows = [{"task_id": "Mini/0", "completion": "    return a + b\n", "greedy": True, "error_type": ""},
            {"task_id": "Mini/0", "completion": "    return a + 1\n", "greedy": True, "error_type": ""},
            {"task_id": "Mini/0", "completion": "    return x + y\n", "greedy": True, "error_type": "NameError"},
            {"task_id": "Mini/0", "completion": "    return ab\n", "greedy": True, "error_type": "NameError"},
            {"task_id": "Mini/0", "completion": "    return a + b\n", "greedy": False, "error_type": ""}]
    samples = tmp_path / "samples.jsonl"
    samples.write_text("".join(json.dumps(r) + "\n" for r in rows))
    (row,) = main(["--suite", "mini", str(samples)])  # Mini/0 is `def add(a: int, b: int)`
    assert row == {"file": str(samples), "greedy": 4, "none": 2, "some": 1, "all": 1, "NameError": 2}
    assert json.loads(capsys.readouterr().out) == row
