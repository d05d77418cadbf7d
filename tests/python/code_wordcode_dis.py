# Code objects written as CPython 3.11 writes them (co_code, co_positions(), co_lines(),
# co_exceptiontable, f_lasti and tb_lasti) agree with each other and with what dis reads.
import dis
import math
import sys
import traceback


def add(a, b):
    return a + b


def attr(o):
    return o.real


def meth(o):
    return o.count(1)


def show(f):
    print(f.__name__, [(i.offset, i.opname, i.argrepr) for i in dis.get_instructions(f)])


show(add)
show(attr)
show(meth)


def outer():
    x = 1

    def inner():
        return x

    return inner


inner = outer()
print([i.argval for i in dis.get_instructions(inner) if i.opname == "LOAD_DEREF"])
print([i.argval for i in dis.get_instructions(outer) if i.opname in ("MAKE_CELL", "STORE_DEREF", "LOAD_CLOSURE")])


def caller_lasti():
    frame = sys._getframe(1)
    position = list(frame.f_code.co_positions())[frame.f_lasti // 2]
    return position[0] == frame.f_lineno, frame.f_lasti % 2


def calls():
    a = caller_lasti()
    b = [caller_lasti() for _ in range(2)]
    return a, b


print("f_lasti positions", calls())


def failing(n):
    total = 0
    for i in range(n):
        total += 10 // (i - 3)
    return total


try:
    failing(5)
except ZeroDivisionError as e:
    tb = e.__traceback__.tb_next
    by_offset = {i.offset: i for i in dis.get_instructions(tb.tb_frame.f_code)}
    instr = by_offset[tb.tb_lasti]
    print("tb_lasti names", instr.opname, instr.argrepr, tb.tb_lineno == instr.positions.lineno)


def handler(x):
    try:
        return 1 / x
    except ZeroDivisionError:
        return None


code = handler.__code__
print("one position per code unit", len(list(code.co_positions())) == len(code.co_code) // 2)
print("lines cover co_code", max(end for _, end, _ in code.co_lines()) == len(code.co_code))
by_offset = {i.offset: i.opname for i in dis.get_instructions(handler)}
entries = dis._parse_exception_table(code)
print("handler targets", sorted({by_offset[e.target] for e in entries}))
print("handler starts are instructions", all(e.start in by_offset for e in entries))

big = compile("{" + "x:x, " * 100 + "x:x}", "<foo>", "single")
print("dict stack size", big.co_stacksize <= math.ceil(math.log(len(big.co_code))))
long_names = compile("".join("v%d = %d\n" % (i, i) for i in range(300)), "<names>", "exec")
ops = [i.opname for i in dis.get_instructions(long_names)]
print("EXTENDED_ARG", ops.count("EXTENDED_ARG") > 0, ops.count("STORE_NAME"))
print(repr(add.__code__).split(" at ")[0], repr(add.__code__).split(", ", 1)[1])


class A:
    x = 1


a = A()
for source in ["(a\n  .b\n    .c)", "(a\n .meth\n (1))", "(a\n  .x) += 's'", "del (a\n   .nope)"]:
    try:
        exec(source)
    except (AttributeError, TypeError):
        lines = traceback.format_exc().splitlines()
        print(lines[-3:])


def paren_call():
    (
        print
    )


first = paren_call.__code__.co_firstlineno + 1
print("paren line has no code", first not in [line for _, _, line in paren_call.__code__.co_lines()])
