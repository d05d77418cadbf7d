//! Loop trees: which traces belong to which loop, which bridge hangs off which guard, the labels
//! that jumps may target, and freeing.
//!
//! A loop and the bridges attached to it (directly or through other bridges) form a tree, freed
//! together. Jumps may also cross trees (a bridge of one loop jumping to another loop's label),
//! so a freed tree's code is reclaimed only once no live tree can reach it through such jumps;
//! until then its labels are gone (no new trace can jump there) but its code and exits remain.

use super::asm::Loc;
use super::guards::ExitInfo;
use super::memory::Block;
use crate::backend::{BackendError, TraceId};
use crate::quasi::Invalidation;
use metatrace_gc::Kind;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

/// A label that jumps may target.
#[derive(Clone, Debug)]
pub struct LabelInfo {
    /// The tree whose code holds it.
    pub tree: TraceId,
    /// Its address.
    pub addr: usize,
    /// Where a jump must put each arg.
    pub locs: Vec<Loc>,
    /// The args' kinds.
    pub kinds: Vec<Kind>,
    /// The frame size the code from the label on needs.
    pub frame_bytes: usize,
}

/// A trace in code memory.
pub struct CompiledTrace {
    /// The loop whose tree it belongs to (itself for a loop).
    pub tree: TraceId,
    /// Its code block; a loop's entry is at the start.
    pub block: Block,
    /// Length of its code (the block may be longer).
    pub code_len: usize,
    /// Number of input args.
    pub inputs: usize,
    /// Its exits, by resume index.
    pub exits: HashMap<u32, ExitInfo>,
}

#[derive(Default)]
struct Tree {
    /// Set when code of the tree relied on a quasi-immutable field that changed.
    flag: Invalidation,
    traces: Vec<TraceId>,
    labels: Vec<u32>,
    jumps_into: HashSet<TraceId>,
    freed: bool,
}

/// All compiled traces, their trees and their labels.
#[derive(Default)]
pub struct Trees {
    traces: HashMap<TraceId, CompiledTrace>,
    trees: HashMap<TraceId, Tree>,
    labels: HashMap<u32, LabelInfo>,
}

impl Trees {
    /// The labels of live trees, by target number.
    pub fn labels(&self) -> &HashMap<u32, LabelInfo> {
        &self.labels
    }

    /// A compiled trace, live or waiting to be reclaimed.
    pub fn trace(&self, id: TraceId) -> Option<&CompiledTrace> {
        self.traces.get(&id)
    }

    fn is_live(&self, id: TraceId) -> bool {
        self.traces.get(&id).is_some_and(|t| !self.trees[&t.tree].freed)
    }

    /// The invalidation flag of the live tree of trace `id`.
    pub fn invalidation(&self, id: TraceId) -> Option<&Invalidation> {
        self.traces.get(&id).filter(|_| self.is_live(id)).map(|t| &self.trees[&t.tree].flag)
    }

    /// A loop that has not been freed.
    pub fn live_loop(&self, id: TraceId) -> Option<&CompiledTrace> {
        self.traces.get(&id).filter(|t| t.tree == id && self.is_live(id))
    }

    /// Guard `guard` of live trace `from`, which must have no bridge yet.
    pub fn bridgeable_exit(&self, from: TraceId, guard: u32) -> Result<&ExitInfo, BackendError> {
        if !self.is_live(from) {
            return Err(BackendError::UnknownTrace(from));
        }
        let exit = self.traces[&from].exits.get(&guard).ok_or(BackendError::UnknownGuard(from, guard))?;
        match (exit.jump, exit.bridge) {
            (None, _) => Err(BackendError::Invalid(format!("exit {guard} of trace {} is a finish", from.0))),
            (_, Some(_)) => Err(BackendError::GuardHasBridge(from, guard)),
            _ => Ok(exit),
        }
    }

    /// Add a trace: a loop (`tree == id`, with the tree's new invalidation flag) or a bridge of
    /// tree `tree`, with the labels it defines and the labels of earlier traces it jumps to. A tree
    /// that jumps into another follows its invalidation flag ([`Invalidation::follow`]).
    pub fn add(
        &mut self,
        id: TraceId,
        trace: CompiledTrace,
        flag: &Invalidation,
        labels: Vec<(u32, LabelInfo)>,
        jumps_to: &[u32],
    ) {
        let tree_id = trace.tree;
        let into: Vec<TraceId> =
            jumps_to.iter().map(|t| self.labels[t].tree).filter(|&other| other != tree_id).collect();
        let leaders: Vec<Invalidation> =
            into.iter().filter_map(|other| self.trees.get(other)).map(|t| t.flag.clone()).collect();
        let tree = self.trees.entry(tree_id).or_insert_with(|| Tree { flag: flag.clone(), ..Tree::default() });
        for leader in &leaders {
            tree.flag.follow(leader);
        }
        tree.traces.push(id);
        tree.jumps_into.extend(into);
        tree.labels.extend(labels.iter().map(|(target, _)| *target));
        self.labels.extend(labels);
        self.traces.insert(id, trace);
    }

    /// Record that guard `guard` of `from` now enters `bridge`.
    pub fn attach(&mut self, from: TraceId, guard: u32, bridge: TraceId) {
        let exit = self.traces.get_mut(&from).and_then(|t| t.exits.get_mut(&guard));
        exit.expect("attach to a checked exit").bridge = Some(bridge);
    }

    /// Free the tree of loop `root` (nothing happens if it is not a live loop) and return the
    /// blocks of every freed tree that no live tree can reach any more, with the invalidation
    /// flags their code reads (which must live as long as the code).
    pub fn free(&mut self, root: TraceId) -> (Vec<Block>, Vec<Invalidation>) {
        if self.live_loop(root).is_none() {
            return (Vec::new(), Vec::new());
        }
        let tree = self.trees.get_mut(&root).expect("a live loop has a tree");
        tree.freed = true;
        for target in &tree.labels {
            self.labels.remove(target);
        }
        let mut reachable: HashSet<TraceId> = self.trees.iter().filter(|(_, t)| !t.freed).map(|(&id, _)| id).collect();
        let mut work: Vec<TraceId> = reachable.iter().copied().collect();
        while let Some(id) = work.pop() {
            for &next in &self.trees[&id].jumps_into {
                if reachable.insert(next) {
                    work.push(next);
                }
            }
        }
        let dead: Vec<TraceId> = self.trees.keys().copied().filter(|id| !reachable.contains(id)).collect();
        let mut blocks = Vec::new();
        let mut flags = Vec::new();
        for id in dead {
            let tree = self.trees.remove(&id).expect("listed above");
            blocks.extend(tree.traces.iter().map(|t| self.traces.remove(t).expect("a tree's trace").block));
            flags.push(tree.flag);
        }
        (blocks, flags)
    }
}
