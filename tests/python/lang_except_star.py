# except* : matching parts of exception groups, naked exceptions, re-raising, errors
def run(label, body):
    try:
        body()
    except BaseException as e:
        print(label, "escaped:", type(e).__name__, repr(e))
    else:
        print(label, "completed")

def two_errors():
    raise ExceptionGroup("two", [ValueError("a"), TypeError("b")])

def handle_both():
    try:
        two_errors()
    except* ValueError as eg:
        print("ValueError part:", repr(eg))
    except* TypeError as eg:
        print("TypeError part:", repr(eg))
run("both", handle_both)

def handle_one():
    try:
        two_errors()
    except* ValueError as eg:
        print("only values:", repr(eg.exceptions))
run("one", handle_one)

def naked():
    try:
        raise KeyError("naked")
    except* KeyError as eg:
        print("naked wrapped:", type(eg).__name__, repr(eg), repr(eg.exceptions[0]))
run("naked", naked)

def naked_unmatched():
    try:
        raise KeyError("naked")
    except* ValueError:
        print("not here")
run("naked unmatched", naked_unmatched)

def raise_in_handler():
    try:
        two_errors()
    except* ValueError:
        raise RuntimeError("handler failed")
run("raise in handler", raise_in_handler)

def reraise_in_handler():
    try:
        two_errors()
    except* ValueError:
        raise
run("reraise", reraise_in_handler)

def nested_groups():
    try:
        raise ExceptionGroup("outer", [
            ExceptionGroup("inner", [ValueError(1), OSError(2)]),
            ValueError(3),
        ])
    except* ValueError as eg:
        print("values:", repr(eg))
    except* OSError as eg:
        print("oserrors:", repr(eg))
run("nested", nested_groups)

def tuple_clause():
    try:
        two_errors()
    except* (ValueError, TypeError) as eg:
        print("tuple clause got", len(eg.exceptions))
run("tuple", tuple_clause)

def with_else_finally():
    try:
        pass
    except* ValueError:
        print("no")
    else:
        print("else ran")
    finally:
        print("finally ran")
run("else/finally", with_else_finally)

def finally_after_star():
    try:
        try:
            two_errors()
        except* ValueError:
            print("handled values")
        finally:
            print("finally with pending TypeError")
    except ExceptionGroup as eg:
        print("outer caught", repr(eg))
run("finally", finally_after_star)

def bad_types():
    for cls in (ExceptionGroup, int, (ValueError, BaseExceptionGroup)):
        try:
            try:
                raise ValueError("x")
            except* cls:
                pass
        except TypeError as e:
            print(type(e).__name__, e)
run("bad types", bad_types)

def context_inside():
    try:
        two_errors()
    except* TypeError as eg:
        try:
            raise ZeroDivisionError("inside")
        except ZeroDivisionError as z:
            print("context of inner:", type(z.__context__).__name__, repr(z.__context__))
run("context", context_inside)

def base_group():
    try:
        raise BaseExceptionGroup("base", [KeyboardInterrupt(), ValueError("v")])
    except* KeyboardInterrupt:
        print("caught KeyboardInterrupt part")
run("base group", base_group)
