"""The _testinternalcapi module of ripy: the part of CPython's internal test helpers that the
regression suite's support code asks about the interpreter (its configuration, the recursion
depth, the size of a GC header) and the locale codec functions test_codecs checks."""

import os as _os
import sys as _sys

# CPython's PyGC_Head is two words; ripy's collector keeps its metadata in side tables, but
# sys.getsizeof-based checks compute with this constant.
SIZEOF_PYGC_HEAD = 16


def _debug_ranges():
    if "no_debug_ranges" in _sys._xoptions:
        return False
    return not _os.environ.get("PYTHONNODEBUGRANGES")


def get_config():
    """The interpreter's configuration, as a dict with PyConfig's field names."""
    flags = _sys.flags
    return {
        "argv": list(_sys.argv),
        "orig_argv": list(getattr(_sys, "orig_argv", _sys.argv)),
        "xoptions": dict(_sys._xoptions),
        "warnoptions": list(_sys.warnoptions),
        "executable": _sys.executable,
        "base_executable": getattr(_sys, "_base_executable", _sys.executable),
        "prefix": _sys.prefix,
        "base_prefix": _sys.base_prefix,
        "exec_prefix": _sys.exec_prefix,
        "base_exec_prefix": _sys.base_exec_prefix,
        "platlibdir": getattr(_sys, "platlibdir", "lib"),
        "module_search_paths": list(_sys.path),
        "module_search_paths_set": 1,
        "pycache_prefix": _sys.pycache_prefix,
        "stdlib_dir": getattr(_sys, "_stdlib_dir", None),
        "filesystem_encoding": _sys.getfilesystemencoding(),
        "filesystem_errors": _sys.getfilesystemencodeerrors(),
        "code_debug_ranges": int(_debug_ranges()),
        "dev_mode": int(flags.dev_mode),
        "isolated": int(flags.isolated),
        "use_environment": int(not flags.ignore_environment),
        "safe_path": int(getattr(flags, "safe_path", False)),
        "site_import": int(not flags.no_site),
        "bytes_warning": int(flags.bytes_warning),
        "inspect": int(flags.inspect),
        "interactive": int(flags.interactive),
        "optimization_level": int(flags.optimize),
        "parser_debug": int(flags.debug),
        "write_bytecode": int(not flags.dont_write_bytecode),
        "verbose": int(flags.verbose),
        "quiet": int(flags.quiet),
        "user_site_directory": int(not flags.no_user_site),
        "warn_default_encoding": int(getattr(flags, "warn_default_encoding", 0)),
        "hash_seed": 0,
        "use_hash_seed": int(bool(_os.environ.get("PYTHONHASHSEED"))),
        "faulthandler": 0,
        "tracemalloc": 0,
        "import_time": 0,
        "show_ref_count": 0,
        "dump_refs": 0,
        "malloc_stats": 0,
        "buffered_stdio": 1,
        "install_signal_handlers": 1,
        "check_hash_pycs_mode": "default",
        "_install_importlib": 1,
        "_init_main": 1,
        "_isolated_interpreter": 0,
    }


def get_recursion_depth():
    """The number of Python frames running in this thread, the caller's included."""
    depth = 0
    frame = _sys._getframe(1)
    while frame is not None:
        depth += 1
        frame = frame.f_back
    return depth


def _locale_errors(errors):
    if errors not in ("strict", "surrogateescape", "surrogatepass"):
        raise ValueError("unsupported error handler")
    return errors


def EncodeLocaleEx(text, current_locale, errors):
    """`text` in the locale encoding (Py_EncodeLocaleEx; ripy's is the filesystem encoding), as
    bytes; RuntimeError at an unencodable character."""
    errors = _locale_errors(errors)
    try:
        return text.encode(_sys.getfilesystemencoding(), errors)
    except UnicodeEncodeError as e:
        raise RuntimeError("encode error: pos=%d, reason=%s" % (e.start, e.reason)) from None


def DecodeLocaleEx(encoded, current_locale, errors):
    """The str of the locale-encoded bytes `encoded` (Py_DecodeLocaleEx); RuntimeError at
    undecodable bytes."""
    errors = _locale_errors(errors)
    try:
        return bytes(encoded).decode(_sys.getfilesystemencoding(), errors)
    except UnicodeDecodeError as e:
        raise RuntimeError("decode error: pos=%d, reason=%s" % (e.start, e.reason)) from None
