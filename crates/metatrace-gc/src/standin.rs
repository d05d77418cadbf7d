//! The stand-in collector: objects are bump-allocated from chunks obtained from the system
//! allocator and never freed (`METATRACE_GC=standin`). It has no roots, barriers or collections;
//! it stays as a reference point and a fallback.

use std::cell::Cell;

const CHUNK: usize = 1 << 20;

thread_local! {
    static BUMP: Cell<(usize, usize)> = const { Cell::new((0, 0)) };
}

/// Allocate `size` zeroed bytes (a multiple of 8) and let `init` write the object's header.
pub(crate) fn alloc(size: usize, init: impl FnOnce(usize)) -> usize {
    let addr = if size > CHUNK / 4 {
        fresh_zeroed(size)
    } else {
        BUMP.with(|bump| {
            let (mut cursor, mut limit) = bump.get();
            if cursor + size > limit {
                cursor = fresh_zeroed(CHUNK);
                limit = cursor + CHUNK;
            }
            bump.set((cursor + size, limit));
            cursor
        })
    };
    init(addr);
    addr
}

fn fresh_zeroed(size: usize) -> usize {
    let l = std::alloc::Layout::from_size_align(size, 16).expect("object size overflows");
    // SAFETY: `l` has a non-zero size (at least one header word).
    let p = unsafe { std::alloc::alloc_zeroed(l) };
    if p.is_null() {
        std::alloc::handle_alloc_error(l);
    }
    p as usize
}
