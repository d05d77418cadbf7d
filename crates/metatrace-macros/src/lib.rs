//! Derive macros for metatrace.
//!
//! [`GcObject`](derive@GcObject) turns a `#[repr(C)]` struct into a type the GC heap and the JIT
//! understand: it generates the struct's `metatrace_gc::Layout` and one typed descriptor per field,
//! so that interpreter code never spells an offset by hand.

use proc_macro::TokenStream;
use proc_macro2::{Span, TokenStream as TokenStream2};
use quote::{format_ident, quote};
use syn::spanned::Spanned;
use syn::{parse_macro_input, Data, DeriveInput, Expr, ExprLit, Field, Fields, Ident, Lit, Type};

/// Derive `metatrace_gc::GcObject` for a heap object type.
///
/// The struct must be `#[repr(C)]`, have no generic parameters, and start with a field
/// `header: GcHeader`. Every other field is an `i64`, `i32`, `i16`, `i8`, `u64`, `u32`, `u16`,
/// `u8`, `isize`, `usize`, `f64` or `GcRef` (named by any path ending in those names). For each
/// field `foo` the macro generates an associated constant `FOO: ::metatrace_gc::FieldDescr`; a field
/// marked `#[gc(immutable)]` gets a descriptor with `immutable: true` (the JIT folds reads of it on
/// constant objects, so it must never change after the object is initialised); a field marked
/// `#[gc(quasi_immutable)]` gets `quasi_immutable: true`: it may change, but rarely, so the JIT
/// folds reads of it on constant objects into constants guarded by `guard_not_invalidated`, and
/// every write of it (through the heap's accessors or a trace) invalidates the compiled code that
/// relied on the old value.
///
/// An array-like object ends with an `i64` length field followed by a zero-length array of items,
/// for example `len: i64, items: [GcRef; 0]`. Its layout then has a `metatrace_gc::ArrayPart` and
/// the items get an associated constant `ITEMS: ::metatrace_gc::ArrayDescr` (named after the array
/// field).
///
/// ```ignore
/// #[derive(GcObject)]
/// #[repr(C)]
/// struct Pair {
///     header: GcHeader,
///     #[gc(immutable)]
///     first: GcRef,
///     count: i64,
/// }
/// // Pair::FIRST, Pair::COUNT: FieldDescr; <Pair as GcObject>::layout(): &'static Layout
/// ```
#[proc_macro_derive(GcObject, attributes(gc))]
pub fn derive_gc_object(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    expand(&input).unwrap_or_else(syn::Error::into_compile_error).into()
}

/// A scalar field of the fixed part.
struct Scalar<'a> {
    ident: &'a Ident,
    ty: FieldType,
    immutable: bool,
    quasi_immutable: bool,
}

/// The trailing array of an array-like object.
struct ArrayField<'a> {
    ident: &'a Ident,
    ty: FieldType,
    length: &'a Ident,
}

/// A supported field or item type.
struct FieldType {
    /// The `ItemType` expression.
    item_type: TokenStream2,
    /// The Rust type it was recognised as, spelled canonically.
    canonical: TokenStream2,
    /// Whether it is a reference.
    is_ref: bool,
}

fn expand(input: &DeriveInput) -> syn::Result<TokenStream2> {
    let name = &input.ident;
    if !input.generics.params.is_empty() {
        return Err(syn::Error::new(input.generics.span(), "GcObject cannot be derived for a generic type"));
    }
    if !has_repr_c(input)? {
        return Err(syn::Error::new(name.span(), "GcObject requires #[repr(C)] so that field offsets are stable"));
    }
    let fields = match &input.data {
        Data::Struct(s) => match &s.fields {
            Fields::Named(named) => named.named.iter().collect::<Vec<_>>(),
            _ => return Err(syn::Error::new(name.span(), "GcObject requires a struct with named fields")),
        },
        _ => return Err(syn::Error::new(name.span(), "GcObject can only be derived for a struct")),
    };
    check_header(name, &fields)?;

    let body = &fields[1..];
    let (scalar_fields, array) = match body.split_last() {
        Some((last, rest)) if matches!(last.ty, Type::Array(_)) => (rest, Some(array_field(last, rest)?)),
        _ => (body, None),
    };
    let scalars = scalar_fields.iter().map(|f| scalar(f)).collect::<syn::Result<Vec<_>>>()?;

    let name_str = name.to_string();
    // The layout is a static beside the type (associated statics do not exist), so that the
    // field descriptors, constants, can refer to it.
    let layout_static = format_ident!("__METATRACE_LAYOUT_OF_{}", name);
    let field_consts = scalars.iter().map(|s| {
        let const_name = upper_ident(s.ident);
        let ident = s.ident;
        let field_str = ident.to_string();
        let doc = format!("Descriptor of the field `{field_str}`.");
        let item_type = &s.ty.item_type;
        let immutable = s.immutable;
        let quasi_immutable = s.quasi_immutable;
        quote! {
            #[doc = #doc]
            pub const #const_name: ::metatrace_gc::FieldDescr = ::metatrace_gc::FieldDescr {
                owner: #name_str,
                name: #field_str,
                offset: ::core::mem::offset_of!(#name, #ident),
                ty: #item_type,
                immutable: #immutable,
                quasi_immutable: #quasi_immutable,
                layout: ::core::option::Option::Some(&#layout_static),
            };
        }
    });
    let ref_offsets = scalars.iter().filter(|s| s.ty.is_ref).map(|s| {
        let ident = s.ident;
        quote! { ::core::mem::offset_of!(#name, #ident) }
    });
    let array_part = array.as_ref().map(|a| {
        let (ident, length, item_type) = (a.ident, a.length, &a.ty.item_type);
        quote! {
            ::metatrace_gc::ArrayPart {
                length_offset: ::core::mem::offset_of!(#name, #length),
                items_offset: ::core::mem::offset_of!(#name, #ident),
                item: #item_type,
            }
        }
    });
    let array_const = array.as_ref().zip(array_part.as_ref()).map(|(a, part)| {
        let const_name = upper_ident(a.ident);
        let doc = format!("Descriptor of the items of `{}`.", a.ident);
        quote! {
            #[doc = #doc]
            pub const #const_name: ::metatrace_gc::ArrayDescr = ::metatrace_gc::ArrayDescr {
                owner: #name_str,
                part: #part,
            };
        }
    });
    let array_option = match &array_part {
        Some(part) => quote! { ::core::option::Option::Some(#part) },
        None => quote! { ::core::option::Option::None },
    };
    // Types are recognised by name; borrowing each field as its canonical type makes a look-alike
    // type a compile error.
    let scalar_checks = scalars.iter().map(|s| (s.ident, s.ty.canonical.clone()));
    let array_check = array.iter().map(|a| {
        let canonical = &a.ty.canonical;
        (a.ident, quote!([#canonical; 0]))
    });
    let (checked_fields, checked_types): (Vec<_>, Vec<_>) =
        scalar_checks.chain(array_check).map(|(ident, canonical)| (quote!(&o.#ident), quote!(&#canonical))).unzip();

    Ok(quote! {
        #[automatically_derived]
        impl #name {
            #(#field_consts)*
            #array_const
        }

        #[doc(hidden)]
        #[allow(non_upper_case_globals)]
        static #layout_static: ::metatrace_gc::Layout = ::metatrace_gc::Layout {
            name: #name_str,
            size: ::core::mem::size_of::<#name>(),
            ref_offsets: &[#(#ref_offsets),*],
            array: #array_option,
        };

        #[automatically_derived]
        impl ::metatrace_gc::GcObject for #name {
            fn layout() -> &'static ::metatrace_gc::Layout {
                &#layout_static
            }
        }

        const _: () = {
            #[allow(dead_code)]
            fn check_field_types(o: &#name) -> (&::metatrace_gc::GcHeader, #(#checked_types),*) {
                (&o.header, #(#checked_fields),*)
            }
        };
    })
}

fn has_repr_c(input: &DeriveInput) -> syn::Result<bool> {
    let mut found = false;
    for attr in input.attrs.iter().filter(|a| a.path().is_ident("repr")) {
        attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("C") {
                found = true;
            }
            Ok(())
        })?;
    }
    Ok(found)
}

fn check_header(name: &Ident, fields: &[&Field]) -> syn::Result<()> {
    let message = "the first field of a GcObject must be `header: GcHeader`";
    let Some(first) = fields.first() else {
        return Err(syn::Error::new(name.span(), message));
    };
    let named_header = first.ident.as_ref().is_some_and(|i| i == "header");
    if !named_header || type_name(&first.ty).as_deref() != Some("GcHeader") {
        return Err(syn::Error::new(first.span(), message));
    }
    if gc_flags(first)? != (false, false) {
        return Err(syn::Error::new(first.span(), "the header cannot be marked #[gc(immutable)]"));
    }
    Ok(())
}

fn scalar(field: &Field) -> syn::Result<Scalar<'_>> {
    let ident = field.ident.as_ref().expect("named fields have identifiers");
    let (immutable, quasi_immutable) = gc_flags(field)?;
    if immutable && quasi_immutable {
        return Err(syn::Error::new(field.span(), "a field cannot be both immutable and quasi_immutable"));
    }
    Ok(Scalar { ident, ty: field_type(&field.ty)?, immutable, quasi_immutable })
}

fn array_field<'a>(last: &'a Field, rest: &[&'a Field]) -> syn::Result<ArrayField<'a>> {
    let Type::Array(array) = &last.ty else { unreachable!("checked by the caller") };
    let zero = matches!(&array.len, Expr::Lit(ExprLit { lit: Lit::Int(n), .. }) if n.base10_digits() == "0");
    if !zero {
        return Err(syn::Error::new(array.len.span(), "the trailing array of a GcObject must have length 0"));
    }
    if gc_flags(last)? != (false, false) {
        return Err(syn::Error::new(last.span(), "array items cannot be marked #[gc(immutable)]"));
    }
    let length =
        rest.last().filter(|f| type_name(&f.ty).as_deref() == Some("i64")).and_then(|f| f.ident.as_ref()).ok_or_else(
            || syn::Error::new(last.span(), "a trailing array must directly follow its `i64` length field"),
        )?;
    let ident = last.ident.as_ref().expect("named fields have identifiers");
    Ok(ArrayField { ident, ty: field_type(&array.elem)?, length })
}

/// Recognise a supported field or item type by the last segment of its path.
fn field_type(ty: &Type) -> syn::Result<FieldType> {
    let int = |canonical: TokenStream2, size: u8, signed: bool| FieldType {
        item_type: quote! {
            ::metatrace_gc::ItemType { kind: ::metatrace_gc::Kind::Int, size: #size, signed: #signed }
        },
        canonical,
        is_ref: false,
    };
    Ok(match type_name(ty).as_deref() {
        Some("i64") => int(quote!(i64), 8, true),
        Some("isize") => int(quote!(isize), 8, true),
        Some("u64") => int(quote!(u64), 8, false),
        Some("usize") => int(quote!(usize), 8, false),
        Some("i32") => int(quote!(i32), 4, true),
        Some("u32") => int(quote!(u32), 4, false),
        Some("i16") => int(quote!(i16), 2, true),
        Some("u16") => int(quote!(u16), 2, false),
        Some("i8") => int(quote!(i8), 1, true),
        Some("u8") => int(quote!(u8), 1, false),
        Some("f64") => {
            FieldType { item_type: quote!(::metatrace_gc::ItemType::F64), canonical: quote!(f64), is_ref: false }
        }
        Some("GcRef") => FieldType {
            item_type: quote!(::metatrace_gc::ItemType::REF),
            canonical: quote!(::metatrace_gc::GcRef),
            is_ref: true,
        },
        _ => {
            return Err(syn::Error::new(
                ty.span(),
                "unsupported GcObject field type: expected an integer type, f64 or GcRef",
            ))
        }
    })
}

/// The last segment of a plain type path (`metatrace_gc::GcRef` gives `GcRef`).
fn type_name(ty: &Type) -> Option<String> {
    match ty {
        Type::Path(p) if p.qself.is_none() => {
            let last = p.path.segments.last()?;
            last.arguments.is_none().then(|| last.ident.to_string())
        }
        _ => None,
    }
}

/// The field's `#[gc(...)]` marks: `(immutable, quasi_immutable)`.
fn gc_flags(field: &Field) -> syn::Result<(bool, bool)> {
    let (mut immutable, mut quasi_immutable) = (false, false);
    for attr in field.attrs.iter().filter(|a| a.path().is_ident("gc")) {
        attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("immutable") {
                immutable = true;
                Ok(())
            } else if meta.path.is_ident("quasi_immutable") {
                quasi_immutable = true;
                Ok(())
            } else {
                Err(meta.error("unknown gc attribute: expected `immutable` or `quasi_immutable`"))
            }
        })?;
    }
    Ok((immutable, quasi_immutable))
}

fn upper_ident(ident: &Ident) -> Ident {
    let upper = ident.to_string().trim_start_matches("r#").to_uppercase();
    format_ident!("{}", upper, span = Span::call_site())
}

#[cfg(test)]
mod tests {
    use super::expand;

    fn error_of(source: &str) -> String {
        let input = syn::parse_str(source).expect("test input parses");
        expand(&input).err().map(|e| e.to_string()).unwrap_or_default()
    }

    #[test]
    fn accepts_a_well_formed_object() {
        let source = "#[repr(C)] struct A { header: GcHeader, #[gc(immutable)] x: i64, len: i64, items: [GcRef; 0] }";
        assert_eq!(error_of(source), "");
    }

    #[test]
    fn rejects_malformed_objects_with_a_message() {
        let cases = [
            ("struct A { header: GcHeader }", "repr(C)"),
            ("#[repr(C)] struct A { x: i64 }", "first field"),
            ("#[repr(C)] struct A { head: GcHeader }", "first field"),
            ("#[repr(C)] struct A { header: GcHeader, s: String }", "unsupported GcObject field type"),
            ("#[repr(C)] struct A { header: GcHeader, v: Vec<i64> }", "unsupported GcObject field type"),
            ("#[repr(C)] struct A { header: GcHeader, items: [i64; 2] }", "length 0"),
            ("#[repr(C)] struct A { header: GcHeader, items: [i64; 0] }", "length field"),
            ("#[repr(C)] struct A { header: GcHeader, n: i32, items: [i64; 0] }", "length field"),
            ("#[repr(C)] struct A { header: GcHeader, #[gc(frozen)] x: i64 }", "unknown gc attribute"),
            ("#[repr(C)] struct A<T> { header: GcHeader, x: T }", "generic"),
            ("#[repr(C)] struct A(GcHeader);", "named fields"),
            ("#[repr(C)] enum A { B }", "struct"),
        ];
        for (source, expected) in cases {
            let error = error_of(source);
            assert!(error.contains(expected), "{source}: got {error:?}, want {expected:?}");
        }
    }
}
