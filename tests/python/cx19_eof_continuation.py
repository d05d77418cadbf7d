# A line continuation (backslash) at the very end of the input is "unexpected EOF while
# parsing"; one followed by another character is the continuation error.
sources = ["x = 5\\", "\\", "x = 5\\ \n", '"\\xhh" \\', "y = 6\\ z", "if x:\\"]
for src in sources:
    for mode in ("exec",):
        try:
            compile(src, "<string>", mode)
            print(repr(src), mode, "compiles")
        except SyntaxError as e:
            print(repr(src), mode, e.msg, e.lineno, e.offset)
try:
    exec("x = 5\\")
except SyntaxError as e:
    print(str(e))
