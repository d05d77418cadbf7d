# json.dumps through the native encoder, called often enough to be compiled: the encoder built
# per call (c_make_encoder), its markers dict, the one-item join of its output.
import json
from json.encoder import c_make_encoder, encode_basestring_ascii, encode_basestring

SIMPLE = {'key1': 0, 'key2': True, 'key3': 'value', 'key4': 'foo', 'key5': 'string'}
NESTED = {'key1': 0, 'key2': SIMPLE, 'key3': 'value', 'key4': SIMPLE, 'key5': SIMPLE,
          'key': '\u0105\u0107\u017c'}
CASES = [{}, [], (), SIMPLE, NESTED, [NESTED] * 3, {'a': []}, {'a': {}}, [[], {}, [[]]],
         {1: 'one', 2.5: 'f', True: 't', None: 'n'}, [1, -2, 3.25, 1e300, 10**30],
         'plain', '\u2603 snow "quoted" \\ \n\t\x00', None, False, 0, -0.0]


def run(n):
    out = []
    for _ in range(n):
        for case in CASES:
            out.append(json.dumps(case))
    return out


results = run(300)
first = results[:len(CASES)]
assert results == first * 300, "encodings changed between calls"
for text in first:
    print(text)
# Non-default settings: the Python encoder or other encoder arguments.
for kwargs in [dict(sort_keys=True), dict(indent=2), dict(separators=(',', ':')),
               dict(ensure_ascii=False), dict(skipkeys=True), dict(check_circular=False)]:
    print(kwargs, json.dumps({'b': [1, 2], 'a': {'z': 'ż'}, 'c': None}, **kwargs))
print(json.dumps({(1, 2): 3}, skipkeys=True))
for bad in [{(1, 2): 3}, object(), float('nan')]:
    try:
        print(json.dumps(bad, allow_nan=False))
    except (TypeError, ValueError) as e:
        print(type(e).__name__, e)
circular = []
circular.append(circular)
for _ in range(3):
    try:
        json.dumps(circular)
    except ValueError as e:
        print('ValueError', e)
print(json.dumps([1, object()], default=lambda o: 'obj'))


# The encoder object itself, made and called directly many times.
def direct(n):
    texts = []
    for i in range(n):
        markers = {}
        enc = c_make_encoder(markers, None, encode_basestring_ascii, None, ': ', ', ', False, False, True)
        texts.append(enc({'i': i % 3, 'l': [i % 2]}, 0))
        texts.append(len(markers))
    return texts


texts = direct(400)
print(texts[:8], len(set(map(str, texts))))
enc = c_make_encoder(None, None, encode_basestring, None, ':', ',', True, False, True)
print(enc({'b': 'ż', 'a': 1}, 0), enc.sort_keys, enc.markers, enc.key_separator)
try:
    c_make_encoder(1, None, encode_basestring, None, ':', ',', True, False, True)
except TypeError as e:
    print('TypeError', e)
try:
    c_make_encoder({}, None, encode_basestring, None, 1, ',', True, False, True)
except TypeError as e:
    print('TypeError', e)
try:
    enc()
except TypeError as e:
    print('TypeError', type(e).__name__)
