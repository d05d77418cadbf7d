//! The exception table ("zero-cost" exception handling, as in CPython 3.11): instead of block
//! setup instructions, each code object lists instruction ranges with the handler that catches
//! exceptions raised inside them.

use serde::{Deserialize, Serialize};

/// One entry: exceptions raised by instructions in `start..end` go to `target`.
///
/// On an exception the interpreter pops the value stack down to `depth` items, pushes the index of
/// the raising instruction (as an `int`) if `lasti` is set, pushes the exception, and continues at
/// `target`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExceptionTableEntry {
    /// First instruction covered.
    pub start: u32,
    /// One past the last instruction covered.
    pub end: u32,
    /// The handler's first instruction.
    pub target: u32,
    /// Stack depth to unwind to.
    pub depth: u32,
    /// Whether the raising instruction's index is pushed before the exception.
    pub lasti: bool,
}

/// The exception table of a code object: non-overlapping entries sorted by `start`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExceptionTable {
    entries: Vec<ExceptionTableEntry>,
}

impl ExceptionTable {
    /// Builds the table from the handler of each instruction (`None` = not covered), merging runs
    /// of instructions with the same handler into one entry.
    pub fn from_handlers(handlers: &[Option<Handler>]) -> ExceptionTable {
        let mut entries: Vec<ExceptionTableEntry> = Vec::new();
        for (pc, handler) in handlers.iter().enumerate() {
            let Some(handler) = handler else { continue };
            let pc = pc as u32;
            match entries.last_mut() {
                Some(last)
                    if last.end == pc
                        && last.target == handler.target
                        && last.depth == handler.depth
                        && last.lasti == handler.lasti =>
                {
                    last.end = pc + 1;
                }
                _ => entries.push(ExceptionTableEntry {
                    start: pc,
                    end: pc + 1,
                    target: handler.target,
                    depth: handler.depth,
                    lasti: handler.lasti,
                }),
            }
        }
        ExceptionTable { entries }
    }

    /// The entries, sorted by `start`.
    pub fn entries(&self) -> &[ExceptionTableEntry] {
        &self.entries
    }

    /// The entry covering instruction `pc`, if any.
    pub fn handler_for(&self, pc: u32) -> Option<&ExceptionTableEntry> {
        let index = self.entries.partition_point(|e| e.end <= pc);
        self.entries.get(index).filter(|e| e.start <= pc)
    }
}

/// The handler of one instruction: where to go, what depth to unwind to, whether to push lasti.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Handler {
    /// The handler's first instruction.
    pub target: u32,
    /// Stack depth to unwind to.
    pub depth: u32,
    /// Whether the raising instruction's index is pushed.
    pub lasti: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merges_runs_and_looks_up() {
        let h = |target| Some(Handler { target, depth: 0, lasti: false });
        let table = ExceptionTable::from_handlers(&[None, h(9), h(9), h(7), None, h(9)]);
        assert_eq!(table.entries().len(), 3);
        assert_eq!(table.handler_for(0), None);
        assert_eq!(table.handler_for(2).map(|e| e.target), Some(9));
        assert_eq!(table.handler_for(3).map(|e| e.target), Some(7));
        assert_eq!(table.handler_for(4), None);
        assert_eq!(table.handler_for(5).map(|e| (e.start, e.end)), Some((5, 6)));
    }
}
