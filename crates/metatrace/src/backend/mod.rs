//! The machine-code backend (in progress).
