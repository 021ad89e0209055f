"""`python -m data.curation.verify IN.jsonl --out OUT.jsonl`: keep only records whose solution passes its own tests.

Design choices:
- Cheap checks first, in this process: the output must parse, must define the entry point at top
  level (def, class or assignment), and the tests must hold at least one assert. Tests without an
  assert (empty, or only setup) would let any solution pass, so they count as "no tests".
- The rest run `record.program()` (output, then tests) in the sandbox (eval/sandbox.py): its own
  process, rlimits, a timeout, no network. A hanging, crashing or memory-hungry record is dropped
  with a reason and never stops the run.
- Every dropped record gets {id, problem_id, source, reason, detail}; reasons: doesn't parse,
  no entry point, no tests, fails (an assert failed), error (detail: the exception type), timeout,
  out of memory, syntax error (the output parses alone, so the tests are what doesn't).
- Records keep their input order; verification judges records one by one, so a problem can lose
  some solutions and keep others.
"""
from __future__ import annotations

import argparse
import ast
from collections import Counter
from pathlib import Path

from configs.errors import UserError, run_main
from configs.files import write_json
from data.curation.dedup import parse
from data.instruct.records import Record, read_records, write_records
from eval.sandbox import SandboxConfig, Verdict, run_programs

REASONS = ("doesn't parse", "no entry point", "no tests", "fails", "error", "timeout", "out of memory",
           "syntax error")
STATUS_REASON = {"failed": "fails", "error": "error", "timeout": "timeout", "oom": "out of memory",
                 "syntax_error": "syntax error"}


def top_level_names(tree: ast.Module) -> set[str]:
    """Names the module's own statements define: def, class, and plain or annotated assignment."""
    names = set()
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, ast.Assign):
            names.update(t.id for t in node.targets if isinstance(t, ast.Name))
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.add(node.target.id)
    return names


def has_assert(tests: tuple[str, ...]) -> bool:
    try:
        return any(isinstance(node, ast.Assert) for node in ast.walk(parse("\n".join(tests))))
    except (SyntaxError, ValueError):
        return any("assert" in test for test in tests)  # the sandbox reports the syntax error


def precheck(record: Record) -> tuple[str, str] | None:
    """(reason, detail) when the record can be dropped without running it."""
    try:
        tree = parse(record.output)
    except SyntaxError as err:
        return "doesn't parse", f"line {err.lineno}: {err.msg}"
    except ValueError as err:  # a NUL byte
        return "doesn't parse", str(err)
    if record.entry_point not in top_level_names(tree):
        return "no entry point", f"{record.entry_point!r} is not defined at top level"
    if not has_assert(record.tests):
        return "no tests", f"{len(record.tests)} test(s), no assert"
    return None


def verdict_reason(verdict: Verdict) -> tuple[str, str]:
    reason = STATUS_REASON[verdict.status]
    return reason, verdict.error_type if reason == "error" else verdict.message


def dropped(record: Record, reason: str, detail: str) -> dict:
    return {"id": record.id, "problem_id": record.problem_id, "source": record.source, "reason": reason,
            "detail": detail}


def verify(records: list[Record], sandbox: SandboxConfig = SandboxConfig(timeout_s=5), workers: int | None = None,
           progress: bool = False) -> tuple[list[Record], list[dict]]:
    """(records that pass their tests, in input order; one report entry per dropped record, in input order)."""
    reasons: dict[int, tuple[str, str]] = {}
    for i, record in enumerate(records):
        if (why := precheck(record)) is not None:
            reasons[i] = why
    to_run = [i for i in range(len(records)) if i not in reasons]
    verdicts = run_programs([records[i].program() for i in to_run], sandbox, workers, progress)
    for i, verdict in zip(to_run, verdicts):
        if not verdict.passed:
            reasons[i] = verdict_reason(verdict)
    kept = [r for i, r in enumerate(records) if i not in reasons]
    return kept, [dropped(records[i], *reasons[i]) for i in sorted(reasons)]


def summary(records: list[Record], drops: list[dict]) -> dict:
    """Counts kept and dropped, by reason and by source."""
    by_source: dict[str, Counter] = {}
    for record in records:
        by_source.setdefault(record.source, Counter())["records"] += 1
    for drop in drops:
        by_source[drop["source"]]["dropped"] += 1
        by_source[drop["source"]][drop["reason"]] += 1
    reasons = Counter(drop["reason"] for drop in drops)
    return {"records": len(records), "kept": len(records) - len(drops), "dropped": len(drops),
            "by_reason": {reason: reasons[reason] for reason in REASONS if reasons[reason]},
            "by_source": {source: {"kept": c["records"] - c["dropped"], "dropped": c["dropped"],
                                   **{reason: c[reason] for reason in REASONS if c[reason]}}
                          for source, c in sorted(by_source.items())}}


def table(counts: dict) -> str:
    """One row per source and a total row; one column per drop reason that occurred."""
    reasons = list(counts["by_reason"])
    header = ["source", "kept", "dropped", *reasons]
    rows = [[source, *(str(c.get(k, 0)) for k in header[1:])] for source, c in counts["by_source"].items()]
    rows.append(["all", str(counts["kept"]), str(counts["dropped"]), *(str(counts["by_reason"][r]) for r in reasons)])
    widths = [max(len(row[k]) for row in [header, *rows]) for k in range(len(header))]
    lines = [[cell.ljust(w) if k == 0 else cell.rjust(w) for k, (cell, w) in enumerate(zip(row, widths))]
             for row in [header, *rows]]
    return "\n".join("  ".join(line) for line in lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m data.curation.verify", description=__doc__.split("\n\n")[0])
    parser.add_argument("input", type=Path, help="records JSONL")
    parser.add_argument("--out", type=Path, required=True, help="records JSONL to write (the passing records)")
    parser.add_argument("--report", type=Path, help="JSON report: counts and every dropped record with its reason")
    parser.add_argument("--timeout", type=float, default=5.0, help="seconds per record")
    parser.add_argument("--workers", type=int, default=None, help="records run at once (default: one per CPU)")
    args = parser.parse_args(argv)
    if args.timeout <= 0 or (args.workers is not None and args.workers < 1):
        raise UserError("--timeout must be positive and --workers at least 1")
    records = read_records(args.input)
    kept, drops = verify(records, SandboxConfig(timeout_s=args.timeout), args.workers, progress=True)
    write_records(args.out, kept)
    counts = summary(records, drops)
    print(table(counts))
    print(f"kept {len(kept)} of {len(records)} records -> {args.out}")
    if args.report:
        write_json(args.report, {"input": str(args.input), **counts, "dropped_records": drops})
        print(f"report -> {args.report}")


if __name__ == "__main__":
    run_main(main)
