"""The pwd module of ripy: the password database, read from /etc/passwd."""

import posix as _posix

struct_passwd = _posix._structseq(
    "pwd.struct_passwd", ("pw_name", "pw_passwd", "pw_uid", "pw_gid", "pw_gecos", "pw_dir", "pw_shell"), 7)


def _read_lines(path):
    try:
        fd = _posix.open(path, _posix.O_RDONLY)
    except OSError:
        return []
    data = b""
    try:
        while True:
            part = _posix.read(fd, 65536)
            if not part:
                break
            data += part
    finally:
        _posix.close(fd)
    return [line for line in data.decode("utf-8", "surrogateescape").split("\n") if line and line[0] != "#"]


def _entries():
    result = []
    for line in _read_lines("/etc/passwd"):
        f = line.split(":")
        if len(f) == 7 and f[2].isdigit() and f[3].isdigit():
            result.append(struct_passwd((f[0], f[1], int(f[2]), int(f[3]), f[4], f[5], f[6])))
    return result


def getpwuid(uid, /):
    if not isinstance(uid, int):
        raise TypeError("uid should be integer, not %s" % type(uid).__name__)
    for entry in _entries():
        if entry.pw_uid == uid:
            return entry
    raise KeyError("getpwuid(): uid not found: %d" % uid)


def getpwnam(name, /):
    if not isinstance(name, str):
        raise TypeError("getpwnam() argument must be str, not %s" % type(name).__name__)
    if "\0" in name:
        raise ValueError("embedded null byte")
    for entry in _entries():
        if entry.pw_name == name:
            return entry
    raise KeyError("getpwnam(): name not found: %r" % name)


def getpwall():
    return _entries()
