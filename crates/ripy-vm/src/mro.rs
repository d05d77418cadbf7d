//! The C3 linearization of a class's bases: the method resolution order, as CPython computes it,
//! with CPython's error message when there is none.

use metatrace_gc::GcRef;

/// Why a class has no consistent MRO: the classes at the heads of the lists that could not be
/// merged, in CPython's order (its message names them).
#[derive(Debug, PartialEq, Eq)]
pub struct MroConflict {
    /// The blocked heads, without duplicates.
    pub heads: Vec<GcRef>,
}

impl MroConflict {
    /// CPython's message, given a way to name a class.
    pub fn message(&self, name: impl Fn(GcRef) -> String) -> String {
        let names: Vec<String> = self.heads.iter().map(|&c| name(c)).collect();
        format!("Cannot create a consistent method resolution\norder (MRO) for bases {}", names.join(", "))
    }
}

/// The MRO of class `cls` whose bases are `bases` with MROs `base_mros` (one per base): `cls`
/// followed by the C3 merge of the bases' MROs and the list of bases.
pub fn c3(cls: GcRef, bases: &[GcRef], base_mros: &[Vec<GcRef>]) -> Result<Vec<GcRef>, MroConflict> {
    let mut lists: Vec<&[GcRef]> = base_mros.iter().map(Vec::as_slice).collect();
    lists.push(bases);
    let mut remain = vec![0usize; lists.len()];
    let mut result = vec![cls];
    'merge: loop {
        let mut empty = 0;
        for i in 0..lists.len() {
            let Some(&candidate) = lists[i].get(remain[i]) else {
                empty += 1;
                continue;
            };
            let in_a_tail =
                lists.iter().zip(&remain).any(|(l, &r)| l.get(r + 1..).is_some_and(|t| t.contains(&candidate)));
            if in_a_tail {
                continue;
            }
            result.push(candidate);
            for (l, r) in lists.iter().zip(remain.iter_mut()) {
                if l.get(*r) == Some(&candidate) {
                    *r += 1;
                }
            }
            continue 'merge;
        }
        if empty == lists.len() {
            return Ok(result);
        }
        let mut heads = Vec::new();
        for (l, &r) in lists.iter().zip(&remain) {
            if let Some(&head) = l.get(r) {
                if !heads.contains(&head) {
                    heads.push(head);
                }
            }
        }
        return Err(MroConflict { heads });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::storage::RefArray;

    /// Distinct references to stand for classes.
    fn classes(n: usize) -> Vec<GcRef> {
        (0..n).map(|_| RefArray::nulls(0)).collect()
    }

    #[test]
    fn linearizes_diamonds() {
        let c = classes(5);
        let (object, a, b, x, d) = (c[0], c[1], c[2], c[3], c[4]);
        let mro_a = vec![a, object];
        let mro_b = vec![b, a, object];
        let mro_x = vec![x, a, object];
        assert_eq!(c3(d, &[b, x], &[mro_b, mro_x]).unwrap(), vec![d, b, x, a, object]);
        assert_eq!(c3(b, &[a], &[mro_a]).unwrap(), vec![b, a, object]);
    }

    #[test]
    fn reports_the_blocked_heads() {
        let c = classes(4);
        let (object, a, b, bad) = (c[0], c[1], c[2], c[3]);
        let err = c3(bad, &[a, b], &[vec![a, object], vec![b, a, object]]).unwrap_err();
        assert_eq!(err.heads, vec![a, b]);
        let name = |r: GcRef| if r == a { "A".to_owned() } else { "B".to_owned() };
        assert_eq!(err.message(name), "Cannot create a consistent method resolution\norder (MRO) for bases A, B");
    }
}
