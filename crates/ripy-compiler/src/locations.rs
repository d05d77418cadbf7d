//! `co_linetable`: CPython 3.11's encoding of a code object's source positions
//! (CPython's `Objects/locations.md`), written from ripy's [`LineTable`](crate::linetable) and
//! read back by `co_positions()`, `co_lines()` and `code.replace(co_linetable=...)`.
//!
//! The table is a sequence of entries, each covering 1 to 8 code units. An entry's first byte is
//! `1 cccc nnn`: `nnn` is the number of units minus one, `cccc` the form of the rest:
//! - 15: no position;
//! - 14: long form: the line as a signed varint delta from the previous entry's line, then the
//!   end line's delta from the line, the column plus one and the end column plus one as varints;
//! - 13: no columns: the line as a signed varint delta;
//! - 10 to 12: one line, `cccc - 10` lines after the previous entry's; a column byte and an end
//!   column byte follow;
//! - 0 to 9: the previous entry's line; one byte follows, and the column is `cccc * 8` plus its
//!   bits 4-6, the end column the column plus its bits 0-3.
//!
//! Varints are groups of six bits, least significant first, bit 6 set on all but the last; a
//! signed varint is the magnitude shifted left by one, bit 0 set for negative values. Lines
//! start from `co_firstlineno`. CPython 3.11 writes one entry per instruction (more for
//! instructions longer than eight units), and so does [`encode`].

use crate::linetable::Location;

/// A position as CPython decodes it from the table: `None` for what the entry does not give.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Position {
    /// First line.
    pub line: Option<i64>,
    /// Last line.
    pub end_line: Option<i64>,
    /// Column of the start (UTF-8 byte offset).
    pub col: Option<i64>,
    /// Column of the end.
    pub end_col: Option<i64>,
}

/// One entry of a table: the code units it covers and their position.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Entry {
    /// Number of code units (1 to 8).
    pub units: u32,
    /// Their position.
    pub position: Position,
}

const NO_POSITION: u8 = 15;
const LONG: u8 = 14;
const NO_COLUMNS: u8 = 13;
const ONE_LINE: u8 = 10;

/// Encodes instructions given as `(code units, location)`, in order, for a code object whose
/// first line is `first_line`. A location whose `line` and `end_line` are both 0 is no position;
/// a `line` of 0 with an `end_line` is a real line 0 (CPython's module `RESUME`); another `line`
/// with an `end_line` of 0 is that line without columns.
pub fn encode(first_line: u32, instructions: impl IntoIterator<Item = (u32, Location)>) -> Vec<u8> {
    let mut bytes = Vec::new();
    let mut previous_line = i64::from(first_line);
    for (mut units, location) in instructions {
        while units > 0 {
            let length = units.min(8);
            units -= length;
            let head = |code: u8| 0x80 | code << 3 | (length - 1) as u8;
            if location.line == 0 && location.end_line == 0 {
                bytes.push(head(NO_POSITION));
                continue;
            }
            let line = i64::from(location.line);
            let line_delta = line - previous_line;
            previous_line = line;
            if location.end_line == 0 {
                bytes.push(head(NO_COLUMNS));
                write_signed(&mut bytes, line_delta);
                continue;
            }
            let (col, end_col) = (location.col, location.end_col);
            let one_line = location.end_line == location.line;
            if one_line && line_delta == 0 && col < 80 && end_col >= col && end_col - col < 16 {
                bytes.push(head((col / 8) as u8));
                bytes.push(((col % 8) << 4 | (end_col - col)) as u8);
            } else if one_line && (0..3).contains(&line_delta) && col < 128 && end_col < 128 {
                bytes.push(head(ONE_LINE + line_delta as u8));
                bytes.extend([col as u8, end_col as u8]);
            } else {
                bytes.push(head(LONG));
                write_signed(&mut bytes, line_delta);
                write_varint(&mut bytes, u64::from(location.end_line.saturating_sub(location.line)));
                write_varint(&mut bytes, u64::from(col) + 1);
                write_varint(&mut bytes, u64::from(end_col) + 1);
            }
        }
    }
    bytes
}

/// Decodes a table (of a code object whose first line is `first_line`) into its entries. A
/// table cut short ends at its last whole entry, as CPython's reader stops at the end.
pub fn decode(first_line: u32, bytes: &[u8]) -> Vec<Entry> {
    let mut entries = Vec::new();
    let mut line = i64::from(first_line);
    let mut reader = Reader { bytes, at: 0 };
    while let Some(first) = reader.byte() {
        let units = u32::from(first & 7) + 1;
        let position = match first >> 3 & 15 {
            NO_POSITION => Some(Position::default()),
            LONG => (|| {
                line += reader.signed()?;
                let end_line = line + reader.varint()? as i64;
                let col = reader.varint()? as i64 - 1;
                let end_col = reader.varint()? as i64 - 1;
                Some(Position {
                    line: Some(line),
                    end_line: Some(end_line),
                    col: (col >= 0).then_some(col),
                    end_col: (end_col >= 0).then_some(end_col),
                })
            })(),
            NO_COLUMNS => reader.signed().map(|delta| {
                line += delta;
                Position { line: Some(line), end_line: Some(line), col: None, end_col: None }
            }),
            code @ ONE_LINE..=12 => reader.byte().zip(reader.byte()).map(|(col, end_col)| {
                line += i64::from(code - ONE_LINE);
                Position {
                    line: Some(line),
                    end_line: Some(line),
                    col: Some(col.into()),
                    end_col: Some(end_col.into()),
                }
            }),
            code => reader.byte().map(|second| {
                let col = i64::from(code) * 8 + i64::from(second >> 4 & 7);
                Position {
                    line: Some(line),
                    end_line: Some(line),
                    col: Some(col),
                    end_col: Some(col + i64::from(second & 15)),
                }
            }),
        };
        match position {
            Some(position) => entries.push(Entry { units, position }),
            None => break,
        }
    }
    entries
}

fn write_varint(bytes: &mut Vec<u8>, mut value: u64) {
    while value >= 64 {
        bytes.push((value & 63 | 64) as u8);
        value >>= 6;
    }
    bytes.push(value as u8);
}

fn write_signed(bytes: &mut Vec<u8>, value: i64) {
    let magnitude = value.unsigned_abs() << 1;
    write_varint(bytes, if value < 0 { magnitude | 1 } else { magnitude });
}

/// A cursor over a table's bytes.
struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Reader<'_> {
    fn byte(&mut self) -> Option<u8> {
        let byte = *self.bytes.get(self.at)?;
        self.at += 1;
        Some(byte)
    }

    fn varint(&mut self) -> Option<u64> {
        let mut value = 0u64;
        let mut shift = 0;
        loop {
            let byte = self.byte()?;
            value |= u64::from(byte & 63).checked_shl(shift).unwrap_or(0);
            shift += 6;
            if byte & 64 == 0 {
                return Some(value);
            }
        }
    }

    fn signed(&mut self) -> Option<i64> {
        let raw = self.varint()?;
        let magnitude = (raw >> 1) as i64;
        Some(if raw & 1 == 1 { -magnitude } else { magnitude })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(line: u32, end_line: u32, col: u32, end_col: u32) -> Location {
        Location { line, end_line, col, end_col }
    }

    #[test]
    fn cpython_bytes_for_a_module() {
        // CPython 3.11: compile('\n\nx=1', 'm', 'exec').co_linetable
        let table = encode(
            1,
            [(1, at(0, 1, 0, 0)), (1, at(3, 3, 2, 3)), (1, at(3, 3, 0, 1)), (1, at(3, 3, 0, 1)), (1, at(3, 3, 0, 1))],
        );
        assert_eq!(table, b"\xf0\x03\x01\x01\x01\xf0\x06\x00\x03\x04\x80\x01\x80\x01\x80\x01");
    }

    #[test]
    fn every_form_round_trips() {
        let instructions = [
            (1, at(5, 5, 4, 9)),
            (3, at(5, 5, 100, 120)),
            (2, at(7, 7, 0, 3)),
            (1, at(0, 0, 0, 0)),
            (12, at(3, 9, 200, 2)),
            (1, at(3, 3, 90, 91)),
            (2, at(8, 0, 0, 0)),
        ];
        let table = encode(5, instructions);
        let entries = decode(5, &table);
        let mut expected = Vec::new();
        for (units, l) in instructions {
            let position = if l.line == 0 {
                Position::default()
            } else if l.end_line == 0 {
                Position { line: Some(i64::from(l.line)), end_line: Some(i64::from(l.line)), col: None, end_col: None }
            } else {
                let some = |v: u32| Some(i64::from(v));
                Position { line: some(l.line), end_line: some(l.end_line), col: some(l.col), end_col: some(l.end_col) }
            };
            let mut left = units;
            while left > 0 {
                expected.push(Entry { units: left.min(8), position });
                left -= left.min(8);
            }
        }
        assert_eq!(entries, expected);
    }

    #[test]
    fn short_and_truncated_tables() {
        assert_eq!(decode(1, b"\xf8"), vec![Entry { units: 1, position: Position::default() }]);
        assert_eq!(decode(1, b"\xf0\x03"), vec![]);
        let no_columns = decode(4, b"\xe9\x02");
        assert_eq!(no_columns[0].units, 2);
        assert_eq!(no_columns[0].position, Position { line: Some(5), end_line: Some(5), col: None, end_col: None });
    }
}
