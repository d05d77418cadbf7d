//! The assembler: turns the code generator's instruction list (with labels and the block-setup
//! pseudo-instructions of CPython's compiler) into final bytecode. It splits the list into basic
//! blocks, walks the control flow from the entry to compute the stack depth before every
//! instruction and the exception handler covering it (as CPython's `stackdepth` and
//! `label_exception_targets` do), drops unreachable blocks and `NOP`s, resolves labels to
//! instruction indices, and builds the exception table and line table.

use crate::bytecode::Instr;
use crate::exceptiontable::{ExceptionTable, Handler};
use crate::linetable::{LineTable, Location};

/// A jump target of the code generator. Jump instructions carry the label number in their operand
/// until the assembler replaces it with an instruction index.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Label(pub u32);

/// The kind of an exception-handler setup pseudo-instruction.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SetupKind {
    /// `SETUP_FINALLY`: the handler receives `[exc]` on the stack at the setup depth.
    Finally,
    /// `SETUP_CLEANUP`: the handler receives `[lasti, exc]`.
    Cleanup,
    /// `SETUP_WITH`: like `Cleanup`, but unwinds one item less (the context manager's result,
    /// above `__exit__`, is not kept).
    With,
}

impl SetupKind {
    /// Depth of the handler's entry relative to the setup point.
    fn handler_effect(self) -> i32 {
        match self {
            SetupKind::Finally | SetupKind::With => 1,
            SetupKind::Cleanup => 2,
        }
    }

    fn lasti(self) -> bool {
        self != SetupKind::Finally
    }
}

/// An item of the code generator's output.
#[derive(Clone, Copy, Debug)]
pub enum Ir {
    /// A real instruction (jumps carry a [`Label`] number as target).
    Op(Instr, Location),
    /// The position of a label.
    Label(Label),
    /// Pushes an exception handler for the instructions that follow (until the matching
    /// [`Ir::PopBlock`] on each path). Becomes a `NOP` that may carry a line (a `try:`).
    Setup(SetupKind, Label, Location),
    /// Pops the innermost exception handler. Becomes a `NOP` (kept if it carries a line that no
    /// other instruction has).
    PopBlock(Location),
}

/// The final instruction stream and its tables.
pub struct Assembled {
    /// The instructions.
    pub instructions: Vec<Instr>,
    /// The stack depth before each instruction.
    pub stack_depths: Vec<u32>,
    /// The largest depth reached.
    pub max_stack_depth: u32,
    /// Instruction positions.
    pub line_table: LineTable,
    /// Exception handlers.
    pub exception_table: ExceptionTable,
}

/// A handler on the except stack while walking the flow graph.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct PendingHandler {
    label: Label,
    /// Stack depth at the start of the handler.
    entry_depth: u32,
    lasti: bool,
}

struct Block {
    items: Vec<Ir>,
    /// Whether control can fall off the end into the next block.
    falls_through: bool,
}

struct BlockState {
    depth: u32,
    handlers: Vec<PendingHandler>,
}

/// Assembles the code generator's output.
pub fn assemble(ir: &[Ir], label_count: u32) -> Result<Assembled, String> {
    let (blocks, label_block) = split_blocks(ir, label_count);
    let block_of = |label: u32| -> Result<usize, String> {
        label_block.get(label as usize).copied().flatten().ok_or_else(|| format!("label {label} is never placed"))
    };

    // Walk the flow graph.
    let mut states: Vec<Option<BlockState>> = (0..blocks.len()).map(|_| None).collect();
    let mut per_item: Vec<Vec<(u32, Option<PendingHandler>)>> = vec![Vec::new(); blocks.len()];
    let mut worklist = vec![0usize];
    states[0] = Some(BlockState { depth: 0, handlers: Vec::new() });
    let mut max_depth = 0u32;
    let schedule = |states: &mut Vec<Option<BlockState>>,
                    worklist: &mut Vec<usize>,
                    block: usize,
                    depth: i32,
                    handlers: &[PendingHandler]|
     -> Result<(), String> {
        if depth < 0 {
            return Err(format!("negative stack depth entering block {block}"));
        }
        match &states[block] {
            Some(state) if state.depth != depth as u32 => {
                Err(format!("inconsistent stack depth entering block {block}: {} and {depth}", state.depth))
            }
            Some(_) => Ok(()),
            None => {
                states[block] = Some(BlockState { depth: depth as u32, handlers: handlers.to_vec() });
                worklist.push(block);
                Ok(())
            }
        }
    };
    while let Some(b) = worklist.pop() {
        let state = states[b].as_ref().ok_or("unscheduled block")?;
        let mut depth = state.depth as i32;
        let mut handlers = state.handlers.clone();
        let mut info = Vec::with_capacity(blocks[b].items.len());
        for item in &blocks[b].items {
            match *item {
                Ir::Op(instr, _) => {
                    info.push((depth as u32, handlers.last().copied()));
                    if let Some(target) = instr.jump_target() {
                        let target_depth = depth + instr.stack_effect(true);
                        schedule(&mut states, &mut worklist, block_of(target)?, target_depth, &handlers)?;
                        max_depth = max_depth.max(target_depth.max(0) as u32);
                    }
                    depth += instr.stack_effect(false);
                    if depth < 0 {
                        return Err(format!("stack underflow at {}", instr.name()));
                    }
                    max_depth = max_depth.max(depth as u32);
                }
                Ir::Setup(kind, label, _) => {
                    info.push((depth as u32, None));
                    let entry_depth = depth + kind.handler_effect();
                    schedule(&mut states, &mut worklist, block_of(label.0)?, entry_depth, &handlers)?;
                    max_depth = max_depth.max(entry_depth as u32);
                    handlers.push(PendingHandler { label, entry_depth: entry_depth as u32, lasti: kind.lasti() });
                }
                Ir::PopBlock(_) => {
                    info.push((depth as u32, None));
                    handlers.pop().ok_or("POP_BLOCK without a handler")?;
                }
                Ir::Label(_) => info.push((depth as u32, None)),
            }
        }
        per_item[b] = info;
        if blocks[b].falls_through {
            if b + 1 >= blocks.len() {
                return Err("control falls off the end of the code".into());
            }
            schedule(&mut states, &mut worklist, b + 1, depth, &handlers)?;
        }
    }

    // Lay out the reachable blocks; pseudo-instructions become NOPs.
    let mut block_start = vec![0usize; blocks.len() + 1];
    let mut laid_out: Vec<(Instr, Location, u32, Option<PendingHandler>)> = Vec::new();
    for (b, block) in blocks.iter().enumerate() {
        block_start[b] = laid_out.len();
        if states[b].is_none() {
            continue;
        }
        for (item, &(depth, handler)) in block.items.iter().zip(&per_item[b]) {
            match *item {
                Ir::Op(instr, location) => laid_out.push((instr, location, depth, handler)),
                Ir::Setup(_, _, location) | Ir::PopBlock(location) => {
                    laid_out.push((Instr::Nop, location, depth, None));
                }
                Ir::Label(_) => {}
            }
        }
    }
    block_start[blocks.len()] = laid_out.len();

    // Keep a NOP only when it is the one instruction of its line (as CPython does, so that line
    // events and `try:` lines survive); `kept_before[i]` is the new index of old instruction `i`.
    let mut kept_before = Vec::with_capacity(laid_out.len() + 1);
    let mut instructions = Vec::new();
    let mut stack_depths = Vec::new();
    let mut locations: Vec<Location> = Vec::new();
    let mut pending_handlers = Vec::new();
    for (i, &(instr, location, depth, handler)) in laid_out.iter().enumerate() {
        kept_before.push(instructions.len());
        if instr == Instr::Nop {
            let line = location.line;
            let previous_line = locations.last().map(|l| l.line);
            let next_line = laid_out.get(i + 1).map(|next| next.1.line);
            if line == 0 || previous_line == Some(line) || next_line == Some(line) {
                continue;
            }
        }
        instructions.push(instr);
        stack_depths.push(depth);
        locations.push(location);
        pending_handlers.push(handler);
    }
    kept_before.push(instructions.len());
    for start in &mut block_start {
        *start = kept_before[*start];
    }
    let code_len = instructions.len();
    let label_pc = |label: u32| -> Result<u32, String> {
        let pc = block_start[block_of(label)?] as u32;
        if pc as usize >= code_len {
            return Err(format!("label {label} is past the end of the code"));
        }
        Ok(pc)
    };

    for (pc, slot) in instructions.iter_mut().enumerate() {
        let instr = *slot;
        let Some(label) = instr.jump_target() else { continue };
        let target = label_pc(label)?;
        let backward = target as usize <= pc;
        *slot = match instr {
            Instr::Jump(_) | Instr::JumpBackward(_) if backward => Instr::JumpBackward(target),
            Instr::Jump(_) | Instr::JumpBackward(_) => Instr::Jump(target),
            Instr::JumpBackwardNoInterrupt(_) if backward => instr.with_jump_target(target),
            _ if backward => {
                return Err(format!("{} at {pc} jumps backward", instr.name()));
            }
            Instr::JumpBackwardNoInterrupt(_) => Instr::Jump(target),
            _ => instr.with_jump_target(target),
        };
    }
    let handlers = pending_handlers
        .iter()
        .map(|handler| {
            handler
                .map(|h| {
                    Ok(Handler {
                        target: label_pc(h.label.0)?,
                        depth: h.entry_depth - 1 - u32::from(h.lasti),
                        lasti: h.lasti,
                    })
                })
                .transpose()
        })
        .collect::<Result<Vec<_>, String>>()?;

    Ok(Assembled {
        instructions,
        stack_depths,
        max_stack_depth: max_depth,
        line_table: LineTable::from_locations(&locations),
        exception_table: ExceptionTable::from_handlers(&handlers),
    })
}

/// Splits the code generator's output into basic blocks, and maps each label to its block.
fn split_blocks(ir: &[Ir], label_count: u32) -> (Vec<Block>, Vec<Option<usize>>) {
    let mut blocks = vec![Block { items: Vec::new(), falls_through: true }];
    let mut label_block = vec![None; label_count as usize];
    for item in ir {
        let current_has_ops = blocks.last().is_some_and(|b| b.items.iter().any(|i| !matches!(i, Ir::Label(_))));
        match *item {
            Ir::Label(label) => {
                if current_has_ops {
                    blocks.push(Block { items: Vec::new(), falls_through: true });
                }
                if let Some(slot) = label_block.get_mut(label.0 as usize) {
                    *slot = Some(blocks.len() - 1);
                }
                if let Some(block) = blocks.last_mut() {
                    block.items.push(*item);
                }
            }
            Ir::Op(instr, _) => {
                if let Some(block) = blocks.last_mut() {
                    block.items.push(*item);
                }
                if instr.jump_target().is_some() || instr.is_terminator() {
                    if let Some(block) = blocks.last_mut() {
                        block.falls_through = !instr.is_terminator();
                    }
                    blocks.push(Block { items: Vec::new(), falls_through: true });
                }
            }
            Ir::Setup(..) | Ir::PopBlock(_) => {
                if let Some(block) = blocks.last_mut() {
                    block.items.push(*item);
                }
            }
        }
    }
    (blocks, label_block)
}
