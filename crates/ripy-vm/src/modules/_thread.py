"""The locks of _thread, for ripy's single interpreter thread (over the native get_ident)."""

error = RuntimeError
TIMEOUT_MAX = 9223372036.0
_count_value = 0


def _count():
    return _count_value


def _check_timeout(blocking, timeout):
    if not blocking and timeout != -1:
        raise ValueError("can't specify a timeout for a non-blocking call")
    if timeout < 0 and timeout != -1:
        raise ValueError("timeout value must be a non-negative number")


class LockType:
    """A lock: acquired by one owner at a time."""

    def __init__(self):
        self._locked = False

    def acquire(self, blocking=True, timeout=-1):
        _check_timeout(blocking, timeout)
        if not self._locked:
            self._locked = True
            return True
        if blocking and timeout == -1:
            raise RuntimeError("ripy: acquiring a held lock would block forever (there are no other threads)")
        return False

    acquire_lock = acquire

    def release(self):
        if not self._locked:
            raise RuntimeError("release unlocked lock")
        self._locked = False

    release_lock = release

    def locked(self):
        return self._locked

    locked_lock = locked

    def _at_fork_reinit(self):
        self._locked = False

    def __enter__(self):
        return self.acquire()

    def __exit__(self, *args):
        self.release()

    def __repr__(self):
        return "<%s _thread.lock object at %#x>" % ("locked" if self._locked else "unlocked", id(self))


LockType.__module__ = "_thread"
LockType.__name__ = "lock"
LockType.__qualname__ = "lock"


def allocate_lock():
    return LockType()


allocate = allocate_lock


class RLock:
    """A reentrant lock: its owner may acquire it again."""

    def __init__(self):
        self._owner = None
        self._count = 0

    def acquire(self, blocking=True, timeout=-1):
        _check_timeout(blocking, timeout)
        me = get_ident()
        if self._owner == me:
            self._count += 1
            return True
        if self._owner is None:
            self._owner = me
            self._count = 1
            return True
        if blocking and timeout == -1:
            raise RuntimeError("ripy: acquiring a held lock would block forever (there are no other threads)")
        return False

    def release(self):
        if self._owner != get_ident():
            raise RuntimeError("cannot release un-acquired lock")
        self._count -= 1
        if not self._count:
            self._owner = None

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
        return state

    def _acquire_restore(self, state):
        self._count, self._owner = state

    def _at_fork_reinit(self):
        self._owner = None
        self._count = 0

    __enter__ = acquire

    def __exit__(self, *args):
        self.release()

    def __repr__(self):
        return "<%s _thread.RLock object owner=%r count=%d at %#x>" % (
            "locked" if self._count else "unlocked", self._owner or 0, self._count, id(self))


RLock.__module__ = "_thread"


def start_new_thread(function, args, kwargs=None):
    raise RuntimeError("ripy: threads are not supported yet")


start_new = start_new_thread


def stack_size(size=0):
    if size != 0 and size < 32768:
        raise ValueError("size not valid: %d bytes" % size)
    return 0


def daemon_threads_allowed():
    return True


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
    return LockType()


def exit():
    raise SystemExit


exit_thread = exit
