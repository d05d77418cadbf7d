"""types.GenericAlias and types.UnionType, as CPython 3.11's genericaliasobject.c and
unionobject.c define them: ``list[int]`` and ``int | str``. The interpreter calls
``GenericAlias`` for a subscripted builtin generic type and ``type_or`` for ``|`` between types."""


def _is_typevar_like(obj):
    return hasattr(type(obj), '__typing_subst__')


def _collect_parameters(args):
    params = []
    for arg in args:
        if isinstance(arg, type):
            continue
        if _is_typevar_like(arg):
            if arg not in params:
                params.append(arg)
            continue
        sub = getattr(arg, '__parameters__', None)
        if isinstance(sub, tuple):
            for p in sub:
                if p not in params:
                    params.append(p)
    return tuple(params)


def _repr_item(obj):
    if obj is Ellipsis:
        return '...'
    if isinstance(obj, GenericAlias):
        return repr(obj)
    try:
        if hasattr(obj, '__origin__') and hasattr(obj, '__args__'):
            return repr(obj)
        qualname = obj.__qualname__
        module = obj.__module__
    except AttributeError:
        return repr(obj)
    if module is None:
        return repr(obj)
    if module == 'builtins':
        return qualname
    return '%s.%s' % (module, qualname)


def _substitute(alias, params, item):
    items = item if isinstance(item, tuple) else (item,)
    if not params:
        raise TypeError('%r is not a generic class' % (alias,))
    if len(items) != len(params):
        raise TypeError('Too %s arguments for %r; actual %d, expected %d'
                        % ('many' if len(items) > len(params) else 'few', alias, len(items), len(params)))
    substitution = dict(zip(params, items))
    new_args = []
    for arg in alias.__args__:
        if isinstance(arg, type):
            new_args.append(arg)
        elif _is_typevar_like(arg):
            new_args.append(arg.__typing_subst__(substitution[arg]))
        else:
            sub = getattr(arg, '__parameters__', ())
            if isinstance(sub, tuple) and sub:
                values = tuple(substitution[p] for p in sub)
                new_args.append(arg[values if len(values) != 1 else values[0]])
            else:
                new_args.append(arg)
    return tuple(new_args)


def _read_only(kind, name):
    if name in ('__origin__', '__args__', '__parameters__'):
        raise AttributeError('readonly attribute')
    raise AttributeError("'%s' object has no attribute '%s'" % (kind, name))


_ATTR_EXCEPTIONS = frozenset((
    '__class__', '__origin__', '__args__', '__unpacked__', '__parameters__',
    '__typing_unpacked_tuple_args__', '__mro_entries__', '__reduce_ex__', '__reduce__',
    '__copy__', '__deepcopy__',
))


class GenericAlias:
    """Represent a PEP 585 generic type

E.g. for t = list[int], t.__origin__ is list and t.__args__ is (int,)."""

    __module__ = 'types'
    __slots__ = ('__origin__', '__args__', '_parameters', '__weakref__')

    def __new__(cls, origin, args):
        self = object.__new__(cls)
        if not isinstance(args, tuple):
            args = (args,)
        object.__setattr__(self, '__origin__', origin)
        object.__setattr__(self, '__args__', args)
        object.__setattr__(self, '_parameters', None)
        return self

    @property
    def __parameters__(self):
        if self._parameters is None:
            object.__setattr__(self, '_parameters', _collect_parameters(self.__args__))
        return self._parameters

    @property
    def __unpacked__(self):
        return False

    def __getattr__(self, name):
        if name in _ATTR_EXCEPTIONS:
            raise AttributeError(name)
        return getattr(self.__origin__, name)

    def __setattr__(self, name, value):
        # The instances of a subclass have a __dict__ for other attributes.
        if type(self) is GenericAlias or name in ('__origin__', '__args__', '__parameters__'):
            _read_only('types.GenericAlias', name)
        object.__setattr__(self, name, value)

    def __repr__(self):
        args = self.__args__
        if not args:
            inner = '()'
        else:
            parts = []
            for a in args:
                if isinstance(a, list):
                    parts.append('[' + ', '.join(_repr_item(x) for x in a) + ']')
                else:
                    parts.append(_repr_item(a))
            inner = ', '.join(parts)
        return '%s[%s]' % (_repr_item(self.__origin__), inner)

    def __call__(self, *args, **kwargs):
        result = self.__origin__(*args, **kwargs)
        try:
            result.__orig_class__ = self
        except AttributeError:
            pass
        return result

    def __mro_entries__(self, bases):
        return (self.__origin__,)

    def __instancecheck__(self, obj):
        raise TypeError('isinstance() argument 2 cannot be a parameterized generic')

    def __subclasscheck__(self, cls):
        raise TypeError('issubclass() argument 2 cannot be a parameterized generic')

    def __eq__(self, other):
        if not isinstance(other, GenericAlias):
            return NotImplemented
        return self.__origin__ == other.__origin__ and self.__args__ == other.__args__

    def __ne__(self, other):
        if not isinstance(other, GenericAlias):
            return NotImplemented
        return not self == other

    def __hash__(self):
        return hash(self.__origin__) ^ hash(self.__args__)

    def __getitem__(self, item):
        return GenericAlias(self.__origin__, _substitute(self, self.__parameters__, item))

    def __or__(self, other):
        return _union_or(self, other)

    def __ror__(self, other):
        return _union_or(other, self)

    def __reduce__(self):
        return GenericAlias, (self.__origin__, self.__args__)

    def __dir__(self):
        return sorted(set(dir(self.__origin__)) | set(_ATTR_EXCEPTIONS))


def _unionable(obj):
    return obj is None or isinstance(obj, (type, GenericAlias, UnionType))


def _flatten(objs):
    args = []
    for obj in objs:
        items = obj.__args__ if isinstance(obj, UnionType) else (obj,)
        for item in items:
            if item is None:
                item = type(None)
            duplicate = False
            for seen in args:
                if seen is item or (isinstance(item, GenericAlias) and isinstance(seen, GenericAlias) and seen == item):
                    duplicate = True
                    break
            if not duplicate:
                args.append(item)
    return tuple(args)


def _make_union(args):
    if len(args) == 1:
        return args[0]
    self = object.__new__(UnionType)
    object.__setattr__(self, '__args__', args)
    object.__setattr__(self, '_parameters', None)
    return self


def _union_or(a, b):
    if not _unionable(a) or not _unionable(b):
        return NotImplemented
    return _make_union(_flatten((a, b)))


def type_or(a, b):
    """``a | b`` where one side is a type (``type.__or__``/``type.__ror__``)."""
    return _union_or(a, b)


class UnionType:
    """Represent a PEP 604 union type

E.g. for int | str"""

    __module__ = 'types'
    __slots__ = ('__args__', '_parameters', '__weakref__')

    def __new__(cls, *args, **kwargs):
        raise TypeError("cannot create 'types.UnionType' instances")

    @property
    def __parameters__(self):
        if self._parameters is None:
            object.__setattr__(self, '_parameters', _collect_parameters(self.__args__))
        return self._parameters

    def __setattr__(self, name, value):
        _read_only('types.UnionType', name)

    def __repr__(self):
        return ' | '.join('None' if a is type(None) else _repr_item(a) for a in self.__args__)

    def __or__(self, other):
        return _union_or(self, other)

    def __ror__(self, other):
        return _union_or(other, self)

    def __eq__(self, other):
        if not isinstance(other, UnionType):
            return NotImplemented
        return set(self.__args__) == set(other.__args__)

    def __ne__(self, other):
        if not isinstance(other, UnionType):
            return NotImplemented
        return not self == other

    def __hash__(self):
        return hash(frozenset(self.__args__))

    def __instancecheck__(self, obj):
        for arg in self.__args__:
            if isinstance(obj, arg):
                return True
        return False

    def __subclasscheck__(self, cls):
        for arg in self.__args__:
            if issubclass(cls, arg):
                return True
        return False

    def __getitem__(self, item):
        args = _substitute(self, self.__parameters__, item)
        result = args[0]
        for arg in args[1:]:
            result = result | arg
        return result

    def __reduce__(self):
        import functools
        import operator
        return functools.reduce, (operator.or_, self.__args__)


class mappingproxy:
    """Read-only proxy of a mapping (``types.MappingProxyType``; a class's ``__dict__``)."""

    __module__ = 'builtins'
    __slots__ = ('_mapping',)

    def __new__(cls, mapping):
        if isinstance(mapping, (list, tuple)) or not hasattr(type(mapping), '__getitem__'):
            raise TypeError('mappingproxy() argument must be a mapping, not %s' % type(mapping).__name__)
        self = object.__new__(cls)
        object.__setattr__(self, '_mapping', mapping)
        return self

    def __setattr__(self, name, value):
        raise AttributeError("'mappingproxy' object has no attribute '%s'" % name)

    def __getitem__(self, key):
        return self._mapping[key]

    def __contains__(self, key):
        return key in self._mapping

    def __iter__(self):
        return iter(self._mapping)

    def __len__(self):
        return len(self._mapping)

    def __reversed__(self):
        return reversed(self._mapping)

    def get(self, key, default=None):
        return self._mapping.get(key, default)

    def keys(self):
        return self._mapping.keys()

    def values(self):
        return self._mapping.values()

    def items(self):
        return self._mapping.items()

    def copy(self):
        return self._mapping.copy()

    def __eq__(self, other):
        return self._mapping == other

    def __ne__(self, other):
        return self._mapping != other

    __hash__ = None

    def __or__(self, other):
        return self._mapping | other

    def __ror__(self, other):
        return other | self._mapping

    def __ior__(self, other):
        raise TypeError("'|=' is not supported by mappingproxy; use '|' instead")

    def __repr__(self):
        return 'mappingproxy(%r)' % (self._mapping,)

    def __str__(self):
        return str(self._mapping)
