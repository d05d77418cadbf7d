//! The `_socket` module: `socket` objects, `socketpair`, name resolution and address
//! conversions, written in Python (`_socket.py`) over native functions of this file, which make
//! the system calls (through `sockcall.rs`) and wait for sockets that have a timeout.
//!
//! The native layer is small and generic: descriptors are ints and addresses are raw
//! `struct sockaddr` bytes, which the Python layer packs from and unpacks to CPython's address
//! tuples. A call on a socket with a timeout (`timeout > 0`) keeps its descriptor non-blocking
//! and waits for readiness with `poll` until the deadline (`TimeoutError('timed out')` after it);
//! timeout `None` is a blocking call and `0.0` a single non-blocking try. The waits and the
//! blocking calls let other Python threads run. A signal that interrupts a call runs the Python
//! handlers and the call goes on (PEP 475). The constants come from the `libc` crate.

use super::sockcall::{self, GaiError};
use super::{exact_args, native, oscall};
use crate::buffer;
use crate::builtins::BuiltinDef;
use crate::bytes::new_bytes;
use crate::exceptions::ExcKind;
use crate::function::Args;
use crate::int::heap_int;
use crate::objspace;
use crate::space::{PyResult, Space};
use crate::threadstate::allow_threads;
use crate::tuple::W_Tuple;
use crate::unicode;
use metatrace_gc::{GcRef, RootSet};
use std::ffi::CString;
use std::io::{Error, ErrorKind};
use std::time::{Duration, Instant};

/// The module.
pub const MODULE: super::BuiltinModule = super::BuiltinModule { name: "_socket", init };

/// The native functions of `_socket` (all private: the Python layer wraps them).
pub static DEFS: &[BuiltinDef] = &[
    native("_socket", "_open", open),
    native("_socket", "_pair", pair),
    native("_socket", "_bind", bind),
    native("_socket", "_connect", connect),
    native("_socket", "_listen", listen),
    native("_socket", "_accept", accept),
    native("_socket", "_send", send),
    native("_socket", "_sendall", sendall),
    native("_socket", "_recv", recv),
    native("_socket", "_shutdown", shutdown),
    native("_socket", "_address", address),
    native("_socket", "_setsockopt", setsockopt),
    native("_socket", "_getsockopt", getsockopt),
    native("_socket", "_gethostname", gethostname),
    native("_socket", "_sethostname", sethostname),
    native("_socket", "_getaddrinfo", getaddrinfo),
    native("_socket", "_getnameinfo", getnameinfo),
    native("_socket", "_gai_strerror", gai_strerror),
    native("_socket", "_inet_pton", inet_pton),
    native("_socket", "_inet_ntop", inet_ntop),
    native("_socket", "_inet_aton", inet_aton),
    native("_socket", "_getservbyname", getservbyname),
    native("_socket", "_getservbyport", getservbyport),
    native("_socket", "_getprotobyname", getprotobyname),
];

/// `(name, value)` of each `libc` constant listed.
macro_rules! constants {
    ($($name:ident),* $(,)?) => {
        &[$((stringify!($name), libc::$name as i64)),*]
    };
}

/// The integer constants of the module (those of CPython's `_socket` that `libc` defines).
#[rustfmt::skip]
static CONSTANTS: &[(&str, i64)] = constants![
    AF_ALG, AF_APPLETALK, AF_ASH, AF_ATMPVC, AF_ATMSVC, AF_AX25, AF_BRIDGE, AF_CAN, AF_DECnet,
    AF_ECONET, AF_INET, AF_INET6, AF_IPX, AF_IRDA, AF_KEY, AF_LLC, AF_NETBEUI, AF_NETLINK,
    AF_NETROM, AF_PACKET, AF_PPPOX, AF_RDS, AF_ROSE, AF_ROUTE, AF_SECURITY, AF_SNA, AF_TIPC,
    AF_UNIX, AF_UNSPEC, AF_VSOCK, AF_WANPIPE, AF_X25,
    AI_ADDRCONFIG, AI_ALL, AI_CANONNAME, AI_NUMERICHOST, AI_NUMERICSERV, AI_PASSIVE, AI_V4MAPPED,
    EAI_AGAIN, EAI_BADFLAGS, EAI_FAIL, EAI_FAMILY, EAI_MEMORY, EAI_NODATA, EAI_NONAME,
    EAI_OVERFLOW, EAI_SERVICE, EAI_SOCKTYPE, EAI_SYSTEM,
    INADDR_ANY, INADDR_BROADCAST, INADDR_LOOPBACK, INADDR_NONE,
    IPPROTO_AH, IPPROTO_DSTOPTS, IPPROTO_EGP, IPPROTO_ESP, IPPROTO_FRAGMENT, IPPROTO_GRE,
    IPPROTO_HOPOPTS, IPPROTO_ICMP, IPPROTO_ICMPV6, IPPROTO_IDP, IPPROTO_IGMP, IPPROTO_IP,
    IPPROTO_IPIP, IPPROTO_IPV6, IPPROTO_MPTCP, IPPROTO_NONE, IPPROTO_PIM, IPPROTO_PUP,
    IPPROTO_RAW, IPPROTO_ROUTING, IPPROTO_RSVP, IPPROTO_SCTP, IPPROTO_TCP, IPPROTO_TP,
    IPPROTO_UDP, IPPROTO_UDPLITE,
    IPV6_CHECKSUM, IPV6_DONTFRAG, IPV6_DSTOPTS, IPV6_HOPLIMIT, IPV6_HOPOPTS, IPV6_MULTICAST_HOPS,
    IPV6_MULTICAST_IF, IPV6_MULTICAST_LOOP, IPV6_NEXTHOP, IPV6_PATHMTU, IPV6_PKTINFO,
    IPV6_RECVDSTOPTS, IPV6_RECVHOPLIMIT, IPV6_RECVHOPOPTS, IPV6_RECVPATHMTU, IPV6_RECVPKTINFO,
    IPV6_RECVRTHDR, IPV6_RECVTCLASS, IPV6_RTHDR, IPV6_RTHDRDSTOPTS, IPV6_TCLASS,
    IPV6_UNICAST_HOPS, IPV6_V6ONLY,
    IP_ADD_MEMBERSHIP, IP_BIND_ADDRESS_NO_PORT, IP_DEFAULT_MULTICAST_LOOP,
    IP_DEFAULT_MULTICAST_TTL, IP_DROP_MEMBERSHIP, IP_HDRINCL, IP_MULTICAST_IF, IP_MULTICAST_LOOP,
    IP_MULTICAST_TTL, IP_OPTIONS, IP_RECVOPTS, IP_RECVTOS, IP_RETOPTS, IP_TOS, IP_TRANSPARENT,
    IP_TTL,
    MSG_CMSG_CLOEXEC, MSG_CONFIRM, MSG_CTRUNC, MSG_DONTROUTE, MSG_DONTWAIT, MSG_EOR,
    MSG_ERRQUEUE, MSG_FASTOPEN, MSG_MORE, MSG_NOSIGNAL, MSG_OOB, MSG_PEEK, MSG_TRUNC, MSG_WAITALL,
    NI_DGRAM, NI_MAXHOST, NI_NAMEREQD, NI_NOFQDN, NI_NUMERICHOST, NI_NUMERICSERV,
    PF_CAN, PF_PACKET, PF_RDS,
    SCM_CREDENTIALS, SCM_RIGHTS,
    SHUT_RD, SHUT_RDWR, SHUT_WR,
    SOCK_CLOEXEC, SOCK_DGRAM, SOCK_NONBLOCK, SOCK_RAW, SOCK_RDM, SOCK_SEQPACKET, SOCK_STREAM,
    SOL_ALG, SOL_IP, SOL_SOCKET, SOL_TCP, SOL_TIPC, SOL_UDP, SOMAXCONN,
    SO_ACCEPTCONN, SO_BINDTODEVICE, SO_BROADCAST, SO_DEBUG, SO_DOMAIN, SO_DONTROUTE, SO_ERROR,
    SO_INCOMING_CPU, SO_KEEPALIVE, SO_LINGER, SO_MARK, SO_OOBINLINE, SO_PASSCRED, SO_PASSSEC,
    SO_PEERCRED, SO_PEERSEC, SO_PRIORITY, SO_PROTOCOL, SO_RCVBUF, SO_RCVLOWAT, SO_RCVTIMEO,
    SO_REUSEADDR, SO_REUSEPORT, SO_SNDBUF, SO_SNDLOWAT, SO_SNDTIMEO, SO_TYPE,
    TCP_CONGESTION, TCP_CORK, TCP_DEFER_ACCEPT, TCP_FASTOPEN, TCP_INFO, TCP_KEEPCNT,
    TCP_KEEPIDLE, TCP_KEEPINTVL, TCP_LINGER2, TCP_MAXSEG, TCP_NODELAY, TCP_NOTSENT_LOWAT,
    TCP_QUICKACK, TCP_SYNCNT, TCP_USER_TIMEOUT, TCP_WINDOW_CLAMP,
];

fn init(space: &'static Space, m: GcRef) -> PyResult<()> {
    let ns = super::namespace(m);
    super::add_functions(space, ns, "_socket");
    for &(name, value) in CONSTANTS {
        crate::dict::set_str(ns, space.intern(name), heap_int(value));
    }
    super::exec_source(space, m, "<frozen _socket>", include_str!("_socket.py"))
}

/// An int argument that fits an `i32` (the Python layer has checked the ranges).
fn int(space: &Space, v: GcRef) -> PyResult<i32> {
    let n = objspace::index_value(v, &format!("'{}' object cannot be interpreted as an integer", space.type_name(v)))?;
    i32::try_from(n).map_err(|_| space.new_exception(ExcKind::OverflowError, "signed integer is greater than maximum"))
}

/// The bytes of a bytes-like argument.
fn data(space: &Space, v: GcRef) -> PyResult<Vec<u8>> {
    buffer::buffer_data(v)?.ok_or_else(|| {
        let message = format!("a bytes-like object is required, not '{}'", space.type_name(v));
        space.new_exception(ExcKind::TypeError, &message)
    })
}

/// The bytes of a bytes-like argument, `None` for `None`.
fn opt_data(space: &Space, v: GcRef) -> PyResult<Option<Vec<u8>>> {
    if v == space.none {
        Ok(None)
    } else {
        data(space, v).map(Some)
    }
}

/// A C string of a bytes-like argument (`ValueError` for an embedded NUL).
fn c_string(space: &Space, v: GcRef) -> PyResult<CString> {
    sockcall::c_string(&data(space, v)?)
        .ok_or_else(|| space.new_exception(ExcKind::ValueError, "embedded null character"))
}

/// A C string of a bytes-like argument or `None`.
fn opt_c_string(space: &Space, v: GcRef) -> PyResult<Option<CString>> {
    if v == space.none {
        Ok(None)
    } else {
        c_string(space, v).map(Some)
    }
}

/// The OS error `e` as a Python exception.
fn os_error(space: &Space, e: &Error) -> GcRef {
    super::os_error(space, e, GcRef::NULL)
}

/// `TimeoutError('timed out')`.
fn timed_out(space: &Space) -> GcRef {
    space.new_exception(ExcKind::TimeoutError, "timed out")
}

/// How a socket call waits, from the socket's timeout (`None`: blocking, `0.0`: not at all,
/// positive: until a deadline).
#[derive(Clone, Copy)]
enum Wait {
    Blocking,
    Never,
    Until(Instant),
}

impl Wait {
    fn from_timeout(space: &Space, timeout: GcRef) -> Wait {
        if timeout == space.none {
            return Wait::Blocking;
        }
        match crate::format::float_of(timeout) {
            Some(t) if t > 0.0 => Wait::Until(Instant::now() + Duration::from_secs_f64(t.min(1e9))),
            _ => Wait::Never,
        }
    }
}

/// Whether `e` says that a non-blocking call would block (or a connection is in progress).
fn would_block(e: &Error) -> bool {
    e.kind() == ErrorKind::WouldBlock || e.raw_os_error() == Some(libc::EINPROGRESS)
}

/// Wait until `fd` is ready for `events` or the deadline passes: `Ok(false)` on timeout.
fn wait_ready(space: &Space, fd: i32, events: i16, deadline: Instant) -> PyResult<bool> {
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Ok(false);
        }
        let ms = i32::try_from(left.as_millis().max(1)).unwrap_or(i32::MAX);
        match allow_threads(|| oscall::poll(&[(fd, events)], ms)) {
            Ok(ready) if ready.first().is_some_and(|&r| r != 0) => return Ok(true),
            Ok(_) => {}
            Err(e) if e.kind() == ErrorKind::Interrupted => super::signal::check_signals(space)?,
            Err(e) => return Err(os_error(space, &e)),
        }
    }
}

/// Run the socket call `op` on `fd` as the socket's timeout says: wait for `events` before each
/// try when there is a deadline, retry after signals; `TimeoutError` when the deadline passes.
fn sock_call<T>(
    space: &Space,
    fd: i32,
    wait: Wait,
    events: i16,
    mut op: impl FnMut() -> std::io::Result<T>,
) -> PyResult<T> {
    loop {
        if let Wait::Until(deadline) = wait {
            if !wait_ready(space, fd, events, deadline)? {
                return Err(timed_out(space));
            }
        }
        let result = match wait {
            Wait::Blocking => allow_threads(&mut op),
            _ => op(),
        };
        match result {
            Ok(v) => return Ok(v),
            Err(e) if e.kind() == ErrorKind::Interrupted => super::signal::check_signals(space)?,
            Err(e) if matches!(wait, Wait::Until(_)) && would_block(&e) => {}
            Err(e) => return Err(os_error(space, &e)),
        }
    }
}

/// `_open(family, type, proto)`: a new socket's descriptor.
fn open(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let [family, ty, proto] = exact_args::<3>(space, "_open", args)?;
    let fd =
        sockcall::socket(int(space, family)?, int(space, ty)?, int(space, proto)?).map_err(|e| os_error(space, &e))?;
    Ok(heap_int(i64::from(fd)))
}

/// `_pair(family, type, proto)`: the descriptors of a connected pair of sockets.
fn pair(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let [family, ty, proto] = exact_args::<3>(space, "_pair", args)?;
    let (a, b) = sockcall::socketpair(int(space, family)?, int(space, ty)?, int(space, proto)?)
        .map_err(|e| os_error(space, &e))?;
    let keep = RootSet::new();
    Ok(W_Tuple::from_slice(&[keep.add(heap_int(i64::from(a))), keep.add(heap_int(i64::from(b)))]))
}

/// `_bind(fd, raw_address)`.
fn bind(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let [fd, addr] = exact_args::<2>(space, "_bind", args)?;
    sockcall::bind(int(space, fd)?, &data(space, addr)?).map_err(|e| os_error(space, &e))?;
    Ok(space.none)
}

/// `_connect(fd, raw_address, timeout, raise_)`: 0 when connected; otherwise raises the error
/// when `raise_`, else returns its error number (`EWOULDBLOCK` for a timeout, as CPython's
/// `connect_ex`).
fn connect(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let [fd, addr, timeout, raise] = exact_args::<4>(space, "_connect", args)?;
    let (fd, addr) = (int(space, fd)?, data(space, addr)?);
    let wait = Wait::from_timeout(space, timeout);
    let raise = objspace::truthy(raise)?;
    let fail = |e: Error| -> PyResult<GcRef> {
        if raise {
            Err(os_error(space, &e))
        } else {
            Ok(heap_int(i64::from(e.raw_os_error().unwrap_or(0))))
        }
    };
    let mut first = match wait {
        Wait::Blocking => allow_threads(|| sockcall::connect(fd, &addr)),
        _ => sockcall::connect(fd, &addr),
    };
    // Interrupted: the connection goes on in the background (POSIX); wait for it as for a
    // non-blocking connect, or return the error of a blocking one retried.
    while let Err(e) = &first {
        if e.kind() != ErrorKind::Interrupted {
            break;
        }
        super::signal::check_signals(space)?;
        if !matches!(wait, Wait::Blocking) {
            first = Err(Error::from_raw_os_error(libc::EINPROGRESS));
            break;
        }
        first = allow_threads(|| sockcall::connect(fd, &addr));
        if let Err(e) = &first {
            if e.raw_os_error() == Some(libc::EISCONN) {
                first = Ok(());
            }
        }
    }
    let e = match first {
        Ok(()) => return Ok(heap_int(0)),
        Err(e) => e,
    };
    let Wait::Until(deadline) = wait else { return fail(e) };
    if !would_block(&e) {
        return fail(e);
    }
    if !wait_ready(space, fd, libc::POLLOUT, deadline)? {
        return if raise { Err(timed_out(space)) } else { Ok(heap_int(i64::from(libc::EWOULDBLOCK))) };
    }
    match sockcall::pending_error(fd) {
        Ok(0) => Ok(heap_int(0)),
        Ok(errno) => fail(Error::from_raw_os_error(errno)),
        Err(e) => fail(e),
    }
}

/// `_listen(fd, backlog)`.
fn listen(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let [fd, backlog] = exact_args::<2>(space, "_listen", args)?;
    sockcall::listen(int(space, fd)?, int(space, backlog)?).map_err(|e| os_error(space, &e))?;
    Ok(space.none)
}

/// `_accept(fd, timeout)`: the new connection's descriptor and the peer's raw address.
fn accept(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let [fd, timeout] = exact_args::<2>(space, "_accept", args)?;
    let fd = int(space, fd)?;
    let (new, addr) = sock_call(space, fd, Wait::from_timeout(space, timeout), libc::POLLIN, || sockcall::accept(fd))?;
    let keep = RootSet::new();
    Ok(W_Tuple::from_slice(&[keep.add(heap_int(i64::from(new))), keep.add(new_bytes(&addr))]))
}

/// `_send(fd, data, flags, raw_address_or_None, timeout)`: the number of bytes sent (with
/// `sendto` when an address is given).
fn send(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let [fd, payload, flags, addr, timeout] = exact_args::<5>(space, "_send", args)?;
    let (fd, payload, flags, addr) =
        (int(space, fd)?, data(space, payload)?, int(space, flags)?, opt_data(space, addr)?);
    let wait = Wait::from_timeout(space, timeout);
    let n = sock_call(space, fd, wait, libc::POLLOUT, || sockcall::send(fd, &payload, flags, addr.as_deref()))?;
    Ok(heap_int(n as i64))
}

/// `_sendall(fd, data, flags, timeout)`: send everything; the timeout bounds the whole call.
fn sendall(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let [fd, payload, flags, timeout] = exact_args::<4>(space, "_sendall", args)?;
    let (fd, payload, flags) = (int(space, fd)?, data(space, payload)?, int(space, flags)?);
    let wait = Wait::from_timeout(space, timeout);
    let mut at = 0;
    while at < payload.len() {
        at += sock_call(space, fd, wait, libc::POLLOUT, || sockcall::send(fd, &payload[at..], flags, None))?;
    }
    Ok(space.none)
}

/// `_recv(fd, n, flags, timeout)`: `(data, raw sender address)` of one `recvfrom`.
fn recv(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let [fd, n, flags, timeout] = exact_args::<4>(space, "_recv", args)?;
    let (fd, flags) = (int(space, fd)?, int(space, flags)?);
    let n = usize::try_from(objspace::index_value(n, "an integer is required")?).unwrap_or(0);
    let wait = Wait::from_timeout(space, timeout);
    let (got, addr) = sock_call(space, fd, wait, libc::POLLIN, || sockcall::recvfrom(fd, n, flags))?;
    let keep = RootSet::new();
    Ok(W_Tuple::from_slice(&[keep.add(new_bytes(&got)), keep.add(new_bytes(&addr))]))
}

/// `_shutdown(fd, how)`.
fn shutdown(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let [fd, how] = exact_args::<2>(space, "_shutdown", args)?;
    sockcall::shutdown(int(space, fd)?, int(space, how)?).map_err(|e| os_error(space, &e))?;
    Ok(space.none)
}

/// `_address(fd, peer)`: the raw local address of the socket, or its peer's.
fn address(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let [fd, peer] = exact_args::<2>(space, "_address", args)?;
    let addr = sockcall::address(int(space, fd)?, objspace::truthy(peer)?).map_err(|e| os_error(space, &e))?;
    Ok(new_bytes(&addr))
}

/// `_setsockopt(fd, level, name, raw_value)`.
fn setsockopt(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let [fd, level, name, value] = exact_args::<4>(space, "_setsockopt", args)?;
    sockcall::setsockopt(int(space, fd)?, int(space, level)?, int(space, name)?, &data(space, value)?)
        .map_err(|e| os_error(space, &e))?;
    Ok(space.none)
}

/// `_getsockopt(fd, level, name, buflen)`: the option's raw value.
fn getsockopt(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let [fd, level, name, len] = exact_args::<4>(space, "_getsockopt", args)?;
    let len = usize::try_from(int(space, len)?).unwrap_or(0);
    let value = sockcall::getsockopt(int(space, fd)?, int(space, level)?, int(space, name)?, len)
        .map_err(|e| os_error(space, &e))?;
    Ok(new_bytes(&value))
}

/// `_gethostname()`: the host name's bytes.
fn gethostname(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    exact_args::<0>(space, "gethostname", args)?;
    Ok(new_bytes(&sockcall::gethostname().map_err(|e| os_error(space, &e))?))
}

/// `_sethostname(name)`.
fn sethostname(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let [name] = exact_args::<1>(space, "sethostname", args)?;
    sockcall::sethostname(&data(space, name)?).map_err(|e| os_error(space, &e))?;
    Ok(space.none)
}

/// A resolver failure: its code as an int (the Python layer raises `gaierror`), or the OS
/// error for `EAI_SYSTEM`.
fn gai_failure(space: &Space, e: GaiError) -> PyResult<GcRef> {
    match e.os {
        Some(os) => Err(os_error(space, &os)),
        None => Ok(heap_int(i64::from(e.code))),
    }
}

/// `_getaddrinfo(host, port, family, type, proto, flags)` (host and port: bytes or `None`): a
/// list of `(family, type, proto, canonname, raw_address)`, or the resolver's error code.
fn getaddrinfo(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let [host, port, family, ty, proto, flags] = exact_args::<6>(space, "_getaddrinfo", args)?;
    let (host, port) = (opt_c_string(space, host)?, opt_c_string(space, port)?);
    let (family, ty, proto, flags) = (int(space, family)?, int(space, ty)?, int(space, proto)?, int(space, flags)?);
    let found = allow_threads(|| sockcall::getaddrinfo(host.as_deref(), port.as_deref(), family, ty, proto, flags));
    let entries = match found {
        Ok(entries) => entries,
        Err(e) => return gai_failure(space, e),
    };
    let keep = RootSet::new();
    let items: Vec<GcRef> = entries
        .iter()
        .map(|entry| {
            let fields = [
                keep.add(heap_int(i64::from(entry.family))),
                keep.add(heap_int(i64::from(entry.socktype))),
                keep.add(heap_int(i64::from(entry.protocol))),
                keep.add(unicode::new_str(&String::from_utf8_lossy(&entry.canonname))),
                keep.add(new_bytes(&entry.addr)),
            ];
            keep.add(W_Tuple::from_slice(&fields))
        })
        .collect();
    Ok(crate::list::new_list(&items))
}

/// `_getnameinfo(raw_address, flags)`: `(host, service)` as str, or the resolver's error code.
fn getnameinfo(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let [addr, flags] = exact_args::<2>(space, "_getnameinfo", args)?;
    let (addr, flags) = (data(space, addr)?, int(space, flags)?);
    match allow_threads(|| sockcall::getnameinfo(&addr, flags)) {
        Ok((host, serv)) => {
            let keep = RootSet::new();
            let host = keep.add(unicode::new_str(&String::from_utf8_lossy(&host)));
            let serv = keep.add(unicode::new_str(&String::from_utf8_lossy(&serv)));
            Ok(W_Tuple::from_slice(&[host, serv]))
        }
        Err(e) => gai_failure(space, e),
    }
}

/// `_gai_strerror(code)`: the resolver's message for an error code.
fn gai_strerror(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let [code] = exact_args::<1>(space, "_gai_strerror", args)?;
    Ok(unicode::new_str(&sockcall::gai_strerror(int(space, code)?)))
}

/// `_inet_pton(af, text)` (text as bytes): the packed address, or `None` when the text is not
/// an address of the family.
fn inet_pton(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let [af, text] = exact_args::<2>(space, "_inet_pton", args)?;
    match sockcall::inet_pton(int(space, af)?, &c_string(space, text)?) {
        Ok(Some(packed)) => Ok(new_bytes(&packed)),
        Ok(None) => Ok(space.none),
        Err(e) => Err(os_error(space, &e)),
    }
}

/// `_inet_ntop(af, packed)`: the text form of a packed address of the family's length.
fn inet_ntop(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let [af, packed] = exact_args::<2>(space, "_inet_ntop", args)?;
    let text = sockcall::inet_ntop(int(space, af)?, &data(space, packed)?).map_err(|e| os_error(space, &e))?;
    Ok(unicode::new_str(&text))
}

/// `_inet_aton(text)` (text as bytes): the packed IPv4 address, or `None`.
fn inet_aton(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let [text] = exact_args::<1>(space, "_inet_aton", args)?;
    Ok(sockcall::inet_aton(&c_string(space, text)?).map_or(space.none, |packed| new_bytes(&packed)))
}

/// `_getservbyname(name, proto)` (bytes, proto may be `None`): the port, or `None`.
fn getservbyname(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let [name, proto] = exact_args::<2>(space, "_getservbyname", args)?;
    let (name, proto) = (c_string(space, name)?, opt_c_string(space, proto)?);
    Ok(sockcall::getservbyname(&name, proto.as_deref()).map_or(space.none, |p| heap_int(i64::from(p))))
}

/// `_getservbyport(port, proto)` (proto bytes or `None`): the service's name, or `None`.
fn getservbyport(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let [port, proto] = exact_args::<2>(space, "_getservbyport", args)?;
    let port = u16::try_from(int(space, port)?).unwrap_or(0);
    let proto = opt_c_string(space, proto)?;
    Ok(sockcall::getservbyport(port, proto.as_deref()).map_or(space.none, |name| unicode::new_str(&name)))
}

/// `_getprotobyname(name)` (bytes): the protocol's number, or `None`.
fn getprotobyname(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let [name] = exact_args::<1>(space, "_getprotobyname", args)?;
    Ok(sockcall::getprotobyname(&c_string(space, name)?).map_or(space.none, |p| heap_int(i64::from(p))))
}
