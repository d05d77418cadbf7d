//! What the JIT does with programs whose output cannot show it, read from the summary line of
//! the JIT log (`METATRACE_LOG`): counts of bridges, entries into compiled code and guard
//! failures that a change to the tracer could silently make grow with the input.

use std::process::Command;

/// Run `source` under ripy with the JIT log written to a temporary file; its stdout and the
/// numbers of the log's summary line, by name.
fn run_logged(name: &str, source: &str) -> (String, Vec<(String, f64)>) {
    let dir = std::env::temp_dir().join(format!("ripy-jit-log-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a temporary directory");
    let (program, log) = (dir.join("program.py"), dir.join("jit.log"));
    std::fs::write(&program, source).expect("the program is written");
    let out = Command::new(env!("CARGO_BIN_EXE_ripy"))
        .arg(&program)
        .env("METATRACE_LOG", &log)
        .env_remove("METATRACE_JIT")
        .output()
        .expect("ripy runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = std::fs::read_to_string(&log).expect("the JIT log is written");
    let _ = std::fs::remove_dir_all(&dir);
    let summary = text.lines().rev().find_map(|l| l.strip_prefix("# summary: ")).expect("a summary line");
    let words: Vec<&str> = summary.split_whitespace().collect();
    let numbers = words
        .chunks(2)
        .filter_map(|pair| Some((pair[0].to_string(), pair.get(1)?.trim_end_matches('s').parse().ok()?)))
        .collect();
    (String::from_utf8_lossy(&out.stdout).into_owned(), numbers)
}

fn count(numbers: &[(String, f64)], name: &str) -> f64 {
    numbers.iter().find(|(n, _)| n == name).map(|(_, v)| *v).unwrap_or_else(|| panic!("no {name} in the summary"))
}

/// A recursive generator (`yield from` a binary tree, 14 levels) walked 20 times: each level is
/// suspended at one of three points, and unrolling the chain into one trace needed a bridge per
/// combination (hundreds of bridges, and more than one entry into compiled code per item).
#[test]
fn recursive_generator_chains_stay_in_compiled_code() {
    let source = r#"
class Tree:
    def __init__(self, left, value, right):
        self.left = left
        self.value = value
        self.right = right

    def __iter__(self):
        if self.left:
            yield from self.left
        yield self.value
        if self.right:
            yield from self.right


def tree(lo, hi):
    if lo >= hi:
        return None
    mid = (lo + hi) // 2
    return Tree(tree(lo, mid), mid, tree(mid + 1, hi))


t = tree(0, 20000)
total = 0
for _ in range(20):
    for v in t:
        total += v
print(total)
"#;
    let (out, numbers) = run_logged("generator_tree", source);
    assert_eq!(out, "3999800000\n");
    let items = 20.0 * 20000.0;
    let (bridges, entries, failures) =
        (count(&numbers, "bridges"), count(&numbers, "entries"), count(&numbers, "guard-failures"));
    assert!(bridges < 100.0, "{bridges} bridges");
    assert!(entries < items / 10.0, "{entries} entries into compiled code for {items} items");
    assert!(failures < items / 20.0, "{failures} guard failures for {items} items");
}

/// Generator expressions consumed by builtins (`sum`, `max`, `list`) over 1000 items each: past
/// the first items the consumer's own loop is compiled with the generator's resumption inlined,
/// so compiled code is entered a few times per call, not once per item.
#[test]
fn builtins_consume_generators_in_compiled_loops() {
    let source = r#"
def total(n, k):
    return sum(x * x + k for x in range(n)) + max(x ^ k for x in range(n)) + len(list(x for x in range(n) if x & k))


t = 0
for i in range(200):
    t += total(1000, i % 5)
print(t)
"#;
    let (out, numbers) = run_logged("genexp_consumers", source);
    assert_eq!(out, "66567389800\n");
    let items = 200.0 * 3.0 * 1000.0;
    let entries = count(&numbers, "entries");
    assert!(entries < items / 20.0, "{entries} entries into compiled code for {items} items");
}

/// spectral_norm's pattern: a loop over a list compiled while the list holds ints, later run on
/// lists of floats. Without a version of the loop for float lists, every iteration ran the
/// int version's preamble and a bridge that boxed the loop's floats for its jump back there
/// (three allocations per iteration); with it, the inner loop allocates nothing.
#[test]
fn loops_get_versions_for_lists_of_another_kind() {
    let source = r#"
def eval_A(i, j):
    return 1.0 / ((i + j) * (i + j + 1) // 2 + i + 1)


def times_u(u):
    out = []
    for i in range(len(u)):
        s = 0
        for j, u_j in enumerate(u):
            s += eval_A(i, j) * u_j
        out.append(s)
    return out


def run(n, rounds):
    u = [1] * n
    for _ in range(rounds):
        v = times_u(u)
        u = times_u(v)
    return sum(u)


print(round(run(200, 10), 6))
"#;
    let dir = std::env::temp_dir().join(format!("ripy-jit-log-{}-versions", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a temporary directory");
    let program = dir.join("program.py");
    std::fs::write(&program, source).expect("the program is written");
    let out = Command::new(env!("CARGO_BIN_EXE_ripy"))
        .arg(&program)
        .env("METATRACE_GC_STATS", "1")
        .env_remove("METATRACE_JIT")
        .env_remove("METATRACE_GC")
        .output()
        .expect("ripy runs");
    let _ = std::fs::remove_dir_all(&dir);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(String::from_utf8_lossy(&out.stdout), "462.782261\n");
    let stats = String::from_utf8_lossy(&out.stderr);
    let allocations: f64 = stats
        .split(',')
        .find_map(|part| part.trim().strip_suffix(" allocations")?.parse().ok())
        .unwrap_or_else(|| panic!("no allocation count in {stats}"));
    let iterations = 10.0 * 2.0 * 200.0 * 200.0;
    assert!(allocations < iterations / 4.0, "{allocations} allocations for {iterations} inner iterations");
}

/// unpack_sequence's pattern: a loop of 400 unpackings of a 10-item sequence, run on a tuple and
/// then on a list of ints. Each unpacking of the list boxes its 10 items: the boxes of the first
/// are reused by the others (the same values, read from the unchanged list), so the list's loop
/// is recorded whole (it was 8000 operations, cut into 4 segments), and it gets a version of its
/// own instead of a bridge from the tuple version's class guard that jumps back there, failing
/// that guard again on every iteration.
#[test]
fn unpacking_a_list_records_its_boxes_once() {
    let source = r#"
body = "\n".join(["def unpack(seq, n):", "    for _ in range(n):"] + ["        a, b, c, d, e, f, g, h, i, j = seq"] * 400 + ["    return a + j"])
ns = {}
exec(body, ns)
print(ns["unpack"](tuple(range(10)), 3000), ns["unpack"](list(range(10)), 3000))
"#;
    let (out, numbers) = run_logged("unpack_list", source);
    assert_eq!(out, "9 9\n");
    let (aborts, loops, recorded) =
        (count(&numbers, "aborts"), count(&numbers, "loops"), count(&numbers, "recorded-ops"));
    assert_eq!((aborts, loops), (0.0, 2.0), "no trace too long, a loop per kind: {numbers:?}");
    assert!(recorded < 400.0, "{recorded} operations recorded");
}

/// `METATRACE_PERFMAP=1` names every compiled trace in `/tmp/perf-PID.map` for `perf report`:
/// one line per loop and bridge of the JIT log's summary, each a hex address and a non-zero hex
/// size, ranges that do not overlap.
#[test]
fn perf_map_names_every_compiled_trace() {
    let source = "total = 0\nfor i in range(20000):\n    if i % 3:\n        total += i\n    else:\n        total -= 1\nprint(total)\n";
    let dir = std::env::temp_dir().join(format!("ripy-perf-map-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a temporary directory");
    let (program, log) = (dir.join("program.py"), dir.join("jit.log"));
    std::fs::write(&program, source).expect("the program is written");
    let child = Command::new(env!("CARGO_BIN_EXE_ripy"))
        .arg(&program)
        .env("METATRACE_LOG", &log)
        .env("METATRACE_PERFMAP", "1")
        .env_remove("METATRACE_JIT")
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("ripy runs");
    let map_path = format!("/tmp/perf-{}.map", child.id());
    let out = child.wait_with_output().expect("ripy finishes");
    assert!(out.status.success());
    let expected: i64 = (0..20000i64).map(|i| if i % 3 != 0 { i } else { -1 }).sum();
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), expected.to_string());
    let map = std::fs::read_to_string(&map_path).expect("the perf map is written");
    let log = std::fs::read_to_string(&log).expect("the JIT log is written");
    let _ = (std::fs::remove_file(&map_path), std::fs::remove_dir_all(&dir));
    let mut ranges: Vec<(u64, u64, String)> = map
        .lines()
        .map(|line| {
            let mut words = line.splitn(3, ' ');
            let mut hex = || u64::from_str_radix(words.next().expect("a field"), 16).expect("hex");
            let (addr, size) = (hex(), hex());
            (addr, size, words.next().expect("a name").to_string())
        })
        .collect();
    let summary = log.lines().rev().find_map(|l| l.strip_prefix("# summary: ")).expect("a summary line");
    let stat = |name: &str| {
        let words: Vec<&str> = summary.split_whitespace().collect();
        let at = words.iter().position(|w| *w == name).expect("a count");
        words[at + 1].parse::<usize>().expect("a number")
    };
    let named = |kind: &str| ranges.iter().filter(|(_, _, n)| n.starts_with(&format!("metatrace {kind} "))).count();
    assert_eq!((named("loop"), named("bridge")), (stat("loops"), stat("bridges")), "{map}");
    assert!(stat("bridges") >= 1, "the branch makes a bridge: {summary}");
    ranges.sort();
    assert!(ranges.iter().all(|(addr, size, _)| *addr > 0 && *size > 0));
    assert!(ranges.windows(2).all(|w| w[0].0 + w[0].1 <= w[1].0), "{map}");
}

/// A loop drawing 60000 numbers from a seeded generator (about 100 regenerations of its 624
/// words): the generator's step, twist included, is one residual call (`_random._genrand32`), so
/// the loop stays in its compiled code. When the step was Python, every twist left the loop
/// (guard failures and entries grew with the draws: 334 and 313 here).
#[test]
fn drawing_random_numbers_stays_in_compiled_code() {
    let source = r#"
import random
r = random.Random(5)
total = 0
for i in range(60000):
    total += r.getrandbits(32) & 7
print(total)
"#;
    let (out, numbers) = run_logged("random_draws", source);
    assert_eq!(out, "210801\n");
    let (failures, entries) = (count(&numbers, "guard-failures"), count(&numbers, "entries"));
    assert!(failures < 150.0 && entries < 150.0, "{failures} guard failures, {entries} entries: {numbers:?}");
}
