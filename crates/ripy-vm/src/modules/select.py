"""The Python part of ripy's select module: select() and poll objects over the native _poll
(see select.rs)."""

error = OSError
PIPE_BUF = 4096
POLLIN = 0x001
POLLPRI = 0x002
POLLOUT = 0x004
POLLERR = 0x008
POLLHUP = 0x010
POLLNVAL = 0x020
POLLRDNORM = 0x040
POLLRDBAND = 0x080
POLLWRNORM = 0x100
POLLWRBAND = 0x200
POLLMSG = 0x400
POLLRDHUP = 0x2000


def _fileno(obj):
    if isinstance(obj, int):
        fd = obj
    else:
        try:
            fileno = obj.fileno
        except AttributeError:
            raise TypeError("argument must be an int, or have a fileno() method.") from None
        fd = fileno()
        if not isinstance(fd, int):
            raise TypeError("fileno() returned a non-integer")
    if fd < 0:
        raise ValueError("file descriptor cannot be a negative integer (%d)" % fd)
    return fd


def _timeout_ms(timeout, what):
    if timeout is None:
        return -1
    if not isinstance(timeout, (int, float)):
        raise TypeError("%s must be a float or None, not %s" % (what, type(timeout).__name__))
    if timeout < 0:
        raise ValueError("%s must be non-negative" % what)
    ms = timeout * 1000
    whole = int(ms)
    return whole + 1 if ms > whole else whole


def select(rlist, wlist, xlist, timeout=None, /):
    """Wait until some of the objects (ints or objects with fileno()) are ready."""
    lists = [list(rlist), list(wlist), list(xlist)]
    ms = _timeout_ms(timeout, "timeout")
    masks = (POLLIN | POLLHUP | POLLERR, POLLOUT | POLLERR, POLLPRI)
    wanted = {}
    for objs, mask in zip(lists, masks):
        for obj in objs:
            fd = _fileno(obj)
            wanted[fd] = wanted.get(fd, 0) | mask
    fds = list(wanted.items())
    events = dict(zip(wanted, _poll(fds, ms)))
    for fd, ev in events.items():
        if ev & POLLNVAL:
            raise OSError(9, "Bad file descriptor")
    return tuple([obj for obj in objs if events[_fileno(obj)] & mask] for objs, mask in zip(lists, masks))


class poll:
    """A set of descriptors to wait on."""

    def __init__(self):
        self._fds = {}

    def register(self, fd, eventmask=POLLIN | POLLPRI | POLLOUT, /):
        self._fds[_fileno(fd)] = eventmask

    def modify(self, fd, eventmask, /):
        fd = _fileno(fd)
        if fd not in self._fds:
            raise FileNotFoundError(2, "No such file or directory")
        self._fds[fd] = eventmask

    def unregister(self, fd, /):
        fd = _fileno(fd)
        if fd not in self._fds:
            raise KeyError(fd)
        del self._fds[fd]

    def poll(self, timeout=None, /):
        if timeout is None or timeout < 0:
            ms = -1
        else:
            ms = int(timeout)
        fds = list(self._fds.items())
        return [(fd, ev) for (fd, _), ev in zip(fds, _poll(fds, ms)) if ev]


poll.__module__ = "select"
