# Empty dicts (which share one table until their first insertion) through every way a dict grows,
# shrinks, is copied, merged, compared and iterated.
class D(dict):
    pass


def fresh(n):
    out = []
    for i in range(n):
        d = {}
        out.append((len(d), list(d), d.get('x'), 'x' in d, d == {}, bool(d)))
        d[i % 7] = i
        d['k'] = 'v'
        out.append(sorted(d.items(), key=repr))
        e = {}
        e.update({})
        e.update(a=1)
        out.append(e)
        f = dict({})
        f.setdefault('s', []).append(i % 2)
        out.append(f)
        g = {}.copy()
        g[(1, 2)] = None
        out.append(g)
        h = {**{}, **{'z': 0}}
        out.append(h)
        c = {'a': 1, 'b': 2}
        c.clear()
        out.append((c, len(c)))
        c['again'] = i % 3
        out.append(c)
        del c['again']
        c[1.5] = 'f'
        out.append(c)
    return out


r = fresh(300)
print(r[:9])
assert r[9:18] == fresh(2)[9:18]
for op in ['popitem', 'del', 'getitem', 'pop']:
    d = {}
    try:
        if op == 'popitem':
            d.popitem()
        elif op == 'del':
            del d['nope']
        elif op == 'getitem':
            d['nope']
        else:
            d.pop('nope')
    except KeyError as e:
        print(op, 'KeyError', e)
print({}.pop('x', 'default'), dict.fromkeys([]), dict.fromkeys('ab'), {} | {}, {1: 2} | {})
x = {}
x |= {'m': 1}
print(x, D(), D(a=1), D({}), type(D().copy()).__name__, repr({}), str(D()))
print(list(iter({})), list({}.items()), list({}.values()), list(reversed({})))
it = iter({})
print(next(it, 'end'))
grown = {}
for k in range(100):
    grown[k] = k * k
for k in range(100):
    del grown[k]
print(grown, len(grown))
grown['back'] = 1
print(grown)
m = {}
m.update([('a', 1), ('b', 2)])
print(m, {} == dict(), {} != {0: 0}, sorted([{}, {}], key=len))


def deleted_then_iterated():
    d = {}
    d['only'] = 1
    del d['only']
    return [k for k in d], d


print(deleted_then_iterated())
