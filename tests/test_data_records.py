"""The record schema: a round trip keeps every field (extra ones included), and each kind of bad
line is one error naming FILE:LINE: field."""
from __future__ import annotations

import json

import pytest

from configs.errors import UserError
from data.instruct.records import Record, read_records, write_records

GOOD = {"id": "p1-s0", "problem_id": "p1", "instruction": "Add a and b.", "input": "",
        "output": "def add(a, b):\n    return a + b\n", "entry_point": "add", "tests": ["assert add(1, 2) == 3"],
        "difficulty": "easy", "category": "arithmetic", "source": "synthetic"}


def test_round_trip_keeps_every_field(tmp_path):
    records = [Record(**{**GOOD, "tests": tuple(GOOD["tests"])}, extra={"pass_rate": 0.4}),
               Record(**{**GOOD, "id": "p1-s1", "tests": ()})]
    write_records(tmp_path / "r.jsonl", records)
    back = read_records(tmp_path / "r.jsonl")
    assert back == records and back[0].extra == {"pass_rate": 0.4}
    assert records[0].program() == GOOD["output"].rstrip() + "\n\nassert add(1, 2) == 3\n"


@pytest.mark.parametrize("change, needles", [
    ({"tests": "assert x"}, ["tests", "list of strings"]),
    ({"tests": None}, ["tests"]),
    ({"difficulty": "trivial"}, ["difficulty", "'trivial'"]),
    ({"source": "web"}, ["source", "'web'"]),
    ({"output": 3}, ["output", "must be a string"]),
    ({"entry_point": "  "}, ["entry_point", "empty"]),
    ({"category": None}, ["category", "must be a string"]),
])
def test_a_bad_field_is_named_with_file_and_line(tmp_path, change, needles):
    bad = {**GOOD, "id": "p1-s1", **change}
    path = tmp_path / "r.jsonl"
    path.write_text(json.dumps(GOOD) + "\n\n" + json.dumps(bad) + "\n")
    with pytest.raises(UserError) as err:
        read_records(path)
    message = str(err.value)
    assert message.startswith(f"{path}:3: ") and "\n" not in message
    assert all(n in message for n in needles), message


def test_missing_field_duplicate_id_and_broken_json(tmp_path):
    path = tmp_path / "r.jsonl"
    path.write_text(json.dumps({k: v for k, v in GOOD.items() if k != "problem_id"}) + "\n")
    with pytest.raises(UserError, match=r"r.jsonl:1: problem_id: missing"):
        read_records(path)
    path.write_text(json.dumps(GOOD) + "\n" + json.dumps(GOOD) + "\n")
    with pytest.raises(UserError, match=r"r.jsonl:2: id: duplicate 'p1-s0' \(first on line 1\)"):
        read_records(path)
    path.write_text(json.dumps(GOOD) + "\n{oops\n")
    with pytest.raises(UserError, match=r"r.jsonl:2: not valid JSON"):
        read_records(path)
    with pytest.raises(UserError, match="not found"):
        read_records(tmp_path / "absent.jsonl")
