//! The `SyntaxWarning`s CPython 3.11's compiler issues for code that is valid but certainly
//! wrong: `is` with a literal, a literal called or subscripted ("perhaps you missed a comma?"),
//! a literal indexed by a non-integer, and an assertion of a non-empty tuple. Each is found on
//! the folded expression, as CPython finds them after its AST optimizer, and recorded with the
//! `SyntaxError` that stands for it when the warnings filter turns it into an error.

use ruff_python_ast::{self as ast, CmpOp, Expr};
use ruff_text_size::TextRange;

use super::Compiler;
use crate::constants::Constant;
use crate::error::{CompileWarning, WarningCategory};

impl Compiler<'_> {
    fn warn(&mut self, message: String, range: TextRange) {
        let error = self.error(message, range);
        self.warnings.push(CompileWarning { category: WarningCategory::SyntaxWarning, error });
    }

    /// Whether `expr` may be an operand of `is`: anything but a literal other than `None`,
    /// `True`, `False` and `...` (CPython's `check_is_arg`).
    fn is_arg_ok(&self, expr: &Expr) -> bool {
        match self.fold(expr) {
            None | Some(Constant::None | Constant::Bool(_) | Constant::Ellipsis) => true,
            Some(_) => false,
        }
    }

    /// `"is" with a literal. Did you mean "=="?` for the first `is` / `is not` of comparison
    /// `c` with a literal operand.
    pub(super) fn check_compare(&mut self, c: &ast::ExprCompare) {
        let mut left = self.is_arg_ok(&c.left);
        for (op, comparator) in c.ops.iter().zip(c.comparators.iter()) {
            let right = self.is_arg_ok(comparator);
            if matches!(op, CmpOp::Is | CmpOp::IsNot) && !(left && right) {
                let message = if *op == CmpOp::Is {
                    "\"is\" with a literal. Did you mean \"==\"?"
                } else {
                    "\"is not\" with a literal. Did you mean \"!=\"?"
                };
                self.warn(message.to_owned(), c.range);
                return;
            }
            left = right;
        }
    }

    /// `'tuple' object is not callable; perhaps you missed a comma?` when the called `func` is
    /// a literal or a display.
    pub(super) fn check_caller(&mut self, func: &Expr, call: TextRange) {
        let callable_never = matches!(
            func,
            Expr::Tuple(_)
                | Expr::List(_)
                | Expr::ListComp(_)
                | Expr::Dict(_)
                | Expr::DictComp(_)
                | Expr::Set(_)
                | Expr::SetComp(_)
                | Expr::Generator(_)
                | Expr::FString(_)
        ) || self.fold(func).is_some();
        if let Some(type_name) = self.infer_type(func).filter(|_| callable_never) {
            self.warn(format!("'{type_name}' object is not callable; perhaps you missed a comma?"), call);
        }
    }

    /// The warnings of subscript `value[index]` (loaded): a literal that is never subscriptable,
    /// and a sequence literal indexed by a literal that is not an integer or a slice.
    pub(super) fn check_subscript(&mut self, s: &ast::ExprSubscript) {
        let value = self.fold(&s.value);
        let unsubscriptable = match &value {
            Some(c) => matches!(
                c,
                Constant::None
                    | Constant::Ellipsis
                    | Constant::Bool(_)
                    | Constant::Int(_)
                    | Constant::BigInt(_)
                    | Constant::Float(_)
                    | Constant::Complex { .. }
                    | Constant::FrozenSet(_)
            ),
            None => matches!(&*s.value, Expr::Set(_) | Expr::SetComp(_) | Expr::Generator(_) | Expr::Lambda(_)),
        };
        if unsubscriptable {
            if let Some(type_name) = self.infer_type(&s.value) {
                let message = format!("'{type_name}' object is not subscriptable; perhaps you missed a comma?");
                self.warn(message, s.range);
                return;
            }
        }
        let index_type = match self.infer_type(&s.slice) {
            None | Some("int" | "bool") => return,
            Some(name) => name,
        };
        let sequence = match &value {
            Some(c) => matches!(c, Constant::Str(_) | Constant::Bytes(_) | Constant::Tuple(_)),
            None => matches!(&*s.value, Expr::Tuple(_) | Expr::List(_) | Expr::ListComp(_) | Expr::FString(_)),
        };
        if let Some(type_name) = self.infer_type(&s.value).filter(|_| sequence) {
            let message = format!(
                "{type_name} indices must be integers or slices, not {index_type}; perhaps you missed a comma?"
            );
            self.warn(message, s.range);
        }
    }

    /// `assertion is always true, perhaps remove parentheses?` for `assert (x, "message")`.
    pub(super) fn check_assert(&mut self, a: &ast::StmtAssert) {
        let non_empty_tuple = match &*a.test {
            Expr::Tuple(t) => !t.elts.is_empty(),
            test => matches!(self.fold(test), Some(Constant::Tuple(items)) if !items.is_empty()),
        };
        if non_empty_tuple {
            self.warn("assertion is always true, perhaps remove parentheses?".to_owned(), a.range);
        }
    }

    /// The type of the value of `expr` when its form tells it (CPython's `infer_type`).
    fn infer_type(&self, expr: &Expr) -> Option<&'static str> {
        if let Some(constant) = self.fold(expr) {
            return Some(match constant {
                Constant::None => "NoneType",
                Constant::Ellipsis => "ellipsis",
                Constant::Bool(_) => "bool",
                Constant::Int(_) | Constant::BigInt(_) => "int",
                Constant::Float(_) => "float",
                Constant::Complex { .. } => "complex",
                Constant::Str(_) => "str",
                Constant::Bytes(_) => "bytes",
                Constant::Tuple(_) => "tuple",
                Constant::FrozenSet(_) => "frozenset",
                Constant::Code(_) => return None,
            });
        }
        Some(match expr {
            Expr::Tuple(_) => "tuple",
            Expr::List(_) | Expr::ListComp(_) => "list",
            Expr::Dict(_) | Expr::DictComp(_) => "dict",
            Expr::Set(_) | Expr::SetComp(_) => "set",
            Expr::Generator(_) => "generator",
            Expr::Lambda(_) => "function",
            Expr::FString(_) => "str",
            _ => return None,
        })
    }
}
