//! The object model MMTk sees: an object starts at its reference with the [`crate::GcHeader`] word;
//! its size comes from its layout (and array length); every piece of GC metadata lives in side
//! tables, so the header is never touched by the collector. Objects never move, so they need no
//! pinning bits (MMTk's `object_pinning` feature is off: its sweep cleared them line by line).

use super::Metatrace;
use crate::heap::{object_size, GcRef};
use mmtk::util::copy::{CopySemantics, GCWorkerCopyContext};
use mmtk::util::{Address, ObjectReference};
use mmtk::vm::{
    ObjectModel, VMGlobalLogBitSpec, VMLocalForwardingBitsSpec, VMLocalForwardingPointerSpec,
    VMLocalLOSMarkNurserySpec, VMLocalMarkBitSpec,
};

/// The layout of metatrace objects, for MMTk.
pub(crate) struct Objects;

/// The object of a reference MMTk hands over.
pub(super) fn gcref(object: ObjectReference) -> GcRef {
    GcRef(object.to_raw_address().as_usize())
}

const NEVER_MOVES: &str = "metatrace objects never move (only non-moving plans are supported)";

impl ObjectModel<Metatrace> for Objects {
    const GLOBAL_LOG_BIT_SPEC: VMGlobalLogBitSpec = VMGlobalLogBitSpec::side_first();
    // Required by the trait, unused: no supported plan forwards objects.
    const LOCAL_FORWARDING_POINTER_SPEC: VMLocalForwardingPointerSpec = VMLocalForwardingPointerSpec::in_header(0);
    const LOCAL_FORWARDING_BITS_SPEC: VMLocalForwardingBitsSpec = VMLocalForwardingBitsSpec::side_first();
    const LOCAL_MARK_BIT_SPEC: VMLocalMarkBitSpec =
        VMLocalMarkBitSpec::side_after(Self::LOCAL_FORWARDING_BITS_SPEC.as_spec());
    const LOCAL_LOS_MARK_NURSERY_SPEC: VMLocalLOSMarkNurserySpec =
        VMLocalLOSMarkNurserySpec::side_after(Self::LOCAL_MARK_BIT_SPEC.as_spec());

    const OBJECT_REF_OFFSET_LOWER_BOUND: isize = 0;
    const UNIFIED_OBJECT_REFERENCE_ADDRESS: bool = true;

    fn copy(
        _from: ObjectReference,
        _semantics: CopySemantics,
        _context: &mut GCWorkerCopyContext<Metatrace>,
    ) -> ObjectReference {
        unreachable!("{NEVER_MOVES}")
    }

    fn copy_to(_from: ObjectReference, _to: ObjectReference, _region: Address) -> Address {
        unreachable!("{NEVER_MOVES}")
    }

    fn get_reference_when_copied_to(_from: ObjectReference, _to: Address) -> ObjectReference {
        unreachable!("{NEVER_MOVES}")
    }

    fn get_current_size(object: ObjectReference) -> usize {
        object_size(gcref(object))
    }

    fn get_size_when_copied(object: ObjectReference) -> usize {
        Self::get_current_size(object)
    }

    fn get_align_when_copied(_object: ObjectReference) -> usize {
        8
    }

    fn get_align_offset_when_copied(_object: ObjectReference) -> usize {
        0
    }

    fn get_type_descriptor(_reference: ObjectReference) -> &'static [i8] {
        unreachable!("MMTk asks for type descriptors only in debugging builds")
    }

    fn ref_to_object_start(object: ObjectReference) -> Address {
        object.to_raw_address()
    }

    fn ref_to_header(object: ObjectReference) -> Address {
        object.to_raw_address()
    }

    fn dump_object(object: ObjectReference) {
        eprintln!("{:?}", gcref(object));
    }
}
