# `str % x` and `bytes % x` format x even when x's class defines __rmod__, unless x is an
# instance of a subclass of the template's type.


class R:
    def __rmod__(self, other):
        return "R.__rmod__"

    def __str__(self):
        return "R!"

    def __repr__(self):
        return "R()"


print("value is %s" % R())
print("value is %r" % R())
print("%s" % (R(),))
print(b"b %s" % b"x")
try:
    print(b"bytes %s" % R())
except TypeError as e:
    print("TypeError", e)


class S(str):
    def __rmod__(self, other):
        return "S.__rmod__ " + other


print("x %s" % S("s"))


class RB(bytes):
    def __rmod__(self, other):
        return "RB.__rmod__"


print(b"%s" % RB(b"z"))
print(5 % 3, 7.5 % 2)

from collections import UserString


class U2(UserString):
    pass


class U3(U2):
    def __rmod__(self, other):
        return super().__rmod__(other)


print(U2("value is %s") % U3("TEST"))
