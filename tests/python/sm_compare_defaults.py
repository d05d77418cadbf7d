import operator
log = []
class SupEq:
    def __eq__(self, other):
        log.append(("SupEq.eq", type(other).__name__)); return True
class SN(SupEq):
    __ne__ = None
class XN:
    def __eq__(self, other):
        log.append(("XN.eq", type(other).__name__)); return True
    __ne__ = None
class Plain: pass
class OnlyEq:
    def __eq__(self, other):
        log.append(("OnlyEq.eq", type(other).__name__)); return NotImplemented
class Sub(Plain):
    def __ne__(self, other):
        log.append(("Sub.ne", type(other).__name__)); return "sub-ne"
class L:
    def __lt__(self, other):
        log.append(("L.lt", type(other).__name__)); return NotImplemented
class G(L):
    def __gt__(self, other):
        log.append(("G.gt", type(other).__name__)); return "g-gt"
e, sn, xn, p, o = SupEq(), SN(), XN(), Plain(), OnlyEq()
cases = [(e, e), (e, sn), (sn, e), (e, xn), (xn, e), (p, e), (e, p), (p, p), (p, Plain()), (o, p), (p, o), (o, o), (p, Sub()), (Sub(), p)]
for op in (operator.eq, operator.ne):
    for a, b in cases:
        log.clear()
        try:
            r = op(a, b)
        except TypeError as ex:
            r = "TypeError: %s" % ex
        print(op.__name__, type(a).__name__, type(b).__name__, r, log)
for a, b in [(L(), G()), (G(), L()), (L(), L())]:
    log.clear()
    try:
        r = a < b
    except TypeError as ex:
        r = "TypeError: %s" % ex
    print("lt", type(a).__name__, type(b).__name__, r, log)
class MyInt(int):
    def __eq__(self, other):
        log.append("MyInt.eq"); return NotImplemented
log.clear()
print(MyInt(3) != 3, MyInt(3) == 3, MyInt(3) != 4, log)
