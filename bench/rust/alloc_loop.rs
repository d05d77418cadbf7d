//! bench/tiny/alloc_loop.tl written by hand in Rust: a fresh heap pair per iteration, the last
//! eight kept in a window.
use std::hint::black_box;
use std::time::Instant;

fn main() {
    let start = Instant::now();
    let n: i64 = black_box(2_000_000);
    let mut window: [Option<Box<[i64; 2]>>; 8] = Default::default();
    let mut i = 0i64;
    while i < n {
        let pair = black_box(Box::new([i, i.checked_mul(2).expect("integer overflow")]));
        window[(i % 8) as usize] = Some(pair);
        i += 1;
    }
    let last = window[7].as_ref().expect("set");
    println!("[{}, {}]", last[0], last[1]);
    eprintln!("loop seconds {:.6}", start.elapsed().as_secs_f64());
}
