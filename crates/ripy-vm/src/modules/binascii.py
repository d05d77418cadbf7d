"""The binascii module of ripy: conversions between binary data and ASCII encodings (hex,
base64) and the CRCs, as CPython's, over the primitives of `_ripybin`."""

import _ripybin


class Error(ValueError):
    pass


class Incomplete(Exception):
    pass


_HEXDIGITS = frozenset(b"0123456789abcdefABCDEF")


def _binary(data):
    """A bytes-like argument of the b2a_* functions."""
    if isinstance(data, (bytes, bytearray, memoryview)):
        return data
    raise TypeError("a bytes-like object is required, not '%s'" % type(data).__name__)


def _ascii(data):
    """An argument of the a2b_* functions: bytes-like or an ASCII str."""
    if isinstance(data, str):
        if not data.isascii():
            raise ValueError("string argument should contain only ASCII characters")
        return data.encode("ascii")
    if isinstance(data, (bytes, bytearray, memoryview)):
        return bytes(data)
    raise TypeError("argument should be bytes, buffer or ASCII string, not '%s'" % type(data).__name__)


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


def crc32(data, crc=0, /):
    return _ripybin.crc32(_binary(data), crc & 0xFFFFFFFF)


def crc_hqx(data, crc, /):
    return _ripybin.crc_hqx(_binary(data), crc)
