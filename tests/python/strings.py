# String basics: indexing, slicing, methods, formatting.
s = "Hello, World"
print(s, len(s), s[0], s[-1], s[2:5], s[::-1], s[::2], s[7:], s[:-3])
print(s.upper(), s.lower(), s.split(", "), "a b  c".split(), "-".join(["x", "y", "z"]))
print(s.replace("l", "L"), s.find("o"), s.rfind("o"), s.count("l"), s.startswith("Hell"), s.endswith("d"))
print("  pad  ".strip() + "|", "xxhixx".strip("x"), "abc".center(9, "*"), "7".zfill(3), "ab".ljust(4) + "|")
print("abc" * 3, "a" + "b", "b" in "abc", "z" not in "abc", "abc" < "abd", "B" < "a")
print(str(12), str(1.5), str(None), str(True), repr("it's"), repr('say "hi"'), repr("a\nb"))
name, n = "ripy", 3
print(f"{name} has {n} items", f"{n:03d}", f"{3.14159:.2f}", f"{name!r}", f"{n * 2}", f"{'x':>5}|", f"{1234567:,}")
print("%s is %d years and %.1f%%" % ("Bob", 30, 99.5), "%5s|%-5s|" % ("a", "b"), "%x" % 255)
print("{} and {}".format(1, 2), "{1}{0}".format("a", "b"), "{name}!".format(name="hey"), "{:>6.2f}".format(2.5))
print(ord("a"), chr(65), "abc".isalpha(), "123".isdigit(), " ".isspace(), "Ab".isupper(), "hello world".title())
words = "the quick brown fox".split()
print(sorted(words), sorted(words, key=len), [w.capitalize() for w in words])
print("a,b,,c".split(","), "line1\nline2".splitlines(), "k=v".partition("="), "x".join("abc"))
t = ""
for ch in "abc":
    t += ch.upper()
print(t, "é", len("héllo"), "héllo"[1], "日本"[::-1])
print(format(255, "x"), format(3.5, "e"), format(0.000123, "g"), format(1e20, "g"), format(12.0, ""), f"{2.0:g}")
