//! Generators: a frame that is suspended at each `yield` and resumed by `next()` or `send()`.
//!
//! Calling a generator function runs its frame up to `RETURN_GENERATOR`, which makes the
//! [`W_Generator`] (pointing at the frame, and pointed at by it) and returns it. `YIELD_VALUE`
//! records in the generator the instruction to resume at and returns the yielded value from the
//! portal; resuming writes the sent value on top of the frame's stack (the static stack depth of
//! the resume point says where) and runs the portal from that instruction. A generator whose
//! portal returns without yielding is finished.

use crate::code::Code;
use crate::exceptions::ExcKind;
use crate::frame::W_Frame;
use crate::gc;
use crate::interp::{with_concrete, Pos};
use crate::protocol;
use crate::space::{PyResult, Space};
use crate::storage::RefArray;
use metatrace_gc::{GcHeader, GcObject, GcRef};
use metatrace_macros::GcObject;

/// A generator object.
#[derive(GcObject)]
#[repr(C)]
pub struct W_Generator {
    /// The object header.
    pub header: GcHeader,
    /// The suspended frame.
    pub frame: GcRef,
    /// The instruction to resume at; [`FINISHED`] or [`RUNNING`] otherwise.
    pub pc: i64,
}

/// The `pc` of a generator that has returned or raised.
pub const FINISHED: i64 = -1;
/// The `pc` of a generator whose frame is running.
pub const RUNNING: i64 = -2;

/// A new generator for `frame`, to resume at `pc`.
pub fn new_generator(frame: GcRef, pc: i64) -> GcRef {
    let g = metatrace_gc::alloc(W_Generator::layout());
    gc::set_ref(g, &W_Generator::FRAME, frame);
    gc::set_i64(g, &W_Generator::PC, pc);
    gc::set_ref(frame, &W_Frame::GENERATOR, g);
    g
}

metatrace::residual! {
    /// Make the generator of a frame, to resume at `pc`.
    pub fn make_generator(frame: Ref, pc: Int) -> Ref;
    effect = Plain; can_raise = false; impl = new_generator;
}

/// Resume generator `gen` with `sent` as the value of its `yield`: the next value it yields, or
/// `None` when it finishes.
pub fn resume(gen: GcRef, sent: GcRef) -> PyResult<Option<GcRef>> {
    let space = Space::get();
    let pc = gc::get_i64(gen, &W_Generator::PC);
    if pc == FINISHED {
        return Ok(None);
    }
    if pc == RUNNING {
        return Err(space.new_exception(ExcKind::ValueError, "generator already executing"));
    }
    let frame = gc::get_ref(gen, &W_Generator::FRAME);
    let code = Code::of(gc::get_ref(frame, &W_Frame::CODE));
    let depth = code.object.stack_depths[pc as usize] as usize;
    let array = gc::get_ref(frame, &W_Frame::ARRAY);
    gc::set_item_ref(array, &RefArray::ITEMS, code.stack_base() + depth - 1, sent);
    gc::set_i64(gen, &W_Generator::PC, RUNNING);
    let result = with_concrete(|d| protocol::run_frame_at(d, space, Pos { code, pc: pc as u32 }, frame));
    if gc::get_i64(gen, &W_Generator::PC) == RUNNING {
        gc::set_i64(gen, &W_Generator::PC, FINISHED);
        result?;
        return Ok(None);
    }
    result.map(Some)
}
