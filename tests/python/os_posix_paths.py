# posix paths: mkdir/listdir/scandir/stat/lstat/rename/replace/symlink/readlink/chmod/utime/
# access/chdir/getcwd, with the errors CPython raises.
import posix

base = "/tmp/ripy_os_paths_%d" % posix.getpid()
posix.mkdir(base, 0o755)
home = posix.getcwd()
posix.chdir(base)
print(posix.getcwd() == base, posix.getcwdb() == base.encode())

for name in ["b.txt", "a.txt", "c.dat"]:
    fd = posix.open(name, posix.O_WRONLY | posix.O_CREAT, 0o600)
    posix.write(fd, name.encode() * 3)
    posix.close(fd)
posix.mkdir("sub")
print(sorted(posix.listdir()))
print(sorted(posix.listdir(".")))
print(sorted(posix.listdir(b".")))
print(sorted(posix.listdir(base)) == sorted(posix.listdir()))

entries = sorted(posix.scandir("."), key=lambda e: e.name)
for e in entries:
    print(repr(e), e.name, e.path, e.is_dir(), e.is_file(), e.is_symlink(), e.stat().st_size if e.is_file() else "-")
with posix.scandir(base) as it:
    print(sorted(e.path == base + "/" + e.name for e in it))

st = posix.stat("a.txt")
print(st.st_size, oct(st.st_mode & 0o777), st.st_nlink, st[0] == st.st_mode, st[-1] == st.st_ctime // 1 or True)
print(st == posix.stat("a.txt"), tuple(st)[:7] == tuple(st[:7]))
print(posix.stat("sub").st_mode & 0o170000 == 0o040000)

posix.symlink("a.txt", "link")
print(posix.readlink("link"), posix.readlink(b"link"))
print(posix.lstat("link").st_mode & 0o170000 == 0o120000, posix.stat("link").st_size)
print(posix.stat("link", follow_symlinks=False) == posix.lstat("link"))
for e in sorted(posix.scandir(), key=lambda e: e.name):
    if e.name == "link":
        print(e.is_symlink(), e.is_file(), e.is_file(follow_symlinks=False))

posix.rename("b.txt", "b2.txt")
posix.replace("c.dat", "a.txt")
print(sorted(posix.listdir()), posix.stat("a.txt").st_size)

posix.chmod("a.txt", 0o400)
print(oct(posix.stat("a.txt").st_mode & 0o777))
print(posix.access("a.txt", posix.R_OK), posix.access("a.txt", posix.X_OK), posix.access("nope", posix.F_OK))
posix.chmod("a.txt", 0o644)

posix.utime("a.txt", (1000000000, 1500000000))
st = posix.stat("a.txt")
print(st.st_atime, st.st_mtime, st.st_mtime_ns, st[8])
posix.utime("a.txt", ns=(5 * 10**18, 1234567890123456789))
print(posix.stat("a.txt").st_mtime_ns, posix.stat("a.txt").st_atime_ns)

def show(f):
    try:
        f()
    except OSError as e:
        print(type(e).__name__, e.errno, e.strerror, e.filename, e.filename2)
    except (TypeError, ValueError) as e:
        print(type(e).__name__, e)

show(lambda: posix.mkdir("sub"))
show(lambda: posix.rmdir("nope"))
show(lambda: posix.unlink("nope"))
show(lambda: posix.rmdir("a.txt"))
show(lambda: posix.listdir("a.txt"))
show(lambda: posix.rename("nope", "other"))
show(lambda: posix.stat("nope"))
show(lambda: posix.chdir("nope"))
show(lambda: posix.readlink("a.txt"))
show(lambda: posix.stat(3.5))
show(lambda: posix.stat("a\0b"))
show(lambda: posix.utime("a.txt", (1, 2), ns=(1, 2)))

class P:
    def __fspath__(self):
        return "a.txt"

print(posix.fspath(P()), posix.stat(P()).st_size, posix.fspath(b"x"), posix.fspath("y"))
show(lambda: posix.fspath(1))

for name in posix.listdir():
    if name == "sub":
        posix.rmdir(name)
    else:
        posix.unlink(name)
posix.chdir(home)
posix.rmdir(base)
print(posix.listdir(home) == posix.listdir(home))
