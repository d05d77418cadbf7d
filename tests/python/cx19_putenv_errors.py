# os.putenv/os.unsetenv with names the C library refuses raise CPython's errors (not a crash).
import os

for key, value in [("FRUIT=ORANGE", "lemon"), ("", "x"), ("A\0B", "x"), ("CX19_A", "x\0y"), (b"B=C", b"x")]:
    try:
        os.putenv(key, value)
        print("ok")
    except (ValueError, OSError) as e:
        print(type(e).__name__, e)
for key in ["A=B", "", "A\0B", b"X=Y"]:
    try:
        os.unsetenv(key)
        print("ok")
    except (ValueError, OSError) as e:
        print(type(e).__name__, e)
os.putenv("CX19_VAR", "value")
os.unsetenv("CX19_VAR")
os.environ["CX19_OTHER"] = "1"
print(os.environ.get("CX19_OTHER"))
try:
    os.environ["BAD=NAME"] = "1"
except ValueError as e:
    print("ValueError", e)
print("BAD=NAME" in os.environ)
del os.environ["CX19_OTHER"]
print("CX19_OTHER" in os.environ)
