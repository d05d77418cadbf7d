"""The grp module of ripy: the group database, read from /etc/group."""

import posix as _posix
import pwd as _pwd

struct_group = _posix._structseq("grp.struct_group", ("gr_name", "gr_passwd", "gr_gid", "gr_mem"), 4)


def _entries():
    result = []
    for line in _pwd._read_lines("/etc/group"):
        f = line.split(":")
        if len(f) == 4 and f[2].isdigit():
            members = [m for m in f[3].split(",") if m]
            result.append(struct_group((f[0], f[1], int(f[2]), members)))
    return result


def getgrgid(id, /):
    if not isinstance(id, int):
        raise TypeError("gid should be integer, not %s" % type(id).__name__)
    for entry in _entries():
        if entry.gr_gid == id:
            return entry
    raise KeyError("getgrgid(): gid not found: %d" % id)


def getgrnam(name, /):
    if not isinstance(name, str):
        raise TypeError("getgrnam() argument 'name' must be str, not %s" % type(name).__name__)
    if "\0" in name:
        raise ValueError("embedded null byte")
    for entry in _entries():
        if entry.gr_name == name:
            return entry
    raise KeyError("getgrnam(): name not found: %r" % name)


def getgrall():
    return _entries()
