# Dict-heavy work: counting, grouping, merging and iterating dictionaries with string, int and
# tuple keys, written for ripy's benchmarks (no imports).


def word_stream(n):
    syllables = ["ka", "lo", "mi", "ne", "su", "ta", "ri", "po"]
    state = 12345
    words = []
    for _ in range(n):
        state = (state * 1103515245 + 12345) % 2147483648
        length = 1 + state % 3
        w = ""
        s = state
        for _ in range(length):
            w += syllables[s % 8]
            s //= 8
        words.append(w)
    return words


def count(words):
    counts = {}
    for w in words:
        counts[w] = counts.get(w, 0) + 1
    return counts


def group_by_length(counts):
    groups = {}
    for w, c in counts.items():
        groups.setdefault(len(w), []).append((c, w))
    for k in groups:
        groups[k].sort(reverse=True)
    return groups


def grid(n):
    cells = {}
    for x in range(n):
        for y in range(n):
            cells[(x, y)] = (x * 31 + y * 17) % 10
    total = 0
    for (x, y), v in cells.items():
        if (x + 1, y) in cells:
            total += v * cells[(x + 1, y)]
        if (x, y + 1) in cells:
            total += v - cells[(x, y + 1)]
    return total


def squares(n):
    d = {i: i * i for i in range(n)}
    for i in range(0, n, 3):
        del d[i]
    s = 0
    for k in d:
        s += d[k] - k
    merged = dict(d)
    merged.update({-i: i for i in range(100)})
    return s, len(merged), sum(merged.values()) % 1000003


def main():
    words = word_stream(150000)
    for _ in range(3):
        counts = count(words)
    groups = group_by_length(counts)
    print(len(counts), sorted(groups), [groups[k][:3] for k in sorted(groups)][:2])
    print(grid(250))
    print(squares(150000))
    inverse = {}
    for w, c in counts.items():
        inverse.setdefault(c, set()).add(w)
    top = max(inverse)
    print(top, sorted(inverse[top]), len(inverse))


main()
