# try/except/else/finally, raise from, custom exceptions, with.
def div(a, b):
    try:
        r = a / b
    except ZeroDivisionError as e:
        print("error:", e)
        return None
    else:
        print("ok")
        return r
    finally:
        print("finally")
print(div(1, 2), div(1, 0))
class MyError(Exception):
    pass
class Detailed(MyError):
    def __init__(self, code):
        super().__init__(f"code {code}")
        self.code = code
try:
    raise Detailed(42)
except MyError as e:
    print(type(e).__name__, e, e.code, e.args)
try:
    try:
        {}["missing"]
    except KeyError as e:
        raise ValueError("converted") from e
except ValueError as e:
    print(e, repr(e.__cause__))
try:
    [][1]
except (KeyError, IndexError) as e:
    print("caught", type(e).__name__, e)
def nested():
    try:
        raise RuntimeError("inner")
    finally:
        print("cleanup")
try:
    nested()
except RuntimeError as e:
    print("outer got", e)
for i in range(3):
    try:
        if i == 1:
            continue
        print("body", i)
    finally:
        print("fin", i)
class Ctx:
    def __enter__(self):
        print("enter")
        return self
    def __exit__(self, t, v, tb):
        print("exit", t.__name__ if t else None, v)
        return True
with Ctx() as c:
    print("inside", type(c).__name__)
with Ctx():
    raise KeyError("swallowed")
print("after with")
try:
    raise TypeError
except Exception as e:
    print(repr(e), str(e) == "")
errors = [lambda: 1 + "a", lambda: None.x, lambda: undefined_name, lambda: int("x"),
          lambda: [1][5], lambda: {}[0], lambda: 1 / 0, lambda: "a" * "b", lambda: len(5),
          lambda: (1).foo, lambda: 1 < "a", lambda: 2 ** 0.5 + [], lambda: float("z"), lambda: [].pop(),
          lambda: iter(5), lambda: next(iter([])), lambda: int(None), lambda: {}.x]
for f in errors:
    try:
        f()
    except Exception as e:
        print(type(e).__name__ + ":", e)
try:
    assert 1 == 2, "math is broken"
except AssertionError as e:
    print("AssertionError:", e)
def reraiser():
    try:
        raise ValueError("first")
    except ValueError:
        raise
try:
    reraiser()
except ValueError as e:
    print("reraised", e)
try:
    try:
        raise KeyError("k")
    except KeyError:
        raise IndexError("during")
except IndexError as e:
    print(type(e.__context__).__name__, e.__context__)
