"""The reference types of _weakref, over the native core (_new, _get, _refs, _count)."""


class ReferenceType:
    """A weak reference: calling it gives the referent, or None once it is gone."""

    __slots__ = ("_slot", "_callback", "_hash")

    def __new__(cls, ob, callback=None, /, **kwargs):
        # A plain reference without callback is shared (CPython's basic reference).
        basic = cls is ReferenceType and callback is None
        if basic:
            existing = _basic(ob, 0)
            if existing is not None:
                return existing
        self = object.__new__(cls)
        self._slot = _new(ob, self, callback is not None, 0 if basic else -1)
        self._callback = callback
        self._hash = None
        return self

    def __init__(self, ob, callback=None, /, **kwargs):
        if kwargs:
            raise TypeError("ref() takes no keyword arguments")

    def __call__(self):
        return _get(self._slot)

    @property
    def __callback__(self):
        return self._callback

    def __hash__(self):
        if self._hash is None:
            ob = _get(self._slot)
            if ob is None:
                raise TypeError("weak object has gone away")
            self._hash = hash(ob)
        return self._hash

    def __eq__(self, other):
        # The referents themselves, whatever a subclass's __call__ gives (WeakMethod's).
        if not isinstance(other, ReferenceType):
            return NotImplemented
        a, b = _get(self._slot), _get(other._slot)
        if a is None or b is None:
            return self is other
        return a == b

    def __ne__(self, other):
        result = self.__eq__(other)
        return result if result is NotImplemented else not result

    def __repr__(self):
        ob = _get(self._slot)
        if ob is None:
            return "<weakref at %#x; dead>" % id(self)
        return "<weakref at %#x; to '%s' at %#x>" % (id(self), type(ob).__name__, id(ob))


ReferenceType.__module__ = "weakref"
ref = ReferenceType


def _alive(proxy):
    ob = _get(object.__getattribute__(proxy, "_slot"))
    if ob is None:
        raise ReferenceError("weakly-referenced object no longer exists")
    return ob


class ProxyType:
    """A weak proxy: operations go to the referent while it lives."""

    def __init__(self, ob, callback=None):
        object.__setattr__(self, "_slot", _new(ob, self, callback is not None, 1 if callback is None else -1))
        object.__setattr__(self, "_callback", callback)

    def __getattr__(self, name):
        return getattr(_alive(self), name)

    def __setattr__(self, name, value):
        setattr(_alive(self), name, value)

    def __delattr__(self, name):
        delattr(_alive(self), name)

    def __repr__(self):
        ob = _get(object.__getattribute__(self, "_slot"))
        return "<weakproxy at %#x; to '%s' at %#x>" % (id(self), type(ob).__name__, id(ob))

    def __str__(self):
        return str(_alive(self))

    def __bool__(self):
        return bool(_alive(self))

    def __len__(self):
        return len(_alive(self))

    def __iter__(self):
        return iter(_alive(self))

    def __getitem__(self, key):
        return _alive(self)[key]

    def __setitem__(self, key, value):
        _alive(self)[key] = value

    def __contains__(self, item):
        return item in _alive(self)

    def __delitem__(self, key):
        del _alive(self)[key]

    def __next__(self):
        ob = _alive(self)
        if not hasattr(type(ob), "__next__"):
            raise TypeError("Weakref proxy referenced a non-iterator '%.200s' object" % type(ob).__name__)
        return next(ob)

    def __reversed__(self):
        return reversed(_alive(self))

    def __bytes__(self):
        return bytes(_alive(self))

    def __eq__(self, other):
        return _alive(self) == _unwrap(other)

    def __ne__(self, other):
        return _alive(self) != _unwrap(other)

    def __lt__(self, other):
        return _alive(self) < _unwrap(other)

    def __le__(self, other):
        return _alive(self) <= _unwrap(other)

    def __gt__(self, other):
        return _alive(self) > _unwrap(other)

    def __ge__(self, other):
        return _alive(self) >= _unwrap(other)

    def __neg__(self):
        return -_alive(self)

    def __pos__(self):
        return +_alive(self)

    def __abs__(self):
        return abs(_alive(self))

    def __invert__(self):
        return ~_alive(self)

    def __int__(self):
        return int(_alive(self))

    def __float__(self):
        return float(_alive(self))

    def __index__(self):
        return _alive(self).__index__()

    def __hash__(self):
        raise TypeError("unhashable type: 'weakref.ProxyType'")


def _unwrap(ob):
    """The referent of a proxy (ReferenceError once it is gone); any other object itself."""
    return _alive(ob) if type(ob) in (ProxyType, CallableProxyType) else ob


def _number_methods(name, op):
    """The `__name__`, `__rname__` and `__iname__` methods of proxies: `op` on the referents."""

    def forward(self, other):
        return op(_unwrap(self), _unwrap(other))

    def reflected(self, other):
        return op(_unwrap(other), _unwrap(self))

    def inplace(self, other):
        target, other = _alive(self), _unwrap(other)
        method = getattr(type(target), "__i%s__" % name, None)
        if method is not None:
            result = method(target, other)
            if result is not NotImplemented:
                return result
        return op(target, other)

    for prefix, method in (("", forward), ("r", reflected), ("i", inplace)):
        if prefix == "i" and name == "divmod":
            continue
        method.__name__ = method.__qualname__ = "__%s%s__" % (prefix, name)
        setattr(ProxyType, method.__name__, method)


for _name, _op in (
    ("add", lambda a, b: a + b),
    ("sub", lambda a, b: a - b),
    ("mul", lambda a, b: a * b),
    ("matmul", lambda a, b: a @ b),
    ("truediv", lambda a, b: a / b),
    ("floordiv", lambda a, b: a // b),
    ("mod", lambda a, b: a % b),
    ("divmod", divmod),
    ("pow", lambda a, b: a ** b),
    ("lshift", lambda a, b: a << b),
    ("rshift", lambda a, b: a >> b),
    ("and", lambda a, b: a & b),
    ("xor", lambda a, b: a ^ b),
    ("or", lambda a, b: a | b),
):
    _number_methods(_name, _op)
del _name, _op


class CallableProxyType(ProxyType):
    """A weak proxy to a callable."""

    def __call__(self, *args, **kwargs):
        return _alive(self)(*args, **kwargs)


ProxyType.__module__ = "weakref"
CallableProxyType.__module__ = "weakref"


def proxy(ob, callback=None):
    if callback is None:
        # A proxy without callback is shared, as a plain reference.
        existing = _basic(ob, 1)
        if existing is not None:
            return existing
    if callable(ob):
        return CallableProxyType(ob, callback)
    return ProxyType(ob, callback)


def getweakrefcount(ob):
    return _count(ob)


def getweakrefs(ob):
    return _refs(ob)


def _remove_dead_weakref(d, key):
    try:
        wr = d[key]
    except KeyError:
        return
    if wr() is None:
        del d[key]
