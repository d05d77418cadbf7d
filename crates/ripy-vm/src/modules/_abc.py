"""The _abc module of ripy: the machinery of abc.ABCMeta, as CPython's C module.

Each ABC keeps an `_abc_impl` (`_abc_data`): its registry of virtual subclasses and its caches,
as weak sets. `_abc_init` also applies `__abc_tpflags__`: the sequence and mapping flags of
`match` (left in the class namespace, where ripy's `match` reads them), and
`_abc_register` gives a registered class its ABC's flag."""

from _weakref import ref as _ref
from _weakrefset import WeakSet

_SEQUENCE = 1 << 5
_MAPPING = 1 << 6
_COLLECTION_FLAGS = _SEQUENCE | _MAPPING
_HEAPTYPE = 1 << 9

# Incremented by every registration: invalidates the negative caches.
_invalidation_counter = 0


class _abc_data:
    """Internal state held by ABC machinery."""

    __slots__ = ("registry", "cache", "negative_cache", "negative_cache_version")

    def __init__(self):
        self.registry = WeakSet()
        self.cache = WeakSet()
        self.negative_cache = WeakSet()
        self.negative_cache_version = _invalidation_counter


def get_cache_token():
    """Returns the current ABC cache token.

    The token is an opaque object (supporting equality testing) identifying the
    current version of the ABC cache for virtual subclasses. The token changes
    with every call to register() on any ABC."""
    return _invalidation_counter


def _impl(cls):
    impl = getattr(cls, "_abc_impl", None)
    if type(impl) is not _abc_data:
        raise TypeError("_abc_impl is set to a wrong type")
    return impl


def _abc_init(cls):
    """Internal ABC helper for class set-up. Should be never used outside abc module."""
    abstracts = {name for name, value in cls.__dict__.items() if getattr(value, "__isabstractmethod__", False)}
    for base in cls.__bases__:
        for name in getattr(base, "__abstractmethods__", ()):
            value = getattr(cls, name, None)
            if getattr(value, "__isabstractmethod__", False):
                abstracts.add(name)
    cls.__abstractmethods__ = frozenset(abstracts)
    flags = cls.__dict__.get("__abc_tpflags__")
    if type(flags) is int and flags & _COLLECTION_FLAGS == _COLLECTION_FLAGS:
        raise TypeError("__abc_tpflags__ cannot be both Py_TPFLAGS_SEQUENCE and Py_TPFLAGS_MAPPING")
    cls._abc_impl = _abc_data()


def _set_collection_flag(cls, flag):
    if not cls.__flags__ & _HEAPTYPE or cls.__flags__ & _COLLECTION_FLAGS == flag:
        return
    type.__setattr__(cls, "__abc_tpflags__", flag)
    for sub in type.__subclasses__(cls):
        _set_collection_flag(sub, flag)


def _abc_register(cls, subclass):
    """Internal ABC helper for subclasss registration. Should be never used outside abc module."""
    global _invalidation_counter
    if not isinstance(subclass, type):
        raise TypeError("Can only register classes")
    if issubclass(subclass, cls):
        return subclass
    if issubclass(cls, subclass):
        raise RuntimeError("Refusing to create an inheritance cycle")
    _impl(cls).registry.add(subclass)
    _invalidation_counter += 1
    flag = cls.__flags__ & _COLLECTION_FLAGS
    if flag:
        _set_collection_flag(subclass, flag)
    return subclass


def _abc_instancecheck(cls, instance):
    """Internal ABC helper for instance checks. Should be never used outside abc module."""
    impl = _impl(cls)
    subclass = instance.__class__
    if subclass in impl.cache:
        return True
    subtype = type(instance)
    if subtype is subclass:
        if impl.negative_cache_version == _invalidation_counter and subclass in impl.negative_cache:
            return False
        return cls.__subclasscheck__(subclass)
    return cls.__subclasscheck__(subclass) or cls.__subclasscheck__(subtype)


def _abc_subclasscheck(cls, subclass):
    """Internal ABC helper for subclasss checks. Should be never used outside abc module."""
    if not isinstance(subclass, type):
        raise TypeError("issubclass() arg 1 must be a class")
    impl = _impl(cls)
    if subclass in impl.cache:
        return True
    if impl.negative_cache_version < _invalidation_counter:
        impl.negative_cache.clear()
        impl.negative_cache_version = _invalidation_counter
    elif subclass in impl.negative_cache:
        return False
    ok = cls.__subclasshook__(subclass)
    if ok is True:
        impl.cache.add(subclass)
        return True
    if ok is False:
        impl.negative_cache.add(subclass)
        return False
    if ok is not NotImplemented:
        raise AssertionError("__subclasshook__ must return either False, True, or NotImplemented")
    if cls in getattr(subclass, "__mro__", ()):
        impl.cache.add(subclass)
        return True
    for rcls in list(impl.registry):
        if issubclass(subclass, rcls):
            impl.cache.add(subclass)
            return True
    for scls in cls.__subclasses__():
        if issubclass(subclass, scls):
            impl.cache.add(subclass)
            return True
    impl.negative_cache.add(subclass)
    return False


def _get_dump(cls):
    """Internal ABC helper for cache and registry debugging.

    Return shallow copies of registry, of both caches, and
    negative cache version. Don't call this function directly,
    instead use ABC._dump_registry() for a nice repr."""
    impl = _impl(cls)
    refs = lambda s: {_ref(c) for c in s}
    return refs(impl.registry), refs(impl.cache), refs(impl.negative_cache), impl.negative_cache_version


def _reset_registry(cls):
    """Internal ABC helper to reset registry of a given class.

    Should be only used by refleak.py"""
    _impl(cls).registry.clear()


def _reset_caches(cls):
    """Internal ABC helper to reset both caches of a given class.

    Should be only used by refleak.py"""
    impl = _impl(cls)
    impl.cache.clear()
    impl.negative_cache.clear()
