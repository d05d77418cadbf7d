class E:
    def __eq__(self, o):
        print("eq called"); return True
print([E()] == [E(), 1], [E()] != [E(), 1], (E(),) == (E(), 1), (E(),) != (E(), 1))
print([E()] < [E(), 1])
from collections import UserList
a = UserList()
b = UserList()
a.append(b)
b.append(a)
import operator
for op in (operator.eq, operator.ne, operator.lt):
    try:
        op(a, b)
    except RecursionError as e:
        print(op.__name__, "RecursionError")
b.append(17)
print(a == b, a != b)
try:
    a < b
except RecursionError:
    print("lt RecursionError")
