# itertools and _string (builtin modules of ripy written in Python).
import itertools as it
import _string

print(list(it.islice(it.count(), 5)), list(it.islice(it.count(10, 2.5), 3)), repr(it.count(3)), repr(it.count(1, 2)))
print(list(it.islice(it.cycle("abc"), 7)), list(it.cycle([])))
print(list(it.repeat("x", 3)), list(it.repeat(1, -2)), repr(it.repeat(5)), repr(it.repeat(5, 2)))
print(list(it.accumulate([1, 2, 3, 4])), list(it.accumulate([1, 2, 3], lambda a, b: a * b)),
      list(it.accumulate([1, 2], initial=100)), list(it.accumulate([])))
print(list(it.chain("ab", [1, 2], ())), list(it.chain.from_iterable(["xy", "z"])))
print(list(it.compress("ABCDEF", [1, 0, 1, 0, 1, 1])))
print(list(it.dropwhile(lambda x: x < 5, [1, 4, 6, 4, 1])), list(it.takewhile(lambda x: x < 5, [1, 4, 6, 4, 1])))
print(list(it.filterfalse(lambda x: x % 2, range(10))), list(it.filterfalse(None, [0, 1, "", "a"])))
print([(k, list(g)) for k, g in it.groupby("AAAABBBCCDAABBB")])
print([(k, list(g)) for k, g in it.groupby([1, 3, 2, 4, 5], key=lambda x: x % 2)])
print([k for k, g in it.groupby("aabbc")])
groups = it.groupby("aaabb")
k1, g1 = next(groups)
k2, g2 = next(groups)
print(k1, list(g1), k2, list(g2))
print(list(it.islice("ABCDEFG", 2)), list(it.islice("ABCDEFG", 2, 4)), list(it.islice("ABCDEFG", 2, None)),
      list(it.islice("ABCDEFG", 0, None, 2)))
src = iter(range(10))
print(list(it.islice(src, 3)), next(src))
for args in [(-1,), (1, 2, 0), ("a",)]:
    try:
        it.islice("abc", *args)
    except ValueError as e:
        print("ValueError", e)
print(list(it.pairwise("ABCD")), list(it.pairwise("A")))
print(list(it.starmap(pow, [(2, 5), (3, 2)])))
print(list(it.zip_longest("ABCD", "xy", fillvalue="-")), list(it.zip_longest()), list(it.zip_longest([1], [])))
a, b = it.tee(iter([1, 2, 3]))
print(next(a), list(a), list(b), it.tee([1], 0))
print(list(it.product("ab", range(2))), list(it.product(range(2), repeat=2)), list(it.product()), list(it.product("a", [])))
print(list(it.permutations(range(3))), list(it.permutations("abc", 2)), list(it.permutations([], 1)))
print(list(it.combinations("ABCD", 2)), list(it.combinations(range(3), 3)), list(it.combinations(range(2), 3)))
print(list(it.combinations_with_replacement("ABC", 2)), list(it.combinations_with_replacement([], 0)))
for call in [lambda: it.combinations("ab", -1), lambda: it.repeat(1, "x"), lambda: it.product("a", repeat=-1)]:
    try:
        call()
    except (ValueError, TypeError) as e:
        print(type(e).__name__, e)
print(type(it.count()).__name__, type(it.chain()).__name__, isinstance(it.islice("a", 1), it.islice))

print(list(_string.formatter_parser("a{0}b{name!r:>10}c{{d}}e{x.y[0]:{w}}")))
print(list(_string.formatter_parser("plain")), list(_string.formatter_parser("")))
first, rest = _string.formatter_field_name_split("obj.attr[3][key].z")
print(first, list(rest))
first, rest = _string.formatter_field_name_split("12")
print(repr(first), list(rest))
for bad in ["a}b", "a{b", "{!}", "{0!r x}", "{0!", "{!r", "{a!rx}", "{0:{1}", "{[}"]:
    try:
        list(_string.formatter_parser(bad))
    except ValueError as e:
        print("ValueError", e)
print(list(_string.formatter_parser("{a!r:}{0:{1}x}")))
