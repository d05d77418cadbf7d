# 8 attribute loads and stores on an instance
class P:
    def __init__(self):
        self.x = 1; self.y = 2
def f(n):
    p = P()
    i = 0
    while i < n:
        p.x = p.y; p.y = p.x; p.x = p.y; p.y = p.x
        i += 1
f(N)
