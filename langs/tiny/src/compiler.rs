//! The compiler: syntax tree to bytecode.
//!
//! Scoping is decided for the whole program before any code is emitted:
//! - inside a function, its parameters and every name it assigns are locals; any other name it
//!   reads is a global;
//! - top-level functions, and top-level variables that some function reads, are globals;
//! - every other top-level variable is a local of the top-level code (which nothing else can see,
//!   so the difference is not observable; it lets loops at the top level run on frame slots).
//!
//! Field names are numbered program-wide in order of first appearance in the source.
//!
//! Two facts known statically make loads cheaper: a top-level function whose name the top level
//! never assigns always holds its global, so reading it is [`Instr::Function`]; and a local that
//! every path has assigned before a read cannot be unassigned there, so reading it is
//! [`Instr::LoadLocal`] (else [`Instr::LoadLocalChecked`]).

use crate::ast::{Expr, ExprKind, LogicOp, Span, Stmt, StmtKind, SyntaxError, Target, UnaryOp};
use crate::bytecode::{Builtin, Code, Constant, FunctionDef, Instr, Program};
use crate::objects::Prebuilt;
use std::collections::{HashMap, HashSet};

type CResult<T> = Result<T, SyntaxError>;

/// Compile a parsed program.
pub fn compile(program: &[Stmt]) -> CResult<Program> {
    let mut fields = Names::default();
    let mut function_names = HashSet::new();
    let mut functions = Vec::new();
    let mut main_scope = Scope::default();
    let mut main_body = Vec::new();
    for stmt in program {
        match &stmt.kind {
            StmtKind::Fn(def) => {
                check_assignable(&def.name, stmt.span)?;
                if !function_names.insert(&def.name) {
                    return Err(SyntaxError::new(stmt.span, format!("function '{}' is defined twice", def.name)));
                }
                functions.push((def, Scope::function(&def.params, &def.body, stmt.span, &mut fields)?));
            }
            _ => {
                main_scope.stmt(stmt, &mut fields)?;
                main_body.push(stmt);
            }
        }
    }
    let mut globals = Names::default();
    for (def, scope) in &functions {
        globals.add(&def.name);
        for name in scope.free_names() {
            globals.add(name);
        }
    }

    let fixed_functions = functions
        .iter()
        .enumerate()
        .filter(|(_, (def, _))| !main_scope.assigned.index.contains_key(&def.name))
        .map(|(i, (def, _))| (def.name.clone(), i as u32))
        .collect();
    let mut unit =
        Unit { strings: Names::default(), globals, fields, fixed_functions, constants: Vec::new(), codes: Vec::new() };
    let mut main_locals = Names::default();
    for name in main_scope.assigned.order.iter().chain(&main_scope.read.order) {
        if !unit.globals.index.contains_key(name) {
            main_locals.add(name);
        }
    }
    unit.compile_code("<main>", 0, &main_locals.order, &main_body, false)?;
    let mut defs = Vec::new();
    for (def, scope) in &functions {
        let body: Vec<&Stmt> = def.body.iter().collect();
        let code = unit.compile_code(&def.name, def.params.len(), &scope.assigned.order, &body, true)?;
        defs.push(FunctionDef { global: unit.globals.index[&def.name], code });
    }

    let Unit { mut strings, globals, fields, constants, codes, .. } = unit;
    Ok(Program {
        codes,
        functions: defs,
        globals: globals.order.iter().map(|n| strings.add_index(n)).collect(),
        fields: fields.order.iter().map(|n| strings.add_index(n)).collect(),
        strings: strings.order.into_iter().map(String::into_bytes).collect(),
        constants,
        prebuilt: Prebuilt::unloaded(),
    })
}

/// A numbering of names (or strings) in order of first appearance.
#[derive(Default)]
struct Names {
    order: Vec<String>,
    index: HashMap<String, u32>,
}

impl Names {
    /// Add `name` if it is new; true if it was.
    fn add(&mut self, name: &str) -> bool {
        if self.index.contains_key(name) {
            return false;
        }
        self.index.insert(name.to_owned(), self.order.len() as u32);
        self.order.push(name.to_owned());
        true
    }

    fn add_index(&mut self, name: &str) -> u32 {
        self.add(name);
        self.index[name]
    }
}

fn check_assignable(name: &str, span: Span) -> CResult<()> {
    match Builtin::from_name(name) {
        Some(_) => Err(SyntaxError::new(span, format!("'{name}' is a builtin function and cannot be assigned"))),
        None => Ok(()),
    }
}

/// The names one function (or the top level) assigns and reads.
#[derive(Default)]
struct Scope {
    assigned: Names,
    read: Names,
}

impl Scope {
    /// The scope of a function: its parameters, then what its body assigns and reads.
    fn function(params: &[String], body: &[Stmt], span: Span, fields: &mut Names) -> CResult<Scope> {
        let mut scope = Scope::default();
        for param in params {
            check_assignable(param, span)?;
            if !scope.assigned.add(param) {
                return Err(SyntaxError::new(span, format!("parameter '{param}' appears twice")));
            }
        }
        scope.stmts(body, fields)?;
        Ok(scope)
    }

    /// The names read but not assigned: the globals of a function.
    fn free_names(&self) -> impl Iterator<Item = &String> {
        self.read.order.iter().filter(|n| !self.assigned.index.contains_key(*n))
    }

    fn stmts(&mut self, stmts: &[Stmt], fields: &mut Names) -> CResult<()> {
        stmts.iter().try_for_each(|s| self.stmt(s, fields))
    }

    fn stmt(&mut self, stmt: &Stmt, fields: &mut Names) -> CResult<()> {
        match &stmt.kind {
            StmtKind::Expr(e) => self.expr(e, fields),
            StmtKind::Assign(target, value) => {
                match target {
                    Target::Name(n) => {
                        check_assignable(n, stmt.span)?;
                        self.assigned.add(n);
                    }
                    Target::Field(obj, name) => {
                        self.expr(obj, fields)?;
                        fields.add(name);
                    }
                    Target::Index(list, index) => {
                        self.expr(list, fields)?;
                        self.expr(index, fields)?;
                    }
                }
                self.expr(value, fields)
            }
            StmtKind::If(cond, then, otherwise) => {
                self.expr(cond, fields)?;
                self.stmts(then, fields)?;
                self.stmts(otherwise, fields)
            }
            StmtKind::While(cond, body) => {
                self.expr(cond, fields)?;
                self.stmts(body, fields)
            }
            StmtKind::Return(value) => value.iter().try_for_each(|v| self.expr(v, fields)),
            StmtKind::Break | StmtKind::Continue => Ok(()),
            StmtKind::Fn(_) => Err(SyntaxError::new(stmt.span, "functions can only be defined at the top level")),
        }
    }

    fn expr(&mut self, expr: &Expr, fields: &mut Names) -> CResult<()> {
        match &expr.kind {
            ExprKind::Int(_) | ExprKind::Float(_) | ExprKind::Str(_) | ExprKind::Bool(_) | ExprKind::Nil => Ok(()),
            ExprKind::Name(n) => {
                if Builtin::from_name(n).is_none() {
                    self.read.add(n);
                }
                Ok(())
            }
            ExprKind::List(items) => items.iter().try_for_each(|e| self.expr(e, fields)),
            ExprKind::Object(items) => items.iter().try_for_each(|(name, e)| {
                fields.add(name);
                self.expr(e, fields)
            }),
            ExprKind::Unary(_, a) => self.expr(a, fields),
            ExprKind::Binary(_, a, b) | ExprKind::Logic(_, a, b) | ExprKind::Index(a, b) => {
                self.expr(a, fields)?;
                self.expr(b, fields)
            }
            ExprKind::Call(f, args) => {
                self.expr(f, fields)?;
                args.iter().try_for_each(|e| self.expr(e, fields))
            }
            ExprKind::Field(obj, name) => {
                fields.add(name);
                self.expr(obj, fields)
            }
        }
    }
}

/// What is shared by the code objects of one program while they are compiled.
struct Unit {
    strings: Names,
    globals: Names,
    fields: Names,
    /// The top-level functions that the top level never assigns, by name: their index.
    fixed_functions: HashMap<String, u32>,
    constants: Vec<Constant>,
    codes: Vec<Code>,
}

/// Where a name lives.
enum Var {
    Local(u32),
    Global(u32),
    /// A global that always holds this top-level function.
    Function(u32),
}

/// A loop being compiled: where `continue` goes and the `break` jumps to patch.
struct Loop {
    start: u32,
    breaks: Vec<usize>,
}

/// The compiler of one code object.
struct CodeBuilder<'u> {
    unit: &'u mut Unit,
    code: Code,
    locals: HashMap<String, u32>,
    /// For each local, whether every path to the current instruction has assigned it.
    assigned: Vec<bool>,
    depth: i64,
    max_depth: i64,
    loops: Vec<Loop>,
    in_function: bool,
}

impl Unit {
    /// Compile one code object and add it to the program, giving its index.
    fn compile_code(
        &mut self,
        name: &str,
        nparams: usize,
        locals: &[String],
        body: &[&Stmt],
        in_function: bool,
    ) -> CResult<u32> {
        let index = self.codes.len() as u32;
        let local_names = locals.iter().map(|n| self.strings.add_index(n)).collect();
        let code = Code {
            name: name.to_owned(),
            nparams,
            nlocals: locals.len(),
            nslots: 0,
            instrs: Vec::new(),
            lines: Vec::new(),
            depths: Vec::new(),
            local_names,
        };
        let locals = locals.iter().enumerate().map(|(i, n)| (n.clone(), i as u32)).collect();
        let assigned = (0..code.nlocals).map(|i| i < nparams).collect();
        let mut builder =
            CodeBuilder { unit: self, code, locals, assigned, depth: 0, max_depth: 0, loops: Vec::new(), in_function };
        for stmt in body {
            builder.stmt(stmt)?;
        }
        let end = body.last().map_or(1, |s| s.span.line);
        builder.emit(Instr::Nil, end);
        builder.emit(Instr::Return, end);
        let mut code = builder.code;
        code.nslots = code.nlocals + builder.max_depth as usize;
        self.codes.push(code);
        Ok(index)
    }
}

impl CodeBuilder<'_> {
    fn here(&self) -> u32 {
        self.code.instrs.len() as u32
    }

    fn emit(&mut self, instr: Instr, line: u32) -> usize {
        self.code.instrs.push(instr);
        self.code.lines.push(line);
        self.code.depths.push(self.depth as u32);
        self.depth += instr.stack_effect();
        self.max_depth = self.max_depth.max(self.depth);
        self.code.instrs.len() - 1
    }

    /// Point the jump at `at` to the next instruction.
    fn patch(&mut self, at: usize) {
        let target = self.here();
        self.code.instrs[at] = match self.code.instrs[at] {
            Instr::Jump(_) => Instr::Jump(target),
            Instr::JumpIfFalse(_) => Instr::JumpIfFalse(target),
            Instr::And(_) => Instr::And(target),
            Instr::Or(_) => Instr::Or(target),
            other => unreachable!("patching {other:?}"),
        };
    }

    fn var(&self, name: &str) -> Var {
        match (self.locals.get(name), self.unit.fixed_functions.get(name)) {
            (Some(&i), _) => Var::Local(i),
            (None, Some(&f)) => Var::Function(f),
            (None, None) => Var::Global(self.unit.globals.index[name]),
        }
    }

    /// Push a literal.
    fn constant(&mut self, c: Constant, line: u32) {
        let index = self.unit.constants.len() as u32;
        self.unit.constants.push(c);
        self.emit(Instr::Const(index), line);
    }

    fn block(&mut self, stmts: &[Stmt]) -> CResult<()> {
        stmts.iter().try_for_each(|s| self.stmt(s))
    }

    fn stmt(&mut self, stmt: &Stmt) -> CResult<()> {
        let line = stmt.span.line;
        match &stmt.kind {
            StmtKind::Expr(e) => {
                self.expr(e)?;
                self.emit(Instr::Pop, line);
            }
            StmtKind::Assign(target, value) => self.assign(target, value, line)?,
            StmtKind::If(cond, then, otherwise) => {
                self.expr(cond)?;
                let to_else = self.emit(Instr::JumpIfFalse(0), line);
                let before = self.assigned.clone();
                self.block(then)?;
                let after_then = std::mem::replace(&mut self.assigned, before);
                if otherwise.is_empty() {
                    self.patch(to_else);
                } else {
                    let to_end = self.emit(Instr::Jump(0), line);
                    self.patch(to_else);
                    self.block(otherwise)?;
                    self.patch(to_end);
                }
                // Assigned after the `if` means assigned by both branches.
                self.assigned.iter_mut().zip(after_then).for_each(|(a, then)| *a &= then);
            }
            StmtKind::While(cond, body) => {
                let start = self.here();
                self.expr(cond)?;
                let exit = self.emit(Instr::JumpIfFalse(0), line);
                self.loops.push(Loop { start, breaks: Vec::new() });
                // The body may run any number of times (each run starts with at least the locals
                // assigned before the loop), `break` included: what it assigns is not assigned
                // after the loop.
                let before = self.assigned.clone();
                self.block(body)?;
                self.assigned = before;
                self.emit(Instr::Jump(start), line);
                let finished = self.loops.pop().expect("the loop pushed above");
                self.patch(exit);
                for at in finished.breaks {
                    self.patch(at);
                }
            }
            StmtKind::Return(value) => {
                if !self.in_function {
                    return Err(SyntaxError::new(stmt.span, "'return' outside a function"));
                }
                match value {
                    Some(v) => self.expr(v)?,
                    None => {
                        self.emit(Instr::Nil, line);
                    }
                }
                self.emit(Instr::Return, line);
            }
            StmtKind::Break => {
                let at = self.emit(Instr::Jump(0), line);
                match self.loops.last_mut() {
                    Some(l) => l.breaks.push(at),
                    None => return Err(SyntaxError::new(stmt.span, "'break' outside a loop")),
                }
            }
            StmtKind::Continue => match self.loops.last() {
                Some(l) => {
                    let start = l.start;
                    self.emit(Instr::Jump(start), line);
                }
                None => return Err(SyntaxError::new(stmt.span, "'continue' outside a loop")),
            },
            StmtKind::Fn(_) => unreachable!("rejected by the scope pass"),
        }
        Ok(())
    }

    fn assign(&mut self, target: &Target, value: &Expr, line: u32) -> CResult<()> {
        match target {
            Target::Name(name) => {
                self.expr(value)?;
                let store = match self.var(name) {
                    Var::Local(i) => {
                        self.assigned[i as usize] = true;
                        Instr::StoreLocal(i)
                    }
                    Var::Global(g) => Instr::StoreGlobal(g),
                    Var::Function(_) => unreachable!("the top level never assigns a fixed function"),
                };
                self.emit(store, line);
            }
            Target::Field(obj, name) => {
                self.expr(obj)?;
                self.expr(value)?;
                let field = self.unit.fields.index[name];
                self.emit(Instr::SetField(field), line);
            }
            Target::Index(list, index) => {
                self.expr(list)?;
                self.expr(index)?;
                self.expr(value)?;
                self.emit(Instr::SetItem, line);
            }
        }
        Ok(())
    }

    fn expr(&mut self, expr: &Expr) -> CResult<()> {
        let line = expr.span.line;
        match &expr.kind {
            ExprKind::Int(v) => self.constant(Constant::Int(*v), line),
            ExprKind::Float(v) => self.constant(Constant::Float(*v), line),
            ExprKind::Str(s) => {
                let index = self.unit.strings.add_index(s);
                self.emit(Instr::Str(index), line);
            }
            ExprKind::Bool(b) => {
                self.emit(Instr::Bool(*b), line);
            }
            ExprKind::Nil => {
                self.emit(Instr::Nil, line);
            }
            ExprKind::Name(name) => {
                if Builtin::from_name(name).is_some() {
                    let message = format!("builtin function '{name}' can only be called");
                    return Err(SyntaxError::new(expr.span, message));
                }
                let load = match self.var(name) {
                    Var::Local(i) if self.assigned[i as usize] => Instr::LoadLocal(i),
                    Var::Local(i) => Instr::LoadLocalChecked(i),
                    Var::Global(g) => Instr::LoadGlobal(g),
                    Var::Function(f) => Instr::Function(f),
                };
                self.emit(load, line);
            }
            ExprKind::List(items) => {
                for item in items {
                    self.expr(item)?;
                }
                self.emit(Instr::NewList(items.len() as u32), line);
            }
            ExprKind::Object(items) => {
                let mut seen = HashSet::new();
                self.emit(Instr::NewObject, line);
                for (name, value) in items {
                    if !seen.insert(name) {
                        return Err(SyntaxError::new(value.span, format!("field '{name}' is given twice")));
                    }
                    self.expr(value)?;
                    let field = self.unit.fields.index[name];
                    self.emit(Instr::InitField(field), value.span.line);
                }
            }
            ExprKind::Unary(UnaryOp::Neg, a) if matches!(a.kind, ExprKind::Int(_) | ExprKind::Float(_)) => {
                let negated = match a.kind {
                    ExprKind::Int(v) => Constant::Int(-v),
                    ExprKind::Float(v) => Constant::Float(-v),
                    _ => unreachable!("matched above"),
                };
                self.constant(negated, line);
            }
            ExprKind::Unary(op, a) => {
                self.expr(a)?;
                self.emit(Instr::Unary(*op), line);
            }
            ExprKind::Binary(op, a, b) => {
                self.expr(a)?;
                self.expr(b)?;
                self.emit(Instr::Binary(*op), line);
            }
            ExprKind::Logic(op, a, b) => {
                self.expr(a)?;
                let jump = match op {
                    LogicOp::And => Instr::And(0),
                    LogicOp::Or => Instr::Or(0),
                };
                let at = self.emit(jump, line);
                self.expr(b)?;
                self.patch(at);
            }
            ExprKind::Call(callee, args) => self.call(callee, args, expr.span)?,
            ExprKind::Index(a, i) => {
                self.expr(a)?;
                self.expr(i)?;
                self.emit(Instr::GetItem, line);
            }
            ExprKind::Field(obj, name) => {
                self.expr(obj)?;
                let field = self.unit.fields.index[name];
                self.emit(Instr::GetField(field), line);
            }
        }
        Ok(())
    }

    fn call(&mut self, callee: &Expr, args: &[Expr], span: Span) -> CResult<()> {
        let argc = u32::try_from(args.len()).unwrap_or(u32::MAX);
        let builtin = match &callee.kind {
            ExprKind::Name(n) => Builtin::from_name(n),
            _ => None,
        };
        match builtin {
            Some(b) => {
                if args.len() != b.arity() {
                    let plural = if b.arity() == 1 { "" } else { "s" };
                    let message = format!("{}() takes {} argument{plural}, got {}", b.name(), b.arity(), args.len());
                    return Err(SyntaxError::new(span, message));
                }
                for arg in args {
                    self.expr(arg)?;
                }
                self.emit(Instr::Builtin(b, argc), span.line);
            }
            None => {
                self.expr(callee)?;
                for arg in args {
                    self.expr(arg)?;
                }
                self.emit(Instr::Call(argc), span.line);
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parser::parse;

    fn compiled(source: &str) -> Program {
        compile(&parse(source).unwrap()).unwrap()
    }

    fn name(program: &Program, string: u32) -> &str {
        std::str::from_utf8(&program.strings[string as usize]).unwrap()
    }

    /// Every path into an instruction arrives with the stack depth the compiler recorded for it.
    fn check_depths(code: &Code) {
        let depth_after = |pc: usize| code.depths[pc] as i64 + code.instrs[pc].stack_effect();
        for (pc, &instr) in code.instrs.iter().enumerate() {
            let falls_through = !matches!(instr, Instr::Jump(_) | Instr::Return);
            if falls_through {
                assert_eq!(code.depths[pc + 1] as i64, depth_after(pc), "{} falls into {}", pc, pc + 1);
            }
            if let Some(target) = instr.jump_target() {
                let keeps_top = matches!(instr, Instr::And(_) | Instr::Or(_));
                let arriving = if keeps_top { code.depths[pc] as i64 } else { depth_after(pc) };
                assert_eq!(code.depths[target as usize] as i64, arriving, "{pc} jumps to {target}");
            }
            assert!(code.nlocals + code.depths[pc] as usize <= code.nslots);
        }
    }

    #[test]
    fn stack_depths_agree_at_every_jump() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/programs");
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "tl") {
                if let Ok(ast) = parse(&std::fs::read_to_string(&path).unwrap()) {
                    if let Ok(program) = compile(&ast) {
                        program.codes.iter().for_each(check_depths);
                    }
                }
            }
        }
    }

    #[test]
    fn scopes() {
        let program = compiled("x = 1; y = x; fn f(a) { b = a; return b + x + g(); } fn g() { return 1; } z = y;");
        let main = &program.codes[0];
        let locals: Vec<&str> = main.local_names.iter().map(|&s| name(&program, s)).collect();
        assert_eq!(locals, ["y", "z"]);
        let globals: Vec<&str> = program.globals.iter().map(|&s| name(&program, s)).collect();
        assert_eq!(globals, ["f", "x", "g"]);
        let f = &program.codes[1];
        assert_eq!((f.nparams, f.nlocals), (1, 2));
        assert_eq!(main.instrs[..2], [Instr::Const(0), Instr::StoreGlobal(1)]);
        assert_eq!(program.constants[0], Constant::Int(1));
    }

    #[test]
    fn functions_never_assigned_are_constants() {
        let program = compiled("fn f() { return g; } fn g() {} x = f; g = 1;");
        let f = program.functions[0].code;
        assert_eq!(program.codes[f as usize].instrs[0], Instr::LoadGlobal(1));
        assert_eq!(program.codes[0].instrs[0], Instr::Function(0));
    }

    #[test]
    fn only_locals_that_may_be_unassigned_are_checked() {
        let program = compiled(
            "fn f(a) { if a { b = 1; } else { b = 2; c = 3; } while a { d = b; break; } return [a, b, c, d]; }",
        );
        let code = &program.codes[program.functions[0].code as usize];
        let loads: Vec<Instr> = code
            .instrs
            .iter()
            .copied()
            .filter(|i| matches!(i, Instr::LoadLocal(_) | Instr::LoadLocalChecked(_)))
            .collect();
        use Instr::{LoadLocal, LoadLocalChecked};
        let (a, b, c, d) = (0, 1, 2, 3);
        // `if a`, `while a`, `d = b`, then the list: only `c` and `d` may be unassigned there.
        let expected = [LoadLocal(a), LoadLocal(a), LoadLocal(b), LoadLocal(a), LoadLocal(b)];
        assert_eq!(loads[..5], expected);
        assert_eq!(loads[5..], [LoadLocalChecked(c), LoadLocalChecked(d)]);
    }

    #[test]
    fn fields_are_numbered_in_source_order() {
        let program = compiled("a = {q: 1}; fn f(o) { return o.p; } a.r = 2;");
        let fields: Vec<&str> = program.fields.iter().map(|&s| name(&program, s)).collect();
        assert_eq!(fields, ["q", "p", "r"]);
    }

    #[test]
    fn rejects_invalid_programs() {
        let error = |source: &str| compile(&parse(source).unwrap()).unwrap_err().message;
        assert!(error("return 1;").contains("outside a function"));
        assert!(error("break;").contains("outside a loop"));
        assert!(error("fn f() { continue; }").contains("outside a loop"));
        assert!(error("fn f() {} fn f() {}").contains("defined twice"));
        assert!(error("fn f(a, a) {}").contains("appears twice"));
        assert!(error("if 1 { fn f() {} }").contains("top level"));
        assert!(error("print = 1;").contains("builtin"));
        assert!(error("fn f(len) {}").contains("builtin"));
        assert!(error("x = print;").contains("can only be called"));
        assert!(error("print(1, 2);").contains("takes 1 argument, got 2"));
        assert!(error("x = {a: 1, a: 2};").contains("given twice"));
    }
}
