"""The _codecs module of ripy: the codec registry (search functions, lookup cache, error
handlers: CPython's builtin ones and `_encode_error`/`_decode_error`, through which the native
codecs call any handler by name) and the encode/decode functions of the builtin codecs that the
encodings package wraps: over str.encode and the native stateful decoder `_decode` (codec.rs),
and here the UTF-7, escape and charmap codecs."""

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
    # CPython's _Py_normalize_encoding: ASCII letters and digits (lowered) and dots are kept,
    # every other run of characters becomes one underscore (none at the start or the end).
    out = []
    punctuation = False
    for ch in encoding:
        if ch.isascii() and (ch.isalnum() or ch == "."):
            if punctuation and out:
                out.append("_")
            punctuation = False
            out.append(ch.lower())
        else:
            punctuation = True
    return "".join(out)


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


# The exception types whose instances hold more than their arguments: never wrapped.
_STATEFUL_EXCEPTIONS = (SystemExit, ImportError, OSError, NameError, AttributeError, SyntaxError,
                        StopIteration, MemoryError, UnicodeEncodeError, UnicodeDecodeError,
                        UnicodeTranslateError, BaseExceptionGroup)


def _wrap_error(exc, operation, encoding):
    """The exception to raise for `exc` raised by a codec: as CPython's _PyErr_TrySetFromCause,
    one of the same type whose message names the operation and the codec, caused by `exc`, when
    `exc` holds nothing but its type and at most one str argument; else `exc` itself."""
    cls = type(exc)
    if (isinstance(exc, _STATEFUL_EXCEPTIONS) or cls.__init__ is not BaseException.__init__
            or cls.__new__ is not BaseException.__new__):
        return exc
    for klass in cls.__mro__:
        if not set(klass.__dict__.get("__slots__", ())) <= {"__weakref__", "__dict__"}:
            return exc
    if len(exc.args) > 1 or (exc.args and type(exc.args[0]) is not str) or exc.__dict__:
        return exc
    wrapped = cls("%s with '%s' codec failed (%s: %s)" % (operation, encoding, cls.__name__, exc))
    wrapped.__cause__ = exc
    return wrapped


def encode(obj, encoding="utf-8", errors="strict"):
    encoder = lookup(encoding)[0]
    try:
        result = encoder(obj, errors)
    except Exception as e:
        raise _wrap_error(e, "encoding", encoding)
    return _pair(result, "encoder")


def decode(obj, encoding="utf-8", errors="strict"):
    decoder = lookup(encoding)[1]
    try:
        result = decoder(obj, errors)
    except Exception as e:
        raise _wrap_error(e, "decoding", encoding)
    return _pair(result, "decoder")


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


def _wrong_exception(exc):
    return TypeError("don't know how to handle %s in error callback" % type(exc).__name__)


def _is(exc, cls):
    # As CPython's handlers: the real type, not __class__.
    return issubclass(type(exc), cls)


def _span(exc):
    """The object, start and end of a Unicode error, checked and clamped as CPython's accessors."""
    obj = exc.object
    if _is(exc, UnicodeDecodeError):
        if not isinstance(obj, bytes):
            raise TypeError("object attribute must be bytes")
    elif not isinstance(obj, str):
        raise TypeError("object attribute must be unicode")
    size = len(obj)
    start = max(0, min(exc.start, size - 1))
    end = min(max(exc.end, 1), size)
    return obj, start, end


def _backslashed(text):
    out = []
    for ch in text:
        o = ord(ch)
        out.append("\\x%02x" % o if o < 0x100 else "\\u%04x" % o if o < 0x10000 else "\\U%08x" % o)
    return "".join(out)


def _ignore_errors(exc, /):
    if _is(exc, (UnicodeEncodeError, UnicodeDecodeError, UnicodeTranslateError)):
        return "", _span(exc)[2]
    raise _wrong_exception(exc)


def _replace_errors(exc, /):
    if _is(exc, UnicodeDecodeError):
        return "\ufffd", _span(exc)[2]
    if _is(exc, (UnicodeEncodeError, UnicodeTranslateError)):
        _, start, end = _span(exc)
        return ("?" if _is(exc, UnicodeEncodeError) else "\ufffd") * max(end - start, 0), end
    raise _wrong_exception(exc)


def _xmlcharrefreplace_errors(exc, /):
    if not _is(exc, UnicodeEncodeError):
        raise _wrong_exception(exc)
    obj, start, end = _span(exc)
    return "".join("&#%d;" % ord(ch) for ch in obj[start:end]), end


def _backslashreplace_errors(exc, /):
    if _is(exc, UnicodeDecodeError):
        obj, start, end = _span(exc)
        return "".join("\\x%02x" % b for b in obj[start:end]), end
    if _is(exc, (UnicodeEncodeError, UnicodeTranslateError)):
        obj, start, end = _span(exc)
        return _backslashed(obj[start:end]), end
    raise _wrong_exception(exc)


def _namereplace_errors(exc, /):
    if not _is(exc, UnicodeEncodeError):
        raise _wrong_exception(exc)
    import unicodedata
    obj, start, end = _span(exc)
    out = []
    for ch in obj[start:end]:
        name = unicodedata.name(ch, None)
        out.append("\\N{%s}" % name if name is not None else _backslashed(ch))
    return "".join(out), end


def _surrogateescape_errors(exc, /):
    if _is(exc, UnicodeEncodeError):
        obj, start, end = _span(exc)
        out = bytearray()
        for ch in obj[start:end]:
            if not 0xdc80 <= ord(ch) <= 0xdcff:
                raise exc
            out.append(ord(ch) - 0xdc00)
        return bytes(out), end
    if _is(exc, UnicodeDecodeError):
        obj, start, end = _span(exc)
        out = []
        for b in obj[start:min(end, start + 4)]:
            if b < 128:
                break
            out.append(chr(0xdc00 + b))
        if not out:
            raise exc
        return "".join(out), start + len(out)
    raise _wrong_exception(exc)


def _surrogatepass_codec(encoding):
    """(width, byte order) of the UTF codec named `encoding`, or None."""
    name = encoding.lower().replace("_", "-")
    if name in ("utf-8", "utf8"):
        return 1, "big"
    for width in (2, 4):
        base = "utf-%d" % (8 * width)
        if name in (base, base.replace("-", "")):
            return width, "little"
        for order, suffix in (("little", "le"), ("big", "be")):
            if name in (base + "-" + suffix, base + suffix):
                return width, order
    return None


def _surrogatepass_errors(exc, /):
    if not _is(exc, (UnicodeEncodeError, UnicodeDecodeError)):
        raise _wrong_exception(exc)
    obj, start, end = _span(exc)
    codec = _surrogatepass_codec(exc.encoding)
    if codec is None:
        raise exc
    width, order = codec
    if _is(exc, UnicodeEncodeError):
        out = bytearray()
        for ch in obj[start:end]:
            o = ord(ch)
            if not 0xd800 <= o < 0xe000:
                raise exc
            if width == 1:
                out += bytes([0xe0 | (o >> 12), 0x80 | ((o >> 6) & 0x3f), 0x80 | (o & 0x3f)])
            else:
                out += o.to_bytes(width, order)
        return bytes(out), end
    size = 3 if width == 1 else width
    raw = obj[start:start + size]
    if len(raw) == size and width == 1:
        o = ((raw[0] & 0x0f) << 12) | ((raw[1] & 0x3f) << 6) | (raw[2] & 0x3f)
        if (raw[0] & 0xf0) != 0xe0 or (raw[1] & 0xc0) != 0x80 or (raw[2] & 0xc0) != 0x80:
            o = 0
    elif len(raw) == size:
        o = int.from_bytes(raw, order)
    else:
        o = 0
    if not 0xd800 <= o < 0xe000:
        raise exc
    return chr(o), start + size


_error_handlers["strict"] = strict_errors
for _name, _handler in (("ignore", _ignore_errors), ("replace", _replace_errors),
                        ("xmlcharrefreplace", _xmlcharrefreplace_errors),
                        ("backslashreplace", _backslashreplace_errors),
                        ("namereplace", _namereplace_errors),
                        ("surrogateescape", _surrogateescape_errors),
                        ("surrogatepass", _surrogatepass_errors)):
    _handler.__name__ = _handler.__qualname__ = _name + "_errors"
    _error_handlers[_name] = _handler


def _new_position(position, length):
    if position < 0:
        position += length
    if not 0 <= position <= length:
        raise IndexError("position %d from error handler out of bounds" % position)
    return position


def _encode_error(errors, encoding, text, start, end, reason):
    """Apply error handler `errors` to the unencodable text[start:end]: (str or bytes, where to
    resume, None)."""
    exc = UnicodeEncodeError(encoding, text, start, end, reason)
    result = lookup_error(errors)(exc)
    if (not isinstance(result, tuple) or len(result) != 2 or not isinstance(result[0], (str, bytes))
            or not isinstance(result[1], int)):
        raise TypeError("encoding error handler must return (str/bytes, int) tuple")
    return result[0], _new_position(result[1], len(text)), None


def _decode_error(errors, encoding, data, start, end, reason):
    """Apply error handler `errors` to the undecodable data[start:end]: (str, where to resume,
    the input from there on: as CPython, the exception's object, which the handler may have
    replaced; None if it did not)."""
    exc = UnicodeDecodeError(encoding, data, start, end, reason)
    given = exc.object
    result = lookup_error(errors)(exc)
    if (not isinstance(result, tuple) or len(result) != 2 or not isinstance(result[0], str)
            or not isinstance(result[1], int)):
        raise TypeError("decoding error handler must return (str, int) tuple")
    data = exc.object
    return result[0], _new_position(result[1], len(data)), None if data is given else bytes(data)


def _bytes(data):
    if not isinstance(data, str):
        try:
            return bytes(memoryview(data))
        except TypeError:
            pass
    raise TypeError("a bytes-like object is required, not '%s'" % type(data).__name__)


def _text(s):
    if not isinstance(s, str):
        raise TypeError("argument 1 must be str, not %s" % type(s).__name__)
    return s


def _decoder(encoding):
    def decode(data, errors=None, final=False, /):
        return _decode(_bytes(data), encoding, errors or "strict", final)
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
    data = data.encode() if isinstance(data, str) else _bytes(data)
    return data, len(data)


def charmap_build(decoding_table, /):
    return {ord(c): i for i, c in enumerate(decoding_table)}


def charmap_decode(data, errors=None, mapping=None, /):
    data = _bytes(data)
    if mapping is None:
        return latin_1_decode(data, errors)
    errors = errors or "strict"
    out = []
    i, n = 0, len(data)
    while i < len(data):
        try:
            c = mapping[data[i]]
        except LookupError:
            c = None
        if isinstance(c, int):
            if not 0 <= c < 0x110000:
                raise TypeError("character mapping must be in range(0x110000)")
            c = chr(c)
        elif c is not None and not isinstance(c, str):
            raise TypeError("character mapping must return integer, None or str")
        if c is None or c == "\ufffe":
            reason = "character maps to <undefined>"
            replacement, i, replaced = _decode_error(errors, "charmap", data, i, i + 1, reason)
            out.append(replacement)
            if replaced is not None:
                data = replaced
        else:
            out.append(c)
            i += 1
    return "".join(out), n


def _charmap_byte(mapping, ch):
    """The bytes `mapping` encodes `ch` to, or None."""
    try:
        b = mapping[ord(ch)]
    except LookupError:
        return None
    if isinstance(b, int):
        if not 0 <= b < 256:
            raise TypeError("character mapping must be in range(256)")
        return bytes([b])
    if b is not None and not isinstance(b, bytes):
        raise TypeError("character mapping must return integer, bytes or None, not %s" % type(b).__name__)
    return b


def charmap_encode(s, errors=None, mapping=None, /):
    s = _text(s)
    if mapping is None:
        return latin_1_encode(s, errors)
    errors = errors or "strict"
    out = bytearray()
    i, n = 0, len(s)
    while i < n:
        b = _charmap_byte(mapping, s[i])
        if b is not None:
            out += b
            i += 1
            continue
        start = end = i
        while end < n and _charmap_byte(mapping, s[end]) is None:
            end += 1
        reason = "character maps to <undefined>"
        replacement, i, _ = _encode_error(errors, "charmap", s, start, end, reason)
        if isinstance(replacement, str):
            for ch in replacement:
                b = _charmap_byte(mapping, ch)
                if b is None:
                    raise UnicodeEncodeError("charmap", s, start, end, reason)
                out += b
        else:
            out += replacement
    return bytes(out), n


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
_HEX = "0123456789abcdefABCDEF"


def _warn_invalid_escape(text):
    import warnings
    if text[0] in "01234567":
        message = "invalid octal escape sequence '\\%s'" % text
    else:
        message = "invalid escape sequence '\\%s'" % text[0]
    warnings.warn(message, DeprecationWarning, stacklevel=3)


def _escape_input(data):
    return data.encode("utf-8") if isinstance(data, str) else bytes(data)


def _unescape(data, raw, errors, final):
    """Decode the unicode-escape (raw: raw-unicode-escape) bytes `data`: (text, consumed), as
    CPython's decoders, with error handler `errors` and the first invalid escape warned about."""
    what = "rawunicodeescape" if raw else "unicodeescape"
    text = data.decode("latin-1")
    out = []
    invalid = consumed = None
    i, n = 0, len(text)
    size = n

    def handle(start, end, reason):
        nonlocal data, text, n
        replacement, position, replaced = _decode_error(errors, what, data, start, end, reason)
        out.append(replacement)
        if replaced is not None:
            data, text, n = replaced, replaced.decode("latin-1"), len(replaced)
        return position

    while i < n:
        ch = text[i]
        if ch != "\\":
            out.append(ch)
            i += 1
            continue
        start = i
        i += 1
        if i >= n:
            if not final:
                consumed = start
                break
            if raw:
                out.append(ch)
                break
            i = handle(start, n, "\\ at end of string")
            continue
        nxt = text[i]
        i += 1
        if raw and nxt not in "uU":
            out.append(ch + nxt)
            continue
        if not raw and nxt in _ESCAPES:
            out.append(_ESCAPES[nxt])
            continue
        if not raw and nxt in "01234567":
            j = i
            while j < n and j < i + 2 and text[j] in "01234567":
                j += 1
            code = int(text[i - 1:j], 8)
            if code > 0o377 and invalid is None:
                invalid = text[i - 1:j]
            out.append(chr(code))
            i = j
            continue
        if nxt in "xuU":
            width = {"x": 2, "u": 4, "U": 8}[nxt]
            reason = "truncated \\%sXX%s escape" % (nxt, "XX" * (width // 2 - 1))
            j = i
            while j < n and j < i + width and text[j] in _HEX:
                j += 1
            if j - i == width:
                code = int(text[i:j], 16)
                if code <= 0x10FFFF:
                    out.append(chr(code))
                    i = j
                    continue
                reason = "\\Uxxxxxxxx out of range" if raw else "illegal Unicode character"
            elif j == n and not final:
                consumed = start
                break
            i = handle(start, j, reason)
            continue
        if nxt == "N":
            reason = "malformed \\N character escape"
            end = i
            if i < n and text[i] == "{":
                close = text.find("}", i + 1)
                if close < 0:
                    end = n
                elif close > i + 1:
                    import unicodedata
                    try:
                        out.append(unicodedata.lookup(text[i + 1:close]))
                        i = close + 1
                        continue
                    except KeyError:
                        reason = "unknown Unicode character name"
                        end = close + 1
                else:
                    end = close
            if end == n and not final and (i == n or text[i] == "{") and reason.startswith("malformed"):
                consumed = start
                break
            i = handle(start, end, reason)
            continue
        if invalid is None:
            invalid = nxt
        out.append(ch + nxt)
    if invalid is not None:
        _warn_invalid_escape(invalid)
    return "".join(out), size if consumed is None else consumed


def unicode_escape_decode(data, errors=None, final=True, /):
    return _unescape(_escape_input(data), False, errors or "strict", final)


def raw_unicode_escape_decode(data, errors=None, final=True, /):
    return _unescape(_escape_input(data), True, errors or "strict", final)


def escape_decode(data, errors=None, /):
    data = _escape_input(data)
    out = bytearray()
    invalid = None
    i, n = 0, len(data)
    while i < n:
        c = data[i]
        i += 1
        if c != 0x5c:
            out.append(c)
            continue
        if i >= n:
            raise ValueError("Trailing \\ in string")
        nxt = chr(data[i])
        i += 1
        if nxt in _ESCAPES:
            out += _ESCAPES[nxt].encode("latin-1")
        elif nxt in "01234567":
            j = i
            while j < n and j < i + 2 and chr(data[j]) in "01234567":
                j += 1
            code = int(data[i - 1:j], 8)
            if code > 0o377 and invalid is None:
                invalid = data[i - 1:j].decode("latin-1")
            out.append(code & 0xff)
            i = j
        elif nxt == "x":
            digits = data[i:i + 2].decode("latin-1")
            if len(digits) == 2 and all(d in _HEX for d in digits):
                out.append(int(digits, 16))
                i += 2
                continue
            if errors in (None, "strict"):
                raise ValueError("invalid \\x escape at position %d" % (i - 2))
            if errors == "replace":
                out += b"?"
            elif errors != "ignore":
                raise ValueError("decoding error; unknown error handling code: %s" % errors)
            if i < n and chr(data[i]) in _HEX:
                i += 1
        else:
            if invalid is None:
                invalid = nxt
            out.append(0x5c)
            i -= 1
    if invalid is not None:
        _warn_invalid_escape(invalid)
    return bytes(out), n


_UTF7_BASE64 = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
# The ASCII characters UTF-7 encodes in base 64 (CPython's category 3, with NUL): '+', '\\',
# '~', DEL and the control characters but tab, newline and carriage return.
_UTF7_SPECIAL = frozenset([c for c in range(32) if c not in (9, 10, 13)] + [0x2b, 0x5c, 0x7e, 0x7f])


def utf_7_encode(s, errors=None, /):
    s = _text(s)
    out = bytearray()
    in_shift = False
    bits = buffer = 0
    for ch in s:
        c = ord(ch)
        direct = c < 128 and c not in _UTF7_SPECIAL
        if in_shift and direct:
            if bits:
                out.append(_UTF7_BASE64[(buffer << (6 - bits)) & 0x3f])
                bits = buffer = 0
            in_shift = False
            if c in _UTF7_BASE64 or c == 0x2d:
                out.append(0x2d)
            out.append(c)
            continue
        if not in_shift:
            if c == 0x2b:
                out += b"+-"
                continue
            if direct:
                out.append(c)
                continue
            out.append(0x2b)
            in_shift = True
        units = (0xd800 | ((c - 0x10000) >> 10), 0xdc00 | (c & 0x3ff)) if c >= 0x10000 else (c,)
        for unit in units:
            bits += 16
            buffer = (buffer << 16) | unit
            while bits >= 6:
                out.append(_UTF7_BASE64[(buffer >> (bits - 6)) & 0x3f])
                bits -= 6
            buffer &= (1 << bits) - 1
    if bits:
        out.append(_UTF7_BASE64[(buffer << (6 - bits)) & 0x3f])
    if in_shift:
        out.append(0x2d)
    return bytes(out), len(s)


def utf_7_decode(data, errors=None, final=False, /):
    data = _bytes(data)
    errors = errors or "strict"
    out = []
    in_shift = False
    bits = buffer = surrogate = shift_start = start = 0
    i, n = 0, len(data)
    size = n

    def handle(start, end, reason):
        nonlocal data, n
        replacement, position, replaced = _decode_error(errors, "utf7", data, start, end, reason)
        out.append(replacement)
        if replaced is not None:
            data, n = replaced, len(replaced)
        return position

    while True:
        while i < n:
            c = data[i]
            reason = None
            if in_shift:
                if c in _UTF7_BASE64:
                    buffer = (buffer << 6) | _UTF7_BASE64.index(c)
                    bits += 6
                    i += 1
                    if bits >= 16:
                        unit = buffer >> (bits - 16)
                        bits -= 16
                        buffer &= (1 << bits) - 1
                        if surrogate:
                            if 0xdc00 <= unit < 0xe000:
                                out.append(chr(0x10000 + ((surrogate - 0xd800) << 10) + (unit - 0xdc00)))
                                surrogate = 0
                                continue
                            out.append(chr(surrogate))
                            surrogate = 0
                        if 0xd800 <= unit < 0xdc00:
                            surrogate = unit
                        else:
                            out.append(chr(unit))
                else:
                    in_shift = False
                    if bits >= 6:
                        i += 1
                        reason = "partial character in shift sequence"
                    elif bits and buffer:
                        i += 1
                        reason = "non-zero padding bits in shift sequence"
                    else:
                        if surrogate and c < 128 and c != 0x2b:
                            out.append(chr(surrogate))
                        surrogate = 0
                        if c == 0x2d:
                            i += 1
            elif c == 0x2b:
                start = i
                i += 1
                if i < n and data[i] == 0x2d:
                    i += 1
                    out.append("+")
                elif i < n and data[i] not in _UTF7_BASE64:
                    i += 1
                    reason = "ill-formed sequence"
                else:
                    in_shift = True
                    surrogate = bits = buffer = 0
                    shift_start = len(out)
            elif c < 128:
                i += 1
                out.append(chr(c))
            else:
                start = i
                i += 1
                reason = "unexpected special character"
            if reason is not None:
                i = handle(start, i, reason)
        if not final:
            if in_shift:
                del out[shift_start:]
                return "".join(out), start
            return "".join(out), i
        if in_shift:
            in_shift = False
            if surrogate or bits >= 6 or (bits and buffer):
                i = handle(start, n, "unterminated shift sequence")
                if i < n:
                    continue
        return "".join(out), size


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
