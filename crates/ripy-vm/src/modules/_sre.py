"""The _sre module of ripy: compiled regular expressions (re.Pattern, re.Match and the scanner
behind finditer) as CPython 3.11's, running the code that re._compiler produces on the matching
primitives of _ripysre."""

import _ripysre

MAGIC = 20220615
CODESIZE = 4
MAXREPEAT = 4294967295
MAXGROUPS = 1073741823
copyright = " SRE 2.2.2 Copyright (c) 1997-2002 by Secret Labs AB "

_MAXSIZE = 9223372036854775807
_FLAG_NAMES = (
    (1, "re.TEMPLATE"),
    (2, "re.IGNORECASE"),
    (4, "re.LOCALE"),
    (8, "re.MULTILINE"),
    (16, "re.DOTALL"),
    (32, "re.UNICODE"),
    (64, "re.VERBOSE"),
    (128, "re.DEBUG"),
    (256, "re.ASCII"),
)
_MATCH, _FULLMATCH, _SEARCH = 0, 1, 2
_mappingproxy = type(type.__dict__)


def getcodesize():
    return CODESIZE


def _char(ch):
    if not isinstance(ch, int):
        raise TypeError("an integer is required (got type %s)" % type(ch).__name__)
    return ch


def ascii_iscased(character):
    ch = _char(character)
    return ch < 128 and (65 <= ch <= 90 or 97 <= ch <= 122)


def unicode_iscased(character):
    ch = _char(character)
    return ch != _ripysre.lower(ch, True) or ch != _ripysre.upper(ch, True)


def ascii_tolower(character):
    return _ripysre.lower(_char(character), False)


def unicode_tolower(character):
    return _ripysre.lower(_char(character), True)


def _index(v):
    if isinstance(v, int):
        return int(v)
    try:
        index = type(v).__index__
    except AttributeError:
        raise TypeError("'%s' object cannot be interpreted as an integer" % type(v).__name__) from None
    return index(v)


def _ssize(v):
    """An index argument as a C Py_ssize_t (converted before the other arguments are checked)."""
    v = _index(v)
    if not -_MAXSIZE - 1 <= v <= _MAXSIZE:
        raise OverflowError("Python int too large to convert to C ssize_t")
    return v


def _subject(pattern, string):
    """The text the engine matches for `string` under `pattern`: the str itself, or the bytes
    of an object with a buffer; TypeError as CPython for anything else or a str/bytes mismatch."""
    if isinstance(string, str):
        if pattern._isbytes:
            raise TypeError("cannot use a bytes pattern on a string-like object")
        return string if type(string) is str else string[:]
    if not isinstance(string, (bytes, bytearray, memoryview)):
        try:
            string = memoryview(string)
        except TypeError:
            raise TypeError("expected string or bytes-like object, got '%s'" % type(string).__name__) from None
    if not pattern._isbytes:
        raise TypeError("cannot use a string pattern on a bytes-like object")
    return string if type(string) is bytes else bytes(string)


def _window(text, pos, endpos):
    n = len(text)
    pos = _index(pos)
    endpos = _index(endpos)
    pos = 0 if pos < 0 else min(pos, n)
    endpos = 0 if endpos < 0 else min(endpos, n)
    return pos, endpos


def _new(cls):
    return object.__new__(cls)


class Pattern:
    """Compiled regular expression object."""

    __module__ = "re"
    __slots__ = ("pattern", "flags", "groups", "_groupindex", "_indexgroup", "_code", "_isbytes", "__weakref__")

    def __new__(cls, *args, **kwargs):
        raise TypeError("cannot create 're.Pattern' instances")

    def __class_getitem__(cls, item):
        import types
        return types.GenericAlias(cls, item)

    @property
    def groupindex(self):
        """A read-only view of the dictionary mapping group names to group numbers."""
        return _mappingproxy(dict(self._groupindex))

    def match(self, string, pos=0, endpos=_MAXSIZE):
        """Matches zero or more characters at the beginning of the string."""
        return _ripysre.exec(self, string, pos, endpos, _MATCH)

    def fullmatch(self, string, pos=0, endpos=_MAXSIZE):
        """Matches against all of the string."""
        return _ripysre.exec(self, string, pos, endpos, _FULLMATCH)

    def search(self, string, pos=0, endpos=_MAXSIZE):
        """Scan through string looking for a match, and return a corresponding match object
        instance. Return None if no position in the string matches."""
        return _ripysre.exec(self, string, pos, endpos, _SEARCH)

    def _scan(self, string, pos=0, endpos=_MAXSIZE, limit=0):
        """The subject's text, the window and up to `limit` successive matches (0: all; none
        when negative)."""
        text = _subject(self, string)
        pos, endpos = _window(text, pos, endpos)
        if pos > endpos or limit < 0:
            return text, pos, endpos, []
        return text, pos, endpos, _ripysre.scan(self._code, text, pos, endpos, self.groups, limit, False)

    def findall(self, string, pos=0, endpos=_MAXSIZE):
        """Return a list of all non-overlapping matches of pattern in string."""
        return _ripysre.findall(self, string, pos, endpos)

    def finditer(self, string, pos=0, endpos=_MAXSIZE):
        """Return an iterator over all non-overlapping matches for the RE pattern in string.
        For each match, the iterator returns a match object."""
        return iter(self.scanner(string, pos, endpos).search, None)

    def scanner(self, string, pos=0, endpos=_MAXSIZE):
        text = _subject(self, string)
        pos, endpos = _window(text, pos, endpos)
        scanner = _new(SRE_Scanner)
        scanner.pattern = self
        scanner._string = string
        scanner._text = text
        scanner._pos = pos
        scanner._endpos = endpos
        scanner._start = pos
        scanner._must_advance = False
        scanner._done = False
        scanner._buffer = []
        scanner._batch = 1
        return scanner

    def _subx(self, repl, string, count):
        """`subn` for a replacement or a count that `_ripysre.subn` does not take."""
        if callable(repl):
            filter, is_callable = repl, True
        else:
            if isinstance(repl, (str, bytes, bytearray, memoryview)):
                literal = ("\\" if isinstance(repl, str) else b"\\") not in repl
            else:
                literal = False
            if literal:
                filter, is_callable = repl, False
            else:
                import re
                done = _ripysre.subn(self, re._compile_repl(repl, self), string, count)
                if done is not None:
                    return done
                filter = re._subx(self, repl)
                is_callable = callable(filter)
        count = _index(count)
        text, pos, endpos, found = self._scan(string, 0, _MAXSIZE, count)
        pieces = []
        last = 0
        for marks in found:
            b, e = _ripysre.mark(marks, 1), _ripysre.mark(marks, 2)
            if last < b:
                pieces.append(text[last:b])
            if is_callable:
                item = filter(_match(self, string, text, pos, endpos, marks))
                if item is not None:
                    pieces.append(item)
            else:
                pieces.append(filter)
            last = e
        if last < len(text):
            pieces.append(text[last:])
        joiner = text[:0]
        if not pieces:
            return joiner, len(found)
        if isinstance(joiner, str):
            return joiner.join(pieces), len(found)
        return b"".join(pieces), len(found)

    def sub(self, repl, string, count=0):
        """Return the string obtained by replacing the leftmost non-overlapping occurrences of
        pattern in string by the replacement repl."""
        done = _ripysre.subn(self, repl, string, count)
        if done is None:
            done = self._subx(repl, string, count)
        return done[0]

    def subn(self, repl, string, count=0):
        """Return the tuple (new_string, number_of_subs_made) found by replacing the leftmost
        non-overlapping occurrences of pattern with the replacement repl."""
        done = _ripysre.subn(self, repl, string, count)
        if done is None:
            done = self._subx(repl, string, count)
        return done

    def split(self, string, maxsplit=0):
        """Split string by the occurrences of pattern."""
        done = _ripysre.split(self, string, maxsplit)
        if done is not None:
            return done
        maxsplit = _index(maxsplit)
        text, pos, endpos, found = self._scan(string, 0, _MAXSIZE, maxsplit)
        out = []
        last = 0
        for marks in found:
            out.append(text[last:_ripysre.mark(marks, 1)])
            for g in range(1, self.groups + 1):
                s = _ripysre.mark(marks, 2 * g + 1)
                out.append(None if s < 0 else text[s:_ripysre.mark(marks, 2 * g + 2)])
            last = _ripysre.mark(marks, 2)
        out.append(text[last:])
        return out

    def __repr__(self):
        text = repr(self.pattern)[:200]
        flags = self.flags
        if not self._isbytes and flags & (4 | 32 | 256) == 32:
            flags &= ~32
        if flags == 0:
            return "re.compile(%s)" % text
        names = []
        for bit, name in _FLAG_NAMES:
            if flags & bit:
                names.append(name)
                flags &= ~bit
        if flags:
            names.append("0x%x" % flags)
        return "re.compile(%s, %s)" % (text, "|".join(names))

    def __eq__(self, other):
        if type(other) is not Pattern:
            return NotImplemented
        if self is other:
            return True
        return (self.flags == other.flags and self._isbytes == other._isbytes
                and self._code == other._code and self.pattern == other.pattern)

    def __ne__(self, other):
        eq = self.__eq__(other)
        return eq if eq is NotImplemented else not eq

    def __hash__(self):
        h = hash(self.pattern) ^ hash(self._code) ^ self.flags ^ int(self._isbytes) ^ (len(self._code) // 4)
        return -2 if h == -1 else h

    def __copy__(self):
        return self

    def __deepcopy__(self, memo):
        return self

    def __reduce__(self):
        import re
        return (re._compile, (self.pattern, self.flags))


def compile(pattern, flags, code, groups, groupindex, indexgroup):
    for name, value, kind in (("code", code, list), ("groupindex", groupindex, dict), ("indexgroup", indexgroup, tuple)):
        if not isinstance(value, kind):
            raise TypeError("compile() argument '%s' must be %s, not %s" % (name, kind.__name__, type(value).__name__))
    p = _new(Pattern)
    p.pattern = pattern
    p.flags = flags
    p.groups = groups
    p._groupindex = groupindex
    p._indexgroup = indexgroup
    p._code = _ripysre.pack(code, groups)
    p._isbytes = pattern is not None and not isinstance(pattern, str)
    return p


def _match(pattern, string, text, pos, endpos, marks):
    m = _new(Match)
    m.re = pattern
    m.string = string
    m._text = text
    m.pos = pos
    m.endpos = endpos
    m._marks = marks
    return m


class Match:
    """The result of re.match() and re.search(). Match objects always have a boolean value of
    True."""

    __module__ = "re"
    __slots__ = ("re", "string", "pos", "endpos", "_text", "_marks")

    def __new__(cls, *args, **kwargs):
        raise TypeError("cannot create 're.Match' instances")

    def __class_getitem__(cls, item):
        import types
        return types.GenericAlias(cls, item)

    def _index(self, group):
        if isinstance(group, int) or (not isinstance(group, str) and hasattr(type(group), "__index__")):
            try:
                i = _index(group)
            except OverflowError:
                i = -1
        else:
            found = self.re._groupindex.get(group)
            i = found if isinstance(found, int) else -1
        if i < 0 or i > self.re.groups:
            raise IndexError("no such group")
        return i

    def _group(self, i, default=None):
        value = self.group(i)
        return default if value is None else value

    group = _ripysre.Match_group
    __getitem__ = _ripysre.Match___getitem__
    groups = _ripysre.Match_groups
    span = _ripysre.Match_span
    start = _ripysre.Match_start
    end = _ripysre.Match_end

    def groupdict(self, default=None):
        """Return a dictionary containing all the named subgroups of the match, keyed by the
        subgroup name."""
        out = {}
        for name in self.re._groupindex:
            out[name] = self._group(self._index(name), default)
        return out

    @property
    def regs(self):
        return tuple([self.span(i) for i in range(self.re.groups + 1)])

    @property
    def lastindex(self):
        i = _ripysre.mark(self._marks, 0)
        return None if i < 0 else i

    @property
    def lastgroup(self):
        i = _ripysre.mark(self._marks, 0)
        names = self.re._indexgroup
        if i < 0 or names is None or i >= len(names):
            return None
        return names[i]

    def expand(self, template):
        """Return the string obtained by doing backslash substitution on the string template,
        as done by the sub() method."""
        import re
        return re._expand(self.re, self, template)

    def __bool__(self):
        return True

    def __repr__(self):
        return "<re.Match object; span=(%d, %d), match=%s>" % (
            self.start(), self.end(), repr(self._group(0))[:50])

    def __copy__(self):
        return self

    def __deepcopy__(self, memo):
        return self


_ripysre.setup(Match, _ssize)


class SRE_Scanner:
    __slots__ = ("pattern", "_string", "_text", "_pos", "_endpos", "_start", "_must_advance",
                 "_done", "_buffer", "_batch")

    def __new__(cls, *args, **kwargs):
        raise TypeError("cannot create '_sre.SRE_Scanner' instances")

    def _step(self, m):
        if m is None:
            self._done = True
            return None
        end = m.end()
        self._must_advance = m.start() == end
        self._start = end
        return m

    def _next(self, limit, mode):
        return _ripysre.matches(self.pattern, self._string, self._text, self._pos, self._endpos, self._start,
                                limit, self._must_advance, mode)

    def match(self):
        if self._done:
            return None
        self._buffer = []
        if self._start > self._endpos:
            return self._step(None)
        found = self._next(1, _MATCH)
        return self._step(found[0] if found else None)

    def search(self):
        if self._done:
            return None
        if not self._buffer:
            if self._start > self._endpos:
                return self._step(None)
            found = self._next(self._batch, _SEARCH)
            if not found:
                return self._step(None)
            self._batch = min(self._batch * 2, 256)
            found.reverse()
            self._buffer = found
        return self._step(self._buffer.pop())
