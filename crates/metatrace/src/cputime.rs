//! The CPU time of the current thread, for the JIT's own accounting (time spent tracing and
//! compiling): unlike wall-clock time it does not grow while other processes hold the CPU.

/// A point in the current thread's CPU time.
#[derive(Copy, Clone, Debug)]
pub struct CpuInstant(f64);

impl CpuInstant {
    /// Now.
    pub fn now() -> CpuInstant {
        CpuInstant(thread_cpu_seconds())
    }

    /// Seconds of this thread's CPU time since `self`.
    pub fn elapsed(&self) -> f64 {
        thread_cpu_seconds() - self.0
    }
}

/// The CPU time the current thread has used, in seconds (0 if the clock cannot be read).
fn thread_cpu_seconds() -> f64 {
    let mut ts = libc::timespec { tv_sec: 0, tv_nsec: 0 };
    // SAFETY: `ts` is a valid, writable timespec; the call writes only into it.
    let r = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    if r != 0 {
        return 0.0;
    }
    ts.tv_sec as f64 + ts.tv_nsec as f64 * 1e-9
}

#[cfg(test)]
mod tests {
    use super::CpuInstant;

    #[test]
    fn cpu_time_advances_with_work() {
        let start = CpuInstant::now();
        let mut x = 0u64;
        for i in 0..20_000_000u64 {
            x = std::hint::black_box(x.wrapping_mul(31).wrapping_add(i));
        }
        std::hint::black_box(x);
        assert!(start.elapsed() > 0.0);
    }
}
