//! bench/tiny/float_loop.tl written by hand in Rust.
use std::hint::black_box;
use std::time::Instant;

fn main() {
    let start = Instant::now();
    let n: i64 = black_box(2_000_000);
    let (mut i, mut x, mut acc) = (0i64, 0.5f64, 0.0f64);
    while i < n {
        x = x * 0.999 + 0.001;
        acc += x;
        i += 1;
    }
    println!("{acc:?}");
    eprintln!("loop seconds {:.6}", start.elapsed().as_secs_f64());
}
