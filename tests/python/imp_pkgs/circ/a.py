print("a starts")
import imp_pkgs.circ.b as b
print("a sees b.B_VALUE =", b.B_VALUE)
A_VALUE = "a-value"


def use_b():
    return b.B_VALUE + "/" + b.use_a()
