//! The code generator: walks the AST with the symbol table and emits bytecode for each code
//! object (module, class body, function, lambda, comprehension), following CPython 3.11's
//! `compile.c` instruction sequences. Statements are in [`stmt`], expressions in [`expr`],
//! `match` patterns in [`pattern`], constant folding in [`fold`], compile-time
//! `SyntaxWarning`s in [`warn`].

mod expr;
mod fold;
mod pattern;
mod stmt;
mod warn;

pub(crate) use stmt::expression_name;

use std::collections::HashMap;
use std::sync::Arc;

use ruff_python_ast::{self as ast, Expr, Stmt};
use ruff_text_size::{Ranged, TextRange};

use crate::assemble::{assemble, Ir, Label, SetupKind};
use crate::bytecode::{CodeFlags, CodeObject, Instr, ResumeKind};
use crate::constants::{ConstKey, Constant, PyStr};
use crate::error::{CompileError, CompileWarning, ErrorKind};
use crate::linetable::Location;
use crate::source::SourceMap;
use crate::symtable::{mangle, ScopeId, ScopeKind, SymbolScope, SymbolTable, MAX_NESTING};

/// More items than this on the stack at once are built incrementally (CPython's
/// `STACK_USE_GUIDELINE`).
const STACK_USE_GUIDELINE: usize = 30;

/// Most nested `try`/`with`/loop blocks in one function (CPython's `CO_MAXBLOCKS`).
const MAX_BLOCKS: usize = 20;

/// What a code object being compiled is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum UnitKind {
    Module,
    Class,
    Function,
    AsyncFunction,
    Lambda,
    Comprehension,
}

/// A block that `break`, `continue` and `return` must unwind (CPython's `fblockinfo`).
#[derive(Clone, Debug)]
enum FBlock<'a> {
    WhileLoop { start: Label, exit: Label },
    ForLoop { start: Label, exit: Label },
    TryExcept,
    FinallyTry { body: &'a [Stmt] },
    FinallyEnd,
    With { location: Location },
    AsyncWith { location: Location },
    HandlerCleanup { name: Option<&'a str> },
    PopValue,
    ExceptionHandler,
    ExceptionGroupHandler,
    AsyncComprehensionGenerator,
}

/// Names of a code object in order of first use, with their indices.
#[derive(Default)]
struct NameTable {
    names: Vec<String>,
    index: HashMap<String, u32>,
}

impl NameTable {
    fn from_names(names: impl IntoIterator<Item = String>) -> NameTable {
        let mut table = NameTable::default();
        for name in names {
            table.add(&name);
        }
        table
    }

    fn add(&mut self, name: &str) -> u32 {
        if let Some(&i) = self.index.get(name) {
            return i;
        }
        let i = self.names.len() as u32;
        self.names.push(name.to_string());
        self.index.insert(name.to_string(), i);
        i
    }

    fn get(&self, name: &str) -> Option<u32> {
        self.index.get(name).copied()
    }
}

/// The state of one code object being compiled.
struct Unit<'a> {
    kind: UnitKind,
    scope: ScopeId,
    name: String,
    qualname: String,
    first_line: u32,
    arg_count: u32,
    posonly_arg_count: u32,
    kwonly_arg_count: u32,
    ir: Vec<Ir>,
    labels: u32,
    constants: Vec<Constant>,
    constant_index: HashMap<ConstKey, u32>,
    /// `LOAD_CONST`s whose constant joins `co_consts` only when the unit closes (by its index in
    /// `ir`): what CPython's optimizer folds from a `BUILD_TUPLE` of constants after the code
    /// generator ran, so it comes after every other constant.
    late_constants: Vec<(usize, Constant)>,
    names: NameTable,
    varnames: NameTable,
    cellvars: NameTable,
    freevars: NameTable,
    fblocks: Vec<FBlock<'a>>,
    location: Location,
    docstring: Option<PyStr>,
    private: Option<String>,
}

/// Compiles one module (or expression) to code objects.
pub(crate) struct Compiler<'a> {
    map: &'a SourceMap<'a>,
    table: &'a SymbolTable,
    units: Vec<Unit<'a>>,
    interactive: bool,
    depth: u32,
    /// The compiler's warnings so far, in the order CPython issues them.
    warnings: Vec<CompileWarning>,
    /// CPython's optimization level: 1 and above drop asserts and fold `__debug__` to false, 2
    /// drops docstrings.
    optimize: u8,
}

/// What [`Compiler::compile_module`] compiles.
pub(crate) enum ModuleBody<'a> {
    /// Statements (`exec`), printing expression statements when `interactive` (`single`).
    Statements { body: &'a [Stmt], interactive: bool },
    /// One expression whose value is returned (`eval`).
    Expression(&'a Expr),
}

impl<'a> Compiler<'a> {
    /// Compiles a module body to its code object, with the compiler's warnings.
    pub(crate) fn compile_module(
        map: &'a SourceMap<'a>,
        table: &'a SymbolTable,
        body: ModuleBody<'a>,
        optimize: u8,
    ) -> Result<(Arc<CodeObject>, Vec<CompileWarning>), CompileError> {
        let interactive = matches!(body, ModuleBody::Statements { interactive: true, .. });
        let mut compiler =
            Compiler { map, table, units: Vec::new(), interactive, depth: 0, warnings: Vec::new(), optimize };
        compiler.enter_unit(UnitKind::Module, table.root(), "<module>", 1);
        match body {
            ModuleBody::Statements { body, .. } => {
                compiler.compile_body(body, true)?;
                compiler.unset_location();
                compiler.emit_return_none();
            }
            ModuleBody::Expression(expr) => {
                compiler.visit_expr(expr)?;
                compiler.emit(Instr::ReturnValue);
            }
        }
        let code = compiler.exit_unit()?;
        Ok((code, compiler.warnings))
    }

    // ----- units -----

    fn unit(&self) -> &Unit<'a> {
        self.units.last().expect("a unit is always open while compiling")
    }

    fn unit_mut(&mut self) -> &mut Unit<'a> {
        self.units.last_mut().expect("a unit is always open while compiling")
    }

    /// Opens a code object and emits its prologue (cells, free variables, generator start).
    fn enter_unit(&mut self, kind: UnitKind, scope_id: ScopeId, name: &str, first_line: u32) {
        let scope = self.table.scope(scope_id);
        let cellvars = NameTable::from_names(scope.cellvars());
        let freevars = NameTable::from_names(scope.freevars());
        let varnames = NameTable::from_names(scope.parameters.iter().cloned());
        let qualname = self.qualname(name, kind);
        let private = scope.private.clone();
        self.units.push(Unit {
            kind,
            scope: scope_id,
            name: name.to_string(),
            qualname,
            first_line,
            arg_count: 0,
            posonly_arg_count: 0,
            kwonly_arg_count: 0,
            ir: Vec::new(),
            labels: 0,
            constants: Vec::new(),
            constant_index: HashMap::new(),
            late_constants: Vec::new(),
            names: NameTable::default(),
            varnames,
            cellvars,
            freevars,
            fblocks: Vec::new(),
            location: Location::default(),
            docstring: None,
            private,
        });
        let free_count = self.unit().freevars.names.len() as u32;
        if free_count > 0 {
            self.emit(Instr::CopyFreeVars(free_count));
        }
        let cell_count = self.unit().cellvars.names.len() as u32;
        for cell in 0..cell_count {
            self.emit(Instr::MakeCell(cell));
        }
        for cell in 0..cell_count {
            let name = self.unit().cellvars.names[cell as usize].clone();
            if let Some(arg) = self.unit().varnames.get(&name) {
                self.emit(Instr::LoadFast(arg));
                self.emit(Instr::StoreDeref(cell));
            }
        }
        if scope.is_generator || (scope.is_coroutine && kind != UnitKind::Module) {
            // CPython: the first line without columns (the POP_TOP inherits it).
            self.unit_mut().location = Location { line: first_line, end_line: 0, col: 0, end_col: 0 };
            self.emit(Instr::ReturnGenerator);
            self.emit(Instr::PopTop);
        }
        // CPython puts the RESUME at the first line, columns 0; the module's at line 0 (to line 1),
        // which is not a line of the source but a position that `co_lines()` shows.
        self.unit_mut().location = match kind {
            UnitKind::Module => Location { line: 0, end_line: 1, col: 0, end_col: 0 },
            _ => Location { line: first_line, end_line: first_line, col: 0, end_col: 0 },
        };
        self.emit(Instr::Resume(ResumeKind::Start));
    }

    /// The qualified name of a new code object named `name` (CPython's `compiler_set_qualname`).
    fn qualname(&self, name: &str, kind: UnitKind) -> String {
        let Some(parent) = self.units.last() else {
            return name.to_string();
        };
        if parent.kind == UnitKind::Module {
            return name.to_string();
        }
        if matches!(kind, UnitKind::Function | UnitKind::AsyncFunction | UnitKind::Class) {
            let mangled = mangle(parent.private.as_deref(), name);
            let parent_scope = self.table.scope(parent.scope);
            if parent_scope.symbol(&mangled).is_some_and(|s| s.scope() == SymbolScope::GlobalExplicit) {
                return name.to_string();
            }
        }
        match parent.kind {
            UnitKind::Function | UnitKind::AsyncFunction | UnitKind::Lambda => {
                format!("{}.<locals>.{name}", parent.qualname)
            }
            UnitKind::Class | UnitKind::Module | UnitKind::Comprehension => format!("{}.{name}", parent.qualname),
        }
    }

    /// Closes the current code object and assembles it.
    fn exit_unit(&mut self) -> Result<Arc<CodeObject>, CompileError> {
        for (at, constant) in std::mem::take(&mut self.unit_mut().late_constants) {
            let index = self.add_const(constant);
            if let Ir::Op(instr @ Instr::LoadConst(_), _) = &mut self.unit_mut().ir[at] {
                *instr = Instr::LoadConst(index);
            }
        }
        let unit = self.units.pop().ok_or_else(|| self.internal("no unit to close"))?;
        let scope = self.table.scope(unit.scope);
        let assembled = assemble(&unit.ir, unit.labels, unit.first_line)
            .map_err(|msg| CompileError::internal(format!("{msg} in {}", unit.qualname), self.map.filename()))?;
        let mut flags = 0;
        if matches!(
            unit.kind,
            UnitKind::Function | UnitKind::AsyncFunction | UnitKind::Lambda | UnitKind::Comprehension
        ) {
            flags |= CodeFlags::OPTIMIZED | CodeFlags::NEWLOCALS;
            if scope.is_nested {
                flags |= CodeFlags::NESTED;
            }
            if scope.is_generator && scope.is_coroutine {
                flags |= CodeFlags::ASYNC_GENERATOR;
            } else if scope.is_generator {
                flags |= CodeFlags::GENERATOR;
            } else if scope.is_coroutine {
                flags |= CodeFlags::COROUTINE;
            }
            if scope.has_varargs {
                flags |= CodeFlags::VARARGS;
            }
            if scope.has_varkeywords {
                flags |= CodeFlags::VARKEYWORDS;
            }
        }
        if self.table.future.annotations {
            flags |= CodeFlags::FUTURE_ANNOTATIONS;
        }
        Ok(Arc::new(CodeObject {
            name: unit.name,
            qualname: unit.qualname,
            filename: self.map.filename().to_string(),
            first_line: unit.first_line,
            arg_count: unit.arg_count,
            posonly_arg_count: unit.posonly_arg_count,
            kwonly_arg_count: unit.kwonly_arg_count,
            flags: CodeFlags(flags),
            varnames: unit.varnames.names,
            cellvars: unit.cellvars.names,
            freevars: unit.freevars.names,
            names: unit.names.names,
            constants: unit.constants,
            docstring: unit.docstring,
            instructions: assembled.instructions,
            stack_depths: assembled.stack_depths,
            max_stack_depth: assembled.max_stack_depth,
            line_table: assembled.line_table,
            exception_table: assembled.exception_table,
            replaced_location_table: None,
        }))
    }

    // ----- emission -----

    fn emit(&mut self, instr: Instr) {
        let unit = self.unit_mut();
        let location = unit.location;
        unit.ir.push(Ir::Op(instr, location));
    }

    /// Emits an instruction without a source position (CPython's artificial instructions).
    fn emit_artificial(&mut self, instr: Instr) {
        self.unit_mut().ir.push(Ir::Op(instr, Location::default()));
    }

    fn new_label(&mut self) -> Label {
        let unit = self.unit_mut();
        unit.labels += 1;
        Label(unit.labels - 1)
    }

    fn bind(&mut self, label: Label) {
        self.unit_mut().ir.push(Ir::Label(label));
    }

    /// Emits a jump instruction (built from the label number) to `label`.
    fn emit_jump(&mut self, make: fn(u32) -> Instr, label: Label) {
        self.emit(make(label.0));
    }

    fn emit_setup(&mut self, kind: SetupKind, handler: Label) {
        let unit = self.unit_mut();
        let location = unit.location;
        unit.ir.push(Ir::Setup(kind, handler, location));
    }

    fn emit_pop_block(&mut self) {
        self.unit_mut().ir.push(Ir::PopBlock(Location::default()));
    }

    fn add_const(&mut self, constant: Constant) -> u32 {
        let unit = self.unit_mut();
        let key = ConstKey(constant);
        if let Some(&i) = unit.constant_index.get(&key) {
            return i;
        }
        let i = unit.constants.len() as u32;
        unit.constants.push(key.0.clone());
        unit.constant_index.insert(key, i);
        i
    }

    /// Emits a `LOAD_CONST` of a tuple of constants that CPython builds with `BUILD_TUPLE` and
    /// folds later: the items join `co_consts` now, the tuple when the unit closes.
    fn emit_late_tuple(&mut self, items: Vec<Constant>) {
        for item in &items {
            self.add_const(item.clone());
        }
        let unit = self.unit_mut();
        unit.late_constants.push((unit.ir.len(), Constant::Tuple(items.into())));
        self.emit(Instr::LoadConst(0));
    }

    fn emit_const(&mut self, constant: Constant) {
        let i = self.add_const(constant);
        self.emit(Instr::LoadConst(i));
    }

    fn emit_return_none(&mut self) {
        self.emit_const(Constant::None);
        self.emit(Instr::ReturnValue);
    }

    fn name_index(&mut self, name: &str) -> u32 {
        self.unit_mut().names.add(name)
    }

    fn mangle(&self, name: &str) -> String {
        mangle(self.unit().private.as_deref(), name)
    }

    /// Runs `f` with the current location set to `range`'s, restoring it afterwards.
    fn at<T>(&mut self, range: TextRange, f: impl FnOnce(&mut Self) -> T) -> T {
        let saved = self.unit().location;
        self.unit_mut().location = self.map.location(range);
        let result = f(self);
        self.unit_mut().location = saved;
        result
    }

    /// Runs `f` with the current location's start moved to attribute `attr`'s name when the
    /// location starts on another line than the attribute ends (CPython 3.11's
    /// `update_start_location_to_match_attr`: an error in `obj\n.attr` points at `attr`),
    /// restoring the location afterwards.
    fn at_attribute<T>(&mut self, attr: &ast::ExprAttribute, f: impl FnOnce(&mut Self) -> T) -> T {
        let saved = self.unit().location;
        let end = self.map.location(attr.range());
        let location = &mut self.unit_mut().location;
        if location.line != end.end_line {
            location.line = end.end_line;
            location.col = end.end_col.saturating_sub(attr.attr.len() as u32);
            location.end_line = location.end_line.max(location.line);
            if location.line == location.end_line {
                location.end_col = location.end_col.max(location.col);
            }
        }
        let result = f(self);
        self.unit_mut().location = saved;
        result
    }

    fn set_location(&mut self, range: TextRange) {
        self.unit_mut().location = self.map.location(range);
    }

    fn unset_location(&mut self) {
        self.unit_mut().location = Location::default();
    }

    fn error(&self, msg: impl Into<String>, range: TextRange) -> CompileError {
        self.map.syntax_error(msg, range)
    }

    fn internal(&self, msg: &str) -> CompileError {
        CompileError::internal(msg, self.map.filename())
    }

    fn nested(&mut self) -> Result<(), CompileError> {
        self.depth += 1;
        if self.depth > MAX_NESTING {
            return Err(CompileError::new(
                ErrorKind::RecursionError,
                "maximum recursion depth exceeded during compilation",
                self.map.filename(),
            ));
        }
        Ok(())
    }

    // ----- frame blocks -----

    fn push_fblock(&mut self, block: FBlock<'a>, range: TextRange) -> Result<(), CompileError> {
        if self.unit().fblocks.len() >= MAX_BLOCKS {
            return Err(self.error("too many statically nested blocks", range));
        }
        self.unit_mut().fblocks.push(block);
        Ok(())
    }

    fn pop_fblock(&mut self) {
        self.unit_mut().fblocks.pop();
    }

    // ----- names -----

    /// Emits a load, store or delete of a variable (CPython's `compiler_nameop`).
    fn name_op(&mut self, name: &str, ctx: ast::ExprContext, range: TextRange) -> Result<(), CompileError> {
        if ctx != ast::ExprContext::Load && name == "__debug__" {
            let verb = if ctx == ast::ExprContext::Del { "delete" } else { "assign to" };
            return Err(self.error(format!("cannot {verb} __debug__"), range));
        }
        let mangled = self.mangle(name);
        let unit = self.unit();
        let scope = self.table.scope(unit.scope);
        let symbol_scope = scope.symbol(&mangled).map(|s| s.scope());
        let is_function = scope.kind == ScopeKind::Function;
        enum Access {
            Fast,
            Deref(u32),
            Global,
            Name,
        }
        let access = match symbol_scope {
            Some(SymbolScope::Free) => {
                let cells = unit.cellvars.names.len() as u32;
                let free = unit.freevars.get(&mangled).ok_or_else(|| self.internal("unknown free variable"))?;
                Access::Deref(cells + free)
            }
            Some(SymbolScope::Cell) => {
                Access::Deref(unit.cellvars.get(&mangled).ok_or_else(|| self.internal("unknown cell"))?)
            }
            Some(SymbolScope::Local) if is_function => Access::Fast,
            Some(SymbolScope::GlobalImplicit) if is_function => Access::Global,
            Some(SymbolScope::GlobalExplicit) => Access::Global,
            _ => Access::Name,
        };
        let instr = match access {
            Access::Fast => {
                let i = self.unit_mut().varnames.add(&mangled);
                match ctx {
                    ast::ExprContext::Store => Instr::StoreFast(i),
                    ast::ExprContext::Del => Instr::DeleteFast(i),
                    _ => Instr::LoadFast(i),
                }
            }
            Access::Deref(i) => match ctx {
                ast::ExprContext::Store => Instr::StoreDeref(i),
                ast::ExprContext::Del => Instr::DeleteDeref(i),
                _ if scope.kind == ScopeKind::Class => Instr::LoadClassDeref(i),
                _ => Instr::LoadDeref(i),
            },
            Access::Global => {
                let i = self.name_index(&mangled);
                match ctx {
                    ast::ExprContext::Store => Instr::StoreGlobal(i),
                    ast::ExprContext::Del => Instr::DeleteGlobal(i),
                    _ => {
                        // CPython's peephole: `PUSH_NULL; LOAD_GLOBAL` (a call of a global) is one
                        // `LOAD_GLOBAL (NULL + name)`.
                        let ir = &mut self.unit_mut().ir;
                        if matches!(ir.last(), Some(Ir::Op(Instr::PushNull, _))) {
                            ir.pop();
                            Instr::LoadGlobal { name: i, push_null: true }
                        } else {
                            Instr::LoadGlobal { name: i, push_null: false }
                        }
                    }
                }
            }
            Access::Name => {
                let i = self.name_index(&mangled);
                match ctx {
                    ast::ExprContext::Store => Instr::StoreName(i),
                    ast::ExprContext::Del => Instr::DeleteName(i),
                    _ => Instr::LoadName(i),
                }
            }
        };
        self.emit(instr);
        Ok(())
    }

    /// Emits `LOAD_CLOSURE` for each free variable of `code`, and `BUILD_TUPLE`; returns whether
    /// there were any.
    fn emit_closure(&mut self, code: &CodeObject) -> Result<bool, CompileError> {
        if code.freevars.is_empty() {
            return Ok(false);
        }
        for name in &code.freevars {
            let unit = self.unit();
            let index = match unit.cellvars.get(name) {
                Some(i) => i,
                None => {
                    let free = unit
                        .freevars
                        .get(name)
                        .ok_or_else(|| self.internal("closure variable not found in enclosing scope"))?;
                    unit.cellvars.names.len() as u32 + free
                }
            };
            self.emit(Instr::LoadClosure(index));
        }
        self.emit(Instr::BuildTuple(code.freevars.len() as u32));
        Ok(true)
    }

    // ----- bodies -----

    /// The docstring of a body: its first statement when that is a plain string literal (none at
    /// optimization level 2).
    fn docstring(&self, body: &[Stmt]) -> Result<Option<PyStr>, CompileError> {
        if self.optimize >= 2 {
            return Ok(None);
        }
        let Some(Stmt::Expr(first)) = body.first() else { return Ok(None) };
        let Expr::StringLiteral(s) = &*first.value else { return Ok(None) };
        self.string_literal(s).map(Some)
    }

    /// Compiles a module or class body: `SETUP_ANNOTATIONS` when needed, the docstring into
    /// `__doc__`, then the statements.
    fn compile_body(&mut self, body: &'a [Stmt], store_docstring: bool) -> Result<(), CompileError> {
        if body.iter().any(has_annotations) {
            self.emit(Instr::SetupAnnotations);
        }
        let mut statements = body;
        if let Some(doc) = self.docstring(body)? {
            if store_docstring && !self.interactive {
                let first = &body[0];
                self.set_location(first.range());
                self.emit_const(Constant::Str(doc.clone()));
                let doc_name = self.name_index("__doc__");
                self.emit(Instr::StoreName(doc_name));
                self.unit_mut().docstring = Some(doc);
                statements = &body[1..];
            }
        }
        for stmt in statements {
            self.visit_stmt(stmt)?;
        }
        Ok(())
    }
}

/// Whether a statement list has annotated assignments at this level (not inside nested scopes):
/// CPython's `find_ann`.
fn has_annotations(stmt: &Stmt) -> bool {
    let any = |body: &[Stmt]| body.iter().any(has_annotations);
    match stmt {
        Stmt::AnnAssign(_) => true,
        Stmt::For(s) => any(&s.body) || any(&s.orelse),
        Stmt::While(s) => any(&s.body) || any(&s.orelse),
        Stmt::If(s) => any(&s.body) || s.elif_else_clauses.iter().any(|c| any(&c.body)),
        Stmt::With(s) => any(&s.body),
        Stmt::Try(s) => {
            any(&s.body)
                || any(&s.orelse)
                || any(&s.finalbody)
                || s.handlers.iter().any(|h| {
                    let ast::ExceptHandler::ExceptHandler(h) = h;
                    any(&h.body)
                })
        }
        Stmt::Match(s) => s.cases.iter().any(|c| any(&c.body)),
        _ => false,
    }
}
