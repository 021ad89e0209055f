"""The sandbox: every verdict type, and a hostile suite showing each attack is contained.

Hostile programs also try the way around the in-process guard (ctypes, `posix`), so the kernel
layers (namespaces, Landlock, seccomp, rlimits) are what the assertions exercise where the OS grants
them. Timeouts use a 1 s limit to keep the file fast.
"""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from eval import confine
from eval.sandbox import STATUSES, SandboxConfig, namespace_prefix, run_program, run_programs

FAST = SandboxConfig(timeout_s=1.0)
ON_LINUX = sys.platform == "linux"
# leaves the guard behind: ctypes is blocked by the guard only through sys.modules
RAW_LIBC = ("import sys\nfor m in ('ctypes', '_ctypes'): sys.modules.pop(m, None)\n"
            "import ctypes\nlibc = ctypes.CDLL(None, use_errno=True)\n")


def humaneval_program(body: str, before_check: str = "") -> str:
    """A passing HumanEval-shaped program, with `before_check` run between the solution and the tests."""
    return (f"def add(a, b):\n    {body}\n\n{before_check}\n\n"
            "def check(candidate):\n    assert candidate(2, 3) == 5\n\ncheck(add)\n")


def test_passed_and_failed_and_error_and_syntax_error():
    good, wrong, raises, bad_syntax = run_programs([
        humaneval_program("return a + b"),
        humaneval_program("return a - b"),
        humaneval_program("return a / 0"),
        humaneval_program("return a +"),
    ], FAST)
    assert (good.status, good.error_type) == ("passed", "")
    assert (wrong.status, wrong.error_type) == ("failed", "AssertionError")
    assert "assert candidate(2, 3) == 5" in wrong.message  # the failing assert is named
    assert (raises.status, raises.error_type) == ("error", "ZeroDivisionError")
    assert (bad_syntax.status, bad_syntax.error_type) == ("syntax_error", "SyntaxError")


def test_order_is_kept_across_workers():
    programs = [f"assert {i} % 3 != 0" for i in range(12)]
    statuses = [v.status for v in run_programs(programs, FAST, workers=4)]
    assert statuses == ["failed" if i % 3 == 0 else "passed" for i in range(12)]


def test_layers_granted_by_the_os_are_reported():
    verdict = run_program("pass", FAST)
    assert verdict.passed
    layers, _ = namespace_prefix(True)
    assert set(layers) <= set(verdict.layers)
    assert {"rlimits", "guard"} <= set(verdict.layers)
    if confine.landlock_abi() > 0:
        assert f"landlock-abi{confine.landlock_abi()}" in verdict.layers
    if ON_LINUX and os.uname().machine in confine.SYSCALLS:
        assert "seccomp" in verdict.layers
    without = run_program("pass", SandboxConfig(timeout_s=1.0, namespaces=False))
    assert without.passed and not {"userns", "netns", "pidns"} & set(without.layers)


def test_stdlib_imports_and_threads_still_work():
    program = ("import collections, decimal, heapq, itertools, math, re, threading\n"
               "box = []\nt = threading.Thread(target=box.append, args=(math.gcd(12, 18),))\n"
               "t.start(); t.join()\nassert box == [6] and decimal.Decimal('1.5') * 2 == 3\n")
    verdict = run_program(program, FAST)
    assert verdict.passed, verdict.message


@pytest.mark.slow
@pytest.mark.parametrize("program", ["while True:\n    pass", "import time\ntime.sleep(60)"],
                         ids=["infinite-loop", "sleep"])
def test_infinite_loop_and_sleep_time_out(program):
    start = time.monotonic()
    verdict = run_program(humaneval_program("return a + b", program), FAST)
    assert (verdict.status, verdict.error_type) == ("timeout", "Timeout")
    assert {"rlimits", "guard"} <= set(verdict.layers)  # sent before the program ran, so known even now
    assert time.monotonic() - start < 10  # 1 s limit + start-up slack, with margin for a loaded machine


@pytest.mark.parametrize("program", ["x = bytearray(10 ** 11)", "s = 'x'\nwhile True:\n    s += s"],
                         ids=["one-allocation", "doubling"])
def test_memory_bomb_is_out_of_memory(program):
    verdict = run_program(program, SandboxConfig(timeout_s=5.0, memory_mb=512))
    assert (verdict.status, verdict.error_type) == ("oom", "MemoryError")


def test_fork_bomb_is_contained():
    via_os = "import os\nwhile True:\n    os.fork()"
    via_libc = RAW_LIBC + ("while True:\n    if libc.fork() < 0:\n"
                           "        raise OSError(ctypes.get_errno(), 'fork refused')")
    for verdict in run_programs([via_os, via_libc], FAST):
        assert verdict.status == "error", verdict
    if ON_LINUX and os.uname().machine in confine.SYSCALLS:  # seccomp is what stops the raw fork as root
        assert verdict.error_type == "PermissionError" and "fork refused" in verdict.message  # EPERM: seccomp


def test_files_outside_the_work_dir_survive(tmp_path):
    victim = tmp_path / "precious.txt"
    victim.write_text("keep me")
    attempts = [
        f"import os\nos.remove({str(victim)!r})",
        f"import shutil\nshutil.rmtree({str(tmp_path)!r})",
        f"open({str(victim)!r}, 'w').write('overwritten')",
        f"open({str(tmp_path / 'new.txt')!r}, 'w').write('planted')",
        RAW_LIBC + f"assert libc.unlink({str(victim).encode()!r}) == 0, 'unlink refused'",
    ]
    verdicts = run_programs(attempts, FAST)
    assert all(v.status in ("error", "failed") for v in verdicts), verdicts
    assert victim.read_text() == "keep me"
    assert not (tmp_path / "new.txt").exists()


def test_writing_inside_the_work_dir_is_allowed():
    program = "import os\nopen('scratch.txt', 'w').write('ok')\nassert open('scratch.txt').read() == 'ok'\n"
    assert run_program(program, FAST).passed


def test_network_is_unreachable():
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        server.settimeout(0.2)
        port = server.getsockname()[1]
        program = f"import socket\nsocket.create_connection(('127.0.0.1', {port}), timeout=2).sendall(b'hi')"
        verdict = run_program(program, FAST)
        with pytest.raises(socket.timeout):
            server.accept()  # nobody ever connected
    assert verdict.status == "error" and verdict.error_type in ("PermissionError", "OSError", "ConnectionRefusedError")


@pytest.mark.parametrize("namespaces", [True, False], ids=["all-layers", "no-namespaces"])
def test_parent_environment_is_not_visible(monkeypatch, namespaces):
    monkeypatch.setenv("SANDBOX_TEST_SECRET", "hunter2-token")
    program = textwrap.dedent(f"""
        import os
        print(dict(os.environ))
        for path in ('/proc/{os.getpid()}/environ', '/proc/1/environ'):
            try:
                print(open(path, 'rb').read())
            except OSError as err:
                print('refused', path, err)
    """)
    verdict = run_program(program, SandboxConfig(timeout_s=1.0, namespaces=namespaces))
    assert verdict.passed
    assert "hunter2-token" not in verdict.output and "SANDBOX_TEST_SECRET" not in verdict.output
    assert "HOME" in verdict.output  # the output did come back


def test_killing_the_parent_fails_and_the_parent_lives():
    pid = os.getpid()
    attempts = [f"import os, signal\nos.kill({pid}, signal.SIGKILL)",
                f"import os, signal\nos.killpg(os.getpgid({pid}), signal.SIGKILL)",
                RAW_LIBC + f"assert libc.kill({pid}, 9) == 0, 'kill refused'"]
    for verdict in run_programs(attempts, FAST):
        assert verdict.status in ("error", "failed"), verdict
    assert os.getpid() == pid  # still here to assert it


@pytest.mark.parametrize("exit_call", ["import sys; sys.exit(0)", "import os; os._exit(0)", "exit(0)"])
def test_exiting_before_the_tests_is_not_a_pass(exit_call):
    verdict = run_program(humaneval_program("return a - b", exit_call), FAST)  # wrong, and exits first
    assert verdict.status == "error"


@pytest.mark.slow
def test_deep_recursion_is_an_error():
    plain = "def f(n):\n    return f(n + 1)\nf(0)"
    raised_limit = "import sys\nsys.setrecursionlimit(10 ** 8)\n" + plain
    first, second = run_programs([plain, raised_limit], SandboxConfig(timeout_s=2.0, memory_mb=256))
    assert (first.status, first.error_type) == ("error", "RecursionError")
    assert second.status in ("error", "oom", "timeout")


def test_huge_output_is_capped():
    cfg = SandboxConfig(timeout_s=2.0, output_kb=64)
    verdict = run_program("while True:\n    print('x' * 1000)", cfg)
    assert (verdict.status, verdict.error_type) == ("error", "OutputLimitExceeded")
    assert len(verdict.output) <= 2000


def test_stdin_is_closed():
    verdict = run_program("input()", FAST)
    assert (verdict.status, verdict.error_type) == ("error", "EOFError")


@pytest.mark.slow
def test_the_evaluator_survives_a_batch_of_everything(tmp_path):
    """All the attacks at once in parallel, then a normal program still passes."""
    hostile = ["import os\nwhile True: os.fork()", "x = bytearray(10 ** 11)", "while True: pass",
               "import os; os._exit(0)", "import sys; sys.exit(0)", "print('x' * 10 ** 7)"]
    verdicts = run_programs(hostile + ["assert 1 + 1 == 2"], FAST)
    assert [v.passed for v in verdicts] == [False] * len(hostile) + [True]
    assert all(v.status in STATUSES for v in verdicts)
    running = subprocess.run(["pgrep", "-f", "sandbox_child.py"], capture_output=True, text=True).stdout.split()
    leftover = [pid for pid in running if ours_or_orphaned(int(pid))]
    assert leftover == []  # no sandboxed process outlives its verdict


def ours_or_orphaned(pid: int) -> bool:
    """Whether `pid` descends from this test process or was orphaned (a fork bomb's escaped child), so
    sandboxed programs another evaluation on the machine runs at the same moment are not counted."""
    parent = parent_of(pid)
    if parent == 1:
        return True
    while parent > 1 and parent != os.getpid():
        parent = parent_of(parent)
    return parent == os.getpid()


def parent_of(pid: int) -> int:
    """`pid`'s parent, from /proc (0 once it is gone)."""
    try:
        return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])
    except OSError:
        return 0
