# c_make_encoder (_json.Encoder) made and called in hot loops: the settings it keeps, its
# argument checks, and encoders called with keywords or the wrong number of arguments.
import json
from json.encoder import c_make_encoder as Encoder, encode_basestring_ascii, encode_basestring

DATA = [{}, {'a': 1, 'b': [1, 2.5, None], 'c': 'x\u0105'}, [True, False, {'k': {'n': -3}}], 'str', 7]


def make_all(n):
    out = []
    for i in range(n):
        markers = {} if i % 3 else None
        sort_keys = [0, 1, [], 'x', None][i % 5]
        enc = Encoder(markers, None, encode_basestring_ascii if i % 2 else encode_basestring,
                      None, ': ' if i % 4 else ':', ', ', sort_keys, i % 7 == 0, True)
        text = enc(DATA[i % len(DATA)], 0)
        out.append((text, enc.sort_keys, enc.skipkeys, enc.key_separator, enc.markers is markers))
    return out


res = make_all(300)
print(len(res), res[:7], res[-3:])
print(sum(len(t[0][0]) for t in res))


def bad_args(n):
    errors = []
    cases = [
        ([1], 'markers not a dict'),
        (['x'], 'markers a str'),
        ([{}, None, encode_basestring, None, 5], 'key separator'),
        ([{}, None, encode_basestring, None, ': ', b', '], 'item separator'),
    ]
    for i in range(n):
        given, _ = cases[i % len(cases)]
        args = list(given) + [{}, None, encode_basestring, None, ': ', ', ', False, False, True][len(given):]
        try:
            Encoder(*args)
        except TypeError as e:
            errors.append(str(e))
    return errors


errs = bad_args(200)
print(len(errs), sorted(set(errs)))


class Truthy:
    def __init__(self, v):
        self.v = v
        self.asked = 0

    def __bool__(self):
        self.asked += 1
        return self.v


def truthy_settings(n):
    t, f = Truthy(True), Truthy(False)
    out = []
    for i in range(n):
        enc = Encoder(None, None, encode_basestring, None, ': ', ', ', t, f, t)
        out.append(enc({'b': 1, 'a': float('nan')}, 0))
    return out[-1], t.asked, f.asked


print(truthy_settings(100))


class Bad:
    def __bool__(self):
        raise ValueError('no truth')


def raising_bool(n):
    caught = 0
    for i in range(n):
        try:
            Encoder(None, None, encode_basestring, None, ': ', ', ', Bad(), False, True)
        except ValueError:
            caught += 1
    return caught


print(raising_bool(100))


def calls(n):
    enc = Encoder({}, None, encode_basestring_ascii, None, ': ', ', ', True, False, False)
    out = []
    for i in range(n):
        k = i % 6
        try:
            if k == 0:
                out.append(enc({'z': i, 'a': [i]}, 0))
            elif k == 1:
                out.append(enc(obj=[i], _current_indent_level=0))
            elif k == 2:
                out.append(enc([i]))
            elif k == 3:
                out.append(enc([i], 'x'))
            elif k == 4:
                out.append(enc(float('inf'), 0))
            else:
                out.append(enc({'d': {1, 2}}, 0))
        except (TypeError, ValueError) as e:
            out.append(type(e).__name__ + ': ' + str(e))
    return out


r = calls(120)
print(r[:12], len(r))


def circular(n):
    d = {}
    d['self'] = d
    out = []
    for i in range(n):
        enc = Encoder({}, None, encode_basestring_ascii, None, ': ', ', ', False, False, True)
        try:
            enc(d, 0)
        except ValueError as e:
            out.append(str(e))
    return out[-1], len(out)


print(circular(100))


def default_fn(n):
    seen = []

    def default(o):
        seen.append(type(o).__name__)
        return sorted(o)

    out = None
    for i in range(n):
        enc = Encoder({}, default, encode_basestring_ascii, None, ': ', ', ', False, False, True)
        out = enc({'s': {3, 1, 2}, 'f': frozenset([i % 3])}, 0)
    return out, len(seen), seen[:2]


print(default_fn(150))
print([json.dumps(d) for d in DATA], json.dumps(DATA, sort_keys=True, separators=(',', ':')))
