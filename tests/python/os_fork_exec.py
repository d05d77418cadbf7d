# _posixsubprocess.fork_exec, select and the wait-status functions directly (what subprocess
# is built on): pipes for the child's stdin/stdout/stderr, exit statuses, exec failures.
import _posixsubprocess
import posix
import select


def spawn(args, stdin=None, env=None, cwd=None, merge_stderr=False):
    """Run args with pipes; return (pid, stdin writer, stdout reader, stderr reader, errpipe)."""
    p2cread, p2cwrite = posix.pipe()
    c2pread, c2pwrite = posix.pipe()
    errread, errwrite = posix.pipe()
    errpipe_read, errpipe_write = posix.pipe()
    exe = args[0].encode()
    if b"/" in exe:
        executables = (exe,)
    else:
        executables = tuple(d.encode() + b"/" + exe for d in ("/usr/local/bin", "/usr/bin", "/bin"))
    env_list = None if env is None else [k.encode() + b"=" + v.encode() for k, v in env.items()]
    try:
        pid = _posixsubprocess.fork_exec(
            [a.encode() for a in args], executables, True, (errpipe_write,), cwd, env_list,
            p2cread, p2cwrite, c2pread, c2pwrite,
            errread, c2pwrite if merge_stderr else errwrite,
            errpipe_read, errpipe_write,
            True, False, -1, None, None, None, -1, None, True)
    finally:
        posix.close(errpipe_write)
    for fd in (p2cread, c2pwrite, errwrite):
        posix.close(fd)
    failure = b""
    while True:
        part = posix.read(errpipe_read, 100)
        if not part:
            break
        failure += part
    posix.close(errpipe_read)
    if stdin is not None:
        posix.write(p2cwrite, stdin)
    posix.close(p2cwrite)
    return pid, c2pread, errread, failure


def read_all(fd):
    data = b""
    while True:
        part = posix.read(fd, 4096)
        if not part:
            break
        data += part
    posix.close(fd)
    return data


def run(args, **kw):
    pid, out, err, failure = spawn(args, **kw)
    if failure:
        name, code, where = failure.split(b":", 2)
        print("exec failed:", name, int(code, 16), where)
        posix.waitpid(pid, 0)
        posix.close(out)
        posix.close(err)
        return
    stdout, stderr = read_all(out), read_all(err)
    got, status = posix.waitpid(pid, 0)
    print(got == pid, posix.WIFEXITED(status), posix.WIFSIGNALED(status),
          posix.waitstatus_to_exitcode(status), stdout, stderr)


run(["echo", "hello", "world"])
run(["sh", "-c", "echo out; echo err >&2; exit 3"])
run(["sh", "-c", "echo both; echo err >&2"], merge_stderr=True)
run(["cat"], stdin=b"fed through a pipe\n")
run(["sh", "-c", "echo $GREETING"], env={"GREETING": "from the environment"})
run(["pwd"], cwd="/tmp")
run(["sh", "-c", "kill -TERM $$"])
run(["/nonexistent/program"])
run(["no-such-program-anywhere"])
run(["pwd"], cwd="/nonexistent-dir")

for status in (0, 256, 3 << 8, 9, 15, 0x80 | 11, 0x137F):
    print(status, posix.WIFEXITED(status), posix.WEXITSTATUS(status), posix.WIFSIGNALED(status),
          posix.WTERMSIG(status), posix.WIFSTOPPED(status), posix.WSTOPSIG(status), posix.WCOREDUMP(status))
for status in (0, 512, 9):
    print(posix.waitstatus_to_exitcode(status))
try:
    posix.waitstatus_to_exitcode(0x137F)
except ValueError as e:
    print(type(e).__name__, e)
try:
    posix.waitpid(-1, 0)
except ChildProcessError as e:
    print(type(e).__name__, e.errno, e.strerror)

r, w = posix.pipe()
print(select.select([r], [w], [], 0))
posix.write(w, b"x")
print(select.select([r], [], [], 1.5))
p = select.poll()
p.register(r, select.POLLIN)
p.register(w, select.POLLOUT)
print(sorted(p.poll(0)))
p.unregister(w)
print(p.poll(10))
posix.read(r, 1)
print(p.poll(0))
posix.close(w)
print(p.poll(0) == [(r, select.POLLHUP)])
posix.close(r)
for bad in [lambda: select.select([-1], [], []), lambda: select.select(["x"], [], []),
            lambda: select.select([], [], [], -1), lambda: p.unregister(12345)]:
    try:
        bad()
    except (TypeError, ValueError, KeyError, OSError) as e:
        print(type(e).__name__, e)
