"""The faulthandler module of ripy: ripy reports its own crashes (a Rust panic is an internal
error with the Python traceback), so enabling only records the choice and the file."""

import sys as _sys

_enabled = False
_file = None


def _check_file(file):
    if file is None:
        file = _sys.stderr
        if file is None:
            raise RuntimeError("sys.stderr is None")
    if isinstance(file, int):
        if file < 0:
            raise ValueError("file is not a valid file descriptor")
        return file
    fileno = file.fileno()
    if fileno < 0:
        raise ValueError("file is not a valid file descriptor")
    try:
        file.flush()
    except Exception:
        pass
    return file


def enable(file=None, all_threads=True):
    global _enabled, _file
    _file = _check_file(file)
    _enabled = True


def disable():
    global _enabled, _file
    was = _enabled
    _enabled = False
    _file = None
    return was


def is_enabled():
    return _enabled


def dump_traceback(file=None, all_threads=True):
    _check_file(file)


def dump_traceback_later(timeout, repeat=False, file=None, exit=False):
    if timeout <= 0:
        raise ValueError("timeout must be greater than 0")
    _check_file(file)


def cancel_dump_traceback_later():
    pass


def register(signum, file=None, all_threads=True, chain=False):
    _check_file(file)


def unregister(signum):
    return False
