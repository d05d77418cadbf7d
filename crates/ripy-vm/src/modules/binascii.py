"""The binascii module of ripy: conversions between binary data and ASCII encodings (hex,
base64, uuencode, quoted-printable) and the CRCs, as CPython's, over the primitives of `_ripybin`."""

import _ripybin


class Error(ValueError):
    pass


class Incomplete(Exception):
    pass


_HEXDIGITS = frozenset(b"0123456789abcdefABCDEF")


def _buffer(data):
    """The bytes of a bytes-like object (any buffer, as arrays), or None."""
    if isinstance(data, (bytes, bytearray)):
        return data
    if isinstance(data, str):
        return None
    try:
        return bytes(memoryview(data))
    except TypeError:
        return None


def _binary(data):
    """A bytes-like argument of the b2a_* functions."""
    buffer = _buffer(data)
    if buffer is None:
        raise TypeError("a bytes-like object is required, not '%s'" % type(data).__name__)
    return buffer


def _ascii(data):
    """An argument of the a2b_* functions: bytes-like or an ASCII str."""
    if isinstance(data, str):
        if not data.isascii():
            raise ValueError("string argument should contain only ASCII characters")
        return data.encode("ascii")
    buffer = _buffer(data)
    if buffer is None:
        raise TypeError("argument should be bytes, buffer or ASCII string, not '%s'" % type(data).__name__)
    return bytes(buffer)


def _checked(result):
    if isinstance(result, str):
        raise Error(result)
    return result


def hexlify(data, sep=None, bytes_per_sep=1):
    data = bytes(_binary(data))
    if sep is None:
        return data.hex().encode("ascii")
    return data.hex(sep, bytes_per_sep).encode("ascii")


b2a_hex = hexlify


def unhexlify(hexstr):
    hexstr = _ascii(hexstr)
    if len(hexstr) % 2:
        raise Error("Odd-length string")
    for c in hexstr:
        if c not in _HEXDIGITS:
            raise Error("Non-hexadecimal digit found")
    return bytes.fromhex(hexstr.decode("ascii"))


a2b_hex = unhexlify


def b2a_base64(data, *, newline=True):
    encoded = _ripybin.b2a_base64(_binary(data))
    return encoded + b"\n" if newline else encoded


def a2b_base64(data, *, strict_mode=False):
    return _checked(_ripybin.a2b_base64(_ascii(data), strict_mode))


def b2a_uu(data, /, *, backtick=False):
    data = bytes(_binary(data))
    if len(data) > 45:
        raise Error("At most 45 bytes at once")
    out = bytearray([0x60 if backtick and not data else 0x20 + len(data)])
    bits = buffer = 0
    for b in data + bytes(-len(data) % 3):
        buffer = (buffer << 8) | b
        bits += 8
        while bits >= 6:
            six = (buffer >> (bits - 6)) & 0x3f
            bits -= 6
            out.append(0x60 if backtick and not six else 0x20 + six)
    out.append(0x0a)
    return bytes(out)


def a2b_uu(data, /):
    data = _ascii(data)
    # As CPython, which reads the terminating NUL of empty input as the length byte.
    length = ((data[0] if data else 0) - 0x20) & 0x3f
    out = bytearray()
    bits = buffer = 0
    i = 1
    while len(out) < length:
        c = data[i] if i < len(data) else 0
        i += 1
        if c in (0x0a, 0x0d) or i > len(data):
            c = 0
        elif not 0x20 <= c <= 0x60:
            raise Error("Illegal char")
        else:
            c = (c - 0x20) & 0x3f
        buffer = (buffer << 6) | c
        bits += 6
        if bits >= 8:
            bits -= 8
            out.append((buffer >> bits) & 0xff)
            buffer &= (1 << bits) - 1
    for c in data[i:]:
        if c not in (0x20, 0x60, 0x0a, 0x0d):
            raise Error("Trailing garbage")
    return bytes(out)


def a2b_qp(data, header=False):
    data = _ascii(data)
    out = bytearray()
    i, n = 0, len(data)
    while i < n:
        c = data[i]
        if c == 0x3d:
            i += 1
            if i >= n:
                break
            if data[i] in b"\r\n":
                # A soft line break.
                while data[i] != 0x0a and i + 1 < n:
                    i += 1
                i += 1
            elif data[i] == 0x3d:
                out.append(0x3d)
                i += 1
            elif i + 1 < n and data[i] in _HEXDIGITS and data[i + 1] in _HEXDIGITS:
                out.append(int(data[i:i + 2], 16))
                i += 2
            else:
                out.append(0x3d)
        elif header and c == 0x5f:
            out.append(0x20)
            i += 1
        else:
            out.append(c)
            i += 1
    return bytes(out)


_QP_MAXLINE = 76


def b2a_qp(data, quotetabs=False, istext=True, header=False):
    data = bytes(_binary(data))
    newline = data.find(b"\n")
    eol = b"\r\n" if newline > 0 and data[newline - 1] == 0x0d else b"\n"
    out = bytearray()
    i, n = 0, len(data)
    column = 0
    while i < n:
        c = data[i]
        following = data[i + 1] if i + 1 < n else None
        if (c > 126 or c == 0x3d or (header and c == 0x5f)
                or (c == 0x2e and column == 0 and following in (None, 0x0a, 0x0d, 0))
                or (not istext and c in (0x0d, 0x0a))
                or (c in (0x09, 0x20) and following is None)
                or (c < 33 and c not in (0x0d, 0x0a) and (quotetabs or c not in (0x09, 0x20)))):
            if column + 3 >= _QP_MAXLINE:
                out += b"=" + eol
                column = 0
            out += b"=%02X" % c
            i += 1
            column += 3
        elif istext and (c == 0x0a or (c == 0x0d and following == 0x0a)):
            column = 0
            if out and out[-1] in (0x20, 0x09):
                out[-1:] = b"=%02X" % out[-1]
            out += eol
            i += 2 if c == 0x0d else 1
        else:
            if following is not None and following != 0x0a and column + 1 >= _QP_MAXLINE:
                out += b"=" + eol
                column = 0
            column += 1
            out.append(0x5f if header and c == 0x20 else c)
            i += 1
    return bytes(out)


def crc32(data, crc=0, /):
    return _ripybin.crc32(_binary(data), crc & 0xFFFFFFFF)


def crc_hqx(data, crc, /):
    return _ripybin.crc_hqx(_binary(data), crc)
