"""The atexit module of ripy: functions run when the interpreter exits, last registered first."""

_callbacks = []


def register(func, *args, **kwargs):
    if not callable(func):
        raise TypeError("the first argument must be callable")
    _callbacks.append((func, args, kwargs))
    return func


def unregister(func):
    _callbacks[:] = [entry for entry in _callbacks if not entry[0] == func]


def _clear():
    _callbacks.clear()


def _ncallbacks():
    return len(_callbacks)


def _run_exitfuncs():
    while _callbacks:
        func, args, kwargs = _callbacks.pop()
        try:
            func(*args, **kwargs)
        except BaseException as exc:
            _report(func, exc)
