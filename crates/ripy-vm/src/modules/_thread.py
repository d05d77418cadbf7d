"""The Python part of _thread: locks over the native lock table, RLock, thread-local data."""

error = RuntimeError
TIMEOUT_MAX = 9223372036.0


class LockType:
    """A lock: acquired by one thread at a time, released by any."""

    def __init__(self):
        self._handle = _lock_new(self)

    def acquire(self, blocking=True, timeout=-1):
        return _lock_acquire(self._handle, blocking, timeout)

    acquire_lock = acquire

    def release(self):
        _lock_release(self._handle)

    release_lock = release

    def locked(self):
        return _lock_locked(self._handle)

    locked_lock = locked

    def _at_fork_reinit(self):
        self._handle = _lock_new(self)

    def _release_sentinel(self):
        if _lock_locked(self._handle):
            _lock_release(self._handle)

    def __enter__(self):
        return _lock_acquire(self._handle, True, -1)

    def __exit__(self, *args):
        _lock_release(self._handle)

    def __repr__(self):
        state = "locked" if _lock_locked(self._handle) else "unlocked"
        return "<%s _thread.lock object at %#x>" % (state, id(self))


LockType.__module__ = "_thread"
LockType.__name__ = "lock"
LockType.__qualname__ = "lock"


# The class itself, so that (like CPython's builtin function) it does not bind as a method.
allocate_lock = allocate = LockType


class RLock:
    """A reentrant lock: its owner may acquire it again."""

    def __init__(self):
        self._block = LockType()
        self._owner = None
        self._count = 0

    def acquire(self, blocking=True, timeout=-1):
        me = get_ident()
        if self._owner == me:
            self._count += 1
            return True
        if not self._block.acquire(blocking, timeout):
            return False
        self._owner = me
        self._count = 1
        return True

    def release(self):
        if self._owner != get_ident():
            raise RuntimeError("cannot release un-acquired lock")
        self._count -= 1
        if not self._count:
            self._owner = None
            self._block.release()

    def _is_owned(self):
        return self._owner == get_ident()

    def _recursion_count(self):
        return self._count if self._is_owned() else 0

    def _release_save(self):
        if not self._count:
            raise RuntimeError("cannot release un-acquired lock")
        state = (self._count, self._owner)
        self._count = 0
        self._owner = None
        self._block.release()
        return state

    def _acquire_restore(self, state):
        self._block.acquire()
        self._count, self._owner = state

    def _at_fork_reinit(self):
        self._block = LockType()
        self._owner = None
        self._count = 0

    __enter__ = acquire

    def __exit__(self, *args):
        self.release()

    def __repr__(self):
        return "<%s %s.%s object owner=%r count=%d at %#x>" % (
            "locked" if self._count else "unlocked", type(self).__module__, type(self).__qualname__,
            self._owner or 0, self._count, id(self))


RLock.__module__ = "_thread"


start_new = start_new_thread


# The per-thread dicts of the _local objects each thread used, by thread: dropped when the
# thread ends (`_end_thread`, called by the runtime), as CPython drops a thread's local data.
_local_dicts_by_thread = {}


def _local_dict(self):
    """The calling thread's dict of the _local `self` (made, and __init__ run, on first use)."""
    dicts, args, kw = object.__getattribute__(self, "_local__impl")
    me = get_ident()
    d = dicts.get(me)
    if d is None:
        d = dicts[me] = {}
        _local_dicts_by_thread.setdefault(me, []).append(dicts)
        type(self).__init__(self, *args, **kw)
    return d


def _end_thread():
    for dicts in _local_dicts_by_thread.pop(get_ident(), ()):
        dicts.pop(get_ident(), None)


def _type_attribute(cls, name):
    for base in cls.__mro__:
        if name in base.__dict__:
            return True, base.__dict__[name]
    return False, None


def _type_name(cls):
    """The type's name as CPython's messages give it (`_thread._local` is a C type)."""
    return "_thread._local" if cls is _local else cls.__name__


def _is_data_descriptor(attr):
    t = type(attr)
    return hasattr(t, "__get__") and (hasattr(t, "__set__") or hasattr(t, "__delete__"))


class _local:
    """Thread-local data: each thread sees its own attributes."""

    def __new__(cls, /, *args, **kw):
        if (args or kw) and cls.__init__ is object.__init__:
            raise TypeError("Initialization arguments are not supported")
        self = object.__new__(cls)
        dicts = {get_ident(): {}}
        _local_dicts_by_thread.setdefault(get_ident(), []).append(dicts)
        object.__setattr__(self, "_local__impl", (dicts, args, kw))
        return self

    def __getattribute__(self, name):
        if name == "__dict__":
            return _local_dict(self)
        d = _local_dict(self)
        cls = type(self)
        found, attr = _type_attribute(cls, name)
        if found and _is_data_descriptor(attr):
            return type(attr).__get__(attr, self, cls)
        if name in d:
            return d[name]
        if found:
            if hasattr(type(attr), "__get__"):
                return type(attr).__get__(attr, self, cls)
            return attr
        raise AttributeError("'%s' object has no attribute '%s'" % (_type_name(cls), name))

    def __setattr__(self, name, value):
        cls = type(self)
        if name == "__dict__":
            raise AttributeError("'%s' object attribute '__dict__' is read-only" % _type_name(cls))
        d = _local_dict(self)
        found, attr = _type_attribute(cls, name)
        if found and hasattr(type(attr), "__set__"):
            type(attr).__set__(attr, self, value)
        else:
            d[name] = value

    def __delattr__(self, name):
        cls = type(self)
        if name == "__dict__":
            raise AttributeError("'%s' object attribute '__dict__' is read-only" % _type_name(cls))
        d = _local_dict(self)
        found, attr = _type_attribute(cls, name)
        if found and hasattr(type(attr), "__delete__"):
            type(attr).__delete__(attr, self)
        elif name in d:
            del d[name]
        else:
            raise AttributeError("'%s' object has no attribute '%s'" % (_type_name(cls), name))


_local.__module__ = "_thread"


class _ExceptHookArgs:
    """The argument of threading.excepthook (CPython's struct sequence)."""

    n_sequence_fields = n_fields = 4
    n_unnamed_fields = 0

    def __init__(self, sequence):
        sequence = tuple(sequence)
        if len(sequence) != 4:
            raise TypeError("_thread._ExceptHookArgs() takes a 4-sequence (%d-sequence given)" % len(sequence))
        self._values = sequence

    exc_type = property(lambda self: self._values[0])
    exc_value = property(lambda self: self._values[1])
    exc_traceback = property(lambda self: self._values[2])
    thread = property(lambda self: self._values[3])

    def __len__(self):
        return 4

    def __getitem__(self, index):
        return self._values[index]

    def __iter__(self):
        return iter(self._values)

    def __repr__(self):
        return "_thread._ExceptHookArgs(exc_type=%r, exc_value=%r, exc_traceback=%r, thread=%r)" % self._values


def _excepthook(args):
    """Report an exception a thread raised: `Exception in thread NAME:` and its traceback."""
    import sys
    if args.exc_type is SystemExit:
        return
    stderr = sys.stderr
    if stderr is None and args.thread is not None:
        stderr = getattr(args.thread, "_stderr", None)
    if stderr is None:
        return
    name = args.thread.name if args.thread is not None else get_ident()
    stderr.write("Exception in thread %s:\n" % name)
    stderr.flush()
    sys.__excepthook__(args.exc_type, args.exc_value, args.exc_traceback)


def _set_sentinel():
    """A lock that is released when the current thread ends (threading joins on it)."""
    lock = LockType()
    _register_sentinel(lock)
    return lock


def exit():
    raise SystemExit


exit_thread = exit
