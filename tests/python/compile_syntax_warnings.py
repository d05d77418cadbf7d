"""The SyntaxWarnings of the compiler (is with a literal, missed commas, assert of a tuple),
and the SyntaxError each becomes under the "error" filter."""
import warnings, sys
def check(src):
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter('always')
        try:
            compile(src, "<t>", "exec")
        except SyntaxError as e:
            print("SE", e)
    for x in w:
        print(src.replace("\n", "|"), "->", x.category.__name__, x.message, x.lineno)
    with warnings.catch_warnings():
        warnings.simplefilter('error')
        try:
            compile(src, "<t>", "exec")
        except SyntaxError as e:
            print("  as error:", e.msg, e.lineno, e.offset)
for s in ["x is 1", "x is not 'a'", "1 is x", "x is None", "x is -1", "x is (1,2)", "x is ()", "if x is 1: pass",
          "if 1 < x is 2: pass", "[(1,2) (3,4)]", "f'x'()", "None()", "True()", "...()", "[1][0]()", "x = {1}[0]",
          "5[0]", "x = [1,2]['a']", "'abc'[1.5]", "(1,2)[x]", "[1,2][:1]", "assert (x, 'msg')", "assert ()",
          "(lambda: 1)[0]", "{1:2}()", "(x for x in y)()", "1.5[0]", "'%s'('a')", "b'x'['a']", "x[1]['a']"]:
    check(s)

# Numbers followed by a keyword without a space warn; other letters are errors.
for src in ["0xfor x in ()", "[1if x else y]", "1jif x else y", "0xfand x", "9spam", "0b12", "0o8", "print foo", "print {1:(foo.)}"]:
    check(src)

# A module without annotations gets an empty __annotations__ dict, kept.
import types
m = types.ModuleType("m")
print(m.__annotations__, "__annotations__" in m.__dict__, m.__annotations__ is m.__annotations__)

# Errors of the parser with CPython's messages and locations.
for src in ["try: pass\nexcept ValueError: pass\nexcept* TypeError: pass",
            "try: pass\nexcept* ValueError: pass\nexcept TypeError: pass",
            'print\x17("Hello")']:
    try:
        compile(src, "<s>", "exec")
    except SyntaxError as e:
        print(repr(e.msg), e.lineno, e.offset, e.end_lineno, e.end_offset)
