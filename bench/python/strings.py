# String-heavy work: building, splitting, joining, case changes, searching, replacing and
# formatting text, written for ripy's benchmarks (no imports).

WORDS = ("alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho "
         "sigma tau upsilon phi chi psi omega").split()


def make_text(n):
    parts = []
    state = 7
    for i in range(n):
        state = (state * 1103515245 + 12345) % 2147483648
        word = WORDS[state % len(WORDS)]
        if state % 7 == 0:
            word = word.capitalize()
        parts.append(word)
        if state % 11 == 0:
            parts.append("\n")
    return " ".join(parts)


def caesar(s, shift):
    out = []
    for ch in s:
        if "a" <= ch <= "z":
            out.append(chr((ord(ch) - 97 + shift) % 26 + 97))
        elif "A" <= ch <= "Z":
            out.append(chr((ord(ch) - 65 + shift) % 26 + 65))
        else:
            out.append(ch)
    return "".join(out)


def process(text):
    lines = text.split("\n")
    total = 0
    longest = ""
    for line in lines:
        line = line.strip()
        if not line:
            continue
        words = line.split()
        total += len(words)
        for w in words:
            if len(w) > len(longest) or (len(w) == len(longest) and w < longest):
                longest = w
    upper = text.upper()
    title = text.title()
    replaced = text.replace("eta", "ETA").replace("pi", "PI")
    found = 0
    start = 0
    while True:
        k = text.find("gamma", start)
        if k < 0:
            break
        found += 1
        start = k + 1
    table = ["%-8s|%5d|%s" % (w, len(w), w[::-1]) for w in WORDS]
    fmt = "{} {} {}".format(total, longest, found)
    fstr = f"{len(upper)}:{title[:20]!r}:{replaced.count('ETA')}"
    return total, longest, found, len(upper), title.count("Alpha"), replaced.count("PI"), table[3], fmt, fstr


def main():
    text = make_text(40000)
    for shift in (1, 5, 13):
        encoded = caesar(text, shift)
        decoded = caesar(encoded, 26 - shift)
        print(shift, decoded == text, encoded[:40].replace("\n", "/"))
    for _ in range(8):
        result = process(text)
    print(result)
    words = text.split()
    print(len(words), sorted(set(words))[:5], "-".join(words[:6]))
    acc = ""
    for w in words[:3000]:
        acc += w[0]
    print(len(acc), acc[:30], acc.startswith("a"), acc.endswith(acc[-3:]))


main()
