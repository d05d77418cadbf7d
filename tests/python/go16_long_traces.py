# Loops whose bodies inline more operations than the JIT's trace limit: the tracer gives up,
# marks the largest inlined call "don't inline" and retraces, and bridges from data-dependent
# branches deep in the inlined calls run the rest of the body. Results must match CPython.


class Rng:
    def __init__(self, seed):
        self.state = seed

    def next(self):
        self.state = (self.state * 1103515245 + 12345) & 0x7FFFFFFF
        return self.state

    def below(self, n):
        return self.next() % n


class Cell:
    def __init__(self, pos):
        self.pos = pos
        self.owner = 0
        self.parent = self
        self.weight = 1

    def find(self):
        if self.parent is not self:
            self.parent = self.parent.find()
        return self.parent

    def union(self, other):
        a, b = self.find(), other.find()
        if a is b:
            return False
        if a.weight < b.weight:
            a, b = b, a
        b.parent = a
        a.weight += b.weight
        return True


class Grid:
    def __init__(self, size):
        self.size = size
        self.cells = [Cell(i) for i in range(size * size)]
        self.moves = 0
        self.merges = 0

    def neighbours(self, pos):
        x, y = pos % self.size, pos // self.size
        out = []
        if x > 0:
            out.append(pos - 1)
        if x < self.size - 1:
            out.append(pos + 1)
        if y > 0:
            out.append(pos - self.size)
        if y < self.size - 1:
            out.append(pos + self.size)
        return out

    def score(self, owner):
        total = 0
        for cell in self.cells:
            if cell.owner == owner:
                total += cell.find().weight
        return total

    def place(self, pos, owner):
        cell = self.cells[pos]
        if cell.owner:
            return self.capture(cell, owner)
        cell.owner = owner
        self.moves += 1
        for n in self.neighbours(pos):
            other = self.cells[n]
            if other.owner == owner and cell.union(other):
                self.merges += 1
        return 1

    def capture(self, cell, owner):
        if cell.owner == owner:
            return 0
        cell.owner = owner
        cell.parent = cell
        cell.weight = 1
        return 2 if cell.pos % 3 else 3


class Game:
    def __init__(self, seed, size):
        self.rng = Rng(seed)
        self.grid = Grid(size)
        self.log = []

    def turn(self, owner):
        pos = self.rng.below(self.grid.size * self.grid.size)
        got = self.grid.place(pos, owner)
        if got == 3:
            self.log.append(pos)
        elif got == 2 and len(self.log) > 4:
            self.log.pop()
        return got

    def play(self, turns):
        total = 0
        for t in range(turns):
            total += self.turn(1 + t % 2)
            total += self.turn(2 - t % 2) * 2
            if self.rng.below(7) == 0:
                total += self.extra(t)
        return total

    def extra(self, t):
        a = self.turn(1)
        b = self.turn(2)
        c = self.grid.capture(self.grid.cells[t % len(self.grid.cells)], 1 + (a + b) % 2)
        return a + b + c


def run(seed, size, turns):
    game = Game(seed, size)
    total = game.play(turns)
    grid = game.grid
    return total, grid.moves, grid.merges, grid.score(1), grid.score(2), len(game.log), sum(game.log)


def many_games(count):
    out = []
    for g in range(count):
        out.append(run(g * 7919 + 1, 5 + g % 4, 40 + g % 13))
    return out


results = many_games(300)
print(results[:5])
print(results[-3:])
print([sum(r[i] for r in results) for i in range(7)])
print(run(12345, 9, 3000))
