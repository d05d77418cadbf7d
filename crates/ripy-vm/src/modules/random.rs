//! The `_random` module: CPython's Mersenne Twister (MT19937). The `Random` class, seeding and
//! the state tuple are Python (`_random.py`, run as the module's body); stepping the generator is
//! native: `_genrand32(mt)` gives the next tempered 32-bit output of the state `mt`, a list of the
//! 624 words of the state followed by the index of the next word, and regenerates the words (the
//! twist) when they are used up, as CPython's `genrand_uint32`. In a trace it is one residual call
//! ([`genrand32`], through [`crate::function::call_builtin`]) instead of the inlined Python of the
//! tempering and of the twist's loop.

use crate::builtins::BuiltinDef;
use crate::exceptions::ExcKind;
use crate::function::Args;
use crate::int::heap_int;
use crate::list::{self, Strategy, W_List};
use crate::space::{PyResult, Space};
use crate::storage::IntArray;
use metatrace_gc::{heap, GcObject, GcRef};

/// The module.
pub const MODULE: super::BuiltinModule = super::BuiltinModule { name: "_random", init };

/// The native functions of `_random`.
pub static DEFS: &[BuiltinDef] = &[super::native("_random", "_genrand32", genrand32_native)];

fn init(space: &'static Space, m: GcRef) -> PyResult<()> {
    super::add_functions(space, super::namespace(m), "_random");
    super::exec_source(space, m, "<frozen _random>", include_str!("_random.py"))
}

/// The number of words of the state (MT19937's `N`).
const N: usize = 624;
/// MT19937's `M`.
const M: usize = 397;

/// Regenerate the `N` words of the state (CPython's `genrand_uint32`, the part run when the
/// index reaches `N`).
fn twist(mt: &mut [u64]) {
    for kk in 0..N {
        let y = (mt[kk] & 0x8000_0000) | (mt[(kk + 1) % N] & 0x7FFF_FFFF);
        let odd = if y & 1 == 1 { 0x9908_B0DF } else { 0 };
        mt[kk] = mt[(kk + M) % N] ^ (y >> 1) ^ odd;
    }
}

/// The next output of state `mt` (see the module's documentation), advancing it; a `TypeError`
/// when `mt` is not a list of `N + 1` ints (only `_random.py` makes and passes these lists).
fn genrand32(mt: GcRef) -> PyResult<i64> {
    if mt.layout() != W_List::layout() || list::strategy(mt) != Strategy::Int || list::len(mt) != N + 1 {
        return Err(Space::get().new_exception(ExcKind::TypeError, "_genrand32() needs a generator state"));
    }
    let storage = heap::read_field_ref_expecting(mt, W_List::layout(), &W_List::STORAGE);
    let mut index = heap::read_item(storage, &IntArray::ITEMS, N as i64) as usize;
    if index >= N {
        let mut words = vec![0u64; N];
        heap::read_word_items(storage, &IntArray::ITEMS, 0, &mut words);
        twist(&mut words);
        heap::write_word_items(storage, &IntArray::ITEMS, 0, &words);
        index = 0;
    }
    let mut y = heap::read_item(storage, &IntArray::ITEMS, index as i64) & 0xFFFF_FFFF;
    heap::write_item(storage, &IntArray::ITEMS, N as i64, (index + 1) as u64);
    y ^= y >> 11;
    y ^= (y << 7) & 0x9D2C_5680;
    y ^= (y << 15) & 0xEFC6_0000;
    y ^= y >> 18;
    Ok(y as i64)
}

/// `_genrand32(mt)`.
fn genrand32_native(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let mt = super::one_arg(space, "_genrand32", args)?;
    genrand32(mt).map(heap_int)
}

fn genrand32_impl(mt: GcRef) -> i64 {
    crate::runtime::raising(genrand32(mt), 0)
}

metatrace::residual! {
    /// `_genrand32(mt)` of a list `mt`: the next 32-bit output of the generator state `mt`.
    pub fn genrand32_call(mt: Ref) -> Int;
    effect = Plain; can_raise = true; impl = genrand32_impl;
}
