print("b starts")
import sys
import imp_pkgs.circ.a as a
print("b sees partially initialized a:", hasattr(a, "A_VALUE"), sys.modules["imp_pkgs.circ.a"].__spec__._initializing)
B_VALUE = "b-value"


def use_a():
    return a.A_VALUE
