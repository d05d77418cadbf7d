//! `VarMap`: a map keyed by variable number, stored as a vector indexed by it.
//!
//! Variables of a trace are numbered densely from zero, so the optimizer's and the tracer's
//! per-variable knowledge (replacements, bounds, reference facts, virtuals) fits in a vector: a
//! lookup is an index, not a hash.

use super::VarId;

/// A map from variable numbers to values of type `T`.
#[derive(Clone, Debug)]
pub struct VarMap<T> {
    slots: Vec<Option<T>>,
}

impl<T> Default for VarMap<T> {
    fn default() -> Self {
        VarMap { slots: Vec::new() }
    }
}

impl<T> VarMap<T> {
    /// An empty map.
    pub fn new() -> Self {
        Self::default()
    }

    /// The value of `id`, if it has one.
    #[inline]
    pub fn get(&self, id: VarId) -> Option<&T> {
        self.slots.get(id as usize).and_then(Option::as_ref)
    }

    /// The value of `id`, to change it.
    #[inline]
    pub fn get_mut(&mut self, id: VarId) -> Option<&mut T> {
        self.slots.get_mut(id as usize).and_then(Option::as_mut)
    }

    /// Whether `id` has a value.
    #[inline]
    pub fn contains(&self, id: VarId) -> bool {
        self.get(id).is_some()
    }

    fn slot(&mut self, id: VarId) -> &mut Option<T> {
        let i = id as usize;
        if i >= self.slots.len() {
            self.slots.resize_with(i + 1, || None);
        }
        &mut self.slots[i]
    }

    /// Give `id` the value `value`; returns the previous one.
    pub fn insert(&mut self, id: VarId, value: T) -> Option<T> {
        self.slot(id).replace(value)
    }

    /// Take the value of `id` away.
    pub fn remove(&mut self, id: VarId) -> Option<T> {
        self.slots.get_mut(id as usize).and_then(Option::take)
    }

    /// The value of `id`, inserted by `make` when it has none.
    pub fn get_or_insert_with(&mut self, id: VarId, make: impl FnOnce() -> T) -> &mut T {
        self.slot(id).get_or_insert_with(make)
    }
}

#[cfg(test)]
mod tests {
    use super::VarMap;

    #[test]
    fn insert_get_remove() {
        let mut m = VarMap::new();
        assert_eq!(m.get(3), None);
        assert_eq!(m.insert(3, "a"), None);
        assert_eq!(m.insert(3, "b"), Some("a"));
        assert_eq!(m.get(3), Some(&"b"));
        assert!(!m.contains(2) && m.contains(3));
        *m.get_or_insert_with(7, || "c") = "d";
        assert_eq!(m.get(7), Some(&"d"));
        assert_eq!(m.remove(3), Some("b"));
        assert_eq!(m.remove(3), None);
        assert_eq!(m.remove(100), None);
    }
}
