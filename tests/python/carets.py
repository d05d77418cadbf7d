def compute(a, b):
    return a + b * 2
values = [1, 2]
print(compute(values[0], 3))
total = compute(1, "x")
