//! The assembler: turns the code generator's instruction list (with labels and the block-setup
//! pseudo-instructions of CPython's compiler) into final bytecode. It splits the list into basic
//! blocks, walks the control flow from the entry to compute the stack depth before every
//! instruction and the exception handler covering it (as CPython's `stackdepth` and
//! `label_exception_targets` do), gives artificial instructions the positions CPython 3.11 gives
//! them (`duplicate_exits_without_lineno`, `propagate_line_numbers`, `guarantee_lineno_for_exits`),
//! drops unreachable blocks and `NOP`s, resolves labels to instruction indices, and builds the
//! exception table and line table.

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

#[derive(Clone)]
struct BlockState {
    depth: u32,
    handlers: Vec<PendingHandler>,
}

/// Assembles the code generator's output, for a code object whose first line is `first_line`.
pub fn assemble(ir: &[Ir], label_count: u32, first_line: u32) -> Result<Assembled, String> {
    let (mut blocks, mut label_block) = split_blocks(ir, label_count);

    // Walk the flow graph.
    let block_of = |label: u32| find_block(&label_block, label);
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
    let mut graph =
        Graph { blocks: &mut blocks, label_block: &mut label_block, states: &mut states, per_item: &mut per_item };
    graph.place_artificial_instructions(first_line)?;
    let block_of = |label: u32| find_block(&label_block, label);

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

/// The block where `label` is placed.
fn find_block(label_block: &[Option<usize>], label: u32) -> Result<usize, String> {
    label_block.get(label as usize).copied().flatten().ok_or_else(|| format!("label {label} is never placed"))
}

/// Whether `location` is no position (an artificial instruction's).
fn unplaced(location: Location) -> bool {
    location.line == 0 && location.end_line == 0
}

impl Ir {
    /// The position of an instruction; `None` for a label and for a pseudo-instruction without a
    /// position (a `NOP` that layout drops, as CPython drops it before placing positions).
    fn placeable(&mut self) -> Option<&mut Location> {
        match self {
            Ir::Op(_, location) => Some(location),
            Ir::Setup(_, _, location) | Ir::PopBlock(location) if !unplaced(*location) => Some(location),
            _ => None,
        }
    }
}

/// The flow graph after the walk: blocks with their entry states (`None`: unreachable) and the
/// per-item depth and handler.
struct Graph<'a> {
    blocks: &'a mut Vec<Block>,
    label_block: &'a mut Vec<Option<usize>>,
    states: &'a mut Vec<Option<BlockState>>,
    per_item: &'a mut Vec<Vec<(u32, Option<PendingHandler>)>>,
}

impl Graph<'_> {
    /// Copies small exit blocks into the blocks that jump to them, then gives artificial
    /// instructions (those without a position) the positions CPython 3.11 gives them: an exit block without positions that several jumps reach is copied for each
    /// (the copy at the jump's position); then positions flow forward within a block and into a
    /// block that has one predecessor; a `return` still without one gets the line of the last
    /// block before it that has one (`first_line` at the start), without columns.
    fn place_artificial_instructions(&mut self, first_line: u32) -> Result<(), String> {
        self.inline_small_exit_blocks()?;
        let mut predecessors = self.predecessors()?;
        self.duplicate_exits_without_lineno(&mut predecessors)?;
        self.propagate_line_numbers(&predecessors)?;
        self.guarantee_lineno_for_exits(first_line);
        Ok(())
    }

    /// CPython's `extend_block`: a block that ends with an unconditional jump to a block that
    /// leaves the code (returns or raises) in at most four instructions gets a copy of those
    /// instructions instead (the jump becomes a `NOP` at its position, which the copy inherits);
    /// blocks no longer reached are then dropped.
    fn inline_small_exit_blocks(&mut self) -> Result<(), String> {
        const MAX_COPY_SIZE: usize = 4;
        let mut inlined = false;
        for b in 0..self.blocks.len() {
            if self.states[b].is_none() {
                continue;
            }
            let Some((Instr::Jump(_) | Instr::JumpBackward(_), location, label)) = self.final_jump(b) else {
                continue;
            };
            let target = find_block(self.label_block, label)?;
            let instructions = self.blocks[target].items.iter().filter(|item| !matches!(item, Ir::Label(_))).count();
            let exits = matches!(
                self.blocks[target].items.last(),
                Some(Ir::Op(Instr::ReturnValue | Instr::RaiseVarargs(_) | Instr::Reraise(_), _))
            );
            if !exits || instructions > MAX_COPY_SIZE || target == b {
                continue;
            }
            let last = self.blocks[b].items.len() - 1;
            self.blocks[b].items[last] = Ir::Op(Instr::Nop, location);
            let copied: Vec<_> = self.blocks[target]
                .items
                .iter()
                .zip(&self.per_item[target])
                .filter(|(item, _)| !matches!(item, Ir::Label(_)))
                .map(|(item, info)| (*item, *info))
                .collect();
            for (item, info) in copied {
                self.blocks[b].items.push(item);
                self.per_item[b].push(info);
            }
            self.blocks[b].falls_through = false;
            inlined = true;
        }
        if inlined {
            self.drop_unreachable()?;
        }
        Ok(())
    }

    /// Forgets the entry state of blocks that no edge from the entry block reaches any more.
    fn drop_unreachable(&mut self) -> Result<(), String> {
        let mut reached = vec![false; self.blocks.len()];
        let mut worklist = vec![0usize];
        reached[0] = true;
        while let Some(b) = worklist.pop() {
            let mut successors = Vec::new();
            if self.blocks[b].falls_through {
                successors.push(b + 1);
            }
            for item in &self.blocks[b].items {
                let target = match *item {
                    Ir::Op(instr, _) => instr.jump_target(),
                    Ir::Setup(_, label, _) => Some(label.0),
                    Ir::PopBlock(_) | Ir::Label(_) => None,
                };
                if let Some(label) = target {
                    successors.push(find_block(self.label_block, label)?);
                }
            }
            for s in successors {
                if !reached[s] {
                    reached[s] = true;
                    worklist.push(s);
                }
            }
        }
        for (state, reached) in self.states.iter_mut().zip(reached) {
            if !reached {
                *state = None;
            }
        }
        Ok(())
    }

    /// How many edges (fall-through, jumps, handler setups) of reachable blocks enter each block.
    fn predecessors(&self) -> Result<Vec<u32>, String> {
        let mut predecessors = vec![0u32; self.blocks.len()];
        for (b, block) in self.blocks.iter().enumerate() {
            if self.states[b].is_none() {
                continue;
            }
            if block.falls_through {
                predecessors[b + 1] += 1;
            }
            for item in &block.items {
                let target = match *item {
                    Ir::Op(instr, _) => instr.jump_target(),
                    Ir::Setup(_, label, _) => Some(label.0),
                    Ir::PopBlock(_) | Ir::Label(_) => None,
                };
                if let Some(label) = target {
                    predecessors[find_block(self.label_block, label)?] += 1;
                }
            }
        }
        Ok(predecessors)
    }

    /// The jump that ends block `b`, if it ends with one.
    fn final_jump(&self, b: usize) -> Option<(Instr, Location, u32)> {
        match self.blocks[b].items.last() {
            Some(&Ir::Op(instr, location)) => instr.jump_target().map(|label| (instr, location, label)),
            _ => None,
        }
    }

    /// Whether block `b` leaves the code (returns or raises) and none of its instructions has a
    /// position.
    fn is_exit_without_lineno(&mut self, b: usize) -> bool {
        let exits = matches!(
            self.blocks[b].items.last(),
            Some(Ir::Op(Instr::ReturnValue | Instr::RaiseVarargs(_) | Instr::Reraise(_), _))
        );
        exits && self.blocks[b].items.iter_mut().all(|item| item.placeable().is_none_or(|l| unplaced(*l)))
    }

    /// Sets the position of block `b`'s first instruction to `location` if it has none.
    fn place_first(&mut self, b: usize, location: Location) {
        if let Some(first) = self.blocks[b].items.iter_mut().find_map(Ir::placeable) {
            if unplaced(*first) {
                *first = location;
            }
        }
    }

    /// CPython's `duplicate_exits_without_lineno`.
    fn duplicate_exits_without_lineno(&mut self, predecessors: &mut Vec<u32>) -> Result<(), String> {
        for b in 0..self.blocks.len() {
            if self.states[b].is_none() {
                continue;
            }
            let Some((jump, location, label)) = self.final_jump(b) else { continue };
            let target = find_block(self.label_block, label)?;
            if predecessors[target] < 2 || !self.is_exit_without_lineno(target) {
                continue;
            }
            let copy = self.blocks.len();
            let new_label = self.label_block.len() as u32;
            self.label_block.push(Some(copy));
            let entry = self.states[target].clone();
            let depth = entry.as_ref().map_or(0, |state| state.depth);
            let mut items = vec![Ir::Label(Label(new_label))];
            let mut info = vec![(depth, None)];
            for (item, &item_info) in self.blocks[target].items.iter().zip(&self.per_item[target]) {
                if !matches!(item, Ir::Label(_)) {
                    items.push(*item);
                    info.push(item_info);
                }
            }
            self.blocks.push(Block { items, falls_through: false });
            self.states.push(entry);
            self.per_item.push(info);
            self.place_first(copy, location);
            predecessors[target] -= 1;
            predecessors.push(1);
            if let Some(last) = self.blocks[b].items.last_mut() {
                *last = Ir::Op(jump.with_jump_target(new_label), location);
            }
        }
        for b in 0..self.blocks.len() {
            if self.states[b].is_none() || !self.blocks[b].falls_through || !self.is_exit_without_lineno(b + 1) {
                continue;
            }
            let last = self.blocks[b].items.iter_mut().rev().find_map(Ir::placeable).copied();
            if let Some(location) = last {
                self.place_first(b + 1, location);
            }
        }
        Ok(())
    }

    /// CPython's `propagate_line_numbers`.
    fn propagate_line_numbers(&mut self, predecessors: &[u32]) -> Result<(), String> {
        for b in 0..self.blocks.len() {
            if self.states[b].is_none() {
                continue;
            }
            let mut previous = None;
            for location in self.blocks[b].items.iter_mut().filter_map(Ir::placeable) {
                match previous {
                    Some(p) if unplaced(*location) => *location = p,
                    _ => previous = Some(*location),
                }
            }
            let Some(previous) = previous else { continue };
            if self.blocks[b].falls_through && predecessors[b + 1] == 1 {
                self.place_first(b + 1, previous);
            }
            if let Some((_, _, label)) = self.final_jump(b) {
                let target = find_block(self.label_block, label)?;
                if predecessors[target] == 1 {
                    self.place_first(target, previous);
                }
            }
        }
        Ok(())
    }

    /// CPython's `guarantee_lineno_for_exits`.
    fn guarantee_lineno_for_exits(&mut self, first_line: u32) {
        let mut line = first_line;
        for b in 0..self.blocks.len() {
            if self.states[b].is_none() {
                continue;
            }
            let items = &mut self.blocks[b].items;
            let Some(&mut last) = items.iter_mut().rev().find_map(Ir::placeable) else { continue };
            if !unplaced(last) {
                line = last.line;
            } else if matches!(items.last(), Some(Ir::Op(Instr::ReturnValue, _))) {
                for location in items.iter_mut().filter_map(Ir::placeable) {
                    *location = Location { line, end_line: 0, col: 0, end_col: 0 };
                }
            }
        }
    }
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
