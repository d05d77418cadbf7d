# while/for with break, continue and else.
i = 0
while i < 10:
    i += 1
    if i == 3:
        continue
    if i == 7:
        break
    print(i, end=" ")
print()
for n in range(2, 20):
    for d in range(2, n):
        if n % d == 0:
            break
    else:
        print(n, end=",")
print()
count = 0
while True:
    count += 1
    if count > 100:
        break
else:
    print("never")
print(count)
for x in []:
    print("empty")
else:
    print("else on empty")
total = 0
for i in range(10):
    for j in range(10):
        if j > i:
            break
        total += j
print(total)
k = 5
while k:
    k -= 1
else:
    print("while else", k)
print([x for x in range(20) if x % 3 == 0], {x: y for x, y in zip("abc", range(3))})
print(list(range(10, 0, -3)), list(range(5, 1)), len(range(0, 100, 7)), range(3), 7 in range(0, 10, 7))
for i, c in enumerate("xyz", 1):
    print(i, c, sep=":", end=" ")
print()
acc = []
for a, b in zip(range(3), range(10, 13)):
    acc.append(a * b)
print(acc, any([0, 1]), all([1, 0]), any([]), all([]))
