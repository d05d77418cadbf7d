//! Symbol tables: which scope each name of a program belongs to, computed as CPython's
//! `symtable.c` does. One [`Scope`] per module, class body, function, lambda and comprehension
//! (comprehensions are functions in 3.11); each name of a scope is resolved to local, global
//! (explicit or implicit), free or cell. Also detects the errors CPython's symbol table pass
//! raises (`global`/`nonlocal` misuse, duplicate parameters, assignment expressions in
//! comprehensions, `yield` in comprehensions, `import *` in functions) and the `__future__`
//! features in effect.

use std::collections::{HashMap, HashSet};

use ruff_python_ast::{self as ast, Expr, ExprContext, InterpolatedStringElement, Pattern, Stmt};
use ruff_text_size::{Ranged, TextRange};

use crate::error::{CompileError, ErrorKind};
use crate::source::SourceMap;

/// Deepest AST nesting the compiler passes accept before raising `RecursionError`.
pub(crate) const MAX_NESTING: u32 = 1500;

/// Index of a scope in its [`SymbolTable`].
pub type ScopeId = usize;

/// The kind of block a scope is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScopeKind {
    /// The module (or an `eval`/`single` input).
    Module,
    /// A class body.
    Class,
    /// A function, lambda or comprehension.
    Function,
}

/// The kind of comprehension a function scope implements, if it is one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ComprehensionKind {
    /// `[... for ...]`
    List,
    /// `{... for ...}`
    Set,
    /// `{k: v for ...}`
    Dict,
    /// `(... for ...)`
    Generator,
}

impl ComprehensionKind {
    /// The code object name CPython gives the comprehension.
    pub fn code_name(self) -> &'static str {
        match self {
            ComprehensionKind::List => "<listcomp>",
            ComprehensionKind::Set => "<setcomp>",
            ComprehensionKind::Dict => "<dictcomp>",
            ComprehensionKind::Generator => "<genexpr>",
        }
    }

    fn description(self) -> &'static str {
        match self {
            ComprehensionKind::List => "list comprehension",
            ComprehensionKind::Set => "set comprehension",
            ComprehensionKind::Dict => "dict comprehension",
            ComprehensionKind::Generator => "generator expression",
        }
    }
}

/// Where a name lives at run time, as seen from one scope.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SymbolScope {
    /// A local of this scope (a fast local in functions, a name in the namespace otherwise).
    Local,
    /// Declared `global`.
    GlobalExplicit,
    /// Not bound in any enclosing function: a global or builtin.
    GlobalImplicit,
    /// Bound in an enclosing function: reached through a cell of the closure.
    Free,
    /// A local of this function that nested scopes use: kept in a cell.
    Cell,
}

/// Definition flags of a symbol (CPython's `DEF_*`).
mod def {
    pub const GLOBAL: u32 = 1;
    pub const LOCAL: u32 = 2;
    pub const PARAM: u32 = 4;
    pub const NONLOCAL: u32 = 8;
    pub const USE: u32 = 16;
    pub const FREE_CLASS: u32 = 64;
    pub const IMPORT: u32 = 128;
    pub const ANNOT: u32 = 256;
    pub const COMP_ITER: u32 = 512;
    pub const BOUND: u32 = LOCAL | PARAM | IMPORT;
}

/// One name of a scope.
#[derive(Clone, Copy, Debug)]
pub struct Symbol {
    flags: u32,
    scope: SymbolScope,
}

impl Symbol {
    /// Where the name lives.
    pub fn scope(&self) -> SymbolScope {
        self.scope
    }

    /// Whether a class body binds the name while a method also uses it as a free variable of an
    /// enclosing function (the class then passes the cell through).
    pub fn is_free_class(&self) -> bool {
        self.flags & def::FREE_CLASS != 0
    }
}

/// The names of one block and what it is.
#[derive(Debug)]
pub struct Scope {
    /// The block's name (function or class name, `top`, `lambda`, `listcomp`...).
    pub name: String,
    /// What kind of block it is.
    pub kind: ScopeKind,
    /// The comprehension kind, for comprehension scopes.
    pub comprehension: Option<ComprehensionKind>,
    /// Names in order of first appearance.
    names: Vec<String>,
    symbols: HashMap<String, Symbol>,
    /// Parameter names in `co_varnames` order.
    pub parameters: Vec<String>,
    /// Nested scopes in source order.
    pub children: Vec<ScopeId>,
    /// The scope contains `yield` (a generator).
    pub is_generator: bool,
    /// An `async def`, or a comprehension containing `async for` / `await`.
    pub is_coroutine: bool,
    /// Defined inside a function.
    pub is_nested: bool,
    /// Has `*args`.
    pub has_varargs: bool,
    /// Has `**kwargs`.
    pub has_varkeywords: bool,
    /// A class whose methods use `__class__` (or `super`): it gets a `__class__` cell.
    pub needs_class_closure: bool,
    /// The class name used for private-name mangling inside this scope.
    pub private: Option<String>,
    /// The `global`/`nonlocal` statement declaring each such name.
    declarations: HashMap<String, TextRange>,
    /// Where the scope's `return <value>` statements are (for the async generator check).
    returns_value: Option<TextRange>,
    /// `comp_iter_target`: visiting a comprehension target.
    comp_iter_target: bool,
    /// `comp_iter_expr`: depth of comprehension iterable expressions being visited.
    comp_iter_expr: u32,
}

impl Scope {
    fn new(name: &str, kind: ScopeKind, private: Option<String>, is_nested: bool) -> Scope {
        Scope {
            name: name.to_string(),
            kind,
            comprehension: None,
            names: Vec::new(),
            symbols: HashMap::new(),
            parameters: Vec::new(),
            children: Vec::new(),
            is_generator: false,
            is_coroutine: false,
            is_nested,
            has_varargs: false,
            has_varkeywords: false,
            needs_class_closure: false,
            private,
            declarations: HashMap::new(),
            returns_value: None,
            comp_iter_target: false,
            comp_iter_expr: 0,
        }
    }

    /// The symbol for a (mangled) name, if the scope mentions it.
    pub fn symbol(&self, name: &str) -> Option<&Symbol> {
        self.symbols.get(name)
    }

    /// Names in order of first appearance with their symbols.
    pub fn symbols(&self) -> impl Iterator<Item = (&str, &Symbol)> {
        self.names.iter().map(move |n| (n.as_str(), &self.symbols[n]))
    }

    /// Names of the scope's cells, sorted (as CPython orders `co_cellvars`).
    pub fn cellvars(&self) -> Vec<String> {
        let mut cells: Vec<String> =
            self.symbols().filter(|(_, s)| s.scope == SymbolScope::Cell).map(|(n, _)| n.to_string()).collect();
        if self.needs_class_closure {
            cells.push("__class__".to_string());
        }
        cells.sort();
        cells
    }

    /// Names of the scope's free variables, sorted (as CPython orders `co_freevars`).
    pub fn freevars(&self) -> Vec<String> {
        let mut free: Vec<String> = self
            .symbols()
            .filter(|(_, s)| s.scope == SymbolScope::Free || (self.kind == ScopeKind::Class && s.is_free_class()))
            .map(|(n, _)| n.to_string())
            .collect();
        free.sort();
        free
    }

    fn flags(&self, name: &str) -> u32 {
        self.symbols.get(name).map_or(0, |s| s.flags)
    }
}

/// `from __future__` features that change compilation.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct FutureFeatures {
    /// `from __future__ import annotations`: annotations are kept as strings.
    pub annotations: bool,
}

/// The scopes of a program.
#[derive(Debug)]
pub struct SymbolTable {
    scopes: Vec<Scope>,
    by_node: HashMap<(u32, u32), ScopeId>,
    /// The future features in effect.
    pub future: FutureFeatures,
}

impl SymbolTable {
    /// The top-level scope.
    pub fn root(&self) -> ScopeId {
        0
    }

    /// A scope by id.
    pub fn scope(&self, id: ScopeId) -> &Scope {
        &self.scopes[id]
    }

    /// The scope created by the AST node with `range` (a def, class, lambda or comprehension).
    pub fn scope_for(&self, range: TextRange) -> Option<ScopeId> {
        self.by_node.get(&(range.start().to_u32(), range.end().to_u32())).copied()
    }
}

/// Mangles a private name (`__x` inside class `C` becomes `_C__x`), as `_Py_Mangle`.
pub fn mangle(private: Option<&str>, name: &str) -> String {
    let Some(class_name) = private else {
        return name.to_string();
    };
    if !name.starts_with("__") || name.ends_with("__") || name.contains('.') {
        return name.to_string();
    }
    let stripped = class_name.trim_start_matches('_');
    if stripped.is_empty() {
        return name.to_string();
    }
    format!("_{stripped}{name}")
}

/// Finds the `from __future__ import ...` features at the top of a module and checks them.
pub fn future_features(body: &[Stmt], map: &SourceMap<'_>) -> Result<FutureFeatures, CompileError> {
    let mut features = FutureFeatures::default();
    let mut at_start = true;
    for (index, stmt) in body.iter().enumerate() {
        match stmt {
            Stmt::ImportFrom(import) if import.module.as_deref() == Some("__future__") && import.level == 0 => {
                if !at_start {
                    return Err(map.syntax_error(
                        "from __future__ imports must occur at the beginning of the file",
                        stmt.range(),
                    ));
                }
                for alias in &import.names {
                    match alias.name.as_str() {
                        "annotations" => features.annotations = true,
                        "nested_scopes" | "generators" | "division" | "absolute_import" | "with_statement"
                        | "print_function" | "unicode_literals" | "barry_as_FLUFL" | "generator_stop" => {}
                        "braces" => return Err(map.syntax_error("not a chance", stmt.range())),
                        other => {
                            return Err(map.syntax_error(format!("future feature {other} is not defined"), stmt.range()))
                        }
                    }
                }
            }
            Stmt::Expr(e) if index == 0 && e.value.is_string_literal_expr() => {}
            _ => at_start = false,
        }
    }
    Ok(features)
}

/// Builds the symbol table of a module body (or of an expression for `eval`).
pub fn build(
    body: &[Stmt],
    expression: Option<&Expr>,
    future: FutureFeatures,
    map: &SourceMap<'_>,
) -> Result<SymbolTable, CompileError> {
    let mut builder = Builder {
        map,
        scopes: vec![Scope::new("top", ScopeKind::Module, None, false)],
        by_node: HashMap::new(),
        stack: vec![0],
        future,
        depth: 0,
    };
    for stmt in body {
        builder.visit_stmt(stmt)?;
    }
    if let Some(expr) = expression {
        builder.visit_expr(expr)?;
    }
    let mut table = SymbolTable { scopes: builder.scopes, by_node: builder.by_node, future };
    let mut free = HashSet::new();
    analyze_block(&mut table.scopes, 0, None, &mut free, &HashSet::new(), map)?;
    Ok(table)
}

struct Builder<'m, 'a> {
    map: &'m SourceMap<'a>,
    scopes: Vec<Scope>,
    by_node: HashMap<(u32, u32), ScopeId>,
    stack: Vec<ScopeId>,
    future: FutureFeatures,
    depth: u32,
}

impl Builder<'_, '_> {
    fn current(&self) -> ScopeId {
        *self.stack.last().unwrap_or(&0)
    }

    fn cur(&mut self) -> &mut Scope {
        let id = self.current();
        &mut self.scopes[id]
    }

    fn error(&self, msg: impl Into<String>, range: TextRange) -> CompileError {
        self.map.syntax_error(msg, range)
    }

    fn enter(&mut self, name: &str, kind: ScopeKind, node: TextRange) -> ScopeId {
        let parent = self.current();
        let parent_scope = &self.scopes[parent];
        let is_nested = parent_scope.kind == ScopeKind::Function || parent_scope.is_nested;
        let private = if kind == ScopeKind::Class { Some(name.to_string()) } else { parent_scope.private.clone() };
        let comp_iter_expr = parent_scope.comp_iter_expr;
        let id = self.scopes.len();
        self.scopes.push(Scope::new(name, kind, private, is_nested));
        // As CPython (bpo-37757): no assignment expression anywhere inside a comprehension's
        // iterable expression, nested comprehensions and lambdas included.
        self.scopes[id].comp_iter_expr = comp_iter_expr;
        self.scopes[parent].children.push(id);
        self.by_node.insert((node.start().to_u32(), node.end().to_u32()), id);
        self.stack.push(id);
        id
    }

    fn exit(&mut self) -> Result<(), CompileError> {
        let scope = &self.scopes[self.current()];
        if scope.is_coroutine && scope.is_generator {
            if let Some(range) = scope.returns_value {
                return Err(self.error("'return' with value in async generator", range));
            }
        }
        self.stack.pop();
        Ok(())
    }

    fn mangle(&self, name: &str) -> String {
        mangle(self.scopes[self.current()].private.as_deref(), name)
    }

    /// Records a definition or use of `name` in scope `scope` (CPython's
    /// `symtable_add_def_helper`).
    fn add_def_in(&mut self, scope: ScopeId, name: &str, flag: u32, range: TextRange) -> Result<(), CompileError> {
        let mangled = mangle(self.scopes[scope].private.as_deref(), name);
        let sc = &mut self.scopes[scope];
        let old = sc.flags(&mangled);
        if flag & def::PARAM != 0 && old & def::PARAM != 0 {
            return Err(self.map.syntax_error(format!("duplicate argument '{mangled}' in function definition"), range));
        }
        let mut new = old | flag;
        if sc.comp_iter_target {
            if old & (def::GLOBAL | def::NONLOCAL) != 0 {
                return Err(self.map.syntax_error(
                    format!("comprehension inner loop cannot rebind assignment expression target '{mangled}'"),
                    range,
                ));
            }
            new |= def::COMP_ITER;
        }
        if !sc.symbols.contains_key(&mangled) {
            sc.names.push(mangled.clone());
        }
        if flag & def::PARAM != 0 {
            sc.parameters.push(mangled.clone());
        }
        sc.symbols.insert(mangled.clone(), Symbol { flags: new, scope: SymbolScope::GlobalImplicit });
        if flag & def::GLOBAL != 0 && scope != 0 {
            // As CPython, a `global` declaration anywhere also marks the module's own use of the
            // name global (`STORE_GLOBAL` there, which matters under `exec` with separate locals).
            let module = &mut self.scopes[0];
            let old = module.flags(&mangled);
            if !module.symbols.contains_key(&mangled) {
                module.names.push(mangled.clone());
            }
            module.symbols.insert(mangled, Symbol { flags: old | def::GLOBAL, scope: SymbolScope::GlobalImplicit });
        }
        Ok(())
    }

    fn add_def(&mut self, name: &str, flag: u32, range: TextRange) -> Result<(), CompileError> {
        self.add_def_in(self.current(), name, flag, range)
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

    fn visit_body(&mut self, body: &[Stmt]) -> Result<(), CompileError> {
        body.iter().try_for_each(|s| self.visit_stmt(s))
    }

    fn visit_stmt(&mut self, stmt: &Stmt) -> Result<(), CompileError> {
        self.nested()?;
        let result = self.visit_stmt_inner(stmt);
        self.depth -= 1;
        result
    }

    fn visit_stmt_inner(&mut self, stmt: &Stmt) -> Result<(), CompileError> {
        match stmt {
            Stmt::FunctionDef(f) => {
                self.add_def(&f.name, def::LOCAL, f.name.range)?;
                self.visit_parameter_defaults(&f.parameters)?;
                self.visit_annotations(&f.parameters, f.returns.as_deref())?;
                for decorator in &f.decorator_list {
                    self.visit_expr(&decorator.expression)?;
                }
                self.enter(&f.name, ScopeKind::Function, f.range);
                if f.is_async {
                    self.cur().is_coroutine = true;
                }
                self.visit_parameters(&f.parameters)?;
                self.visit_body(&f.body)?;
                self.exit()
            }
            Stmt::ClassDef(c) => {
                self.add_def(&c.name, def::LOCAL, c.name.range)?;
                if let Some(arguments) = &c.arguments {
                    self.visit_exprs(&arguments.args)?;
                    for keyword in &arguments.keywords {
                        self.visit_expr(&keyword.value)?;
                    }
                }
                for decorator in &c.decorator_list {
                    self.visit_expr(&decorator.expression)?;
                }
                self.enter(&c.name, ScopeKind::Class, c.range);
                self.visit_body(&c.body)?;
                self.exit()
            }
            Stmt::Return(r) => {
                if let Some(value) = &r.value {
                    self.visit_expr(value)?;
                    let scope = self.cur();
                    if scope.returns_value.is_none() {
                        scope.returns_value = Some(r.range);
                    }
                }
                Ok(())
            }
            Stmt::Delete(d) => self.visit_exprs(&d.targets),
            Stmt::Assign(a) => {
                self.visit_exprs(&a.targets)?;
                self.visit_expr(&a.value)
            }
            Stmt::AugAssign(a) => {
                self.visit_expr(&a.target)?;
                self.visit_expr(&a.value)
            }
            Stmt::AnnAssign(a) => {
                if let Expr::Name(name) = &*a.target {
                    let flags = self.scopes[self.current()].flags(&self.mangle(&name.id));
                    if flags & (def::GLOBAL | def::NONLOCAL) != 0 && self.current() != 0 && a.simple {
                        let which = if flags & def::GLOBAL != 0 { "global" } else { "nonlocal" };
                        return Err(self.error(format!("annotated name '{}' can't be {which}", name.id), name.range));
                    }
                    if a.simple {
                        self.add_def(&name.id, def::ANNOT | def::LOCAL, name.range)?;
                    } else if a.value.is_some() {
                        self.visit_expr(&a.target)?;
                    }
                } else {
                    self.visit_expr(&a.target)?;
                }
                if !self.future.annotations {
                    self.visit_expr(&a.annotation)?;
                }
                if let Some(value) = &a.value {
                    self.visit_expr(value)?;
                }
                Ok(())
            }
            Stmt::For(f) => {
                self.visit_expr(&f.target)?;
                self.visit_expr(&f.iter)?;
                self.visit_body(&f.body)?;
                self.visit_body(&f.orelse)
            }
            Stmt::While(w) => {
                self.visit_expr(&w.test)?;
                self.visit_body(&w.body)?;
                self.visit_body(&w.orelse)
            }
            Stmt::If(i) => {
                self.visit_expr(&i.test)?;
                self.visit_body(&i.body)?;
                for clause in &i.elif_else_clauses {
                    if let Some(test) = &clause.test {
                        self.visit_expr(test)?;
                    }
                    self.visit_body(&clause.body)?;
                }
                Ok(())
            }
            Stmt::With(w) => {
                for item in &w.items {
                    self.visit_expr(&item.context_expr)?;
                    if let Some(vars) = &item.optional_vars {
                        self.visit_expr(vars)?;
                    }
                }
                self.visit_body(&w.body)
            }
            Stmt::Match(m) => {
                self.visit_expr(&m.subject)?;
                for case in &m.cases {
                    self.visit_pattern(&case.pattern)?;
                    if let Some(guard) = &case.guard {
                        self.visit_expr(guard)?;
                    }
                    self.visit_body(&case.body)?;
                }
                Ok(())
            }
            Stmt::Raise(r) => {
                if let Some(exc) = &r.exc {
                    self.visit_expr(exc)?;
                }
                if let Some(cause) = &r.cause {
                    self.visit_expr(cause)?;
                }
                Ok(())
            }
            Stmt::Try(t) => {
                self.visit_body(&t.body)?;
                for handler in &t.handlers {
                    let ast::ExceptHandler::ExceptHandler(h) = handler;
                    if let Some(type_) = &h.type_ {
                        self.visit_expr(type_)?;
                    }
                    if let Some(name) = &h.name {
                        self.add_def(name, def::LOCAL, name.range)?;
                    }
                    self.visit_body(&h.body)?;
                }
                self.visit_body(&t.orelse)?;
                self.visit_body(&t.finalbody)
            }
            Stmt::Assert(a) => {
                self.visit_expr(&a.test)?;
                if let Some(msg) = &a.msg {
                    self.visit_expr(msg)?;
                }
                Ok(())
            }
            Stmt::Import(i) => {
                for alias in &i.names {
                    let bound = match &alias.asname {
                        Some(asname) => asname.as_str(),
                        None => alias.name.split('.').next().unwrap_or(&alias.name),
                    };
                    self.add_def(bound, def::IMPORT, alias.range)?;
                }
                Ok(())
            }
            Stmt::ImportFrom(i) => {
                for alias in &i.names {
                    if alias.name.as_str() == "*" {
                        if self.scopes[self.current()].kind != ScopeKind::Module {
                            return Err(self.error("import * only allowed at module level", alias.range));
                        }
                        continue;
                    }
                    let bound = alias.asname.as_ref().unwrap_or(&alias.name);
                    self.add_def(bound, def::IMPORT, alias.range)?;
                }
                Ok(())
            }
            Stmt::Global(g) => {
                for name in &g.names {
                    self.check_declaration(name, "global", g.range)?;
                    self.add_def(name, def::GLOBAL, name.range)?;
                    let mangled = self.mangle(name);
                    self.cur().declarations.entry(mangled).or_insert(g.range);
                }
                Ok(())
            }
            Stmt::Nonlocal(n) => {
                if self.scopes[self.current()].kind == ScopeKind::Module {
                    return Err(self.error("nonlocal declaration not allowed at module level", n.range));
                }
                for name in &n.names {
                    self.check_declaration(name, "nonlocal", n.range)?;
                    self.add_def(name, def::NONLOCAL, name.range)?;
                    let mangled = self.mangle(name);
                    self.cur().declarations.entry(mangled).or_insert(n.range);
                }
                Ok(())
            }
            Stmt::Expr(e) => self.visit_expr(&e.value),
            Stmt::Pass(_) | Stmt::Break(_) | Stmt::Continue(_) | Stmt::IpyEscapeCommand(_) => Ok(()),
            Stmt::TypeAlias(t) => Err(self.error("invalid syntax", t.range)),
        }
    }

    /// The checks of a `global`/`nonlocal` declaration against earlier uses in the scope.
    fn check_declaration(&self, name: &str, which: &str, range: TextRange) -> Result<(), CompileError> {
        let flags = self.scopes[self.current()].flags(&self.mangle(name));
        if flags & (def::PARAM | def::LOCAL | def::USE | def::ANNOT) == 0 {
            return Ok(());
        }
        let msg = if flags & def::PARAM != 0 {
            format!("name '{name}' is parameter and {which}")
        } else if flags & def::USE != 0 {
            format!("name '{name}' is used prior to {which} declaration")
        } else if flags & def::ANNOT != 0 {
            format!("annotated name '{name}' can't be {which}")
        } else {
            format!("name '{name}' is assigned to before {which} declaration")
        };
        Err(self.error(msg, range))
    }

    fn visit_parameter_defaults(&mut self, parameters: &ast::Parameters) -> Result<(), CompileError> {
        for p in parameters.posonlyargs.iter().chain(&parameters.args).chain(&parameters.kwonlyargs) {
            if let Some(default) = &p.default {
                self.visit_expr(default)?;
            }
        }
        Ok(())
    }

    fn visit_annotations(&mut self, parameters: &ast::Parameters, returns: Option<&Expr>) -> Result<(), CompileError> {
        if self.future.annotations {
            return Ok(());
        }
        for annotation in parameters.iter().filter_map(|p| p.annotation()) {
            self.visit_expr(annotation)?;
        }
        if let Some(returns) = returns {
            self.visit_expr(returns)?;
        }
        Ok(())
    }

    fn visit_parameters(&mut self, parameters: &ast::Parameters) -> Result<(), CompileError> {
        for p in parameters.posonlyargs.iter().chain(&parameters.args).chain(&parameters.kwonlyargs) {
            self.add_def(&p.parameter.name, def::PARAM, p.parameter.name.range)?;
        }
        if let Some(vararg) = &parameters.vararg {
            self.add_def(&vararg.name, def::PARAM, vararg.name.range)?;
            self.cur().has_varargs = true;
        }
        if let Some(kwarg) = &parameters.kwarg {
            self.add_def(&kwarg.name, def::PARAM, kwarg.name.range)?;
            self.cur().has_varkeywords = true;
        }
        Ok(())
    }

    fn visit_exprs(&mut self, exprs: &[Expr]) -> Result<(), CompileError> {
        exprs.iter().try_for_each(|e| self.visit_expr(e))
    }

    fn visit_expr(&mut self, expr: &Expr) -> Result<(), CompileError> {
        self.nested()?;
        let result = self.visit_expr_inner(expr);
        self.depth -= 1;
        result
    }

    fn visit_expr_inner(&mut self, expr: &Expr) -> Result<(), CompileError> {
        match expr {
            Expr::Name(n) => {
                let flag = match n.ctx {
                    ExprContext::Load | ExprContext::Invalid => def::USE,
                    ExprContext::Store | ExprContext::Del => def::LOCAL,
                };
                self.add_def(&n.id, flag, n.range)?;
                if n.ctx == ExprContext::Load
                    && self.scopes[self.current()].kind == ScopeKind::Function
                    && n.id.as_str() == "super"
                {
                    self.add_def("__class__", def::USE, n.range)?;
                }
                Ok(())
            }
            Expr::Named(n) => {
                if self.scopes[self.current()].comp_iter_expr > 0 {
                    return Err(self.error(
                        "assignment expression cannot be used in a comprehension iterable expression",
                        n.range,
                    ));
                }
                self.visit_expr(&n.value)?;
                match &*n.target {
                    Expr::Name(name) if self.scopes[self.current()].comprehension.is_some() => {
                        self.extend_named_expr_scope(name)
                    }
                    target => self.visit_expr(target),
                }
            }
            Expr::BoolOp(b) => self.visit_exprs(&b.values),
            Expr::BinOp(b) => {
                self.visit_expr(&b.left)?;
                self.visit_expr(&b.right)
            }
            Expr::UnaryOp(u) => self.visit_expr(&u.operand),
            Expr::Lambda(l) => {
                if let Some(parameters) = &l.parameters {
                    self.visit_parameter_defaults(parameters)?;
                }
                self.enter("lambda", ScopeKind::Function, l.range);
                if let Some(parameters) = &l.parameters {
                    self.visit_parameters(parameters)?;
                }
                self.visit_expr(&l.body)?;
                self.exit()
            }
            Expr::If(i) => {
                self.visit_expr(&i.test)?;
                self.visit_expr(&i.body)?;
                self.visit_expr(&i.orelse)
            }
            Expr::Dict(d) => {
                for item in &d.items {
                    if let Some(key) = &item.key {
                        self.visit_expr(key)?;
                    }
                    self.visit_expr(&item.value)?;
                }
                Ok(())
            }
            Expr::Set(s) => self.visit_exprs(&s.elts),
            Expr::ListComp(c) => self.visit_comprehension(expr, ComprehensionKind::List, &c.generators, &c.elt, None),
            Expr::SetComp(c) => self.visit_comprehension(expr, ComprehensionKind::Set, &c.generators, &c.elt, None),
            Expr::DictComp(c) => match &c.key {
                Some(key) => {
                    self.visit_comprehension(expr, ComprehensionKind::Dict, &c.generators, key, Some(&c.value))
                }
                None => Err(self.error("dict unpacking cannot be used in dict comprehension", c.range)),
            },
            Expr::Generator(g) => {
                self.visit_comprehension(expr, ComprehensionKind::Generator, &g.generators, &g.elt, None)
            }
            Expr::Await(a) => {
                self.visit_expr(&a.value)?;
                self.cur().is_coroutine = true;
                Ok(())
            }
            Expr::Yield(y) => {
                self.check_yield_in_comprehension(y.range)?;
                if let Some(value) = &y.value {
                    self.visit_expr(value)?;
                }
                self.cur().is_generator = true;
                Ok(())
            }
            Expr::YieldFrom(y) => {
                self.check_yield_in_comprehension(y.range)?;
                self.visit_expr(&y.value)?;
                self.cur().is_generator = true;
                Ok(())
            }
            Expr::Compare(c) => {
                self.visit_expr(&c.left)?;
                self.visit_exprs(&c.comparators)
            }
            Expr::Call(c) => {
                self.visit_expr(&c.func)?;
                self.visit_exprs(&c.arguments.args)?;
                for keyword in &c.arguments.keywords {
                    self.visit_expr(&keyword.value)?;
                }
                Ok(())
            }
            Expr::FString(f) => {
                for element in f.value.elements() {
                    self.visit_interpolated_element(element)?;
                }
                Ok(())
            }
            Expr::TString(t) => Err(self.error("invalid syntax", t.range)),
            Expr::StringLiteral(_)
            | Expr::BytesLiteral(_)
            | Expr::NumberLiteral(_)
            | Expr::BooleanLiteral(_)
            | Expr::NoneLiteral(_)
            | Expr::EllipsisLiteral(_)
            | Expr::IpyEscapeCommand(_) => Ok(()),
            Expr::Attribute(a) => self.visit_expr(&a.value),
            Expr::Subscript(s) => {
                self.visit_expr(&s.value)?;
                self.visit_expr(&s.slice)
            }
            Expr::Starred(s) => self.visit_expr(&s.value),
            Expr::List(l) => self.visit_exprs(&l.elts),
            Expr::Tuple(t) => self.visit_exprs(&t.elts),
            Expr::Slice(s) => {
                for part in [&s.lower, &s.upper, &s.step].into_iter().flatten() {
                    self.visit_expr(part)?;
                }
                Ok(())
            }
        }
    }

    fn visit_interpolated_element(&mut self, element: &InterpolatedStringElement) -> Result<(), CompileError> {
        if let InterpolatedStringElement::Interpolation(field) = element {
            self.visit_expr(&field.expression)?;
            if let Some(spec) = &field.format_spec {
                for inner in spec.elements.iter() {
                    self.visit_interpolated_element(inner)?;
                }
            }
        }
        Ok(())
    }

    fn check_yield_in_comprehension(&self, range: TextRange) -> Result<(), CompileError> {
        if let Some(kind) = self.scopes[self.current()].comprehension {
            return Err(self.error(format!("'yield' inside {}", kind.description()), range));
        }
        Ok(())
    }

    /// Binds the target of an assignment expression inside a comprehension in the nearest
    /// enclosing function or module scope (PEP 572).
    fn extend_named_expr_scope(&mut self, target: &ast::ExprName) -> Result<(), CompileError> {
        let name = target.id.as_str();
        for &scope_id in self.stack.iter().rev() {
            let scope = &self.scopes[scope_id];
            if scope.comprehension.is_some() {
                if scope.flags(name) & def::COMP_ITER != 0 {
                    return Err(self.error(
                        format!("assignment expression cannot rebind comprehension iteration variable '{name}'"),
                        target.range,
                    ));
                }
                continue;
            }
            match scope.kind {
                ScopeKind::Function => {
                    let flag = if scope.flags(name) & def::GLOBAL != 0 { def::GLOBAL } else { def::NONLOCAL };
                    self.add_def(name, flag, target.range)?;
                    return self.add_def_in(scope_id, name, def::LOCAL, target.range);
                }
                ScopeKind::Module => {
                    self.add_def(name, def::GLOBAL, target.range)?;
                    return self.add_def_in(scope_id, name, def::GLOBAL, target.range);
                }
                ScopeKind::Class => {
                    return Err(self.error(
                        "assignment expression within a comprehension cannot be used in a class body",
                        target.range,
                    ));
                }
            }
        }
        Ok(())
    }

    fn visit_comprehension(
        &mut self,
        node: &Expr,
        kind: ComprehensionKind,
        generators: &[ast::Comprehension],
        element: &Expr,
        value: Option<&Expr>,
    ) -> Result<(), CompileError> {
        let Some((outermost, rest)) = generators.split_first() else {
            return Ok(());
        };
        self.cur().comp_iter_expr += 1;
        let iter_result = self.visit_expr(&outermost.iter);
        self.cur().comp_iter_expr -= 1;
        iter_result?;
        let name = &kind.code_name()[1..kind.code_name().len() - 1];
        self.enter(name, ScopeKind::Function, node.range());
        self.cur().comprehension = Some(kind);
        if outermost.is_async {
            self.cur().is_coroutine = true;
        }
        self.add_def(".0", def::PARAM, outermost.range)?;
        self.visit_comprehension_target(&outermost.target)?;
        self.visit_exprs(&outermost.ifs)?;
        for generator in rest {
            self.visit_comprehension_target(&generator.target)?;
            self.cur().comp_iter_expr += 1;
            let iter_result = self.visit_expr(&generator.iter);
            self.cur().comp_iter_expr -= 1;
            iter_result?;
            self.visit_exprs(&generator.ifs)?;
            if generator.is_async {
                self.cur().is_coroutine = true;
            }
        }
        if let Some(value) = value {
            self.visit_expr(value)?;
        }
        self.visit_expr(element)?;
        if kind == ComprehensionKind::Generator {
            self.cur().is_generator = true;
        }
        let is_async = self.cur().is_coroutine && kind != ComprehensionKind::Generator;
        self.exit()?;
        if is_async {
            // An async comprehension is awaited where it is built.
            self.cur().is_coroutine = true;
        }
        Ok(())
    }

    fn visit_comprehension_target(&mut self, target: &Expr) -> Result<(), CompileError> {
        self.cur().comp_iter_target = true;
        let result = self.visit_expr(target);
        self.cur().comp_iter_target = false;
        result
    }

    fn visit_pattern(&mut self, pattern: &Pattern) -> Result<(), CompileError> {
        self.nested()?;
        let result = self.visit_pattern_inner(pattern);
        self.depth -= 1;
        result
    }

    fn visit_pattern_inner(&mut self, pattern: &Pattern) -> Result<(), CompileError> {
        match pattern {
            Pattern::MatchValue(v) => self.visit_expr(&v.value),
            Pattern::MatchSingleton(_) => Ok(()),
            Pattern::MatchSequence(s) => s.patterns.iter().try_for_each(|p| self.visit_pattern(p)),
            Pattern::MatchMapping(m) => {
                self.visit_exprs(&m.keys)?;
                m.patterns.iter().try_for_each(|p| self.visit_pattern(p))?;
                if let Some(rest) = &m.rest {
                    self.add_def(rest, def::LOCAL, rest.range)?;
                }
                Ok(())
            }
            Pattern::MatchClass(c) => {
                self.visit_expr(&c.cls)?;
                c.arguments.patterns.iter().try_for_each(|p| self.visit_pattern(p))?;
                c.arguments.keywords.iter().try_for_each(|k| self.visit_pattern(&k.pattern))
            }
            Pattern::MatchStar(s) => match &s.name {
                Some(name) => self.add_def(name, def::LOCAL, name.range),
                None => Ok(()),
            },
            Pattern::MatchAs(a) => {
                if let Some(pattern) = &a.pattern {
                    self.visit_pattern(pattern)?;
                }
                match &a.name {
                    Some(name) => self.add_def(name, def::LOCAL, name.range),
                    None => Ok(()),
                }
            }
            Pattern::MatchOr(o) => o.patterns.iter().try_for_each(|p| self.visit_pattern(p)),
        }
    }
}

/// Resolves the scope of every name of block `id` and its children (CPython's `analyze_block`).
///
/// `bound` holds the names bound by enclosing function scopes (`None` at module level), `global`
/// the names declared global in enclosing scopes; the free variables of the block are added to
/// `free`.
fn analyze_block(
    scopes: &mut [Scope],
    id: ScopeId,
    bound: Option<&HashSet<String>>,
    free: &mut HashSet<String>,
    global: &HashSet<String>,
    map: &SourceMap<'_>,
) -> Result<(), CompileError> {
    let mut local = HashSet::new();
    let mut resolved: HashMap<String, SymbolScope> = HashMap::new();
    let enclosing_global = global;
    let mut global = global.clone();
    let mut bound_here: HashSet<String> = bound.cloned().unwrap_or_default();
    let kind = scopes[id].kind;
    let names = scopes[id].names.clone();
    for name in &names {
        let flags = scopes[id].symbols[name].flags;
        let scope = if flags & def::GLOBAL != 0 {
            if flags & def::NONLOCAL != 0 {
                return Err(declaration_error(&scopes[id], map, name, format!("name '{name}' is nonlocal and global")));
            }
            global.insert(name.clone());
            bound_here.remove(name);
            SymbolScope::GlobalExplicit
        } else if flags & def::NONLOCAL != 0 {
            if !bound.is_some_and(|b| b.contains(name)) {
                return Err(declaration_error(
                    &scopes[id],
                    map,
                    name,
                    format!("no binding for nonlocal '{name}' found"),
                ));
            }
            free.insert(name.clone());
            SymbolScope::Free
        } else if flags & def::BOUND != 0 {
            local.insert(name.clone());
            global.remove(name);
            SymbolScope::Local
        } else if bound.is_some_and(|b| b.contains(name)) {
            free.insert(name.clone());
            SymbolScope::Free
        } else {
            SymbolScope::GlobalImplicit
        };
        resolved.insert(name.clone(), scope);
    }

    let mut new_bound: HashSet<String>;
    let new_global: HashSet<String>;
    if kind == ScopeKind::Class {
        // A class namespace has no effect on the names its methods see: not even its `global`
        // declarations.
        new_global = enclosing_global.clone();
        new_bound = bound.cloned().unwrap_or_default();
        new_bound.insert("__class__".to_string());
    } else {
        new_bound = HashSet::new();
        if kind == ScopeKind::Function {
            new_bound.extend(local.iter().cloned());
        }
        new_bound.extend(bound_here.iter().cloned());
        new_global = global.clone();
    }
    let mut children_free = HashSet::new();
    for child in scopes[id].children.clone() {
        let mut child_free = HashSet::new();
        analyze_block(scopes, child, Some(&new_bound), &mut child_free, &new_global, map)?;
        children_free.extend(child_free);
    }

    match kind {
        ScopeKind::Function => {
            for (name, scope) in resolved.iter_mut() {
                if *scope == SymbolScope::Local && children_free.remove(name) {
                    *scope = SymbolScope::Cell;
                }
            }
        }
        ScopeKind::Class => {
            if children_free.remove("__class__") {
                scopes[id].needs_class_closure = true;
            }
        }
        ScopeKind::Module => {}
    }

    let scope = &mut scopes[id];
    for (name, resolved_scope) in resolved {
        if let Some(symbol) = scope.symbols.get_mut(&name) {
            symbol.scope = resolved_scope;
        }
    }
    for name in &children_free {
        if let Some(symbol) = scope.symbols.get_mut(name) {
            if kind == ScopeKind::Class && symbol.flags & (def::BOUND | def::GLOBAL) != 0 {
                symbol.flags |= def::FREE_CLASS;
            }
            continue;
        }
        if !bound.is_some_and(|b| b.contains(name)) {
            continue;
        }
        scope.names.push(name.clone());
        scope.symbols.insert(name.clone(), Symbol { flags: 0, scope: SymbolScope::Free });
    }
    free.extend(children_free);
    Ok(())
}

/// An error about the `global`/`nonlocal` declaration of `name`, located at the statement.
fn declaration_error(scope: &Scope, map: &SourceMap<'_>, name: &str, msg: String) -> CompileError {
    match scope.declarations.get(name) {
        Some(&range) => map.syntax_error(msg, range),
        None => CompileError::new(ErrorKind::SyntaxError, msg, map.filename()),
    }
}
