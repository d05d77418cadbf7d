//! The syntax tree of a tiny program, and the error type shared by the front-end phases.

use std::fmt;

/// A position in the source: 1-based line and column (in characters).
#[derive(Copy, Clone, PartialEq, Eq, Debug)]
pub struct Span {
    /// Line number.
    pub line: u32,
    /// Column number.
    pub col: u32,
}

/// An error found before the program runs (by the lexer, the parser or the compiler).
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct SyntaxError {
    /// Where it was found.
    pub span: Span,
    /// What is wrong.
    pub message: String,
}

impl SyntaxError {
    /// An error at `span`.
    pub fn new(span: Span, message: impl Into<String>) -> Self {
        SyntaxError { span, message: message.into() }
    }

    /// The error as reported to the user: `file:line:col: error: message`.
    pub fn report(&self, file: &str) -> String {
        format!("{file}:{}:{}: error: {}", self.span.line, self.span.col, self.message)
    }
}

impl fmt::Display for SyntaxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: error: {}", self.span.line, self.span.col, self.message)
    }
}

impl std::error::Error for SyntaxError {}

/// Binary operators that evaluate both operands (`and` and `or` are [`ExprKind::Logic`]).
#[derive(Copy, Clone, PartialEq, Eq, Debug)]
pub enum BinOp {
    /// `+`: numbers, or string concatenation.
    Add,
    /// `-`.
    Sub,
    /// `*`.
    Mul,
    /// `/`: truncating division on ints, true division otherwise.
    Div,
    /// `%`: remainder of ints, with the sign of the dividend.
    Mod,
    /// `==`.
    Eq,
    /// `!=`.
    Ne,
    /// `<`.
    Lt,
    /// `<=`.
    Le,
    /// `>`.
    Gt,
    /// `>=`.
    Ge,
}

impl BinOp {
    /// All operators, in the order of their numeric codes.
    pub const ALL: [BinOp; 11] = [
        BinOp::Add,
        BinOp::Sub,
        BinOp::Mul,
        BinOp::Div,
        BinOp::Mod,
        BinOp::Eq,
        BinOp::Ne,
        BinOp::Lt,
        BinOp::Le,
        BinOp::Gt,
        BinOp::Ge,
    ];

    /// The operator as written in source.
    pub fn symbol(self) -> &'static str {
        match self {
            BinOp::Add => "+",
            BinOp::Sub => "-",
            BinOp::Mul => "*",
            BinOp::Div => "/",
            BinOp::Mod => "%",
            BinOp::Eq => "==",
            BinOp::Ne => "!=",
            BinOp::Lt => "<",
            BinOp::Le => "<=",
            BinOp::Gt => ">",
            BinOp::Ge => ">=",
        }
    }
}

/// Unary operators.
#[derive(Copy, Clone, PartialEq, Eq, Debug)]
pub enum UnaryOp {
    /// `-x`.
    Neg,
    /// `not x`.
    Not,
}

/// Short-circuiting operators: their value is the last operand evaluated.
#[derive(Copy, Clone, PartialEq, Eq, Debug)]
pub enum LogicOp {
    /// `a and b`: `a` if it is falsy, else `b`.
    And,
    /// `a or b`: `a` if it is truthy, else `b`.
    Or,
}

/// An expression.
#[derive(Clone, PartialEq, Debug)]
pub struct Expr {
    /// What it is.
    pub kind: ExprKind,
    /// Where it starts (for operators: where the operator is).
    pub span: Span,
}

/// The kinds of expressions.
#[derive(Clone, PartialEq, Debug)]
pub enum ExprKind {
    /// An integer literal.
    Int(i64),
    /// A float literal.
    Float(f64),
    /// A string literal, escapes decoded.
    Str(String),
    /// `true` or `false`.
    Bool(bool),
    /// `nil`.
    Nil,
    /// A variable.
    Name(String),
    /// `[a, b, c]`.
    List(Vec<Expr>),
    /// `{x: a, y: b}`.
    Object(Vec<(String, Expr)>),
    /// `-x`, `not x`.
    Unary(UnaryOp, Box<Expr>),
    /// `a + b` and the other strict binary operators.
    Binary(BinOp, Box<Expr>, Box<Expr>),
    /// `a and b`, `a or b`.
    Logic(LogicOp, Box<Expr>, Box<Expr>),
    /// `f(a, b)`.
    Call(Box<Expr>, Vec<Expr>),
    /// `a[i]`.
    Index(Box<Expr>, Box<Expr>),
    /// `a.name`.
    Field(Box<Expr>, String),
}

/// The left-hand side of an assignment.
#[derive(Clone, PartialEq, Debug)]
pub enum Target {
    /// `x = ...`.
    Name(String),
    /// `obj.x = ...`.
    Field(Expr, String),
    /// `list[i] = ...`.
    Index(Expr, Expr),
}

/// A statement.
#[derive(Clone, PartialEq, Debug)]
pub struct Stmt {
    /// What it is.
    pub kind: StmtKind,
    /// Where it starts.
    pub span: Span,
}

/// The kinds of statements.
#[derive(Clone, PartialEq, Debug)]
pub enum StmtKind {
    /// An expression evaluated for its effect.
    Expr(Expr),
    /// `target = value;`.
    Assign(Target, Expr),
    /// `if cond { ... } else { ... }` (an `else if` is an `If` alone in the else branch).
    If(Expr, Vec<Stmt>, Vec<Stmt>),
    /// `while cond { ... }`.
    While(Expr, Vec<Stmt>),
    /// `return;` or `return value;`.
    Return(Option<Expr>),
    /// `break;`.
    Break,
    /// `continue;`.
    Continue,
    /// `fn name(params) { ... }`.
    Fn(FnDef),
}

/// A function definition.
#[derive(Clone, PartialEq, Debug)]
pub struct FnDef {
    /// The function's name.
    pub name: String,
    /// Its parameters, in order.
    pub params: Vec<String>,
    /// Its body.
    pub body: Vec<Stmt>,
}
