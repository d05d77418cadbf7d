# json through the _json accelerator module: scanning, escaping, error positions, hooks,
# deep nesting, the one-shot encoder.
import json
import json.decoder
import json.encoder
import json.scanner
from collections import OrderedDict

print(json.decoder.scanstring.__module__, json.scanner.make_scanner.__module__,
      json.encoder.c_make_encoder.__module__, json.encoder.encode_basestring_ascii.__module__)

docs = ['{"a": [1, 2.5, -3e2, true, false, null, "x\\u00e9\\ud834\\udd1e\\n"]}', '[', '{', '{"a"', '{"a":', '{"a":1',
        '{"a":1,', '[1,]', '[1 2]', '{"a" 1}', '{1:2}', '"\\x"', '"\\u12"', '"\\ud834\\uzzzz"', '"\\ud834\\u0041"',
        '"abc', '"a\tb"', 'NaN', '-Infinity', 'Infinity', '[-]', '01', '1.', '1e', '1e+', '1.5E-3', '-0', '-0.0',
        ' [1, {"b": [null]}] ', '{"a":1}x', '', '   ', '"\\u0123"', '"\\u012"', '"\\/\\b\\f\\r\\t\\"\\\\"',
        '123456789012345678901234567890', '[1e400, -1e400, 1e-400]', '{"a": 1, "a": 2}']
for doc in docs:
    try:
        print(repr(doc), "->", repr(json.loads(doc)))
    except json.JSONDecodeError as e:
        print(repr(doc), "->", type(e).__name__, e, e.pos, e.lineno, e.colno)

print(json.loads('"a\tb"', strict=False), json.loads('{"b": 1, "a": [2]}', object_pairs_hook=OrderedDict))
print(json.loads('{"b": {"c": 1}}', object_hook=lambda d: sorted(d.items())))
print(json.loads('[1, 2.5, NaN]', parse_int=str, parse_float=repr, parse_constant=lambda c: "const " + c))
print(json.decoder.scanstring('"abc" tail', 1), json.decoder.scanstring('x"\\u00e9"', 2))
for args in ((b'"x"', 1), ('"x"', -1), ('"x"', 9), ('"x"', 2 ** 70)):
    try:
        json.decoder.scanstring(*args)
    except (TypeError, ValueError, OverflowError) as e:
        print(type(e).__name__, e)
print(json.encoder.encode_basestring_ascii("a\u00e9\U0001f600\n\"\x7f\\"),
      json.encoder.encode_basestring("a\u00e9\x01\n\x1f"))

deep = "[" * 600 + "]" * 600
value = json.loads(deep)
depth = 0
while value:
    value = value[0]
    depth += 1
print("nested arrays", depth, len(json.dumps(json.loads(deep))))
print(len(json.dumps(json.loads('{"k":' * 400 + '1' + '}' * 400))))

objs = [{"a": [1, 2.5, None, True, False, "é\n\x00"], 2: 3, None: 4, 1.5: 5, True: 6}, [], {}, [[[]]], (1, 2),
        {"z": 1, "a": [{}], "m": {"q": [None, None, 0]}}, [1 << 70, -0.0, 1e16, 0.1]]
for obj in objs:
    for options in ({}, {"sort_keys": True}, {"ensure_ascii": False}, {"separators": (",", ":")}, {"skipkeys": True}):
        try:
            print(json.dumps(obj, **options))
        except (TypeError, ValueError) as e:
            print(type(e).__name__, e)
for obj, options in ((float("nan"), {"allow_nan": False}), ({1j: 2}, {}), ({1j: 2}, {"skipkeys": True}),
                     ({1: 2, "a": 3}, {"sort_keys": True}), (object(), {}), ([float("inf")], {})):
    try:
        print(json.dumps(obj, **options))
    except (TypeError, ValueError) as e:
        print(type(e).__name__, e)
print(json.dumps("\ud800"), ascii(json.dumps("\ud800", ensure_ascii=False)))
loop = []
loop.append(loop)
try:
    json.dumps(loop)
except ValueError as e:
    print(type(e).__name__, e)


class Complex(json.JSONEncoder):
    def default(self, o):
        if isinstance(o, complex):
            return {"re": o.real, "im": [o.imag]}
        return super().default(o)


print(Complex().encode([1j, {"x": 2 + 3j}]), Complex(sort_keys=True).encode({"b": 1j, "a": 0}))
try:
    json.encoder.c_make_encoder(1, None, None, None, ": ", ", ", False, False, False)
except TypeError as e:
    print(type(e).__name__, e)
encoder = json.encoder.c_make_encoder(None, str, lambda s: None, None, ": ", ", ", False, False, False)
try:
    encoder("spam", 0)
except TypeError as e:
    print(type(e).__name__, e)
try:
    json.scanner.c_make_scanner(1)
except AttributeError as e:
    print(type(e).__name__)
