//! Parallel moves: put several values into several places at once, as at a jump to a label (the
//! loop-carried values rotate) or before a call (arguments go to fixed registers), where a
//! destination may be the source of another move.

use super::asm::{Asm, Loc, Value, XSCRATCH};

/// Emit moves that give each destination (all distinct) its value as it was before any of them.
/// Cycles are broken through xmm15; memory-to-memory moves and constants use r11.
pub fn parallel_move(asm: &mut Asm, moves: &[(Loc, Value)]) {
    let mut pending: Vec<(Loc, Loc)> = moves
        .iter()
        .filter_map(|&(dst, value)| match value {
            Value::At(src) if src != dst => Some((dst, src)),
            _ => None,
        })
        .collect();
    let park = Loc::Xmm(XSCRATCH);
    while !pending.is_empty() {
        let ready = pending.iter().position(|&(dst, _)| pending.iter().all(|&(_, src)| src != dst));
        match ready {
            Some(i) => {
                let (dst, src) = pending.remove(i);
                asm.mov(dst, src);
            }
            None => {
                // Every destination is still to be read: they form cycles. Park one destination's
                // value; the move that writes it becomes ready and its cycle unwinds.
                debug_assert!(pending.iter().all(|&(_, src)| src != park), "two cycles parked at once");
                let (dst, _) = pending[0];
                asm.mov(park, dst);
                for (_, src) in pending.iter_mut().filter(|(_, src)| *src == dst) {
                    *src = park;
                }
            }
        }
    }
    for &(dst, value) in moves {
        if let Value::Const(bits) = value {
            asm.mov_const(dst, bits);
        }
    }
}
