//! Warnings CPython 3.11's tokenizer issues, found on the token stream: the
//! `DeprecationWarning` for an invalid escape sequence (`'\z'`, `'\407'`, `b'\u1234'`) in a
//! string or bytes literal or in the literal text of an f-string — one per string token (CPython
//! reports the first invalid escape its decoder meets), located at the token's start — and the
//! `SyntaxWarning` for a number immediately followed by a keyword (`0x1for x in y`, `1if x else
//! y`): `invalid hexadecimal literal`.

use ruff_python_ast::token::{Token, TokenKind};
use ruff_text_size::{Ranged, TextRange, TextSize};

use crate::error::{CompileWarning, WarningCategory};
use crate::source::SourceMap;

/// The string prefix letters of a string token's text, and the rest (quotes and body).
fn split_prefix(text: &str) -> (&str, &str) {
    let quote = text.find(['\'', '"']).unwrap_or(text.len());
    text.split_at(quote)
}

/// The body of a string token between its quotes.
fn body(quoted: &str) -> &str {
    let quote = if quoted.starts_with("'''") || quoted.starts_with("\"\"\"") { 3 } else { 1 };
    let quote = quote.min(quoted.len());
    let end = quoted.len().saturating_sub(quote).max(quote);
    &quoted[quote..end]
}

/// The first invalid escape sequence of literal text `text` (not raw), as CPython's message
/// describes it: `invalid escape sequence '\z'` or `invalid octal escape sequence '\407'`.
/// `followed_by` is the character after `text` in the source (an f-string's literal text ending
/// with a backslash escapes the `{` that follows). Bytes allow no `\N`, `\u` or `\U`.
fn first_invalid_escape(text: &str, bytes: bool, followed_by: Option<char>) -> Option<String> {
    let mut chars = text.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        if c != '\\' {
            continue;
        }
        let Some((_, next)) = chars.next() else {
            return followed_by.map(|f| format!("invalid escape sequence '\\{f}'"));
        };
        match next {
            '\n' | '\r' | '\\' | '\'' | '"' | 'a' | 'b' | 'f' | 'n' | 'r' | 't' | 'v' | 'x' => {}
            'N' | 'u' | 'U' if !bytes => {}
            '0'..='7' => {
                let mut value = next.to_digit(8).unwrap_or(0);
                let mut digits = 1;
                while digits < 3 {
                    match chars.peek().and_then(|&(_, d)| d.to_digit(8)) {
                        Some(d) => {
                            value = value * 8 + d;
                            digits += 1;
                            chars.next();
                        }
                        None => break,
                    }
                }
                if value > 0o377 {
                    let start = at + 1;
                    return Some(format!("invalid octal escape sequence '\\{}'", &text[start..start + digits]));
                }
            }
            other => {
                // CPython formats the escape's first UTF-8 byte with `%c`.
                let first = other.to_string().as_bytes()[0];
                return Some(format!("invalid escape sequence '\\{}'", char::from(first)));
            }
        }
    }
    None
}

/// The keywords that may follow a number without a space, with a warning.
const KEYWORDS_AFTER_NUMBER: [&str; 8] = ["and", "else", "for", "if", "in", "is", "not", "or"];

/// The kind of number literal `text` is, as the tokenizer's messages name it.
pub(crate) fn number_kind(text: &str, kind: TokenKind) -> &'static str {
    match text.get(..2).map(str::to_ascii_lowercase).as_deref() {
        Some("0x") => "hexadecimal",
        Some("0o") => "octal",
        Some("0b") => "binary",
        _ if kind == TokenKind::Complex => "imaginary",
        _ => "decimal",
    }
}

/// Whether `rest`, the source right after a number, starts with a keyword that may follow it.
pub(crate) fn keyword_follows(rest: &str) -> bool {
    KEYWORDS_AFTER_NUMBER.iter().any(|k| rest.starts_with(k))
}

/// The tokenizer's warnings for `tokens`, in source order.
pub(crate) fn token_warnings(map: &SourceMap<'_>, tokens: &[Token]) -> Vec<CompileWarning> {
    let source = map.source();
    let mut warnings = Vec::new();
    // The enclosing f-strings: each one's start and whether it is raw.
    let mut fstrings: Vec<(TextSize, bool)> = Vec::new();
    let mut warn = |category: WarningCategory, message: String, start: TextSize| {
        let error = map.syntax_error(message, TextRange::empty(start));
        warnings.push(CompileWarning { category, error });
    };
    for token in tokens {
        let text = &source[token.range()];
        match token.kind() {
            kind @ (TokenKind::Int | TokenKind::Float | TokenKind::Complex) => {
                if keyword_follows(&source[token.end().to_usize()..]) {
                    let message = format!("invalid {} literal", number_kind(text, kind));
                    // CPython points at the number's last character.
                    warn(WarningCategory::SyntaxWarning, message, token.end() - TextSize::new(1));
                }
            }
            TokenKind::String => {
                let (prefix, quoted) = split_prefix(text);
                let prefix = prefix.to_ascii_lowercase();
                if prefix.contains('r') {
                    continue;
                }
                if let Some(message) = first_invalid_escape(body(quoted), prefix.contains('b'), None) {
                    warn(WarningCategory::DeprecationWarning, message, token.start());
                }
            }
            TokenKind::FStringStart => {
                fstrings.push((token.start(), split_prefix(text).0.to_ascii_lowercase().contains('r')));
            }
            TokenKind::FStringEnd => {
                fstrings.pop();
            }
            TokenKind::FStringMiddle => {
                let Some(&(start, raw)) = fstrings.last() else { continue };
                if raw {
                    continue;
                }
                let followed_by = source[token.end().to_usize()..].chars().next().filter(|&c| c == '{');
                if let Some(message) = first_invalid_escape(text, false, followed_by) {
                    warn(WarningCategory::DeprecationWarning, message, start);
                }
            }
            _ => {}
        }
    }
    warnings
}

#[cfg(test)]
mod tests {
    use super::first_invalid_escape;

    #[test]
    fn valid_escapes_give_nothing() {
        assert_eq!(first_invalid_escape(r"\n\t\\\'\x41\u1234\N{DASH}\0\377", false, None), None);
        assert_eq!(first_invalid_escape("line \\\ncontinued", false, None), None);
        assert_eq!(first_invalid_escape(r"\x41\101", true, None), None);
    }

    #[test]
    fn the_first_invalid_escape_is_reported() {
        assert_eq!(first_invalid_escape(r"a\zb\q", false, None).unwrap(), r"invalid escape sequence '\z'");
        assert_eq!(first_invalid_escape(r"\407", false, None).unwrap(), r"invalid octal escape sequence '\407'");
        assert_eq!(first_invalid_escape(r"\u1234", true, None).unwrap(), r"invalid escape sequence '\u'");
        assert_eq!(first_invalid_escape(r"\8", false, None).unwrap(), r"invalid escape sequence '\8'");
        assert_eq!(first_invalid_escape("x\\", false, Some('{')).unwrap(), r"invalid escape sequence '\{'");
    }
}
