"""ripy's marshal: CPython's marshal format (version 4) for the values it can hold except code
objects. `loads` reads what CPython writes, references (FLAG_REF) included; `dumps` writes
no references, so its bytes can differ from CPython's where CPython shares objects, while
`loads` of either gives equal values."""

version = 4

_FLAG_REF = 0x80
_SIMPLE = {b"0": None, b"N": None, b"F": False, b"T": True, b"S": StopIteration, b".": Ellipsis}


def _int32(n):
    return n.to_bytes(4, "little", signed=True)


class _Writer:
    def __init__(self):
        self.out = bytearray()

    def put(self, code, data=b""):
        self.out += code
        self.out += data

    def size(self, n):
        self.out += _int32(n)

    def value(self, v):
        t = type(v)
        if v is None:
            self.put(b"N")
        elif v is True:
            self.put(b"T")
        elif v is False:
            self.put(b"F")
        elif v is StopIteration:
            self.put(b"S")
        elif v is Ellipsis:
            self.put(b".")
        elif t is int:
            self.integer(v)
        elif t is float:
            self.put(b"g", _float_bytes(v))
        elif t is complex:
            self.put(b"y", _float_bytes(v.real) + _float_bytes(v.imag))
        elif t is str:
            self.text(v)
        elif t in (bytes, bytearray, memoryview):
            data = bytes(v)
            self.put(b"s")
            self.size(len(data))
            self.out += data
        elif t is tuple:
            if len(v) < 256:
                self.put(b")", bytes([len(v)]))
            else:
                self.put(b"(")
                self.size(len(v))
            for item in v:
                self.value(item)
        elif t is list:
            self.sequence(b"[", v)
        elif t is set:
            self.sequence(b"<", v)
        elif t is frozenset:
            self.sequence(b">", v)
        elif t is dict:
            self.put(b"{")
            for key, item in v.items():
                self.value(key)
                self.value(item)
            self.put(b"0")
        else:
            raise ValueError("unmarshallable object")

    def sequence(self, code, items):
        self.put(code)
        self.size(len(items))
        for item in items:
            self.value(item)

    def integer(self, n):
        if -(2**31) <= n < 2**31:
            self.put(b"i", _int32(n))
            return
        digits = []
        m = abs(n)
        while m:
            digits.append(m & 0x7FFF)
            m >>= 15
        self.put(b"l")
        self.size(len(digits) if n > 0 else -len(digits))
        for d in digits:
            self.out += d.to_bytes(2, "little")

    def text(self, s):
        if s.isascii():
            data = s.encode("ascii")
            if len(data) < 256:
                self.put(b"z", bytes([len(data)]) + data)
                return
            self.put(b"a")
        else:
            data = s.encode("utf-8", "surrogatepass")
            self.put(b"u")
        self.size(len(data))
        self.out += data


def _float_bytes(x):
    import _struct

    return _struct.pack("<d", x)


class _Reader:
    def __init__(self, data):
        self.data = bytes(data)
        self.pos = 0
        self.refs = []

    def take(self, n):
        if self.pos + n > len(self.data):
            raise EOFError("marshal data too short")
        chunk = self.data[self.pos : self.pos + n]
        self.pos += n
        return chunk

    def int32(self):
        return int.from_bytes(self.take(4), "little", signed=True)

    def value(self):
        code = self.take(1)[0]
        flagged = code & _FLAG_REF
        code = bytes([code & ~_FLAG_REF])
        if code in _SIMPLE:
            return _SIMPLE[code]
        if code == b"r":
            index = self.int32()
            if not 0 <= index < len(self.refs):
                raise ValueError("bad marshal data (invalid reference)")
            return self.refs[index]
        slot = None
        if flagged:
            slot = len(self.refs)
            self.refs.append(None)
        v = self.build(code)
        if slot is not None:
            self.refs[slot] = v
        return v

    def build(self, code):
        if code == b"i":
            return self.int32()
        if code == b"l":
            n = self.int32()
            value = 0
            for i in range(abs(n)):
                value |= int.from_bytes(self.take(2), "little") << (15 * i)
            return -value if n < 0 else value
        if code == b"g":
            return self.float64()
        if code == b"y":
            real = self.float64()
            return complex(real, self.float64())
        if code in (b"z", b"Z"):
            return self.take(self.take(1)[0]).decode("ascii")
        if code in (b"a", b"A"):
            return self.take(self.int32()).decode("ascii")
        if code in (b"u", b"t"):
            return self.take(self.int32()).decode("utf-8", "surrogatepass")
        if code == b"s":
            return self.take(self.int32())
        if code == b")":
            return tuple(self.value() for _ in range(self.take(1)[0]))
        if code == b"(":
            return tuple(self.value() for _ in range(self.int32()))
        if code == b"[":
            return [self.value() for _ in range(self.int32())]
        if code == b"<":
            return {self.value() for _ in range(self.int32())}
        if code == b">":
            return frozenset(self.value() for _ in range(self.int32()))
        if code == b"{":
            result = {}
            while True:
                if self.data[self.pos : self.pos + 1] == b"0":
                    self.pos += 1
                    return result
                key = self.value()
                result[key] = self.value()
        if code == b"c":
            raise ValueError("bad marshal data (code objects are not supported by ripy)")
        raise ValueError("bad marshal data (unknown type code)")

    def float64(self):
        import _struct

        return _struct.unpack("<d", self.take(8))[0]


def dumps(value, version=version, /):
    writer = _Writer()
    writer.value(value)
    return bytes(writer.out)


def loads(bytes, /):
    return _Reader(memoryview(bytes).tobytes()).value()


def dump(value, file, version=version, /):
    file.write(dumps(value, version))


def load(file, /):
    reader = _Reader(file.read())
    value = reader.value()
    return value
