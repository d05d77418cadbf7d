//! Code generation for expressions: loads, stores and deletes of targets, operators, boolean
//! jumps, calls, displays, comprehensions, f-strings, `yield`/`await`, and literals.

use ruff_python_ast::{self as ast, CmpOp, ConversionFlag, Expr, ExprContext, FStringPart, InterpolatedStringElement};
use ruff_text_size::{Ranged, TextRange};

use super::stmt::binary_operator;
use super::{Compiler, FBlock, UnitKind, STACK_USE_GUIDELINE};
use crate::assemble::{Label, SetupKind};
use crate::bytecode::{AwaitableKind, ComparisonOperator, Conversion, Instr, ResumeKind};
use crate::constants::{
    big_int_literal, decode_fstring_middle, decode_string_token, Constant, DecodedLiteral, PyStr, PyStrBuilder,
};
use crate::error::CompileError;
use crate::symtable::ComprehensionKind;

/// A constructor of an instruction from its operand.
type MakeInstr = fn(u32) -> Instr;

/// A piece of an f-string: literal text or a replacement field.
enum FStringPiece<'a> {
    Text(PyStrBuilder),
    Field(&'a ast::InterpolatedElement),
}

impl<'a> Compiler<'a> {
    pub(super) fn visit_expr(&mut self, expr: &'a Expr) -> Result<(), CompileError> {
        self.nested()?;
        let saved = self.unit().location;
        self.set_location(expr.range());
        let result = self.visit_expr_inner(expr);
        self.unit_mut().location = saved;
        self.depth -= 1;
        result
    }

    fn visit_expr_inner(&mut self, expr: &'a Expr) -> Result<(), CompileError> {
        if let Some(constant) = self.fold(expr) {
            self.emit_const(constant);
            return Ok(());
        }
        match expr {
            Expr::BoolOp(b) => {
                let end = self.new_label();
                let jump: fn(u32) -> Instr = match b.op {
                    ast::BoolOp::And => Instr::JumpIfFalseOrPop,
                    ast::BoolOp::Or => Instr::JumpIfTrueOrPop,
                };
                let (last, rest) = b.values.split_last().ok_or_else(|| self.internal("empty bool op"))?;
                for value in rest {
                    self.visit_expr(value)?;
                    self.emit_jump(jump, end);
                }
                self.visit_expr(last)?;
                self.bind(end);
                Ok(())
            }
            Expr::Named(n) => {
                self.visit_expr(&n.value)?;
                self.emit(Instr::Copy(1));
                self.visit_expr(&n.target)
            }
            Expr::BinOp(b) => {
                self.visit_expr(&b.left)?;
                self.visit_expr(&b.right)?;
                self.emit(Instr::BinaryOp(binary_operator(b.op)));
                Ok(())
            }
            Expr::UnaryOp(u) => {
                if let Some((c, inverted)) = inverted_comparison(u) {
                    // As CPython's AST optimizer: `not (a is b)` compiles as `a is not b`.
                    return self.at(c.range, |this| {
                        let mut folded = c.clone();
                        folded.ops = vec![inverted].into();
                        this.check_compare(&folded);
                        this.visit_expr(&c.left)?;
                        this.visit_compare_operand(&c.comparators[0], inverted)?;
                        this.emit(compare_instr(inverted));
                        Ok(())
                    });
                }
                self.visit_expr(&u.operand)?;
                self.emit(match u.op {
                    ast::UnaryOp::Invert => Instr::UnaryInvert,
                    ast::UnaryOp::Not => Instr::UnaryNot,
                    ast::UnaryOp::UAdd => Instr::UnaryPositive,
                    ast::UnaryOp::USub => Instr::UnaryNegative,
                });
                Ok(())
            }
            Expr::Lambda(l) => self.lambda(l),
            Expr::If(i) => {
                let end = self.new_label();
                let orelse = self.new_label();
                self.jump_if(&i.test, orelse, false)?;
                self.visit_expr(&i.body)?;
                self.emit_artificial(Instr::Jump(end.0));
                self.bind(orelse);
                self.visit_expr(&i.orelse)?;
                self.bind(end);
                Ok(())
            }
            Expr::Dict(d) => self.dict(d),
            Expr::Set(s) => self.sequence(&s.elts, SequenceKind::Set, 0),
            Expr::List(l) => match l.ctx {
                ExprContext::Store => self.unpack_assign(&l.elts, l.range),
                ExprContext::Del => l.elts.iter().try_for_each(|e| self.visit_expr(e)),
                _ => self.sequence(&l.elts, SequenceKind::List, 0),
            },
            Expr::Tuple(t) => match t.ctx {
                ExprContext::Store => self.unpack_assign(&t.elts, t.range),
                ExprContext::Del => t.elts.iter().try_for_each(|e| self.visit_expr(e)),
                _ => self.sequence(&t.elts, SequenceKind::Tuple, 0),
            },
            Expr::ListComp(c) => self.comprehension(expr, ComprehensionKind::List, &c.generators, &c.elt, None),
            Expr::SetComp(c) => self.comprehension(expr, ComprehensionKind::Set, &c.generators, &c.elt, None),
            Expr::DictComp(c) => {
                let key = c
                    .key
                    .as_deref()
                    .ok_or_else(|| self.error("dict unpacking cannot be used in dict comprehension", c.range))?;
                self.comprehension(expr, ComprehensionKind::Dict, &c.generators, key, Some(&c.value))
            }
            Expr::Generator(g) => self.comprehension(expr, ComprehensionKind::Generator, &g.generators, &g.elt, None),
            Expr::Await(a) => {
                if !self.in_function() {
                    return Err(self.error("'await' outside function", a.range));
                }
                if !matches!(self.unit().kind, UnitKind::AsyncFunction | UnitKind::Comprehension) {
                    return Err(self.error("'await' outside async function", a.range));
                }
                self.visit_expr(&a.value)?;
                self.await_awaitable(AwaitableKind::Await);
                Ok(())
            }
            Expr::Yield(y) => {
                if !self.in_function() {
                    return Err(self.error("'yield' outside function", y.range));
                }
                match &y.value {
                    Some(value) => self.visit_expr(value)?,
                    None => self.emit_const(Constant::None),
                }
                self.yield_value();
                Ok(())
            }
            Expr::YieldFrom(y) => {
                if !self.in_function() {
                    return Err(self.error("'yield' outside function", y.range));
                }
                if self.unit().kind == UnitKind::AsyncFunction {
                    return Err(self.error("'yield from' inside async function", y.range));
                }
                self.visit_expr(&y.value)?;
                self.emit(Instr::GetYieldFromIter);
                self.emit_const(Constant::None);
                self.yield_from(false);
                Ok(())
            }
            Expr::Compare(c) => self.compare(c),
            Expr::Call(c) => self.call(c),
            Expr::FString(f) => self.fstring(f),
            Expr::TString(t) => Err(self.error("invalid syntax", t.range)),
            Expr::StringLiteral(_)
            | Expr::BytesLiteral(_)
            | Expr::NumberLiteral(_)
            | Expr::BooleanLiteral(_)
            | Expr::NoneLiteral(_)
            | Expr::EllipsisLiteral(_) => {
                let constant = self.literal(expr)?;
                self.emit_const(constant);
                Ok(())
            }
            Expr::Attribute(a) => {
                if a.ctx == ExprContext::Store && a.attr.as_str() == "__debug__" {
                    return Err(self.error("cannot assign to __debug__", a.range));
                }
                self.visit_expr(&a.value)?;
                let name = self.mangle(&a.attr);
                let i = self.name_index(&name);
                self.at_attribute(a, |this| {
                    this.emit(match a.ctx {
                        ExprContext::Store => Instr::StoreAttr(i),
                        ExprContext::Del => Instr::DeleteAttr(i),
                        _ => Instr::LoadAttr(i),
                    })
                });
                Ok(())
            }
            Expr::Subscript(s) => {
                if s.ctx == ExprContext::Load {
                    self.check_subscript(s);
                }
                self.visit_expr(&s.value)?;
                self.visit_expr(&s.slice)?;
                self.emit(match s.ctx {
                    ExprContext::Store => Instr::StoreSubscr,
                    ExprContext::Del => Instr::DeleteSubscr,
                    _ => Instr::BinarySubscr,
                });
                Ok(())
            }
            Expr::Starred(s) => match s.ctx {
                ExprContext::Store => Err(self.error("starred assignment target must be in a list or tuple", s.range)),
                _ => Err(self.error("can't use starred expression here", s.range)),
            },
            Expr::Name(n) => self.name_op(&n.id, n.ctx, n.range),
            Expr::Slice(s) => {
                let mut count = 2;
                for part in [&s.lower, &s.upper] {
                    match part {
                        Some(e) => self.visit_expr(e)?,
                        None => self.emit_const(Constant::None),
                    }
                }
                if let Some(step) = &s.step {
                    self.visit_expr(step)?;
                    count = 3;
                }
                self.emit(Instr::BuildSlice(count));
                Ok(())
            }
            Expr::IpyEscapeCommand(c) => Err(self.error("invalid syntax", c.range)),
        }
    }

    fn in_function(&self) -> bool {
        matches!(
            self.unit().kind,
            UnitKind::Function | UnitKind::AsyncFunction | UnitKind::Lambda | UnitKind::Comprehension
        )
    }

    /// `YIELD_VALUE` (wrapped for async generators) and the `RESUME` after it.
    fn yield_value(&mut self) {
        let scope = self.table.scope(self.unit().scope);
        if scope.is_generator && scope.is_coroutine {
            self.emit(Instr::AsyncGenWrap);
        }
        self.emit(Instr::YieldValue);
        self.emit(Instr::Resume(ResumeKind::AfterYield));
    }

    /// The next item of the async iterator on the top of the stack (`await anext(it)`), going
    /// to `except` when it raises (`END_ASYNC_FOR` there ends the loop on `StopAsyncIteration`).
    pub(super) fn await_next_item(&mut self, except: Label) {
        self.emit_setup(SetupKind::Finally, except);
        self.emit(Instr::GetAnext);
        self.emit_const(Constant::None);
        self.yield_from(true);
        self.emit_pop_block();
    }

    /// `await` of the top of the stack: `GET_AWAITABLE kind`, then the `yield from` loop with
    /// None sent first.
    pub(super) fn await_awaitable(&mut self, kind: AwaitableKind) {
        self.emit(Instr::GetAwaitable(kind));
        self.emit_const(Constant::None);
        self.yield_from(true);
    }

    /// The `SEND` loop of `yield from` / `await`: `[receiver, value] -> [result]`.
    pub(super) fn yield_from(&mut self, await_: bool) {
        let start = self.new_label();
        let exit = self.new_label();
        self.bind(start);
        self.emit_jump(Instr::Send, exit);
        self.emit(Instr::YieldValue);
        self.emit(Instr::Resume(if await_ { ResumeKind::AfterAwait } else { ResumeKind::AfterYieldFrom }));
        self.emit_jump(Instr::JumpBackwardNoInterrupt, start);
        self.bind(exit);
    }

    // ----- literals -----

    /// Decodes a string literal (all implicitly concatenated parts) from the source.
    pub(super) fn string_literal(&self, s: &ast::ExprStringLiteral) -> Result<PyStr, CompileError> {
        let mut out = PyStrBuilder::default();
        for part in s.value.iter() {
            match self.decode_token(part.range)? {
                DecodedLiteral::Str(text) => out.push_py_str(&text),
                DecodedLiteral::Bytes(_) => return Err(self.error("cannot mix bytes and nonbytes literals", s.range)),
            }
        }
        Ok(out.finish())
    }

    fn decode_token(&self, range: TextRange) -> Result<DecodedLiteral, CompileError> {
        let text = self.map.source().get(range.to_std_range()).unwrap_or("");
        decode_string_token(text).map_err(|e| self.error(e.msg, TextRange::empty(range.end())))
    }

    /// The constant of a literal expression.
    pub(super) fn literal(&self, expr: &Expr) -> Result<Constant, CompileError> {
        Ok(match expr {
            Expr::StringLiteral(s) => Constant::Str(self.string_literal(s)?),
            Expr::BytesLiteral(b) => {
                let mut out = Vec::new();
                for part in b.value.iter() {
                    match self.decode_token(part.range)? {
                        DecodedLiteral::Bytes(bytes) => out.extend(bytes),
                        DecodedLiteral::Str(_) => {
                            return Err(self.error("cannot mix bytes and nonbytes literals", b.range))
                        }
                    }
                }
                Constant::Bytes(out.into())
            }
            Expr::NumberLiteral(n) => match &n.value {
                ast::Number::Int(i) => match i.as_u64().and_then(|v| i64::try_from(v).ok()) {
                    Some(v) => Constant::Int(v),
                    None => {
                        let text = self.map.source().get(n.range.to_std_range()).unwrap_or("0");
                        if let Some(message) = crate::constants::int_literal_too_long(text) {
                            return Err(self.error(message, n.range));
                        }
                        Constant::BigInt(big_int_literal(text))
                    }
                },
                ast::Number::Float(f) => Constant::Float(*f),
                ast::Number::Complex { real, imag } => Constant::Complex { real: *real, imag: *imag },
            },
            Expr::BooleanLiteral(b) => Constant::Bool(b.value),
            Expr::NoneLiteral(_) => Constant::None,
            Expr::EllipsisLiteral(_) => Constant::Ellipsis,
            _ => return Err(self.internal("not a literal")),
        })
    }

    // ----- stores -----

    /// Unpacks the value on the stack into the targets of a tuple or list target.
    fn unpack_assign(&mut self, elts: &'a [Expr], range: TextRange) -> Result<(), CompileError> {
        let count = elts.len();
        let mut star = None;
        for (i, elt) in elts.iter().enumerate() {
            if elt.is_starred_expr() {
                if star.is_some() {
                    return Err(self.error("multiple starred expressions in assignment", range));
                }
                star = Some(i);
            }
        }
        match star {
            Some(i) => {
                let before = u16::try_from(i).ok().filter(|&b| b < 256);
                let after = u16::try_from(count - i - 1).ok();
                let (Some(before), Some(after)) = (before, after) else {
                    return Err(self.error("too many expressions in star-unpacking assignment", range));
                };
                self.emit(Instr::UnpackEx { before, after });
            }
            None => self.emit(Instr::UnpackSequence(count as u32)),
        }
        for elt in elts {
            match elt {
                Expr::Starred(s) => self.visit_expr(&s.value)?,
                other => self.visit_expr(other)?,
            }
        }
        Ok(())
    }

    // ----- displays -----

    /// Builds a tuple, list or set display (CPython's `starunpack_helper`), after `pushed` items
    /// already on the stack that become its first elements.
    pub(super) fn sequence(&mut self, elts: &'a [Expr], kind: SequenceKind, pushed: u32) -> Result<(), CompileError> {
        let (build, add, extend): (MakeInstr, MakeInstr, MakeInstr) = match kind {
            SequenceKind::Tuple | SequenceKind::List => (Instr::BuildList, Instr::ListAppend, Instr::ListExtend),
            SequenceKind::Set => (Instr::BuildSet, Instr::SetAdd, Instr::SetUpdate),
        };
        if elts.len() > 2 && pushed == 0 {
            let folded: Option<Vec<Constant>> = elts.iter().map(|e| self.fold(e)).collect();
            if let Some(values) = folded {
                match kind {
                    SequenceKind::Tuple => self.emit_const(Constant::Tuple(values.into())),
                    SequenceKind::List => {
                        self.emit(Instr::BuildList(0));
                        self.emit_const(Constant::Tuple(values.into()));
                        self.emit(Instr::ListExtend(1));
                    }
                    SequenceKind::Set => {
                        self.emit(Instr::BuildSet(0));
                        self.emit_const(Constant::FrozenSet(dedup_constants(values).into()));
                        self.emit(Instr::SetUpdate(1));
                    }
                }
                return Ok(());
            }
        }
        let big = elts.len() + pushed as usize > STACK_USE_GUIDELINE;
        let has_star = elts.iter().any(Expr::is_starred_expr);
        if !has_star && !big {
            for elt in elts {
                self.visit_expr(elt)?;
            }
            let n = elts.len() as u32 + pushed;
            self.emit(match kind {
                SequenceKind::Tuple => Instr::BuildTuple(n),
                _ => build(n),
            });
            return Ok(());
        }
        let mut built = false;
        if big {
            self.emit(build(pushed));
            built = true;
        }
        for (i, elt) in elts.iter().enumerate() {
            if let Expr::Starred(s) = elt {
                if !built {
                    self.emit(build(i as u32 + pushed));
                    built = true;
                }
                self.visit_expr(&s.value)?;
                self.emit(extend(1));
            } else {
                self.visit_expr(elt)?;
                if built {
                    self.emit(add(1));
                }
            }
        }
        if kind == SequenceKind::Tuple {
            self.emit(Instr::ListToTuple);
        }
        Ok(())
    }

    fn dict(&mut self, d: &'a ast::ExprDict) -> Result<(), CompileError> {
        let unpacked = |item: &'a ast::DictItem| item.key.is_none().then_some(&item.value);
        let have_dict =
            self.build_mapping(&d.items, unpacked, Self::subdict, Instr::DictUpdate(1), STACK_USE_GUIDELINE / 2 + 1)?;
        if !have_dict {
            self.emit(Instr::BuildMap(0));
        }
        Ok(())
    }

    /// Builds one dict from `items` in order: runs of named items (a run that reaches `max_run`
    /// items takes the next one too and ends, as CPython's `compiler_dict` cuts them) built by
    /// `build_run`, and unpacked mappings (`**m`: what `unpacked` answers) merged in with
    /// `merge`. Answers whether a dict was built (not when `items` is empty).
    fn build_mapping<T>(
        &mut self,
        items: &'a [T],
        unpacked: impl Fn(&'a T) -> Option<&'a Expr>,
        build_run: fn(&mut Self, &'a [T]) -> Result<(), CompileError>,
        merge: Instr,
        max_run: usize,
    ) -> Result<bool, CompileError> {
        let mut have_dict = false;
        let mut run_start = 0;
        let flush = |this: &mut Self, run: &'a [T], have_dict: &mut bool| -> Result<(), CompileError> {
            if !run.is_empty() {
                build_run(this, run)?;
                if *have_dict {
                    this.emit(merge);
                }
                *have_dict = true;
            }
            Ok(())
        };
        for (i, item) in items.iter().enumerate() {
            if let Some(mapping) = unpacked(item) {
                flush(self, &items[run_start..i], &mut have_dict)?;
                run_start = i + 1;
                if !have_dict {
                    self.emit(Instr::BuildMap(0));
                    have_dict = true;
                }
                self.visit_expr(mapping)?;
                self.emit(merge);
            } else if i - run_start >= max_run {
                flush(self, &items[run_start..=i], &mut have_dict)?;
                run_start = i + 1;
            }
        }
        flush(self, &items[run_start..], &mut have_dict)?;
        Ok(have_dict)
    }

    /// Builds a dict from items that all have keys.
    fn subdict(&mut self, items: &'a [ast::DictItem]) -> Result<(), CompileError> {
        let n = items.len();
        let keys: Option<Vec<Constant>> =
            items.iter().map(|item| item.key.as_ref().and_then(|k| self.fold(k))).collect();
        if let (Some(keys), true) = (keys, n > 1) {
            for item in items {
                self.visit_expr(&item.value)?;
            }
            self.emit_const(Constant::Tuple(keys.into()));
            self.emit(Instr::BuildConstKeyMap(n as u32));
            return Ok(());
        }
        let big = n * 2 > STACK_USE_GUIDELINE;
        if big {
            self.emit(Instr::BuildMap(0));
        }
        for item in items {
            if let Some(key) = &item.key {
                self.visit_expr(key)?;
            }
            self.visit_expr(&item.value)?;
            if big {
                self.emit(Instr::MapAdd(1));
            }
        }
        if !big {
            self.emit(Instr::BuildMap(n as u32));
        }
        Ok(())
    }

    // ----- conditions -----

    /// Emits a jump to `target` taken when `expr` is true (`cond`) or false (CPython's
    /// `compiler_jump_if`).
    pub(super) fn jump_if(&mut self, expr: &'a Expr, target: Label, cond: bool) -> Result<(), CompileError> {
        if let Some(constant) = self.fold(expr) {
            if constant.is_truthy() == cond {
                self.emit_jump(Instr::Jump, target);
            }
            return Ok(());
        }
        match expr {
            Expr::UnaryOp(u) if u.op == ast::UnaryOp::Not => self.jump_if(&u.operand, target, !cond),
            Expr::BoolOp(b) => {
                let is_or = b.op == ast::BoolOp::Or;
                let next = if is_or != cond { self.new_label() } else { target };
                let (last, rest) = b.values.split_last().ok_or_else(|| self.internal("empty bool op"))?;
                for value in rest {
                    self.jump_if(value, next, is_or)?;
                }
                self.jump_if(last, target, cond)?;
                if next != target {
                    self.bind(next);
                }
                Ok(())
            }
            Expr::If(i) => {
                let end = self.new_label();
                let orelse = self.new_label();
                self.jump_if(&i.test, orelse, false)?;
                self.jump_if(&i.body, target, cond)?;
                self.emit_artificial(Instr::Jump(end.0));
                self.bind(orelse);
                self.jump_if(&i.orelse, target, cond)?;
                self.bind(end);
                Ok(())
            }
            Expr::Compare(c) if c.ops.len() > 1 => self.at(c.range, |this| {
                this.check_compare(c);
                let cleanup = this.new_label();
                this.visit_expr(&c.left)?;
                let n = c.ops.len() - 1;
                for i in 0..n {
                    this.visit_expr(&c.comparators[i])?;
                    this.emit(Instr::Swap(2));
                    this.emit(Instr::Copy(2));
                    this.emit(compare_instr(c.ops[i]));
                    this.emit_jump(Instr::PopJumpIfFalse, cleanup);
                }
                this.visit_expr(&c.comparators[n])?;
                this.emit(compare_instr(c.ops[n]));
                this.emit_jump(if cond { Instr::PopJumpIfTrue } else { Instr::PopJumpIfFalse }, target);
                let end = this.new_label();
                this.emit_artificial(Instr::Jump(end.0));
                this.bind(cleanup);
                this.emit(Instr::PopTop);
                if !cond {
                    this.emit_artificial(Instr::Jump(target.0));
                }
                this.bind(end);
                Ok(())
            }),
            Expr::Compare(c)
                if matches!(c.ops[0], CmpOp::Is | CmpOp::IsNot) && c.comparators[0].is_none_literal_expr() =>
            {
                self.at(c.range, |this| {
                    this.check_compare(c);
                    this.visit_expr(&c.left)?;
                    let is_none = (c.ops[0] == CmpOp::Is) == cond;
                    this.emit_jump(if is_none { Instr::PopJumpIfNone } else { Instr::PopJumpIfNotNone }, target);
                    Ok(())
                })
            }
            _ => {
                self.visit_expr(expr)?;
                self.emit_jump(if cond { Instr::PopJumpIfTrue } else { Instr::PopJumpIfFalse }, target);
                Ok(())
            }
        }
    }

    fn compare(&mut self, c: &'a ast::ExprCompare) -> Result<(), CompileError> {
        self.check_compare(c);
        self.visit_expr(&c.left)?;
        let n = c.ops.len() - 1;
        if n == 0 {
            self.visit_compare_operand(&c.comparators[0], c.ops[0])?;
            self.emit(compare_instr(c.ops[0]));
            return Ok(());
        }
        let cleanup = self.new_label();
        for i in 0..n {
            self.visit_expr(&c.comparators[i])?;
            self.emit(Instr::Swap(2));
            self.emit(Instr::Copy(2));
            self.emit(compare_instr(c.ops[i]));
            self.emit_jump(Instr::JumpIfFalseOrPop, cleanup);
        }
        self.visit_compare_operand(&c.comparators[n], c.ops[n])?;
        self.emit(compare_instr(c.ops[n]));
        let end = self.new_label();
        self.emit_artificial(Instr::Jump(end.0));
        self.bind(cleanup);
        self.emit(Instr::Swap(2));
        self.emit(Instr::PopTop);
        self.bind(end);
        Ok(())
    }

    /// The right operand of a comparison: `x in [1, 2]` and `x in {1, 2}` use a constant tuple
    /// or frozenset.
    fn visit_compare_operand(&mut self, operand: &'a Expr, op: CmpOp) -> Result<(), CompileError> {
        if matches!(op, CmpOp::In | CmpOp::NotIn) {
            if let Some(constant) = self.fold_container(operand) {
                self.emit_const(constant);
                return Ok(());
            }
        }
        self.visit_expr(operand)
    }

    /// The iterable of a `for`: a display of constants becomes a constant tuple or frozenset.
    pub(super) fn visit_iterable(&mut self, iter: &'a Expr) -> Result<(), CompileError> {
        match self.fold_container(iter) {
            Some(constant) => {
                self.at(iter.range(), |this| this.emit_const(constant));
                Ok(())
            }
            None => self.visit_expr(iter),
        }
    }

    fn fold_container(&self, expr: &Expr) -> Option<Constant> {
        let (elts, set) = match expr {
            Expr::List(l) => (&l.elts, false),
            Expr::Set(s) => (&s.elts, true),
            _ => return None,
        };
        let values: Vec<Constant> = elts.iter().map(|e| self.fold(e)).collect::<Option<_>>()?;
        Some(if set { Constant::FrozenSet(dedup_constants(values).into()) } else { Constant::Tuple(values.into()) })
    }

    // ----- calls -----

    fn call(&mut self, c: &'a ast::ExprCall) -> Result<(), CompileError> {
        self.check_caller(&c.func, c.range());
        self.check_keywords(&c.arguments.keywords, c.range())?;
        let args = &c.arguments.args;
        let keywords = &c.arguments.keywords;
        if let Expr::Attribute(attr) = &*c.func {
            let simple = !args.iter().any(Expr::is_starred_expr)
                && keywords.iter().all(|k| k.arg.is_some())
                && args.len() + keywords.len() + usize::from(!keywords.is_empty()) < STACK_USE_GUIDELINE;
            if attr.ctx == ExprContext::Load && simple {
                self.visit_expr(&attr.value)?;
                let name = self.mangle(&attr.attr);
                let i = self.name_index(&name);
                self.at(attr.range(), |this| this.at_attribute(attr, |this| this.emit(Instr::LoadMethod(i))));
                for arg in args.iter() {
                    self.visit_expr(arg)?;
                }
                return self
                    .at(c.range(), |this| this.at_attribute(attr, |this| this.simple_call(args.len(), keywords)));
            }
        }
        self.at(c.func.range(), |this| this.emit(Instr::PushNull));
        self.visit_expr(&c.func)?;
        self.call_helper(0, args, keywords, c.range())
    }

    /// CPython's `validate_keywords`: no keyword given twice, none named `__debug__` (an error
    /// at `range`, the call's).
    fn check_keywords(&self, keywords: &[ast::Keyword], range: TextRange) -> Result<(), CompileError> {
        for (i, keyword) in keywords.iter().enumerate() {
            let Some(name) = &keyword.arg else { continue };
            if name.as_str() == "__debug__" {
                return Err(self.error("cannot assign to __debug__", range));
            }
            if keywords[..i].iter().any(|k| k.arg.as_ref().is_some_and(|a| a.as_str() == name.as_str())) {
                return Err(self.error(format!("keyword argument repeated: {name}"), keyword.range));
            }
        }
        Ok(())
    }

    /// Pushes keyword values and emits the call of `positional` positional arguments already on
    /// the stack plus `keywords`.
    fn simple_call(&mut self, positional: usize, keywords: &'a [ast::Keyword]) -> Result<(), CompileError> {
        for keyword in keywords {
            self.visit_expr(&keyword.value)?;
        }
        let argc = positional + keywords.len();
        if keywords.is_empty() {
            self.emit(Instr::Call(argc as u32));
            return Ok(());
        }
        let names: Vec<Constant> = keywords.iter().filter_map(|k| k.arg.as_ref().map(|a| Constant::str(a))).collect();
        let kwnames = self.add_const(Constant::Tuple(names.into()));
        let (Ok(argc), Ok(kwnames)) = (u16::try_from(argc), u16::try_from(kwnames)) else {
            return Err(self.internal("too many arguments for CALL_KW"));
        };
        self.emit(Instr::CallKw { argc, kwnames });
        Ok(())
    }

    /// Emits a call of the callable below `pushed` extra positional arguments already on the
    /// stack (CPython's `compiler_call_helper`); `range` is the call's (or class statement's).
    pub(super) fn call_helper(
        &mut self,
        pushed: u32,
        args: &'a [Expr],
        keywords: &'a [ast::Keyword],
        range: TextRange,
    ) -> Result<(), CompileError> {
        self.check_keywords(keywords, range)?;
        let simple = args.len() + keywords.len() * 2 <= STACK_USE_GUIDELINE
            && !args.iter().any(Expr::is_starred_expr)
            && keywords.iter().all(|k| k.arg.is_some());
        if simple {
            for arg in args {
                self.visit_expr(arg)?;
            }
            return self.simple_call(pushed as usize + args.len(), keywords);
        }
        match args {
            [Expr::Starred(s)] if pushed == 0 => self.visit_expr(&s.value)?,
            _ => self.sequence(args, SequenceKind::Tuple, pushed)?,
        }
        if keywords.is_empty() {
            self.emit(Instr::CallFunctionEx(false));
            return Ok(());
        }
        let unpacked = |keyword: &'a ast::Keyword| keyword.arg.is_none().then_some(&keyword.value);
        self.build_mapping(keywords, unpacked, Self::subkwargs, Instr::DictMerge(1), usize::MAX)?;
        self.emit(Instr::CallFunctionEx(true));
        Ok(())
    }

    /// Builds a dict of named keyword arguments.
    fn subkwargs(&mut self, keywords: &'a [ast::Keyword]) -> Result<(), CompileError> {
        let n = keywords.len();
        let big = n * 2 > STACK_USE_GUIDELINE;
        if n > 1 && !big {
            for keyword in keywords {
                self.visit_expr(&keyword.value)?;
            }
            let names: Vec<Constant> =
                keywords.iter().filter_map(|k| k.arg.as_ref().map(|a| Constant::str(a))).collect();
            self.emit_const(Constant::Tuple(names.into()));
            self.emit(Instr::BuildConstKeyMap(n as u32));
            return Ok(());
        }
        if big {
            self.emit(Instr::BuildMap(0));
        }
        for keyword in keywords {
            let name = keyword.arg.as_ref().map_or("", |a| a.as_str());
            self.emit_const(Constant::str(name));
            self.visit_expr(&keyword.value)?;
            if big {
                self.emit(Instr::MapAdd(1));
            }
        }
        if !big {
            self.emit(Instr::BuildMap(n as u32));
        }
        Ok(())
    }

    // ----- comprehensions -----

    fn comprehension(
        &mut self,
        node: &'a Expr,
        kind: ComprehensionKind,
        generators: &'a [ast::Comprehension],
        element: &'a Expr,
        value: Option<&'a Expr>,
    ) -> Result<(), CompileError> {
        let scope_id =
            self.table.scope_for(node.range()).ok_or_else(|| self.internal("comprehension without a scope"))?;
        let is_async = self.table.scope(scope_id).is_coroutine;
        if is_async
            && kind != ComprehensionKind::Generator
            && !matches!(self.unit().kind, UnitKind::AsyncFunction | UnitKind::Comprehension)
        {
            return Err(self.error("asynchronous comprehension outside of an asynchronous function", node.range()));
        }
        let outermost = generators.first().ok_or_else(|| self.internal("comprehension without generators"))?;
        let line = self.map.line(self.comprehension_start(node).to_u32());
        self.enter_unit(UnitKind::Comprehension, scope_id, kind.code_name(), line);
        self.unit_mut().arg_count = 1;
        self.set_location(node.range());
        match kind {
            ComprehensionKind::List => self.emit(Instr::BuildList(0)),
            ComprehensionKind::Set => self.emit(Instr::BuildSet(0)),
            ComprehensionKind::Dict => self.emit(Instr::BuildMap(0)),
            ComprehensionKind::Generator => {}
        }
        self.comprehension_generator(generators, 0, 0, element, value, kind)?;
        self.set_location(node.range());
        if kind == ComprehensionKind::Generator {
            self.emit_return_none();
        } else {
            self.emit(Instr::ReturnValue);
        }
        let code = self.exit_unit()?;
        let mut flags = 0;
        if self.emit_closure(&code)? {
            flags |= crate::bytecode::MakeFunctionFlags::CLOSURE;
        }
        self.emit_const(Constant::Code(code));
        self.emit(Instr::MakeFunction(crate::bytecode::MakeFunctionFlags(flags)));
        self.visit_iterable(&outermost.iter)?;
        self.emit(if outermost.is_async { Instr::GetAiter } else { Instr::GetIter });
        self.emit(Instr::Call(0));
        if is_async && kind != ComprehensionKind::Generator {
            self.await_awaitable(AwaitableKind::Await);
        }
        Ok(())
    }

    /// Where CPython places a comprehension: a generator expression that is a call's only
    /// argument (`f(x for x in y)`) starts at the call's parenthesis.
    fn comprehension_start(&self, node: &Expr) -> ruff_text_size::TextSize {
        let start = node.range().start();
        if !matches!(node, Expr::Generator(g) if !g.parenthesized) {
            return start;
        }
        // Step back over whitespace and comments to the parenthesis.
        let mut before = self.map.source()[..start.to_usize()].trim_end();
        loop {
            let line_start = before.rfind(['\n', '\r']).map_or(0, |p| p + 1);
            match before[line_start..].find('#') {
                Some(hash) => before = before[..line_start + hash].trim_end(),
                None => break,
            }
        }
        if before.ends_with('(') {
            ruff_text_size::TextSize::new(before.len() as u32 - 1)
        } else {
            start
        }
    }

    fn comprehension_generator(
        &mut self,
        generators: &'a [ast::Comprehension],
        index: usize,
        depth: u32,
        element: &'a Expr,
        value: Option<&'a Expr>,
        kind: ComprehensionKind,
    ) -> Result<(), CompileError> {
        let generator = &generators[index];
        if generator.is_async {
            return self.async_comprehension_generator(generators, index, depth, element, value, kind);
        }
        let start = self.new_label();
        let if_cleanup = self.new_label();
        let anchor = self.new_label();
        let mut depth = depth;
        let mut has_loop = true;
        if index == 0 {
            self.emit(Instr::LoadFast(0));
        } else {
            match &generator.iter {
                Expr::List(ast::ExprList { elts, .. }) | Expr::Tuple(ast::ExprTuple { elts, .. })
                    if elts.len() == 1 && !elts[0].is_starred_expr() =>
                {
                    self.visit_expr(&elts[0])?;
                    has_loop = false;
                }
                iter => {
                    self.visit_iterable(iter)?;
                    self.emit(Instr::GetIter);
                }
            }
        }
        if has_loop {
            depth += 1;
            self.bind(start);
            self.emit_jump(Instr::ForIter, anchor);
        }
        self.visit_expr(&generator.target)?;
        for condition in &generator.ifs {
            self.jump_if(condition, if_cleanup, false)?;
        }
        if index + 1 < generators.len() {
            self.comprehension_generator(generators, index + 1, depth, element, value, kind)?;
        } else {
            self.comprehension_element(kind, element, value, depth)?;
        }
        self.bind(if_cleanup);
        if has_loop {
            self.emit_artificial(Instr::Jump(start.0));
            self.bind(anchor);
        }
        Ok(())
    }

    fn async_comprehension_generator(
        &mut self,
        generators: &'a [ast::Comprehension],
        index: usize,
        depth: u32,
        element: &'a Expr,
        value: Option<&'a Expr>,
        kind: ComprehensionKind,
    ) -> Result<(), CompileError> {
        let generator = &generators[index];
        let start = self.new_label();
        let except = self.new_label();
        let if_cleanup = self.new_label();
        if index == 0 {
            self.emit(Instr::LoadFast(0));
        } else {
            self.visit_expr(&generator.iter)?;
            self.emit(Instr::GetAiter);
        }
        self.bind(start);
        self.push_fblock(FBlock::AsyncComprehensionGenerator, generator.range)?;
        self.await_next_item(except);
        self.visit_expr(&generator.target)?;
        for condition in &generator.ifs {
            self.jump_if(condition, if_cleanup, false)?;
        }
        let depth = depth + 1;
        if index + 1 < generators.len() {
            self.comprehension_generator(generators, index + 1, depth, element, value, kind)?;
        } else {
            self.comprehension_element(kind, element, value, depth)?;
        }
        self.bind(if_cleanup);
        self.emit_artificial(Instr::Jump(start.0));
        self.pop_fblock();
        self.bind(except);
        self.emit(Instr::EndAsyncFor);
        Ok(())
    }

    fn comprehension_element(
        &mut self,
        kind: ComprehensionKind,
        element: &'a Expr,
        value: Option<&'a Expr>,
        depth: u32,
    ) -> Result<(), CompileError> {
        match kind {
            ComprehensionKind::Generator => {
                self.visit_expr(element)?;
                self.yield_value();
                self.emit(Instr::PopTop);
            }
            ComprehensionKind::List => {
                self.visit_expr(element)?;
                self.emit(Instr::ListAppend(depth + 1));
            }
            ComprehensionKind::Set => {
                self.visit_expr(element)?;
                self.emit(Instr::SetAdd(depth + 1));
            }
            ComprehensionKind::Dict => {
                self.visit_expr(element)?;
                if let Some(value) = value {
                    self.visit_expr(value)?;
                }
                self.emit(Instr::MapAdd(depth + 1));
            }
        }
        Ok(())
    }

    // ----- f-strings -----

    fn fstring(&mut self, f: &'a ast::ExprFString) -> Result<(), CompileError> {
        let mut pieces: Vec<FStringPiece<'a>> = Vec::new();
        for part in f.value.iter() {
            match part {
                FStringPart::Literal(literal) => match self.decode_token(literal.range)? {
                    DecodedLiteral::Str(text) => push_text(&mut pieces, |b| b.push_py_str(&text)),
                    DecodedLiteral::Bytes(_) => {
                        return Err(self.error("cannot mix bytes and nonbytes literals", f.range))
                    }
                },
                FStringPart::FString(fstring) => {
                    let raw = fstring.flags.prefix().is_raw();
                    self.fstring_elements(&fstring.elements, raw, &mut pieces)?;
                }
            }
        }
        self.emit_fstring_pieces(pieces)
    }

    /// Splits f-string elements into literal text and fields, decoding the text from source.
    fn fstring_elements(
        &self,
        elements: &'a [InterpolatedStringElement],
        raw: bool,
        pieces: &mut Vec<FStringPiece<'a>>,
    ) -> Result<(), CompileError> {
        for element in elements {
            match element {
                InterpolatedStringElement::Literal(literal) => {
                    let text = self.map.source().get(literal.range.to_std_range()).unwrap_or("");
                    let decoded = decode_fstring_middle(text, raw).map_err(|e| self.error(e.msg, literal.range))?;
                    push_text(pieces, |b| b.push_py_str(&decoded));
                }
                InterpolatedStringElement::Interpolation(field) => {
                    if let Some(debug) = &field.debug_text {
                        push_text(pieces, |b| {
                            b.push_str(debug.leading());
                            b.push_str(debug.expression());
                            b.push_str(debug.trailing());
                        });
                    }
                    pieces.push(FStringPiece::Field(field));
                }
            }
        }
        Ok(())
    }

    /// Pushes the string an f-string's pieces make.
    fn emit_fstring_pieces(&mut self, pieces: Vec<FStringPiece<'a>>) -> Result<(), CompileError> {
        let pieces: Vec<FStringPiece<'a>> =
            pieces.into_iter().filter(|p| !matches!(p, FStringPiece::Text(b) if b.is_empty())).collect();
        let count = pieces.len();
        let big = count > STACK_USE_GUIDELINE;
        if big {
            self.emit_const(Constant::str(""));
            let join = self.name_index("join");
            self.emit(Instr::LoadMethod(join));
            self.emit(Instr::BuildList(0));
        }
        for piece in pieces {
            match piece {
                FStringPiece::Text(text) => self.emit_const(Constant::Str(text.finish())),
                FStringPiece::Field(field) => self.fstring_field(field)?,
            }
            if big {
                self.emit(Instr::ListAppend(1));
            }
        }
        if big {
            self.emit(Instr::Call(1));
        } else if count != 1 {
            self.emit(Instr::BuildString(count as u32));
        }
        Ok(())
    }

    fn fstring_field(&mut self, field: &'a ast::InterpolatedElement) -> Result<(), CompileError> {
        self.visit_expr(&field.expression)?;
        let mut conversion = match field.conversion {
            ConversionFlag::None => Conversion::None,
            ConversionFlag::Str => Conversion::Str,
            ConversionFlag::Repr => Conversion::Repr,
            ConversionFlag::Ascii => Conversion::Ascii,
        };
        if field.debug_text.is_some() && conversion == Conversion::None && field.format_spec.is_none() {
            conversion = Conversion::Repr;
        }
        let has_spec = field.format_spec.is_some();
        if let Some(spec) = &field.format_spec {
            let mut pieces = Vec::new();
            self.fstring_elements(&spec.elements, false, &mut pieces)?;
            if pieces.is_empty() {
                self.emit_const(Constant::str(""));
            } else {
                self.emit_fstring_pieces(pieces)?;
            }
        }
        self.emit(Instr::FormatValue { conversion, has_spec });
        Ok(())
    }
}

/// The kind of display [`Compiler::sequence`] builds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum SequenceKind {
    Tuple,
    List,
    Set,
}

/// Appends literal text to the last piece if it is text, else as a new piece.
fn push_text(pieces: &mut Vec<FStringPiece<'_>>, f: impl FnOnce(&mut PyStrBuilder)) {
    if let Some(FStringPiece::Text(builder)) = pieces.last_mut() {
        f(builder);
        return;
    }
    let mut builder = PyStrBuilder::default();
    f(&mut builder);
    pieces.push(FStringPiece::Text(builder));
}

/// Removes duplicate constants (keeping the first), as building a set would: `1`, `1.0` and
/// `True` are one element.
fn dedup_constants(values: Vec<Constant>) -> Vec<Constant> {
    let mut kept: Vec<Constant> = Vec::with_capacity(values.len());
    for value in values {
        if !kept.iter().any(|k| k.python_equal(&value)) {
            kept.push(value);
        }
    }
    kept
}

/// The comparison `not (a OP b)` folds into, with its operator inverted, when OP is one of
/// `is`, `is not`, `in`, `not in` (CPython's `fold_unaryop`; the others cannot be inverted).
fn inverted_comparison(u: &ast::ExprUnaryOp) -> Option<(&ast::ExprCompare, CmpOp)> {
    let Expr::Compare(c) = &*u.operand else { return None };
    if u.op != ast::UnaryOp::Not || c.ops.len() != 1 {
        return None;
    }
    let inverted = match c.ops[0] {
        CmpOp::Is => CmpOp::IsNot,
        CmpOp::IsNot => CmpOp::Is,
        CmpOp::In => CmpOp::NotIn,
        CmpOp::NotIn => CmpOp::In,
        _ => return None,
    };
    Some((c, inverted))
}

fn compare_instr(op: CmpOp) -> Instr {
    match op {
        CmpOp::Eq => Instr::CompareOp(ComparisonOperator::Equal),
        CmpOp::NotEq => Instr::CompareOp(ComparisonOperator::NotEqual),
        CmpOp::Lt => Instr::CompareOp(ComparisonOperator::Less),
        CmpOp::LtE => Instr::CompareOp(ComparisonOperator::LessEqual),
        CmpOp::Gt => Instr::CompareOp(ComparisonOperator::Greater),
        CmpOp::GtE => Instr::CompareOp(ComparisonOperator::GreaterEqual),
        CmpOp::Is => Instr::IsOp(false),
        CmpOp::IsNot => Instr::IsOp(true),
        CmpOp::In => Instr::ContainsOp(false),
        CmpOp::NotIn => Instr::ContainsOp(true),
    }
}
