"""The Python part of ripy's sys module: the records sys.rs fills in (flags, float_info,
int_info, hash_info, version_info, thread_info) become struct sequences, as CPython's are; the
types of sys.flags and sys.version_info cannot be instantiated; and the functions of sys that
are simplest in Python."""


def _structseqs():
    from posix import _structseq

    def convert(qualname, record, constructible=True):
        fields = tuple(vars(record))
        cls = _structseq(qualname, fields, len(fields))
        value = cls(tuple(vars(record).values()))
        if not constructible:
            def __new__(cls, *args, **kwargs):
                raise TypeError("cannot create '%s' instances" % qualname)
            cls.__new__ = __new__
        return value

    class _Record:
        pass

    def record(**fields):
        r = _Record()
        r.__dict__.update(fields)
        return r

    g = globals()
    major, minor, micro, level, serial = g["version_info"]
    version = convert(
        "sys.version_info",
        record(major=major, minor=minor, micro=micro, releaselevel=level, serial=serial),
        constructible=False,
    )
    g["version_info"] = version
    g["implementation"].version = version
    g["flags"] = convert("sys.flags", g["flags"], constructible=False)
    for name in ("float_info", "int_info", "hash_info"):
        g[name] = convert("sys." + name, g[name])
    g["thread_info"] = convert("sys.thread_info", record(name="pthread", lock="mutex+cond", version=None))
    hooks = _structseq("asyncgen_hooks", ("firstiter", "finalizer"), 2)
    hooks.__module__ = "builtins"
    g["_asyncgen_hooks_type"] = hooks


_structseqs()
del _structseqs


def call_tracing(func, args):
    """Call func(*args); ripy runs no trace functions, so there is nothing to switch on."""
    if not isinstance(args, tuple):
        raise TypeError("call_tracing() argument 2 must be tuple, not %s" % type(args).__name__)
    return func(*args)


_coroutine_origin_tracking_depth = 0


def set_coroutine_origin_tracking_depth(depth):
    """Set how many frames a new coroutine records as its origin (ripy's coroutines record none
    yet: cr_origin stays None)."""
    global _coroutine_origin_tracking_depth
    depth = depth.__index__()
    if depth < 0:
        raise ValueError("depth must be >= 0")
    _coroutine_origin_tracking_depth = depth


def get_coroutine_origin_tracking_depth():
    """The depth set by set_coroutine_origin_tracking_depth()."""
    return _coroutine_origin_tracking_depth


_UNSET = object()
_asyncgen_firstiter = None
_asyncgen_finalizer = None


def set_asyncgen_hooks(firstiter=_UNSET, finalizer=_UNSET):
    """Set the hooks of asynchronous generators (recorded for get_asyncgen_hooks(); ripy's
    asynchronous generators do not call them yet)."""
    global _asyncgen_firstiter, _asyncgen_finalizer
    for name, value in (("finalizer", finalizer), ("firstiter", firstiter)):
        if value is not _UNSET and value is not None and not callable(value):
            raise TypeError("callable %s expected, got %s" % (name, type(value).__name__))
    if finalizer is not _UNSET:
        _asyncgen_finalizer = finalizer
    if firstiter is not _UNSET:
        _asyncgen_firstiter = firstiter


def get_asyncgen_hooks():
    """The hooks set by set_asyncgen_hooks(), as (firstiter, finalizer)."""
    return _asyncgen_hooks_type((_asyncgen_firstiter, _asyncgen_finalizer))


def breakpointhook(*args, **kws):
    """The default hook of breakpoint(): the callable named by $PYTHONBREAKPOINT (unset or
    empty: pdb.set_trace; "0": none), called with breakpoint()'s arguments; a name that cannot be
    imported gives a RuntimeWarning and nothing is called."""
    import os
    hookname = None if flags.ignore_environment else os.environ.get("PYTHONBREAKPOINT")
    if not hookname:
        hookname = "pdb.set_trace"
    elif hookname == "0":
        return None
    modulepath, dot, attrname = hookname.rpartition(".")
    if not dot:
        modulepath = "builtins"
    try:
        if not modulepath:
            raise ImportError(hookname)
        hook = getattr(__import__(modulepath, fromlist=["__doc__"]), attrname)
    except (ImportError, AttributeError):
        import warnings
        warnings.warn('Ignoring unimportable $PYTHONBREAKPOINT: "%s"' % hookname, RuntimeWarning)
        return None
    return hook(*args, **kws)


__breakpointhook__ = breakpointhook
