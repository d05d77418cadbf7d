# BytesIO.readinto/readinto1, escape-decoding of out-of-range \U escapes, pickling the builtin
# codec functions, and the error-handler check of -X dev mode (in a child interpreter).
import _codecs
import codecs
import io
import pickle
import subprocess
import sys

b = bytearray(5)
print(io.BytesIO(b"abc").readinto(b), b)
m = memoryview(bytearray(4))
print(io.BytesIO(b"xyzwv").readinto1(m), m.tobytes())
for target in (memoryview(b"ab"), b"ab"):
    try:
        io.BytesIO(b"ZZ").readinto(target)
    except TypeError as e:
        print("TypeError", e)
for data, encoding in ((rb"ab\U11111111", "raw-unicode-escape"), (rb"ab\U11111111", "unicode-escape"),
                       (rb"\U0010ffff", "unicode-escape"), (rb"\U00010000", "raw-unicode-escape")):
    try:
        print(ascii(data.decode(encoding)))
    except UnicodeDecodeError as e:
        print(repr(e), e.start, e.end)
for proto in range(pickle.HIGHEST_PROTOCOL + 1):
    print(pickle.loads(pickle.dumps(codecs.encode, proto)) is _codecs.encode,
          pickle.loads(pickle.dumps(b"\xff\x00", proto)))
code = """
import sys
bad = "Boom!"
results = []
for call in (lambda: str(b"", errors=bad), lambda: str(b"x", "ascii", bad), lambda: b"".decode(errors=bad),
             lambda: "".encode(errors=bad), lambda: "x".encode("latin1", bad), lambda: bytes("", "utf8", bad),
             lambda: "x".encode("utf8", "strict"), lambda: b"x".decode("utf8", "ignore")):
    try:
        results.append(repr(call()))
    except LookupError as e:
        results.append("LookupError: %s" % e)
print(sys.flags.dev_mode, results)
"""
for options in ([], ["-X", "dev"]):
    out = subprocess.run([sys.executable, *options, "-c", code], capture_output=True, text=True)
    print(out.returncode, out.stdout.strip())
