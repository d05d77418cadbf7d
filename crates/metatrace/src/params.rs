//! Warm-up and tracing parameters, settable from the environment like PyPy's `--jit` options.
//!
//! `METATRACE_JIT` holds comma-separated settings: `off`, `eager` (threshold 1 and bridges on the
//! first failure), `threshold=N`, `function_threshold=N`, `trace_eagerness=N`, `trace_limit=N`,
//! `bridge_trace_limit=N`, `inline_depth=N`, `max_unroll_recursion=N`, `unroll_bridges=N`,
//! `unroll_loops=N`, `decay=N`, `replay_check` (replay every guard failure against the trace's
//! event log), `eager_frames` (write every frame back before each call that may force, instead of
//! leaving a virtualizable token: for comparison and debugging).

use std::fmt;

/// The JIT's tunable parameters.
#[derive(Clone, Debug, PartialEq)]
pub struct JitParams {
    /// Whether the JIT runs at all.
    pub enabled: bool,
    /// Backward jumps to a position before a loop is traced from it.
    pub threshold: u32,
    /// Portal entries (calls, generator resumptions) at a position before a function trace starts there.
    pub function_threshold: u32,
    /// Failures of a guard before a bridge is traced from it. 50 (PyPy: 200) since session 13:
    /// every failure below it resumes through replay, which costs far more than PyPy's blackhole
    /// (hexiom over 20 iterations: 73,000 resumes for 351 bridges at 200, 22,000 for 435 at 50,
    /// about 10% less process CPU time; go trades its fewer resumes for more bridges, even).
    pub trace_eagerness: u32,
    /// Operations in a trace before it is aborted as too long. 3000 (PyPy: 6000):
    /// a loop whose body inlines a whole program step (go's `computer_move` loop, 5800
    /// operations, every call of `UCTNode.play` inlined) gives each of its data-dependent exits
    /// a bridge that retraces the rest of that step; aborting it calls `play` instead: over 12
    /// iterations go's traces record half the operations (169k), its exits fail 32k times
    /// instead of 45k, and the whole process takes ~30% less CPU time.
    pub trace_limit: usize,
    /// Operations in a bridge's trace before it is aborted as too long (`trace_limit` holds for
    /// loops and function traces). 3000 as `trace_limit`: at 1500, measured over 12 iterations,
    /// hexiom takes 40% less CPU time (its bridges stop inlining a generator expression of
    /// `constraint_pass`, 401 bridges -> 248) but raytrace's steady state is 1.7x slower (its
    /// bridges stop inlining small hot functions such as `Ray.__init__`), and go, deltablue,
    /// chaos and richards are unchanged within the noise.
    pub bridge_trace_limit: usize,
    /// How many portal calls deep the tracer inlines before it leaves the call residual.
    pub inline_depth: usize,
    /// How many frames running one function (`Language::same_function`) the tracer's inline
    /// stack may hold before a call of that function is left residual (PyPy's
    /// `max_unroll_recursion`, which counts the frames at the same entry).
    pub max_unroll_recursion: usize,
    /// Bridges traced from exits inside the unrolled recursion of one function (the exit's
    /// innermost frame runs a function that another frame of its inline stack runs too) after
    /// which traces stop unrolling that function's recursion: a recursive call in it is left to
    /// the callee's compiled code (`call_assembler`), as with `max_unroll_recursion=1`. A
    /// recursion whose depth depends on the data (go's union-find `Square.find`) gives every
    /// unrolled level its own copies of the same data-dependent guards, each of which grows
    /// bridges; a recursion whose unrolling pays (a coroutine chain, `fib`) needs few. 0 never
    /// stops unrolling.
    pub unroll_bridges: u32,
    /// Iterations of an inlined frame's loop that a trace unrolls when the language asks for it
    /// (`Language::unrolls_loop`; ripy: comprehensions): when the frame reaches such a loop
    /// header for the `N+1`th time, the rest of its run becomes a residual call (`call_assembler`
    /// of the loop's own trace; see `Tracer::merge_point`), as it does at the second time for
    /// every other loop. A loop of fewer than `N` iterations is thus inlined whole, its frame
    /// virtual (chaos's `[points[i] for i in range(degree + 1)]`: one `call_assembler`, a
    /// frame and its closure cells fewer per call). 1 treats them as every other loop.
    pub unroll_loops: usize,
    /// Failed attempts at tracing a position before it is given up for good.
    pub max_retrace_attempts: u32,
    /// How much the failure counts of exits without a bridge decay each time a trace is
    /// compiled, in thousandths (as PyPy's `decay`=40, which decays at minor collections): an
    /// exit that fails only rarely never reaches `trace_eagerness`, so rare paths are not
    /// compiled. 0 (the default) keeps every failure counted: measured on a loaded machine,
    /// 40 made go 14% faster in steady state and 20% over 20 iterations (982 bridges -> 419),
    /// but hexiom 15% slower in steady state (twice the guard failures).
    pub decay: u32,
    /// Check every resumption against the trace's event log.
    pub replay_check: bool,
    /// Write the frames back before every call that may force, even when the language's frames
    /// have a token field (see [`crate::domain::Virtualizable::token`]).
    pub eager_frames: bool,
}

impl Default for JitParams {
    fn default() -> Self {
        JitParams {
            enabled: true,
            threshold: 1039,
            function_threshold: 1619,
            trace_eagerness: 50,
            trace_limit: 3000,
            bridge_trace_limit: 3000,
            inline_depth: 7,
            max_unroll_recursion: 7,
            unroll_bridges: 10,
            unroll_loops: 5,
            max_retrace_attempts: 3,
            decay: 0,
            replay_check: false,
            eager_frames: false,
        }
    }
}

/// A malformed `METATRACE_JIT` setting.
#[derive(Clone, Debug, PartialEq)]
pub struct ParamError(pub String);

impl fmt::Display for ParamError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "bad JIT setting: {}", self.0)
    }
}

impl std::error::Error for ParamError {}

impl JitParams {
    /// Defaults, then `spec` applied (the `METATRACE_JIT` syntax).
    pub fn parse(spec: &str) -> Result<JitParams, ParamError> {
        let mut p = JitParams::default();
        for item in spec.split(',').map(str::trim).filter(|s| !s.is_empty()) {
            match item.split_once('=') {
                None => match item {
                    "off" => p.enabled = false,
                    "on" => p.enabled = true,
                    "eager" => {
                        p.threshold = 1;
                        p.function_threshold = 1;
                        p.trace_eagerness = 1;
                    }
                    "replay_check" => p.replay_check = true,
                    "eager_frames" => p.eager_frames = true,
                    _ => return Err(ParamError(format!("unknown option {item:?}"))),
                },
                Some((key, value)) => {
                    let n: u64 =
                        value.parse().map_err(|_| ParamError(format!("{key} wants a whole number, not {value:?}")))?;
                    let small = || u32::try_from(n).map_err(|_| ParamError(format!("{key}={n} is too large")));
                    match key {
                        "threshold" => p.threshold = small()?.max(1),
                        "function_threshold" => p.function_threshold = small()?.max(1),
                        "trace_eagerness" => p.trace_eagerness = small()?.max(1),
                        "trace_limit" => p.trace_limit = n as usize,
                        "bridge_trace_limit" => p.bridge_trace_limit = n as usize,
                        "inline_depth" => p.inline_depth = n as usize,
                        "max_unroll_recursion" => p.max_unroll_recursion = n as usize,
                        "max_retrace_attempts" => p.max_retrace_attempts = small()?,
                        "unroll_bridges" => p.unroll_bridges = small()?,
                        "unroll_loops" => p.unroll_loops = (n as usize).max(1),
                        "decay" => p.decay = small()?.min(1000),
                        _ => return Err(ParamError(format!("unknown option {key:?}"))),
                    }
                }
            }
        }
        Ok(p)
    }

    /// Parameters from the `METATRACE_JIT` environment variable (defaults when unset).
    pub fn from_env() -> Result<JitParams, ParamError> {
        JitParams::parse(&std::env::var("METATRACE_JIT").unwrap_or_default())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_pypy_like_options() {
        let p = JitParams::parse("threshold=3, trace_eagerness=5,replay_check").unwrap();
        assert_eq!((p.threshold, p.trace_eagerness, p.replay_check), (3, 5, true));
        let e = JitParams::parse("eager").unwrap();
        assert_eq!((e.threshold, e.trace_eagerness), (1, 1));
        assert!(!JitParams::parse("off").unwrap().enabled);
        assert_eq!(JitParams::parse("max_unroll_recursion=3").unwrap().max_unroll_recursion, 3);
        assert_eq!(JitParams::parse("decay=0").unwrap().decay, 0);
        assert_eq!(JitParams::parse("bridge_trace_limit=1500").unwrap().bridge_trace_limit, 1500);
        assert_eq!(JitParams::parse("unroll_bridges=0").unwrap().unroll_bridges, 0);
        assert_eq!(JitParams::default().unroll_loops, 5);
        assert_eq!(JitParams::parse("unroll_loops=9").unwrap().unroll_loops, 9);
        assert_eq!(JitParams::parse("unroll_loops=0").unwrap().unroll_loops, 1);
        assert_eq!(JitParams::parse("decay=5000").unwrap().decay, 1000);
    }

    #[test]
    fn rejects_bad_settings_with_a_message() {
        assert!(JitParams::parse("threshold=x").unwrap_err().0.contains("whole number"));
        assert!(JitParams::parse("fast").unwrap_err().0.contains("unknown option"));
    }
}
