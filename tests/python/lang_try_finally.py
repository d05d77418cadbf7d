# try/finally with return, break and continue; with statements and context managers
def return_in_finally():
    try:
        return "try"
    finally:
        return "finally"
print(return_in_finally())

def finally_overrides_exception():
    try:
        raise ValueError("lost")
    finally:
        return "swallowed"
print(finally_overrides_exception())

def finally_runs_on_return(log):
    try:
        log.append("body")
        return len(log)
    finally:
        log.append("finally")
log = []
print(finally_runs_on_return(log), log)

def break_in_finally():
    for i in range(5):
        try:
            if i == 2:
                raise KeyError(i)
        finally:
            if i == 2:
                break
    return i
print(break_in_finally())

def continue_in_try():
    out = []
    for i in range(4):
        try:
            if i % 2:
                continue
            out.append(i)
        finally:
            out.append(f"f{i}")
    return out
print(continue_in_try())

def nested_finally():
    out = []
    try:
        try:
            out.append("inner try")
            return out
        finally:
            out.append("inner finally")
    finally:
        out.append("outer finally")
print(nested_finally())

def except_else_finally(x):
    out = []
    try:
        out.append("try")
        if x:
            raise ValueError(x)
    except ValueError as e:
        out.append(f"except {e}")
    else:
        out.append("else")
    finally:
        out.append("finally")
    return out
print(except_else_finally(0), except_else_finally(1))

def while_with_finally():
    n = 0
    while True:
        try:
            n += 1
            if n == 3:
                return n
        finally:
            if n < 3:
                continue
print(while_with_finally())

# context managers
class CM:
    def __init__(self, name, suppress=False):
        self.name = name
        self.suppress = suppress
    def __enter__(self):
        print("enter", self.name)
        return self.name.upper()
    def __exit__(self, exc_type, exc, tb):
        print("exit", self.name, exc_type.__name__ if exc_type else None, repr(exc), tb is not None)
        return self.suppress

with CM("a") as a, CM("b") as b:
    print("body", a, b)

with CM("outer", suppress=True):
    with CM("inner"):
        raise ValueError("from inner")
print("after suppression")

try:
    with CM("nosuppress"):
        raise KeyError("k")
except KeyError as e:
    print("propagated", repr(e))

def return_from_with():
    with CM("ret"):
        return "returned"
print(return_from_with())

for i in range(3):
    with CM(f"loop{i}"):
        if i == 1:
            continue
        if i == 2:
            break

# an __exit__ that raises replaces the exception
class Raiser:
    def __enter__(self):
        return self
    def __exit__(self, *args):
        raise RuntimeError("exit failed")
try:
    with Raiser():
        raise ValueError("original")
except RuntimeError as e:
    print(type(e).__name__, e, "context:", repr(e.__context__))

# __enter__ raising: __exit__ not called
class BadEnter:
    def __enter__(self):
        raise OSError("enter failed")
    def __exit__(self, *args):
        print("never")
try:
    with BadEnter():
        print("never")
except OSError as e:
    print(type(e).__name__, e)

# objects without the protocol
for obj in [5, object()]:
    try:
        with obj:
            pass
    except TypeError as e:
        print(type(e).__name__, e)
class OnlyEnter:
    def __enter__(self):
        return 1
try:
    with OnlyEnter():
        pass
except TypeError as e:
    print(type(e).__name__, e)

# a generator-based context manager pattern written by hand
class Managed:
    def __init__(self, gen):
        self.gen = gen
    def __enter__(self):
        return next(self.gen)
    def __exit__(self, typ, val, tb):
        if typ is None:
            try:
                next(self.gen)
            except StopIteration:
                return False
        try:
            self.gen.throw(val)
        except StopIteration:
            return True
        except BaseException as e:
            if e is val:
                return False
            raise
def resource():
    print("setup")
    try:
        yield "resource"
    except ZeroDivisionError:
        print("handled inside generator")
    finally:
        print("teardown")
with Managed(resource()) as r:
    print("using", r)
with Managed(resource()) as r:
    1 / 0
print("done")
