//! The parser: tokens to a syntax tree, by recursive descent.
//!
//! ```text
//! program   = stmt* EOF
//! stmt      = "fn" NAME "(" [NAME ("," NAME)*] ")" block
//!           | "if" expr block ["else" (block | if-stmt)]
//!           | "while" expr block
//!           | "return" [expr] ";" | "break" ";" | "continue" ";"
//!           | expr ["=" expr] ";"
//! block     = "{" stmt* "}"
//! expr      = and ("or" and)*
//! and       = not ("and" not)*
//! not       = "not" not | compare
//! compare   = sum [("==" | "!=" | "<" | "<=" | ">" | ">=") sum]
//! sum       = term (("+" | "-") term)*
//! term      = unary (("*" | "/" | "%") unary)*
//! unary     = "-" unary | postfix
//! postfix   = primary ("(" args ")" | "[" expr "]" | "." NAME)*
//! primary   = INT | FLOAT | STRING | "true" | "false" | "nil" | NAME | "(" expr ")"
//!           | "[" [expr ("," expr)* [","]] "]" | "{" [NAME ":" expr ("," NAME ":" expr)* [","]] "}"
//! ```
//! Nesting is limited (see [`MAX_NESTING`]) so that no input can exhaust the native stack of the
//! parser or of the later phases, which recurse over the tree.

use crate::ast::{BinOp, Expr, ExprKind, FnDef, LogicOp, Span, Stmt, StmtKind, SyntaxError, Target, UnaryOp};
use crate::lexer::{tokenize, Keyword, Tok, Token};

/// How deeply blocks and expressions may nest (counting each operator of a chain as one level).
pub const MAX_NESTING: usize = 200;

type PResult<T> = Result<T, SyntaxError>;

/// Parse a whole program.
pub fn parse(source: &str) -> PResult<Vec<Stmt>> {
    let tokens = tokenize(source)?;
    let mut parser = Parser { tokens, pos: 0, nesting: 0 };
    let mut program = Vec::new();
    while parser.peek() != &Tok::Eof {
        program.push(parser.stmt()?);
    }
    Ok(program)
}

struct Parser {
    tokens: Vec<Token>,
    pos: usize,
    nesting: usize,
}

impl Parser {
    fn token(&self) -> &Token {
        // The token list always ends with Eof, and `advance` never moves past it.
        &self.tokens[self.pos.min(self.tokens.len() - 1)]
    }

    fn peek(&self) -> &Tok {
        &self.token().tok
    }

    fn span(&self) -> Span {
        self.token().span
    }

    fn advance(&mut self) -> Token {
        let token = self.token().clone();
        if self.pos + 1 < self.tokens.len() {
            self.pos += 1;
        }
        token
    }

    fn at_punct(&self, p: &str) -> bool {
        matches!(self.peek(), Tok::Punct(q) if *q == p)
    }

    fn at_keyword(&self, k: Keyword) -> bool {
        self.peek() == &Tok::Keyword(k)
    }

    fn eat_punct(&mut self, p: &str) -> bool {
        let found = self.at_punct(p);
        if found {
            self.advance();
        }
        found
    }

    fn eat_keyword(&mut self, k: Keyword) -> bool {
        let found = self.at_keyword(k);
        if found {
            self.advance();
        }
        found
    }

    fn error<T>(&self, expected: &str) -> PResult<T> {
        Err(SyntaxError::new(self.span(), format!("expected {expected}, found {}", self.peek())))
    }

    fn expect_punct(&mut self, p: &str, context: &str) -> PResult<()> {
        if self.eat_punct(p) {
            Ok(())
        } else {
            self.error(&format!("'{p}' {context}"))
        }
    }

    fn expect_name(&mut self, what: &str) -> PResult<String> {
        match self.peek() {
            Tok::Name(n) => {
                let n = n.clone();
                self.advance();
                Ok(n)
            }
            _ => self.error(what),
        }
    }

    /// Run `f` one nesting level deeper.
    fn nested<T>(&mut self, f: impl FnOnce(&mut Self) -> PResult<T>) -> PResult<T> {
        self.deepen()?;
        let result = f(self);
        self.nesting -= 1;
        result
    }

    fn deepen(&mut self) -> PResult<()> {
        if self.nesting >= MAX_NESTING {
            return Err(SyntaxError::new(self.span(), "program is nested too deeply"));
        }
        self.nesting += 1;
        Ok(())
    }

    /// Parse a left-associative chain `operand (op operand)*`, each operator one level deeper.
    fn chain<Op>(
        &mut self,
        operator: impl Fn(&Tok) -> Option<Op>,
        operand: impl Fn(&mut Self) -> PResult<Expr>,
        combine: impl Fn(Op, Expr, Expr) -> ExprKind,
    ) -> PResult<Expr> {
        let saved = self.nesting;
        let mut left = operand(self)?;
        let result = loop {
            let Some(op) = operator(self.peek()) else { break Ok(left) };
            let span = self.advance().span;
            if let Err(e) = self.deepen() {
                break Err(e);
            }
            match operand(self) {
                Ok(right) => left = Expr { kind: combine(op, left, right), span },
                Err(e) => break Err(e),
            }
        };
        self.nesting = saved;
        result
    }

    fn stmt(&mut self) -> PResult<Stmt> {
        let span = self.span();
        let kind = match self.peek() {
            Tok::Keyword(Keyword::Fn) => {
                self.advance();
                self.fn_def()?
            }
            Tok::Keyword(Keyword::If) => {
                self.advance();
                self.if_stmt()?
            }
            Tok::Keyword(Keyword::While) => {
                self.advance();
                let cond = self.expr()?;
                StmtKind::While(cond, self.block()?)
            }
            Tok::Keyword(Keyword::Return) => {
                self.advance();
                let value = if self.at_punct(";") { None } else { Some(self.expr()?) };
                self.expect_punct(";", "after return")?;
                StmtKind::Return(value)
            }
            Tok::Keyword(k @ (Keyword::Break | Keyword::Continue)) => {
                let k = *k;
                self.advance();
                self.expect_punct(";", &format!("after {}", k.word()))?;
                if k == Keyword::Break {
                    StmtKind::Break
                } else {
                    StmtKind::Continue
                }
            }
            _ => self.simple_stmt()?,
        };
        Ok(Stmt { kind, span })
    }

    fn fn_def(&mut self) -> PResult<StmtKind> {
        let name = self.expect_name("a function name after 'fn'")?;
        self.expect_punct("(", "after the function name")?;
        let mut params = Vec::new();
        if !self.eat_punct(")") {
            loop {
                params.push(self.expect_name("a parameter name")?);
                if self.eat_punct(")") {
                    break;
                }
                self.expect_punct(",", "or ')' after a parameter")?;
            }
        }
        let body = self.block()?;
        Ok(StmtKind::Fn(FnDef { name, params, body }))
    }

    fn if_stmt(&mut self) -> PResult<StmtKind> {
        let cond = self.expr()?;
        let then = self.block()?;
        let otherwise = if !self.eat_keyword(Keyword::Else) {
            Vec::new()
        } else if self.at_keyword(Keyword::If) {
            let span = self.advance().span;
            let kind = self.nested(Self::if_stmt)?;
            vec![Stmt { kind, span }]
        } else {
            self.block()?
        };
        Ok(StmtKind::If(cond, then, otherwise))
    }

    fn block(&mut self) -> PResult<Vec<Stmt>> {
        self.expect_punct("{", "to start a block")?;
        self.nested(|p| {
            let mut stmts = Vec::new();
            while !p.eat_punct("}") {
                if p.peek() == &Tok::Eof {
                    return p.error("'}' to close the block");
                }
                stmts.push(p.stmt()?);
            }
            Ok(stmts)
        })
    }

    fn simple_stmt(&mut self) -> PResult<StmtKind> {
        let expr = self.expr()?;
        if self.at_punct("=") {
            let span = self.advance().span;
            let target = match expr.kind {
                ExprKind::Name(n) => Target::Name(n),
                ExprKind::Field(obj, name) => Target::Field(*obj, name),
                ExprKind::Index(list, index) => Target::Index(*list, *index),
                _ => return Err(SyntaxError::new(span, "cannot assign to this expression")),
            };
            let value = self.expr()?;
            self.expect_punct(";", "after the assignment")?;
            Ok(StmtKind::Assign(target, value))
        } else {
            self.expect_punct(";", "after the expression")?;
            Ok(StmtKind::Expr(expr))
        }
    }

    fn expr(&mut self) -> PResult<Expr> {
        self.nested(|p| {
            let or = |t: &Tok| (t == &Tok::Keyword(Keyword::Or)).then_some(LogicOp::Or);
            p.chain(or, Self::and, |op, a, b| ExprKind::Logic(op, Box::new(a), Box::new(b)))
        })
    }

    fn and(&mut self) -> PResult<Expr> {
        let and = |t: &Tok| (t == &Tok::Keyword(Keyword::And)).then_some(LogicOp::And);
        self.chain(and, Self::not, |op, a, b| ExprKind::Logic(op, Box::new(a), Box::new(b)))
    }

    fn not(&mut self) -> PResult<Expr> {
        if self.at_keyword(Keyword::Not) {
            let span = self.advance().span;
            let operand = self.nested(Self::not)?;
            Ok(Expr { kind: ExprKind::Unary(UnaryOp::Not, Box::new(operand)), span })
        } else {
            self.compare()
        }
    }

    fn compare(&mut self) -> PResult<Expr> {
        let left = self.sum()?;
        let Some(op) = comparison(self.peek()) else { return Ok(left) };
        let span = self.advance().span;
        let right = self.sum()?;
        if comparison(self.peek()).is_some() {
            return Err(SyntaxError::new(self.span(), "comparisons cannot be chained: use 'and'"));
        }
        Ok(Expr { kind: ExprKind::Binary(op, Box::new(left), Box::new(right)), span })
    }

    fn sum(&mut self) -> PResult<Expr> {
        let op = |t: &Tok| match t {
            Tok::Punct("+") => Some(BinOp::Add),
            Tok::Punct("-") => Some(BinOp::Sub),
            _ => None,
        };
        self.chain(op, Self::term, binary)
    }

    fn term(&mut self) -> PResult<Expr> {
        let op = |t: &Tok| match t {
            Tok::Punct("*") => Some(BinOp::Mul),
            Tok::Punct("/") => Some(BinOp::Div),
            Tok::Punct("%") => Some(BinOp::Mod),
            _ => None,
        };
        self.chain(op, Self::unary, binary)
    }

    fn unary(&mut self) -> PResult<Expr> {
        if self.at_punct("-") {
            let span = self.advance().span;
            let operand = self.nested(Self::unary)?;
            Ok(Expr { kind: ExprKind::Unary(UnaryOp::Neg, Box::new(operand)), span })
        } else {
            self.postfix()
        }
    }

    fn postfix(&mut self) -> PResult<Expr> {
        let saved = self.nesting;
        let result = self.postfix_chain();
        self.nesting = saved;
        result
    }

    fn postfix_chain(&mut self) -> PResult<Expr> {
        let mut expr = self.primary()?;
        loop {
            let span = self.span();
            let kind = if self.eat_punct("(") {
                let args = self.list_of(")", Self::expr)?;
                ExprKind::Call(Box::new(expr), args)
            } else if self.eat_punct("[") {
                let index = self.expr()?;
                self.expect_punct("]", "after the index")?;
                ExprKind::Index(Box::new(expr), Box::new(index))
            } else if self.eat_punct(".") {
                let name = self.expect_name("a field name after '.'")?;
                ExprKind::Field(Box::new(expr), name)
            } else {
                return Ok(expr);
            };
            self.deepen()?;
            expr = Expr { kind, span };
        }
    }

    /// Items separated by commas up to `close` (consumed); a trailing comma is allowed.
    fn list_of<T>(&mut self, close: &str, item: impl Fn(&mut Self) -> PResult<T>) -> PResult<Vec<T>> {
        let mut items = Vec::new();
        while !self.eat_punct(close) {
            items.push(item(self)?);
            if !self.at_punct(close) {
                self.expect_punct(",", &format!("or '{close}' in the list"))?;
            }
        }
        Ok(items)
    }

    fn primary(&mut self) -> PResult<Expr> {
        let span = self.span();
        let kind = match self.peek().clone() {
            Tok::Int(v) => ExprKind::Int(v),
            Tok::Float(v) => ExprKind::Float(v),
            Tok::Str(s) => ExprKind::Str(s),
            Tok::Name(n) => ExprKind::Name(n),
            Tok::Keyword(Keyword::True) => ExprKind::Bool(true),
            Tok::Keyword(Keyword::False) => ExprKind::Bool(false),
            Tok::Keyword(Keyword::Nil) => ExprKind::Nil,
            Tok::Punct("(") => {
                self.advance();
                let inner = self.expr()?;
                self.expect_punct(")", "to close the parenthesis")?;
                return Ok(inner);
            }
            Tok::Punct("[") => {
                self.advance();
                return Ok(Expr { kind: ExprKind::List(self.nested(|p| p.list_of("]", Self::expr))?), span });
            }
            Tok::Punct("{") => {
                self.advance();
                let field = |p: &mut Self| {
                    let name = p.expect_name("a field name")?;
                    p.expect_punct(":", "after the field name")?;
                    Ok((name, p.expr()?))
                };
                return Ok(Expr { kind: ExprKind::Object(self.nested(|p| p.list_of("}", field))?), span });
            }
            _ => return self.error("an expression"),
        };
        self.advance();
        Ok(Expr { kind, span })
    }
}

fn comparison(t: &Tok) -> Option<BinOp> {
    match t {
        Tok::Punct("==") => Some(BinOp::Eq),
        Tok::Punct("!=") => Some(BinOp::Ne),
        Tok::Punct("<") => Some(BinOp::Lt),
        Tok::Punct("<=") => Some(BinOp::Le),
        Tok::Punct(">") => Some(BinOp::Gt),
        Tok::Punct(">=") => Some(BinOp::Ge),
        _ => None,
    }
}

fn binary(op: BinOp, a: Expr, b: Expr) -> ExprKind {
    ExprKind::Binary(op, Box::new(a), Box::new(b))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn expr(source: &str) -> ExprKind {
        let program = parse(&format!("{source};")).unwrap();
        match &program[0].kind {
            StmtKind::Expr(e) => e.kind.clone(),
            other => panic!("not an expression: {other:?}"),
        }
    }

    /// The tree with every span erased, for comparisons.
    fn shape(e: &ExprKind) -> String {
        match e {
            ExprKind::Int(v) => v.to_string(),
            ExprKind::Name(n) => n.clone(),
            ExprKind::Binary(op, a, b) => format!("({} {} {})", shape(&a.kind), op.symbol(), shape(&b.kind)),
            ExprKind::Logic(op, a, b) => format!("({} {:?} {})", shape(&a.kind), op, shape(&b.kind)),
            ExprKind::Unary(op, a) => format!("({:?} {})", op, shape(&a.kind)),
            ExprKind::Call(f, args) => {
                format!("{}({})", shape(&f.kind), args.iter().map(|a| shape(&a.kind)).collect::<Vec<_>>().join(", "))
            }
            ExprKind::Index(a, i) => format!("{}[{}]", shape(&a.kind), shape(&i.kind)),
            ExprKind::Field(a, n) => format!("{}.{n}", shape(&a.kind)),
            other => format!("{other:?}"),
        }
    }

    #[test]
    fn precedence_and_associativity() {
        assert_eq!(shape(&expr("1 + 2 * 3 - 4")), "((1 + (2 * 3)) - 4)");
        assert_eq!(shape(&expr("-a.b[1](2) * 3")), "((Neg a.b[1](2)) * 3)");
        assert_eq!(shape(&expr("not a < b and c or d")), "(((Not (a < b)) And c) Or d)");
        assert!(matches!(expr("(7)"), ExprKind::Int(7)));
    }

    #[test]
    fn statements() {
        let program =
            parse("fn f(a, b) { if a { return b; } else if b { x = 1; } else { return; } }\nwhile 1 { break; }")
                .unwrap();
        assert_eq!(program.len(), 2);
        let StmtKind::Fn(def) = &program[0].kind else { panic!() };
        assert_eq!((def.name.as_str(), def.params.len()), ("f", 2));
        assert_eq!(program[1].span, Span { line: 2, col: 1 });
    }

    #[test]
    fn errors_point_at_the_problem() {
        let e = parse("x = 1\ny = 2;").unwrap_err();
        assert_eq!((e.span.line, e.span.col), (2, 1));
        assert_eq!(e.message, "expected ';' after the assignment, found name 'y'");
        assert!(parse("1 = 2;").unwrap_err().message.contains("cannot assign"));
        assert!(parse("a < b < c;").unwrap_err().message.contains("chained"));
        assert!(parse("while x { ").unwrap_err().message.contains("'}'"));
        assert!(parse(&"(".repeat(100_000)).unwrap_err().message.contains("nested too deeply"));
        assert!(parse(&format!("x = {}1;", "1 + ".repeat(100_000))).unwrap_err().message.contains("nested too deeply"));
        assert!(parse(&format!("x{};", "[0]".repeat(100_000))).unwrap_err().message.contains("nested too deeply"));
    }
}
