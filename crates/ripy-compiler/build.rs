//! Computes the compiler's fingerprint: a hash of its sources and manifest, so that code objects
//! cached by one build of the compiler are never loaded by another ([`crate::cache`]).

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::path::Path;

fn hash_dir(dir: &Path, hasher: &mut DefaultHasher) {
    let mut entries: Vec<_> = std::fs::read_dir(dir).expect("the compiler's src directory").flatten().collect();
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let path = entry.path();
        if path.is_dir() {
            hash_dir(&path, hasher);
        } else {
            path.file_name().hash(hasher);
            std::fs::read(&path).expect("a compiler source file").hash(hasher);
        }
    }
}

fn main() {
    let mut hasher = DefaultHasher::new();
    hash_dir(Path::new("src"), &mut hasher);
    std::fs::read("Cargo.toml").expect("the compiler's manifest").hash(&mut hasher);
    println!("cargo:rustc-env=RIPY_COMPILER_FINGERPRINT={:016x}", hasher.finish());
    println!("cargo:rerun-if-changed=src");
    println!("cargo:rerun-if-changed=Cargo.toml");
}
