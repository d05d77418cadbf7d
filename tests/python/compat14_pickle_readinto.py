# Pickling what refers to a builtin function by name (bytes and bytearray pickle through
# codecs.encode below protocol 3), in every protocol (5 reads into buffers: BytesIO.readinto),
# and the exceptions that carry such objects.
import codecs
import io
import pickle

values = [b"\xff\x00abc", bytearray(b"\xff"), codecs.encode, len,
          UnicodeDecodeError("ascii", bytearray(b"\xff"), 0, 1, "ordinal not in range"),
          UnicodeEncodeError("ascii", "\u20ac", 0, 1, "ordinal not in range"),
          UnicodeTranslateError("\u20ac", 0, 1, "no"), SyntaxError("m", ("f.py", 1, 2, "t"))]
for protocol in range(pickle.HIGHEST_PROTOCOL + 1):
    for value in values:
        copy = pickle.loads(pickle.dumps(value, protocol))
        if isinstance(value, BaseException):
            print(protocol, type(copy).__name__, copy.args, str(copy) == str(value))
        elif callable(value):
            print(protocol, copy is value)
        else:
            print(protocol, copy == value, type(copy).__name__)

stream = io.BytesIO(b"hello world")
target = bytearray(4)
print(stream.readinto(target), target)
print(stream.readinto1(memoryview(target)[1:]), target)
print(stream.readinto(target), target, stream.read())
print(stream.readinto(bytearray(3)))
