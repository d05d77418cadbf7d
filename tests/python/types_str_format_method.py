# str.format and format_map: field names, indexing, attributes, conversions, nested specs, errors.
def show(label, f):
    try:
        print(label, repr(f()))
    except Exception as e:
        print(label, "->", type(e).__name__, e)

class P:
    x = 3
    y = [4, 5]
    def __format__(self, spec):
        return "P<" + spec + ">"
class R:
    def __repr__(self):
        return "R()"
    def __str__(self):
        return "r-str"
show("auto", lambda: "{} {} {}".format(1, "a", None))
show("manual", lambda: "{2}{1}{0}{1}".format("a", "b", "c"))
show("named", lambda: "{x}-{y}-{x}".format(x=1, y=2))
show("mixed_named", lambda: "{0} {name} {1}".format("a", "b", name="n"))
show("attr", lambda: "{0.x} {0.y[1]} {p.y[0]}".format(P, p=P))
show("index_str_key", lambda: "{0[a]} {0[1]}".format({"a": "A", 1: "one"}))
show("conversions", lambda: "{0!s} {0!r} {1!a} {0}".format(R(), "é"))
show("format_protocol", lambda: ["{:abc}".format(P()), "{0:>{1}}".format(P(), 3), format(P(), "x")])
show("nested_spec", lambda: ["{:{}}".format("x", 5), "{:{}{}}".format(3.14159, ".", "3"), "{0:{fill}^{w}}".format("m", fill="*", w=7)])
show("braces", lambda: ["{{}}".format(), "{{{0}}}".format(1), "}}{{".format()])
show("numbers", lambda: ["{:,}".format(1234567), "{:08.3f}".format(-3.14159), "{:#x}".format(255), "{:e}".format(0.00123), "{:%}".format(0.5)])
show("format_map", lambda: "{a}{b}".format_map({"a": 1, "b": 2}))
class Mapping:
    def __getitem__(self, key):
        return "?" + key
show("format_map_custom", lambda: "{a}{zz}".format_map(Mapping()))
show("err_single_open", lambda: "{".format())
show("err_unclosed", lambda: "{0".format(1))
show("err_single_close", lambda: "a}".format())
show("err_index", lambda: "{3}".format(1, 2))
show("err_key", lambda: "{nope}".format(a=1))
show("err_auto_manual", lambda: "{}{1}".format(1, 2))
show("err_manual_auto", lambda: "{0}{}".format(1, 2))
show("err_conversion", lambda: "{!z}".format(1))
show("err_conversion2", lambda: "{!}".format(1))
show("err_attr", lambda: "{0.nope}".format(1))
show("err_index_type", lambda: "{0[0]}".format(5))
show("err_spec", lambda: "{:q}".format(5))
show("err_missing_bracket", lambda: "{0[0}".format([1]))
show("err_after_bracket", lambda: "{0[0]x}".format([1]))
show("err_empty_attr", lambda: "{0.}".format(1))
show("many", lambda: "".join("{%d}" % i for i in range(12)).format(*range(12)))
show("format_method_args", lambda: "{}".format())
show("unicode_fields", lambda: "{名前}".format(名前="x"))
