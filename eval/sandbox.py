"""Run untrusted generated code and return a structured verdict.

Each program runs in its own process (`eval/sandbox_child.py`), layered as strongly as the OS allows:

- namespaces, via util-linux `unshare`: a new user namespace (capabilities only over the sandbox's
  own namespaces, so hard rlimits can't be raised), a new network namespace (no interfaces but a
  downed loopback: nothing to connect to) and a new pid namespace with its own /proc (the parent,
  its pid and its environment are invisible). Probed once per process; on a machine that refuses
  them (non-root without user namespaces, old kernel) the run falls back to fewer layers.
- inside the child (`eval/confine.py`): rlimits, Landlock, seccomp and the reliability guard.
- from here: a fresh temporary work directory as cwd; a scrubbed environment (nothing inherited,
  so no secrets); stdin closed; stdout and stderr written to files capped by RLIMIT_FSIZE; a
  wall-clock timeout that kills the whole process group; a new session so nothing the program
  does reaches the evaluator's own process group.

Every verdict lists the layers that were active, and `run_programs` runs many in parallel threads
(each thread only waits on its child, so threads are enough). Statuses: passed, failed (an
assertion), error (any other exception, an early exit, a crash), syntax_error, timeout, oom.
"""
from __future__ import annotations

import ast
import functools
import os
import signal
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from tqdm import tqdm

from configs.fields import check_fields, option

CHILD = Path(__file__).resolve().parent / "sandbox_child.py"
STATUSES = ("passed", "failed", "error", "syntax_error", "timeout", "oom")
STARTUP_SLACK_S = 2.0  # wall-clock allowance for interpreter start-up on a loaded machine
OUTPUT_KEPT = 2000     # characters of stdout/stderr kept in a verdict, for reports
NAMESPACES = (  # strongest first: (layers, unshare flags)
    (("userns", "netns", "pidns"), ("--user", "--map-root-user", "--net", "--pid", "--fork", "--mount-proc")),
    (("netns", "pidns"), ("--net", "--pid", "--fork", "--mount-proc")),
    (("netns",), ("--net",)),
    ((), ()),
)


@dataclass(frozen=True)
class SandboxConfig:
    timeout_s: float = option(5.0, "CPU seconds, and wall-clock seconds after start-up", above=0)
    memory_mb: int = option(1024, "address space; past it allocations raise MemoryError", at_least=64)
    output_kb: int = option(1024, "per stream and per file written", at_least=1)
    namespaces: bool = option(True, "False: rlimits and in-process layers only (debugging)")

    def __post_init__(self) -> None:
        check_fields(self, lambda name: "--timeout" if name == "timeout_s" else f"sandbox.{name}")


@dataclass(frozen=True)
class Verdict:
    status: str                 # one of STATUSES
    error_type: str = ""        # exception type name, "Timeout", "EarlyExit", "Signal SIGSEGV", ...
    message: str = ""
    duration_s: float = 0.0
    layers: tuple[str, ...] = ()
    output: str = ""            # the start of stdout then stderr

    @property
    def passed(self) -> bool:
        return self.status == "passed"


def command_works(cmd: list[str]) -> bool:
    try:
        return subprocess.run(cmd, stdin=subprocess.DEVNULL, capture_output=True, timeout=30).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False


@functools.cache
def namespace_prefix(enabled: bool = True) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(layers, command prefix) of the strongest namespace set this machine grants."""
    for layers, flags in NAMESPACES if enabled and sys.platform == "linux" else NAMESPACES[-1:]:
        prefix = ("unshare", *flags, "--kill-child") if flags else ()
        if not flags or command_works([*prefix, sys.executable, "-I", "-S", "-c", "pass"]):
            return layers, prefix
    raise AssertionError("unreachable: the empty prefix always works")


def scrubbed_env(work: Path) -> dict[str, str]:
    return {"PATH": "/usr/bin:/bin", "HOME": str(work), "TMPDIR": str(work), "LANG": "C.UTF-8",
            "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1"}


def read_available(fd: int) -> bytes:
    os.set_blocking(fd, False)
    chunks = []
    try:
        while chunk := os.read(fd, 65536):
            chunks.append(chunk)
    except BlockingIOError:
        pass  # a writer (a stray grandchild) is still alive; what it wrote so far is all we take
    return b"".join(chunks)


def verdict_without_report(returncode: int, cpu_s: float, cpu_limit_s: int) -> tuple[str, str, str]:
    """Status, type and message when the child died before writing a verdict."""
    if returncode == -signal.SIGXCPU or cpu_s >= cpu_limit_s - 0.05:
        return "timeout", "Timeout", f"CPU time limit of {cpu_limit_s} s exceeded"
    if returncode < 0:
        name = signal.Signals(-returncode).name
        return "error", f"Signal {name}", f"killed by {name} before the tests finished"
    return "error", "EarlyExit", f"exited with status {returncode} without a verdict"


def wait_or_kill(proc: subprocess.Popen, timeout_s: float) -> tuple[bool, float]:
    """Wait for the child, killing its whole process group past the timeout.

    Returns (timed out, CPU seconds of the child and the descendants it reaped). The CPU time is
    what tells a CPU-limit kill apart from other deaths: the pid-namespace's init is killed by
    SIGXCPU, but `unshare` (util-linux 2.38) does not pass that signal on in its exit status.
    """
    deadline, delay = time.monotonic() + timeout_s, 0.001
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        timed_out = not pid and time.monotonic() > deadline
        if timed_out:
            os.killpg(proc.pid, signal.SIGKILL)
            pid, status, usage = os.wait4(proc.pid, 0)
        if pid:
            proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here, so Popen must not wait again
            return timed_out, usage.ru_utime + usage.ru_stime
        time.sleep(delay)
        delay = min(2 * delay, 0.005)


def collect_output(tmp: Path) -> str:
    parts = []
    for name in ("stdout", "stderr"):
        with open(tmp / name, "rb") as f:
            parts.append(f.read(OUTPUT_KEPT).decode("utf-8", "replace"))
    return "".join(parts)[:OUTPUT_KEPT]


def run_program(program: str, cfg: SandboxConfig = SandboxConfig()) -> Verdict:
    ns_layers, prefix = namespace_prefix(cfg.namespaces)
    with tempfile.TemporaryDirectory(prefix="sandbox-") as tmp:
        work = Path(tmp) / "work"  # the only place the program may write; stdout/stderr live beside it
        work.mkdir()
        (work / "program.py").write_text(program, encoding="utf-8")
        read_fd, write_fd = os.pipe()  # the verdict's channel, inherited under its own number
        child_cfg = {"result_fd": write_fd, "cpu_s": max(1, round(cfg.timeout_s)),
                     "memory_bytes": cfg.memory_mb << 20, "file_bytes": cfg.output_kb << 10}
        start = time.perf_counter()
        try:
            with open(Path(tmp) / "stdout", "wb") as out, open(Path(tmp) / "stderr", "wb") as err:
                proc = subprocess.Popen(
                    [*prefix, sys.executable, "-I", "-S", "-B", str(CHILD),
                     *(f"{k}={v}" for k, v in child_cfg.items())],
                    cwd=work, env=scrubbed_env(work), stdin=subprocess.DEVNULL, stdout=out, stderr=err,
                    pass_fds=(write_fd,), start_new_session=True)
                os.close(write_fd)
                write_fd = -1
                timed_out, cpu_s = wait_or_kill(proc, cfg.timeout_s + STARTUP_SLACK_S)
            duration = time.perf_counter() - start
            raw = read_available(read_fd)
        finally:
            os.close(read_fd)
            if write_fd >= 0:
                os.close(write_fd)
        output = collect_output(Path(tmp))
    messages = parse_messages(raw)
    layers = ns_layers + tuple(messages.get("layers", ()))
    if timed_out:
        return Verdict("timeout", "Timeout", f"no verdict after {cfg.timeout_s:g} s", duration, layers, output)
    if "status" not in messages:
        status, error_type, message = verdict_without_report(proc.returncode, cpu_s, child_cfg["cpu_s"])
        return Verdict(status, error_type, message, duration, layers, output)
    return Verdict(messages["status"], messages["error_type"], messages["message"], duration, layers, output)


def parse_messages(raw: bytes) -> dict:
    """The child's lines (its layers, then its verdict) merged; a line cut short by a kill is dropped."""
    merged = {}
    for line in raw.decode("utf-8", "replace").splitlines():
        try:
            message = ast.literal_eval(line)
        except (ValueError, SyntaxError):
            continue
        if isinstance(message, dict):
            merged |= message
    return merged


def run_programs(programs: list[str], cfg: SandboxConfig = SandboxConfig(), workers: int | None = None,
                 progress: bool = False) -> list[Verdict]:
    """Verdicts in the order of `programs`, run `workers` at a time (default: one per CPU)."""
    namespace_prefix(cfg.namespaces)  # probe once, before the threads race to do it
    with ThreadPoolExecutor(max_workers=workers or os.cpu_count() or 1) as pool:
        verdicts = pool.map(run_program, programs, [cfg] * len(programs))
        return list(tqdm(verdicts, total=len(programs), desc="sandbox", disable=not progress, leave=False))
