//! CPython 3.11's view of f-strings, for its error messages. Python 3.11 tokenizes an f-string
//! as one string token (quotes inside its expressions cannot be the f-string's own quote) and
//! then scans the token's text for literal parts, `{expression!conversion:spec}` fields and
//! their errors (`f-string: empty expression not allowed`, `f-string expression part cannot
//! include a backslash`, `f-string: unmatched ')'`, ...), compiling each expression as
//! `(expression)` on its own. ruff parses f-strings as Python 3.12 does, so its errors inside
//! them differ; this module finds 3.11's string tokens with a small scan of the source and
//! applies 3.11's field scanner to each f-string token.

use ruff_text_size::{TextRange, TextSize};

use crate::error::CompileError;
use crate::source::SourceMap;

/// Deepest bracket nesting inside an f-string expression (CPython's `MAXLEVEL`).
const MAX_NESTING: usize = 200;

/// A string token of 3.11's tokenizer.
struct StringToken {
    /// From the prefix to the closing quote (or the end of what was scanned).
    range: TextRange,
    /// Its lowercased prefix letters.
    prefix: String,
    /// The text between the quotes; `None` when the string is unterminated.
    body: Option<TextRange>,
}

/// The string tokens of `source` as CPython 3.11's tokenizer sees them, up to the first
/// unterminated one (included).
fn string_tokens(source: &str) -> Vec<StringToken> {
    let bytes = source.as_bytes();
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        if c == b'#' {
            while i < bytes.len() && bytes[i] != b'\n' {
                i += 1;
            }
        } else if c == b'\\' {
            i += 2;
        } else if c == b'\'' || c == b'"' {
            let token = string_at(source, i, i);
            let unterminated = token.body.is_none();
            i = token.range.end().to_usize();
            tokens.push(token);
            if unterminated {
                break;
            }
        } else if c.is_ascii_alphanumeric() || c == b'_' || c >= 0x80 {
            let start = i;
            while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_' || bytes[i] >= 0x80) {
                i += 1;
            }
            let word = source[start..i].to_ascii_lowercase();
            let is_prefix = matches!(word.as_str(), "r" | "u" | "b" | "f" | "br" | "rb" | "fr" | "rf");
            if is_prefix && i < bytes.len() && (bytes[i] == b'\'' || bytes[i] == b'"') {
                let token = string_at(source, start, i);
                let unterminated = token.body.is_none();
                i = token.range.end().to_usize();
                tokens.push(token);
                if unterminated {
                    break;
                }
            }
        } else {
            i += 1;
        }
    }
    tokens
}

/// The string token whose prefix starts at `start` and whose opening quote is at `quote`.
fn string_at(source: &str, start: usize, quote: usize) -> StringToken {
    let bytes = source.as_bytes();
    let q = bytes[quote];
    let triple = bytes.get(quote + 1) == Some(&q) && bytes.get(quote + 2) == Some(&q);
    let open = if triple { 3 } else { 1 };
    let body_start = quote + open;
    let mut j = body_start;
    let size = |n: usize| TextSize::try_from(n).unwrap_or_default();
    let prefix = source[start..quote].to_ascii_lowercase();
    while j < bytes.len() {
        let ch = bytes[j];
        if ch == b'\\' {
            j += 2;
            continue;
        }
        if ch == b'\n' && !triple {
            break;
        }
        if ch == q && (!triple || (bytes.get(j + 1) == Some(&q) && bytes.get(j + 2) == Some(&q))) {
            let end = j + open;
            return StringToken {
                range: TextRange::new(size(start), size(end)),
                prefix,
                body: Some(TextRange::new(size(body_start), size(j))),
            };
        }
        j += 1;
    }
    let end = j.min(bytes.len());
    StringToken { range: TextRange::new(size(start), size(end)), prefix, body: None }
}

/// An error found in an f-string token.
enum FieldError {
    /// A message CPython reports at the end of the f-string token.
    AtEnd(String),
    /// An expression that does not parse: the error of `(expression)`, and where the expression
    /// starts in the body (a char index).
    Expression(CompileError, usize),
}

/// CPython 3.11's scanner of one f-string body (`fstring_find_literal_and_expr` and friends),
/// over the body's chars. `parse` compiles `(expression)` and gives its error, if any.
struct Scanner<'p> {
    body: Vec<char>,
    raw: bool,
    parse: &'p dyn Fn(&str) -> Option<CompileError>,
    /// `parse`, also when expressions are not checked (for starred expressions).
    parse_starred: &'p dyn Fn(&str) -> Option<CompileError>,
}

impl Scanner<'_> {
    /// Scans fields and literals from `at` at nesting level `level` (0: the f-string itself,
    /// 1: a format spec); returns where it stopped (the end, or a `}` closing a spec).
    fn fields(&self, mut at: usize, level: usize) -> Result<usize, FieldError> {
        let end = self.body.len();
        loop {
            at = self.literal(at, level)?;
            if at >= end || self.body[at] == '}' {
                break;
            }
            at = self.field(at, level)?;
        }
        if level == 0 && at < end {
            // A '}' at the top level was reported by `literal` already.
            return Err(FieldError::AtEnd("f-string: unexpected end of string".into()));
        }
        if level != 0 && (at >= end || self.body[at] != '}') {
            return Err(FieldError::AtEnd("f-string: expecting '}'".into()));
        }
        Ok(at)
    }

    /// Skips a literal part; stops at a `{` starting a field or a `}` (nested level), skipping
    /// doubled braces at the top level.
    fn literal(&self, mut at: usize, level: usize) -> Result<usize, FieldError> {
        let end = self.body.len();
        let start = at;
        while at < end {
            let ch = self.body[at];
            at += 1;
            let mut ch = ch;
            if !self.raw && ch == '\\' && at < end {
                let backslash = at - 1 - start;
                let escaped = self.body[at];
                at += 1;
                if escaped == 'N' {
                    if at < end && self.body[at] == '{' {
                        at += 1;
                        while at < end && self.body[at] != '}' {
                            at += 1;
                        }
                        if at < end {
                            at += 1;
                            continue;
                        }
                    }
                    let message = format!(
                        "(unicode error) 'unicodeescape' codec can't decode bytes in position {backslash}-{}: malformed \\N character escape",
                        at - start - 1
                    );
                    return Err(FieldError::AtEnd(message));
                }
                // `\{` (an invalid escape) keeps its backslash, and the brace opens a field.
                if escaped != '{' && escaped != '}' {
                    continue;
                }
                ch = escaped;
            }
            if ch == '{' || ch == '}' {
                if level == 0 {
                    if at < end && self.body[at] == ch {
                        at += 1;
                        continue;
                    }
                    if ch == '}' {
                        return Err(FieldError::AtEnd("f-string: single '}' is not allowed".into()));
                    }
                }
                return Ok(at - 1);
            }
        }
        Ok(at)
    }

    /// Scans the field starting at the `{` at `at`; returns the index after its `}`.
    fn field(&self, at: usize, level: usize) -> Result<usize, FieldError> {
        let fail = |m: &str| Err(FieldError::AtEnd(m.to_owned()));
        if level >= 2 {
            return fail("f-string: expressions nested too deeply");
        }
        let end = self.body.len();
        let expr_start = at + 1;
        let mut i = expr_start;
        let mut quote: Option<(char, bool)> = None;
        let mut brackets: Vec<char> = Vec::new();
        while i < end {
            let ch = self.body[i];
            let next = self.body.get(i + 1).copied();
            if ch == '\\' {
                return fail("f-string expression part cannot include a backslash");
            }
            if let Some((q, triple)) = quote {
                if ch == q {
                    if !triple {
                        quote = None;
                    } else if next == Some(q) && self.body.get(i + 2) == Some(&q) {
                        quote = None;
                        i += 2;
                    }
                }
            } else if ch == '\'' || ch == '"' {
                let triple = next == Some(ch) && self.body.get(i + 2) == Some(&ch);
                if triple {
                    i += 2;
                }
                quote = Some((ch, triple));
            } else if matches!(ch, '[' | '(' | '{') {
                if brackets.len() >= MAX_NESTING {
                    return fail("f-string: too many nested parenthesis");
                }
                brackets.push(ch);
            } else if ch == '#' {
                return fail("f-string expression part cannot include '#'");
            } else if brackets.is_empty() && matches!(ch, '!' | ':' | '}' | '=' | '>' | '<') {
                if next == Some('=') && matches!(ch, '!' | '=' | '<' | '>') {
                    i += 2;
                    continue;
                }
                // A lone `<` or `>` is a comparison, not the end of the expression.
                if ch == '>' || ch == '<' {
                    i += 1;
                    continue;
                }
                break;
            } else if matches!(ch, ']' | '}' | ')') {
                let Some(opening) = brackets.pop() else {
                    return fail(&format!("f-string: unmatched '{ch}'"));
                };
                if !matches!((opening, ch), ('(', ')') | ('[', ']') | ('{', '}')) {
                    return fail(&format!(
                        "f-string: closing parenthesis '{ch}' does not match opening parenthesis '{opening}'"
                    ));
                }
            }
            i += 1;
        }
        if quote.is_some() {
            return fail("f-string: unterminated string");
        }
        if let Some(&opening) = brackets.last() {
            return fail(&format!("f-string: unmatched '{opening}'"));
        }
        if i >= end {
            return fail("f-string: expecting '}'");
        }
        let expression: String = self.body[expr_start..i].iter().collect();
        if expression.chars().all(|c| matches!(c, ' ' | '\t' | '\n' | '\r' | '\x0c')) {
            return match self.body[i] {
                c @ ('!' | ':' | '=') => fail(&format!("f-string: expression required before '{c}'")),
                _ => fail("f-string: empty expression not allowed"),
            };
        }
        // A starred expression is never valid alone: its error is wanted even where the
        // program's expressions are not checked.
        let starred = expression.trim_start().starts_with('*');
        let parse = if starred { self.parse_starred } else { self.parse };
        if let Some(mut error) = parse(&format!("({expression})")) {
            if expression.trim_start().starts_with("**") {
                error.msg = "cannot use double starred expression here".into();
            }
            return Err(FieldError::Expression(error, expr_start));
        }
        if self.body[i] == '=' {
            i += 1;
            while i < end && matches!(self.body[i], ' ' | '\t' | '\n' | '\r' | '\x0b' | '\x0c') {
                i += 1;
            }
        }
        if i < end && self.body[i] == '!' {
            i += 1;
            if i >= end {
                return fail("f-string: expecting '}'");
            }
            let conversion = self.body[i];
            i += 1;
            if !matches!(conversion, 's' | 'r' | 'a') {
                return fail("f-string: invalid conversion character: expected 's', 'r', or 'a'");
            }
        }
        if i >= end {
            return fail("f-string: expecting '}'");
        }
        if self.body[i] == ':' {
            i += 1;
            if i >= end {
                return fail("f-string: expecting '}'");
            }
            i = self.fields(i, level + 1)?;
        }
        if i >= end || self.body[i] != '}' {
            return fail("f-string: expecting '}'");
        }
        Ok(i + 1)
    }
}

/// The first f-string error CPython 3.11 would report in `map`'s source, with the range of the
/// f-string token it is in: an unterminated f-string, or an error of its fields. Expressions are
/// compiled (by `parse`, which gives the error of `(expression)`, positioned in that text) only
/// when `check_expressions`. Also gives the ranges of all string tokens scanned.
pub(crate) fn first_error(
    map: &SourceMap<'_>,
    check_expressions: bool,
    parse: &dyn Fn(&str) -> Option<CompileError>,
) -> (Option<(TextRange, CompileError)>, Vec<TextRange>) {
    let source = map.source();
    let tokens = string_tokens(source);
    let ranges: Vec<TextRange> = tokens.iter().map(|t| t.range).collect();
    let no_parse = |_: &str| None;
    for token in &tokens {
        if !token.prefix.contains('f') {
            continue;
        }
        let Some(body) = token.body else {
            let detected = source[..token.range.end().to_usize()].matches('\n').count() + 1;
            let quoted = &source[token.range.start().to_usize() + token.prefix.len()..];
            let kind = if quoted.starts_with("'''") || quoted.starts_with("\"\"\"") {
                "unterminated triple-quoted string literal"
            } else {
                "unterminated string literal"
            };
            let message = format!("{kind} (detected at line {detected})");
            return (Some((token.range, map.syntax_error(message, TextRange::empty(token.range.start())))), ranges);
        };
        let scanner = Scanner {
            body: source[body].chars().collect(),
            raw: token.prefix.contains('r'),
            parse: if check_expressions { parse } else { &no_parse },
            parse_starred: parse,
        };
        let error = match scanner.fields(0, 0) {
            Ok(_) => continue,
            Err(FieldError::AtEnd(message)) => map.syntax_error(message, TextRange::empty(token.range.end())),
            Err(FieldError::Expression(mut error, expr_start)) => {
                let before: String = scanner.body[..expr_start].iter().collect();
                let line = map.line(token.range.start().to_u32());
                let shift = line + before.matches('\n').count() as u32 - 1;
                error.line += shift;
                if error.end_line > 0 {
                    error.end_line += shift;
                }
                if !error.msg.starts_with("f-string") {
                    error.msg = format!("f-string: {}", error.msg);
                }
                error.filename = map.filename().to_owned();
                error.text = None;
                error
            }
        };
        return (Some((token.range, error)), ranges);
    }
    (None, ranges)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(source: &str) -> Option<String> {
        let map = SourceMap::new(source, "<test>");
        let parse = |_: &str| None;
        first_error(&map, false, &parse).0.map(|(_, e)| e.msg)
    }

    #[test]
    fn valid_fstrings_pass() {
        for source in [
            "f'{x}'",
            "f'{x!r:>{width}}'",
            "f'{{}}'",
            "f'{a[\"b\"]}'",
            "f'''{x\n}'''",
            "f'{x=}'",
            "f'{a<b}'",
            "f'{a!=b}'",
            "f'\\N{DASH}{x}'",
            "rf'\\{x}'",
            "f'{x:{y}}'",
        ] {
            assert_eq!(check(source), None, "{source}");
        }
    }

    #[test]
    fn errors_are_cpython_311s() {
        let cases = [
            ("f'{}'", "f-string: empty expression not allowed"),
            ("f'{!r}'", "f-string: expression required before '!'"),
            ("f'{3)+(4}'", "f-string: unmatched ')'"),
            ("f'{a(4]}'", "f-string: closing parenthesis ']' does not match opening parenthesis '('"),
            ("f'{\"x'", "f-string: unterminated string"),
            ("f'{3! s}'", "f-string: invalid conversion character: expected 's', 'r', or 'a'"),
            ("f'{3!ss}'", "f-string: expecting '}'"),
            ("f'{#}'", "f-string expression part cannot include '#'"),
            ("f'{\\n}'", "f-string expression part cannot include a backslash"),
            ("f'{x:{y:{z}}}'", "f-string: expressions nested too deeply"),
            ("f'}'", "f-string: single '}' is not allowed"),
            ("f'{'a'}'", "f-string: expecting '}'"),
            ("f'{\n}'", "unterminated string literal (detected at line 1)"),
        ];
        for (source, message) in cases {
            assert_eq!(check(source).as_deref(), Some(message), "{source}");
        }
    }
}
