//! Code memory and execution, the backend's only `unsafe` code.
//!
//! One region of address space is reserved up front, so that every trace can reach every other
//! (and the trampoline) with 32-bit displacements; its size is the code size limit. Traces get
//! 16-byte aligned blocks of it, first fit, and freed blocks are coalesced and reused. Pages are
//! readable and executable, and writable only while code is written or patched (W^X). Code may be
//! written while other compiled code is suspended in a call further up the stack: it is never
//! executing at that moment, and its page is executable again before the call returns.

use super::asm::Fixup;
use crate::backend::BackendError;
use std::cell::Cell;
use std::collections::BTreeMap;

/// A block of code memory holding one trace (or the trampoline).
#[derive(Copy, Clone, PartialEq, Eq, Debug)]
pub struct Block {
    /// Address of the first byte.
    pub addr: usize,
    /// Length in bytes (a multiple of 16).
    pub len: usize,
}

/// The code memory region and its allocator.
pub struct CodeMemory {
    base: usize,
    capacity: usize,
    page: usize,
    /// End of the part of the region ever handed out.
    top: usize,
    /// Free blocks below `top`, by address.
    free: BTreeMap<usize, usize>,
    /// Blocks in use, by address.
    used: BTreeMap<usize, usize>,
}

const ALIGN: usize = 16;

/// The trampoline's signature: run the code at `entry` with the deopt buffer `buf` and a frame of
/// `frame_bytes` bytes; return the exit code.
type TrampolineFn = extern "C" fn(buf: *mut u64, frame_bytes: usize, entry: usize, context: usize) -> u64;

impl CodeMemory {
    /// Reserve `capacity` bytes of address space (nothing is committed until written).
    pub fn new(capacity: usize) -> std::io::Result<CodeMemory> {
        // SAFETY: an anonymous private mapping at an address of the kernel's choosing aliases
        // nothing; PROT_NONE makes it inaccessible until pages are handed out.
        let base = unsafe {
            libc::mmap(
                std::ptr::null_mut(),
                capacity,
                libc::PROT_NONE,
                libc::MAP_PRIVATE | libc::MAP_ANONYMOUS | libc::MAP_NORESERVE,
                -1,
                0,
            )
        };
        if base == libc::MAP_FAILED {
            return Err(std::io::Error::last_os_error());
        }
        // SAFETY: sysconf has no preconditions.
        let page = usize::try_from(unsafe { libc::sysconf(libc::_SC_PAGESIZE) }).unwrap_or(4096);
        Ok(CodeMemory { base: base as usize, capacity, page, top: 0, free: BTreeMap::new(), used: BTreeMap::new() })
    }

    /// Bytes in use by live blocks.
    pub fn used_bytes(&self) -> usize {
        self.used.values().sum()
    }

    fn allocate(&mut self, len: usize) -> Result<Block, BackendError> {
        let len = len.max(1).next_multiple_of(ALIGN);
        let fit = self.free.iter().find(|&(_, &size)| size >= len).map(|(&offset, &size)| (offset, size));
        let offset = match fit {
            Some((offset, size)) => {
                self.free.remove(&offset);
                if size > len {
                    self.free.insert(offset + len, size - len);
                }
                offset
            }
            None if self.capacity - self.top >= len => {
                self.top += len;
                self.top - len
            }
            None => return Err(BackendError::OutOfCodeMemory),
        };
        self.used.insert(offset, len);
        Ok(Block { addr: self.base + offset, len })
    }

    /// Copy `code` into a new block and resolve its fixups against the block's address.
    pub fn install(&mut self, code: &[u8], fixups: &[Fixup]) -> Result<Block, BackendError> {
        let block = self.allocate(code.len())?;
        let mut bytes = code.to_vec();
        for fixup in fixups {
            let rel = rel32(block.addr + fixup.at, fixup.target);
            bytes[fixup.at..fixup.at + 4].copy_from_slice(&rel.to_le_bytes());
        }
        self.write(block.addr, &bytes);
        Ok(block)
    }

    /// Point the 32-bit displacement at `at` (the last four bytes of a jump) to `target`.
    pub fn patch_jump(&mut self, at: usize, target: usize) {
        self.write(at, &rel32(at, target).to_le_bytes());
    }

    /// Give a block back; its bytes are overwritten with `int3` so that a stale jump traps.
    pub fn release(&mut self, block: Block) {
        let offset = block.addr - self.base;
        assert_eq!(self.used.remove(&offset), Some(block.len), "release of a block not in use");
        self.write(block.addr, &vec![0xCC; block.len]);
        let mut start = offset;
        let mut len = block.len;
        if let Some((&prev, &prev_len)) = self.free.range(..offset).next_back() {
            if prev + prev_len == offset {
                self.free.remove(&prev);
                start = prev;
                len += prev_len;
            }
        }
        if let Some(next_len) = self.free.remove(&(offset + block.len)) {
            len += next_len;
        }
        if start + len == self.top {
            self.top = start;
        } else {
            self.free.insert(start, len);
        }
    }

    /// The bytes of a live block.
    pub fn bytes(&self, block: Block) -> &[u8] {
        assert_eq!(self.used.get(&(block.addr - self.base)), Some(&block.len), "read of a block not in use");
        // SAFETY: the block lies inside the mapping, in pages that were made readable when it
        // was installed and stay readable until the mapping is dropped with `self`.
        unsafe { std::slice::from_raw_parts(block.addr as *const u8, block.len) }
    }

    /// A runner for the code at `entry` through the trampoline at `trampoline`; both must lie in
    /// blocks in use (checked in debug builds: the check is a tree search, and this is on the path
    /// of every entry into compiled code).
    pub fn runner(&self, trampoline: usize, entry: usize) -> Runner {
        if cfg!(debug_assertions) {
            for addr in [trampoline, entry] {
                let offset = addr.wrapping_sub(self.base);
                let in_use = self.used.range(..=offset).next_back().is_some_and(|(&start, &len)| offset < start + len);
                assert!(in_use, "jump to {addr:#x}, outside live code");
            }
        }
        Runner { trampoline, entry }
    }

    fn write(&mut self, addr: usize, bytes: &[u8]) {
        assert!(addr >= self.base && addr + bytes.len() <= self.base + self.capacity, "write outside code memory");
        let start = addr / self.page * self.page;
        let end = (addr + bytes.len()).next_multiple_of(self.page);
        self.protect(start, end - start, libc::PROT_READ | libc::PROT_WRITE);
        // SAFETY: the destination lies inside the mapping (checked above) and was just made
        // writable; `bytes` is a separate Rust allocation, so the ranges do not overlap.
        unsafe { std::ptr::copy_nonoverlapping(bytes.as_ptr(), addr as *mut u8, bytes.len()) };
        self.protect(start, end - start, libc::PROT_READ | libc::PROT_EXEC);
    }

    fn protect(&self, addr: usize, len: usize, prot: libc::c_int) {
        // SAFETY: [addr, addr + len) is a page-aligned range inside our own mapping; changing its
        // protection affects no memory that Rust code holds references to.
        let result = unsafe { libc::mprotect(addr as *mut libc::c_void, len, prot) };
        assert_eq!(result, 0, "mprotect of code memory failed: {}", std::io::Error::last_os_error());
    }
}

/// Compiled code ready to run: a trampoline and the entry it jumps to.
pub struct Runner {
    trampoline: usize,
    entry: usize,
}

impl Runner {
    /// Run the code with `buf` as the deopt buffer, a frame of `frame_bytes` and `context` as the
    /// allocation context; return the exit code.
    ///
    /// # Safety
    /// The code memory the runner came from must still be mapped and the blocks it named still in
    /// use (not released) for the whole run; `frame_bytes` must cover every spill slot of every
    /// trace the code can reach, and `buf` must be at least as long as the inputs and the fail args
    /// of every exit of those traces. `context` must be the current thread's allocation context
    /// (`metatrace_gc::inline::alloc_context`) if the code allocates inline.
    pub unsafe fn run(self, buf: &[Cell<u64>], frame_bytes: usize, context: usize) -> u64 {
        // SAFETY: by the caller's contract the trampoline is live code emitted by
        // `trampoline::emit`, which follows the SysV ABI with the signature of `TrampolineFn`: it
        // saves and restores the callee-saved registers, keeps the stack 16-byte aligned, and
        // returns only through its epilogue. The code it enters reads and writes its own frame, the
        // deopt buffer (within the length the caller guarantees; `Cell` makes those writes legal
        // while Rust holds a shared reference) and the objects the trace names.
        let trampoline: TrampolineFn = unsafe { std::mem::transmute::<usize, TrampolineFn>(self.trampoline) };
        trampoline(buf.as_ptr() as *mut u64, frame_bytes, self.entry, context)
    }
}

/// Read the word at byte `offset` of the frame of compiled code at `frame`.
///
/// # Safety
/// `frame` must be the `force_token` (the `rsp`) of compiled code that is suspended in a call
/// (so its frame is live and no machine code touches it meanwhile), and `offset` within its
/// frame (a header word or a spill slot the trace uses).
pub unsafe fn read_frame_word(frame: usize, offset: usize) -> u64 {
    // SAFETY: by the caller's contract the word lies in a live, suspended frame; frames are
    // 8-byte aligned (16-byte aligned base, word offsets).
    unsafe { std::ptr::read((frame + offset) as *const u64) }
}

/// Write the word at byte `offset` of the frame of compiled code at `frame`.
///
/// # Safety
/// As for [`read_frame_word`].
pub unsafe fn write_frame_word(frame: usize, offset: usize, value: u64) {
    // SAFETY: as in `read_frame_word`; the suspended code reads the word only after its call
    // returns.
    unsafe { std::ptr::write((frame + offset) as *mut u64, value) }
}

impl Drop for CodeMemory {
    fn drop(&mut self) {
        // SAFETY: the region was mapped by `new` with this size and is unmapped once; every
        // reference into it (`bytes`) borrows `self` and so has ended.
        unsafe { libc::munmap(self.base as *mut libc::c_void, self.capacity) };
    }
}

/// The displacement of a jump whose 32-bit field is at `at`, to `target`. Both lie in one
/// region smaller than 2 GiB, so it fits.
fn rel32(at: usize, target: usize) -> i32 {
    i32::try_from(target as i64 - (at as i64 + 4)).expect("code memory region larger than 2 GiB")
}
