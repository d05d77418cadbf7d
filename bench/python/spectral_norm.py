# Spectral norm of the infinite matrix A(i, j) = 1 / ((i + j) * (i + j + 1) / 2 + i + 1), by the
# power method (Computer Language Benchmarks Game), written for ripy's benchmarks: small function
# calls in tight loops, int and float arithmetic, lists.


def eval_a(i, j):
    return 1.0 / ((i + j) * (i + j + 1) // 2 + i + 1)


def eval_a_times_u(u):
    n = len(u)
    result = []
    for i in range(n):
        total = 0.0
        for j in range(n):
            total += eval_a(i, j) * u[j]
        result.append(total)
    return result


def eval_at_times_u(u):
    n = len(u)
    result = []
    for i in range(n):
        total = 0.0
        for j in range(n):
            total += eval_a(j, i) * u[j]
        result.append(total)
    return result


def eval_ata_times_u(u):
    return eval_at_times_u(eval_a_times_u(u))


def main():
    n = 150
    for round_ in range(3):
        u = [1.0] * n
        for _ in range(10):
            v = eval_ata_times_u(u)
            u = eval_ata_times_u(v)
        vbv = 0.0
        vv = 0.0
        for ue, ve in zip(u, v):
            vbv += ue * ve
            vv += ve * ve
        print("round", round_, "%0.9f" % ((vbv / vv) ** 0.5))


main()
