# Comprehensions and generator expressions.
print([x * x for x in range(6)])
print([x for x in range(20) if x % 2 if x % 3])
print([(x, y) for x in range(3) for y in range(x)])
print({x % 4 for x in range(10)})
print({k: v for k, v in [("a", 1), ("b", 2)]})
print(sum(x * x for x in range(10)), max(len(w) for w in ["a", "abc", "ab"]))
print(list(x for x in "abc"), sorted((x for x in [3, 1, 2]), reverse=True))
matrix = [[1, 2, 3], [4, 5, 6]]
print([[row[i] for row in matrix] for i in range(3)])
print([y for row in matrix for y in row if y != 4])
n = 10
print([n * i for i in range(3)])
print(list(map(lambda x: x + 1, [1, 2])), list(filter(None, [0, 1, 2, 0])), list(filter(lambda x: x > 1, [1, 2, 3])))
