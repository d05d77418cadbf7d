//! tiny (in progress)
