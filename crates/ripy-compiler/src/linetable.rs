//! The line table: the source position of each instruction (CPython's `co_positions()`), kept as
//! runs of instructions sharing one position.

use serde::{Deserialize, Serialize};

/// A source range. Lines are 1-based; columns are 0-based UTF-8 byte offsets within their line,
/// as in CPython's `co_positions()`. A `line` of 0 means "no position" (artificial instructions).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Location {
    /// First line.
    pub line: u32,
    /// Last line.
    pub end_line: u32,
    /// Column of the start, on `line`.
    pub col: u32,
    /// Column of the end, on `end_line`.
    pub end_col: u32,
}

/// Positions of a code object's instructions.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LineTable {
    /// `(first instruction, location)` runs, sorted by instruction.
    runs: Vec<(u32, Location)>,
}

impl LineTable {
    /// Builds the table from one location per instruction.
    pub fn from_locations(locations: &[Location]) -> LineTable {
        let mut runs: Vec<(u32, Location)> = Vec::new();
        for (pc, &location) in locations.iter().enumerate() {
            if runs.last().map(|&(_, l)| l) != Some(location) {
                runs.push((pc as u32, location));
            }
        }
        LineTable { runs }
    }

    /// The location of instruction `pc`.
    pub fn location(&self, pc: u32) -> Location {
        let index = self.runs.partition_point(|&(start, _)| start <= pc);
        index.checked_sub(1).map(|i| self.runs[i].1).unwrap_or_default()
    }

    /// The line of instruction `pc` (`None` for artificial instructions).
    pub fn line(&self, pc: u32) -> Option<u32> {
        Some(self.location(pc).line).filter(|&l| l != 0)
    }

    /// The runs of `(first instruction, location)`.
    pub fn runs(&self) -> &[(u32, Location)] {
        &self.runs
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_and_lookup() {
        let at = |line| Location { line, end_line: line, col: 0, end_col: 1 };
        let table = LineTable::from_locations(&[at(1), at(1), at(2), at(0), at(2)]);
        assert_eq!(table.runs().len(), 4);
        assert_eq!(table.line(1), Some(1));
        assert_eq!(table.line(2), Some(2));
        assert_eq!(table.line(3), None);
        assert_eq!(table.line(4), Some(2));
    }
}
