//! The disassembler: a readable listing of a code object and its nested code objects, in the
//! spirit of Python's `dis` module (line, jump-target marker, instruction index, name, operand,
//! and the operand's meaning), followed by the exception table.

use std::fmt::Write as _;

use crate::bytecode::{CodeObject, Conversion, Instr};

/// Disassembles `code` and, after it, every code object nested in its constants.
pub fn disassemble(code: &CodeObject) -> String {
    let mut out = String::new();
    disassemble_into(code, &mut out);
    out
}

fn disassemble_into(code: &CodeObject, out: &mut String) {
    let _ = writeln!(
        out,
        "Disassembly of <code object {} at \"{}\", line {}>:",
        code.qualname, code.filename, code.first_line
    );
    let targets: std::collections::HashSet<u32> = code
        .instructions
        .iter()
        .filter_map(Instr::jump_target)
        .chain(code.exception_table.entries().iter().map(|e| e.target))
        .collect();
    let mut last_line = None;
    for (pc, instr) in code.instructions.iter().enumerate() {
        let pc = pc as u32;
        let line = code.line_table.line(pc);
        let line_column = if line != last_line && line.is_some() {
            if pc > 0 {
                out.push('\n');
            }
            last_line = line;
            line.map_or(String::new(), |l| l.to_string())
        } else {
            String::new()
        };
        let marker = if targets.contains(&pc) { ">>" } else { "" };
        let (operand, meaning) = operand(code, instr);
        let meaning = if meaning.is_empty() { meaning } else { format!(" ({meaning})") };
        let _ = writeln!(out, "{line_column:>4} {marker:>3} {pc:>5} {:<26} {operand:>5}{meaning}", instr.name())
            .map(|_| ());
    }
    if !code.exception_table.entries().is_empty() {
        out.push_str("ExceptionTable:\n");
        for entry in code.exception_table.entries() {
            let _ = writeln!(
                out,
                "  {} to {} -> {} [{}]{}",
                entry.start,
                entry.end - 1,
                entry.target,
                entry.depth,
                if entry.lasti { " lasti" } else { "" }
            );
        }
    }
    for nested in code.nested_code() {
        out.push('\n');
        disassemble_into(nested, out);
    }
}

/// The operand of an instruction as a number, and its meaning (a name, a constant, a target).
pub fn operand(code: &CodeObject, instr: &Instr) -> (String, String) {
    let name = |i: &u32| code.names.get(*i as usize).cloned().unwrap_or_else(|| "?".into());
    let local = |i: &u32| code.varnames.get(*i as usize).cloned().unwrap_or_else(|| "?".into());
    let cell = |i: &u32| code.deref_name(*i).unwrap_or("?").to_string();
    let constant = |i: &u32| code.constants.get(*i as usize).map_or_else(|| "?".into(), |c| c.repr());
    let plain = |i: &u32| (i.to_string(), String::new());
    match instr {
        Instr::LoadConst(i) => (i.to_string(), constant(i)),
        Instr::LoadFast(i) | Instr::StoreFast(i) | Instr::DeleteFast(i) => (i.to_string(), local(i)),
        Instr::LoadDeref(i)
        | Instr::LoadClassDeref(i)
        | Instr::StoreDeref(i)
        | Instr::DeleteDeref(i)
        | Instr::LoadClosure(i)
        | Instr::MakeCell(i) => (i.to_string(), cell(i)),
        Instr::LoadName(i)
        | Instr::StoreName(i)
        | Instr::DeleteName(i)
        | Instr::LoadGlobal { name: i, push_null: false }
        | Instr::StoreGlobal(i)
        | Instr::DeleteGlobal(i)
        | Instr::LoadAttr(i)
        | Instr::StoreAttr(i)
        | Instr::DeleteAttr(i)
        | Instr::LoadMethod(i)
        | Instr::ImportName(i)
        | Instr::ImportFrom(i) => (i.to_string(), name(i)),
        Instr::BinaryOp(op) => ((*op as u8).to_string(), op.symbol().to_string()),
        Instr::CompareOp(op) => ((*op as u8).to_string(), op.symbol().to_string()),
        Instr::IsOp(invert) | Instr::ContainsOp(invert) => (u8::from(*invert).to_string(), String::new()),
        Instr::Resume(kind) => ((*kind as u8).to_string(), String::new()),
        Instr::GetAwaitable(kind) => ((*kind as u8).to_string(), String::new()),
        Instr::Reraise(n) => (n.to_string(), String::new()),
        Instr::CallFunctionEx(kwargs) => (u8::from(*kwargs).to_string(), String::new()),
        Instr::CallKw { argc, kwnames } => (argc.to_string(), format!("kwnames {}", constant(&u32::from(*kwnames)))),
        Instr::MakeFunction(flags) => {
            let names: Vec<&str> = [(0x01, "defaults"), (0x02, "kwdefaults"), (0x04, "annotations"), (0x08, "closure")]
                .iter()
                .filter(|(bit, _)| flags.has(*bit))
                .map(|&(_, n)| n)
                .collect();
            (flags.0.to_string(), names.join(", "))
        }
        Instr::LoadGlobal { name: i, push_null: true } => (i.to_string(), format!("NULL + {}", name(i))),
        Instr::UnpackEx { before, after } => (format!("{before}+{after}"), String::new()),
        Instr::FormatValue { conversion, has_spec } => {
            let conv = match conversion {
                Conversion::None => "",
                Conversion::Str => "str",
                Conversion::Repr => "repr",
                Conversion::Ascii => "ascii",
            };
            let spec = if *has_spec { "with format" } else { "" };
            let sep = if !conv.is_empty() && *has_spec { ", " } else { "" };
            ((*conversion as u8 | if *has_spec { 4 } else { 0 }).to_string(), format!("{conv}{sep}{spec}"))
        }
        other => match other.jump_target() {
            Some(target) => (target.to_string(), format!("to {target}")),
            None => match other {
                Instr::Copy(i)
                | Instr::Swap(i)
                | Instr::CopyFreeVars(i)
                | Instr::BuildSlice(i)
                | Instr::Call(i)
                | Instr::RaiseVarargs(i)
                | Instr::BuildTuple(i)
                | Instr::BuildList(i)
                | Instr::BuildSet(i)
                | Instr::BuildMap(i)
                | Instr::BuildConstKeyMap(i)
                | Instr::BuildString(i)
                | Instr::ListAppend(i)
                | Instr::SetAdd(i)
                | Instr::MapAdd(i)
                | Instr::ListExtend(i)
                | Instr::SetUpdate(i)
                | Instr::DictUpdate(i)
                | Instr::DictMerge(i)
                | Instr::UnpackSequence(i)
                | Instr::MatchClass(i) => plain(i),
                _ => (String::new(), String::new()),
            },
        },
    }
}
