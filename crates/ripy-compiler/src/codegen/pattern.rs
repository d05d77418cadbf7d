//! Code generation for the `match` statement (CPython 3.11's `compiler_match` and pattern
//! helpers). A pattern consumes the subject on top of the stack; on success the captured values
//! are left on the stack (below any items the enclosing patterns still need) and stored once the
//! whole case matched; on failure control goes to a "fail pop" label that pops what the pattern
//! left behind.

use ruff_python_ast::{self as ast, Expr, Pattern};
use ruff_text_size::{Ranged, TextRange};

use super::Compiler;
use crate::assemble::Label;
use crate::bytecode::{BinaryOperator, ComparisonOperator, Instr};
use crate::constants::Constant;
use crate::error::CompileError;

/// The state of matching one case (CPython's `pattern_context`).
struct PatternContext {
    /// Names captured so far, in stack order.
    stores: Vec<String>,
    /// Whether an irrefutable pattern is allowed here.
    allow_irrefutable: bool,
    /// `fail_pop[n]` pops `n` items and continues to `fail_pop[n - 1]`.
    fail_pop: Vec<Label>,
    /// Items on top of the stack that the current pattern must leave alone.
    on_top: u32,
}

fn is_wildcard(pattern: &Pattern) -> bool {
    matches!(pattern, Pattern::MatchAs(a) if a.pattern.is_none() && a.name.is_none())
}

fn is_star_wildcard(pattern: &Pattern) -> bool {
    matches!(pattern, Pattern::MatchStar(s) if s.name.is_none())
}

impl<'a> Compiler<'a> {
    pub(super) fn match_stmt(&mut self, m: &'a ast::StmtMatch) -> Result<(), CompileError> {
        self.visit_expr(&m.subject)?;
        let end = self.new_label();
        let cases = m.cases.len();
        let has_default = cases > 1 && m.cases.last().is_some_and(|c| is_wildcard(&c.pattern));
        let matched_cases = cases - usize::from(has_default);
        for (i, case) in m.cases[..matched_cases].iter().enumerate() {
            self.set_location(case.pattern.range());
            let last = i + 1 == matched_cases;
            if !last {
                self.emit(Instr::Copy(1));
            }
            let mut pc = PatternContext {
                stores: Vec::new(),
                allow_irrefutable: case.guard.is_some() || i + 1 == cases,
                fail_pop: Vec::new(),
                on_top: 0,
            };
            self.pattern(&case.pattern, &mut pc)?;
            for name in std::mem::take(&mut pc.stores) {
                self.name_op(&name, ast::ExprContext::Store, case.pattern.range())?;
            }
            if let Some(guard) = &case.guard {
                self.ensure_fail_pop(&mut pc, 0);
                self.jump_if(guard, pc.fail_pop[0], false)?;
            }
            if !last {
                self.emit(Instr::PopTop);
            }
            self.visit_body(&case.body)?;
            self.emit_jump(Instr::Jump, end);
            self.set_location(case.pattern.range());
            self.emit_and_reset_fail_pop(&mut pc);
        }
        if has_default {
            if let Some(case) = m.cases.last() {
                self.set_location(case.pattern.range());
                if cases == 1 {
                    self.emit(Instr::PopTop);
                } else {
                    self.emit(Instr::Nop);
                }
                if let Some(guard) = &case.guard {
                    self.jump_if(guard, end, false)?;
                }
                self.visit_body(&case.body)?;
            }
        }
        self.bind(end);
        Ok(())
    }

    fn ensure_fail_pop(&mut self, pc: &mut PatternContext, n: u32) {
        while pc.fail_pop.len() <= n as usize {
            let label = self.new_label();
            pc.fail_pop.push(label);
        }
    }

    /// Jumps (with `make`) to the fail-pop label that pops everything the pattern left.
    fn jump_to_fail_pop(&mut self, pc: &mut PatternContext, make: fn(u32) -> Instr) {
        let pops = pc.on_top + pc.stores.len() as u32;
        self.ensure_fail_pop(pc, pops);
        self.emit_jump(make, pc.fail_pop[pops as usize]);
    }

    fn emit_and_reset_fail_pop(&mut self, pc: &mut PatternContext) {
        let labels = std::mem::take(&mut pc.fail_pop);
        for (n, &label) in labels.iter().enumerate().rev() {
            self.bind(label);
            if n > 0 {
                self.emit(Instr::PopTop);
            }
        }
    }

    /// `SWAP count, SWAP count-1, ..., SWAP 2`: moves the top item `count - 1` places down.
    fn rotate(&mut self, count: u32) {
        for n in (2..=count).rev() {
            self.emit(Instr::Swap(n));
        }
    }

    fn store_capture(
        &mut self,
        name: Option<&ast::Identifier>,
        pc: &mut PatternContext,
        range: TextRange,
    ) -> Result<(), CompileError> {
        let Some(name) = name else {
            self.emit(Instr::PopTop);
            return Ok(());
        };
        if name.as_str() == "__debug__" {
            return Err(self.error("cannot assign to __debug__", range));
        }
        if pc.stores.iter().any(|s| s == name.as_str()) {
            return Err(self.error(format!("multiple assignments to name '{name}' in pattern"), range));
        }
        self.rotate(pc.on_top + pc.stores.len() as u32 + 1);
        pc.stores.push(name.to_string());
        Ok(())
    }

    fn pattern(&mut self, pattern: &'a Pattern, pc: &mut PatternContext) -> Result<(), CompileError> {
        self.nested()?;
        let saved = self.unit().location;
        self.set_location(pattern.range());
        let result = self.pattern_inner(pattern, pc);
        self.unit_mut().location = saved;
        self.depth -= 1;
        result
    }

    fn subpattern(&mut self, pattern: &'a Pattern, pc: &mut PatternContext) -> Result<(), CompileError> {
        let allow = pc.allow_irrefutable;
        pc.allow_irrefutable = true;
        let result = self.pattern(pattern, pc);
        pc.allow_irrefutable = allow;
        result
    }

    fn pattern_inner(&mut self, pattern: &'a Pattern, pc: &mut PatternContext) -> Result<(), CompileError> {
        match pattern {
            Pattern::MatchValue(v) => {
                self.match_value_expr(&v.value, "patterns may only match literals and attribute lookups")?;
                self.emit(Instr::CompareOp(ComparisonOperator::Equal));
                self.jump_to_fail_pop(pc, Instr::PopJumpIfFalse);
                Ok(())
            }
            Pattern::MatchSingleton(s) => {
                self.emit_const(match s.value {
                    ast::Singleton::None => Constant::None,
                    ast::Singleton::True => Constant::Bool(true),
                    ast::Singleton::False => Constant::Bool(false),
                });
                self.emit(Instr::IsOp(false));
                self.jump_to_fail_pop(pc, Instr::PopJumpIfFalse);
                Ok(())
            }
            Pattern::MatchSequence(s) => self.sequence_pattern(&s.patterns, pc),
            Pattern::MatchMapping(m) => self.mapping_pattern(m, pc),
            Pattern::MatchClass(c) => self.class_pattern(c, pc),
            Pattern::MatchStar(s) => self.store_capture(s.name.as_ref(), pc, s.range),
            Pattern::MatchAs(a) => match &a.pattern {
                None => {
                    if !pc.allow_irrefutable {
                        return Err(match &a.name {
                            Some(name) => self
                                .error(format!("name capture '{name}' makes remaining patterns unreachable"), a.range),
                            None => self.error("wildcard makes remaining patterns unreachable", a.range),
                        });
                    }
                    self.store_capture(a.name.as_ref(), pc, a.range)
                }
                Some(inner) => {
                    pc.on_top += 1;
                    self.emit(Instr::Copy(1));
                    self.pattern(inner, pc)?;
                    pc.on_top -= 1;
                    self.store_capture(a.name.as_ref(), pc, a.range)
                }
            },
            Pattern::MatchOr(o) => self.or_pattern(o, pc),
        }
    }

    /// Pushes the value of a literal or attribute lookup used in a pattern.
    fn match_value_expr(&mut self, value: &'a Expr, message: &str) -> Result<Option<Constant>, CompileError> {
        if let Some(constant) = self.fold(value) {
            self.emit_const(constant.clone());
            return Ok(Some(constant));
        }
        if value.is_attribute_expr() {
            self.visit_expr(value)?;
            return Ok(None);
        }
        Err(self.error(message, value.range()))
    }

    fn sequence_pattern(&mut self, patterns: &'a [Pattern], pc: &mut PatternContext) -> Result<(), CompileError> {
        let size = patterns.len();
        let mut star = None;
        let mut only_wildcard = true;
        let mut star_wildcard = false;
        for (i, p) in patterns.iter().enumerate() {
            if let Pattern::MatchStar(_) = p {
                if star.is_some() {
                    return Err(self.error("multiple starred names in sequence pattern", p.range()));
                }
                star_wildcard = is_star_wildcard(p);
                only_wildcard &= star_wildcard;
                star = Some(i);
                continue;
            }
            only_wildcard &= is_wildcard(p);
        }
        pc.on_top += 1;
        self.emit(Instr::MatchSequence);
        self.jump_to_fail_pop(pc, Instr::PopJumpIfFalse);
        match star {
            None => {
                self.emit(Instr::GetLen);
                self.emit_const(Constant::Int(size as i64));
                self.emit(Instr::CompareOp(ComparisonOperator::Equal));
                self.jump_to_fail_pop(pc, Instr::PopJumpIfFalse);
            }
            Some(_) if size > 1 => {
                self.emit(Instr::GetLen);
                self.emit_const(Constant::Int(size as i64 - 1));
                self.emit(Instr::CompareOp(ComparisonOperator::GreaterEqual));
                self.jump_to_fail_pop(pc, Instr::PopJumpIfFalse);
            }
            Some(_) => {}
        }
        pc.on_top -= 1;
        if only_wildcard {
            self.emit(Instr::PopTop);
            return Ok(());
        }
        if let (Some(star), true) = (star, star_wildcard) {
            // Index the subject instead of unpacking it: `[first, *_, last]`.
            pc.on_top += 1;
            for (i, p) in patterns.iter().enumerate() {
                if is_wildcard(p) || i == star {
                    continue;
                }
                self.emit(Instr::Copy(1));
                if i < star {
                    self.emit_const(Constant::Int(i as i64));
                } else {
                    self.emit(Instr::GetLen);
                    self.emit_const(Constant::Int((size - i) as i64));
                    self.emit(Instr::BinaryOp(BinaryOperator::Subtract));
                }
                self.emit(Instr::BinarySubscr);
                self.subpattern(p, pc)?;
            }
            pc.on_top -= 1;
            self.emit(Instr::PopTop);
            return Ok(());
        }
        match star {
            Some(star) => {
                let before = u16::try_from(star).ok().filter(|&b| b < 256);
                let after = u16::try_from(size - star - 1).ok();
                let (Some(before), Some(after)) = (before, after) else {
                    return Err(
                        self.error("too many expressions in star-unpacking sequence pattern", TextRange::default())
                    );
                };
                self.emit(Instr::UnpackEx { before, after });
            }
            None => self.emit(Instr::UnpackSequence(size as u32)),
        }
        pc.on_top += size as u32;
        for p in patterns {
            pc.on_top -= 1;
            self.subpattern(p, pc)?;
        }
        Ok(())
    }

    fn mapping_pattern(
        &mut self,
        m: &'a ast::PatternMatchMapping,
        pc: &mut PatternContext,
    ) -> Result<(), CompileError> {
        let size = m.keys.len();
        if size != m.patterns.len() {
            return Err(self.internal("mapping pattern keys and patterns differ in length"));
        }
        pc.on_top += 1;
        self.emit(Instr::MatchMapping);
        self.jump_to_fail_pop(pc, Instr::PopJumpIfFalse);
        if size == 0 && m.rest.is_none() {
            pc.on_top -= 1;
            self.emit(Instr::PopTop);
            return Ok(());
        }
        if size > 0 {
            self.emit(Instr::GetLen);
            self.emit_const(Constant::Int(size as i64));
            self.emit(Instr::CompareOp(ComparisonOperator::GreaterEqual));
            self.jump_to_fail_pop(pc, Instr::PopJumpIfFalse);
        }
        let mut seen: Vec<Constant> = Vec::new();
        for key in &m.keys {
            let message = "mapping pattern keys may only match literals and attribute lookups";
            if let Some(constant) = self.match_value_expr(key, message)? {
                if seen.iter().any(|s| s.python_equal(&constant)) {
                    return Err(
                        self.error(format!("mapping pattern checks duplicate key ({})", constant.repr()), key.range())
                    );
                }
                seen.push(constant);
            }
        }
        self.emit(Instr::BuildTuple(size as u32));
        self.emit(Instr::MatchKeys);
        pc.on_top += 2;
        self.emit(Instr::Copy(1));
        self.emit_const(Constant::None);
        self.emit(Instr::IsOp(true));
        self.jump_to_fail_pop(pc, Instr::PopJumpIfFalse);
        self.emit(Instr::UnpackSequence(size as u32));
        pc.on_top += size as u32;
        pc.on_top -= 1;
        for p in m.patterns.iter() {
            pc.on_top -= 1;
            self.subpattern(p, pc)?;
        }
        pc.on_top -= 2;
        match &m.rest {
            Some(rest) => {
                // rest = dict(subject); for key in keys: del rest[key]
                self.emit(Instr::BuildMap(0));
                self.emit(Instr::Swap(3));
                self.emit(Instr::DictUpdate(2));
                self.emit(Instr::UnpackSequence(size as u32));
                for remaining in (1..=size as u32).rev() {
                    self.emit(Instr::Copy(1 + remaining));
                    self.emit(Instr::Swap(2));
                    self.emit(Instr::DeleteSubscr);
                }
                self.store_capture(Some(rest), pc, rest.range)
            }
            None => {
                self.emit(Instr::PopTop);
                self.emit(Instr::PopTop);
                Ok(())
            }
        }
    }

    fn class_pattern(&mut self, c: &'a ast::PatternMatchClass, pc: &mut PatternContext) -> Result<(), CompileError> {
        let positional = &c.arguments.patterns;
        let keywords = &c.arguments.keywords;
        for (i, keyword) in keywords.iter().enumerate() {
            if keywords[..i].iter().any(|k| k.attr.as_str() == keyword.attr.as_str()) {
                return Err(self
                    .error(format!("attribute name repeated in class pattern: {}", keyword.attr), keyword.attr.range));
            }
        }
        self.visit_expr(&c.cls)?;
        let names: Vec<Constant> = keywords.iter().map(|k| Constant::str(&k.attr)).collect();
        self.emit_const(Constant::Tuple(names.into()));
        self.emit(Instr::MatchClass(positional.len() as u32));
        self.emit(Instr::Copy(1));
        self.emit_const(Constant::None);
        self.emit(Instr::IsOp(true));
        pc.on_top += 1;
        self.jump_to_fail_pop(pc, Instr::PopJumpIfFalse);
        let total = positional.len() + keywords.len();
        self.emit(Instr::UnpackSequence(total as u32));
        pc.on_top += total as u32;
        pc.on_top -= 1;
        for p in positional.iter().chain(keywords.iter().map(|k| &k.pattern)) {
            pc.on_top -= 1;
            if is_wildcard(p) {
                self.emit(Instr::PopTop);
                continue;
            }
            self.subpattern(p, pc)?;
        }
        Ok(())
    }

    fn or_pattern(&mut self, o: &'a ast::PatternMatchOr, pc: &mut PatternContext) -> Result<(), CompileError> {
        let end = self.new_label();
        let size = o.patterns.len();
        let outer_allow = pc.allow_irrefutable;
        let outer_stores = std::mem::take(&mut pc.stores);
        let outer_fail_pop = std::mem::take(&mut pc.fail_pop);
        let outer_on_top = pc.on_top;
        let mut control: Option<Vec<String>> = None;
        for (i, alt) in o.patterns.iter().enumerate() {
            self.set_location(alt.range());
            pc.stores = Vec::new();
            pc.allow_irrefutable = i + 1 == size && outer_allow;
            pc.fail_pop = Vec::new();
            pc.on_top = 0;
            self.emit(Instr::Copy(1));
            self.pattern(alt, pc)?;
            match &control {
                None => control = Some(pc.stores.clone()),
                Some(control) => {
                    if control.len() != pc.stores.len() {
                        return Err(self.error("alternative patterns bind different names", alt.range()));
                    }
                    for icontrol in (0..control.len()).rev() {
                        let name = &control[icontrol];
                        let Some(istores) = pc.stores.iter().position(|s| s == name) else {
                            return Err(self.error("alternative patterns bind different names", alt.range()));
                        };
                        if icontrol != istores {
                            let rotations = istores + 1;
                            let rotated: Vec<String> = pc.stores.drain(..rotations).collect();
                            let at = icontrol - istores;
                            pc.stores.splice(at..at, rotated);
                            for _ in 0..rotations {
                                self.rotate(icontrol as u32 + 1);
                            }
                        }
                    }
                }
            }
            self.emit_jump(Instr::Jump, end);
            self.emit_and_reset_fail_pop(pc);
        }
        pc.stores = outer_stores;
        pc.fail_pop = outer_fail_pop;
        pc.on_top = outer_on_top;
        pc.allow_irrefutable = outer_allow;
        self.emit(Instr::PopTop);
        self.jump_to_fail_pop(pc, Instr::Jump);
        self.bind(end);
        let control = control.unwrap_or_default();
        let rotations = control.len() as u32 + 1 + pc.on_top + pc.stores.len() as u32;
        for name in control {
            self.rotate(rotations);
            if pc.stores.contains(&name) {
                return Err(self.error(format!("multiple assignments to name '{name}' in pattern"), o.range));
            }
            pc.stores.push(name);
        }
        self.emit(Instr::PopTop);
        Ok(())
    }
}
