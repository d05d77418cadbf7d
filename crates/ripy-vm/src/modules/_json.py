"""The _json module of ripy (the accelerator the json package looks for), written in Python.

It offers what CPython's C module offers, with its argument checks and messages: scanstring,
encode_basestring, encode_basestring_ascii, make_scanner (a scanner built from a JSONDecoder's
settings) and make_encoder (a one-shot encoder built from a JSONEncoder's settings). Errors are
raised as json.decoder.JSONDecodeError, looked up when raised (as CPython caches it on first use).
"""

_ESCAPES = {'"': '"', "\\": "\\", "/": "/", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t"}
_HEX = "0123456789abcdefABCDEF"
_SHORT = {'"': '\\"', "\\": "\\\\", "\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r", "\t": "\\t"}
_WS = " \t\n\r"
_DONE = object()


def _error(message, doc, pos):
    import sys
    decoder = sys.modules.get("json.decoder")
    if decoder is None:
        import json.decoder as decoder
    return decoder.JSONDecodeError(message, doc, pos)


def _hex4(s, pos):
    """The value of the four hex digits at s[pos:pos + 4], or None."""
    digits = s[pos:pos + 4]
    if len(digits) != 4 or any(c not in _HEX for c in digits):
        return None
    return int(digits, 16)


def _scanstring(s, end, strict):
    """The string whose opening quote is at end - 1, and the index after its closing quote."""
    begin = end - 1
    n = len(s)
    chunks = []
    while True:
        start = end
        while end < n:
            c = s[end]
            if c == '"' or c == "\\":
                break
            if strict and c < " ":
                raise _error("Invalid control character at", s, end)
            end += 1
        else:
            raise _error("Unterminated string starting at", s, begin)
        if end > start:
            chunks.append(s[start:end])
        if s[end] == '"':
            return "".join(chunks), end + 1
        end += 1
        if end >= n:
            raise _error("Unterminated string starting at", s, begin)
        esc = s[end]
        if esc != "u":
            if esc not in _ESCAPES:
                raise _error("Invalid \\escape", s, end - 1)
            chunks.append(_ESCAPES[esc])
            end += 1
            continue
        code = _hex4(s, end + 1) if end + 5 < n else None
        if code is None:
            raise _error("Invalid \\uXXXX escape", s, end)
        end += 5
        if 0xD800 <= code <= 0xDBFF and end + 6 < n and s[end:end + 2] == "\\u":
            low = _hex4(s, end + 2)
            if low is None:
                raise _error("Invalid \\uXXXX escape", s, end + 1)
            if 0xDC00 <= low <= 0xDFFF:
                code = 0x10000 + (((code - 0xD800) << 10) | (low - 0xDC00))
                end += 6
        chunks.append(chr(code))


def _index(value, name):
    if not hasattr(type(value), "__index__"):
        raise TypeError("'%s' object cannot be interpreted as an integer" % type(value).__name__)
    value = value.__index__()
    if not -(1 << 63) <= value < (1 << 63):
        raise OverflowError("Python int too large to convert to C ssize_t")
    return value


def scanstring(string, end, strict=True):
    """scanstring(string, end, strict=True) -> (string, end)

    Scan the string s for a JSON string. End is the index of the
    character in s after the quote that started the JSON string.
    Unescapes all valid JSON string escape sequences and raises ValueError
    on attempt to decode an invalid string. If strict is False then literal
    control characters are allowed in the string.

    Returns a tuple of the decoded string and the index of the character in s
    after the end quote."""
    end = _index(end, "end")
    if not isinstance(string, str):
        raise TypeError("first argument must be a string, not %.80s" % type(string).__name__)
    if end < 0 or end > len(string):
        raise ValueError("end is out of bounds")
    return _scanstring(string, end, bool(strict))


def _quote_ascii_char(c):
    o = ord(c)
    if c in _SHORT:
        return _SHORT[c]
    if o < 0x10000:
        return "\\u%04x" % o
    o -= 0x10000
    return "\\u%04x\\u%04x" % (0xD800 | (o >> 10), 0xDC00 | (o & 0x3FF))


def encode_basestring_ascii(s):
    """encode_basestring_ascii(string) -> string

    Return an ASCII-only JSON representation of a Python string"""
    if not isinstance(s, str):
        raise TypeError("first argument must be a string, not %.80s" % type(s).__name__)
    return '"' + "".join(c if " " <= c <= "~" and c not in _SHORT else _quote_ascii_char(c) for c in s) + '"'


def encode_basestring(s):
    """encode_basestring(string) -> string

    Return a JSON representation of a Python string"""
    if not isinstance(s, str):
        raise TypeError("first argument must be a string, not %.80s" % type(s).__name__)
    return '"' + "".join(_SHORT.get(c) or (c if c >= " " else "\\u%04x" % ord(c)) for c in s) + '"'


def _number_end(s, idx):
    """The end of the JSON number at s[idx], whether it is a float, or None when there is none."""
    n = len(s)
    i = idx
    if i < n and s[i] == "-":
        i += 1
    if i < n and "1" <= s[i] <= "9":
        i += 1
        while i < n and "0" <= s[i] <= "9":
            i += 1
    elif i < n and s[i] == "0":
        i += 1
    else:
        return None
    is_float = False
    if i + 1 < n and s[i] == "." and "0" <= s[i + 1] <= "9":
        is_float = True
        i += 2
        while i < n and "0" <= s[i] <= "9":
            i += 1
    if i < n and s[i] in "eE":
        j = i + 1
        if j < n and s[j] in "-+":
            j += 1
        k = j
        while k < n and "0" <= s[k] <= "9":
            k += 1
        if k > j:
            is_float = True
            i = k
    return i, is_float



def _skip_ws(s, idx, n):
    while idx < n and s[idx] in _WS:
        idx += 1
    return idx


def _room(where):
    """How many containers may nest from here: the recursion limit less the frames running (the
    C scanner and encoder count each nested container against the limit)."""
    import sys
    depth = 0
    frame = sys._getframe(1)
    while frame is not None:
        depth += 1
        frame = frame.f_back
    return sys.getrecursionlimit() - depth


def _too_deep(where):
    return RecursionError("maximum recursion depth exceeded while " + where)


class make_scanner:
    """JSON scanner object"""

    def __init__(self, context):
        self.strict = bool(context.strict)
        self.object_hook = context.object_hook
        self.object_pairs_hook = context.object_pairs_hook
        self.parse_float = context.parse_float
        self.parse_int = context.parse_int
        self.parse_constant = context.parse_constant
        self.memo = {}

    def __call__(self, string, idx):
        idx = _index(idx, "idx")
        if not isinstance(string, str):
            raise TypeError("first argument must be a string, not %.80s" % type(string).__name__)
        try:
            return self._scan(string, idx)
        finally:
            self.memo.clear()

    def _scalar(self, s, idx):
        """The value that is not a container at s[idx] and the index after it."""
        c = s[idx]
        if c == '"':
            return _scanstring(s, idx + 1, self.strict)
        if c == "n" and s.startswith("null", idx):
            return None, idx + 4
        if c == "t" and s.startswith("true", idx):
            return True, idx + 4
        if c == "f" and s.startswith("false", idx):
            return False, idx + 5
        if c == "N" and s.startswith("NaN", idx):
            return self.parse_constant("NaN"), idx + 3
        if c == "I" and s.startswith("Infinity", idx):
            return self.parse_constant("Infinity"), idx + 8
        if c == "-" and s.startswith("-Infinity", idx):
            return self.parse_constant("-Infinity"), idx + 9
        number = _number_end(s, idx)
        if number is None:
            raise StopIteration(idx)
        end, is_float = number
        text = s[idx:end]
        if is_float:
            return (float(text) if self.parse_float is float else self.parse_float(text)), end
        return (int(text) if self.parse_int is int else self.parse_int(text)), end

    def _key(self, s, idx, n):
        """The key of an object member at s[idx] and the index of its value."""
        if idx >= n or s[idx] != '"':
            raise _error("Expecting property name enclosed in double quotes", s, idx)
        key, idx = _scanstring(s, idx + 1, self.strict)
        key = self.memo.setdefault(key, key)
        idx = _skip_ws(s, idx, n)
        if idx >= n or s[idx] != ":":
            raise _error("Expecting ':' delimiter", s, idx)
        return key, _skip_ws(s, idx + 1, n)

    def _finish_object(self, pairs):
        if self.object_pairs_hook is not None:
            return self.object_pairs_hook(pairs)
        result = dict(pairs)
        if self.object_hook is not None:
            return self.object_hook(result)
        return result

    def _scan(self, s, idx):
        """The value at s[idx] and the index after it, with an explicit stack of the open
        containers: [is_object, items, key of the member being read]."""
        if idx < 0:
            raise ValueError("idx cannot be negative")
        n = len(s)
        stack = []
        room = None
        while True:
            if idx >= n:
                raise StopIteration(idx)
            c = s[idx]
            if c == "{" or c == "[":
                if room is None:
                    room = _room("decoding")
                if len(stack) >= room:
                    kind = "object" if c == "{" else "array"
                    raise _too_deep("decoding a JSON %s from a unicode string" % kind)
                idx = _skip_ws(s, idx + 1, n)
                if c == "{" and idx < n and s[idx] == "}":
                    value, idx = self._finish_object([]), idx + 1
                elif c == "[" and idx < n and s[idx] == "]":
                    value, idx = [], idx + 1
                elif c == "{":
                    key, idx = self._key(s, idx, n)
                    stack.append([True, [], key])
                    continue
                else:
                    stack.append([False, [], None])
                    continue
            else:
                value, idx = self._scalar(s, idx)
            while True:
                if not stack:
                    return value, idx
                top = stack[-1]
                top[1].append((top[2], value) if top[0] else value)
                idx = _skip_ws(s, idx, n)
                if idx < n and s[idx] == ("}" if top[0] else "]"):
                    stack.pop()
                    value = self._finish_object(top[1]) if top[0] else top[1]
                    idx += 1
                    continue
                if idx >= n or s[idx] != ",":
                    raise _error("Expecting ',' delimiter", s, idx)
                idx = _skip_ws(s, idx + 1, n)
                if top[0]:
                    top[2], idx = self._key(s, idx, n)
                break


class make_encoder:
    """_iterencode(obj, _current_indent_level) -> iterable"""

    def __init__(self, markers, default, encoder, indent, key_separator, item_separator, sort_keys,
                 skipkeys, allow_nan):
        if markers is not None and not isinstance(markers, dict):
            raise TypeError("make_encoder() argument 1 must be dict or None, not %.200s"
                            % type(markers).__name__)
        if not isinstance(key_separator, str):
            raise TypeError("make_encoder() argument 5 must be str, not %.200s" % type(key_separator).__name__)
        if not isinstance(item_separator, str):
            raise TypeError("make_encoder() argument 6 must be str, not %.200s" % type(item_separator).__name__)
        self.markers = markers
        self.default = default
        self.encoder = encoder
        self.indent = indent
        self.key_separator = key_separator
        self.item_separator = item_separator
        self.sort_keys = bool(sort_keys)
        self.skipkeys = bool(skipkeys)
        self.allow_nan = bool(allow_nan)

    def _float(self, o):
        if o != o:
            text = "NaN"
        elif o == float("inf"):
            text = "Infinity"
        elif o == -float("inf"):
            text = "-Infinity"
        else:
            return float.__repr__(o)
        if not self.allow_nan:
            raise ValueError("Out of range float values are not JSON compliant")
        return text

    def _string(self, s):
        text = self.encoder(s)
        if not isinstance(text, str):
            raise TypeError("encoder() must return a string, not %.80s" % type(text).__name__)
        return text

    def _enter(self, o):
        if self.markers is None:
            return None
        marker = id(o)
        if marker in self.markers:
            raise ValueError("Circular reference detected")
        self.markers[marker] = o
        return marker

    def _key(self, key):
        """The text of a dict key, or None to skip it."""
        if isinstance(key, str):
            return key
        if isinstance(key, float):
            return self._float(key)
        if key is True:
            return "true"
        if key is False:
            return "false"
        if key is None:
            return "null"
        if isinstance(key, int):
            return int.__repr__(key)
        if self.skipkeys:
            return None
        raise TypeError("keys must be str, int, float, bool or None, not %.100s" % type(key).__name__)

    def _next_item(self, top):
        """The next item of a container being written (a dict's as (key text, value)), or _DONE."""
        if top[2] is None:
            return _DONE
        for item in top[2]:
            if not top[3]:
                return item
            key = self._key(item[0])
            if key is not None:
                return key, item[1]
        return _DONE

    def __call__(self, obj, _current_indent_level):
        """Encode with an explicit stack of the containers being written: [closer, marker,
        iterator of their items (None for a default() result), whether it is a dict, count]."""
        chunks = []
        stack = []
        room = _room("encoding")
        value = obj
        while True:
            if value is None:
                chunks.append("null")
            elif value is True:
                chunks.append("true")
            elif value is False:
                chunks.append("false")
            elif isinstance(value, str):
                chunks.append(self._string(value))
            elif isinstance(value, int):
                chunks.append(int.__repr__(value))
            elif isinstance(value, float):
                chunks.append(self._float(value))
            elif isinstance(value, (list, tuple, dict)) and not value:
                chunks.append("{}" if isinstance(value, dict) else "[]")
            else:
                if len(stack) >= room:
                    raise _too_deep("encoding a JSON object")
                marker = self._enter(value)
                if isinstance(value, dict):
                    items = list(value.items())
                    if self.sort_keys:
                        items.sort()
                    chunks.append("{")
                    stack.append(["}", marker, iter(items), True, 0])
                elif isinstance(value, (list, tuple)):
                    chunks.append("[")
                    stack.append(["]", marker, iter(value), False, 0])
                else:
                    stack.append(["", marker, None, False, 0])
                    value = self.default(value)
                    continue
            # The value is written: close finished containers, then take the next item.
            while stack:
                top = stack[-1]
                item = self._next_item(top)
                if item is _DONE:
                    stack.pop()
                    chunks.append(top[0])
                    if top[1] is not None:
                        del self.markers[top[1]]
                    continue
                if top[4]:
                    chunks.append(self.item_separator)
                top[4] += 1
                if top[3]:
                    chunks.append(self._string(item[0]))
                    chunks.append(self.key_separator)
                    value = item[1]
                else:
                    value = item
                break
            else:
                return ("".join(chunks),)
