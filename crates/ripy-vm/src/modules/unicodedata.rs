//! `_ripyunicodedata`: the Unicode character database lookups under ripy's `unicodedata`
//! module (`unicodedata.py`, embedded), on the `rustpython-unicode` crate (ICU4X properties and
//! normalizers, `unicode_names2` names, and its own Unicode 3.2.0 tables for
//! `unicodedata.ucd_3_2_0`).
//!
//! The crate's data is newer than CPython 3.11's Unicode 14.0.0: the characters assigned since
//! then are masked (`unicode14`: they read as unassigned, as in CPython 3.11), and the 217 older
//! characters whose category, bidirectional class, width, mirroring or numeric value changed
//! answer with their 14.0.0 values from a table. Names and normalization follow the newer data.

use super::exact_args;
use crate::builtins::BuiltinDef;
use crate::exceptions::ExcKind;
use crate::function::Args;
use crate::space::{PyResult, Space};
use crate::unicode::{self, W_Str};
use metatrace_gc::{GcObject, GcRef};
use rustpython_unicode::data::{self, LookupResult, Ucd};
use rustpython_unicode::normalize::{self, NormalizeForm};
use rustpython_wtf8::{CodePoint, Wtf8Buf};

mod unicode14;

/// Whether `cp` was unassigned in Unicode 14.0.0.
fn unassigned_in_14(cp: u32) -> bool {
    unicode14::UNASSIGNED
        .binary_search_by(|&(lo, hi)| {
            if hi < cp {
                std::cmp::Ordering::Less
            } else if lo > cp {
                std::cmp::Ordering::Greater
            } else {
                std::cmp::Ordering::Equal
            }
        })
        .is_ok()
}

/// The general category of `cp` in CPython 3.11's database (Unicode 14.0.0).
pub fn category(cp: u32) -> &'static str {
    let Some(code_point) = CodePoint::from_u32(cp) else { return "Cn" };
    if unassigned_in_14(cp) {
        return "Cn";
    }
    match unicode14::CHANGED.binary_search_by_key(&cp, |row| row.0) {
        Ok(i) => unicode14::CHANGED[i].1,
        Err(_) => Ucd::new(true).category(code_point),
    }
}

/// The module.
pub const MODULE: super::BuiltinModule = super::BuiltinModule { name: "_ripyunicodedata", init };

/// `unicodedata`, written in Python (`unicodedata.py`) over this module.
pub const UNICODEDATA: super::BuiltinModule = super::BuiltinModule { name: "unicodedata", init: init_unicodedata };

fn init_unicodedata(space: &'static Space, m: GcRef) -> PyResult<()> {
    super::exec_source(space, m, "<frozen unicodedata>", include_str!("unicodedata.py"))
}

const fn def(name: &'static str, func: crate::builtins::NativeFn) -> BuiltinDef {
    super::native("_ripyunicodedata", name, func)
}

/// The functions of `_ripyunicodedata`.
pub static DEFS: &[BuiltinDef] =
    &[def("prop", prop), def("lookup", lookup), def("normalize", normalize_fn), def("is_normalized", is_normalized)];

fn init(space: &'static Space, m: GcRef) -> PyResult<()> {
    super::add_functions(space, super::namespace(m), "_ripyunicodedata");
    Ok(())
}

/// The text of a str argument (already checked by `unicodedata.py`).
fn text_arg(space: &Space, v: GcRef) -> PyResult<String> {
    super::str_arg(space, v, "argument")
}

/// The database view: the latest one or Unicode 3.2.0.
fn ucd_arg(modern: GcRef) -> PyResult<Ucd> {
    Ok(Ucd::new(crate::objspace::truthy(modern)?))
}

/// `prop(what, cp, modern)`: property `what` of code point `cp`; None where the character
/// has no such value (no name, not a digit...).
fn prop(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let [what, cp, modern] = exact_args::<3>(space, "prop", args)?;
    let what = text_arg(space, what)?;
    let cp = crate::objspace::int_value(cp)
        .and_then(|v| u32::try_from(v).ok())
        .and_then(CodePoint::from_u32)
        .ok_or_else(|| space.new_exception(ExcKind::ValueError, "code point out of range"))?;
    let ucd = ucd_arg(modern)?;
    let int = |v: i64| crate::int::heap_int(v);
    // CPython's database gives unassigned code points the blank record (bidirectional '', east
    // Asian width 'F'), surrogates bidirectional 'L', and Hangul syllables no decomposition.
    let newer = crate::objspace::truthy(modern)? && unassigned_in_14(cp.to_u32());
    let category = if newer { "Cn" } else { ucd.category(cp) };
    let unassigned = category == "Cn";
    let blank =
        matches!(what.as_str(), "combining" | "mirrored" | "decomposition" | "decimal" | "digit" | "numeric" | "name");
    if newer && blank {
        return Ok(match what.as_str() {
            "combining" | "mirrored" => int(0),
            "decomposition" => unicode::new_str(""),
            _ => space.none,
        });
    }
    let changed = crate::objspace::truthy(modern)?
        .then(|| unicode14::CHANGED.binary_search_by_key(&cp.to_u32(), |row| row.0).ok())
        .flatten()
        .map(|i| unicode14::CHANGED[i]);
    if let Some((_, category, bidirectional, width, mirrored, numeric)) = changed {
        match what.as_str() {
            "category" => return Ok(unicode::new_str(category)),
            "bidirectional" => return Ok(unicode::new_str(bidirectional)),
            "east_asian_width" => return Ok(unicode::new_str(width)),
            "mirrored" => return Ok(int(mirrored)),
            "numeric" => return Ok(numeric.map_or(space.none, crate::float::heap_float)),
            _ => {}
        }
    }
    Ok(match what.as_str() {
        "category" => unicode::new_str(category),
        "bidirectional" if unassigned => unicode::new_str(""),
        "bidirectional" if category == "Cs" => unicode::new_str("L"),
        "bidirectional" => unicode::new_str(ucd.bidirectional(cp)),
        "east_asian_width" if unassigned => unicode::new_str("F"),
        "east_asian_width" => unicode::new_str(ucd.east_asian_width(cp)),
        "mirrored" => int(i64::from(ucd.mirrored(cp))),
        "combining" => int(i64::from(ucd.combining(cp))),
        "decomposition" if (0xac00..=0xd7a3).contains(&cp.to_u32()) => unicode::new_str(""),
        "decomposition" => unicode::new_str(&ucd.decomposition(cp)),
        "decimal" => ucd.decimal(cp).map_or(space.none, |v| int(v as i64)),
        "digit" => ucd.digit(cp).map_or(space.none, |v| int(v as i64)),
        "numeric" => ucd.numeric(cp).map_or(space.none, crate::float::heap_float),
        "name" => cp
            .to_char()
            .filter(|&c| ucd.membership(c))
            .and_then(data::character_name)
            .map_or(space.none, |n| unicode::new_str(&n)),
        _ => return Err(space.new_exception(ExcKind::ValueError, &format!("unknown property {what}"))),
    })
}

/// `lookup(name, modern)`: the character (or named sequence) called `name`, or None.
fn lookup(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let [name, modern] = exact_args::<2>(space, "lookup", args)?;
    let name = text_arg(space, name)?;
    let newer = crate::objspace::truthy(modern)?;
    Ok(match ucd_arg(modern)?.lookup(&name) {
        Some(LookupResult::Character(c)) if newer && unassigned_in_14(c as u32) => space.none,
        Some(LookupResult::Character(c)) => unicode::from_chars([c as u32]),
        Some(LookupResult::Sequence(seq)) => unicode::new_str(seq),
        None => space.none,
    })
}

/// The normalization form named by a str, or CPython's `ValueError`.
fn form_arg(space: &Space, form: GcRef) -> PyResult<NormalizeForm> {
    text_arg(space, form)?.parse().map_err(|()| space.new_exception(ExcKind::ValueError, "invalid normalization form"))
}

/// The text of str `s` as WTF-8 (lone surrogates kept).
fn wtf8_arg(space: &Space, s: GcRef) -> PyResult<Wtf8Buf> {
    if s.layout() != W_Str::layout() {
        return Err(space.new_exception(ExcKind::TypeError, "argument must be str"));
    }
    let mut text = Wtf8Buf::new();
    for cp in unicode::decode(&unicode::wtf8(s)) {
        text.push(CodePoint::from_u32(cp).unwrap_or_else(|| CodePoint::from_char('\u{fffd}')));
    }
    Ok(text)
}

/// `normalize(form, s)`: `s` in normalization form `form`.
fn normalize_fn(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let [form, s] = exact_args::<2>(space, "normalize", args)?;
    let form = form_arg(space, form)?;
    let text = wtf8_arg(space, s)?;
    let out = normalize::normalize(form, &text);
    Ok(unicode::from_chars(out.code_points().map(CodePoint::to_u32)))
}

/// `is_normalized(form, s)`: whether `s` is in normalization form `form`.
fn is_normalized(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let [form, s] = exact_args::<2>(space, "is_normalized", args)?;
    let form = form_arg(space, form)?;
    let text = wtf8_arg(space, s)?;
    Ok(space.bools[usize::from(normalize::is_normalized(form, &text))])
}
