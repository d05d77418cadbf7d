# The json decoder through the _json accelerator: values, hooks, error messages and positions.
import json
import sys
import _json
from json import decoder as D
from json import scanner as S
from collections import OrderedDict
from decimal import Decimal


def show(label, f):
    try:
        print(label, repr(f()))
    except json.JSONDecodeError as e:
        print(label, "JSONDecodeError", e, (e.msg, e.pos, e.lineno, e.colno))
    except Exception as e:
        print(label, type(e).__name__, e)


print(type(_json.make_scanner).__name__, _json.make_scanner.__name__, _json.make_scanner.__module__)
print(S.c_make_scanner is _json.make_scanner, D.c_scanstring is _json.scanstring)

docs = ['null', 'true', 'false', '0', '-0', '12', '-12', '1.5', '-1.5e3', '1E+2', '1e-2', '0.000001',
        '123456789012345678', '1234567890123456789', '-99999999999999999999999', '1e400', '-1e400',
        '"abc"', '""', '"\\u00e9\\n\\t\\"\\\\\\/\\b\\f\\r"', '"\\ud834\\udd1e"', '"\\ud834"', '"\\udd1e\\ud834"',
        '"\\ud834\\u0041"', '"caf\xe9 \u0105"', '"\U0001d11e"', '[]', '{}', '[1, [2, [3]]]',
        ' { "a" : [ 1 , 2 ] , "b" : { } } ', '{"a": 1, "a": 2}', '[NaN, Infinity, -Infinity]',
        '\n[\r\n1\t]\n', '[true,false,null]', '{"\xe9": "\u0105", "k\\u00e9y": [1.25]}']
for doc in docs:
    show("loads %r" % doc, lambda: json.loads(doc))

bad = ['', ' ', '[', ']', '{', '}', '[1', '[1,', '[1,]', '[1 2]', '{"a"', '{"a":', '{"a":1', '{"a":1,',
       '{"a":1,}', '{"a" 1}', '{1: 2}', '{a: 1}', "{'a': 1}", '"abc', '"abc\\', '"\\x"', '"\\u12"',
       '"\\u12g4"', '"\\ud834\\u12"', '"\\ud834\\uzzzz"', '"a\nb"', '"a\x00"', 'nul', 'tru', 'fals',
       'NaX', '-', '-a', '01', '1.', '.5', '1e', '1e+', '[1] x', '1 2', '[-]', '{"a":1}}', 'infinity',
       '\ufeff[1]', '[\n1,\n2\n,]', '["caf\xe9", x]', '["\u0105\u0105", 1 2]', '\u00e9', '"\\u00e9\\"',
       '[1, "\U0001d11e", ?]', '{"a": [1, {"b": }]}']
for doc in bad:
    show("bad %r" % doc, lambda: json.loads(doc))

# Hooks.
show("object_hook", lambda: json.loads('{"a": {"b": 1}, "c": [{}]}', object_hook=lambda d: sorted(d.items())))
show("pairs_hook", lambda: json.loads('{"b": 1, "a": {"x": 2}}', object_pairs_hook=OrderedDict))
show("pairs_hook list", lambda: json.loads('{"b": 1, "b": 2, "a": []}', object_pairs_hook=lambda p: p))
show("both hooks", lambda: json.loads('{"a": 1}', object_hook=len, object_pairs_hook=tuple))
show("parse_float", lambda: json.loads('[1.10, 2, 3e2]', parse_float=Decimal))
show("parse_int", lambda: json.loads('[1.5, 2, -30]', parse_int=lambda s: "int:" + s))
show("parse_constant", lambda: json.loads('[NaN, -Infinity, Infinity]', parse_constant=lambda s: "c:" + s))
show("hook raises", lambda: json.loads('{"a": 1}', object_hook=lambda d: 1 / 0))
show("parse_int raises", lambda: json.loads('[1]', parse_int=int.from_bytes))
show("strict off", lambda: json.loads('["a\tb\nc\x00"]', strict=False))
show("strict on", lambda: json.loads('["a\tb"]'))
show("bytes", lambda: json.loads(b'{"a": [1, "\xc3\xa9"]}'))
show("bytes utf16", lambda: json.loads('[1, "x"]'.encode("utf-16")))
show("bad type", lambda: json.loads(5))
show("raw_decode", lambda: json.JSONDecoder().raw_decode('[1, 2] tail'))
show("raw_decode idx", lambda: json.JSONDecoder().raw_decode('xx {"a": 1}', 3))
show("raw_decode ws", lambda: json.JSONDecoder().raw_decode(' [1]'))

# Keys are memoized within one document.
doc = json.loads('[{"key": 1}, {"key": 2}, {"key": 3}]')
k1, k2, k3 = (next(iter(d)) for d in doc)
print("memo", k1 is k2, k2 is k3)

# Big ints, and the digit limit.
show("big", lambda: json.loads("[" + "9" * 40 + ", -" + "1" * 25 + "]"))
show("too many digits", lambda: json.loads("1" * 5000))
show("big float", lambda: json.loads("1" * 400 + ".5"))

# Deep nesting.
show("deep ok", lambda: len(json.loads("[" * 200 + "]" * 200)))
show("deep array", lambda: json.loads("[" * 100000 + "]" * 100000))
show("deep object", lambda: json.loads('{"a":' * 100000 + '1' + '}' * 100000))

# The scanner and scanstring directly.
ctx = json.JSONDecoder()
scan = _json.make_scanner(ctx)
print(scan.strict, scan.object_hook, scan.object_pairs_hook, scan.parse_float is float, scan.parse_int is int,
      scan.parse_constant is D._CONSTANTS.__getitem__)
for s, i in [('[1, 2]', 0), ('xx"ab"', 2), ('"\u0105b" 7', 4), ('\u0105\u0105 12 ', 3), ('  ', 1), ('12', 5),
             ('\u0105 x', 2), ('abc', 0)]:
    show("scan %r %d" % (s, i), lambda: scan(s, i))
show("scan neg", lambda: scan("1", -1))
show("scan bytes", lambda: scan(b"1", 0))
show("scan float idx", lambda: scan("1", 0.0))
try:
    scan("[1, x]", 0)
except StopIteration as e:
    print("stop value", e.value, e.args)
show("make_scanner int", lambda: _json.make_scanner(1))
show("make_scanner no args", lambda: _json.make_scanner())


class Ctx:
    strict = 0
    object_hook = None
    object_pairs_hook = None
    parse_float = float
    parse_int = int
    parse_constant = str


print(_json.make_scanner(Ctx())('[NaN, "\t", 2.5]', 0))
for args in [('"abc"', 1), ('"abc"', 2), ('ab"', 0), ('"a\\u0041"x', 1), ('"\u0105\u0107"', 1),
             ('"x\ty"', 1, False), ('"x\ty"', 1), ('"', 1), ('"abc"', 5), ('"abc"', 6), ('"abc"', -1),
             ('"a', 1), (b'"a"', 1), ('"a"', "1"), ('"a"',), ('"a"', 1, 1, 1), ('\\u00e9"', 0)]:
    show("scanstring %r" % (args,), lambda: _json.scanstring(*args))
show("scanstring kw", lambda: _json.scanstring('"a"', end=1))

# JSONDecodeError details across lines.
try:
    json.loads('{\n  "a": 1,\n  "b": [1, 2,, 3]\n}')
except json.JSONDecodeError as e:
    print(e.msg, e.pos, e.lineno, e.colno, e.doc[:5], isinstance(e, ValueError))
