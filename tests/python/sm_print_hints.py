for src in ['print "Hello"', 'print  "Hello World", ', 'if 1:\n    print "Hello World"\n', 'print p;', 'for i in s: print i', 'x = 1; print x', 'exec "x"', 'foo x', 'print -1', 'print (1) 2', 'if x: exec y']:
    try:
        compile(src, "<s>", "exec")
        print("ok", repr(src))
    except SyntaxError as e:
        print(repr(src), e.msg, e.lineno, e.offset)
import sys
class Stream:
    def write(self, s): pass
class R:
    def __rrshift__(self, o): return NotImplemented
for a, b in [(print, Stream()), (print, 42), (print, R()), (max, 42), (print, 'x')]:
    try:
        a >> b
    except TypeError as e:
        print(e)
x = print
try:
    x >>= 42
except TypeError as e:
    print(e)
try:
    print << 42
except TypeError as e:
    print(e)
