# f-strings: conversions, format specs, nesting, '=' debugging, braces, expressions.
def show(label, f):
    try:
        print(label, repr(f()))
    except Exception as e:
        print(label, "->", type(e).__name__, e)

x, y, name, pi = 42, -3, "Ada", 3.14159265
items = [1, 2, 3]
d = {"k": "v", 1: "one"}
show("basic", lambda: [f"{x}", f"{x}{y}", f"[{name}]", f"{x + y}", f"{items[1]}", f"{d['k']}", f"{d[1]}"])
show("conversions", lambda: [f"{name!r}", f"{name!s}", f"{'é'!a}", f"{items!r}", f"{3.0!s}"])
show("specs", lambda: [f"{x:5}", f"{x:<5}|", f"{x:^7}|", f"{x:08b}", f"{x:#x}", f"{pi:.3f}", f"{pi:10.2e}", f"{y:+}", f"{1234567:,}", f"{0.25:.0%}"])
show("nested", lambda: [f"{pi:{10}.{3}}", f"{name:>{x // 6}}", f"{x:{'^'}{9}}", f"{pi:.{len(items)}f}"])
show("debug", lambda: [f"{x=}", f"{x = }", f"{name=!s}", f"{pi=:.2f}", f"{x + 1=}", f"{items[0]=}"])
show("braces", lambda: [f"{{}}", f"{{{x}}}", f"{{x}}", f"a{{", f"}}b"])
show("expressions", lambda: [f"{'yes' if x > 0 else 'no'}", f"{[i * 2 for i in items]}", f"{(lambda v: v + 1)(x)}", f"{x!r:>5}", f"{ {'a': 1}['a'] }"])
show("strings_inside", lambda: [f"{'a' + 'b'}", f'{"q"}', f"{name.upper()}", f"{', '.join(map(str, items))}"])
show("multiline", lambda: f"""{
    x
    + 1
}""")
show("concat", lambda: f"a{x}" "b" f"{y}c")
show("format_of_objects", lambda: [f"{None}", f"{True}", f"{True:>5}", f"{None!r:>6}", f"{[1, 2]}", f"{(1,)}", f"{1j}", f"{b'x'}"])
class F:
    def __format__(self, spec):
        return f"F({spec})"
    def __repr__(self):
        return "F!"
show("user_format", lambda: [f"{F()}", f"{F():xyz}", f"{F()!r}", f"{F()!r:>4}"])
show("err_spec", lambda: f"{x:q}")
show("err_spec_str", lambda: f"{name:d}")
show("err_none_spec", lambda: f"{None:5}")
show("err_format_returns", lambda: format(F(), 1))
show("int_float_mix", lambda: [f"{1:.2f}", f"{2**70:e}", f"{True:.1f}", f"{1.5:d}" if False else ""])
show("width_unicode", lambda: [f"{'日':*^5}", f"{'é':>3}"])
show("zero_neg", lambda: [f"{-0.0}", f"{-0.0:.1f}", f"{-0.0:z.1f}", f"{-0.001:z.2f}"])
