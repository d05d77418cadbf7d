# posix file descriptors: open/read/write/lseek/fstat/close, pipes, dup/dup2, errors.
import posix

base = "/tmp/ripy_os_fds_%d" % posix.getpid()
posix.mkdir(base)
path = base + "/data.bin"

fd = posix.open(path, posix.O_WRONLY | posix.O_CREAT | posix.O_TRUNC, 0o644)
print(type(fd).__name__, fd > 2)
print(posix.write(fd, b"hello world\n"))
print(posix.write(fd, bytearray(b"second line\n")))
posix.close(fd)

fd = posix.open(path, posix.O_RDONLY)
print(posix.read(fd, 5))
print(posix.lseek(fd, 0, 1))
print(posix.read(fd, 100))
print(posix.read(fd, 100))
print(posix.lseek(fd, -5, 2))
print(posix.read(fd, 100))
st = posix.fstat(fd)
print(st.st_size, st[6], len(st), type(st).__name__)
print(oct(st.st_mode & 0o777), (st.st_mode & 0o170000) == 0o100000)
print(st.st_mtime_ns // 10**9 == st[8], isinstance(st.st_mtime, float))
print(posix.get_inheritable(fd), posix.get_blocking(fd))
posix.set_inheritable(fd, True)
print(posix.get_inheritable(fd))
posix.close(fd)

for bad in [lambda: posix.close(fd), lambda: posix.read(fd, 1), lambda: posix.fstat(fd),
            lambda: posix.write(fd, b"x"), lambda: posix.lseek(fd, 0, 0)]:
    try:
        bad()
    except OSError as e:
        print(type(e).__name__, e.errno, e.strerror, e.filename)

try:
    posix.open(base + "/missing/x", posix.O_RDONLY)
except OSError as e:
    print(type(e).__name__, e.errno, e.strerror, e.filename == base + "/missing/x")

try:
    posix.open(path, posix.O_WRONLY | posix.O_CREAT | posix.O_EXCL)
except FileExistsError as e:
    print("exists", e.errno)

try:
    posix.write(1, "text")
except TypeError as e:
    print(type(e).__name__, e)

try:
    posix.read(0, -1)
except OSError as e:
    print(type(e).__name__, e)

r, w = posix.pipe()
print(posix.get_inheritable(r), posix.get_inheritable(w))
print(posix.write(w, b"through the pipe"))
print(posix.read(r, 7), posix.read(r, 100))
w2 = posix.dup(w)
print(w2 != w, posix.get_inheritable(w2))
posix.write(w2, b"dup")
print(posix.read(r, 10))
spare = posix.open(path, posix.O_RDONLY)
print(posix.dup2(w, spare) == spare, posix.get_inheritable(spare))
posix.write(spare, b"dup2")
print(posix.read(r, 10))
print(posix.dup2(w, spare, inheritable=False) == spare, posix.get_inheritable(spare))
for f in (w, w2, spare):
    posix.close(f)
print(posix.read(r, 10))
posix.close(r)

posix.unlink(path)
posix.rmdir(base)
print(posix.access(base, posix.F_OK))
print(posix.strerror(2), "|", posix.strerror(13))
print(len(posix.urandom(16)), posix.urandom(0))
try:
    posix.urandom(-1)
except ValueError as e:
    print(type(e).__name__, e)
old = posix.umask(0o027)
print(posix.umask(old) == 0o027)
