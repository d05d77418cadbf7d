//! The collector's configuration, read once from the environment.
//!
//! | variable | values | default |
//! |---|---|---|
//! | `METATRACE_GC` | `mmtk` (the MMTk collector), `standin` (a bump allocator that never frees) | `mmtk` |
//! | `METATRACE_GC_PLAN` | `StickyImmix`, `Immix`, `MarkSweep`, `NoGC` (MMTk plans that never move objects) | `StickyImmix` |
//! | `METATRACE_HEAP_SIZE` | `SIZE` (a fixed heap) or `MIN,MAX` (a heap that grows with the live size); sizes in bytes with an optional `K`, `M`, `G` suffix | `256M,` half the machine's memory |
//! | `METATRACE_NURSERY_SIZE` | `SIZE`: bytes allocated between nursery collections (generational plans), with an optional `K`, `M`, `G` suffix; `adaptive:SIZE`: `SIZE` at first, doubled while collections take more than 10% of the CPU time, halved (not below `SIZE`) below 2% (`binding/nursery.rs`); `adaptive`: the same from the default size; `heap`: the heap's free space (a nursery collection when the heap is full) | `adaptive` |
//! | `METATRACE_GC_HUGEPAGES` | `1`: ask the kernel for transparent huge pages for the heap (`madvise`), so that touching fresh heap memory faults once per 2 MiB instead of once per 4 KiB page (cheaper on average, but a fault that has to compact memory first can cost 20 times more); `0`: do not | `0` |
//! | `METATRACE_GC_STRESS` | `N`: collect every `N` allocations of a thread, and check that every reference a collection traces is the address of an object (a reference that outlived its object stops the process with its holder's layout and slot) | off |
//! | `METATRACE_GC_STATS` | `1`: print the heap's statistics to standard error at exit; `2`: also one line per collection (kind, wall and CPU time, objects scanned, bytes alive, heap used) | off |
//! | `METATRACE_GC_THREADS` | `N`: GC worker threads | 1 (the fastest for small heaps: parallel workers spend more on handing work over than they save) |
//!
//! A bad value is a configuration error: the first allocation panics with a message that names the
//! variable.

use std::fmt;
use std::sync::OnceLock;

/// Which collector is behind the allocation API.
#[derive(Copy, Clone, PartialEq, Eq, Debug)]
pub enum Collector {
    /// MMTk, with the plan and heap of [`Config`].
    Mmtk,
    /// The stand-in: a bump allocator that never frees (no roots, no collections).
    Standin,
}

/// The MMTk plans metatrace supports: the ones that never move objects (see `docs/ARCHITECTURE.md`).
#[derive(Copy, Clone, PartialEq, Eq, Debug)]
pub enum Plan {
    /// Generational mark-region collection with sticky mark bits and an object-remembering barrier.
    StickyImmix,
    /// Full-heap mark-region collection.
    Immix,
    /// Full-heap mark-sweep collection with segregated free lists.
    MarkSweep,
    /// No collection at all: allocation fails once the heap is full.
    NoGC,
}

impl Plan {
    /// The plan's name, as MMTk spells it.
    pub fn name(self) -> &'static str {
        match self {
            Plan::StickyImmix => "StickyImmix",
            Plan::Immix => "Immix",
            Plan::MarkSweep => "MarkSweep",
            Plan::NoGC => "NoGC",
        }
    }
}

/// How big the heap may grow.
#[derive(Copy, Clone, PartialEq, Eq, Debug)]
pub enum HeapSize {
    /// Exactly this many bytes.
    Fixed(usize),
    /// Between these bounds, following the live size.
    Dynamic(usize, usize),
}

/// The collector's configuration.
#[derive(Copy, Clone, PartialEq, Eq, Debug)]
pub struct Config {
    /// Which collector.
    pub collector: Collector,
    /// The MMTk plan.
    pub plan: Plan,
    /// The heap size.
    pub heap: HeapSize,
    /// When nursery collections come (generational plans).
    pub nursery: Nursery,
    /// Whether the heap's memory is advised to the kernel as transparent huge pages.
    pub huge_pages: bool,
    /// Collect every this many allocations of a thread (stress mode), if set.
    pub stress: Option<u64>,
    /// GC worker threads.
    pub threads: usize,
    /// Print the heap's statistics (at exit, or also after each collection).
    pub report: Option<Report>,
}

/// When a generational plan collects its nursery (`METATRACE_NURSERY_SIZE`).
#[derive(Copy, Clone, PartialEq, Eq, Debug)]
pub enum Nursery {
    /// When the heap is full (MMTk's default).
    HeapFree,
    /// After this many bytes of allocation.
    Fixed(usize),
    /// After an amount of allocation that follows what collections cost (`binding/nursery.rs`),
    /// starting from (and never below) this many bytes.
    Adaptive(usize),
}

/// When heap statistics are printed (`METATRACE_GC_STATS`).
#[derive(Copy, Clone, PartialEq, Eq, Debug)]
pub enum Report {
    /// Totals at exit (`1`).
    AtExit,
    /// Totals at exit and one line per collection (`2`).
    EachCollection,
}

/// A configuration variable with a value it cannot use.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct ConfigError {
    /// The variable.
    pub variable: &'static str,
    /// Its value.
    pub value: String,
    /// What it accepts.
    pub expected: &'static str,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}={:?}: expected {}", self.variable, self.value, self.expected)
    }
}

impl std::error::Error for ConfigError {}

/// The collector used when `METATRACE_GC` is not set.
const DEFAULT_COLLECTOR: Collector = Collector::Mmtk;

/// Whether the heap uses transparent huge pages when `METATRACE_GC_HUGEPAGES` is not set.
const DEFAULT_HUGE_PAGES: bool = false;

/// The first (and smallest) size of the adaptive nursery when `METATRACE_NURSERY_SIZE` does not
/// name one: small enough that a program whose young objects die young reuses the same memory,
/// in the cache, instead of touching (and faulting in) fresh memory (bench/python with the JIT
/// off 4% and with the JIT on 8% less CPU than from 32 MiB); a program that builds big young
/// structures has its nursery grown after the first collection that finds it mostly alive
/// (`binding/nursery.rs`).
const DEFAULT_ADAPTIVE_NURSERY: usize = 4 << 20;

/// The smallest heap a dynamic heap starts from. MMTk counts a block with any live line as used
/// and collects the whole heap when less than a quarter of the heap is free after a collection,
/// so a program whose long-lived young structures end up scattered over many blocks (a tree
/// built between short-lived objects) gets mostly full-heap collections in a small heap even
/// though the free lines of those blocks are reused. The heap bounds the adaptive nursery too
/// (MMTk collects when it is full). Programs whose young objects die young never touch more
/// than their nursery, so this costs them nothing.
const MIN_DYNAMIC_HEAP: usize = 256 << 20;

impl Config {
    /// The configuration described by `var` (an environment lookup).
    pub fn from_lookup(var: impl Fn(&str) -> Option<String>) -> Result<Config, ConfigError> {
        let error = |variable: &'static str, value: &str, expected: &'static str| ConfigError {
            variable,
            value: value.to_string(),
            expected,
        };
        let collector = match var("METATRACE_GC").as_deref() {
            None | Some("") => DEFAULT_COLLECTOR,
            Some("mmtk") => Collector::Mmtk,
            Some("standin") => Collector::Standin,
            Some(other) => return Err(error("METATRACE_GC", other, "`mmtk` or `standin`")),
        };
        const PLANS: &str = "StickyImmix, Immix, MarkSweep or NoGC (the plans that never move objects)";
        let plan = match var("METATRACE_GC_PLAN").as_deref() {
            None | Some("") | Some("StickyImmix") => Plan::StickyImmix,
            Some("Immix") => Plan::Immix,
            Some("MarkSweep") => Plan::MarkSweep,
            Some("NoGC") => Plan::NoGC,
            Some(other) => return Err(error("METATRACE_GC_PLAN", other, PLANS)),
        };
        const SIZES: &str = "SIZE or MIN,MAX, sizes in bytes with an optional K, M or G suffix";
        const NURSERY: &str =
            "`heap`, `adaptive`, `adaptive:SIZE` or a SIZE, sizes in bytes with an optional K, M or G suffix";
        let heap = match var("METATRACE_HEAP_SIZE").as_deref() {
            None | Some("") => HeapSize::Dynamic(MIN_DYNAMIC_HEAP, default_max_heap()),
            Some(text) => parse_heap_size(text).ok_or_else(|| error("METATRACE_HEAP_SIZE", text, SIZES))?,
        };
        let nursery = match var("METATRACE_NURSERY_SIZE").as_deref() {
            None | Some("") | Some("adaptive") => Nursery::Adaptive(DEFAULT_ADAPTIVE_NURSERY),
            Some("heap") => Nursery::HeapFree,
            Some(text) => {
                let (kind, size): (fn(usize) -> Nursery, &str) = match text.strip_prefix("adaptive:") {
                    Some(size) => (Nursery::Adaptive, size),
                    None => (Nursery::Fixed, text),
                };
                kind(parse_size(size).ok_or_else(|| error("METATRACE_NURSERY_SIZE", text, NURSERY))?)
            }
        };
        let huge_pages = match var("METATRACE_GC_HUGEPAGES").as_deref() {
            None | Some("") => DEFAULT_HUGE_PAGES,
            Some("1") => true,
            Some("0") => false,
            Some(other) => return Err(error("METATRACE_GC_HUGEPAGES", other, "0 or 1")),
        };
        let stress = match var("METATRACE_GC_STRESS").as_deref() {
            None | Some("") | Some("0") => None,
            Some(text) => {
                Some(text.parse::<u64>().map_err(|_| error("METATRACE_GC_STRESS", text, "a number of allocations"))?)
            }
        };
        let threads = match var("METATRACE_GC_THREADS").as_deref() {
            None | Some("") => 1,
            Some(text) => text
                .parse::<usize>()
                .ok()
                .filter(|&n| n > 0)
                .ok_or_else(|| error("METATRACE_GC_THREADS", text, "a positive number"))?,
        };
        let report = match var("METATRACE_GC_STATS").as_deref() {
            None | Some("") | Some("0") => None,
            Some("1") => Some(Report::AtExit),
            Some("2") => Some(Report::EachCollection),
            Some(other) => return Err(error("METATRACE_GC_STATS", other, "0, 1 or 2")),
        };
        Ok(Config { collector, plan, heap, nursery, huge_pages, stress, threads, report })
    }

    /// The configuration of this process's environment.
    pub fn from_env() -> Result<Config, ConfigError> {
        Config::from_lookup(|name| std::env::var(name).ok())
    }
}

/// Half the machine's memory (or 4 GiB if it cannot be read).
fn default_max_heap() -> usize {
    let meminfo = std::fs::read_to_string("/proc/meminfo").unwrap_or_default();
    let total_kib = meminfo
        .lines()
        .find_map(|line| line.strip_prefix("MemTotal:"))
        .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse::<usize>().ok());
    total_kib.map_or(4 << 30, |kib| (kib << 10) / 2).max(2 * MIN_DYNAMIC_HEAP)
}

fn parse_size(text: &str) -> Option<usize> {
    let text = text.trim();
    let (digits, shift) = match text.char_indices().last()? {
        (i, 'k' | 'K') => (&text[..i], 10),
        (i, 'm' | 'M') => (&text[..i], 20),
        (i, 'g' | 'G') => (&text[..i], 30),
        _ => (text, 0),
    };
    digits.parse::<usize>().ok()?.checked_mul(1 << shift).filter(|&size| size > 0)
}

fn parse_heap_size(text: &str) -> Option<HeapSize> {
    match text.split_once(',') {
        Some((min, max)) => {
            let (min, max) = (parse_size(min)?, parse_size(max)?);
            (min <= max).then_some(HeapSize::Dynamic(min, max))
        }
        None => parse_size(text).map(HeapSize::Fixed),
    }
}

/// The configuration of this process, read on first use. Panics with the variable's name when a
/// value is bad.
pub fn config() -> &'static Config {
    static CONFIG: OnceLock<Config> = OnceLock::new();
    CONFIG.get_or_init(|| {
        let config = Config::from_env().unwrap_or_else(|e| panic!("metatrace-gc: {e}"));
        if config.report.is_some() {
            crate::binding::report_at_exit();
        }
        config
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with(vars: &[(&str, &str)]) -> Result<Config, ConfigError> {
        Config::from_lookup(|name| vars.iter().find(|(k, _)| *k == name).map(|(_, v)| v.to_string()))
    }

    #[test]
    fn defaults() {
        let c = with(&[]).unwrap();
        assert_eq!((c.collector, c.plan, c.stress, c.threads), (DEFAULT_COLLECTOR, Plan::StickyImmix, None, 1));
        assert!(matches!(c.heap, HeapSize::Dynamic(MIN_DYNAMIC_HEAP, max) if max >= MIN_DYNAMIC_HEAP));
        assert_eq!((c.nursery, c.huge_pages), (Nursery::Adaptive(DEFAULT_ADAPTIVE_NURSERY), DEFAULT_HUGE_PAGES));
    }

    #[test]
    fn values() {
        let c = with(&[
            ("METATRACE_GC", "standin"),
            ("METATRACE_GC_PLAN", "MarkSweep"),
            ("METATRACE_HEAP_SIZE", "64M"),
            ("METATRACE_NURSERY_SIZE", "8M"),
            ("METATRACE_GC_HUGEPAGES", "0"),
            ("METATRACE_GC_STRESS", "100"),
            ("METATRACE_GC_THREADS", "2"),
            ("METATRACE_GC_STATS", "2"),
        ])
        .unwrap();
        let expected = Config {
            collector: Collector::Standin,
            plan: Plan::MarkSweep,
            heap: HeapSize::Fixed(64 << 20),
            nursery: Nursery::Fixed(8 << 20),
            huge_pages: false,
            stress: Some(100),
            threads: 2,
            report: Some(Report::EachCollection),
        };
        assert_eq!(c, expected);
        assert_eq!(with(&[("METATRACE_HEAP_SIZE", "1k,2G")]).unwrap().heap, HeapSize::Dynamic(1024, 2 << 30));
    }

    #[test]
    fn errors_name_the_variable() {
        let e = with(&[("METATRACE_GC_PLAN", "SemiSpace")]).unwrap_err();
        assert_eq!(e.variable, "METATRACE_GC_PLAN");
        assert!(e.to_string().contains("never move"));
        assert!(with(&[("METATRACE_HEAP_SIZE", "lots")]).is_err());
        assert!(with(&[("METATRACE_HEAP_SIZE", "2G,1G")]).is_err());
        assert!(with(&[("METATRACE_GC_STRESS", "-1")]).is_err());
        assert!(with(&[("METATRACE_NURSERY_SIZE", "8M,16M")]).is_err());
        assert!(with(&[("METATRACE_NURSERY_SIZE", "adaptive:")]).is_err());
        let nursery = |text| with(&[("METATRACE_NURSERY_SIZE", text)]).unwrap().nursery;
        assert_eq!(nursery("adaptive"), Nursery::Adaptive(DEFAULT_ADAPTIVE_NURSERY));
        assert_eq!(nursery("adaptive:4M"), Nursery::Adaptive(4 << 20));
        assert_eq!(nursery("heap"), Nursery::HeapFree);
        assert!(with(&[("METATRACE_GC", "boehm")]).is_err());
        assert!(with(&[("METATRACE_GC_THREADS", "0")]).is_err());
        assert!(with(&[("METATRACE_GC_STATS", "yes")]).is_err());
        assert!(with(&[("METATRACE_GC_HUGEPAGES", "yes")]).is_err());
    }
}
