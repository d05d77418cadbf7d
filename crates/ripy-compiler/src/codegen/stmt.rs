//! Code generation for statements: definitions, assignments, control flow, exception handling,
//! `with`, imports, and the unwinding of blocks by `break`, `continue` and `return`.

use ruff_python_ast::{self as ast, Expr, ExprContext, Stmt};
use ruff_text_size::{Ranged, TextRange, TextSize};

use super::{Compiler, FBlock, UnitKind};
use crate::assemble::{Label, SetupKind};
use crate::bytecode::{AwaitableKind, BinaryOperator, Instr, MakeFunctionFlags};
use crate::constants::Constant;
use crate::error::CompileError;

impl<'a> Compiler<'a> {
    pub(super) fn visit_body(&mut self, body: &'a [Stmt]) -> Result<(), CompileError> {
        body.iter().try_for_each(|s| self.visit_stmt(s))
    }

    pub(super) fn visit_stmt(&mut self, stmt: &'a Stmt) -> Result<(), CompileError> {
        self.nested()?;
        let saved = self.unit().location;
        self.set_location(self.statement_range(stmt));
        let result = self.visit_stmt_inner(stmt);
        self.unit_mut().location = saved;
        self.depth -= 1;
        result
    }

    /// The range CPython gives a statement: a decorated definition starts at its `def`/`class`.
    pub(super) fn statement_range(&self, stmt: &Stmt) -> TextRange {
        let decorators = match stmt {
            Stmt::FunctionDef(f) => &f.decorator_list,
            Stmt::ClassDef(c) => &c.decorator_list,
            _ => return stmt.range(),
        };
        let Some(last) = decorators.last() else { return stmt.range() };
        let source = self.map.source();
        let mut offset = last.range.end().to_usize();
        let bytes = source.as_bytes();
        while offset < bytes.len() {
            match bytes[offset] {
                b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' | b'\\' => offset += 1,
                b'#' => {
                    while offset < bytes.len() && bytes[offset] != b'\n' {
                        offset += 1;
                    }
                }
                _ => break,
            }
        }
        TextRange::new(TextSize::new(offset as u32), stmt.range().end())
    }

    fn visit_stmt_inner(&mut self, stmt: &'a Stmt) -> Result<(), CompileError> {
        match stmt {
            Stmt::FunctionDef(f) => {
                self.check_debug_parameters(&f.parameters, self.statement_range(stmt))?;
                self.function_def(f)
            }
            Stmt::ClassDef(c) => self.class_def(c, self.statement_range(stmt)),
            Stmt::Return(r) => self.return_stmt(r),
            Stmt::Delete(d) => d.targets.iter().try_for_each(|t| self.visit_expr(t)),
            Stmt::Assign(a) => {
                self.visit_expr(&a.value)?;
                for (i, target) in a.targets.iter().enumerate() {
                    if i + 1 < a.targets.len() {
                        self.emit(Instr::Copy(1));
                    }
                    self.visit_expr(target)?;
                }
                Ok(())
            }
            Stmt::AugAssign(a) => self.aug_assign(a),
            Stmt::AnnAssign(a) => self.ann_assign(a),
            Stmt::For(f) if f.is_async => self.async_for(f),
            Stmt::For(f) => self.for_stmt(f),
            Stmt::While(w) => self.while_stmt(w),
            Stmt::If(i) => self.if_stmt(i),
            Stmt::With(w) => self.with(w, 0, w.is_async),
            Stmt::Match(m) => self.match_stmt(m),
            Stmt::Raise(r) => {
                let mut argc = 0;
                if let Some(exc) = &r.exc {
                    self.visit_expr(exc)?;
                    argc += 1;
                    if let Some(cause) = &r.cause {
                        self.visit_expr(cause)?;
                        argc += 1;
                    }
                }
                self.emit(Instr::RaiseVarargs(argc));
                Ok(())
            }
            Stmt::Try(t) if t.is_star && !t.finalbody.is_empty() => self.try_finally(t),
            Stmt::Try(t) if t.is_star => self.try_star_except(t),
            Stmt::Try(t) if !t.finalbody.is_empty() => self.try_finally(t),
            Stmt::Try(t) => self.try_except(t),
            Stmt::Assert(a) => {
                self.check_assert(a);
                if self.optimize > 0 {
                    return Ok(());
                }
                let end = self.new_label();
                self.jump_if(&a.test, end, true)?;
                self.emit(Instr::LoadAssertionError);
                if let Some(msg) = &a.msg {
                    self.visit_expr(msg)?;
                    self.emit(Instr::Call(0));
                }
                self.emit(Instr::RaiseVarargs(1));
                self.bind(end);
                Ok(())
            }
            Stmt::Import(i) => self.import(i),
            Stmt::ImportFrom(i) => self.import_from(i),
            Stmt::Global(_) | Stmt::Nonlocal(_) => Ok(()),
            Stmt::Expr(e) => {
                if self.interactive && self.units.len() == 1 {
                    self.visit_expr(&e.value)?;
                    self.emit(Instr::PrintExpr);
                } else if e.value.is_literal_expr() && !e.value.is_f_string_expr() {
                    self.emit(Instr::Nop);
                } else {
                    self.visit_expr(&e.value)?;
                    // CPython's POP_TOP here has no location of its own and takes the one of the
                    // instruction before it (the value's), so the statement's first line, before
                    // an opening parenthesis, has no instruction.
                    self.at(e.value.range(), |this| this.emit(Instr::PopTop));
                }
                Ok(())
            }
            Stmt::Pass(_) => {
                self.emit(Instr::Nop);
                Ok(())
            }
            Stmt::Break(b) => self.break_stmt(b.range),
            Stmt::Continue(c) => self.continue_stmt(c.range),
            Stmt::TypeAlias(t) => Err(self.error("invalid syntax", t.range)),
            Stmt::IpyEscapeCommand(c) => Err(self.error("invalid syntax", c.range)),
        }
    }

    // ----- definitions -----

    /// Evaluates decorators; returns the first line of the definition (its first decorator's).
    fn decorators(&mut self, decorators: &'a [ast::Decorator], def_line: u32) -> Result<u32, CompileError> {
        for decorator in decorators {
            self.visit_expr(&decorator.expression)?;
        }
        Ok(decorators.first().map_or(def_line, |d| self.map.line(d.expression.range().start().to_u32())))
    }

    fn apply_decorators(&mut self, decorators: &[ast::Decorator]) {
        for _ in decorators {
            self.emit(Instr::Call(0));
        }
    }

    /// Pushes the defaults tuple and keyword-only defaults dict; returns the flags for them.
    fn parameter_defaults(&mut self, parameters: &'a ast::Parameters) -> Result<u8, CompileError> {
        let mut flags = 0;
        let positional: Vec<&Expr> =
            parameters.posonlyargs.iter().chain(&parameters.args).filter_map(|p| p.default.as_deref()).collect();
        if !positional.is_empty() {
            self.build_tuple_of(&positional)?;
            flags |= MakeFunctionFlags::DEFAULTS;
        }
        let kwonly: Vec<&'a ast::ParameterWithDefault> =
            parameters.kwonlyargs.iter().filter(|p| p.default.is_some()).collect();
        if !kwonly.is_empty() {
            for p in &kwonly {
                let name = self.mangle(&p.parameter.name);
                self.emit_const(Constant::str(&name));
                if let Some(default) = &p.default {
                    self.visit_expr(default)?;
                }
            }
            self.emit(Instr::BuildMap(kwonly.len() as u32));
            flags |= MakeFunctionFlags::KW_DEFAULTS;
        }
        Ok(flags)
    }

    /// Builds a tuple from expressions, as a constant when they all are (folded as CPython's
    /// optimizer folds a `BUILD_TUPLE` of constants).
    fn build_tuple_of(&mut self, exprs: &[&'a Expr]) -> Result<(), CompileError> {
        let folded: Option<Vec<Constant>> = exprs.iter().map(|e| self.fold(e)).collect();
        match folded {
            Some(values) => self.emit_late_tuple(values),
            None => {
                for e in exprs {
                    self.visit_expr(e)?;
                }
                self.emit(Instr::BuildTuple(exprs.len() as u32));
            }
        }
        Ok(())
    }

    /// Pushes the annotations tuple `(name, value, ...)` if there are annotations; returns the
    /// flag for it.
    fn annotations(&mut self, parameters: &'a ast::Parameters, returns: Option<&'a Expr>) -> Result<u8, CompileError> {
        let mut count = 0;
        for parameter in parameters.iter() {
            if let Some(annotation) = parameter.annotation() {
                let name = self.mangle(parameter.name());
                self.emit_const(Constant::str(&name));
                match annotation {
                    // `*args: *Ts` (PEP 646): the annotation is the single item of `[*Ts]`.
                    Expr::Starred(starred) if !self.table.future.annotations => {
                        self.visit_expr(&starred.value)?;
                        self.emit(Instr::UnpackSequence(1));
                    }
                    _ => self.annotation_value(annotation)?,
                }
                count += 1;
            }
        }
        if let Some(returns) = returns {
            self.emit_const(Constant::str("return"));
            self.annotation_value(returns)?;
            count += 1;
        }
        if count == 0 {
            return Ok(0);
        }
        self.emit(Instr::BuildTuple(count * 2));
        Ok(MakeFunctionFlags::ANNOTATIONS)
    }

    /// Pushes an annotation's value: the evaluated expression, or its source text under
    /// `from __future__ import annotations`.
    pub(super) fn annotation_value(&mut self, annotation: &'a Expr) -> Result<(), CompileError> {
        if self.table.future.annotations {
            let text = self.map.source().get(annotation.range().to_std_range()).unwrap_or("");
            let normalized = text.split_whitespace().collect::<Vec<_>>().join(" ");
            self.emit_const(Constant::str(&normalized));
            Ok(())
        } else {
            self.visit_expr(annotation)
        }
    }

    /// Compiles the body of a function-like scope into a code object and pushes the function.
    fn make_function(
        &mut self,
        code: std::sync::Arc<crate::bytecode::CodeObject>,
        mut flags: u8,
    ) -> Result<(), CompileError> {
        if self.emit_closure(&code)? {
            flags |= MakeFunctionFlags::CLOSURE;
        }
        self.emit_const(Constant::Code(code));
        self.emit(Instr::MakeFunction(MakeFunctionFlags(flags)));
        Ok(())
    }

    fn set_arg_counts(&mut self, parameters: &ast::Parameters) {
        let unit = self.unit_mut();
        unit.posonly_arg_count = parameters.posonlyargs.len() as u32;
        unit.arg_count = (parameters.posonlyargs.len() + parameters.args.len()) as u32;
        unit.kwonly_arg_count = parameters.kwonlyargs.len() as u32;
    }

    /// CPython's `compiler_check_debug_args`: no parameter named `__debug__` (an error at
    /// `range`, the function's).
    fn check_debug_parameters(&self, parameters: &ast::Parameters, range: TextRange) -> Result<(), CompileError> {
        if parameters.iter().any(|p| p.name().as_str() == "__debug__") {
            return Err(self.error("cannot assign to __debug__", range));
        }
        Ok(())
    }

    fn function_def(&mut self, f: &'a ast::StmtFunctionDef) -> Result<(), CompileError> {
        let def_line = self.unit().location.line;
        let first_line = self.decorators(&f.decorator_list, def_line)?;
        let mut flags = self.parameter_defaults(&f.parameters)?;
        flags |= self.annotations(&f.parameters, f.returns.as_deref())?;
        let scope = self.table.scope_for(f.range).ok_or_else(|| self.internal("function without a scope"))?;
        let kind = if f.is_async { UnitKind::AsyncFunction } else { UnitKind::Function };
        self.enter_unit(kind, scope, &f.name, first_line);
        self.set_arg_counts(&f.parameters);
        let mut body: &'a [Stmt] = &f.body;
        if let Some(doc) = self.docstring(body)? {
            self.add_const(Constant::Str(doc.clone()));
            self.unit_mut().docstring = Some(doc);
            body = &body[1..];
        } else {
            self.add_const(Constant::None);
        }
        self.visit_body(body)?;
        self.unset_location();
        self.emit_return_none();
        let code = self.exit_unit()?;
        self.make_function(code, flags)?;
        self.apply_decorators(&f.decorator_list);
        self.name_op(&f.name, ExprContext::Store, f.name.range)
    }

    /// A class statement; `range` is CPython's for it (see [`Self::statement_range`]).
    fn class_def(&mut self, c: &'a ast::StmtClassDef, range: TextRange) -> Result<(), CompileError> {
        let def_line = self.unit().location.line;
        let first_line = self.decorators(&c.decorator_list, def_line)?;
        let scope = self.table.scope_for(c.range).ok_or_else(|| self.internal("class without a scope"))?;
        self.enter_unit(UnitKind::Class, scope, &c.name, first_line);
        let module_name = self.name_index("__name__");
        self.emit(Instr::LoadName(module_name));
        let module = self.name_index("__module__");
        self.emit(Instr::StoreName(module));
        let qualname = self.unit().qualname.clone();
        self.emit_const(Constant::str(&qualname));
        let qualname_name = self.name_index("__qualname__");
        self.emit(Instr::StoreName(qualname_name));
        self.compile_body(&c.body, true)?;
        self.unset_location();
        if let Some(cell) = self.unit().cellvars.get("__class__") {
            self.emit(Instr::LoadClosure(cell));
            self.emit(Instr::Copy(1));
            let classcell = self.name_index("__classcell__");
            self.emit(Instr::StoreName(classcell));
            self.emit(Instr::ReturnValue);
        } else {
            self.emit_return_none();
        }
        let code = self.exit_unit()?;
        self.emit(Instr::PushNull);
        self.emit(Instr::LoadBuildClass);
        self.make_function(code, 0)?;
        self.emit_const(Constant::str(&c.name));
        match &c.arguments {
            Some(arguments) => self.call_helper(2, &arguments.args, &arguments.keywords, range)?,
            None => self.emit(Instr::Call(2)),
        }
        self.apply_decorators(&c.decorator_list);
        self.name_op(&c.name, ExprContext::Store, c.name.range)
    }

    /// Compiles a lambda expression.
    pub(super) fn lambda(&mut self, l: &'a ast::ExprLambda) -> Result<(), CompileError> {
        let empty = ast::Parameters::default();
        let parameters: &ast::Parameters = l.parameters.as_deref().unwrap_or(&empty);
        let mut flags = 0;
        if let Some(parameters) = l.parameters.as_deref() {
            self.check_debug_parameters(parameters, l.range)?;
            flags = self.parameter_defaults(parameters)?;
        }
        let scope = self.table.scope_for(l.range).ok_or_else(|| self.internal("lambda without a scope"))?;
        let line = self.unit().location.line;
        self.enter_unit(UnitKind::Lambda, scope, "<lambda>", line);
        self.set_arg_counts(parameters);
        self.add_const(Constant::None);
        self.set_location(l.body.range());
        self.visit_expr(&l.body)?;
        // A generator lambda returns its body's value too (CPython 3.11's `compiler_lambda`).
        self.emit(Instr::ReturnValue);
        let code = self.exit_unit()?;
        self.make_function(code, flags)
    }

    // ----- assignments -----

    /// An augmented assignment. As in CPython, the target's instructions (its load and its store)
    /// are at the target, an attribute's at its name.
    fn aug_assign(&mut self, a: &'a ast::StmtAugAssign) -> Result<(), CompileError> {
        let op = binary_operator(a.op).to_inplace();
        let target = a.target.range();
        match &*a.target {
            Expr::Attribute(attr) => {
                let name = self.mangle(&attr.attr);
                let i = self.name_index(&name);
                self.at(target, |this| {
                    this.visit_expr(&attr.value)?;
                    this.emit(Instr::Copy(1));
                    this.at_attribute(attr, |this| this.emit(Instr::LoadAttr(i)));
                    Ok::<_, CompileError>(())
                })?;
                self.visit_expr(&a.value)?;
                self.emit(Instr::BinaryOp(op));
                self.at(target, |this| {
                    this.at_attribute(attr, |this| {
                        this.emit(Instr::Swap(2));
                        this.emit(Instr::StoreAttr(i));
                    })
                });
            }
            Expr::Subscript(sub) => {
                self.at(target, |this| {
                    this.visit_expr(&sub.value)?;
                    this.visit_expr(&sub.slice)?;
                    this.emit(Instr::Copy(2));
                    this.emit(Instr::Copy(2));
                    this.emit(Instr::BinarySubscr);
                    Ok::<_, CompileError>(())
                })?;
                self.visit_expr(&a.value)?;
                self.emit(Instr::BinaryOp(op));
                self.at(target, |this| {
                    this.emit(Instr::Swap(3));
                    this.emit(Instr::Swap(2));
                    this.emit(Instr::StoreSubscr);
                });
            }
            Expr::Name(name) => {
                self.name_op(&name.id, ExprContext::Load, name.range)?;
                self.visit_expr(&a.value)?;
                self.emit(Instr::BinaryOp(op));
                self.name_op(&name.id, ExprContext::Store, name.range)?;
            }
            other => {
                return Err(self.error(
                    format!("'{}' is an illegal expression for augmented assignment", expression_name(other)),
                    other.range(),
                ))
            }
        }
        Ok(())
    }

    fn ann_assign(&mut self, a: &'a ast::StmtAnnAssign) -> Result<(), CompileError> {
        if let Some(value) = &a.value {
            self.visit_expr(value)?;
            self.visit_expr(&a.target)?;
        }
        let module_or_class = matches!(self.unit().kind, UnitKind::Module | UnitKind::Class);
        match &*a.target {
            Expr::Name(name) => {
                if name.id.as_str() == "__debug__" {
                    return Err(self.error("cannot assign to __debug__", name.range));
                }
                if a.simple && module_or_class {
                    self.annotation_value(&a.annotation)?;
                    let annotations = self.name_index("__annotations__");
                    self.emit(Instr::LoadName(annotations));
                    let mangled = self.mangle(&name.id);
                    self.emit_const(Constant::str(&mangled));
                    self.emit(Instr::StoreSubscr);
                    return Ok(());
                }
            }
            Expr::Attribute(attr) => {
                if a.value.is_none() {
                    self.visit_expr(&attr.value)?;
                    self.emit(Instr::PopTop);
                }
            }
            Expr::Subscript(sub) => {
                if a.value.is_none() {
                    self.visit_expr(&sub.value)?;
                    self.emit(Instr::PopTop);
                    self.visit_expr(&sub.slice)?;
                    self.emit(Instr::PopTop);
                }
            }
            other => return Err(self.error("illegal target for annotation", other.range())),
        }
        if !a.simple && module_or_class && !self.table.future.annotations {
            self.visit_expr(&a.annotation)?;
            self.emit(Instr::PopTop);
        }
        Ok(())
    }

    // ----- control flow -----

    fn if_stmt(&mut self, i: &'a ast::StmtIf) -> Result<(), CompileError> {
        let end = self.new_label();
        let mut next = if i.elif_else_clauses.is_empty() { end } else { self.new_label() };
        self.jump_if(&i.test, next, false)?;
        self.visit_body(&i.body)?;
        for (index, clause) in i.elif_else_clauses.iter().enumerate() {
            self.emit_artificial(Instr::Jump(end.0));
            self.bind(next);
            let is_last = index + 1 == i.elif_else_clauses.len();
            next = if is_last { end } else { self.new_label() };
            if let Some(test) = &clause.test {
                self.set_location(clause.range);
                self.jump_if(test, next, false)?;
            }
            self.visit_body(&clause.body)?;
        }
        self.bind(end);
        Ok(())
    }

    fn while_stmt(&mut self, w: &'a ast::StmtWhile) -> Result<(), CompileError> {
        let start = self.new_label();
        let anchor = self.new_label();
        let exit = self.new_label();
        self.bind(start);
        self.push_fblock(FBlock::WhileLoop { start, exit }, w.range)?;
        self.jump_if(&w.test, anchor, false)?;
        self.visit_body(&w.body)?;
        self.set_location(w.test.range());
        self.emit_jump(Instr::Jump, start);
        self.pop_fblock();
        self.bind(anchor);
        self.visit_body(&w.orelse)?;
        self.bind(exit);
        Ok(())
    }

    fn for_stmt(&mut self, f: &'a ast::StmtFor) -> Result<(), CompileError> {
        let start = self.new_label();
        let cleanup = self.new_label();
        let exit = self.new_label();
        self.push_fblock(FBlock::ForLoop { start, exit }, f.range)?;
        self.visit_iterable(&f.iter)?;
        self.emit(Instr::GetIter);
        self.bind(start);
        self.emit_jump(Instr::ForIter, cleanup);
        self.visit_expr(&f.target)?;
        self.visit_body(&f.body)?;
        self.emit_artificial(Instr::Jump(start.0));
        self.bind(cleanup);
        self.pop_fblock();
        self.visit_body(&f.orelse)?;
        self.bind(exit);
        Ok(())
    }

    fn check_async(&self, what: &str, range: TextRange) -> Result<(), CompileError> {
        if self.unit().kind != UnitKind::AsyncFunction {
            return Err(self.error(format!("'{what}' outside async function"), range));
        }
        Ok(())
    }

    fn async_for(&mut self, f: &'a ast::StmtFor) -> Result<(), CompileError> {
        self.check_async("async for", f.range)?;
        let start = self.new_label();
        let except = self.new_label();
        let exit = self.new_label();
        self.visit_expr(&f.iter)?;
        self.emit(Instr::GetAiter);
        self.bind(start);
        self.push_fblock(FBlock::ForLoop { start, exit }, f.range)?;
        self.await_next_item(except);
        self.visit_expr(&f.target)?;
        self.visit_body(&f.body)?;
        self.emit_artificial(Instr::Jump(start.0));
        self.pop_fblock();
        self.bind(except);
        self.set_location(f.iter.range());
        self.emit(Instr::EndAsyncFor);
        self.visit_body(&f.orelse)?;
        self.bind(exit);
        Ok(())
    }

    fn return_stmt(&mut self, r: &'a ast::StmtReturn) -> Result<(), CompileError> {
        if !matches!(self.unit().kind, UnitKind::Function | UnitKind::AsyncFunction | UnitKind::Lambda) {
            return Err(self.error("'return' outside function", r.range));
        }
        let constant = r.value.as_deref().and_then(|v| self.fold(v));
        let preserve_tos = r.value.is_some() && constant.is_none();
        if preserve_tos {
            if let Some(value) = &r.value {
                self.visit_expr(value)?;
            }
        }
        self.unwind_fblock_stack(preserve_tos, false, r.range)?;
        self.set_location(r.range);
        match constant {
            Some(c) => self.emit_const(c),
            None if !preserve_tos => self.emit_const(Constant::None),
            None => {}
        }
        self.emit(Instr::ReturnValue);
        Ok(())
    }

    fn break_stmt(&mut self, range: TextRange) -> Result<(), CompileError> {
        let loop_block = self.unwind_fblock_stack(false, true, range)?;
        let Some(FBlock::WhileLoop { exit, .. } | FBlock::ForLoop { exit, .. }) = loop_block else {
            return Err(self.error("'break' outside loop", range));
        };
        if let Some(block) = &loop_block {
            self.unwind_fblock(block, false)?;
        }
        self.set_location(range);
        self.emit_jump(Instr::Jump, exit);
        Ok(())
    }

    fn continue_stmt(&mut self, range: TextRange) -> Result<(), CompileError> {
        let loop_block = self.unwind_fblock_stack(false, true, range)?;
        let Some(FBlock::WhileLoop { start, .. } | FBlock::ForLoop { start, .. }) = loop_block else {
            return Err(self.error("'continue' not properly in loop", range));
        };
        self.set_location(range);
        self.emit_jump(Instr::Jump, start);
        Ok(())
    }

    /// Emits the unwinding of the frame blocks, innermost first, stopping at a loop when
    /// `stop_at_loop`; returns that loop's block.
    fn unwind_fblock_stack(
        &mut self,
        preserve_tos: bool,
        stop_at_loop: bool,
        range: TextRange,
    ) -> Result<Option<FBlock<'a>>, CompileError> {
        let Some(top) = self.unit().fblocks.last().cloned() else { return Ok(None) };
        if matches!(top, FBlock::ExceptionGroupHandler) {
            return Err(self.error("'break', 'continue' and 'return' cannot appear in an except* block", range));
        }
        if stop_at_loop && matches!(top, FBlock::WhileLoop { .. } | FBlock::ForLoop { .. }) {
            return Ok(Some(top));
        }
        self.pop_fblock();
        self.unwind_fblock(&top, preserve_tos)?;
        let result = self.unwind_fblock_stack(preserve_tos, stop_at_loop, range);
        self.unit_mut().fblocks.push(top);
        result
    }

    /// Emits the code leaving one frame block early (CPython's `compiler_unwind_fblock`).
    fn unwind_fblock(&mut self, block: &FBlock<'a>, preserve_tos: bool) -> Result<(), CompileError> {
        match block {
            FBlock::WhileLoop { .. }
            | FBlock::ExceptionHandler
            | FBlock::ExceptionGroupHandler
            | FBlock::AsyncComprehensionGenerator => {}
            FBlock::ForLoop { .. } => {
                if preserve_tos {
                    self.emit(Instr::Swap(2));
                }
                self.emit(Instr::PopTop);
            }
            FBlock::TryExcept => self.emit_pop_block(),
            FBlock::FinallyTry { body } => {
                self.emit_pop_block();
                if preserve_tos {
                    self.push_fblock(FBlock::PopValue, TextRange::default())?;
                }
                self.visit_body(body)?;
                if preserve_tos {
                    self.pop_fblock();
                }
                self.unset_location();
            }
            FBlock::FinallyEnd => {
                if preserve_tos {
                    self.emit(Instr::Swap(2));
                }
                self.emit(Instr::PopTop);
                if preserve_tos {
                    self.emit(Instr::Swap(2));
                }
                self.emit_pop_block();
                self.emit(Instr::PopExcept);
            }
            FBlock::With { location } | FBlock::AsyncWith { location } => {
                self.unit_mut().location = *location;
                self.emit_pop_block();
                if preserve_tos {
                    self.emit(Instr::Swap(2));
                }
                self.call_exit_with_nones();
                if matches!(block, FBlock::AsyncWith { .. }) {
                    self.await_awaitable(AwaitableKind::AsyncWithExit);
                }
                self.emit(Instr::PopTop);
                self.unset_location();
            }
            FBlock::HandlerCleanup { name } => {
                if name.is_some() {
                    self.emit_pop_block();
                }
                if preserve_tos {
                    self.emit(Instr::Swap(2));
                }
                self.emit_pop_block();
                self.emit(Instr::PopExcept);
                if let Some(name) = name {
                    self.clear_name(name)?;
                }
            }
            FBlock::PopValue => {
                if preserve_tos {
                    self.emit(Instr::Swap(2));
                }
                self.emit(Instr::PopTop);
            }
        }
        Ok(())
    }

    /// `name = None; del name` (the end of `except ... as name`).
    fn clear_name(&mut self, name: &str) -> Result<(), CompileError> {
        self.emit_const(Constant::None);
        self.name_op(name, ExprContext::Store, TextRange::default())?;
        self.name_op(name, ExprContext::Del, TextRange::default())
    }

    fn call_exit_with_nones(&mut self) {
        for _ in 0..3 {
            self.emit_const(Constant::None);
        }
        self.emit(Instr::Call(2));
    }

    /// `COPY 3; POP_EXCEPT; RERAISE 1`: the cleanup handler of an exception handler.
    fn pop_except_and_reraise(&mut self) {
        self.emit(Instr::Copy(3));
        self.emit(Instr::PopExcept);
        self.emit(Instr::Reraise(1));
    }

    // ----- exceptions -----

    fn try_finally(&mut self, t: &'a ast::StmtTry) -> Result<(), CompileError> {
        let body = self.new_label();
        let end = self.new_label();
        let exit = self.new_label();
        let cleanup = self.new_label();
        self.emit_setup(SetupKind::Finally, end);
        self.bind(body);
        self.push_fblock(FBlock::FinallyTry { body: &t.finalbody }, t.range)?;
        if t.handlers.is_empty() {
            self.visit_body(&t.body)?;
        } else if t.is_star {
            self.try_star_except(t)?;
        } else {
            self.try_except(t)?;
        }
        self.emit_pop_block();
        self.pop_fblock();
        self.visit_body(&t.finalbody)?;
        self.emit_artificial(Instr::Jump(exit.0));
        self.bind(end);
        self.unset_location();
        self.emit_setup(SetupKind::Cleanup, cleanup);
        self.emit(Instr::PushExcInfo);
        self.push_fblock(FBlock::FinallyEnd, t.range)?;
        self.visit_body(&t.finalbody)?;
        self.pop_fblock();
        self.unset_location();
        self.emit(Instr::Reraise(0));
        self.bind(cleanup);
        self.pop_except_and_reraise();
        self.bind(exit);
        Ok(())
    }

    /// The protected body of a `try` with `except` or `except*` clauses, whose handler starts at
    /// `except`.
    fn try_body(&mut self, t: &'a ast::StmtTry, except: Label) -> Result<(), CompileError> {
        let body = self.new_label();
        self.emit_setup(SetupKind::Finally, except);
        self.bind(body);
        self.push_fblock(FBlock::TryExcept, t.range)?;
        self.visit_body(&t.body)?;
        self.pop_fblock();
        self.emit_pop_block();
        Ok(())
    }

    fn try_except(&mut self, t: &'a ast::StmtTry) -> Result<(), CompileError> {
        let except = self.new_label();
        let end = self.new_label();
        let cleanup = self.new_label();
        self.try_body(t, except)?;
        self.visit_body(&t.orelse)?;
        self.emit_artificial(Instr::Jump(end.0));
        self.bind(except);
        self.unset_location();
        self.emit_setup(SetupKind::Cleanup, cleanup);
        self.emit(Instr::PushExcInfo);
        self.push_fblock(FBlock::ExceptionHandler, t.range)?;
        let count = t.handlers.len();
        for (i, handler) in t.handlers.iter().enumerate() {
            let ast::ExceptHandler::ExceptHandler(h) = handler;
            self.set_location(h.range);
            if h.type_.is_none() && i + 1 < count {
                return Err(self.error("default 'except:' must be last", h.range));
            }
            let next = self.new_label();
            if let Some(type_) = &h.type_ {
                self.visit_expr(type_)?;
                self.emit(Instr::CheckExcMatch);
                self.emit_jump(Instr::PopJumpIfFalse, next);
            }
            self.handler_body(h, end)?;
            self.bind(next);
        }
        self.unset_location();
        self.pop_fblock();
        self.emit(Instr::Reraise(0));
        self.bind(cleanup);
        self.pop_except_and_reraise();
        self.bind(end);
        Ok(())
    }

    /// The body of one `except` clause, after the match test, with `as name` cleanup.
    fn handler_body(&mut self, h: &'a ast::ExceptHandlerExceptHandler, end: Label) -> Result<(), CompileError> {
        let cleanup_body = self.new_label();
        match &h.name {
            Some(name) => {
                let cleanup_end = self.new_label();
                self.name_op(name, ExprContext::Store, name.range)?;
                self.emit_setup(SetupKind::Cleanup, cleanup_end);
                self.bind(cleanup_body);
                self.push_fblock(FBlock::HandlerCleanup { name: Some(name.as_str()) }, h.range)?;
                self.visit_body(&h.body)?;
                self.pop_fblock();
                self.unset_location();
                self.emit_pop_block();
                self.emit_pop_block();
                self.emit(Instr::PopExcept);
                self.clear_name(name)?;
                self.emit_jump(Instr::Jump, end);
                self.bind(cleanup_end);
                self.unset_location();
                self.clear_name(name)?;
                self.emit(Instr::Reraise(1));
            }
            None => {
                self.emit(Instr::PopTop);
                self.bind(cleanup_body);
                self.push_fblock(FBlock::HandlerCleanup { name: None }, h.range)?;
                self.visit_body(&h.body)?;
                self.pop_fblock();
                self.unset_location();
                self.emit_pop_block();
                self.emit(Instr::PopExcept);
                self.emit_jump(Instr::Jump, end);
            }
        }
        Ok(())
    }

    /// `try: ... except* T: ...` (CPython's `compiler_try_star_except`).
    fn try_star_except(&mut self, t: &'a ast::StmtTry) -> Result<(), CompileError> {
        let except = self.new_label();
        let orelse = self.new_label();
        let end = self.new_label();
        let cleanup = self.new_label();
        let reraise_star = self.new_label();
        self.try_body(t, except)?;
        self.emit_artificial(Instr::Jump(orelse.0));
        self.bind(except);
        self.unset_location();
        self.emit_setup(SetupKind::Cleanup, cleanup);
        self.emit(Instr::PushExcInfo);
        self.push_fblock(FBlock::ExceptionGroupHandler, t.range)?;
        let count = t.handlers.len();
        for (i, handler) in t.handlers.iter().enumerate() {
            let ast::ExceptHandler::ExceptHandler(h) = handler;
            self.set_location(h.range);
            let handled = self.new_label();
            let except_with_error = self.new_label();
            let no_match = self.new_label();
            if i == 0 {
                // [exc] -> [orig, [], exc]: the list collects what the handlers raise.
                self.emit(Instr::Copy(1));
                self.emit(Instr::BuildList(0));
                self.emit(Instr::Swap(2));
            }
            let Some(type_) = &h.type_ else {
                return Err(self.error("expected one or more exception types", h.range));
            };
            self.visit_expr(type_)?;
            self.emit(Instr::CheckEgMatch);
            self.emit(Instr::Copy(1));
            self.emit_jump(Instr::PopJumpIfNone, no_match);
            let cleanup_end = self.new_label();
            let cleanup_body = self.new_label();
            match &h.name {
                Some(name) => self.name_op(name, ExprContext::Store, name.range)?,
                None => self.emit(Instr::PopTop),
            }
            self.emit_setup(SetupKind::Cleanup, cleanup_end);
            self.bind(cleanup_body);
            self.push_fblock(FBlock::HandlerCleanup { name: h.name.as_ref().map(|n| n.as_str()) }, h.range)?;
            self.visit_body(&h.body)?;
            self.pop_fblock();
            self.unset_location();
            self.emit_pop_block();
            if let Some(name) = &h.name {
                self.clear_name(name)?;
            }
            self.emit_jump(Instr::Jump, handled);
            self.bind(cleanup_end);
            if let Some(name) = &h.name {
                self.clear_name(name)?;
            }
            // [orig, list, rest, lasti, raised] -> [orig, list, rest]: collect what was raised.
            self.emit(Instr::ListAppend(3));
            self.emit(Instr::PopTop);
            self.emit_jump(Instr::Jump, except_with_error);
            self.bind(handled);
            self.emit(Instr::Nop);
            self.emit_jump(Instr::Jump, except_with_error);
            self.bind(no_match);
            self.emit(Instr::PopTop);
            self.bind(except_with_error);
            if i + 1 == count {
                // [orig, list, rest] -> [orig, list]: the unmatched rest joins the list.
                self.emit(Instr::ListAppend(1));
                self.emit_jump(Instr::Jump, reraise_star);
            }
        }
        self.unset_location();
        self.pop_fblock();
        let reraise = self.new_label();
        self.bind(reraise_star);
        // [orig, list] -> [exc or None]
        self.emit(Instr::PrepReraiseStar);
        self.emit(Instr::Copy(1));
        self.emit_jump(Instr::PopJumpIfNotNone, reraise);
        self.emit(Instr::PopTop);
        self.emit_pop_block();
        self.emit(Instr::PopExcept);
        self.emit_jump(Instr::Jump, end);
        self.bind(reraise);
        self.emit_pop_block();
        self.emit(Instr::Swap(2));
        self.emit(Instr::PopExcept);
        self.emit(Instr::Reraise(0));
        self.bind(cleanup);
        self.pop_except_and_reraise();
        self.bind(orelse);
        self.visit_body(&t.orelse)?;
        self.bind(end);
        Ok(())
    }

    // ----- with -----

    /// `with` (or, with `is_async`, `async with`) over the items of `w` from `index` on: each
    /// item's block encloses the next item's, the innermost encloses the body.
    fn with(&mut self, w: &'a ast::StmtWith, index: usize, is_async: bool) -> Result<(), CompileError> {
        if is_async {
            self.check_async("async with", w.range)?;
        }
        let Some(item) = w.items.get(index) else { return self.visit_body(&w.body) };
        let block = self.new_label();
        let final_ = self.new_label();
        let exit = self.new_label();
        let cleanup = self.new_label();
        let location = self.map.location(w.range);
        self.visit_expr(&item.context_expr)?;
        if is_async {
            self.emit(Instr::BeforeAsyncWith);
            self.await_awaitable(AwaitableKind::AsyncWithEnter);
        } else {
            self.emit(Instr::BeforeWith);
        }
        self.emit_setup(SetupKind::With, final_);
        self.bind(block);
        let fblock = if is_async { FBlock::AsyncWith { location } } else { FBlock::With { location } };
        self.push_fblock(fblock, w.range)?;
        match &item.optional_vars {
            Some(vars) => self.visit_expr(vars)?,
            None => self.emit(Instr::PopTop),
        }
        self.with(w, index + 1, is_async)?;
        self.pop_fblock();
        self.emit_pop_block();
        self.unit_mut().location = location;
        self.call_exit_with_nones();
        if is_async {
            self.await_awaitable(AwaitableKind::AsyncWithExit);
        }
        self.emit(Instr::PopTop);
        self.emit_jump(Instr::Jump, exit);
        self.bind(final_);
        self.emit_setup(SetupKind::Cleanup, cleanup);
        self.emit(Instr::PushExcInfo);
        self.emit(Instr::WithExceptStart);
        if is_async {
            self.await_awaitable(AwaitableKind::AsyncWithExit);
        }
        self.with_except_finish(cleanup);
        self.bind(exit);
        Ok(())
    }

    /// After `__exit__` was called with the exception: swallow it if the result is true, else
    /// re-raise.
    fn with_except_finish(&mut self, cleanup: Label) {
        let exit = self.new_label();
        self.emit_jump(Instr::PopJumpIfTrue, exit);
        self.emit(Instr::Reraise(2));
        self.bind(cleanup);
        self.pop_except_and_reraise();
        self.bind(exit);
        self.emit(Instr::PopTop);
        self.emit_pop_block();
        self.emit(Instr::PopExcept);
        self.emit(Instr::PopTop);
        self.emit(Instr::PopTop);
    }

    // ----- imports -----

    fn import(&mut self, i: &'a ast::StmtImport) -> Result<(), CompileError> {
        for alias in &i.names {
            self.emit_const(Constant::Int(0));
            self.emit_const(Constant::None);
            let module = self.name_index(&alias.name);
            self.emit(Instr::ImportName(module));
            match &alias.asname {
                Some(asname) => {
                    let mut components = alias.name.split('.').skip(1).peekable();
                    let dotted = components.peek().is_some();
                    while let Some(component) = components.next() {
                        let attr = self.name_index(component);
                        self.emit(Instr::ImportFrom(attr));
                        if components.peek().is_some() {
                            self.emit(Instr::Swap(2));
                            self.emit(Instr::PopTop);
                        }
                    }
                    self.name_op(asname, ExprContext::Store, asname.range)?;
                    if dotted {
                        self.emit(Instr::PopTop);
                    }
                }
                None => {
                    let first = alias.name.split('.').next().unwrap_or(&alias.name);
                    self.name_op(first, ExprContext::Store, alias.range)?;
                }
            }
        }
        Ok(())
    }

    fn import_from(&mut self, i: &'a ast::StmtImportFrom) -> Result<(), CompileError> {
        self.emit_const(Constant::Int(i64::from(i.level)));
        let names: Vec<Constant> = i.names.iter().map(|a| Constant::str(&a.name)).collect();
        self.emit_const(Constant::Tuple(names.into()));
        let module = self.name_index(i.module.as_deref().unwrap_or(""));
        self.emit(Instr::ImportName(module));
        for alias in &i.names {
            if alias.name.as_str() == "*" {
                self.emit(Instr::ImportStar);
                return Ok(());
            }
            let name = self.name_index(&alias.name);
            self.emit(Instr::ImportFrom(name));
            let store = alias.asname.as_ref().unwrap_or(&alias.name);
            self.name_op(store, ExprContext::Store, alias.range)?;
        }
        self.emit(Instr::PopTop);
        Ok(())
    }
}

/// The bytecode operator for an AST operator.
pub(super) fn binary_operator(op: ast::Operator) -> BinaryOperator {
    match op {
        ast::Operator::Add => BinaryOperator::Add,
        ast::Operator::Sub => BinaryOperator::Subtract,
        ast::Operator::Mult => BinaryOperator::Multiply,
        ast::Operator::MatMult => BinaryOperator::MatrixMultiply,
        ast::Operator::Div => BinaryOperator::TrueDivide,
        ast::Operator::Mod => BinaryOperator::Remainder,
        ast::Operator::Pow => BinaryOperator::Power,
        ast::Operator::LShift => BinaryOperator::Lshift,
        ast::Operator::RShift => BinaryOperator::Rshift,
        ast::Operator::BitOr => BinaryOperator::Or,
        ast::Operator::BitXor => BinaryOperator::Xor,
        ast::Operator::BitAnd => BinaryOperator::And,
        ast::Operator::FloorDiv => BinaryOperator::FloorDivide,
    }
}

/// CPython's name for a kind of expression in error messages (`_PyPegen_get_expr_name`).
pub(crate) fn expression_name(expr: &Expr) -> &'static str {
    match expr {
        Expr::Attribute(_) => "attribute",
        Expr::Subscript(_) => "subscript",
        Expr::Starred(_) => "starred",
        Expr::Name(_) => "name",
        Expr::List(_) => "list",
        Expr::Tuple(_) => "tuple",
        Expr::Lambda(_) => "lambda",
        Expr::Call(_) => "function call",
        Expr::BoolOp(_) | Expr::BinOp(_) | Expr::UnaryOp(_) => "expression",
        Expr::Generator(_) => "generator expression",
        Expr::Yield(_) | Expr::YieldFrom(_) => "yield expression",
        Expr::Await(_) => "await expression",
        Expr::ListComp(_) => "list comprehension",
        Expr::SetComp(_) => "set comprehension",
        Expr::DictComp(_) => "dict comprehension",
        Expr::Dict(_) => "dict literal",
        Expr::Set(_) => "set display",
        Expr::FString(_) | Expr::TString(_) => "f-string expression",
        Expr::NoneLiteral(_) => "None",
        Expr::BooleanLiteral(b) if b.value => "True",
        Expr::BooleanLiteral(_) => "False",
        Expr::EllipsisLiteral(_) => "ellipsis",
        Expr::StringLiteral(_) | Expr::BytesLiteral(_) | Expr::NumberLiteral(_) => "literal",
        Expr::Compare(_) => "comparison",
        Expr::If(_) => "conditional expression",
        Expr::Named(_) => "named expression",
        Expr::Slice(_) | Expr::IpyEscapeCommand(_) => "expression",
    }
}
