"""The one instruction template, shared by training and evaluation.

An example renders into the shape HumanEval uses: the prompt is the code up to and including the
function's signature and docstring, the response is the function body. Training on that shape
means an evaluation prompt (a HumanEval problem, a mini-HumanEval task) is exactly what the model
saw during instruction tuning, with no chat wrapper for a small model to get wrong.

- The function is the one named `entry_point`, else the first top-level `def`.
- Code before the function (imports, helpers) stays in the prompt, as in HumanEval.
- A function without a docstring gets one made from the instruction (and the input, if any).
- Code with no function at all gets the instruction as a comment block, then the code.
"""
from __future__ import annotations

import ast
from dataclasses import dataclass


@dataclass(frozen=True)
class Rendered:
    prompt: str
    response: str


def docstring_block(text: str, indent: str) -> str:
    lines = text.strip().replace('"""', "'''").splitlines() or [""]
    if len(lines) == 1:
        return f'{indent}"""{lines[0]}"""\n'
    body = "".join(f"{indent}{line}".rstrip() + "\n" for line in lines)
    return f'{indent}"""\n{body}{indent}"""\n'


def find_function(tree: ast.Module, entry_point: str | None) -> ast.FunctionDef | None:
    functions = [n for n in tree.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))]
    named = [f for f in functions if f.name == entry_point]
    return (named or functions or [None])[0]


def as_comment(description: str) -> str:
    return "".join(f"# {line}".rstrip() + "\n" for line in description.splitlines())


def has_docstring(fn: ast.FunctionDef) -> bool:
    first = fn.body[0]
    return isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) and isinstance(first.value.value, str)


def body_start(fn: ast.FunctionDef) -> int:
    """The first line of the body: a decorated inner function starts at its first decorator."""
    first = fn.body[0]
    return min([first.lineno] + [d.lineno for d in getattr(first, "decorator_list", [])])


def render(instruction: str, output: str, input: str = "", entry_point: str | None = None) -> Rendered:
    """Split an (instruction, input, output) example into a HumanEval-shaped prompt and response."""
    description = instruction.strip() + (f"\n\n{input.strip()}" if input.strip() else "")
    code = output.rstrip() + "\n"
    try:
        fn = find_function(ast.parse(code), entry_point)
    except SyntaxError:
        fn = None
    lines = code.splitlines(keepends=True)
    if fn is not None and has_docstring(fn) and len(fn.body) > 1:
        split = fn.body[0].end_lineno  # the prompt ends with the docstring's last line
        return Rendered("".join(lines[:split]), "".join(lines[split:]))
    if fn is not None and not has_docstring(fn) and body_start(fn) > fn.lineno:
        split = body_start(fn) - 1  # the signature may span lines; the body starts on its own line
        indent = lines[split][: fn.body[0].col_offset]
        return Rendered("".join(lines[:split]) + docstring_block(description, indent), "".join(lines[split:]))
    # no function, a one-line `def f(): ...`, or a body that is only a docstring
    return Rendered(as_comment(description), code)
