"""The hash objects of ripy's hashing modules (`_md5`, `_sha1`, `_sha256`, `_sha512`, `_sha3`,
`_blake2`): this source is the start of each of those modules, whose own part names the
algorithms. An object keeps the bytes fed to it and `_ripybin.digest` hashes them on demand."""

import _ripybin


def _buffer(data):
    if isinstance(data, str):
        raise TypeError("Strings must be encoded before hashing")
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise TypeError("object supporting the buffer API required")
    return data


class _Hash:
    """A hash object of a fixed-size algorithm: `name`, `digest_size` and `block_size` are
    set by `_hash_type`."""

    def __init__(self, data=b""):
        self._data = bytearray()
        if data is not None:
            self.update(data)

    def update(self, data, /):
        self._data += _buffer(data)

    def digest(self):
        return _ripybin.digest(self.name, self._data, self.digest_size)

    def hexdigest(self):
        return self.digest().hex()

    def copy(self):
        other = object.__new__(type(self))
        other.__dict__.update(self.__dict__)
        other._data = bytearray(self._data)
        return other

    def __repr__(self):
        return "<%s %s object>" % (self.name, type(self).__name__)


class _Shake(_Hash):
    """A hash object of an extendable-output algorithm: digests take their length."""

    digest_size = 0

    def _length(self, method, args):
        if len(args) != 1:
            raise TypeError("%s.%s() takes exactly one argument (%d given)" % (self.name, method, len(args)))
        if args[0] < 0:
            raise ValueError("value must be positive")
        return args[0]

    def digest(self, *length):
        return _ripybin.digest(self.name, self._data, self._length("digest", length))

    def hexdigest(self, *length):
        return _ripybin.digest(self.name, self._data, self._length("hexdigest", length)).hex()


def _hash_type(name, digest_size, block_size, base=_Hash):
    return type(name, (base,), {"name": name, "digest_size": digest_size, "block_size": block_size,
                                "__module__": __name__})
