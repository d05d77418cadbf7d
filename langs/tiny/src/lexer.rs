//! The lexer: source text to tokens. Whitespace and `#` comments separate tokens and are dropped.

use crate::ast::{Span, SyntaxError};
use std::fmt;

/// The kinds of tokens.
#[derive(Clone, PartialEq, Debug)]
pub enum Tok {
    /// An integer literal.
    Int(i64),
    /// A float literal.
    Float(f64),
    /// A string literal, escapes decoded.
    Str(String),
    /// An identifier that is not a keyword.
    Name(String),
    /// A keyword.
    Keyword(Keyword),
    /// Punctuation or an operator, as written (`(`, `==`, `;`, ...).
    Punct(&'static str),
    /// The end of the input.
    Eof,
}

/// Reserved words.
#[derive(Copy, Clone, PartialEq, Eq, Debug)]
pub enum Keyword {
    /// `fn`.
    Fn,
    /// `if`.
    If,
    /// `else`.
    Else,
    /// `while`.
    While,
    /// `return`.
    Return,
    /// `break`.
    Break,
    /// `continue`.
    Continue,
    /// `and`.
    And,
    /// `or`.
    Or,
    /// `not`.
    Not,
    /// `true`.
    True,
    /// `false`.
    False,
    /// `nil`.
    Nil,
}

impl Keyword {
    const ALL: [(&'static str, Keyword); 13] = [
        ("fn", Keyword::Fn),
        ("if", Keyword::If),
        ("else", Keyword::Else),
        ("while", Keyword::While),
        ("return", Keyword::Return),
        ("break", Keyword::Break),
        ("continue", Keyword::Continue),
        ("and", Keyword::And),
        ("or", Keyword::Or),
        ("not", Keyword::Not),
        ("true", Keyword::True),
        ("false", Keyword::False),
        ("nil", Keyword::Nil),
    ];

    fn from_word(word: &str) -> Option<Keyword> {
        Keyword::ALL.iter().find(|(w, _)| *w == word).map(|&(_, k)| k)
    }

    /// The keyword as written.
    pub fn word(self) -> &'static str {
        Keyword::ALL.iter().find(|&&(_, k)| k == self).map_or("?", |(w, _)| w)
    }
}

impl fmt::Display for Tok {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Tok::Int(v) => write!(f, "number {v}"),
            Tok::Float(v) => write!(f, "number {v:?}"),
            Tok::Str(_) => write!(f, "string literal"),
            Tok::Name(n) => write!(f, "name '{n}'"),
            Tok::Keyword(k) => write!(f, "'{}'", k.word()),
            Tok::Punct(p) => write!(f, "'{p}'"),
            Tok::Eof => write!(f, "end of file"),
        }
    }
}

/// A token and where it starts.
#[derive(Clone, PartialEq, Debug)]
pub struct Token {
    /// The token.
    pub tok: Tok,
    /// Its position.
    pub span: Span,
}

/// Operators and punctuation, longest first so that `==` wins over `=`.
const PUNCTUATION: [&str; 22] =
    ["==", "!=", "<=", ">=", "(", ")", "[", "]", "{", "}", ",", ";", ".", ":", "=", "<", ">", "+", "-", "*", "/", "%"];

/// Split `source` into tokens, ending with [`Tok::Eof`].
pub fn tokenize(source: &str) -> Result<Vec<Token>, SyntaxError> {
    let mut lexer = Lexer { chars: source.chars().collect(), pos: 0, line: 1, col: 1 };
    let mut tokens = Vec::new();
    loop {
        lexer.skip_blanks();
        let span = lexer.span();
        let Some(c) = lexer.peek(0) else {
            tokens.push(Token { tok: Tok::Eof, span });
            return Ok(tokens);
        };
        let tok = if c.is_ascii_digit() {
            lexer.number(span)?
        } else if c == '_' || c.is_alphabetic() {
            lexer.word()
        } else if c == '"' {
            lexer.string(span)?
        } else {
            lexer.punct(span)?
        };
        tokens.push(Token { tok, span });
    }
}

struct Lexer {
    chars: Vec<char>,
    pos: usize,
    line: u32,
    col: u32,
}

impl Lexer {
    fn span(&self) -> Span {
        Span { line: self.line, col: self.col }
    }

    fn peek(&self, ahead: usize) -> Option<char> {
        self.chars.get(self.pos + ahead).copied()
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek(0)?;
        self.pos += 1;
        if c == '\n' {
            self.line = self.line.saturating_add(1);
            self.col = 1;
        } else {
            self.col = self.col.saturating_add(1);
        }
        Some(c)
    }

    fn bump_while(&mut self, mut pred: impl FnMut(char) -> bool) -> String {
        let mut text = String::new();
        while let Some(c) = self.peek(0).filter(|&c| pred(c)) {
            text.push(c);
            self.bump();
        }
        text
    }

    fn skip_blanks(&mut self) {
        loop {
            match self.peek(0) {
                Some(c) if c.is_whitespace() => {
                    self.bump();
                }
                Some('#') => {
                    self.bump_while(|c| c != '\n');
                }
                _ => return,
            }
        }
    }

    fn number(&mut self, span: Span) -> Result<Tok, SyntaxError> {
        let mut text = self.bump_while(|c| c.is_ascii_digit());
        let mut is_float = false;
        if self.peek(0) == Some('.') && self.peek(1).is_some_and(|c| c.is_ascii_digit()) {
            is_float = true;
            self.bump();
            text.push('.');
            text += &self.bump_while(|c| c.is_ascii_digit());
        }
        if matches!(self.peek(0), Some('e' | 'E')) {
            let sign = matches!(self.peek(1), Some('+' | '-'));
            let digit_at = if sign { 2 } else { 1 };
            if self.peek(digit_at).is_some_and(|c| c.is_ascii_digit()) {
                is_float = true;
                text.push('e');
                self.bump();
                if sign {
                    text.extend(self.bump());
                }
                text += &self.bump_while(|c| c.is_ascii_digit());
            }
        }
        if self.peek(0).is_some_and(|c| c == '_' || c.is_alphanumeric()) {
            return Err(SyntaxError::new(span, "invalid number literal"));
        }
        if is_float {
            text.parse().map(Tok::Float).map_err(|_| SyntaxError::new(span, "invalid number literal"))
        } else {
            text.parse().map(Tok::Int).map_err(|_| SyntaxError::new(span, "integer literal is too large"))
        }
    }

    fn word(&mut self) -> Tok {
        let word = self.bump_while(|c| c == '_' || c.is_alphanumeric());
        match Keyword::from_word(&word) {
            Some(k) => Tok::Keyword(k),
            None => Tok::Name(word),
        }
    }

    fn string(&mut self, span: Span) -> Result<Tok, SyntaxError> {
        self.bump();
        let mut text = String::new();
        loop {
            let at = self.span();
            match self.bump() {
                None | Some('\n') => return Err(SyntaxError::new(span, "unterminated string literal")),
                Some('"') => return Ok(Tok::Str(text)),
                Some('\\') => {
                    let escaped = match self.bump() {
                        Some('n') => '\n',
                        Some('t') => '\t',
                        Some('r') => '\r',
                        Some('0') => '\0',
                        Some('\\') => '\\',
                        Some('"') => '"',
                        _ => return Err(SyntaxError::new(at, "unknown escape sequence in string literal")),
                    };
                    text.push(escaped);
                }
                Some(c) => text.push(c),
            }
        }
    }

    fn punct(&mut self, span: Span) -> Result<Tok, SyntaxError> {
        let found = PUNCTUATION.into_iter().find(|p| p.chars().enumerate().all(|(i, c)| self.peek(i) == Some(c)));
        match found {
            Some(p) => {
                for _ in 0..p.chars().count() {
                    self.bump();
                }
                Ok(Tok::Punct(p))
            }
            None => {
                let c = self.peek(0).unwrap_or(' ');
                Err(SyntaxError::new(span, format!("unexpected character {c:?}")))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(source: &str) -> Vec<Tok> {
        tokenize(source).unwrap().into_iter().map(|t| t.tok).collect()
    }

    #[test]
    fn splits_operators_numbers_and_words() {
        assert_eq!(
            toks("x1 = 3.5e2 <= -7 # comment\n\"a\\n\""),
            vec![
                Tok::Name("x1".into()),
                Tok::Punct("="),
                Tok::Float(350.0),
                Tok::Punct("<="),
                Tok::Punct("-"),
                Tok::Int(7),
                Tok::Str("a\n".into()),
                Tok::Eof,
            ]
        );
        assert_eq!(
            toks("while x.y"),
            vec![Tok::Keyword(Keyword::While), Tok::Name("x".into()), Tok::Punct("."), Tok::Name("y".into()), Tok::Eof]
        );
    }

    #[test]
    fn reports_positions_of_errors() {
        let e = tokenize("x = 1\n  y = $").unwrap_err();
        assert_eq!((e.span.line, e.span.col), (2, 7));
        assert!(tokenize("99999999999999999999").unwrap_err().message.contains("too large"));
        assert!(tokenize("\"abc").unwrap_err().message.contains("unterminated"));
        assert!(tokenize("12ab").unwrap_err().message.contains("invalid number"));
    }
}
