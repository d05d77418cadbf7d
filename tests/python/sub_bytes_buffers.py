"""Instances of bytes and bytearray subclasses are bytes-like wherever a buffer is accepted."""


class B(bytes):
    def __repr__(self):
        return "B(" + bytes.__repr__(self) + ")"


class BA(bytearray):
    pass


class I(int):
    pass


def show(label, f):
    try:
        print(label, repr(f()))
    except Exception as e:
        print(label, type(e).__name__, e)


b, ba = B(b"ab"), BA(b"cd")
show("join", lambda: b"-".join([b, b"x", ba, memoryview(b"m")]))
show("bytearray join", lambda: bytearray(b",").join([b, ba]))
show("join type", lambda: type(b"".join([b])).__name__)
show("join int", lambda: b"".join([b, 1]))
show("join int subclass", lambda: b"".join([I(3)]))
show("join str", lambda: b"".join(["s"]))
show("concat", lambda: b"x" + b)
show("concat ba", lambda: b"x" + ba)
show("bytes()", lambda: bytes(b))
show("bytearray()", lambda: bytearray(ba))
show("startswith", lambda: b"abc".startswith(b))
show("endswith tuple", lambda: b"xcd".endswith((b, ba)))
show("find", lambda: b"zzab".find(b))
show("in", lambda: b in b"xaby")
show("replace", lambda: b"abab".replace(b, ba))
show("split", lambda: b"1ab2ab3".split(b))
show("memoryview", lambda: memoryview(b).tobytes())
show("eq", lambda: b == b"ab")
show("hash eq", lambda: hash(b) == hash(b"ab"))
show("decode", lambda: b.decode())
show("int.from_bytes", lambda: int.from_bytes(B(b"\x01\x00"), "little"))
show("str(b)", lambda: str(bytes(b)))
show("memoryview obj", lambda: memoryview(b).obj)
show("memoryview ba", lambda: memoryview(ba)[0])
m = memoryview(ba)
m[0] = 0x7a
show("memoryview write through", lambda: ba)
