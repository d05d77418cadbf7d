# A chaos game that draws a fractal through B-spline-shaped transformations, in the spirit of
# pyperformance's "chaos", written for ripy's benchmarks: small vector objects with operator
# dunders, float arithmetic, method calls and a deterministic pseudo-random generator.


class Random:
    """A linear congruential generator (no imports: same numbers everywhere)."""

    def __init__(self, seed):
        self.state = seed

    def next_int(self, bound):
        self.state = (self.state * 1103515245 + 12345) % 2147483648
        return (self.state >> 8) % bound

    def next_float(self):
        self.state = (self.state * 1103515245 + 12345) % 2147483648
        return self.state / 2147483648.0


class GVector:
    def __init__(self, x=0.0, y=0.0, z=0.0):
        self.x = x
        self.y = y
        self.z = z

    def mag(self):
        return (self.x * self.x + self.y * self.y + self.z * self.z) ** 0.5

    def dist(self, other):
        dx = self.x - other.x
        dy = self.y - other.y
        dz = self.z - other.z
        return (dx * dx + dy * dy + dz * dz) ** 0.5

    def __add__(self, other):
        return GVector(self.x + other.x, self.y + other.y, self.z + other.z)

    def __sub__(self, other):
        return self + other * -1

    def __mul__(self, other):
        return GVector(self.x * other, self.y * other, self.z * other)

    __rmul__ = __mul__

    def linear_combination(self, other, l1, l2=None):
        if l2 is None:
            l2 = 1 - l1
        return GVector(self.x * l1 + other.x * l2, self.y * l1 + other.y * l2, self.z * l1 + other.z * l2)

    def __repr__(self):
        return "<%.4f, %.4f, %.4f>" % (self.x, self.y, self.z)


class Spline:
    """A uniform quadratic B-spline through control points."""

    def __init__(self, points):
        self.points = points

    def __call__(self, u):
        n = len(self.points) - 2
        segment = int(u * n)
        if segment >= n:
            segment = n - 1
        t = u * n - segment
        p0 = self.points[segment]
        p1 = self.points[segment + 1]
        p2 = self.points[segment + 2]
        b0 = 0.5 * (1 - t) * (1 - t)
        b1 = 0.5 + t * (1 - t)
        b2 = 0.5 * t * t
        return p0 * b0 + p1 * b1 + p2 * b2


class Chaosgame:
    def __init__(self, splines, thickness, rng):
        self.splines = splines
        self.thickness = thickness
        self.rng = rng
        self.minx = min(p.x for s in splines for p in s.points)
        self.maxx = max(p.x for s in splines for p in s.points)
        self.miny = min(p.y for s in splines for p in s.points)
        self.maxy = max(p.y for s in splines for p in s.points)
        self.height = self.maxy - self.miny
        self.width = self.maxx - self.minx
        self.num_trafos = []
        maxlength = thickness * self.width / self.height
        for spl in splines:
            length = 0.0
            curr = spl(0.0)
            for i in range(1, 1000):
                last = curr
                curr = spl(i / 1000.0)
                length += curr.dist(last)
            self.num_trafos.append(max(1, int(length / maxlength * 1.5)))
        self.num_total = sum(self.num_trafos)

    def get_random_trafo(self):
        r = self.rng.next_int(self.num_total)
        l = 0
        for i in range(len(self.num_trafos)):
            if l <= r < l + self.num_trafos[i]:
                return i, self.rng.next_int(self.num_trafos[i])
            l += self.num_trafos[i]
        return len(self.num_trafos) - 1, 0

    def transform_point(self, point):
        x = (point.x - self.minx) / self.width
        y = (point.y - self.miny) / self.height
        trafo = self.get_random_trafo()
        start = trafo[1] / self.num_trafos[trafo[0]]
        end = (trafo[1] + 1) / self.num_trafos[trafo[0]]
        spl = self.splines[trafo[0]]
        basepoint = spl(start + (end - start) * y)
        if start + (end - start) * y + 0.001 < 1.0:
            derivative = spl(start + (end - start) * y + 0.001) - basepoint
        else:
            derivative = basepoint - spl(start + (end - start) * y - 0.001)
        mag = derivative.mag()
        if mag == 0.0:
            return basepoint
        derivative = derivative * (1.0 / mag)
        offset = GVector(-derivative.y, derivative.x, 0.0)
        return basepoint + offset * ((x - 0.5) * self.thickness)

    def truncate(self, point):
        if point.x >= self.maxx:
            point.x = self.maxx
        if point.y >= self.maxy:
            point.y = self.maxy
        if point.x < self.minx:
            point.x = self.minx
        if point.y < self.miny:
            point.y = self.miny

    def create_image_chaos(self, w, h, iterations):
        image = [[0] * h for _ in range(w)]
        point = GVector((self.maxx + self.minx) / 2, (self.maxy + self.miny) / 2, 0)
        for _ in range(iterations):
            point = self.transform_point(point)
            self.truncate(point)
            x = int((point.x - self.minx) / self.width * (w - 1))
            y = int((self.maxy - point.y) / self.height * (h - 1))
            image[x][y] += 1
        return image


def main():
    splines = [
        Spline([GVector(1.597350, 3.304460, 0.0), GVector(1.575810, 4.123260, 0.0),
                GVector(1.313210, 5.288350, 0.0), GVector(1.618900, 5.329910, 0.0),
                GVector(2.889940, 5.502700, 0.0), GVector(2.373060, 4.381830, 0.0),
                GVector(1.662000, 4.360280, 0.0)]),
        Spline([GVector(2.804500, 4.017350, 0.0), GVector(2.550500, 3.525230, 0.0),
                GVector(1.979010, 2.620360, 0.0), GVector(1.979010, 2.620360, 0.0)]),
        Spline([GVector(2.001670, 4.011320, 0.0), GVector(2.335040, 3.312830, 0.0),
                GVector(2.366800, 3.233460, 0.0), GVector(2.366800, 3.233460, 0.0)]),
    ]
    game = Chaosgame(splines, 0.25, Random(1234))
    image = game.create_image_chaos(64, 64, 60000)
    filled = 0
    total = 0
    weighted = 0
    for x in range(64):
        for y in range(64):
            if image[x][y]:
                filled += 1
                total += image[x][y]
                weighted += image[x][y] * (x * 64 + y)
    print("trafos", game.num_trafos, "points", total, "filled", filled, "weighted", weighted)
    print(splines[0](0.5), splines[1](0.25))


main()
