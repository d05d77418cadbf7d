"""The Python part of _struct: the error class, Struct, and iter_unpack (over the native
pack, unpack, unpack_from, pack_into and calcsize)."""


class error(Exception):
    pass


error.__module__ = "struct"


class _unpack_iterator:
    def __init__(self, fmt, buffer):
        size = calcsize(fmt)
        if size == 0:
            raise error("cannot iteratively unpack with a struct of length 0")
        data = bytes(buffer)
        if len(data) % size:
            raise error("iterative unpacking requires a buffer of a multiple of %d bytes" % size)
        self._fmt = fmt
        self._data = data
        self._size = size
        self._offset = 0

    def __iter__(self):
        return self

    def __next__(self):
        if self._offset >= len(self._data):
            raise StopIteration
        result = unpack_from(self._fmt, self._data, self._offset)
        self._offset += self._size
        return result

    def __length_hint__(self):
        return (len(self._data) - self._offset) // self._size


def iter_unpack(fmt, buffer):
    return _unpack_iterator(fmt, buffer)


class Struct:
    """Struct(fmt) --> compiled struct object"""

    def __init__(self, format):
        self.size = calcsize(format)
        self.format = format if isinstance(format, str) else format.decode("ascii")

    def pack(self, *values):
        return pack(self.format, *values)

    def pack_into(self, buffer, offset, *values):
        return pack_into(self.format, buffer, offset, *values)

    def unpack(self, buffer):
        return unpack(self.format, buffer)

    def unpack_from(self, buffer, offset=0):
        return unpack_from(self.format, buffer, offset)

    def iter_unpack(self, buffer):
        return _unpack_iterator(self.format, buffer)


Struct.__module__ = "_struct"
