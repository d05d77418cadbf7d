# 2 instance creations with __init__
class P:
    def __init__(self, a):
        self.a = a
def f(n):
    i = 0
    while i < n:
        P(i); P(i)
        i += 1
f(N)
