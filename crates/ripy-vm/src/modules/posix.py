"""The Python part of ripy's posix module: struct sequences, scandir, the wait-status macros and
the keyword arguments of the native functions (see posix.rs)."""


_dict = dict
_NO_DICT = object()


def _structseq_new(cls, sequence, dict=_NO_DICT):
    """A struct sequence (CPython's structseq_new): a tuple of the first n_sequence_fields values,
    the others (from `dict` past the sequence's end) only attributes."""
    try:
        items = iter(sequence)
    except TypeError:
        raise TypeError("constructor requires a sequence") from None
    values = tuple(items)
    if dict is not _NO_DICT and not isinstance(dict, _dict):
        raise TypeError("%s() takes a dict as second arg, if any" % cls._name)
    n, n_seq, n_all = len(values), cls.n_sequence_fields, cls.n_fields
    if n < n_seq:
        if n_seq == n_all:
            raise TypeError("%s() takes a %d-sequence (%d-sequence given)" % (cls._name, n_seq, n))
        raise TypeError("%s() takes an at least %d-sequence (%d-sequence given)" % (cls._name, n_seq, n))
    if n > n_all:
        if n_seq == n_all:
            raise TypeError("%s() takes a %d-sequence (%d-sequence given)" % (cls._name, n_seq, n))
        raise TypeError("%s() takes an at most %d-sequence (%d-sequence given)" % (cls._name, n_all, n))
    extra = tuple(None if dict is _NO_DICT else dict.get(name) for name in cls._fields[n:])
    self = tuple.__new__(cls, values[:n_seq])
    self._hidden = values[n_seq:] + extra
    return self


def _structseq_repr(self):
    names = type(self)._repr_names
    return "%s(%s)" % (type(self)._name, ", ".join("%s=%r" % (names[i], v) for i, v in enumerate(self)))


def _structseq_reduce(self):
    cls = type(self)
    extra = {}
    for i in range(cls.n_sequence_fields, cls.n_fields):
        extra[cls._fields[i]] = self._hidden[i - cls.n_sequence_fields]
    return (cls, (tuple(self), extra))


def _field(i, n_sequence):
    if i < n_sequence:
        return property(lambda self: tuple.__getitem__(self, i))
    return property(lambda self: self._hidden[i - n_sequence])


def _structseq(qualname, fields, n_sequence, repr_names=None):
    """A struct-sequence class, a direct subclass of tuple as CPython's: `qualname` is
    module.name, `fields` the names (None: index only), the first `n_sequence` the items."""
    module, _, name = qualname.rpartition(".")
    ns = {
        "_name": qualname,
        "_fields": fields,
        "_repr_names": repr_names or fields,
        "n_sequence_fields": n_sequence,
        "n_fields": len(fields),
        "n_unnamed_fields": fields.count(None),
        "__module__": module,
        "__match_args__": tuple(f for f in fields[:n_sequence] if f is not None),
        "__new__": _structseq_new,
        "__repr__": _structseq_repr,
        "__reduce__": _structseq_reduce,
    }
    for i, f in enumerate(fields):
        if f is not None:
            ns[f] = _field(i, n_sequence)
    cls = type(name, (tuple,), ns)
    cls.__qualname__ = name
    return cls


_STAT_INTS = ("st_mode", "st_ino", "st_dev", "st_nlink", "st_uid", "st_gid", "st_size")
_STAT_TIMES = ("st_atime", "st_mtime", "st_ctime")
stat_result = _structseq(
    "os.stat_result",
    _STAT_INTS + (None, None, None) + _STAT_TIMES
    + ("st_atime_ns", "st_mtime_ns", "st_ctime_ns", "st_blksize", "st_blocks", "st_rdev"),
    10,
    _STAT_INTS + _STAT_TIMES,
)


def _stat_result_new(cls, sequence, dict=_NO_DICT):
    """CPython's statresult_new: the float times default to the int seconds (fields 7-9)."""
    self = _structseq_new(cls, sequence, dict)
    hidden = list(self._hidden)
    for i in range(3):
        if hidden[i] is None:
            hidden[i] = self[7 + i]
    self._hidden = tuple(hidden)
    return self


stat_result.__new__ = _stat_result_new
terminal_size = _structseq("os.terminal_size", ("columns", "lines"), 2)
times_result = _structseq("posix.times_result", ("user", "system", "children_user", "children_system", "elapsed"), 5)
uname_result = _structseq("posix.uname_result", ("sysname", "nodename", "release", "version", "machine"), 5)


def _at(path, dir_fd):
    """`path` relative to the directory open as `dir_fd` (Linux's /proc/self/fd)."""
    if dir_fd is None:
        return path
    path = fspath(path)
    if isinstance(path, bytes):
        return path if path.startswith(b"/") else b"/proc/self/fd/%d/" % dir_fd + path
    return path if path.startswith("/") else "/proc/self/fd/%d/%s" % (dir_fd, path)


def stat(path, *, dir_fd=None, follow_symlinks=True):
    return stat_result(_stat(_at(path, dir_fd), follow_symlinks))


def lstat(path, *, dir_fd=None):
    return stat_result(_stat(_at(path, dir_fd), False))


def fstat(fd):
    if not isinstance(fd, int):
        raise TypeError("'%s' object cannot be interpreted as an integer" % type(fd).__name__)
    return stat_result(_stat(fd, True))


def get_terminal_size(fd=1):
    return terminal_size(_terminal_size(fd))


def times():
    return times_result(_times())


def uname():
    return uname_result(_uname())


def utime(path, times=None, *, ns=None, dir_fd=None, follow_symlinks=True):
    if times is not None and ns is not None:
        raise ValueError("utime: you may specify either 'times' or 'ns' but not both")
    if times is not None:
        if not isinstance(times, tuple) or len(times) != 2:
            raise TypeError("utime: 'times' must be either a tuple of two ints or None")
        ns = tuple(int(t * 1e9) if isinstance(t, float) else t * 1000000000 for t in times)
    elif ns is not None:
        if not isinstance(ns, tuple) or len(ns) != 2:
            raise TypeError("utime: 'ns' must be a tuple of two ints")
    _utime(_at(path, dir_fd), ns, follow_symlinks)


_S_IFMT = 0o170000
_S_IFDIR = 0o040000
_S_IFREG = 0o100000
_S_IFLNK = 0o120000


class DirEntry:
    """An entry of a directory, as scandir gives it."""

    def __init__(self, directory, name):
        self.name = name
        if isinstance(name, bytes):
            sep = b"" if directory.endswith(b"/") else b"/"
        else:
            sep = "" if directory.endswith("/") else "/"
        self.path = directory + sep + name if directory not in ("", b"") else name
        self._lstat = None
        self._stat = None

    def stat(self, *, follow_symlinks=True):
        if not follow_symlinks:
            if self._lstat is None:
                self._lstat = lstat(self.path)
            return self._lstat
        if self._stat is None:
            self._stat = stat(self.path) if self.is_symlink() else self.stat(follow_symlinks=False)
        return self._stat

    def _mode(self, follow_symlinks):
        try:
            return self.stat(follow_symlinks=follow_symlinks).st_mode & _S_IFMT
        except FileNotFoundError:
            return 0

    def is_dir(self, *, follow_symlinks=True):
        return self._mode(follow_symlinks) == _S_IFDIR

    def is_file(self, *, follow_symlinks=True):
        return self._mode(follow_symlinks) == _S_IFREG

    def is_symlink(self):
        return self._mode(False) == _S_IFLNK

    def inode(self):
        return self.stat(follow_symlinks=False).st_ino

    def __fspath__(self):
        return self.path

    def __repr__(self):
        return "<DirEntry %r>" % (self.name,)

    def __class_getitem__(cls, item):
        return cls


DirEntry.__module__ = "posix"


class _ScandirIterator:
    """What scandir returns: an iterator of DirEntry, and a context manager."""

    def __init__(self, path):
        self._entries = iter([DirEntry(path, name) for name in listdir(path)])

    def __iter__(self):
        return self

    def __next__(self):
        return next(self._entries)

    def close(self):
        self._entries = iter(())

    def __enter__(self):
        return self

    def __exit__(self, *args):
        self.close()


_ScandirIterator.__name__ = _ScandirIterator.__qualname__ = "ScandirIterator"


def scandir(path="."):
    if path is None:
        path = "."
    if isinstance(path, int):
        raise NotImplementedError("scandir of a file descriptor is not supported by ripy")
    return _ScandirIterator(fspath(path))


def WIFEXITED(status):
    return (status & 0x7F) == 0


def WEXITSTATUS(status):
    return (status >> 8) & 0xFF


def WIFSIGNALED(status):
    return (status & 0x7F) not in (0, 0x7F)


def WTERMSIG(status):
    return status & 0x7F


def WIFSTOPPED(status):
    return (status & 0xFF) == 0x7F


def WSTOPSIG(status):
    return (status >> 8) & 0xFF


def WCOREDUMP(status):
    return bool(status & 0x80)


def WIFCONTINUED(status):
    return status == 0xFFFF


def waitstatus_to_exitcode(status):
    if not isinstance(status, int):
        raise TypeError("'%s' object cannot be interpreted as an integer" % type(status).__name__)
    if WIFEXITED(status):
        return WEXITSTATUS(status)
    if WIFSIGNALED(status):
        return -WTERMSIG(status)
    if WIFSTOPPED(status):
        raise ValueError("process stopped by delivery of signal %d" % WSTOPSIG(status))
    raise ValueError("invalid wait status: %d" % status)


def wait():
    return waitpid(-1, 0)


def device_encoding(fd):
    return "utf-8" if isatty(fd) else None


__all__ = [_n for _n in globals() if not _n.startswith("_")]
