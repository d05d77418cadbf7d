# pwd and grp: lookups by id and name, struct sequences, errors.
import grp
import pwd

root = pwd.getpwuid(0)
print(root.pw_name, root.pw_uid, root.pw_gid, root.pw_dir, root[0], root[2], len(root))
print(type(root).__name__, root == pwd.getpwnam(root.pw_name), tuple(root)[:4] == tuple(root[:4]))
print(any(e.pw_uid == 0 for e in pwd.getpwall()), len(pwd.getpwall()) >= 1)
for bad in [lambda: pwd.getpwuid(987654), lambda: pwd.getpwnam("no-such-user-xyz"), lambda: pwd.getpwnam(5),
            lambda: pwd.getpwuid("0")]:
    try:
        bad()
    except (KeyError, TypeError) as e:
        print(type(e).__name__, e)
g = grp.getgrgid(0)
print(g.gr_name, g.gr_gid, type(g.gr_mem).__name__, g[0] == g.gr_name, len(g))
print(g == grp.getgrnam(g.gr_name), any(e.gr_gid == 0 for e in grp.getgrall()))
for bad in [lambda: grp.getgrgid(987654), lambda: grp.getgrnam("no-such-group-xyz")]:
    try:
        bad()
    except KeyError as e:
        print(type(e).__name__, e)
