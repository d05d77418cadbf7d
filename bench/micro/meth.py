# 4 method calls
class P:
    def m(self, a):
        return a
def f(n):
    p = P()
    i = 0
    while i < n:
        p.m(i); p.m(i); p.m(i); p.m(i)
        i += 1
f(N)
