"""Prompt restyling (generate's `restyle` share): a problem's docstring and signature laid out in another of the
styles Python code commonly uses, so the layout of a prompt is not a cue the model has only ever seen one way.

Why: every template writes its statement as one unwrapped line (often 150-300 characters), its examples, when it
shows any, as bare doctest lines, and its signature with builtin generics (`list[int]`). Docstrings in ordinary
Python code are wrapped near 80 columns, introduce their examples ("For example:", "Examples:"), write them as
doctests, as `call == value` lines or in prose, and annotate with the typing module (`List[int]`,
`Optional[str]`) or not at all. The recipe's model writes code that parses for 100 % of the mini tasks (prompts
in the house style) and for 54 % of HumanEval's (RESULTS.md, 2026-12-07): a model that has seen one layout may
read any other as noise.

Each restyled problem draws each of these on its own (general docstring and typing conventions, not any
benchmark's problems):
- wrapping: the statement wrapped at 68 to 76 columns, or left as it is;
- examples: the doctest lines as they are, under an introducing line, as `call == value` or `call -> value`
  lines, or as one sentence;
- annotations of the entry function: builtin generics as written, typing-module names imported at the top of
  the code (`from typing import List`), or none.
The code changes only in the entry function's signature (and the added import): every rewritten solution must
parse to the original tree once the signature's annotations and that import are set aside, or the problem keeps
its annotations. A class entry point keeps its code; its statement and examples are still restyled.

Measured (RESULTS.md, 2026-12-07, AVX2-only AMD EPYC, two instruction seeds on one pretrained model): no
consistent effect; the two pairs moved mini, check and HumanEval syntax in opposite directions. Off by default.
"""
from __future__ import annotations

import ast
import dataclasses
import random
import textwrap

from data.curation.synth.core import Problem, check_renders
from data.curation.synth.rename import entry_function

P_WRAP = 0.7  # most docstrings in the wild are wrapped
WIDTHS = (68, 72, 76)
INTROS = ("For example:", "Example:", "Examples:", "Examples\n--------")  # the last: numpydoc's section
TYPING = {"list": "List", "dict": "Dict", "tuple": "Tuple", "set": "Set", "frozenset": "FrozenSet"}
Edit = tuple[int, int, bytes]  # (start, end, replacement) as byte offsets into a source


def split_examples(instruction: str) -> tuple[str, list[tuple[str, str]]]:
    """(statement, [(call, value repr), ...]) of an instruction whose examples core.examples_text wrote, or
    (instruction, []) when it has none."""
    statement, sep, tail = instruction.partition("\n\n>>> ")
    lines = (">>> " + tail).split("\n")
    if not sep or len(lines) % 2 or not all(line.startswith(">>> ") for line in lines[::2]):
        return instruction, []
    return statement, [(call[4:], value) for call, value in zip(lines[::2], lines[1::2])]


def examples_block(examples: list[tuple[str, str]], rng: random.Random) -> str:
    """The examples in one of the layouts docstrings use, or "" when there are none."""
    if not examples:
        return ""
    style = rng.choice(("doctest", "intro", "equals", "arrow", "prose"))
    if style == "prose":
        return "\n\nFor example, " + " and ".join(f"{call} returns {value}" for call, value in examples) + "."
    lines = [f"{call} == {value}" if style == "equals" else f"{call} -> {value}" if style == "arrow"
             else f">>> {call}\n{value}" for call, value in examples]
    return "\n\n" + ("" if style == "doctest" else rng.choice(INTROS) + "\n") + "\n".join(lines)


def wrap(statement: str, rng: random.Random) -> str:
    """Each paragraph wrapped at a drawn width; words (`key=value`, identifiers) are never split."""
    width = rng.choice(WIDTHS)
    return "\n\n".join(textwrap.fill(p, width, break_long_words=False, break_on_hyphens=False)
                       for p in statement.split("\n\n"))


def typing_text(node: ast.expr, used: set[str]) -> str:
    """An annotation in typing-module spelling (`list[int] | None` -> `Optional[List[int]]`), adding the names
    it needs to `used`."""
    if isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name) and node.value.id in TYPING:
        used.add(TYPING[node.value.id])
        items = node.slice.elts if isinstance(node.slice, ast.Tuple) else [node.slice]
        return f"{TYPING[node.value.id]}[{', '.join(typing_text(item, used) for item in items)}]"
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
        parts = union_parts(node)
        others = [p for p in parts if not (isinstance(p, ast.Constant) and p.value is None)]
        if len(others) == 1 and len(parts) == 2:
            used.add("Optional")
            return f"Optional[{typing_text(others[0], used)}]"
        used.add("Union")
        return f"Union[{', '.join(typing_text(p, used) for p in parts)}]"
    return ast.unparse(node)


def union_parts(node: ast.expr) -> list[ast.expr]:
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
        return union_parts(node.left) + union_parts(node.right)
    return [node]


def offsets(src: bytes) -> list[int]:
    """Byte offset of the start of each line (1-based line numbers index it from 1)."""
    starts = [0, 0]
    for line in src.splitlines(keepends=True):
        starts.append(starts[-1] + len(line))
    return starts


def annotation_edits(src: bytes, fn: ast.FunctionDef, style: str) -> tuple[list[Edit], set[str]]:
    """The byte edits that rewrite `fn`'s signature annotations in `style` ("typing" or "none")."""
    starts = offsets(src)  # ast columns are byte offsets into their line

    def span(node: ast.AST) -> tuple[int, int]:
        return starts[node.lineno] + node.col_offset, starts[node.end_lineno] + node.end_col_offset

    params = fn.args.posonlyargs + fn.args.args + fn.args.kwonlyargs + [a for a in (fn.args.vararg, fn.args.kwarg) if a]
    edits: list[Edit] = []
    used: set[str] = set()
    for param in (p for p in params if p.annotation is not None):
        begin, end = span(param.annotation)
        if style == "typing":
            edits.append((begin, end, typing_text(param.annotation, used).encode()))
            continue
        name_end = span(param)[0] + len(param.arg)
        default = src[end:end + 3] == b" = "  # `n: int = 0` -> `n=0`, as unannotated code writes it
        edits.append((name_end, end + 3 if default else end, b"=" if default else b""))
    if fn.returns is not None:
        begin, end = span(fn.returns)
        if style == "typing":
            edits.append((begin, end, typing_text(fn.returns, used).encode()))
        else:
            edits.append((len(src[:src.rindex(b"->", 0, begin)].rstrip()), end, b""))
    return edits, used


def without_annotations(tree: ast.Module, name: str) -> str:
    """The dump of `tree` with the entry function's signature annotations and any typing import removed."""
    tree.body = [n for n in tree.body if not (isinstance(n, ast.ImportFrom) and n.module == "typing")]
    fn = entry_function(tree, name)
    for param in fn.args.posonlyargs + fn.args.args + fn.args.kwonlyargs + [fn.args.vararg, fn.args.kwarg]:
        if param is not None:
            param.annotation = None
    fn.returns = None
    return ast.dump(tree)


def reannotate(src: str, name: str, style: str) -> str | None:
    """`src` with its entry function annotated in `style` ("typing", "none"), or None when that cannot be done
    exactly (no such function, or a rewrite that would change the code)."""
    tree = ast.parse(src)
    fn = entry_function(tree, name)
    if fn is None or any(isinstance(n, ast.ImportFrom) and n.module == "typing" for n in tree.body):
        return None
    raw = src.encode()
    edits, used = annotation_edits(raw, fn, style)
    for begin, end, text in sorted(edits, reverse=True):  # right to left: earlier offsets hold
        raw = raw[:begin] + text + raw[end:]
    joins_imports = isinstance(tree.body[0], (ast.Import, ast.ImportFrom))  # one import block, as isort writes it
    header = f"from typing import {', '.join(sorted(used))}\n" + ("" if joins_imports else "\n\n")
    out = (header if used else "") + raw.decode()
    try:
        same = without_annotations(ast.parse(out), name) == without_annotations(ast.parse(src), name)
    except SyntaxError:
        return None
    return out if same else None


def restyle_problem(problem: Problem, rng: random.Random) -> Problem:
    """The problem with its statement, examples and signature annotations in drawn styles; any part that cannot
    be restyled exactly keeps its style."""
    statement, examples = split_examples(problem.instruction)
    if rng.random() < P_WRAP:
        statement = wrap(statement, rng)
    instruction = statement + examples_block(examples, rng)
    style = rng.choice(("builtin", "typing", "none"))
    solutions = problem.solutions
    if style != "builtin":
        rewritten = [reannotate(src, problem.name, style) for src in solutions]
        solutions = solutions if None in rewritten else tuple(rewritten)
    check_renders(problem.name, instruction, solutions)
    return dataclasses.replace(problem, instruction=instruction, solutions=solutions)
