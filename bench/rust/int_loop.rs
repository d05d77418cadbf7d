//! bench/tiny/int_loop.tl written by hand in Rust (overflow checked, as tiny does).
use std::hint::black_box;
use std::time::Instant;

fn main() {
    let start = Instant::now();
    let n: i64 = black_box(3_000_000);
    let (mut i, mut total) = (0i64, 0i64);
    while i < n {
        let t = i.checked_mul(3).and_then(|x| total.checked_add(x)).and_then(|x| x.checked_sub(i % 7));
        total = t.expect("integer overflow");
        i += 1;
    }
    println!("{total}");
    eprintln!("loop seconds {:.6}", start.elapsed().as_secs_f64());
}
