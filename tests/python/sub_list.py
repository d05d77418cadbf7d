# Subclasses of list: inherited methods, overrides, identity of in-place operators.

class Stack(list):
    def push(self, x):
        self.append(x)
    def peek(self):
        return self[-1]

s = Stack()
s.push(1)
s.push(2)
s.extend([3, 4])
print(s, repr(s), type(s).__name__, len(s), s.peek(), s.pop(), s, isinstance(s, list))
print(s == [1, 2, 3], [1, 2, 3] == s, s + [9], type(s + [9]).__name__, s * 2, bool(Stack()))
ident = s
s += [7]
print(s is ident, s, type(s).__name__)
s *= 2
print(s is ident, s)
print(sorted(s), list(reversed(s)), 3 in s, s.index(3), s.count(7), s[1:3], type(s[1:3]).__name__)
s[0] = 100
del s[1]
print(s, len(s), [x * 2 for x in s], sum(s), max(s))
s.sort(reverse=True)
print(s, s.copy(), type(s.copy()).__name__)
print(Stack([3, 1, 2]), Stack("abc"), Stack(range(3)))

class Logged(list):
    def __init__(self, items, name):
        super().__init__(items)
        self.name = name
    def __repr__(self):
        return f"{self.name}:{list.__repr__(self)}"

lg = Logged([1, 2], "L")
print(lg, [lg], lg.name, vars(lg))

class Squares(list):
    def __getitem__(self, i):
        return list.__getitem__(self, i) ** 2
    def __len__(self):
        return 99
    def __iter__(self):
        return iter(["it"])

q = Squares([1, 2, 3])
print(q[2], len(q), list(q), [x for x in q], 2 in q)

class Sized(list):
    __slots__ = ("tag",)
sz = Sized([1])
sz.tag = "t"
print(sz, sz.tag)
try:
    sz.other = 1
except AttributeError as e:
    print(type(e).__name__, e)
try:
    hash(Stack())
except TypeError as e:
    print(type(e).__name__, e)
try:
    Stack().pop()
except IndexError as e:
    print(type(e).__name__, e)
nested = Stack([Stack([1]), [2]])
print(nested, nested[0], type(nested[0]).__name__)
print(list.__new__(Stack), type(list.__new__(Stack)).__name__)
print(Stack.__mro__, Stack.__bases__, Stack.__base__)
x = Stack([1])
x.__class__ = Logged
x.name = "changed"
print(type(x).__name__, x)
try:
    x.__class__ = dict
except TypeError as e:
    print(type(e).__name__, e)
