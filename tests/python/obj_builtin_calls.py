# len, isinstance, list.append and list.pop in hot loops: lists, list subclasses (with and
# without overrides), other containers, bound and unbound methods, and their errors.


class Coll(list):
    pass


class Counting(list):
    def __len__(self):
        return 100

    def append(self, x):
        list.append(self, x * 2)


class Base:
    pass


class Derived(Base):
    pass


class Meta(type):
    def __instancecheck__(cls, obj):
        return obj == 3


class Odd(metaclass=Meta):
    pass


def run(n):
    plain = []
    sub = Coll()
    counting = Counting()
    total = 0
    checks = 0
    objs = [Base(), Derived(), 3, "s", 2.5, None, [1], Coll([1, 2])]
    for i in range(n):
        plain.append(i)
        sub.append(i * 3)
        counting.append(i)
        f = plain.append
        f(-i)
        list.append(sub, i)
        total += len(plain) + len(sub) + len(counting) + len("abc") + len((1, 2)) + len({1: 2})
        if i % 3 == 0:
            total += plain.pop() + sub.pop(0) + counting.pop(-1)
        o = objs[i % len(objs)]
        checks += isinstance(o, Base) + 2 * isinstance(o, Derived) + 4 * isinstance(o, (int, str))
        checks += 8 * isinstance(o, list) + 16 * isinstance(o, Coll) + 32 * isinstance(o, Odd)
        checks += 64 * isinstance(o, object)
    return total, checks, len(plain), len(sub), list.__len__(counting), plain[:5], sub[:5], counting[:5]


print(run(3000))


def errors(n):
    out = []
    for i in range(n):
        lst = [1]
        try:
            if i % 4 == 0:
                lst.pop(5)
            elif i % 4 == 1:
                lst.pop()
                lst.pop()
            elif i % 4 == 2:
                len(i)
            else:
                isinstance(i, 3)
        except (IndexError, TypeError) as e:
            if i < 8:
                out.append((type(e).__name__, str(e)))
        try:
            list.append(i, 1)
        except TypeError as e:
            if i < 2:
                out.append((type(e).__name__, str(e)))
        lst2 = [10, 20, 30]
        out.append(lst2.pop(True) + lst2.pop(-2)) if i < 3 else None
    return out


for item in errors(2000):
    print(item)
