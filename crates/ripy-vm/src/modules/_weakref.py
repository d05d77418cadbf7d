"""The reference types of _weakref, over the native core (_new, _get, _refs, _count)."""


class ReferenceType:
    """A weak reference: calling it gives the referent, or None once it is gone."""

    def __new__(cls, ob, callback=None):
        self = object.__new__(cls)
        self._slot = _new(ob, self, callback is not None)
        self._callback = callback
        self._hash = None
        return self

    def __init__(self, ob, callback=None):
        pass

    def __call__(self):
        return _get(self._slot)

    @property
    def __callback__(self):
        return self._callback

    def __hash__(self):
        if self._hash is None:
            ob = self()
            if ob is None:
                raise TypeError("weak object has gone away")
            self._hash = hash(ob)
        return self._hash

    def __eq__(self, other):
        if not isinstance(other, ReferenceType):
            return NotImplemented
        a, b = self(), other()
        if a is None or b is None:
            return self is other
        return a == b

    def __ne__(self, other):
        result = self.__eq__(other)
        return result if result is NotImplemented else not result

    def __repr__(self):
        ob = self()
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
        object.__setattr__(self, "_slot", _new(ob, self, callback is not None))
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

    def __eq__(self, other):
        return _alive(self) == other

    def __hash__(self):
        raise TypeError("unhashable type: 'weakref.ProxyType'")


class CallableProxyType(ProxyType):
    """A weak proxy to a callable."""

    def __call__(self, *args, **kwargs):
        return _alive(self)(*args, **kwargs)


ProxyType.__module__ = "weakref"
CallableProxyType.__module__ = "weakref"


def proxy(ob, callback=None):
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
