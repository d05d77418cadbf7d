//! Python's `ast` view of a parse: the tree `compile(..., ast.PyCF_ONLY_AST)` returns, built from
//! ruff's parse tree with CPython 3.11's node names, field order and locations (its
//! `Parser/Python.asdl`). The result is a neutral [`Value`] tree; ripy-vm turns it into `_ast`
//! node objects.
//!
//! Where ruff's tree differs from CPython's, this module maps: literals become `Constant`
//! (strings decoded from source, implicit concatenation joined), f-strings `JoinedStr` with
//! `FormattedValue`s, `elif` chains nested `If`s, parameters an `arguments` node with separate
//! defaults, call arguments `args` and `keywords`, dict items `keys` and `values`, a decorated
//! definition starts at its `def`/`class` keyword.

use ruff_python_ast::{
    self as ast, CmpOp, ConversionFlag, Expr, ExprContext, FStringPart, InterpolatedStringElement, Operator, Pattern,
    Stmt, UnaryOp,
};
use ruff_text_size::{Ranged, TextRange, TextSize};

use crate::constants::{
    big_int_literal, decode_fstring_middle, decode_string_token, Constant, DecodedLiteral, PyStrBuilder,
};
use crate::error::CompileError;
use crate::parse::{self, Program};
use crate::source::{self, SourceMap};
use crate::Mode;

/// A value in the tree: a node, a list, or a constant (str, int, None...).
#[derive(Debug)]
pub enum Value {
    /// An AST node.
    Node(Box<Node>),
    /// A list of values (`body`, `elts`...).
    List(Vec<Value>),
    /// A constant: an identifier (str), a literal's value, an int flag, or None.
    Const(Constant),
}

/// An AST node: its class name, its fields in `_fields` order, and its location (`lineno`,
/// `col_offset`, `end_lineno`, `end_col_offset`; offsets in UTF-8 bytes) for nodes that have one.
#[derive(Debug)]
pub struct Node {
    /// The class name (`Module`, `Name`, `Add`...).
    pub kind: &'static str,
    /// Field names and values.
    pub fields: Vec<(&'static str, Value)>,
    /// Location, for nodes with `_attributes`.
    pub location: Option<[u32; 4]>,
}

/// Stack for the parse and conversion (recursive over the tree), reserved, not committed.
const STACK_SIZE: usize = 256 << 20;

/// Parses `source` (bytes decoded per PEP 263) in `mode` into its `ast` tree: `Module`,
/// `Expression` or `Interactive`.
pub fn parse(source: &[u8], filename: &str, mode: Mode) -> Result<Value, CompileError> {
    let text = source::decode_source(source, filename)?;
    stacker::grow(STACK_SIZE, || {
        let map = SourceMap::new(&text, filename);
        let (program, _warnings) = parse::parse(&map, mode == Mode::Eval)?;
        let c = Converter { map: &map };
        match program {
            Program::Expression(e) => Ok(c.node("Expression", vec![("body", c.expr(&e.body)?)], None)),
            Program::Module(m) if mode == Mode::Single => {
                crate::single_statement(&map, &m.body)?;
                Ok(c.node("Interactive", vec![("body", c.stmts(&m.body)?)], None))
            }
            Program::Module(m) => {
                Ok(c.node("Module", vec![("body", c.stmts(&m.body)?), ("type_ignores", Value::List(vec![]))], None))
            }
        }
    })
}

type R = Result<Value, CompileError>;

struct Converter<'a> {
    map: &'a SourceMap<'a>,
}

fn none() -> Value {
    Value::Const(Constant::None)
}

fn int(v: i64) -> Value {
    Value::Const(Constant::Int(v))
}

fn bare(kind: &'static str) -> Value {
    Value::Node(Box::new(Node { kind, fields: vec![], location: None }))
}

fn ctx(c: ExprContext) -> Value {
    bare(match c {
        ExprContext::Store => "Store",
        ExprContext::Del => "Del",
        ExprContext::Load | ExprContext::Invalid => "Load",
    })
}

fn operator(op: Operator) -> Value {
    bare(match op {
        Operator::Add => "Add",
        Operator::Sub => "Sub",
        Operator::Mult => "Mult",
        Operator::MatMult => "MatMult",
        Operator::Div => "Div",
        Operator::Mod => "Mod",
        Operator::Pow => "Pow",
        Operator::LShift => "LShift",
        Operator::RShift => "RShift",
        Operator::BitOr => "BitOr",
        Operator::BitXor => "BitXor",
        Operator::BitAnd => "BitAnd",
        Operator::FloorDiv => "FloorDiv",
    })
}

fn cmpop(op: CmpOp) -> Value {
    bare(match op {
        CmpOp::Eq => "Eq",
        CmpOp::NotEq => "NotEq",
        CmpOp::Lt => "Lt",
        CmpOp::LtE => "LtE",
        CmpOp::Gt => "Gt",
        CmpOp::GtE => "GtE",
        CmpOp::Is => "Is",
        CmpOp::IsNot => "IsNot",
        CmpOp::In => "In",
        CmpOp::NotIn => "NotIn",
    })
}

fn ident(name: &str) -> Value {
    Value::Const(Constant::str(name))
}

fn opt_ident(name: Option<&ast::Identifier>) -> Value {
    name.map_or_else(none, |n| ident(n.as_str()))
}

impl Converter<'_> {
    fn location(&self, range: TextRange) -> [u32; 4] {
        let (start, end) = (range.start().to_u32(), range.end().to_u32());
        [self.map.line(start), self.map.byte_column(start), self.map.line(end), self.map.byte_column(end)]
    }

    fn node(&self, kind: &'static str, fields: Vec<(&'static str, Value)>, range: Option<TextRange>) -> Value {
        Value::Node(Box::new(Node { kind, fields, location: range.map(|r| self.location(r)) }))
    }

    fn at(&self, kind: &'static str, range: TextRange, fields: Vec<(&'static str, Value)>) -> R {
        Ok(self.node(kind, fields, Some(range)))
    }

    fn stmts(&self, body: &[Stmt]) -> R {
        Ok(Value::List(body.iter().map(|s| self.stmt(s)).collect::<Result<_, _>>()?))
    }

    fn exprs(&self, items: &[Expr]) -> R {
        Ok(Value::List(items.iter().map(|e| self.expr(e)).collect::<Result<_, _>>()?))
    }

    fn opt(&self, e: Option<&Expr>) -> R {
        e.map_or_else(|| Ok(none()), |e| self.expr(e))
    }

    /// Where a decorated definition's keyword is: past the decorators, blank lines and comments.
    fn after_decorators(&self, decorators: &[ast::Decorator], range: TextRange) -> TextRange {
        let Some(last) = decorators.last() else { return range };
        let source = self.map.source().as_bytes();
        let mut i = last.range.end().to_usize();
        while i < source.len() {
            match source[i] {
                b' ' | b'\t' | b'\x0c' | b'\r' | b'\n' | b'\\' => i += 1,
                b'#' => {
                    while i < source.len() && source[i] != b'\n' {
                        i += 1;
                    }
                }
                _ => break,
            }
        }
        TextRange::new(TextSize::new(i as u32), range.end())
    }

    fn stmt(&self, s: &Stmt) -> R {
        let r = s.range();
        match s {
            Stmt::FunctionDef(f) => {
                let kind = if f.is_async { "AsyncFunctionDef" } else { "FunctionDef" };
                self.at(
                    kind,
                    self.after_decorators(&f.decorator_list, r),
                    vec![
                        ("name", ident(f.name.as_str())),
                        ("args", self.parameters(Some(&f.parameters))?),
                        ("body", self.stmts(&f.body)?),
                        ("decorator_list", self.decorators(&f.decorator_list)?),
                        ("returns", self.opt(f.returns.as_deref())?),
                        ("type_comment", none()),
                    ],
                )
            }
            Stmt::ClassDef(c) => {
                let (bases, keywords) = match &c.arguments {
                    Some(a) => (self.exprs(&a.args)?, self.keywords(&a.keywords)?),
                    None => (Value::List(vec![]), Value::List(vec![])),
                };
                self.at(
                    "ClassDef",
                    self.after_decorators(&c.decorator_list, r),
                    vec![
                        ("name", ident(c.name.as_str())),
                        ("bases", bases),
                        ("keywords", keywords),
                        ("body", self.stmts(&c.body)?),
                        ("decorator_list", self.decorators(&c.decorator_list)?),
                    ],
                )
            }
            Stmt::Return(x) => self.at("Return", r, vec![("value", self.opt(x.value.as_deref())?)]),
            Stmt::Delete(x) => self.at("Delete", r, vec![("targets", self.exprs(&x.targets)?)]),
            Stmt::Assign(x) => self.at(
                "Assign",
                r,
                vec![("targets", self.exprs(&x.targets)?), ("value", self.expr(&x.value)?), ("type_comment", none())],
            ),
            Stmt::AugAssign(x) => self.at(
                "AugAssign",
                r,
                vec![("target", self.expr(&x.target)?), ("op", operator(x.op)), ("value", self.expr(&x.value)?)],
            ),
            Stmt::AnnAssign(x) => self.at(
                "AnnAssign",
                r,
                vec![
                    ("target", self.expr(&x.target)?),
                    ("annotation", self.expr(&x.annotation)?),
                    ("value", self.opt(x.value.as_deref())?),
                    ("simple", int(i64::from(x.simple))),
                ],
            ),
            Stmt::For(x) => self.at(
                if x.is_async { "AsyncFor" } else { "For" },
                r,
                vec![
                    ("target", self.expr(&x.target)?),
                    ("iter", self.expr(&x.iter)?),
                    ("body", self.stmts(&x.body)?),
                    ("orelse", self.stmts(&x.orelse)?),
                    ("type_comment", none()),
                ],
            ),
            Stmt::While(x) => self.at(
                "While",
                r,
                vec![("test", self.expr(&x.test)?), ("body", self.stmts(&x.body)?), ("orelse", self.stmts(&x.orelse)?)],
            ),
            Stmt::If(x) => self.if_chain(&x.test, &x.body, &x.elif_else_clauses, r),
            Stmt::With(x) => {
                let items = x
                    .items
                    .iter()
                    .map(|i| {
                        Ok(self.node(
                            "withitem",
                            vec![
                                ("context_expr", self.expr(&i.context_expr)?),
                                ("optional_vars", self.opt(i.optional_vars.as_deref())?),
                            ],
                            None,
                        ))
                    })
                    .collect::<Result<_, CompileError>>()?;
                self.at(
                    if x.is_async { "AsyncWith" } else { "With" },
                    r,
                    vec![("items", Value::List(items)), ("body", self.stmts(&x.body)?), ("type_comment", none())],
                )
            }
            Stmt::Match(x) => {
                let cases = x
                    .cases
                    .iter()
                    .map(|c| {
                        Ok(self.node(
                            "match_case",
                            vec![
                                ("pattern", self.pattern(&c.pattern)?),
                                ("guard", self.opt(c.guard.as_deref())?),
                                ("body", self.stmts(&c.body)?),
                            ],
                            None,
                        ))
                    })
                    .collect::<Result<_, CompileError>>()?;
                self.at("Match", r, vec![("subject", self.expr(&x.subject)?), ("cases", Value::List(cases))])
            }
            Stmt::Raise(x) => self.at(
                "Raise",
                r,
                vec![("exc", self.opt(x.exc.as_deref())?), ("cause", self.opt(x.cause.as_deref())?)],
            ),
            Stmt::Try(x) => {
                let handlers = x
                    .handlers
                    .iter()
                    .map(|h| {
                        let ast::ExceptHandler::ExceptHandler(h) = h;
                        self.at(
                            "ExceptHandler",
                            h.range,
                            vec![
                                ("type", self.opt(h.type_.as_deref())?),
                                ("name", opt_ident(h.name.as_ref())),
                                ("body", self.stmts(&h.body)?),
                            ],
                        )
                    })
                    .collect::<Result<_, CompileError>>()?;
                self.at(
                    if x.is_star { "TryStar" } else { "Try" },
                    r,
                    vec![
                        ("body", self.stmts(&x.body)?),
                        ("handlers", Value::List(handlers)),
                        ("orelse", self.stmts(&x.orelse)?),
                        ("finalbody", self.stmts(&x.finalbody)?),
                    ],
                )
            }
            Stmt::Assert(x) => {
                self.at("Assert", r, vec![("test", self.expr(&x.test)?), ("msg", self.opt(x.msg.as_deref())?)])
            }
            Stmt::Import(x) => self.at("Import", r, vec![("names", self.aliases(&x.names))]),
            Stmt::ImportFrom(x) => self.at(
                "ImportFrom",
                r,
                vec![
                    ("module", opt_ident(x.module.as_ref())),
                    ("names", self.aliases(&x.names)),
                    ("level", int(i64::from(x.level))),
                ],
            ),
            Stmt::Global(x) => self.at("Global", r, vec![("names", self.names(&x.names))]),
            Stmt::Nonlocal(x) => self.at("Nonlocal", r, vec![("names", self.names(&x.names))]),
            Stmt::Expr(x) => self.at("Expr", r, vec![("value", self.expr(&x.value)?)]),
            Stmt::Pass(_) => self.at("Pass", r, vec![]),
            Stmt::Break(_) => self.at("Break", r, vec![]),
            Stmt::Continue(_) => self.at("Continue", r, vec![]),
            Stmt::TypeAlias(_) | Stmt::IpyEscapeCommand(_) => Err(self.map.syntax_error("invalid syntax", r)),
        }
    }

    /// An `if` with its `elif`/`else` clauses: each `elif` is an `If` in the `orelse` of the one
    /// before, spanning to the end of the chain.
    fn if_chain(&self, test: &Expr, body: &[Stmt], clauses: &[ast::ElifElseClause], range: TextRange) -> R {
        let orelse = match clauses.split_first() {
            None => Value::List(vec![]),
            Some((first, rest)) => match &first.test {
                None => self.stmts(&first.body)?,
                Some(t) => {
                    let end = clauses.last().map_or(first.range.end(), |c| c.range.end());
                    Value::List(vec![self.if_chain(t, &first.body, rest, TextRange::new(first.range.start(), end))?])
                }
            },
        };
        self.at("If", range, vec![("test", self.expr(test)?), ("body", self.stmts(body)?), ("orelse", orelse)])
    }

    fn decorators(&self, decorators: &[ast::Decorator]) -> R {
        Ok(Value::List(decorators.iter().map(|d| self.expr(&d.expression)).collect::<Result<_, _>>()?))
    }

    fn names(&self, names: &[ast::Identifier]) -> Value {
        Value::List(names.iter().map(|n| ident(n.as_str())).collect())
    }

    fn aliases(&self, names: &[ast::Alias]) -> Value {
        Value::List(
            names
                .iter()
                .map(|a| {
                    self.node(
                        "alias",
                        vec![("name", ident(a.name.as_str())), ("asname", opt_ident(a.asname.as_ref()))],
                        Some(a.range),
                    )
                })
                .collect(),
        )
    }

    fn keywords(&self, keywords: &[ast::Keyword]) -> R {
        Ok(Value::List(
            keywords
                .iter()
                .map(|k| {
                    self.at(
                        "keyword",
                        k.range,
                        vec![("arg", opt_ident(k.arg.as_ref())), ("value", self.expr(&k.value)?)],
                    )
                })
                .collect::<Result<_, _>>()?,
        ))
    }

    /// A parameter, located from its name (a `*args` or `**kwargs` star is not part of it).
    fn arg(&self, p: &ast::Parameter) -> R {
        self.at(
            "arg",
            TextRange::new(p.name.range.start(), p.range.end()),
            vec![
                ("arg", ident(p.name.as_str())),
                ("annotation", self.opt(p.annotation.as_deref())?),
                ("type_comment", none()),
            ],
        )
    }

    /// The `arguments` node of a function or lambda (empty for a lambda without parameters).
    fn parameters(&self, p: Option<&ast::Parameters>) -> R {
        let empty = ast::Parameters::default();
        let p = p.unwrap_or(&empty);
        let list = |items: &[ast::ParameterWithDefault]| -> R {
            Ok(Value::List(items.iter().map(|a| self.arg(&a.parameter)).collect::<Result<_, _>>()?))
        };
        let defaults = p
            .posonlyargs
            .iter()
            .chain(p.args.iter())
            .filter_map(|a| a.default.as_deref())
            .map(|d| self.expr(d))
            .collect::<Result<_, _>>()?;
        let kw_defaults = p.kwonlyargs.iter().map(|a| self.opt(a.default.as_deref())).collect::<Result<_, _>>()?;
        let single = |a: Option<&ast::Parameter>| a.map_or_else(|| Ok(none()), |a| self.arg(a));
        Ok(self.node(
            "arguments",
            vec![
                ("posonlyargs", list(&p.posonlyargs)?),
                ("args", list(&p.args)?),
                ("vararg", single(p.vararg.as_deref())?),
                ("kwonlyargs", list(&p.kwonlyargs)?),
                ("kw_defaults", Value::List(kw_defaults)),
                ("kwarg", single(p.kwarg.as_deref())?),
                ("defaults", Value::List(defaults)),
            ],
            None,
        ))
    }

    fn comprehensions(&self, generators: &[ast::Comprehension]) -> R {
        Ok(Value::List(
            generators
                .iter()
                .map(|g| {
                    Ok(self.node(
                        "comprehension",
                        vec![
                            ("target", self.expr(&g.target)?),
                            ("iter", self.expr(&g.iter)?),
                            ("ifs", self.exprs(&g.ifs)?),
                            ("is_async", int(i64::from(g.is_async))),
                        ],
                        None,
                    ))
                })
                .collect::<Result<_, CompileError>>()?,
        ))
    }

    fn expr(&self, e: &Expr) -> R {
        let r = e.range();
        match e {
            Expr::BoolOp(x) => self.at(
                "BoolOp",
                r,
                vec![
                    ("op", bare(if x.op == ast::BoolOp::And { "And" } else { "Or" })),
                    ("values", self.exprs(&x.values)?),
                ],
            ),
            Expr::Named(x) => {
                self.at("NamedExpr", r, vec![("target", self.expr(&x.target)?), ("value", self.expr(&x.value)?)])
            }
            Expr::BinOp(x) => self.at(
                "BinOp",
                r,
                vec![("left", self.expr(&x.left)?), ("op", operator(x.op)), ("right", self.expr(&x.right)?)],
            ),
            Expr::UnaryOp(x) => self.at(
                "UnaryOp",
                r,
                vec![
                    (
                        "op",
                        bare(match x.op {
                            UnaryOp::Invert => "Invert",
                            UnaryOp::Not => "Not",
                            UnaryOp::UAdd => "UAdd",
                            UnaryOp::USub => "USub",
                        }),
                    ),
                    ("operand", self.expr(&x.operand)?),
                ],
            ),
            Expr::Lambda(x) => self.at(
                "Lambda",
                r,
                vec![("args", self.parameters(x.parameters.as_deref())?), ("body", self.expr(&x.body)?)],
            ),
            Expr::If(x) => self.at(
                "IfExp",
                r,
                vec![("test", self.expr(&x.test)?), ("body", self.expr(&x.body)?), ("orelse", self.expr(&x.orelse)?)],
            ),
            Expr::Dict(x) => {
                let keys = x.items.iter().map(|i| self.opt(i.key.as_ref())).collect::<Result<_, _>>()?;
                let values = x.items.iter().map(|i| self.expr(&i.value)).collect::<Result<_, _>>()?;
                self.at("Dict", r, vec![("keys", Value::List(keys)), ("values", Value::List(values))])
            }
            Expr::Set(x) => self.at("Set", r, vec![("elts", self.exprs(&x.elts)?)]),
            Expr::ListComp(x) => self.at(
                "ListComp",
                r,
                vec![("elt", self.expr(&x.elt)?), ("generators", self.comprehensions(&x.generators)?)],
            ),
            Expr::SetComp(x) => self.at(
                "SetComp",
                r,
                vec![("elt", self.expr(&x.elt)?), ("generators", self.comprehensions(&x.generators)?)],
            ),
            Expr::DictComp(x) => self.at(
                "DictComp",
                r,
                vec![
                    ("key", self.opt(x.key.as_deref())?),
                    ("value", self.expr(&x.value)?),
                    ("generators", self.comprehensions(&x.generators)?),
                ],
            ),
            Expr::Generator(x) => self.at(
                "GeneratorExp",
                r,
                vec![("elt", self.expr(&x.elt)?), ("generators", self.comprehensions(&x.generators)?)],
            ),
            Expr::Await(x) => self.at("Await", r, vec![("value", self.expr(&x.value)?)]),
            Expr::Yield(x) => self.at("Yield", r, vec![("value", self.opt(x.value.as_deref())?)]),
            Expr::YieldFrom(x) => self.at("YieldFrom", r, vec![("value", self.expr(&x.value)?)]),
            Expr::Compare(x) => self.at(
                "Compare",
                r,
                vec![
                    ("left", self.expr(&x.left)?),
                    ("ops", Value::List(x.ops.iter().map(|&op| cmpop(op)).collect())),
                    ("comparators", self.exprs(&x.comparators)?),
                ],
            ),
            Expr::Call(x) => {
                let a = &x.arguments;
                let args = match (&*a.args, a.keywords.is_empty()) {
                    // A sole generator argument spans the call's parentheses.
                    ([Expr::Generator(g)], true) if !g.parenthesized => Value::List(vec![self.at(
                        "GeneratorExp",
                        a.range,
                        vec![("elt", self.expr(&g.elt)?), ("generators", self.comprehensions(&g.generators)?)],
                    )?]),
                    _ => self.exprs(&a.args)?,
                };
                self.at(
                    "Call",
                    r,
                    vec![("func", self.expr(&x.func)?), ("args", args), ("keywords", self.keywords(&a.keywords)?)],
                )
            }
            Expr::FString(f) => self.fstring(f),
            Expr::StringLiteral(s) => {
                let mut out = PyStrBuilder::default();
                for part in s.value.iter() {
                    match self.decode(part.range)? {
                        DecodedLiteral::Str(text) => out.push_py_str(&text),
                        DecodedLiteral::Bytes(_) => {
                            return Err(self.map.syntax_error("cannot mix bytes and nonbytes literals", r))
                        }
                    }
                }
                let first = self.map.source().get(r.to_std_range()).unwrap_or("");
                let kind = if first.starts_with(['u', 'U']) { ident("u") } else { none() };
                self.at("Constant", r, vec![("value", Value::Const(Constant::Str(out.finish()))), ("kind", kind)])
            }
            Expr::BytesLiteral(b) => {
                let mut out = Vec::new();
                for part in b.value.iter() {
                    match self.decode(part.range)? {
                        DecodedLiteral::Bytes(bytes) => out.extend(bytes),
                        DecodedLiteral::Str(_) => {
                            return Err(self.map.syntax_error("cannot mix bytes and nonbytes literals", r))
                        }
                    }
                }
                self.constant(Constant::Bytes(out.into()), r)
            }
            Expr::NumberLiteral(n) => {
                let value = match &n.value {
                    ast::Number::Int(i) => match i.as_u64().and_then(|v| i64::try_from(v).ok()) {
                        Some(v) => Constant::Int(v),
                        None => {
                            Constant::BigInt(big_int_literal(self.map.source().get(r.to_std_range()).unwrap_or("0")))
                        }
                    },
                    ast::Number::Float(f) => Constant::Float(*f),
                    ast::Number::Complex { real, imag } => Constant::Complex { real: *real, imag: *imag },
                };
                self.constant(value, r)
            }
            Expr::BooleanLiteral(b) => self.constant(Constant::Bool(b.value), r),
            Expr::NoneLiteral(_) => self.constant(Constant::None, r),
            Expr::EllipsisLiteral(_) => self.constant(Constant::Ellipsis, r),
            Expr::Attribute(x) => self.at(
                "Attribute",
                r,
                vec![("value", self.expr(&x.value)?), ("attr", ident(x.attr.as_str())), ("ctx", ctx(x.ctx))],
            ),
            Expr::Subscript(x) => self.at(
                "Subscript",
                r,
                vec![("value", self.expr(&x.value)?), ("slice", self.expr(&x.slice)?), ("ctx", ctx(x.ctx))],
            ),
            Expr::Starred(x) => self.at("Starred", r, vec![("value", self.expr(&x.value)?), ("ctx", ctx(x.ctx))]),
            Expr::Name(x) => self.at("Name", r, vec![("id", ident(x.id.as_str())), ("ctx", ctx(x.ctx))]),
            Expr::List(x) => self.at("List", r, vec![("elts", self.exprs(&x.elts)?), ("ctx", ctx(x.ctx))]),
            Expr::Tuple(x) => self.at("Tuple", r, vec![("elts", self.exprs(&x.elts)?), ("ctx", ctx(x.ctx))]),
            Expr::Slice(x) => self.at(
                "Slice",
                r,
                vec![
                    ("lower", self.opt(x.lower.as_deref())?),
                    ("upper", self.opt(x.upper.as_deref())?),
                    ("step", self.opt(x.step.as_deref())?),
                ],
            ),
            Expr::TString(_) | Expr::IpyEscapeCommand(_) => Err(self.map.syntax_error("invalid syntax", r)),
        }
    }

    fn constant(&self, value: Constant, range: TextRange) -> R {
        self.at("Constant", range, vec![("value", Value::Const(value)), ("kind", none())])
    }

    fn decode(&self, range: TextRange) -> Result<DecodedLiteral, CompileError> {
        let text = self.map.source().get(range.to_std_range()).unwrap_or("");
        decode_string_token(text).map_err(|e| self.map.syntax_error(e.msg, TextRange::empty(range.end())))
    }

    /// An f-string (with any implicitly concatenated parts) as `JoinedStr`: adjacent literal
    /// text joined into one `Constant`, each field a `FormattedValue`; as CPython 3.11, the
    /// parts carry the location of the whole string.
    fn fstring(&self, f: &ast::ExprFString) -> R {
        let r = f.range;
        let mut values = Vec::new();
        let mut text = PyStrBuilder::default();
        for part in f.value.iter() {
            match part {
                FStringPart::Literal(literal) => match self.decode(literal.range)? {
                    DecodedLiteral::Str(t) => text.push_py_str(&t),
                    DecodedLiteral::Bytes(_) => {
                        return Err(self.map.syntax_error("cannot mix bytes and nonbytes literals", r))
                    }
                },
                FStringPart::FString(fs) => {
                    let raw = fs.flags.prefix().is_raw();
                    self.fstring_elements(&fs.elements, raw, (r, fs.range), &mut values, &mut text)?;
                }
            }
        }
        self.flush_text(&mut values, &mut text, r);
        self.at("JoinedStr", r, vec![("values", Value::List(values))])
    }

    /// Appends the pending literal text as a `Constant` (when not empty).
    fn flush_text(&self, values: &mut Vec<Value>, text: &mut PyStrBuilder, range: TextRange) {
        let done = std::mem::take(text).finish();
        if !done.is_empty() {
            values.push(self.node(
                "Constant",
                vec![("value", Value::Const(Constant::Str(done))), ("kind", none())],
                Some(range),
            ));
        }
    }

    /// The pieces of one f-string part; `range` is the whole string's and `part` this part's
    /// (CPython 3.11 locates a format spec's `JoinedStr` at the part).
    fn fstring_elements(
        &self,
        elements: &[InterpolatedStringElement],
        raw: bool,
        (range, part): (TextRange, TextRange),
        values: &mut Vec<Value>,
        text: &mut PyStrBuilder,
    ) -> Result<(), CompileError> {
        for element in elements {
            match element {
                InterpolatedStringElement::Literal(literal) => {
                    let source = self.map.source().get(literal.range.to_std_range()).unwrap_or("");
                    let decoded =
                        decode_fstring_middle(source, raw).map_err(|e| self.map.syntax_error(e.msg, literal.range))?;
                    text.push_py_str(&decoded);
                }
                InterpolatedStringElement::Interpolation(field) => {
                    if let Some(debug) = &field.debug_text {
                        text.push_str(debug.leading());
                        text.push_str(debug.expression());
                        text.push_str(debug.trailing());
                    }
                    self.flush_text(values, text, range);
                    let mut conversion = match field.conversion {
                        ConversionFlag::None => -1,
                        ConversionFlag::Str => 115,
                        ConversionFlag::Repr => 114,
                        ConversionFlag::Ascii => 97,
                    };
                    if field.debug_text.is_some() && conversion == -1 && field.format_spec.is_none() {
                        conversion = 114;
                    }
                    let spec = match &field.format_spec {
                        None => none(),
                        Some(spec) => {
                            let mut inner = Vec::new();
                            let mut inner_text = PyStrBuilder::default();
                            self.fstring_elements(&spec.elements, false, (range, part), &mut inner, &mut inner_text)?;
                            self.flush_text(&mut inner, &mut inner_text, range);
                            self.node("JoinedStr", vec![("values", Value::List(inner))], Some(part))
                        }
                    };
                    values.push(self.node(
                        "FormattedValue",
                        vec![
                            ("value", self.expr(&field.expression)?),
                            ("conversion", int(conversion)),
                            ("format_spec", spec),
                        ],
                        Some(range),
                    ));
                }
            }
        }
        Ok(())
    }

    fn patterns(&self, items: &[Pattern]) -> R {
        Ok(Value::List(items.iter().map(|p| self.pattern(p)).collect::<Result<_, _>>()?))
    }

    fn pattern(&self, p: &Pattern) -> R {
        let r = p.range();
        match p {
            Pattern::MatchValue(x) => self.at("MatchValue", r, vec![("value", self.expr(&x.value)?)]),
            Pattern::MatchSingleton(x) => {
                let value = match x.value {
                    ast::Singleton::None => Constant::None,
                    ast::Singleton::True => Constant::Bool(true),
                    ast::Singleton::False => Constant::Bool(false),
                };
                self.at("MatchSingleton", r, vec![("value", Value::Const(value))])
            }
            Pattern::MatchSequence(x) => self.at("MatchSequence", r, vec![("patterns", self.patterns(&x.patterns)?)]),
            Pattern::MatchMapping(x) => self.at(
                "MatchMapping",
                r,
                vec![
                    ("keys", self.exprs(&x.keys)?),
                    ("patterns", self.patterns(&x.patterns)?),
                    ("rest", opt_ident(x.rest.as_ref())),
                ],
            ),
            Pattern::MatchClass(x) => {
                let kw = &x.arguments.keywords;
                self.at(
                    "MatchClass",
                    r,
                    vec![
                        ("cls", self.expr(&x.cls)?),
                        ("patterns", self.patterns(&x.arguments.patterns)?),
                        ("kwd_attrs", Value::List(kw.iter().map(|k| ident(k.attr.as_str())).collect())),
                        (
                            "kwd_patterns",
                            Value::List(kw.iter().map(|k| self.pattern(&k.pattern)).collect::<Result<_, _>>()?),
                        ),
                    ],
                )
            }
            Pattern::MatchStar(x) => self.at("MatchStar", r, vec![("name", opt_ident(x.name.as_ref()))]),
            Pattern::MatchAs(x) => {
                let pattern = x.pattern.as_deref().map_or_else(|| Ok(none()), |p| self.pattern(p))?;
                self.at("MatchAs", r, vec![("pattern", pattern), ("name", opt_ident(x.name.as_ref()))])
            }
            Pattern::MatchOr(x) => self.at("MatchOr", r, vec![("patterns", self.patterns(&x.patterns)?)]),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{parse, Node, Value};
    use crate::{Constant, Mode};

    fn node(v: &Value) -> &Node {
        match v {
            Value::Node(n) => n,
            other => panic!("not a node: {other:?}"),
        }
    }

    fn field<'a>(n: &'a Node, name: &str) -> &'a Value {
        &n.fields.iter().find(|(f, _)| *f == name).unwrap_or_else(|| panic!("no field {name}")).1
    }

    #[test]
    fn assignment_has_cpython_layout_and_locations() {
        let tree = parse("x = 'é'\n".as_bytes(), "<t>", Mode::Exec).unwrap();
        let module = node(&tree);
        assert_eq!(module.kind, "Module");
        let Value::List(body) = field(module, "body") else { panic!("body is a list") };
        let assign = node(&body[0]);
        assert_eq!(assign.kind, "Assign");
        assert_eq!(assign.location, Some([1, 0, 1, 8]), "columns are UTF-8 byte offsets");
        let value = node(field(assign, "value"));
        assert_eq!(value.kind, "Constant");
        assert!(matches!(field(value, "value"), Value::Const(Constant::Str(s)) if s.as_str() == Some("é")));
    }

    #[test]
    fn decorated_function_starts_at_def_and_elif_nests() {
        let tree = parse(b"@d\n# c\ndef f(*a): pass\nif a: pass\nelif b: pass\n", "<t>", Mode::Exec).unwrap();
        let Value::List(body) = field(node(&tree), "body") else { panic!("body is a list") };
        let def = node(&body[0]);
        assert_eq!((def.kind, def.location.map(|l| l[0])), ("FunctionDef", Some(3)));
        let vararg = node(field(node(field(def, "args")), "vararg"));
        assert_eq!(vararg.location, Some([3, 7, 3, 8]), "the star is not part of the arg");
        let Value::List(orelse) = field(node(&body[1]), "orelse") else { panic!("orelse is a list") };
        assert_eq!(node(&orelse[0]).kind, "If");
    }

    #[test]
    fn syntax_errors_are_reported() {
        assert!(parse(b"x = = 1\n", "<t>", Mode::Exec).is_err());
        assert!(parse(b"x = 1\ny = 2\n", "<t>", Mode::Single).is_err());
    }
}
