class hexint(int):
    def __repr__(self):
        return hex(self)
    def __add__(self, other):
        return hexint(int.__add__(self, other))
a = hexint(12345)
print(repr(a), hex(a), oct(a), bin(a), repr(a + 1))
print(repr(hexint(7) + 1))
class I(int):
    def __repr__(self): return 'I(%r)' % int(self)
    def __pow__(self, other, mod=None):
        if mod is None: return I(pow(int(self), int(other)))
        return I(pow(int(self), int(other), int(mod)))
print(repr(pow(I(2), I(3), I(5))), repr(pow(I(2), I(3))))
