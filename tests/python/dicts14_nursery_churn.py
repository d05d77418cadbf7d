# Old objects that get references to young ones while much short-lived garbage is allocated:
# many nursery collections happen in between, and every young object reachable only from an
# old container (dict values and keys, list items, attributes, set members, closure cells) must
# survive them with its contents intact.


class Node:
    def __init__(self, key):
        self.key = key
        self.child = None


def churn(n):
    # Short-lived strings, tuples, lists and dicts: garbage for the nursery.
    total = 0
    for i in range(n):
        s = "g" + str(i)
        t = (s, i, [i, i + 1])
        d = {s: t, i: s}
        total += len(d[i]) + t[2][1]
    return total


def main():
    table = {}
    items = []
    nodes = [Node(i) for i in range(200)]
    members = set()
    cell = [None]

    def keep(value):
        cell[0] = value

    checks = 0
    for round_ in range(30):
        for i in range(200):
            key = "k%d_%d" % (round_, i)
            table[key] = [key, round_ * 1000 + i]
            items.append((key, str(i * 7)))
            nodes[i].child = Node(key)
            nodes[i].child.child = {"v": key + "!"}
            members.add(key.upper())
        keep({"round": str(round_) * 3})
        checks += churn(3000)
        # Everything stored above must still read back correctly.
        for i in range(0, 200, 37):
            key = "k%d_%d" % (round_, i)
            assert table[key] == [key, round_ * 1000 + i], (key, table[key])
            assert nodes[i].child.key == key
            assert nodes[i].child.child["v"] == key + "!"
            assert key.upper() in members
        assert cell[0]["round"] == str(round_) * 3
    print(len(table), len(items), len(members), checks)
    print(items[0], items[-1], items[len(items) // 2])
    print(sorted(table)[:3], table["k29_199"], table["k0_0"])
    print(sum(v[1] for v in table.values()) % 1000003)
    print(nodes[5].child.key, nodes[199].child.child, cell[0])


main()
