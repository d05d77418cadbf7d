# posix's struct sequences: stat_result, terminal_size, times_result, uname_result —
# construction, indexing, slicing, attributes, comparison, repr and their errors.
import posix

st = posix.stat_result(range(10))
print(st, len(st), st[0], st[-1], st[2:5], st.st_mode, st.st_size)
print(st.st_atime, st.st_atime_ns, st.n_sequence_fields, st.n_fields, st.n_unnamed_fields)
st = posix.stat_result(tuple(range(10)), {"st_atime": 1.5, "st_blksize": 4096})
print(st.st_atime, st.st_blksize, st.st_rdev, st == tuple(range(10)), st != tuple(range(10)))
print(list(st), tuple(st) + (10,), 9 in st, st.index(3), st.count(4), hash(st) == hash(tuple(range(10))))
a, b, *rest = st
print(a, b, len(rest))
for bad in [lambda: posix.stat_result((1, 2)), lambda: posix.stat_result(range(20))]:
    try:
        bad()
    except TypeError as e:
        print(type(e).__name__, e)
ts = posix.terminal_size((80, 24))
print(ts, ts.columns, ts.lines, ts[0], tuple(ts), ts == (80, 24))
try:
    posix.terminal_size((1, 2, 3))
except TypeError as e:
    print(type(e).__name__, e)
try:
    st.st_mode = 5
except AttributeError as e:
    print(type(e).__name__)
t = posix.times()
print(type(t).__name__, len(t), all(isinstance(v, float) for v in t), t.user == t[0], t.elapsed >= 0)
u = posix.uname()
print(type(u).__name__, len(u), u.sysname, u.sysname == u[0], all(isinstance(v, str) for v in u))
real = posix.stat(".")
print(type(real).__name__, len(real), isinstance(real.st_mtime, float), isinstance(real[8], int))
print(real.st_mtime_ns // 10**9 == real[8], real.st_ino == real[1], repr(real).startswith("os.stat_result(st_mode="))
try:
    posix.get_terminal_size(99)
except OSError as e:
    print(type(e).__name__, e.errno)
