"""Prompt restyling (data/curation/synth/restyle.py): exact annotation rewrites, example layouts, wrapping."""
from __future__ import annotations

import random

import pytest

from configs.errors import UserError
from data.curation.synth import CATEGORIES, generate
from data.curation.synth.core import build
from data.curation.synth.restyle import examples_block, reannotate, restyle_problem, split_examples, wrap
from data.instruct.template import render
from tests.test_synth_templates import passes

TEMPLATES = [t for ts in CATEGORIES.values() for t in ts]
SIGNATURE = ("def f(xs: list[int], table: dict[str, tuple[int, ...]], key: str | None = None,\n"
             "      *rest: int, strict: bool = False) -> list[int] | None:\n"
             "    # the body is never touched\n"
             "    return [x for x in xs if x] or None\n")


def test_typing_style_spells_every_signature_annotation_with_the_typing_module_and_imports_it():
    assert reannotate(SIGNATURE, "f", "typing") == (
        "from typing import Dict, List, Optional, Tuple\n\n\n"
        "def f(xs: List[int], table: Dict[str, Tuple[int, ...]], key: Optional[str] = None,\n"
        "      *rest: int, strict: bool = False) -> Optional[List[int]]:\n"
        "    # the body is never touched\n"
        "    return [x for x in xs if x] or None\n")
    assert reannotate("def f(a: int | str | None) -> int:\n    return 1\n", "f", "typing") == (
        "from typing import Union\n\n\ndef f(a: Union[int, str, None]) -> int:\n    return 1\n")


def test_none_style_drops_every_signature_annotation_and_tightens_defaults():
    assert reannotate(SIGNATURE, "f", "none") == (
        "def f(xs, table, key=None,\n"
        "      *rest, strict=False):\n"
        "    # the body is never touched\n"
        "    return [x for x in xs if x] or None\n")


def test_only_the_entry_function_changes_and_a_missing_one_or_an_existing_typing_import_refuses():
    src = "def helper(v: list[int]) -> int:\n    return len(v)\n\n\ndef g(v: list[int]) -> int:\n    return helper(v)\n"
    out = reannotate(src, "g", "none")
    assert out == "def helper(v: list[int]) -> int:\n    return len(v)\n\n\ndef g(v):\n    return helper(v)\n"
    assert reannotate(src, "missing", "none") is None
    assert reannotate("from typing import List\n\n\ndef g(v: List[int]) -> int:\n    return 1\n", "g", "none") is None
    assert reannotate("import re\n\n\ndef g(v: list[str]) -> int:\n    return 1\n", "g", "typing") == (
        "from typing import List\nimport re\n\n\ndef g(v: List[str]) -> int:\n    return 1\n")


def test_examples_round_trip_and_every_layout_names_each_call_and_value():
    statement, examples = split_examples("Sum `xs`.\n\n>>> f([1, 2])\n3\n>>> f([])\n0")
    assert (statement, examples) == ("Sum `xs`.", [("f([1, 2])", "3"), ("f([])", "0")])
    assert split_examples("No examples here.") == ("No examples here.", [])
    layouts = {examples_block(examples, random.Random(seed)) for seed in range(60)}
    assert len(layouts) >= 8  # five layouts, four introductions
    for block in layouts:
        assert block.startswith("\n\n") and all(part in block for part in ("f([1, 2])", "3", "f([])", "0"))
    assert "\n\n>>> f([1, 2])\n3\n>>> f([])\n0" in layouts  # the doctest layout as it was
    assert "\n\nFor example, f([1, 2]) returns 3 and f([]) returns 0." in layouts
    assert examples_block([], random.Random(0)) == ""


def test_wrap_keeps_every_word_and_paragraph_and_breaks_long_lines():
    text = "Return the " + "very " * 40 + "long `key=value` answer.\n\nA second paragraph."
    wrapped = wrap(text, random.Random(0))
    assert wrapped.split() == text.split() and wrapped.count("\n\n") == 1
    assert max(map(len, wrapped.splitlines())) <= 76 and "`key=value`" in wrapped


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda t: f"{t.category}.{t.make.__name__}")
def test_every_template_restyles_and_still_passes_its_tests(template):
    for seed in range(3):
        rng = random.Random(seed)
        spec = template.make(rng)
        p = build(spec, rng, len(spec.solutions))
        q = restyle_problem(p, random.Random(seed))
        assert (q.key, q.name, q.tests, len(q.solutions)) == (p.key, p.name, p.tests, len(p.solutions))
        statement, examples = split_examples(p.instruction)
        assert " ".join(q.instruction.split()).startswith(" ".join(statement.split()))
        assert all(call in q.instruction and value in q.instruction for call, value in examples)
        for src in q.solutions:
            passes(src, q.tests)
            rendered = render(q.instruction, src, "", q.name)
            assert rendered.response.strip() and (p.name[0].isupper() or rendered.prompt.endswith('"""\n'))


def test_generate_restyles_the_asked_share_and_leaves_the_problems_drawn_unchanged():
    plain = generate(80, seed=5, solutions=2)
    assert generate(80, seed=5, solutions=2, restyle=0.0) == plain
    styled = generate(80, seed=5, solutions=2, restyle=1.0)
    assert generate(80, seed=5, solutions=2, restyle=1.0) == styled  # deterministic for a seed
    assert [(r.id, r.tests, r.category) for r in styled] == [(r.id, r.tests, r.category) for r in plain]
    assert sum("from typing import" in r.output for r in styled) >= 5
    assert sum("->" not in r.output.split(":\n")[0] for r in styled if r.category != "small_classes") >= 20
    assert sum(any(len(line) > 80 for line in r.instruction.splitlines()) for r in styled) \
        < sum(any(len(line) > 80 for line in r.instruction.splitlines()) for r in plain) / 2
    with pytest.raises(UserError, match="0 to 1"):
        generate(5, restyle=-0.1)
