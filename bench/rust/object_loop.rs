//! bench/tiny/object_loop.tl written by hand in Rust: the object is a heap struct.
use std::hint::black_box;
use std::time::Instant;

struct Point {
    x: i64,
    y: i64,
}

fn main() {
    let start = Instant::now();
    let n: i64 = black_box(1_500_000);
    let mut p = black_box(Box::new(Point { x: 0, y: 0 }));
    let mut i = 0i64;
    while i < n {
        p.x = p.x.checked_add(1).expect("integer overflow");
        p.y = p.y.checked_add(p.x % 3).expect("integer overflow");
        i += 1;
    }
    println!("{}", p.x);
    println!("{}", p.y);
    eprintln!("loop seconds {:.6}", start.elapsed().as_secs_f64());
}
