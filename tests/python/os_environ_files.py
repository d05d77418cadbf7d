# os on top of posix: environ (str view over posix's bytes), getenv/putenv, paths, walk,
# files written with open() in several encodings and read back, and their errors.
import os
import posix

os.environ["RIPY_TEST_VAR"] = "value one"
print(os.environ["RIPY_TEST_VAR"], os.getenv("RIPY_TEST_VAR"), os.environb[b"RIPY_TEST_VAR"])
print(posix.environ[b"RIPY_TEST_VAR"] if b"RIPY_TEST_VAR" in posix.environ else "posix.environ is a snapshot")
print(os.getenv("RIPY_NO_SUCH_VAR"), os.getenv("RIPY_NO_SUCH_VAR", "default"))
print("RIPY_TEST_VAR" in os.environ, type(os.environ).__name__)
del os.environ["RIPY_TEST_VAR"]
print("RIPY_TEST_VAR" in os.environ, os.environ.get("RIPY_TEST_VAR"))
try:
    os.environ["RIPY_NO_SUCH_VAR"]
except KeyError as e:
    print(type(e).__name__, e)
try:
    os.environ["X"] = 1
except TypeError as e:
    print(type(e).__name__, e)
print(os.name, os.sep, os.pathsep, os.linesep == "\n", os.curdir, os.pardir, os.devnull)
print(os.SEEK_SET, os.SEEK_CUR, os.SEEK_END, os.O_RDONLY, os.F_OK)
print(os.getpid() == posix.getpid(), os.getppid() > 0, os.getuid() == posix.getuid())
print(os.path.join("a", "b", "c.txt"), os.path.splitext("x/y.tar.gz"), os.path.basename("/a/b"))
print(os.path.dirname("/a/b/c"), os.path.isabs("/x"), os.path.normpath("a//b/../c/."))
print(os.fspath("p"), os.fsencode("é"), os.fsdecode(b"\xc3\xa9"))
print(len(os.urandom(8)), os.cpu_count() >= 1, os.strerror(2))
u = os.uname()
print(type(u).__name__, u.sysname, len(u))
t = os.times()
print(type(t).__name__, len(t), t.elapsed == t[4])
print(os.supports_follow_symlinks >= set(), os.stat in os.supports_follow_symlinks)

base = "/tmp/ripy_os_env_%d" % os.getpid()
os.makedirs(base + "/deep/er/dir")
print(os.path.isdir(base + "/deep/er"), os.path.exists(base + "/nope"), os.path.isfile(base))
texts = {"utf8.txt": ("utf-8", "héllo wörld ✓\n"), "latin.txt": ("latin-1", "café\n"),
         "ascii.txt": ("ascii", "plain\n"), "u16.txt": ("utf-16", "two bytes\n")}
for name, (enc, text) in texts.items():
    with open(os.path.join(base, name), "w", encoding=enc) as f:
        print(f.write(text), f.name.endswith(name), f.encoding)
for name, (enc, text) in sorted(texts.items()):
    with open(os.path.join(base, name), encoding=enc) as f:
        back = f.read()
    with open(os.path.join(base, name), "rb") as f:
        raw = f.read()
    print(name, back == text, len(raw), raw[:6], os.path.getsize(os.path.join(base, name)))
try:
    open(os.path.join(base, "latin.txt"), encoding="utf-8").read()
except UnicodeDecodeError as e:
    print(type(e).__name__, e)
try:
    open(os.path.join(base, "x.txt"), "w", encoding="ascii").write("ü")
except UnicodeEncodeError as e:
    print(type(e).__name__, e)
with open(os.path.join(base, "lines.txt"), "w") as f:
    f.writelines(["one\n", "two\n", "three"])
with open(os.path.join(base, "lines.txt")) as f:
    print(f.readlines())
with open(os.path.join(base, "lines.txt"), "a") as f:
    f.write("\nfour\n")
with open(os.path.join(base, "lines.txt")) as f:
    print([line.rstrip() for line in f])
for f in [lambda: open(base + "/missing.txt"), lambda: open(base), lambda: os.remove(base + "/missing"),
          lambda: os.rmdir(base), lambda: os.mkdir(base)]:
    try:
        f()
    except OSError as e:
        print(type(e).__name__, e.errno, e.strerror, e.filename == base or e.filename.startswith(base))

for root, dirs, files in os.walk(base):
    dirs.sort()
    print(root[len(base):] or ".", dirs, sorted(files))
for root, dirs, files in os.walk(base, topdown=False):
    for name in files:
        os.remove(os.path.join(root, name))
    for name in dirs:
        os.rmdir(os.path.join(root, name))
os.rmdir(base)
print(os.path.exists(base))
