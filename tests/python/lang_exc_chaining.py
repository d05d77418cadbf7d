# exception chaining: __cause__, __context__, __suppress_context__, __traceback__, raise from
def show(e):
    print(type(e).__name__, repr(e), "| cause:", repr(e.__cause__), "| context:", repr(e.__context__),
          "| suppress:", e.__suppress_context__)

try:
    try:
        1 / 0
    except ZeroDivisionError:
        raise ValueError("during handling")
except ValueError as e:
    show(e)

try:
    try:
        {}["missing"]
    except KeyError as k:
        raise TypeError("converted") from k
except TypeError as e:
    show(e)

try:
    try:
        raise OSError("inner")
    except OSError:
        raise RuntimeError("no context") from None
except RuntimeError as e:
    show(e)

# raise from an exception class
try:
    raise ValueError("v") from KeyError
except ValueError as e:
    show(e)

# invalid cause
try:
    raise ValueError("v") from 5
except TypeError as e:
    show(e)

# raise a non-exception
for bad in [5, "text", int]:
    try:
        raise bad
    except TypeError as e:
        print(type(e).__name__, e)

# bare raise re-raises the handled exception; outside handlers it is an error
def reraise():
    try:
        raise KeyError("again")
    except KeyError:
        raise
try:
    reraise()
except KeyError as e:
    show(e)
try:
    raise
except RuntimeError as e:
    show(e)

# context is the exception being handled, even through function calls
def fails():
    raise IndexError("from function")
try:
    try:
        raise ValueError("outer")
    except ValueError:
        fails()
except IndexError as e:
    show(e)

# context is not set to itself; exceptions in finally get the pending one as context
try:
    try:
        raise ValueError("pending")
    finally:
        try:
            raise KeyError("in finally")
        except KeyError as e:
            show(e)
except ValueError as e:
    show(e)

# __traceback__ exists and is chained through frames
def level2():
    raise ValueError("deep")
def level1():
    level2()
try:
    level1()
except ValueError as e:
    tb = e.__traceback__
    depth = 0
    names = []
    while tb is not None:
        names.append(tb.tb_frame.f_code.co_name)
        tb = tb.tb_next
    print(names, type(e.__traceback__).__name__)

# with_traceback
e = ValueError("x")
print(e.with_traceback(None) is e, e.__traceback__)

# setting __cause__ sets __suppress_context__
e = ValueError("manual")
e.__cause__ = KeyError("k")
print(e.__suppress_context__, repr(e.__cause__))
e.__suppress_context__ = False
print(e.__suppress_context__)
try:
    e.__cause__ = 5
except TypeError as err:
    print(type(err).__name__, err)

# the handled exception is restored after the except block
try:
    raise KeyError("first")
except KeyError:
    try:
        raise ValueError("second")
    except ValueError:
        pass
    try:
        raise TypeError("third")
    except TypeError as t:
        show(t)

# exception variables are deleted after the handler
try:
    raise ValueError("v")
except ValueError as gone:
    pass
try:
    gone
except NameError as e:
    print(type(e).__name__, e)
