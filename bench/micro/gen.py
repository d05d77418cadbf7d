# a generator resumed by a for loop
def g(n):
    i = 0
    while i < n:
        yield i
        i += 1
def f(n):
    for x in g(n):
        pass
f(N)
