//! bench/tiny/call_loop.tl written by hand in Rust (overflow checked, as tiny does).
use std::hint::black_box;
use std::time::Instant;

#[inline(never)]
fn step(a: i64, b: i64) -> i64 {
    b.checked_mul(2).and_then(|x| a.checked_add(x)).expect("integer overflow")
}

fn main() {
    let start = Instant::now();
    let n: i64 = black_box(1_500_000);
    let (mut i, mut total) = (0i64, 0i64);
    while i < n {
        total = step(total, i) % 1_000_003;
        i += 1;
    }
    println!("{total}");
    eprintln!("loop seconds {:.6}", start.elapsed().as_secs_f64());
}
