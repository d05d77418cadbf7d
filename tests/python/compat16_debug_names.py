# `__debug__` as an attribute store target, a keyword argument or a parameter name is a
# SyntaxError of the compiler.
cases = [
    "obj.__debug__ = 1", "f(__debug__=1)", "f(a, b=2, __debug__=1)", "class C(__debug__=1): pass",
    "def f(__debug__): pass", "def f(*__debug__): pass", "def f(**__debug__): pass",
    "def f(*xx, __debug__): pass", "def f(*, x=lambda __debug__:0): pass", "lambda __debug__: 0",
    "x = lambda a, /, __debug__: 0", "obj.__debug__ += 1", "del obj.__debug__", "print(obj.__debug__)",
    "@d\ndef f(__debug__): pass",
]
for source in cases:
    try:
        compile(source, "<case>", "exec")
    except SyntaxError as e:
        print(repr(source), e.msg, e.lineno, e.offset, e.end_lineno, e.end_offset)
    else:
        print(repr(source), "compiled")
