"""The zlib module of ripy: deflate compression in the zlib, raw and gzip containers, as
CPython's, over the one-shot and streaming primitives of `_ripybin`."""

import _ripybin

DEFLATED = 8
DEF_BUF_SIZE = 16384
DEF_MEM_LEVEL = 8
MAX_WBITS = 15
ZLIB_VERSION = "1.2.13"
ZLIB_RUNTIME_VERSION = "1.2.13"
Z_NO_COMPRESSION = 0
Z_BEST_SPEED = 1
Z_BEST_COMPRESSION = 9
Z_DEFAULT_COMPRESSION = -1
Z_DEFAULT_STRATEGY = 0
Z_FILTERED = 1
Z_HUFFMAN_ONLY = 2
Z_RLE = 3
Z_FIXED = 4
Z_NO_FLUSH = 0
Z_PARTIAL_FLUSH = 1
Z_SYNC_FLUSH = 2
Z_FULL_FLUSH = 3
Z_FINISH = 4
Z_BLOCK = 5
Z_TREES = 6

_RAW, _ZLIB, _GZIP, _AUTO = 0, 1, 2, 3


class error(Exception):
    pass


def _binary(data):
    if isinstance(data, (bytes, bytearray, memoryview)):
        return data
    raise TypeError("a bytes-like object is required, not '%s'" % type(data).__name__)


def _container(wbits, decompressing):
    """The container named by `wbits`, or None when they name none."""
    if 9 <= wbits <= 15 or (decompressing and wbits in (0, 8)):
        return _ZLIB
    if -15 <= wbits <= -9 or (decompressing and wbits == -8):
        return _RAW
    if 25 <= wbits <= 31 or (decompressing and wbits == 24):
        return _GZIP
    if decompressing and 40 <= wbits <= 47:
        return _AUTO
    return None


def _level(level):
    if level == -1:
        return 6
    if not 0 <= level <= 9:
        raise error("Bad compression level")
    return level


def compress(data, /, level=Z_DEFAULT_COMPRESSION, wbits=MAX_WBITS):
    data = _binary(data)
    kind = _container(wbits, False)
    if kind is None:
        raise error("Bad compression level")
    return _ripybin.deflate(data, _level(level), kind)


def _auto(data, kind):
    if kind == _AUTO:
        return _GZIP if bytes(data[:2]) == b"\x1f\x8b" else _ZLIB
    return kind


def decompress(data, /, wbits=MAX_WBITS, bufsize=DEF_BUF_SIZE):
    data = _binary(data)
    kind = _container(wbits, True)
    if kind is None:
        raise error("Error -2 while preparing to decompress data: inconsistent stream state")
    if bufsize < 0:
        raise ValueError("bufsize must be non-negative")
    result = _ripybin.inflate(data, _auto(data, kind))
    if isinstance(result, str):
        raise error("Error -3 while decompressing data: " + result)
    if not result[2]:
        raise error("Error -5 while decompressing data: incomplete or truncated stream")
    return result[0]


def crc32(data, value=0, /):
    return _ripybin.crc32(_binary(data), value & 0xFFFFFFFF)


def adler32(data, value=1, /):
    return _ripybin.adler32(_binary(data), value & 0xFFFFFFFF)


class Compress:
    """A compression stream (made by `compressobj`)."""

    def __init__(self, level, wbits):
        self._gzip = _container(wbits, False) == _GZIP
        self._stream = _ripybin.stream_new(self, False, not self._gzip and wbits > 0, level)
        self._finished = False
        if self._gzip:
            self._crc = 0
            self._size = 0
            self._header = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03"

    def _run(self, data, mode):
        if self._finished:
            raise error("Error -2 while compressing data: inconsistent stream state")
        out = _ripybin.stream_compress(self._stream, data, mode)
        if isinstance(out, str):
            raise error("Error -2 while compressing data: " + out)
        if self._gzip:
            self._crc = _ripybin.crc32(data, self._crc)
            self._size += len(data)
            out = self._header + out
            self._header = b""
            if mode == Z_FINISH:
                out += (self._crc.to_bytes(4, "little") + (self._size & 0xFFFFFFFF).to_bytes(4, "little"))
        if mode == Z_FINISH:
            self._finished = True
        return out

    def compress(self, data, /):
        return self._run(_binary(data), Z_NO_FLUSH)

    def flush(self, mode=Z_FINISH, /):
        if mode == Z_NO_FLUSH:
            return b""
        return self._run(b"", mode)


def compressobj(level=Z_DEFAULT_COMPRESSION, method=DEFLATED, wbits=MAX_WBITS, memLevel=DEF_MEM_LEVEL,
                strategy=Z_DEFAULT_STRATEGY, zdict=None):
    if method != DEFLATED or _container(wbits, False) is None or not 1 <= memLevel <= 9:
        raise ValueError("Invalid initialization option")
    if zdict is not None:
        raise ValueError("ripy's zlib does not support preset dictionaries")
    return Compress(_level(level), wbits)


class Decompress:
    """A decompression stream (made by `decompressobj`)."""

    def __init__(self, kind):
        self._kind = kind
        self._stream = None
        self._header = b""
        self._trailer = b""
        self.unused_data = b""
        self.unconsumed_tail = b""
        self.eof = False

    def _start(self, data):
        """Consume the container's header from `data`; the rest, or None when more is needed."""
        self._kind = _auto(data, self._kind)
        if self._kind != _GZIP:
            self._stream = _ripybin.stream_new(self, True, self._kind == _ZLIB, 0)
            return data
        self._header += data
        n = _ripybin.gzip_header_len(self._header)
        if isinstance(n, str):
            raise error("Error -3 while decompressing data: " + n)
        if n is None:
            return None
        self._stream = _ripybin.stream_new(self, True, False, 0)
        rest = self._header[n:]
        self._header = b""
        return rest

    def decompress(self, data, /, max_length=0):
        data = bytes(_binary(data))
        if max_length < 0:
            raise ValueError("max_length must be non-negative")
        if self.eof:
            if self._kind == _GZIP and len(self._trailer) < 8:
                need = 8 - len(self._trailer)
                self._trailer += data[:need]
                data = data[need:]
            self.unused_data += data
            return b""
        if self._stream is None:
            data = self._start(data)
            if data is None:
                return b""
        result = _ripybin.stream_decompress(self._stream, data, max_length)
        if isinstance(result, str):
            raise error("Error -3 while decompressing data: " + result)
        out, used, self.eof = result
        rest = data[used:]
        if self.eof:
            if self._kind == _GZIP:
                self._trailer = rest[:8]
                rest = rest[8:]
            self.unused_data += rest
            self.unconsumed_tail = b""
        else:
            self.unconsumed_tail = rest
        return out

    def flush(self, length=DEF_BUF_SIZE, /):
        if length <= 0:
            raise ValueError("length must be greater than zero")
        tail, self.unconsumed_tail = self.unconsumed_tail, b""
        return self.decompress(tail) if tail else b""


def decompressobj(wbits=MAX_WBITS, zdict=b""):
    kind = _container(wbits, True)
    if kind is None:
        raise ValueError("Invalid initialization option")
    return Decompress(kind)
