//! Source decoding: turns the bytes of a Python source file into text as CPython's tokenizer
//! does, honouring a UTF-8 byte-order mark and a PEP 263 coding declaration (`# -*- coding:
//! latin-1 -*-`) on the first or second line. UTF-8 (the default), Latin-1 and ASCII are
//! supported; any other declared encoding is `SyntaxError: unknown encoding: X`.
//!
//! Also owns [`SourceMap`], which turns byte offsets into CPython's line and column numbers.

use ruff_text_size::{TextRange, TextSize};

use crate::error::{CompileError, ErrorKind};
use crate::linetable::Location;

/// Maps byte offsets of a source text to lines and columns. Lines end at `\n`, `\r\n` or `\r`.
pub struct SourceMap<'a> {
    source: &'a str,
    filename: &'a str,
    line_starts: Vec<u32>,
}

impl<'a> SourceMap<'a> {
    /// Indexes the lines of `source`.
    pub fn new(source: &'a str, filename: &'a str) -> SourceMap<'a> {
        let bytes = source.as_bytes();
        let mut line_starts = vec![0];
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'\n' => line_starts.push(i as u32 + 1),
                b'\r' if bytes.get(i + 1) == Some(&b'\n') => {
                    i += 1;
                    line_starts.push(i as u32 + 1);
                }
                b'\r' => line_starts.push(i as u32 + 1),
                _ => {}
            }
            i += 1;
        }
        SourceMap { source, filename, line_starts }
    }

    /// The source text.
    pub fn source(&self) -> &'a str {
        self.source
    }

    /// The filename.
    pub fn filename(&self) -> &'a str {
        self.filename
    }

    /// The 0-based line index containing byte `offset`.
    fn line_index(&self, offset: u32) -> usize {
        self.line_starts.partition_point(|&start| start <= offset).saturating_sub(1)
    }

    /// The 1-based line of byte `offset`.
    pub fn line(&self, offset: u32) -> u32 {
        self.line_index(offset) as u32 + 1
    }

    /// The text of 1-based line `line` without its terminator.
    pub fn line_text(&self, line: u32) -> &'a str {
        let index = (line.max(1) - 1) as usize;
        let Some(&start) = self.line_starts.get(index) else { return "" };
        let end = self.line_starts.get(index + 1).map_or(self.source.len(), |&e| e as usize);
        self.source.get(start as usize..end).unwrap_or("").trim_end_matches(['\n', '\r'])
    }

    /// The 0-based UTF-8 byte column of `offset` in its line.
    pub fn byte_column(&self, offset: u32) -> u32 {
        offset - self.line_starts[self.line_index(offset)]
    }

    /// The 1-based character column of `offset` in its line (CPython's `SyntaxError.offset`).
    pub fn char_column(&self, offset: u32) -> u32 {
        let start = self.line_starts[self.line_index(offset)] as usize;
        let end = (offset as usize).min(self.source.len());
        self.source.get(start..end).map_or(0, |s| s.chars().count()) as u32 + 1
    }

    /// The byte offset of 1-based `line` and 1-based character offset `column`.
    pub fn offset(&self, line: u32, column: u32) -> TextSize {
        let index = (line.max(1) - 1) as usize;
        let Some(&start) = self.line_starts.get(index) else {
            return TextSize::new(self.source.len() as u32);
        };
        let width: usize =
            self.line_text(line).chars().take(column.saturating_sub(1) as usize).map(char::len_utf8).sum();
        TextSize::new(start + width as u32)
    }

    /// The position of a range, as stored in the line table.
    pub fn location(&self, range: TextRange) -> Location {
        let start = range.start().to_u32();
        let end = range.end().to_u32();
        Location {
            line: self.line(start),
            end_line: self.line(end),
            col: self.byte_column(start),
            end_col: self.byte_column(end),
        }
    }

    /// A syntax error of `kind` at `range`.
    pub fn error(&self, kind: ErrorKind, msg: impl Into<String>, range: TextRange) -> CompileError {
        let start = range.start().to_u32().min(self.source.len() as u32);
        let end = range.end().to_u32().min(self.source.len() as u32).max(start);
        let line = self.line(start);
        let mut error = CompileError::new(kind, msg, self.filename);
        error.line = line;
        error.offset = self.char_column(start);
        error.end_line = self.line(end);
        error.end_offset = self.char_column(end);
        error.text = Some(self.line_text(line).to_string());
        error
    }

    /// A `SyntaxError` at `range`.
    pub fn syntax_error(&self, msg: impl Into<String>, range: TextRange) -> CompileError {
        self.error(ErrorKind::SyntaxError, msg, range)
    }
}

const UTF8_BOM: &[u8] = b"\xef\xbb\xbf";

/// An encoding this decoder knows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Encoding {
    Utf8,
    Latin1,
    Ascii,
    Cp1252,
}

/// Characters of code page 1252 for bytes 0x80..=0x9F (`None`: undefined); the other bytes are
/// Latin-1.
const CP1252_HIGH: [Option<char>; 32] = [
    Some('\u{20ac}'),
    None,
    Some('\u{201a}'),
    Some('\u{0192}'),
    Some('\u{201e}'),
    Some('\u{2026}'),
    Some('\u{2020}'),
    Some('\u{2021}'),
    Some('\u{02c6}'),
    Some('\u{2030}'),
    Some('\u{0160}'),
    Some('\u{2039}'),
    Some('\u{0152}'),
    None,
    Some('\u{017d}'),
    None,
    None,
    Some('\u{2018}'),
    Some('\u{2019}'),
    Some('\u{201c}'),
    Some('\u{201d}'),
    Some('\u{2022}'),
    Some('\u{2013}'),
    Some('\u{2014}'),
    Some('\u{02dc}'),
    Some('\u{2122}'),
    Some('\u{0161}'),
    Some('\u{203a}'),
    Some('\u{0153}'),
    None,
    Some('\u{017e}'),
    Some('\u{0178}'),
];

/// CPython's tokenizer normalization of a declared encoding name (`get_normal_name`).
fn normal_name(name: &str) -> String {
    let lower: String = name.chars().take(12).collect::<String>().to_ascii_lowercase().replace('_', "-");
    if lower == "utf-8" || lower.starts_with("utf-8-") {
        "utf-8".into()
    } else if ["latin-1", "iso-8859-1", "iso-latin-1"]
        .iter()
        .any(|base| lower == *base || lower.starts_with(&format!("{base}-")))
    {
        "iso-8859-1".into()
    } else {
        name.to_string()
    }
}

impl Encoding {
    /// Looks up a normalized encoding name among the codec aliases this decoder supports.
    fn lookup(normal: &str) -> Option<Encoding> {
        let key = normal.to_ascii_lowercase().replace(['-', ' '], "_");
        match key.as_str() {
            "utf_8" | "utf8" | "u8" | "utf" | "cp65001" => Some(Encoding::Utf8),
            "iso_8859_1" | "iso8859_1" | "latin_1" | "latin1" | "l1" | "latin" | "cp819" | "8859" | "iso_ir_100" => {
                Some(Encoding::Latin1)
            }
            "ascii" | "us_ascii" | "646" | "us" => Some(Encoding::Ascii),
            "cp1252" | "windows_1252" => Some(Encoding::Cp1252),
            _ => None,
        }
    }
}

/// The encoding a PEP 263 declaration in `bytes` names (normalized as CPython's tokenizer does)
/// when it is not one [`decode_source`] knows (it then fails with "unknown encoding"): a caller
/// with a codec registry may decode the source itself and compile the text.
pub fn foreign_encoding(bytes: &[u8]) -> Option<String> {
    let body = bytes.strip_prefix(UTF8_BOM).unwrap_or(bytes);
    let name = normal_name(&find_coding_declaration(body)?);
    Encoding::lookup(&name).is_none().then_some(name)
}

/// Decodes Python source bytes to a string, as `compile()` does for a `bytes` source.
///
/// Null bytes are rejected with CPython's message. Line terminators are left as they are (the
/// parser accepts `\n`, `\r\n` and `\r`).
pub fn decode_source(bytes: &[u8], filename: &str) -> Result<String, CompileError> {
    if bytes.contains(&0) {
        return Err(CompileError::new(
            ErrorKind::SyntaxError,
            "source code string cannot contain null bytes",
            filename,
        ));
    }
    let (has_bom, body) = match bytes.strip_prefix(UTF8_BOM) {
        Some(rest) => (true, rest),
        None => (false, bytes),
    };
    let declared = find_coding_declaration(body).map(|name| normal_name(&name));
    if let Some(name) = declared.as_ref().filter(|n| has_bom && *n != "utf-8") {
        return Err(CompileError::new(ErrorKind::SyntaxError, format!("encoding problem: {name} with BOM"), filename));
    }
    let encoding = match &declared {
        None => Encoding::Utf8,
        Some(name) => Encoding::lookup(name)
            .ok_or_else(|| CompileError::new(ErrorKind::SyntaxError, format!("unknown encoding: {name}"), filename))?,
    };
    match encoding {
        Encoding::Latin1 => Ok(body.iter().map(|&b| char::from(b)).collect()),
        Encoding::Cp1252 => body
            .iter()
            .enumerate()
            .map(|(pos, &b)| match b {
                0x80..=0x9f => CP1252_HIGH[usize::from(b - 0x80)].ok_or_else(|| {
                    CompileError::new(
                        ErrorKind::SyntaxError,
                        format!("'charmap' codec can't decode byte 0x{b:02x} in position {pos}: character maps to <undefined>"),
                        filename,
                    )
                }),
                _ => Ok(char::from(b)),
            })
            .collect(),
        Encoding::Ascii => match body.iter().position(|b| !b.is_ascii()) {
            None => Ok(body.iter().map(|&b| char::from(b)).collect()),
            Some(pos) => Err(CompileError::new(
                ErrorKind::SyntaxError,
                format!(
                    "'ascii' codec can't decode byte 0x{:02x} in position {pos}: ordinal not in range(128)",
                    body[pos]
                ),
                filename,
            )),
        },
        Encoding::Utf8 => match std::str::from_utf8(body) {
            Ok(text) => Ok(text.to_string()),
            Err(err) => Err(utf8_error(body, &err, declared.is_some(), filename)),
        },
    }
}

/// The error CPython's tokenizer reports when it reads a script file (`python file.py`) that is
/// not valid UTF-8 and declares no encoding: "Non-UTF-8 code starting with ..." and no position
/// (`compile()` of the same bytes reports the codec's error instead). None for any other source.
pub fn script_decoding_error(bytes: &[u8], filename: &str) -> Option<CompileError> {
    let body = bytes.strip_prefix(UTF8_BOM).unwrap_or(bytes);
    if bytes.len() != body.len() || find_coding_declaration(body).is_some() {
        return None;
    }
    let pos = std::str::from_utf8(body).err()?.valid_up_to();
    let line = body[..pos].iter().filter(|&&b| b == b'\n').count() + 1;
    let message = format!(
        "Non-UTF-8 code starting with '\\x{:02x}' in file {filename} on line {line}, but no encoding declared; \
         see https://peps.python.org/pep-0263/ for details",
        body[pos]
    );
    Some(CompileError::new(ErrorKind::SyntaxError, message, filename))
}

/// The error for source that is not valid UTF-8, worded like CPython's codec error.
fn utf8_error(body: &[u8], err: &std::str::Utf8Error, declared: bool, filename: &str) -> CompileError {
    let pos = err.valid_up_to();
    let byte = body[pos];
    let reason = match err.error_len() {
        None => "unexpected end of data",
        Some(_) if (0xc2..=0xf4).contains(&byte) => "invalid continuation byte",
        Some(_) => "invalid start byte",
    };
    if declared {
        return CompileError::new(
            ErrorKind::SyntaxError,
            format!("'utf-8' codec can't decode byte 0x{byte:02x} in position {pos}: {reason}"),
            filename,
        );
    }
    let line_start = body[..pos].iter().rposition(|&b| b == b'\n').map_or(0, |p| p + 1);
    let line_end = body[pos..].iter().position(|&b| b == b'\n').map_or(body.len(), |p| pos + p);
    let line_text = String::from_utf8_lossy(&body[line_start..line_end]).into_owned();
    let column = String::from_utf8_lossy(&body[line_start..pos]).chars().count();
    let mut error = CompileError::new(
        ErrorKind::SyntaxError,
        format!(
            "(unicode error) 'utf-8' codec can't decode byte 0x{byte:02x} in position {}: {reason}",
            pos - line_start
        ),
        filename,
    );
    error.line = body[..pos].iter().filter(|&&b| b == b'\n').count() as u32 + 1;
    error.offset = column as u32 + 1;
    error.text = Some(line_text);
    error
}

/// Finds a PEP 263 coding declaration: a comment on line 1, or on line 2 when line 1 is a comment
/// or blank, matching `^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)`.
fn find_coding_declaration(body: &[u8]) -> Option<String> {
    let mut lines = body.split(|&b| b == b'\n').take(2);
    let first = lines.next()?;
    if let Some(name) = coding_in_line(first) {
        return Some(name);
    }
    let first_trimmed: Vec<u8> =
        first.iter().copied().skip_while(|b| matches!(b, b' ' | b'\t' | b'\x0c' | b'\r')).collect();
    if first_trimmed.is_empty() || first_trimmed[0] == b'#' {
        return lines.next().and_then(coding_in_line);
    }
    None
}

/// The encoding named by a coding comment on one line, if the line is such a comment.
fn coding_in_line(line: &[u8]) -> Option<String> {
    let start = line.iter().position(|b| !matches!(b, b' ' | b'\t' | b'\x0c'))?;
    if line[start] != b'#' {
        return None;
    }
    let comment = &line[start..];
    let mut search = 0;
    while let Some(found) = find_subslice(&comment[search..], b"coding") {
        let after = search + found + b"coding".len();
        if matches!(comment.get(after), Some(b':' | b'=')) {
            let rest = &comment[after + 1..];
            let rest = &rest[rest.iter().position(|b| !matches!(b, b' ' | b'\t')).unwrap_or(rest.len())..];
            let len = rest
                .iter()
                .position(|&b| !(b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.')))
                .unwrap_or(rest.len());
            if len > 0 {
                return Some(String::from_utf8_lossy(&rest[..len]).into_owned());
            }
        }
        search = after;
    }
    None
}

fn find_subslice(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode(bytes: &[u8]) -> Result<String, String> {
        decode_source(bytes, "f").map_err(|e| e.msg)
    }

    #[test]
    fn utf8_default_and_bom() {
        assert_eq!(decode(b"x = '\xc3\xa9'\n").unwrap(), "x = '\u{e9}'\n");
        assert_eq!(decode(b"\xef\xbb\xbfx = 1\n").unwrap(), "x = 1\n");
    }

    #[test]
    fn latin1_declaration_on_first_or_second_line() {
        assert_eq!(
            decode(b"# -*- coding: latin-1 -*-\nx = '\xe9'\n").unwrap(),
            "# -*- coding: latin-1 -*-\nx = '\u{e9}'\n"
        );
        assert_eq!(
            decode(b"#!/usr/bin/python\n# vim: set fileencoding=iso-8859-1 :\nx='\xe9'\n").unwrap(),
            "#!/usr/bin/python\n# vim: set fileencoding=iso-8859-1 :\nx='\u{e9}'\n"
        );
    }

    #[test]
    fn cp1252() {
        assert_eq!(decode(b"# coding: cp1252\nx = '\x80'\n").unwrap(), "# coding: cp1252\nx = '\u{20ac}'\n");
        assert!(decode(b"# coding: cp1252\nx = '\x81'\n").is_err());
    }

    #[test]
    fn declaration_after_code_is_ignored() {
        assert!(decode(b"x = 1\n# coding: foo\n").is_ok());
        assert!(decode(b"\n\n# coding: foo\n").is_ok());
    }

    #[test]
    fn errors() {
        assert_eq!(decode(b"# coding: foo\n").unwrap_err(), "unknown encoding: foo");
        assert_eq!(decode(b"\xef\xbb\xbf# coding: latin-1\n").unwrap_err(), "encoding problem: iso-8859-1 with BOM");
        assert_eq!(decode(b"\xef\xbb\xbf# coding: utf8\n").unwrap_err(), "encoding problem: utf8 with BOM");
        assert_eq!(decode(b"x = 1\x00\n").unwrap_err(), "source code string cannot contain null bytes");
        assert_eq!(
            decode(b"x = \"\xff\"\n").unwrap_err(),
            "(unicode error) 'utf-8' codec can't decode byte 0xff in position 5: invalid start byte"
        );
        assert_eq!(
            decode(b"# coding=utf8\nx=\"\xc3\"\n").unwrap_err(),
            "'utf-8' codec can't decode byte 0xc3 in position 17: invalid continuation byte"
        );
    }
}
