"""Parameter renaming: a problem's entry-point parameters get other common names, in every solution and in the
instruction, so that the names a model must use can only be read off the prompt.

Why: the templates name their parameters from small fixed lists (`xs`, `nums`, `readings`, ...) and the
instruction names them again in backticks (92 % of parameters in the recipe's mix). A model trained on that
learns which name goes with which kind of task instead of reading the signature. On HumanEval, whose
docstrings rarely name a parameter, the recipe's model (2026-12-07, seed 1337) used none of the signature's
parameters in 69 of 164 greedy completions (`def strlen(string)` answered `return int(format(num, ...))`),
and 45 of them failed with a NameError. Drawing the names afresh per problem makes copying them from the
prompt the only way to get them right.

- Names come from type-aware pools of names programmers commonly give parameters (general knowledge: `l`,
  `lst`, `string`, `text`, `n`, `num`, ...), never a builtin, a keyword, a name the solutions already use or
  one the instruction already names in backticks.
- The rename is positional and exact: every `Name` and argument node inside the entry function whose
  identifier is the parameter's is rewritten at its source position, so layout and comments are kept; the
  result must parse to the original tree with only those identifiers changed, or the problem is left as
  it was. A parameter behind `global`/`nonlocal`, or passed by keyword to a function whose parameters are
  renamed with it, is not renamed.
- The instruction's backticked mentions (`` `xs` ``) follow; tests and doctest examples call the function
  positionally and need no change.
- All solutions of one problem get the same names (they share the instruction), or none does; a parameter
  that not every solution's signature has in the same place keeps its name.
"""
from __future__ import annotations

import ast
import builtins
import dataclasses
import keyword
import random
import re

from data.curation.synth.core import Problem

POOLS = {
    "list": ("l", "lst", "arr", "array", "nums", "numbers", "values", "items", "elements", "data", "seq",
             "sequence", "xs", "a", "li", "input_list", "my_list", "collection", "vals", "lst1"),
    "str": ("s", "string", "text", "txt", "word", "st", "sentence", "line", "str1", "input_str", "message",
            "s1", "phrase", "chars"),
    "int": ("n", "k", "m", "x", "num", "number", "value", "a", "b", "p", "q", "count", "limit", "size", "val",
            "n1", "num1", "base", "y", "t"),
    "float": ("x", "y", "value", "num", "number", "f", "amount", "a", "b", "val", "z"),
    "dict": ("d", "dct", "mapping", "counts", "table", "dictionary", "my_dict", "data", "lookup"),
    "bool": ("flag", "strict", "option", "enabled", "check"),
    "any": ("x", "y", "obj", "item", "value", "arg", "data", "a", "b", "thing"),
}
KINDS = {"list": "list", "List": "list", "tuple": "list", "Tuple": "list", "Sequence": "list", "Iterable": "list",
         "set": "list", "Set": "list", "str": "str", "int": "int", "float": "float", "dict": "dict", "Dict": "dict",
         "Mapping": "dict", "bool": "bool"}
RESERVED = frozenset(dir(builtins)) | frozenset(keyword.kwlist)


def kind(annotation: ast.expr | None) -> str:
    """The pool an annotation draws from: `list[int]` -> "list", no annotation -> "any"."""
    if annotation is None:
        return "any"
    head = annotation.value if isinstance(annotation, ast.Subscript) else annotation
    return KINDS.get(head.id if isinstance(head, ast.Name) else "", "any")


def entry_function(tree: ast.Module, name: str) -> ast.FunctionDef | None:
    return next((n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == name), None)


def identifiers(tree: ast.AST) -> set[str]:
    """Every name a program binds or reads: variables, arguments, functions, classes, import aliases."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            names.add(node.id)
        elif isinstance(node, ast.arg):
            names.add(node.arg)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, ast.alias):
            names.add((node.asname or node.name).split(".")[0])
    return names


def renamable(fn: ast.FunctionDef, names: set[str]) -> bool:
    """False when renaming `names` throughout `fn` could change what it does: one is declared global or nonlocal,
    or passed by keyword to the function itself or to one defined or bound inside it (whose parameters are
    renamed too). A keyword to anything else (`timedelta(minutes=minutes)`) names the callee's parameter."""
    local = {fn.name} | {n.name for n in ast.walk(fn) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))}
    local |= {n.id for n in ast.walk(fn) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)}
    for node in ast.walk(fn):
        if isinstance(node, (ast.Global, ast.Nonlocal)) and names & set(node.names):
            return False
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in local \
                and any(k.arg in names for k in node.keywords):
            return False
    return True


def rename_source(src: str, entry: str, mapping: dict[str, str]) -> str | None:
    """`src` with the entry function's identifiers renamed by `mapping`, or None when that cannot be done exactly."""
    tree = ast.parse(src)
    fn = entry_function(tree, entry)
    if fn is None or not renamable(fn, set(mapping)):
        return None
    lines = [line.encode() for line in src.splitlines(keepends=True)]
    spots = [(n.lineno, n.col_offset, n) for n in ast.walk(fn)
             if isinstance(n, ast.Name) and n.id in mapping or isinstance(n, ast.arg) and n.arg in mapping]
    for lineno, col, node in sorted(spots, key=lambda spot: spot[:2], reverse=True):  # right to left: offsets hold
        field = "id" if isinstance(node, ast.Name) else "arg"
        old = getattr(node, field)
        line = lines[lineno - 1]
        if line[col:col + len(old)] != old.encode():
            return None  # a position that does not point at the name (an f-string on an old Python)
        lines[lineno - 1] = line[:col] + mapping[old].encode() + line[col + len(old):]
        setattr(node, field, mapping[old])  # `tree` becomes what the renamed source must parse to
    out = b"".join(lines).decode()
    try:
        same = ast.dump(ast.parse(out)) == ast.dump(tree)
    except SyntaxError:
        return None
    return out if same else None


def shared_parameters(functions: list[ast.FunctionDef]) -> list[ast.arg]:
    """The positional parameters every solution's signature has, by position and name: solutions may differ
    past them (one recursive solution takes extra parameters with defaults), and those stay as they are."""
    signatures = [[a.arg for a in f.args.posonlyargs + f.args.args] for f in functions]
    first = functions[0].args.posonlyargs + functions[0].args.args
    return [param for i, param in enumerate(first) if all(sig[i:i + 1] == [param.arg] for sig in signatures)]


def draw_names(parameters: list[ast.arg], taken: set[str], rng: random.Random) -> dict[str, str]:
    """A fresh name for each parameter, from its annotation's pool, none already used."""
    mapping: dict[str, str] = {}
    for param in parameters:
        free = [n for n in POOLS[kind(param.annotation)] if n not in taken and n not in RESERVED and n != param.arg]
        if free:
            mapping[param.arg] = rng.choice(free)
            taken.add(mapping[param.arg])
    return mapping


def rename_parameters(problem: Problem, rng: random.Random) -> Problem:
    """The problem with its entry point's parameters renamed in every solution and the instruction; the
    problem unchanged when a solution cannot be renamed exactly."""
    trees = [ast.parse(src) for src in problem.solutions]
    functions = [entry_function(tree, problem.name) for tree in trees]
    if None in functions:
        return problem  # a class entry point: its methods' parameters are not the prompt's signature
    taken = set().union(*map(identifiers, trees), re.findall(r"`(\w+)`", problem.instruction))
    mapping = draw_names(shared_parameters(functions), taken, rng)
    renamed = [rename_source(src, problem.name, mapping) for src in problem.solutions]
    if not mapping or None in renamed:
        return problem
    instruction = re.sub(r"`(\w+)`", lambda m: f"`{mapping.get(m.group(1), m.group(1))}`", problem.instruction)
    return dataclasses.replace(problem, instruction=instruction, solutions=tuple(renamed))
