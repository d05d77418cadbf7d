# str.join: the one-item shortcut (the item itself when it is exactly a str) and the general case.
class S(str):
    pass


class L(list):
    def __iter__(self):
        return iter(['from', 'iter'])


def gen(*items):
    yield from items


def run(n):
    out = []
    s = 'abc' * 3
    for i in range(n):
        one = [s]
        out.append(''.join(one) is s)
        out.append('-'.join((s,)) is s)
        out.append(','.join(gen(s)) is s)
        out.append(''.join([S('sub')]) == 'sub')
        out.append(type(''.join([S('sub')])).__name__)
        out.append(''.join([]) == '')
        out.append('+'.join([s, str(i % 3)]) == s + '+' + str(i % 3))
        out.append('/'.join(L(['x'])))
    return out


r = run(500)
print(r[:16])
assert r == r[:8] * 500
for bad in [[1], (None,), ['a', 2], 5]:
    try:
        ''.join(bad)
    except TypeError as e:
        print('TypeError', e)
print(''.join(['\u0105']) == '\u0105', len('\u0105'.join(['x', 'y', 'z'])))
