# str split/rsplit/splitlines/partition/strip/join/replace: separators, limits, white space, errors.
def show(label, f):
    try:
        print(label, repr(f()))
    except Exception as e:
        print(label, "->", type(e).__name__, e)

texts = ["", " ", "a", " a ", "a b", "  a  b  ", "a,b,,c", ",a,", "a\tb\nc\x0bd\x0ce\rf", "a\u3000b\u2003c"]
for t in texts:
    print(repr(t), t.split(), t.rsplit(), t.split(","), t.split(None, 1), t.rsplit(None, 1), t.split(",", 1), t.rsplit(",", 1))
show("maxsplit_zero", lambda: ["a b c".split(None, 0), " a b ".split(maxsplit=0), "a,b".split(",", 0), " a b ".rsplit(maxsplit=0)])
show("maxsplit_neg", lambda: ["a b c".split(maxsplit=-5), "a,b,c".rsplit(",", -1)])
show("multi_char_sep", lambda: ["a::b::c".split("::"), "a::b::c".rsplit("::", 1), "aaaa".split("aa"), "aaa".split("aa"), "aaa".rsplit("aa")])
show("sep_kw", lambda: ["a-b".split(sep="-"), "a-b-c".rsplit(sep="-", maxsplit=1)])
show("split_errs", lambda: "a".split(1))
show("split_errs2", lambda: "a".split("-", "1"))
show("split_errs3", lambda: "a".split("", 1))
show("split_errs4", lambda: "a".split(x=1))
show("split_errs5", lambda: "a".split("-", 1, 2))
show("splitlines", lambda: ["a\n\nb\n".splitlines(), "\n".splitlines(True), "a\r\n\rb".splitlines(True), "no newline".splitlines(), "x\x1cy\x1dz\x1ew".splitlines()])
show("partition", lambda: ["a-b-c".partition("-"), "a-b-c".rpartition("-"), "abc".partition("abc"), "abc".rpartition("x"), "--".partition("-")])
show("partition_err", lambda: "a".partition(None))
show("strip", lambda: ["\t\n x \r\x0b".strip(), "xxyxx".strip("x"), "abcba".strip("ab"), "  ".strip(), "a".strip(""), "aaa".lstrip("a"), "baa".rstrip("a")])
show("strip_none", lambda: ["  x  ".strip(None), "  x  ".lstrip(None), "  x  ".rstrip(None)])
show("join", lambda: ["".join([]), ",".join(["a"]), ",".join("abc"), "-".join(("x", "y")), "".join({"k": 1}), " ".join(map(str, range(3)))])
show("join_errs", lambda: ",".join(["a", None]))
show("join_errs2", lambda: ",".join([b"a"]))
show("join_errs3", lambda: ",".join(None))
show("replace", lambda: ["aaa".replace("a", "bb"), "aaa".replace("aa", "b"), "abc".replace("", "."), "".replace("", "x"), "abc".replace("b", ""), "abab".replace("ab", "ba", 1), "x".replace("x", "y", 0)])
show("replace_errs", lambda: "a".replace(1, "b"))
show("replace_errs2", lambda: "a".replace("a"))
show("count_find_empty", lambda: ["".count(""), "ab".count("", 5), "ab".find("", 2), "ab".find("", 3), "ab".rfind(""), "".find("")])
show("startswith_empty", lambda: ["abc".startswith(""), "abc".startswith("", 3), "abc".startswith("", 4), "abc".endswith("", -1), "".endswith("")])
show("expandtabs_col", lambda: ["\t".expandtabs(3), "ab\tc\td".expandtabs(3), "a\n\tb".expandtabs(2), "x\ty".expandtabs(-1)])
show("zfill_center", lambda: ["".zfill(3), "-".zfill(3), "+1".zfill(1), "ab".center(7, "."), "ab".center(6, "."), "abc".center(6, ".")])
show("mul_join", lambda: ["ab" * 0, "ab" * 3, "-" * 5, 2 * "xy"])
show("mul_err", lambda: "a" * "b")
show("mul_big_err", lambda: "a" * (2**63))
