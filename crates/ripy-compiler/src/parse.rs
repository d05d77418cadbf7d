//! Parsing: runs `ruff_python_parser` for Python 3.11 and turns its diagnostics into the
//! `SyntaxError` / `IndentationError` / `TabError` CPython 3.11 would raise for the same source,
//! with CPython's message and position where feasible.
//!
//! CPython's tokenizer errors (unterminated strings, unbalanced brackets, bad number literals,
//! inconsistent tabs, bad dedents, invalid characters) win over parser errors wherever they are
//! in the file; they are found here by a scan of the token stream. Parser errors are mapped from
//! ruff's error kinds; syntax newer than 3.11 (ruff's "unsupported syntax" list) is an error.

use ruff_python_ast::token::{Token, TokenKind};
use ruff_python_ast::{Expr, ModExpression, ModModule, PythonVersion, Stmt};
use ruff_python_parser::{
    parse_unchecked, InterpolatedStringErrorType, LexicalErrorType, Mode, ParseError, ParseErrorType, ParseOptions,
    Parsed, UnsupportedSyntaxError, UnsupportedSyntaxErrorKind,
};
use ruff_text_size::{Ranged, TextRange, TextSize};

use crate::codegen::expression_name;
use crate::error::{CompileError, CompileWarning, ErrorKind};
use crate::source::SourceMap;

/// Deepest bracket nesting the tokenizer accepts (CPython's `MAXLEVEL`).
const MAX_BRACKET_DEPTH: usize = 200;

/// Most indentation levels the tokenizer accepts, counting the outermost (CPython's `MAXINDENT`).
const MAX_INDENT_LEVELS: usize = 100;

/// The parsed program.
pub(crate) enum Program {
    /// A module (`exec` and `single` modes).
    Module(ModModule),
    /// An expression (`eval` mode).
    Expression(ModExpression),
}

/// Parses `source`, as a module or (when `expression`) a single expression; with the warnings
/// CPython's parser reports for it (invalid escape sequences in string literals).
pub(crate) fn parse(map: &SourceMap<'_>, expression: bool) -> Result<(Program, Vec<CompileWarning>), CompileError> {
    let mode = if expression { Mode::Expression } else { Mode::Module };
    let options = ParseOptions::from(mode).with_target_version(PythonVersion::PY311);
    let parsed = parse_unchecked(map.source(), options);
    let checker = Checker { map, tokens: parsed.tokens() };
    let ruff_failed = !parsed.errors().is_empty() || !parsed.unsupported_syntax_errors().is_empty();
    let parse_expression = |text: &str| parse(&SourceMap::new(text, map.filename()), true).err();
    if let (Some((fstring, error)), _) = crate::fstring311::first_error(map, ruff_failed, &parse_expression) {
        // 3.11 reports an f-string's error unless the program failed before the f-string.
        let before = |offset: TextSize| offset < fstring.start();
        let earlier = parsed.errors().iter().any(|e| before(e.location.start()))
            || parsed.unsupported_syntax_errors().iter().any(|e| before(e.range.start()));
        if !earlier {
            return Err(error);
        }
    }
    if let Some(error) = checker.tokenizer_error(parsed.errors()) {
        return Err(error);
    }
    let first_parse_error = parsed.errors().iter().min_by_key(|e| e.location.start());
    let first_unsupported = parsed.unsupported_syntax_errors().iter().min_by_key(|e| e.range.start());
    let parse_error = match (first_parse_error, first_unsupported) {
        (Some(p), Some(u)) if u.range.start() < p.location.start() => Some(checker.unsupported(u)),
        (Some(p), _) => Some(checker.parse_error(p, &parsed)),
        (None, Some(u)) => Some(checker.unsupported(u)),
        (None, None) => None,
    };
    if let Some(error) = parse_error {
        return Err(checker.unclosed_bracket_instead(&error).unwrap_or(error));
    }
    let warnings = crate::warnings::token_warnings(map, parsed.tokens());
    let program = match parsed.into_syntax() {
        ruff_python_ast::Mod::Module(module) => Program::Module(module),
        ruff_python_ast::Mod::Expression(expr) => Program::Expression(expr),
    };
    Ok((program, warnings))
}

fn is_trivia(kind: TokenKind) -> bool {
    matches!(kind, TokenKind::Comment | TokenKind::NonLogicalNewline)
}

fn opener(kind: TokenKind) -> Option<char> {
    match kind {
        TokenKind::Lpar => Some('('),
        TokenKind::Lsqb => Some('['),
        TokenKind::Lbrace => Some('{'),
        _ => None,
    }
}

fn closer(kind: TokenKind) -> Option<char> {
    match kind {
        TokenKind::Rpar => Some(')'),
        TokenKind::Rsqb => Some(']'),
        TokenKind::Rbrace => Some('}'),
        _ => None,
    }
}

fn matching(open: char) -> char {
    match open {
        '(' => ')',
        '[' => ']',
        _ => '}',
    }
}

struct Checker<'m, 'a> {
    map: &'m SourceMap<'a>,
    tokens: &'m [Token],
}

impl Checker<'_, '_> {
    fn source(&self) -> &str {
        self.map.source()
    }

    fn error(&self, msg: impl Into<String>, range: TextRange) -> CompileError {
        self.map.syntax_error(msg, range)
    }

    fn at(&self, msg: impl Into<String>, offset: TextSize) -> CompileError {
        self.error(msg, TextRange::empty(offset))
    }

    /// Index of the first token starting at or after `offset`.
    fn token_index(&self, offset: TextSize) -> usize {
        self.tokens.partition_point(|t| t.start() < offset)
    }

    /// The first error CPython's tokenizer would raise, anywhere in the file.
    fn tokenizer_error(&self, errors: &[ParseError]) -> Option<CompileError> {
        let mut found: Vec<(TextSize, CompileError)> = Vec::new();
        for error in errors {
            if let ParseErrorType::Lexical(lexical) = &error.error {
                if let Some(e) = self.lexical_error(lexical, error.location) {
                    found.push((error.location.start(), e));
                }
            }
        }
        found.extend(self.bracket_error());
        found.extend(self.number_error());
        found.extend(self.indentation_error());
        found.into_iter().min_by_key(|(offset, _)| *offset).map(|(_, e)| e)
    }

    /// Whether the source from `start` to the end of its simple statement parses as expressions
    /// (what CPython's `invalid_legacy_expression` asks of the operand of `print x`).
    fn expression_until_statement_end(&self, start: TextSize) -> bool {
        let end = self.tokens[self.token_index(start)..]
            .iter()
            .find(|t| matches!(t.kind(), TokenKind::Newline | TokenKind::EndOfFile | TokenKind::Semi))
            .map_or(self.source().len(), |t| t.start().to_usize());
        let text = &self.source()[start.to_usize()..end];
        parse(&SourceMap::new(text, self.map.filename()), true).is_ok()
    }

    /// Maps a ruff lexical error that CPython's tokenizer also raises.
    fn lexical_error(&self, error: &LexicalErrorType, location: TextRange) -> Option<CompileError> {
        Some(match error {
            LexicalErrorType::UnclosedStringError => {
                let text = self.source().get(location.to_std_range()).unwrap_or("");
                let prefix_len = text.find(['\'', '"']).unwrap_or(0);
                let rest = &text[prefix_len..];
                let triple = rest.starts_with("'''") || rest.starts_with("\"\"\"");
                let detected = if triple {
                    let end = self.source().trim_end_matches(['\n', '\r']).len() as u32;
                    self.map.line(end.saturating_sub(1))
                } else {
                    self.map.line(location.start().to_u32())
                };
                let what =
                    if triple { "unterminated triple-quoted string literal" } else { "unterminated string literal" };
                self.at(format!("{what} (detected at line {detected})"), location.start())
            }
            LexicalErrorType::UnrecognizedToken { tok } if !tok.is_ascii() || tok.is_ascii_control() => {
                let code = u32::from(*tok);
                if tok.is_control() || tok.is_whitespace() || matches!(code, 0x200b..=0x200f | 0xfeff) {
                    self.at(format!("invalid non-printable character U+{code:04X}"), location.start())
                } else {
                    self.at(format!("invalid character '{tok}' (U+{code:04X})"), location.start())
                }
            }
            LexicalErrorType::LineContinuationError if self.source().len() == location.end().to_usize() => {
                // A backslash that ends the input, as CPython's tokenizer (bpo-2180).
                self.at("unexpected EOF while parsing", location.end())
            }
            LexicalErrorType::LineContinuationError => {
                self.at("unexpected character after line continuation character", location.end())
            }
            LexicalErrorType::OtherError(_)
                if self.source()[location.start().to_usize()..]
                    .starts_with(|c: char| c.is_ascii_digit() || c == '.') =>
            {
                return self.number_text_error(location.start());
            }
            LexicalErrorType::InvalidByteLiteral => {
                let token = self.tokens.get(self.token_index(location.start()).saturating_sub(1));
                let start =
                    token.filter(|t| t.range().contains(location.start())).map_or(location.start(), Ranged::start);
                self.at("bytes can only contain ASCII literal characters", start)
            }
            _ => return None,
        })
    }

    /// The tokenizer error for the malformed number literal starting at `start`.
    fn number_text_error(&self, start: TextSize) -> Option<CompileError> {
        let text: String = self.source()[start.to_usize()..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '.')
            .collect();
        let lower = text.to_ascii_lowercase();
        let (kind, radix) = match lower.get(..2) {
            Some("0x") => ("hexadecimal", 16),
            Some("0o") => ("octal", 8),
            Some("0b") => ("binary", 2),
            _ => {
                let leading_zeros =
                    lower.len() > 1 && lower.starts_with('0') && lower.chars().all(|c| c.is_ascii_digit() || c == '_');
                let msg = if leading_zeros {
                    "leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers"
                } else {
                    "invalid decimal literal"
                };
                return Some(self.at(msg, start));
            }
        };
        let digits = &lower[2..];
        if digits.is_empty() {
            return Some(self.at(format!("invalid {kind} literal"), start + TextSize::new(1)));
        }
        if let Some(p) = lower.find("__") {
            return Some(self.at(format!("invalid {kind} literal"), start + TextSize::new(p as u32)));
        }
        match digits.char_indices().find(|&(_, c)| c != '_' && !c.is_digit(radix)) {
            Some((p, c)) if c.is_ascii_digit() => {
                Some(self.at(format!("invalid digit '{c}' in {kind} literal"), start + TextSize::new(2 + p as u32)))
            }
            _ => Some(self.at(format!("invalid {kind} literal"), start)),
        }
    }

    /// The f-string token range containing `offset`, if any: from its start to its end (or to
    /// the end of the line when it is unterminated).
    fn enclosing_fstring(&self, offset: TextSize) -> Option<TextRange> {
        let index = self.token_index(offset);
        let mut depth = 0;
        let start = self.tokens[..index].iter().rev().find_map(|t| match t.kind() {
            TokenKind::FStringEnd => {
                depth += 1;
                None
            }
            TokenKind::FStringStart if depth == 0 => Some(t.start()),
            TokenKind::FStringStart => {
                depth -= 1;
                None
            }
            _ => None,
        })?;
        let end = self.tokens[index..]
            .iter()
            .find(|t| matches!(t.kind(), TokenKind::FStringEnd | TokenKind::Newline))
            .map_or(offset, |t| if t.kind() == TokenKind::FStringEnd { t.end() } else { t.start() });
        Some(TextRange::new(start, end))
    }

    /// Unmatched or mismatched closing brackets, and nesting beyond CPython's limit.
    fn bracket_error(&self) -> Option<(TextSize, CompileError)> {
        let mut stack: Vec<(char, TextSize)> = Vec::new();
        for token in self.code_tokens() {
            if let Some(open) = opener(token.kind()) {
                stack.push((open, token.start()));
                if stack.len() >= MAX_BRACKET_DEPTH {
                    return Some((token.start(), self.at("too many nested parentheses", token.start())));
                }
            } else if let Some(close) = closer(token.kind()) {
                match stack.pop() {
                    None => return Some((token.start(), self.at(format!("unmatched '{close}'"), token.start()))),
                    Some((open, open_at)) if matching(open) != close => {
                        let open_line = self.map.line(open_at.to_u32());
                        let close_line = self.map.line(token.start().to_u32());
                        let suffix =
                            if open_line == close_line { String::new() } else { format!(" on line {open_line}") };
                        let msg = format!(
                            "closing parenthesis '{close}' does not match opening parenthesis '{open}'{suffix}"
                        );
                        return Some((token.start(), self.at(msg, token.start())));
                    }
                    Some(_) => {}
                }
            }
        }
        None
    }

    /// The tokens outside f-strings (CPython 3.11 tokenizes an f-string as one string token).
    fn code_tokens(&self) -> impl Iterator<Item = &Token> {
        let mut depth = 0usize;
        self.tokens.iter().filter(move |t| match t.kind() {
            TokenKind::FStringStart => {
                depth += 1;
                false
            }
            TokenKind::FStringEnd => {
                depth = depth.saturating_sub(1);
                false
            }
            TokenKind::Newline => {
                depth = 0;
                true
            }
            _ => depth == 0,
        })
    }

    /// The innermost bracket still open at the end of the file.
    fn unclosed_bracket(&self) -> Option<(char, TextSize)> {
        let mut stack: Vec<(char, TextSize)> = Vec::new();
        for token in self.code_tokens() {
            if let Some(open) = opener(token.kind()) {
                stack.push((open, token.start()));
            } else if closer(token.kind()).is_some() {
                stack.pop();
            }
        }
        stack.pop()
    }

    /// CPython reports "'(' was never closed" instead of a parser error when the parser ran into
    /// the end of the file inside brackets, or failed on a later line than the open bracket.
    fn unclosed_bracket_instead(&self, error: &CompileError) -> Option<CompileError> {
        let (open, at) = self.unclosed_bracket()?;
        let open_line = self.map.line(at.to_u32());
        if error.line < open_line || (error.line == open_line && error.kind != ErrorKind::SyntaxError) {
            return None;
        }
        let error_offset = self.map.offset(error.line, error.offset);
        if error_offset < at {
            return None;
        }
        let rest_is_trivia = self.tokens[self.token_index(error_offset)..].iter().skip(1).all(|t| {
            is_trivia(t.kind()) || matches!(t.kind(), TokenKind::Newline | TokenKind::EndOfFile | TokenKind::Dedent)
        });
        let comma_hint = error.msg.starts_with("invalid syntax. Perhaps");
        if error.line > open_line || rest_is_trivia || comma_hint {
            return Some(self.at(format!("'{open}' was never closed"), at));
        }
        None
    }

    /// Number literals CPython's tokenizer rejects: leading zeros, invalid digits, a letter
    /// right after the number.
    fn number_error(&self) -> Option<(TextSize, CompileError)> {
        for (i, token) in self.tokens.iter().enumerate() {
            if !matches!(token.kind(), TokenKind::Int | TokenKind::Float | TokenKind::Complex) {
                continue;
            }
            let text = &self.source()[token.range().to_std_range()];
            let lower = text.to_ascii_lowercase();
            let kind = crate::warnings::number_kind(text, TokenKind::Int);
            if kind != "decimal" {
                let digits = &lower[2..];
                let radix = match kind {
                    "hexadecimal" => 16,
                    "octal" => 8,
                    _ => 2,
                };
                // A digit right after the number, or after one underscore following it (`0b1_2`).
                let mut rest = self.source()[token.end().to_usize()..].chars();
                let following = match rest.next() {
                    Some('_') => rest.next().map(|c| (token.end() + TextSize::new(1), c)),
                    c => c.map(|c| (token.end(), c)),
                };
                let bad = digits
                    .char_indices()
                    .find(|&(_, c)| c != '_' && !c.is_digit(radix))
                    .map(|(p, c)| (token.start() + TextSize::new(2 + p as u32), c))
                    .or_else(|| following.filter(|(_, c)| c.is_ascii_digit()));
                if let Some((at, c)) = bad {
                    if c.is_ascii_digit() {
                        // Ordered at the number's start: it comes before ruff's error for it.
                        return Some((token.start(), self.at(format!("invalid digit '{c}' in {kind} literal"), at)));
                    }
                    return Some((token.start(), self.at(format!("invalid {kind} literal"), token.start())));
                }
                if digits.is_empty() {
                    return Some((token.start(), self.at(format!("invalid {kind} literal"), token.start())));
                }
            } else if let Some(p) = lower.find("__") {
                let at = token.start() + TextSize::new(p as u32);
                return Some((at, self.at("invalid decimal literal", at)));
            } else if token.kind() == TokenKind::Int
                && lower.len() > 1
                && lower.starts_with('0')
                && lower.chars().any(|c| c != '0' && c != '_')
            {
                return Some((
                    token.start(),
                    self.at(
                        "leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers",
                        token.start(),
                    ),
                ));
            }
            let next = self.tokens.get(i + 1);
            let adjacent = next.filter(|n| n.start() == token.end());
            if let Some(next) = adjacent {
                let next_text = &self.source()[next.range().to_std_range()];
                let allowed = crate::warnings::keyword_follows(next_text);
                let starts_identifier = next_text.chars().next().is_some_and(|c| c.is_alphanumeric() || c == '_');
                if starts_identifier && !allowed {
                    let what = crate::warnings::number_kind(text, token.kind());
                    // An underscore not followed by a digit is reported where it is, a letter at the
                    // number's last character (where CPython's tokenizer stands).
                    let at = if next_text.starts_with('_') { token.end() } else { token.end() - TextSize::new(1) };
                    return Some((at, self.at(format!("invalid {what} literal"), at)));
                }
            }
        }
        None
    }

    /// Indentation errors of CPython's tokenizer: `TabError` for indentation that is ambiguous
    /// between tab sizes 1 and 8, and a dedent matching no outer level.
    fn indentation_error(&self) -> Option<(TextSize, CompileError)> {
        let mut levels: Vec<(u32, u32)> = vec![(0, 0)];
        let mut at_line_start = true;
        let mut depth = 0usize;
        for token in self.tokens {
            let kind = token.kind();
            if is_trivia(kind) {
                continue;
            }
            if opener(kind).is_some() {
                depth += 1;
            } else if closer(kind).is_some() {
                depth = depth.saturating_sub(1);
            }
            if matches!(kind, TokenKind::Newline) {
                at_line_start = true;
                continue;
            }
            if matches!(kind, TokenKind::Indent | TokenKind::Dedent) {
                continue;
            }
            if !at_line_start || kind == TokenKind::EndOfFile {
                at_line_start = false;
                continue;
            }
            at_line_start = false;
            if depth > usize::from(opener(kind).is_some()) {
                continue;
            }
            let line = self.map.line(token.start().to_u32());
            let text = self.map.line_text(line);
            let (mut col, mut alt) = (0u32, 0u32);
            for c in text.chars() {
                match c {
                    ' ' => {
                        col += 1;
                        alt += 1;
                    }
                    '\t' => {
                        col = (col / 8 + 1) * 8;
                        alt += 1;
                    }
                    '\x0c' => {
                        col = 0;
                        alt = 0;
                    }
                    _ => break,
                }
            }
            let line_start = token.start() - TextSize::new(self.map.byte_column(token.start().to_u32()));
            let tab_error = || {
                (
                    line_start,
                    self.map.error(
                        ErrorKind::TabError,
                        "inconsistent use of tabs and spaces in indentation",
                        TextRange::empty(line_start),
                    ),
                )
            };
            let &(top_col, top_alt) = levels.last().unwrap_or(&(0, 0));
            if col == top_col {
                if alt != top_alt {
                    return Some(tab_error());
                }
            } else if col > top_col {
                if alt <= top_alt {
                    return Some(tab_error());
                }
                if levels.len() >= MAX_INDENT_LEVELS {
                    let error = self.map.error(
                        ErrorKind::IndentationError,
                        "too many levels of indentation",
                        TextRange::empty(line_start),
                    );
                    return Some((line_start, error));
                }
                levels.push((col, alt));
            } else {
                while levels.len() > 1 && levels.last().is_some_and(|&(c, _)| col < c) {
                    levels.pop();
                }
                let &(top_col, top_alt) = levels.last().unwrap_or(&(0, 0));
                if col != top_col {
                    let end = line_start + TextSize::new(text.len() as u32);
                    let mut error = self.map.error(
                        ErrorKind::IndentationError,
                        "unindent does not match any outer indentation level",
                        TextRange::empty(end),
                    );
                    error.offset = text.chars().count() as u32 + 1;
                    return Some((line_start, error));
                }
                if alt != top_alt {
                    return Some(tab_error());
                }
            }
        }
        None
    }

    /// The error for syntax newer than Python 3.11.
    fn unsupported(&self, error: &UnsupportedSyntaxError) -> CompileError {
        let start = error.range.start();
        match error.kind {
            UnsupportedSyntaxErrorKind::TypeAliasStatement => {
                let next = self.tokens.get(self.token_index(error.range.end())).map_or(start, Ranged::start);
                self.at("invalid syntax", next)
            }
            UnsupportedSyntaxErrorKind::TypeParameterList => {
                let index = self.token_index(start);
                let after_def = index >= 2 && self.tokens[index - 2].kind() == TokenKind::Def;
                self.at(if after_def { "expected '('" } else { "invalid syntax" }, start)
            }
            UnsupportedSyntaxErrorKind::Pep701FString(kind) => {
                // The parser does not export the kind's type; its variant names are stable.
                let msg = match format!("{kind:?}").as_str() {
                    "Backslash" => "f-string expression part cannot include a backslash",
                    "Comment" => "f-string expression part cannot include '#'",
                    _ => "f-string: expecting '}'",
                };
                self.at(msg, start)
            }
            UnsupportedSyntaxErrorKind::ParenthesizedKeywordArgumentName => {
                // `f((x)=1)`: an expression naming a keyword argument, from inside the parentheses.
                let index = self.token_index(start);
                let inner =
                    self.tokens[index..].iter().find(|t| t.kind() != TokenKind::Lpar).map_or(start, Ranged::start);
                self.invalid_kwarg(TextRange::new(inner, error.range.end()))
            }
            UnsupportedSyntaxErrorKind::UnparenthesizedExceptionTypes => {
                self.at("multiple exception types must be parenthesized", start)
            }
            UnsupportedSyntaxErrorKind::UnpackingInComprehension(kind) => {
                let msg = if format!("{kind:?}") == "DictInDict" {
                    "dict unpacking cannot be used in dict comprehension"
                } else {
                    "iterable unpacking cannot be used in comprehension"
                };
                self.at(msg, start)
            }
            _ => self.at("invalid syntax", start),
        }
    }

    /// Maps a ruff parse error to CPython's.
    fn parse_error(&self, error: &ParseError, parsed: &Parsed<ruff_python_ast::Mod>) -> CompileError {
        let location = error.location;
        let start = location.start();
        if let Some(fstring) = self.enclosing_fstring(start) {
            let msg = match &error.error {
                ParseErrorType::FStringError(kind) | ParseErrorType::Lexical(LexicalErrorType::FStringError(kind)) => {
                    fstring_message(kind)
                }
                ParseErrorType::ExpectedExpression | ParseErrorType::ExpectedToken { .. } => "f-string: expecting '}'",
                _ => "f-string: invalid syntax",
            };
            return self.at(msg, fstring.end());
        }
        let syntax = |msg: &str| self.at(msg, start);
        if let Some(e) = self.unparenthesized_comprehension_target(start) {
            return e;
        }
        match &error.error {
            ParseErrorType::UnexpectedIndentation => {
                let mut e = self.map.error(ErrorKind::IndentationError, "unexpected indent", location);
                e.offset = self.map.char_column(location.end().to_u32()).saturating_sub(1).max(1);
                e
            }
            ParseErrorType::OtherError(msg) if msg.starts_with("Expected an indented block after") => {
                self.missing_block(msg, start)
            }
            ParseErrorType::OtherError(msg) if msg == "Expected a parameter name" => self.invalid_kwarg(location),
            ParseErrorType::OtherError(msg) if parameter_separator_message(msg).is_some() => {
                // At the `/` or `*` (the range of a `*args` covers its name too).
                let msg = parameter_separator_message(msg).unwrap_or_default();
                self.error(msg, TextRange::at(start, TextSize::new(1)))
            }
            ParseErrorType::OtherError(msg) if msg == "Bytes literal cannot be mixed with non-bytes literals" => {
                self.at("cannot mix bytes and nonbytes literals", location.end())
            }
            ParseErrorType::OtherError(msg) if msg == "Cannot have both 'except' and 'except*' on the same 'try'" => {
                // CPython underlines the handler's `except` keyword, with its `*`.
                let keyword_end = start + TextSize::new(6);
                let after = &self.source()[keyword_end.to_usize()..];
                let star = after.trim_start_matches([' ', '\t']);
                let end = match star.strip_prefix('*') {
                    Some(rest) => TextSize::new((self.source().len() - rest.len()) as u32),
                    None => keyword_end,
                };
                self.error("cannot have both 'except' and 'except*' on the same 'try'", TextRange::new(start, end))
            }
            ParseErrorType::OtherError(msg) if msg.starts_with("Expected `except` or `finally`") => {
                let newline = self.tokens[..self.token_index(start)]
                    .iter()
                    .rev()
                    .find(|t| t.kind() == TokenKind::Newline)
                    .map_or(start, Ranged::start);
                self.at("expected 'except' or 'finally' block", newline)
            }
            ParseErrorType::ExpectedToken { expected: TokenKind::Else, .. } => {
                let if_token =
                    self.tokens[..self.token_index(start)].iter().rposition(|t| t.kind() == TokenKind::If).unwrap_or(0);
                self.at("expected 'else' after 'if' expression", self.expression_start(if_token))
            }
            ParseErrorType::Lexical(
                LexicalErrorType::UnicodeError
                | LexicalErrorType::StringError
                | LexicalErrorType::MissingUnicodeLbrace
                | LexicalErrorType::MissingUnicodeRbrace,
            ) => {
                let token = self.tokens[..self.token_index(location.end())]
                    .iter()
                    .rev()
                    .find(|t| t.range().contains_range(location) || t.range().start() <= start);
                let error = token.and_then(|t| {
                    let text = &self.source()[t.range().to_std_range()];
                    crate::constants::decode_string_token(text).err().map(|e| self.at(e.msg, t.end()))
                });
                error.unwrap_or_else(|| syntax("invalid syntax"))
            }
            ParseErrorType::ExpectedToken { expected: TokenKind::Colon, found } => match found {
                TokenKind::Newline => syntax("expected ':'"),
                TokenKind::Equal => self.at(
                    "invalid syntax. Maybe you meant '==' or ':=' instead of '='?",
                    self.statement_operand_start(start),
                ),
                TokenKind::Rbrace | TokenKind::Comma if self.inside('{', start) => {
                    let key = self.tokens[..self.token_index(start)]
                        .iter()
                        .rev()
                        .find(|t| !is_trivia(t.kind()))
                        .map_or(start, Ranged::start);
                    self.at("':' expected after dictionary key", key)
                }
                _ => syntax("invalid syntax"),
            },
            ParseErrorType::ExpectedToken { expected: TokenKind::Comma, found } => {
                if self.bracket_depth(start) > 0 && starts_expression(*found) {
                    self.at("invalid syntax. Perhaps you forgot a comma?", self.element_start(start))
                } else {
                    syntax("invalid syntax")
                }
            }
            ParseErrorType::SimpleStatementsOnSameLine => {
                // CPython's `invalid_legacy_expression`: `print x`, `exec x`, wherever the
                // statement starts (after `:` or `;` too).
                let before = self.tokens[..self.token_index(start)].iter().rev().find(|t| !is_trivia(t.kind()));
                let legacy = before.filter(|t| t.kind() == TokenKind::Name).and_then(|t| {
                    let word = &self.source()[t.range().to_std_range()];
                    (word == "print" || word == "exec").then(|| (word.to_owned(), t.start()))
                });
                match legacy.filter(|_| self.expression_until_statement_end(start)) {
                    Some((word, name_start)) => self
                        .at(format!("Missing parentheses in call to '{word}'. Did you mean {word}(...)?"), name_start),
                    None => syntax("invalid syntax"),
                }
            }
            ParseErrorType::InvalidAssignmentTarget => self.invalid_target(parsed, location),
            ParseErrorType::InvalidDeleteTarget => {
                let name = self.expression_name_at(parsed, location);
                self.error(format!("cannot delete {name}"), location)
            }
            ParseErrorType::InvalidAugmentedAssignmentTarget => {
                let name = self.expression_name_at(parsed, location);
                self.error(format!("'{name}' is an illegal expression for augmented assignment"), location)
            }
            ParseErrorType::InvalidNamedAssignmentTarget => {
                let name = self.expression_name_at(parsed, location);
                self.error(format!("cannot use assignment expressions with {name}"), location)
            }
            ParseErrorType::InvalidAnnotatedAssignmentTarget => {
                let name = self.expression_name_at(parsed, location);
                let msg = match name {
                    "tuple" | "list" => format!("only single target (not {name}) can be annotated"),
                    _ => "illegal target for annotation".to_string(),
                };
                self.error(msg, location)
            }
            ParseErrorType::ExpectedKeywordParam => syntax("named arguments must follow bare *"),
            ParseErrorType::NonDefaultParamAfterDefaultParam => syntax("non-default argument follows default argument"),
            ParseErrorType::ParamAfterVarKeywordParam => syntax("arguments cannot follow var-keyword argument"),
            ParseErrorType::VarParameterWithDefault => syntax("var-positional argument cannot have default value"),
            ParseErrorType::InvalidArgumentUnpackingOrder => {
                syntax("iterable argument unpacking follows keyword argument unpacking")
            }
            ParseErrorType::PositionalAfterKeywordArgument => {
                self.at("positional argument follows keyword argument", self.next_token_start(location.end()))
            }
            ParseErrorType::PositionalAfterKeywordUnpacking => {
                self.at("positional argument follows keyword argument unpacking", self.next_token_start(location.end()))
            }
            ParseErrorType::UnparenthesizedGeneratorExpression => {
                self.error("Generator expression must be parenthesized", location)
            }
            ParseErrorType::IterableUnpackingInComprehension => {
                syntax("iterable unpacking cannot be used in comprehension")
            }
            ParseErrorType::InvalidStarredExpressionUsage => self.misplaced_starred(location),
            ParseErrorType::FStringError(kind) | ParseErrorType::Lexical(LexicalErrorType::FStringError(kind)) => {
                syntax(fstring_message(kind))
            }
            ParseErrorType::Lexical(LexicalErrorType::Eof) => syntax("unexpected EOF while parsing"),
            ParseErrorType::Lexical(LexicalErrorType::IndentationError) => {
                let line = self.map.line(start.to_u32());
                let mut e = self.map.error(
                    ErrorKind::IndentationError,
                    "unindent does not match any outer indentation level",
                    location,
                );
                e.offset = self.map.line_text(line).chars().count() as u32 + 1;
                e
            }
            ParseErrorType::Lexical(LexicalErrorType::OtherError(msg)) if msg.contains("decimal integer") => syntax(
                "leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers",
            ),
            _ => syntax("invalid syntax"),
        }
    }

    /// `IndentationError: expected an indented block after 'if' statement on line N`.
    fn missing_block(&self, ruff_message: &str, start: TextSize) -> CompileError {
        let header = self.tokens[..self.token_index(start)]
            .iter()
            .rev()
            .find(|t| t.kind() == TokenKind::Colon)
            .map_or(start, |colon| self.logical_line_start(colon.start()));
        // The parser's "`else` clause", "`case` block", "`class` definition" are CPython's
        // "'else' statement", "'case' statement", "class definition"; `except*` is named so.
        let what = ruff_message.trim_start_matches("Expected an indented block after ");
        let what = match what.split('`').nth(1) {
            Some("class") => "class definition".to_owned(),
            Some("except") => {
                let mut header_tokens = self.tokens[self.token_index(header)..]
                    .iter()
                    .filter(|t| !is_trivia(t.kind()) && !matches!(t.kind(), TokenKind::Indent | TokenKind::Dedent));
                header_tokens.next();
                let star = header_tokens.next().is_some_and(|t| t.kind() == TokenKind::Star);
                format!("'except{}' statement", if star { "*" } else { "" })
            }
            Some(keyword) => format!("'{keyword}' statement"),
            None => what.to_owned(),
        };
        let header_line = self.map.line(header.to_u32());
        let index = self.token_index(start);
        let at = self.tokens[index..]
            .iter()
            .find(|t| !is_trivia(t.kind()) && !matches!(t.kind(), TokenKind::Newline))
            .map_or(start, Ranged::start);
        let mut error = self.map.error(
            ErrorKind::IndentationError,
            format!("expected an indented block after {what} on line {header_line}"),
            TextRange::empty(at),
        );
        if error.line == header_line {
            error.line = header_line + 1;
            error.offset = 1;
            error.text = Some(self.map.line_text(header_line + 1).to_string());
        }
        error
    }

    /// The start of the logical line containing `offset`.
    fn logical_line_start(&self, offset: TextSize) -> TextSize {
        let index = self.token_index(offset);
        self.tokens[..index]
            .iter()
            .rposition(|t| matches!(t.kind(), TokenKind::Newline | TokenKind::Indent | TokenKind::Dedent))
            .and_then(|p| self.tokens[p + 1..index].iter().find(|t| !is_trivia(t.kind())))
            .or_else(|| self.tokens[..index].iter().find(|t| !is_trivia(t.kind())))
            .map_or(offset, Ranged::start)
    }

    /// The start of the expression after a statement's keyword (`x` in `if x = 1:`).
    fn statement_operand_start(&self, offset: TextSize) -> TextSize {
        let line_start = self.logical_line_start(offset);
        self.tokens.get(self.token_index(line_start) + 1).map_or(offset, Ranged::start)
    }

    /// The start of the expression that ends just before token `index` (after the last `=`,
    /// `,`, `:`, opening bracket or keyword at the same bracket depth).
    fn expression_start(&self, index: usize) -> TextSize {
        let mut depth = 0i32;
        for i in (0..index).rev() {
            let kind = self.tokens[i].kind();
            if closer(kind).is_some() {
                depth += 1;
                continue;
            }
            if opener(kind).is_some() {
                if depth == 0 {
                    return self.tokens[i + 1].start();
                }
                depth -= 1;
                continue;
            }
            let boundary = matches!(
                kind,
                TokenKind::Equal
                    | TokenKind::Comma
                    | TokenKind::Colon
                    | TokenKind::Newline
                    | TokenKind::Indent
                    | TokenKind::Dedent
                    | TokenKind::Return
                    | TokenKind::Yield
                    | TokenKind::In
                    | TokenKind::Lambda
            ) || kind.is_keyword() && kind != TokenKind::Await && kind != TokenKind::Not;
            if depth == 0 && boundary {
                return self.tokens[i + 1].start();
            }
        }
        self.tokens.first().map_or(TextSize::default(), Ranged::start)
    }

    /// A starred expression where none may be, as CPython's parser reports it: in a group
    /// (`(*x)`) "cannot use starred expression here" on the expression; before a `:` (a dict key,
    /// a slice bound, a `match` subject) invalid syntax at the `:`; otherwise at the `*`.
    fn misplaced_starred(&self, location: TextRange) -> CompileError {
        let before = self.tokens[..self.token_index(location.start())].iter().rev().find(|t| !is_trivia(t.kind()));
        let after = self.tokens[self.token_index(location.end())..].iter().find(|t| !is_trivia(t.kind()));
        let (before, after) = (before.map(Token::kind), after.map(|t| (t.kind(), t.start())));
        match (before, after) {
            (Some(TokenKind::Lpar), Some((TokenKind::Rpar, _))) => {
                self.error("cannot use starred expression here", location)
            }
            (_, Some((TokenKind::Colon, colon))) => self.at("invalid syntax", colon),
            _ => self.at("invalid syntax", location.start()),
        }
    }

    fn next_token_start(&self, offset: TextSize) -> TextSize {
        self.tokens[self.token_index(offset)..].iter().find(|t| !is_trivia(t.kind())).map_or(offset, Ranged::start)
    }

    /// How many brackets are open at `offset`.
    fn bracket_depth(&self, offset: TextSize) -> usize {
        let mut depth = 0usize;
        for token in &self.tokens[..self.token_index(offset)] {
            if opener(token.kind()).is_some() {
                depth += 1;
            } else if closer(token.kind()).is_some() {
                depth = depth.saturating_sub(1);
            }
        }
        depth
    }

    /// Whether the innermost bracket open at `offset` is `open`.
    fn inside(&self, open: char, offset: TextSize) -> bool {
        let mut stack = Vec::new();
        for token in &self.tokens[..self.token_index(offset)] {
            if let Some(o) = opener(token.kind()) {
                stack.push(o);
            } else if closer(token.kind()).is_some() {
                stack.pop();
            }
        }
        stack.last() == Some(&open)
    }

    /// The start of the bracketed element before `offset` (after the last `,` or opening bracket
    /// at the same depth).
    fn element_start(&self, offset: TextSize) -> TextSize {
        let index = self.token_index(offset);
        let mut depth = 0i32;
        for i in (0..index).rev() {
            let kind = self.tokens[i].kind();
            if closer(kind).is_some() {
                depth += 1;
            } else if opener(kind).is_some() {
                if depth == 0 {
                    return self.tokens.get(i + 1).map_or(offset, Ranged::start);
                }
                depth -= 1;
            } else if kind == TokenKind::Comma && depth == 0 {
                return self.tokens.get(i + 1).map_or(offset, Ranged::start);
            }
        }
        offset
    }

    /// CPython's `invalid_comprehension` error when the parse fails at a `for` that follows
    /// several comma-separated elements in `[` or `{` (`[x, y for x, y in z]`): reported at the
    /// first element.
    fn unparenthesized_comprehension_target(&self, offset: TextSize) -> Option<CompileError> {
        let index = self.token_index(offset);
        if self.tokens.get(index).map(Token::kind) != Some(TokenKind::For) {
            return None;
        }
        let mut depth = 0i32;
        let mut comma = false;
        for i in (0..index).rev() {
            let kind = self.tokens[i].kind();
            if closer(kind).is_some() {
                depth += 1;
            } else if let Some(open) = opener(kind) {
                if depth == 0 {
                    let first = self.tokens.get(i + 1)?.start();
                    return (comma && matches!(open, '[' | '{'))
                        .then(|| self.at("did you forget parentheses around the comprehension target?", first));
                }
                depth -= 1;
            } else if depth == 0 && kind == TokenKind::Comma {
                comma = true;
            } else if depth == 0 && kind == TokenKind::Colon {
                return None;
            }
        }
        None
    }

    /// CPython's error for an expression that cannot be assigned to.
    fn invalid_target(&self, parsed: &Parsed<ruff_python_ast::Mod>, location: TextRange) -> CompileError {
        let name = self.expression_name_at(parsed, location);
        let statement = find_statement(parsed.syntax(), location);
        match statement {
            Some(Stmt::Assign(assign)) => {
                if assign.value.range().contains_range(location) || assign.value.range().start() == location.start() {
                    if let Expr::Yield(_) | Expr::YieldFrom(_) = &*assign.value {
                        return self.error("assignment to yield expression not possible", location);
                    }
                }
                if let Some(target) = assign.targets.iter().find(|t| t.range().contains_range(location)) {
                    // A parenthesized yield (`(yield x) = y`) is an atom: the general message.
                    let before =
                        self.tokens[..self.token_index(target.start())].iter().rev().find(|t| !is_trivia(t.kind()));
                    let parenthesized = before.is_some_and(|t| t.kind() == TokenKind::Lpar);
                    if matches!(target, Expr::Yield(_) | Expr::YieldFrom(_)) && !parenthesized {
                        return self.error("assignment to yield expression not possible", location);
                    }
                    let single = assign.targets.len() == 1 && target.range() == location;
                    let excluded = matches!(
                        target,
                        Expr::List(_)
                            | Expr::Tuple(_)
                            | Expr::Generator(_)
                            | Expr::BooleanLiteral(_)
                            | Expr::NoneLiteral(_)
                    );
                    if single && !excluded {
                        return self.error(
                            format!("cannot assign to {name} here. Maybe you meant '==' instead of '='?"),
                            location,
                        );
                    }
                }
                self.error(format!("cannot assign to {name}"), location)
            }
            _ => self.error(format!("cannot assign to {name}"), location),
        }
    }

    /// CPython's `invalid_kwarg`: a keyword argument named by an expression that is not a name
    /// (`location`, as `f(x.y=1)`, `f(True=1)`), reported from the expression to the `=`.
    fn invalid_kwarg(&self, location: TextRange) -> CompileError {
        let equal = self.tokens[self.token_index(location.end())..].iter().find(|t| t.kind() == TokenKind::Equal);
        let range = TextRange::new(location.start(), equal.map_or(location.end(), Ranged::end));
        let msg = match &self.source()[location.to_std_range()] {
            name @ ("True" | "False" | "None") => format!("cannot assign to {name}"),
            _ => "expression cannot contain assignment, perhaps you meant \"==\"?".to_owned(),
        };
        self.error(msg, range)
    }

    /// CPython's name for the kind of expression at `location`.
    fn expression_name_at(&self, parsed: &Parsed<ruff_python_ast::Mod>, location: TextRange) -> &'static str {
        find_expression(parsed.syntax(), location).map_or("expression", expression_name)
    }
}

/// CPython 3.11's message for the parser's error about the `/` and `*` of a parameter list.
fn parameter_separator_message(ruff: &str) -> Option<&'static str> {
    Some(match ruff {
        "Only one '/' separator allowed" => "/ may appear only once",
        "Position-only parameter separator not allowed as first parameter" => "at least one argument must precede /",
        "'/' parameter must appear before '*' parameter" => "/ must be ahead of *",
        "Only one '*' parameter allowed"
        | "Only one '*' separator allowed"
        | "Keyword-only parameter separator not allowed after '*' parameter" => "* argument may appear only once",
        _ => return None,
    })
}

/// CPython 3.11's message for an f-string error.
fn fstring_message(kind: &InterpolatedStringErrorType) -> &'static str {
    match kind {
        InterpolatedStringErrorType::UnclosedLbrace => "f-string: expecting '}'",
        InterpolatedStringErrorType::InvalidConversionFlag => {
            "f-string: invalid conversion character: expected 's', 'r', or 'a'"
        }
        InterpolatedStringErrorType::SingleRbrace => "f-string: single '}' is not allowed",
        InterpolatedStringErrorType::UnterminatedString => "f-string: unterminated string",
        InterpolatedStringErrorType::UnterminatedTripleQuotedString => "f-string: unterminated triple-quoted string",
        InterpolatedStringErrorType::LambdaWithoutParentheses => {
            "f-string: lambda expressions are not allowed without parentheses"
        }
        _ => "f-string: invalid syntax",
    }
}

/// Whether a token can start an expression (for the "forgot a comma" hint).
fn starts_expression(kind: TokenKind) -> bool {
    matches!(
        kind,
        TokenKind::Name
            | TokenKind::Int
            | TokenKind::Float
            | TokenKind::Complex
            | TokenKind::String
            | TokenKind::FStringStart
            | TokenKind::Lpar
            | TokenKind::Lsqb
            | TokenKind::Lbrace
            | TokenKind::True
            | TokenKind::False
            | TokenKind::None
            | TokenKind::Ellipsis
            | TokenKind::Tilde
            | TokenKind::Not
            | TokenKind::Lambda
            | TokenKind::Await
    )
}

/// The innermost statement containing `range`.
fn find_statement(module: &ruff_python_ast::Mod, range: TextRange) -> Option<&Stmt> {
    let ruff_python_ast::Mod::Module(module) = module else { return None };
    let mut body: &[Stmt] = &module.body;
    let mut found = None;
    while let Some(stmt) = body.iter().find(|s| s.range().contains_range(range)) {
        found = Some(stmt);
        body = match stmt {
            Stmt::FunctionDef(f) => &f.body,
            Stmt::ClassDef(c) => &c.body,
            Stmt::For(f) if !f.target.range().contains_range(range) => {
                if f.body.iter().any(|s| s.range().contains_range(range)) {
                    &f.body
                } else {
                    &f.orelse
                }
            }
            Stmt::While(w) => {
                if w.body.iter().any(|s| s.range().contains_range(range)) {
                    &w.body
                } else {
                    &w.orelse
                }
            }
            Stmt::If(i) => match i.body.iter().any(|s| s.range().contains_range(range)) {
                true => &i.body,
                false => {
                    i.elif_else_clauses.iter().find(|c| c.range.contains_range(range)).map_or(&[][..], |c| &c.body[..])
                }
            },
            Stmt::With(w) => &w.body,
            Stmt::Try(t) => {
                if let Some(h) = t.handlers.iter().find(|h| h.range().contains_range(range)) {
                    let ruff_python_ast::ExceptHandler::ExceptHandler(h) = h;
                    &h.body
                } else if t.orelse.iter().any(|s| s.range().contains_range(range)) {
                    &t.orelse
                } else if t.finalbody.iter().any(|s| s.range().contains_range(range)) {
                    &t.finalbody
                } else {
                    &t.body
                }
            }
            Stmt::Match(m) => m.cases.iter().find(|c| c.range.contains_range(range)).map_or(&[][..], |c| &c.body[..]),
            _ => return found,
        };
    }
    found
}

/// The expression whose range is exactly `range`, searched through the whole tree.
fn find_expression(module: &ruff_python_ast::Mod, range: TextRange) -> Option<&Expr> {
    use ruff_python_ast::visitor::{walk_expr, Visitor};
    struct Finder<'a> {
        range: TextRange,
        found: Option<&'a Expr>,
    }
    impl<'a> Visitor<'a> for Finder<'a> {
        fn visit_expr(&mut self, expr: &'a Expr) {
            if self.found.is_some() || !expr.range().contains_range(self.range) {
                return;
            }
            if expr.range() == self.range {
                self.found = Some(expr);
                return;
            }
            walk_expr(self, expr);
        }
    }
    let mut finder = Finder { range, found: None };
    match module {
        ruff_python_ast::Mod::Module(m) => finder.visit_body(&m.body),
        ruff_python_ast::Mod::Expression(e) => finder.visit_expr(&e.body),
    }
    finder.found
}
