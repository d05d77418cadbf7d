"""The _codecs module of ripy: the codec registry (search functions, lookup cache, error
handlers) and the encode/decode functions of the builtin codecs that the encodings package
wraps, over str.encode and bytes.decode."""

_search_functions = []
_cache = {}
_error_handlers = {}


def register(search_function, /):
    if not callable(search_function):
        raise TypeError("argument must be callable")
    _search_functions.append(search_function)


def unregister(search_function, /):
    if search_function in _search_functions:
        _search_functions.remove(search_function)
    _cache.clear()


def _normalize(encoding):
    return encoding.lower().replace(" ", "_").replace("-", "_")


def lookup(encoding, /):
    if not isinstance(encoding, str):
        raise TypeError("lookup() argument must be str, not %s" % type(encoding).__name__)
    key = _normalize(encoding)
    found = _cache.get(key)
    if found is not None:
        return found
    if not _search_functions:
        import encodings
    for search in _search_functions:
        result = search(key)
        if result is None:
            continue
        if not isinstance(result, tuple) or len(result) != 4:
            raise TypeError("codec search functions must return 4-tuples")
        _cache[key] = result
        return result
    raise LookupError("unknown encoding: %s" % encoding)


def _forget_codec(encoding, /):
    _cache.pop(_normalize(encoding), None)


def _pair(result, what):
    if not isinstance(result, tuple) or len(result) != 2:
        raise TypeError("%s must return a tuple (object, integer)" % what)
    return result[0]


def encode(obj, encoding="utf-8", errors="strict"):
    return _pair(lookup(encoding)[0](obj, errors), "encoder")


def decode(obj, encoding="utf-8", errors="strict"):
    return _pair(lookup(encoding)[1](obj, errors), "decoder")


def register_error(errors, handler, /):
    if not callable(handler):
        raise TypeError("handler must be callable")
    _error_handlers[errors] = handler


def lookup_error(name, /):
    handler = _error_handlers.get(name)
    if handler is None:
        raise LookupError("unknown error handler name '%s'" % name)
    return handler


def strict_errors(exc, /):
    if isinstance(exc, BaseException):
        raise exc
    raise TypeError("codec must pass exception instance")


def _builtin_handler(name):
    def handler(exc, /):
        raise TypeError("don't know how to handle %s in error callback" % type(exc).__name__)
    handler.__name__ = handler.__qualname__ = name + "_errors"
    return handler


_error_handlers["strict"] = strict_errors
for _name in ("ignore", "replace", "xmlcharrefreplace", "backslashreplace", "namereplace",
              "surrogateescape", "surrogatepass"):
    _error_handlers[_name] = _builtin_handler(_name)


def _bytes(data):
    if isinstance(data, str):
        raise TypeError("a bytes-like object is required, not 'str'")
    return bytes(data)


def _text(s):
    if not isinstance(s, str):
        raise TypeError("argument 1 must be str, not %s" % type(s).__name__)
    return s


def _incomplete_at(error, size):
    """Where the incomplete sequence at the end of the input starts, or None."""
    message = str(error)
    if not message.endswith("unexpected end of data") and "truncated data" not in message:
        return None
    position = message.split("in position ")[1].split(":")[0].split("-")[0]
    return int(position) if position.isdigit() and int(position) < size else None


def _decoder(encoding):
    def decode(data, errors=None, final=False, /):
        data = _bytes(data)
        try:
            return data.decode(encoding, errors or "strict"), len(data)
        except UnicodeDecodeError as e:
            at = None if final else _incomplete_at(e, len(data))
            if at is None:
                raise
            return data[:at].decode(encoding, errors or "strict"), at
    decode.__name__ = decode.__qualname__ = encoding.replace("-", "_") + "_decode"
    return decode


def _encoder(encoding):
    def encode(s, errors=None, /):
        s = _text(s)
        return s.encode(encoding, errors or "strict"), len(s)
    encode.__name__ = encode.__qualname__ = encoding.replace("-", "_") + "_encode"
    return encode


utf_8_encode = _encoder("utf-8")
utf_8_decode = _decoder("utf-8")
ascii_encode = _encoder("ascii")
latin_1_encode = _encoder("latin-1")
utf_16_encode = _encoder("utf-16")
utf_16_le_encode = _encoder("utf-16-le")
utf_16_be_encode = _encoder("utf-16-be")
utf_16_decode = _decoder("utf-16")
utf_16_le_decode = _decoder("utf-16-le")
utf_16_be_decode = _decoder("utf-16-be")
utf_32_encode = _encoder("utf-32")
utf_32_le_encode = _encoder("utf-32-le")
utf_32_be_encode = _encoder("utf-32-be")
utf_32_decode = _decoder("utf-32")
utf_32_le_decode = _decoder("utf-32-le")
utf_32_be_decode = _decoder("utf-32-be")


def ascii_decode(data, errors=None, /):
    data = _bytes(data)
    return data.decode("ascii", errors or "strict"), len(data)


def latin_1_decode(data, errors=None, /):
    data = _bytes(data)
    return data.decode("latin-1", errors or "strict"), len(data)


def _ex_decode(width):
    def ex_decode(data, errors=None, byteorder=0, final=False, /):
        data = _bytes(data)
        bom = {2: {b"\xff\xfe": -1, b"\xfe\xff": 1}, 4: {b"\xff\xfe\x00\x00": -1, b"\x00\x00\xfe\xff": 1}}[width]
        consumed = 0
        if byteorder == 0 and data[:width] in bom:
            byteorder = bom[data[:width]]
            consumed = width
            data = data[width:]
        name = "utf-%d-%s" % (width * 8, "be" if byteorder == 1 else "le")
        text, n = _decoder(name)(data, errors, final)
        return text, consumed + n, byteorder
    return ex_decode


utf_16_ex_decode = _ex_decode(2)
utf_32_ex_decode = _ex_decode(4)


def readbuffer_encode(data, errors=None, /):
    data = data.encode() if isinstance(data, str) else bytes(data)
    return data, len(data)


def charmap_build(decoding_table, /):
    return {ord(c): i for i, c in enumerate(decoding_table)}


def charmap_decode(data, errors=None, mapping=None, /):
    data = _bytes(data)
    if mapping is None:
        return latin_1_decode(data, errors)
    out = []
    for i, b in enumerate(data):
        try:
            c = mapping[b]
        except (IndexError, KeyError, LookupError):
            c = None
        if isinstance(c, int):
            c = chr(c)
        if c is None or c == "\ufffe":
            if errors == "ignore":
                continue
            if errors == "replace":
                out.append("\ufffd")
                continue
            raise UnicodeDecodeError("charmap", data, i, i + 1, "character maps to <undefined>")
        out.append(c)
    return "".join(out), len(data)


def charmap_encode(s, errors=None, mapping=None, /):
    s = _text(s)
    if mapping is None:
        return latin_1_encode(s, errors)
    out = bytearray()
    for i, ch in enumerate(s):
        b = mapping.get(ord(ch)) if isinstance(mapping, dict) else None
        if b is None:
            if errors == "ignore":
                continue
            if errors == "replace":
                out += b"?"
                continue
            raise UnicodeEncodeError("charmap", s, i, i + 1, "character maps to <undefined>")
        out += bytes([b]) if isinstance(b, int) else b
    return bytes(out), len(s)


_SIMPLE_ESCAPES = {"\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t"}


def unicode_escape_encode(s, errors=None, /):
    s = _text(s)
    out = []
    for ch in s:
        o = ord(ch)
        if ch in _SIMPLE_ESCAPES:
            out.append(_SIMPLE_ESCAPES[ch])
        elif 32 <= o < 127:
            out.append(ch)
        elif o < 0x100:
            out.append("\\x%02x" % o)
        elif o < 0x10000:
            out.append("\\u%04x" % o)
        else:
            out.append("\\U%08x" % o)
    return "".join(out).encode("ascii"), len(s)


def raw_unicode_escape_encode(s, errors=None, /):
    s = _text(s)
    out = []
    for ch in s:
        o = ord(ch)
        if o < 0x100:
            out.append(ch)
        elif o < 0x10000:
            out.append("\\u%04x" % o)
        else:
            out.append("\\U%08x" % o)
    return "".join(out).encode("latin-1"), len(s)


_ESCAPES = {"\n": "", "\\": "\\", "'": "'", '"': '"', "a": "\x07", "b": "\x08", "f": "\x0c",
            "n": "\n", "r": "\r", "t": "\t", "v": "\x0b"}


def _unescape(text, raw, what):
    out = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch != "\\" or i + 1 == n:
            if ch == "\\":
                raise UnicodeDecodeError(what, text.encode("latin-1"), i, n, "\\ at end of string")
            out.append(ch)
            i += 1
            continue
        nxt = text[i + 1]
        if raw and nxt not in "uU":
            out.append(ch)
            i += 1
            continue
        if not raw and nxt in _ESCAPES:
            out.append(_ESCAPES[nxt])
            i += 2
        elif nxt in "xuU" and not (raw and nxt == "x"):
            width = {"x": 2, "u": 4, "U": 8}[nxt]
            digits = text[i + 2:i + 2 + width]
            if len(digits) != width or any(c not in "0123456789abcdefABCDEF" for c in digits):
                reason = "truncated \\%sXX%s escape" % (nxt, "XX" * (width // 2 - 1))
                raise UnicodeDecodeError(what, text.encode("latin-1"), i, min(n, i + 2 + width), reason)
            code = int(digits, 16)
            if code > 0x10FFFF:
                reason = "\\Uxxxxxxxx out of range" if raw else "illegal Unicode character"
                raise UnicodeDecodeError(what, text.encode("latin-1"), i, i + 2 + width, reason)
            out.append(chr(code))
            i += 2 + width
        elif not raw and nxt in "01234567":
            j = i + 1
            while j < n and j < i + 4 and text[j] in "01234567":
                j += 1
            out.append(chr(int(text[i + 1:j], 8)))
            i = j
        else:
            out.append(ch)
            i += 1
    return "".join(out)


def unicode_escape_decode(data, errors=None, final=True, /):
    data = data.encode("latin-1") if isinstance(data, str) else bytes(data)
    return _unescape(data.decode("latin-1"), False, "unicodeescape"), len(data)


def raw_unicode_escape_decode(data, errors=None, final=True, /):
    data = data.encode("latin-1") if isinstance(data, str) else bytes(data)
    return _unescape(data.decode("latin-1"), True, "rawunicodeescape"), len(data)


def escape_decode(data, errors=None, /):
    data = data.encode("latin-1") if isinstance(data, str) else bytes(data)
    return _unescape(data.decode("latin-1"), False, "unicodeescape").encode("latin-1"), len(data)


def escape_encode(data, errors=None, /):
    if not isinstance(data, bytes):
        raise TypeError("argument 1 must be bytes, not %s" % type(data).__name__)
    text = repr(data)
    body = text[2:-1].replace("'", "\\'") if text.startswith('b"') else text[2:-1]
    return body.encode("latin-1"), len(data)


class _BuiltinFunction:
    """A function of this module as CPython's C functions behave: called, never bound as a
    method (the encodings package stores them as class attributes)."""

    def __init__(self, function):
        self._function = function
        self.__name__ = self.__qualname__ = function.__name__
        self.__doc__ = function.__doc__

    def __call__(self, *args, **kwargs):
        return self._function(*args, **kwargs)

    def __repr__(self):
        return "<built-in function %s>" % self.__name__

    def __reduce__(self):
        # As a C function's: pickled by reference, as the module's global of its name.
        return self.__name__


for _name, _value in list(globals().items()):
    if not _name.startswith("_") and type(_value) is type(_normalize):
        globals()[_name] = _BuiltinFunction(_value)
