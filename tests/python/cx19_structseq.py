# Struct sequences (time.struct_time, os.stat_result, sys.flags...) are tuples with named fields.
import os
import pickle
import sys
import time

t = time.gmtime(86400 * 365)
print(isinstance(t, tuple), type(t).__mro__, type(t).__bases__)
print(t)
print(len(t), tuple(t), t[2:5], t[-1], t[::3])
print(3 * t == tuple(t) * 3, t * 2 == tuple(t) * 2, t + (1,) == tuple(t) + (1,))
print(t == tuple(t), t < tuple(t) + (0,), hash(t) == hash(tuple(t)))
print(t.tm_year, t.tm_yday, t.tm_zone, t.tm_gmtoff)
print(t.n_sequence_fields, t.n_fields, t.n_unnamed_fields, type(t).__match_args__)
print(t.count(0), t.index(1))

s = time.struct_time("123456789")
print("".join(s), s.tm_zone, s.tm_gmtoff)
s = time.struct_time(range(11))
print(s, s.tm_zone, s.tm_gmtoff)
s = time.struct_time(range(9), {"tm_zone": "X", "tm_gmtoff": 5, "other": 1})
print(s.tm_zone, s.tm_gmtoff, s.__reduce__())
s = time.struct_time(sequence=range(9), dict={})
print(s.tm_isdst)
for args in [(None,), ("123",), ("123456789", None), ("123456789", 5), (range(12),), ([1] * 9, [])]:
    try:
        time.struct_time(*args)
    except TypeError as e:
        print("TypeError", e)


class Exc(Exception):
    pass


class Evil:
    def __getitem__(self, i):
        raise Exc

    def __len__(self):
        return 9


try:
    time.struct_time(Evil())
except Exc:
    print("Exc propagates")

u = pickle.loads(pickle.dumps(time.struct_time(range(9), {"tm_zone": "Z"})))
print(u, u.tm_zone, type(u) is time.struct_time)

match t:
    case time.struct_time(tm_year=y, tm_mon=m):
        print("matched", y, m)

st = os.stat(__file__)
print(isinstance(st, tuple), len(st), st.st_mtime == st[8] or isinstance(st.st_mtime, float))
r = os.stat_result(range(10))
print(r.st_atime, r.st_mtime, r.st_ctime, r.st_size, r[7:])
print(repr(r))
print(isinstance(sys.flags, tuple), sys.version_info[:1] == (3,), sys.version_info >= (3, 11))
print(sys.float_info.max == sys.float_info[0], sys.int_info.bits_per_digit > 0)
for cls in (type(sys.flags), type(sys.version_info)):
    try:
        cls(())
    except TypeError as e:
        print("TypeError", e)
print(os.terminal_size((80, 24)).columns, os.terminal_size((80, 24)))

import grp
import pwd

root = pwd.getpwuid(0)
print(isinstance(root, tuple), root.pw_name == root[0], len(root), type(root).__name__)
g = grp.getgrgid(0)
print(isinstance(g, tuple), g.gr_name == g[0], len(g), type(g).__name__)
for f in (pwd.getpwnam, grp.getgrnam):
    try:
        f("a\x00b")
    except ValueError as e:
        print("ValueError", e)
