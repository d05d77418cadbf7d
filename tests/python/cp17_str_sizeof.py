# sys.getsizeof of str: CPython's compact layout (struct, code units, terminator).
import sys

for c in ("a", "\xe9", "\u20ac", "\U0010ffff"):
    print([sys.getsizeof(c * n) for n in (0, 1, 2, 42)])
print(sys.getsizeof("abc" + "\xe9") - sys.getsizeof("abc" + "\xe8"))
# Repetition limits count characters: too many is OverflowError, too big for memory MemoryError.
for text, count in (("\u20ac", (sys.maxsize - 72) // 2), ("\xe9", sys.maxsize - 100), ("ab", sys.maxsize // 2 + 1)):
    try:
        text * count
    except (MemoryError, OverflowError) as e:
        print(type(e).__name__, e)
