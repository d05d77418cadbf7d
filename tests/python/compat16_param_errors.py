# SyntaxErrors of misplaced '/' and '*' in parameter lists (functions and lambdas).
cases = [
    "def foo(/,a,b=,c):\n pass", "def foo(a,/,/,b,c):\n pass", "def foo(a,/,a1,/,b,c):\n pass",
    "def foo(a=1,/,/,*b,/,c):\n pass", "def foo(a,*b,c,/,d,e):\n pass", "def foo(a,*b,*c):\n pass",
    "def foo(a,*,*c):\n pass", "def foo(a,*,/,b):\n pass", "def f(a, *b, *, c): pass",
    "def f(a, *, b, *, c): pass", "lambda /,a,b,c: None", "lambda a,/,/,b,c: None",
    "lambda a,*b,*c: None", "lambda a,*,/,b: None", "def f(a, /, b, *, c): pass",
]
for source in cases:
    try:
        compile(source, "<case>", "exec")
    except SyntaxError as e:
        print(repr(source), e.msg, e.lineno, e.offset, e.end_lineno, e.end_offset)
    else:
        print(repr(source), "compiled")
