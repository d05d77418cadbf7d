# SyntaxError messages and ranges: invalid digits after an underscore in binary/octal
# literals, keyword arguments named by expressions, unparenthesized generator arguments.

cases = [
    "0b1_2", "0b12", "0b2", "0b1_", "0o1_8", "0o18", "0o1_", "0x1_", "0b1_a",
    "f(a or b=1)", "f(x.y=1)", "f(x()=2)", "f((x)=2)", "f(True=1)", "f(False=1)", "f(None=1)",
    "print(end1 + end2 = ' ')", "f(a, b.c = 3, d=4)",
    "foo(x,    y for y in range(3) for z in range(2) if z    , p)",
    "f(x for x in L, 1)", "f(1, x for x in L)",
]
for source in cases:
    try:
        compile(source, "<case>", "exec")
    except SyntaxError as e:
        print(repr(source), e.msg, e.lineno, e.offset, e.end_lineno, e.end_offset)
    else:
        print(repr(source), "compiled")
