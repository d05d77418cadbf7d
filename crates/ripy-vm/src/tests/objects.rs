//! The object model's structures: list strategies, dicts, maps, types and their caches, strings.

use crate::dict;
use crate::exceptions::{ExcKind, Fault, Msg};
use crate::float::heap_float;
use crate::int::{heap_int, W_Int};
use crate::list::{self, Strategy};
use crate::mapdict::{self, W_Instance};
use crate::repr;
use crate::sequence;
use crate::space::Space;
use crate::testing::concrete;
use crate::typeobject::{self, InstanceLayout};
use crate::unicode;
use metatrace_gc::{GcObject, GcRef};

fn message(e: GcRef) -> String {
    let space = Space::get();
    format!("{}: {}", space.type_name(e), space.exception_str(e).unwrap())
}

#[test]
fn lists_keep_the_most_specific_strategy() {
    let l = list::new_list(&[]);
    assert_eq!(list::strategy(l), Strategy::Empty);
    concrete(|d| {
        for i in 0..100 {
            let item = heap_int(i);
            list::append_item(d, l, item).unwrap();
        }
    });
    assert_eq!(list::strategy(l), Strategy::Int);
    assert_eq!(list::len(l), 100);
    let v = concrete(|d| list::getitem(d, l, -1)).unwrap();
    assert_eq!(repr::repr(v).unwrap(), "99");
    // A float does not fit the int strategy: the list switches to objects, for good.
    concrete(|d| list::setitem(d, l, 3, heap_float(0.5))).unwrap();
    assert_eq!(list::strategy(l), Strategy::Object);
    assert_eq!(repr::repr(list::get(l, 3)).unwrap(), "0.5");
    assert_eq!(list::pop(l, 3).map(|v| repr::repr(v).unwrap()), Ok("0.5".to_owned()));
    assert_eq!(list::strategy(l), Strategy::Object);

    let f = list::new_list(&[heap_float(1.0), heap_float(2.0)]);
    assert_eq!(list::strategy(f), Strategy::Float);
    concrete(|d| list::append_item(d, f, heap_float(3.0))).unwrap();
    assert_eq!(list::strategy(f), Strategy::Float);
    assert_eq!(repr::repr(f).unwrap(), "[1.0, 2.0, 3.0]");
    concrete(|d| list::append_item(d, f, heap_int(4))).unwrap();
    assert_eq!(list::strategy(f), Strategy::Object);
    assert_eq!(repr::repr(f).unwrap(), "[1.0, 2.0, 3.0, 4]");

    let popped = concrete(|d| list::pop_last(d, f)).unwrap();
    assert_eq!(repr::repr(popped).unwrap(), "4");
    list::insert(f, -100, heap_int(0));
    list::insert(f, 100, heap_int(9));
    assert_eq!(repr::repr(f).unwrap(), "[0, 1.0, 2.0, 3.0, 9]");
    let e = concrete(|d| list::getitem(d, f, 5)).unwrap_err();
    assert_eq!(message(e), "IndexError: list index out of range");
    let e = concrete(|d| list::setitem(d, f, -6, f)).unwrap_err();
    assert_eq!(message(e), "IndexError: list assignment index out of range");
    let empty = list::new_list(&[]);
    assert_eq!(message(concrete(|d| list::pop_last(d, empty)).unwrap_err()), "IndexError: pop from empty list");
    assert_eq!(message(list::pop(f, 7).unwrap_err()), "IndexError: pop index out of range");
}

#[test]
fn index_objects_convert_or_raise() {
    let space = Space::get();
    let l = list::new_list(&[heap_int(5)]);
    let i = concrete(|d| sequence::index_value(d, l, space.w_bool(false))).unwrap();
    assert_eq!(i, 0);
    let e = concrete(|d| sequence::index_value(d, l, unicode::new_str("x"))).unwrap_err();
    assert_eq!(message(e), "TypeError: list indices must be integers or slices, not str");
    let big = crate::bigint::parse_int_str(unicode::new_str("1180591620717411303424"), 10).unwrap();
    let e = concrete(|d| sequence::index_value(d, l, big)).unwrap_err();
    assert_eq!(message(e), "IndexError: cannot fit 'int' into an index-sized integer");
}

#[test]
fn dicts_keep_order_and_survive_growth_and_deletion() {
    let d = dict::new();
    for i in 0..1000 {
        dict::set(d, heap_int(i), heap_int(i * i)).unwrap();
    }
    for i in (0..1000).step_by(2) {
        assert!(dict::del(d, heap_int(i)).unwrap());
    }
    assert!(!dict::del(d, heap_int(0)).unwrap());
    assert_eq!(dict::len(d), 500);
    // Equal keys of other types find the same entries: 3 == 3.0 == True-like.
    assert_eq!(dict::get(d, heap_float(3.0)).unwrap().map(|v| repr::repr(v).unwrap()), Some("9".to_owned()));
    assert_eq!(dict::get(d, Space::get().w_bool(true)).unwrap().map(|v| repr::repr(v).unwrap()), Some("1".to_owned()));
    let keys: Vec<i64> = dict::items(d).iter().map(|&(k, _)| crate::gc::get_i64(k, &W_Int::VALUE)).collect();
    assert_eq!(keys, (1..1000).step_by(2).collect::<Vec<_>>());
    assert_eq!(crate::gc::get_i64(d, &dict::W_Dict::STR_KEYS), 0);

    let e = dict::set(d, list::new_list(&[]), heap_int(0)).unwrap_err();
    assert_eq!(message(e), "TypeError: unhashable type: 'list'");

    // Domain fast paths, with str keys.
    let s = dict::new();
    let (k1, k2) = (unicode::new_str("alpha"), unicode::new_str("beta"));
    concrete(|dm| {
        dict::setitem(dm, s, k1, heap_int(1)).unwrap();
        dict::setitem(dm, s, k2, heap_int(2)).unwrap();
        let v = dict::getitem(dm, s, unicode::new_str("beta")).unwrap();
        assert_eq!(repr::repr(v).unwrap(), "2");
        let e = dict::getitem(dm, s, unicode::new_str("gamma")).unwrap_err();
        assert_eq!(repr::repr(e).unwrap(), "KeyError('gamma')");
        assert_eq!(message(e), "KeyError: 'gamma'");
        dict::delitem(dm, s, k1).unwrap();
        assert_eq!(dict::contains(dm, s, k1).unwrap(), 0);
        assert_eq!(dict::length(dm, s), 1);
    });
    assert_eq!(crate::gc::get_i64(s, &dict::W_Dict::STR_KEYS), 1);
    assert_eq!(repr::repr(dict::copy(s)).unwrap(), "{'beta': 2}");
}

/// A user class `name(*bases)` with an empty namespace.
fn class(name: &str, bases: &[GcRef]) -> Result<GcRef, String> {
    let space = Space::get();
    typeobject::new_type(space, space.type_type, unicode::new_str(name), bases, dict::new()).map_err(message)
}

#[test]
fn classes_get_c3_orders_and_cpython_errors() {
    let space = Space::get();
    let a = class("A", &[]).unwrap();
    let b = class("B", &[a]).unwrap();
    assert_eq!(
        class("C", &[a, b]).unwrap_err(),
        "TypeError: Cannot create a consistent method resolution\norder (MRO) for bases A, B"
    );
    assert_eq!(class("D", &[a, a]).unwrap_err(), "TypeError: duplicate base class A");
    assert_eq!(class("E", &[space.bool_type]).unwrap_err(), "TypeError: type 'bool' is not an acceptable base type");
    let exc = space.exception_type(ExcKind::ValueError);
    let my_error = class("MyError", &[exc, a]).unwrap();
    let names: Vec<String> = typeobject::mro(my_error).into_iter().map(typeobject::name).collect();
    assert_eq!(names, ["MyError", "ValueError", "Exception", "BaseException", "A", "object"]);
    assert_eq!(crate::gc::get_i64(my_error, &typeobject::W_Type::INSTANCE_LAYOUT), InstanceLayout::Exception as i64);
    let os = space.exception_type(ExcKind::OSError);
    assert!(class("F", &[exc, os]).is_ok(), "exceptions share one layout");
    assert_eq!(
        class("G", &[space.int_type, space.str_type]).unwrap_err(),
        "TypeError: multiple bases have instance lay-out conflict"
    );
}

#[test]
fn lookups_are_cached_per_version_and_invalidated_by_writes() {
    let space = Space::get();
    let a = class("A", &[]).unwrap();
    let b = class("B", &[a]).unwrap();
    let name = space.intern("method");
    let lookup = |ty: GcRef| concrete(|d| typeobject::lookup(d, ty, name));
    assert!(lookup(b).is_null());
    let version = crate::gc::get_ref(b, &typeobject::W_Type::VERSION);
    typeobject::set_attr(space, a, name, heap_int(1)).unwrap();
    assert_ne!(
        crate::gc::get_ref(b, &typeobject::W_Type::VERSION),
        version,
        "a write to a base changes the subclass's version"
    );
    assert_eq!(repr::repr(lookup(b)).unwrap(), "1");
    typeobject::set_attr(space, b, name, heap_int(2)).unwrap();
    assert_eq!(repr::repr(lookup(b)).unwrap(), "2");
    assert_eq!(repr::repr(lookup(a)).unwrap(), "1");
    typeobject::del_attr(space, b, name).unwrap();
    assert_eq!(repr::repr(lookup(b)).unwrap(), "1");
    let e = typeobject::del_attr(space, b, name).unwrap_err();
    assert_eq!(message(e), "AttributeError: type object 'B' has no attribute 'method'");
    let e = typeobject::set_attr(space, space.int_type, name, heap_int(0)).unwrap_err();
    assert_eq!(message(e), "TypeError: cannot set 'method' attribute of immutable type 'int'");
}

#[test]
fn instances_share_maps() {
    let space = Space::get();
    let point = class("Point", &[]).unwrap();
    let (x, y, z) = (space.intern("x"), space.intern("y"), space.intern("z"));
    let fields = mapdict::instance_fields(W_Instance::layout()).unwrap();
    let p = mapdict::new_object(W_Instance::layout(), point);
    let q = mapdict::new_object(W_Instance::layout(), point);
    concrete(|d| {
        for (obj, k) in [(p, 1), (q, 10)] {
            mapdict::setattr(d, obj, fields, x, heap_int(k));
            mapdict::setattr(d, obj, fields, y, heap_int(k + 1));
        }
        // Many attributes: the slots grow.
        for i in 0..10 {
            mapdict::setattr(d, p, fields, space.intern(&format!("a{i}")), heap_int(i));
        }
        mapdict::setattr(d, q, fields, x, heap_int(11));
        assert!(matches!(mapdict::getattr(d, q, fields, z), mapdict::Own::Absent));
        let mapdict::Own::Found(v) = mapdict::getattr(d, p, fields, space.intern("a9")) else { panic!("a9 is set") };
        assert_eq!(repr::repr(v).unwrap(), "9");
    });
    let map_after_xy = |obj: GcRef| {
        let mut m = crate::gc::get_ref(obj, &W_Instance::MAP);
        while crate::gc::get_i64(m, &mapdict::W_Map::SIZE) > 2 {
            m = crate::gc::get_ref(m, &mapdict::W_Map::PARENT);
        }
        m
    };
    assert_eq!(map_after_xy(p), crate::gc::get_ref(q, &W_Instance::MAP), "same attributes in the same order, same map");
    assert_eq!(mapdict::get_attr(q, x).map(|v| repr::repr(v).unwrap()), Some("11".to_owned()));
    assert!(mapdict::del_attr(q, x));
    assert!(!mapdict::del_attr(q, x));
    assert_eq!(mapdict::get_attr(q, y).map(|v| repr::repr(v).unwrap()), Some("11".to_owned()));
    assert!(repr::repr(q).unwrap().starts_with("<Point object at 0x"));
    let e = space.fault(Fault::NoAttribute(q, x));
    assert_eq!(message(e), "AttributeError: 'Point' object has no attribute 'x'");
}

#[test]
fn strings_index_by_code_point() {
    let space = Space::get();
    let text: String = (0..300).map(|i| char::from_u32(0x3b1 + (i % 20)).unwrap()).collect::<String>() + "end\u{1f600}";
    let s = unicode::new_str(&text);
    assert_eq!(unicode::char_len(s), 304);
    let chars: Vec<char> = text.chars().collect();
    for i in [0, 1, 63, 64, 65, 200, 299, 300, 303] {
        let c = concrete(|d| unicode::getitem(d, space, s, i as i64)).unwrap();
        assert_eq!(unicode::to_string_lossy(c), chars[i].to_string(), "code point {i}");
    }
    let c = concrete(|d| unicode::getitem(d, space, s, -1)).unwrap();
    assert_eq!(unicode::chars(c), [0x1f600]);
    assert_eq!(unicode::to_string_lossy(unicode::substring(s, 300, 303)), "end");
    let ascii = unicode::new_str("hello");
    let h = concrete(|d| unicode::getitem(d, space, ascii, 1)).unwrap();
    assert_eq!(
        h,
        concrete(|d| unicode::getitem(d, space, unicode::new_str("xe"), -1)).unwrap(),
        "shared one-character strings"
    );
    let e = concrete(|d| unicode::getitem(d, space, ascii, 5)).unwrap_err();
    assert_eq!(message(e), "IndexError: string index out of range");
    // Lone surrogates are code points like any other.
    let lone = unicode::from_chars([0xd800, 0x41, 0xdc00]);
    assert_eq!(unicode::char_len(lone), 3);
    assert_eq!(unicode::char_at(lone, 2), 0xdc00);
    assert_eq!(unicode::repr(lone), "'\\ud800A\\udc00'");
    assert!(unicode::contains(s, unicode::new_str("end")));
    assert_eq!(space.intern("end"), space.intern("end"));
}

#[test]
fn faults_survive_encoding() {
    let (a, b) = (heap_int(1), unicode::new_str("s"));
    let cases = [
        (Fault::Message(Msg::NegativeShift), "ValueError: negative shift count"),
        (
            Fault::BinaryTypes(crate::ops::BinOp::Pow, a, b),
            "TypeError: unsupported operand type(s) for ** or pow(): 'int' and 'str'",
        ),
        (Fault::UnaryType(crate::ops::UnaryOp::Invert, b), "TypeError: bad operand type for unary ~: 'str'"),
        (Fault::Concat(b, a), "TypeError: can only concatenate str (not \"int\") to str"),
        (Fault::NotSubscriptable(a), "TypeError: 'int' object is not subscriptable"),
        (Fault::Indices(b, b), "TypeError: string indices must be integers, not 'str'"),
    ];
    for (fault, want) in cases {
        let e = concrete(|d| crate::exceptions::raise(d, fault));
        assert_eq!(message(e), want);
    }
}
