# an uncaught exception raised inside a generator through yield from: the traceback shows every frame
def source(n):
    for i in range(n):
        if i == 2:
            raise ValueError(f"bad item {i}")
        yield i

def relay(n):
    yield from source(n)

def consume():
    total = 0
    for v in relay(5):
        total += v
        print("got", v)
    return total

consume()
