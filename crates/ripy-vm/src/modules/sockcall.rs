//! Safe wrappers of the BSD socket calls and the resolver functions of libc that `_socket`
//! (`socket.rs`) makes. Addresses cross this interface as raw `struct sockaddr` bytes (what the
//! kernel reads and writes), so that the Python side packs and unpacks them; every wrapper
//! returns `std::io::Result` with the OS error of a failed call, the resolver ones a
//! [`GaiError`]. This is the only part of `_socket` that uses `unsafe`.

use std::ffi::{CStr, CString};
use std::io::{Error, Result};
use std::mem::size_of;

/// `Ok(v)` when a call returned `v >= 0`, else the OS error.
fn check<T: Copy + PartialOrd + Default>(v: T) -> Result<T> {
    if v < T::default() {
        Err(Error::last_os_error())
    } else {
        Ok(v)
    }
}

/// A socket address in the kernel's layout, with its length.
struct RawAddr {
    storage: libc::sockaddr_storage,
    len: libc::socklen_t,
}

impl RawAddr {
    /// Room for any address, length unset (for the calls that return one).
    fn empty() -> RawAddr {
        // SAFETY: an all-zero `sockaddr_storage` is a valid value of the plain-data struct.
        let storage = unsafe { std::mem::zeroed() };
        RawAddr { storage, len: size_of::<libc::sockaddr_storage>() as libc::socklen_t }
    }

    /// The address whose raw bytes are `bytes` (`EINVAL` when they do not fit).
    fn from_bytes(bytes: &[u8]) -> Result<RawAddr> {
        let mut addr = RawAddr::empty();
        if bytes.len() > size_of::<libc::sockaddr_storage>() {
            return Err(Error::from_raw_os_error(libc::EINVAL));
        }
        // SAFETY: `storage` is a plain-data struct at least `bytes.len()` bytes long.
        let dst = unsafe {
            std::slice::from_raw_parts_mut((&mut addr.storage as *mut libc::sockaddr_storage).cast::<u8>(), bytes.len())
        };
        dst.copy_from_slice(bytes);
        addr.len = bytes.len() as libc::socklen_t;
        Ok(addr)
    }

    fn ptr(&self) -> *const libc::sockaddr {
        (&self.storage as *const libc::sockaddr_storage).cast()
    }

    fn mut_ptr(&mut self) -> *mut libc::sockaddr {
        (&mut self.storage as *mut libc::sockaddr_storage).cast()
    }

    /// The raw bytes (the first `len`, at most the storage's size).
    fn to_vec(&self) -> Vec<u8> {
        let len = (self.len as usize).min(size_of::<libc::sockaddr_storage>());
        // SAFETY: `storage` is a plain-data struct of at least `len` bytes.
        unsafe { std::slice::from_raw_parts((&self.storage as *const libc::sockaddr_storage).cast::<u8>(), len) }
            .to_vec()
    }
}

/// A new socket (close-on-exec).
pub fn socket(family: i32, ty: i32, proto: i32) -> Result<i32> {
    // SAFETY: no memory is passed.
    check(unsafe { libc::socket(family, ty | libc::SOCK_CLOEXEC, proto) })
}

/// A pair of connected sockets (close-on-exec).
pub fn socketpair(family: i32, ty: i32, proto: i32) -> Result<(i32, i32)> {
    let mut fds = [0i32; 2];
    // SAFETY: `fds` has room for the two descriptors the call writes.
    check(unsafe { libc::socketpair(family, ty | libc::SOCK_CLOEXEC, proto, fds.as_mut_ptr()) })?;
    Ok((fds[0], fds[1]))
}

/// Bind socket `fd` to the raw address `addr`.
pub fn bind(fd: i32, addr: &[u8]) -> Result<()> {
    let addr = RawAddr::from_bytes(addr)?;
    // SAFETY: `addr` holds `addr.len` readable bytes.
    check(unsafe { libc::bind(fd, addr.ptr(), addr.len) }).map(drop)
}

/// Connect socket `fd` to the raw address `addr`.
pub fn connect(fd: i32, addr: &[u8]) -> Result<()> {
    let addr = RawAddr::from_bytes(addr)?;
    // SAFETY: `addr` holds `addr.len` readable bytes.
    check(unsafe { libc::connect(fd, addr.ptr(), addr.len) }).map(drop)
}

/// Make socket `fd` listen with a queue of `backlog` connections.
pub fn listen(fd: i32, backlog: i32) -> Result<()> {
    // SAFETY: no memory is passed.
    check(unsafe { libc::listen(fd, backlog) }).map(drop)
}

/// Accept a connection on `fd`: the new socket (close-on-exec) and the peer's raw address.
pub fn accept(fd: i32) -> Result<(i32, Vec<u8>)> {
    let mut addr = RawAddr::empty();
    // SAFETY: `addr` is writable storage of `addr.len` bytes; the call updates `addr.len`.
    let new = check(unsafe { libc::accept4(fd, addr.mut_ptr(), &mut addr.len, libc::SOCK_CLOEXEC) })?;
    Ok((new, addr.to_vec()))
}

/// Send `data` on `fd`, to `addr` when given: the number of bytes sent.
pub fn send(fd: i32, data: &[u8], flags: i32, addr: Option<&[u8]>) -> Result<usize> {
    let sent = match addr {
        None => {
            // SAFETY: `data` is a readable buffer of `data.len()` bytes.
            unsafe { libc::send(fd, data.as_ptr().cast(), data.len(), flags) }
        }
        Some(addr) => {
            let addr = RawAddr::from_bytes(addr)?;
            // SAFETY: `data` and `addr` are readable buffers of the lengths passed.
            unsafe { libc::sendto(fd, data.as_ptr().cast(), data.len(), flags, addr.ptr(), addr.len) }
        }
    };
    check(sent).map(|n| n as usize)
}

/// Receive up to `n` bytes from `fd`: the data and the sender's raw address (empty when the
/// protocol gives none).
pub fn recvfrom(fd: i32, n: usize, flags: i32) -> Result<(Vec<u8>, Vec<u8>)> {
    let mut buf = vec![0u8; n];
    let mut addr = RawAddr::empty();
    // SAFETY: `buf` is writable for `n` bytes and `addr` for `addr.len`; the call updates
    // `addr.len`.
    let got = check(unsafe { libc::recvfrom(fd, buf.as_mut_ptr().cast(), n, flags, addr.mut_ptr(), &mut addr.len) })?;
    buf.truncate(got as usize);
    Ok((buf, addr.to_vec()))
}

/// Shut down part (`SHUT_RD`, `SHUT_WR`, `SHUT_RDWR`) of a full-duplex connection.
pub fn shutdown(fd: i32, how: i32) -> Result<()> {
    // SAFETY: no memory is passed.
    check(unsafe { libc::shutdown(fd, how) }).map(drop)
}

/// The raw local address of `fd` (`getsockname`), or the peer's (`getpeername`) when `peer`.
pub fn address(fd: i32, peer: bool) -> Result<Vec<u8>> {
    let mut addr = RawAddr::empty();
    // SAFETY: `addr` is writable storage of `addr.len` bytes; the call updates `addr.len`.
    let r = unsafe {
        if peer {
            libc::getpeername(fd, addr.mut_ptr(), &mut addr.len)
        } else {
            libc::getsockname(fd, addr.mut_ptr(), &mut addr.len)
        }
    };
    check(r)?;
    Ok(addr.to_vec())
}

/// Set a socket option to the raw bytes `value`.
pub fn setsockopt(fd: i32, level: i32, name: i32, value: &[u8]) -> Result<()> {
    // SAFETY: `value` is a readable buffer of `value.len()` bytes.
    check(unsafe { libc::setsockopt(fd, level, name, value.as_ptr().cast(), value.len() as libc::socklen_t) }).map(drop)
}

/// The raw bytes of a socket option (at most `len`).
pub fn getsockopt(fd: i32, level: i32, name: i32, len: usize) -> Result<Vec<u8>> {
    let mut buf = vec![0u8; len];
    let mut got = len as libc::socklen_t;
    // SAFETY: `buf` is writable for `got` bytes; the call updates `got`.
    check(unsafe { libc::getsockopt(fd, level, name, buf.as_mut_ptr().cast(), &mut got) })?;
    buf.truncate(got as usize);
    Ok(buf)
}

/// The pending error of socket `fd` (`SO_ERROR`; 0: none).
pub fn pending_error(fd: i32) -> Result<i32> {
    let raw = getsockopt(fd, libc::SOL_SOCKET, libc::SO_ERROR, size_of::<i32>())?;
    Ok(raw.try_into().map(i32::from_ne_bytes).unwrap_or(0))
}

/// The host name.
pub fn gethostname() -> Result<Vec<u8>> {
    let mut buf = vec![0u8; 1024];
    // SAFETY: `buf` is writable for `buf.len()` bytes.
    check(unsafe { libc::gethostname(buf.as_mut_ptr().cast(), buf.len()) })?;
    let end = buf.iter().position(|&b| b == 0).unwrap_or(buf.len());
    buf.truncate(end);
    Ok(buf)
}

/// Set the host name.
pub fn sethostname(name: &[u8]) -> Result<()> {
    // SAFETY: `name` is a readable buffer of `name.len()` bytes.
    check(unsafe { ffi::sethostname(name.as_ptr().cast(), name.len()) }).map(drop)
}

/// A failure of the resolver: its `EAI_*` code, and the OS error for `EAI_SYSTEM`.
pub struct GaiError {
    /// The `EAI_*` code.
    pub code: i32,
    /// The OS error when `code` is `EAI_SYSTEM`.
    pub os: Option<Error>,
}

impl GaiError {
    fn new(code: i32) -> GaiError {
        let os = (code == libc::EAI_SYSTEM).then(Error::last_os_error);
        GaiError { code, os }
    }
}

/// The message of resolver error `code`.
pub fn gai_strerror(code: i32) -> String {
    // SAFETY: `gai_strerror` returns a pointer to a static NUL-terminated string.
    unsafe { CStr::from_ptr(libc::gai_strerror(code)) }.to_string_lossy().into_owned()
}

/// One result of [`getaddrinfo`].
pub struct AddrInfo {
    /// The address family.
    pub family: i32,
    /// The socket type.
    pub socktype: i32,
    /// The protocol.
    pub protocol: i32,
    /// The canonical name (empty unless asked for with `AI_CANONNAME`).
    pub canonname: Vec<u8>,
    /// The raw address.
    pub addr: Vec<u8>,
}

/// Resolve a host and service (`getaddrinfo(3)`).
pub fn getaddrinfo(
    host: Option<&CStr>,
    port: Option<&CStr>,
    family: i32,
    socktype: i32,
    protocol: i32,
    flags: i32,
) -> std::result::Result<Vec<AddrInfo>, GaiError> {
    // SAFETY: an all-zero `addrinfo` (null pointers) is a valid hints value.
    let mut hints: libc::addrinfo = unsafe { std::mem::zeroed() };
    hints.ai_family = family;
    hints.ai_socktype = socktype;
    hints.ai_protocol = protocol;
    hints.ai_flags = flags;
    let mut list: *mut libc::addrinfo = std::ptr::null_mut();
    let host = host.map_or(std::ptr::null(), CStr::as_ptr);
    let port = port.map_or(std::ptr::null(), CStr::as_ptr);
    // SAFETY: the strings are NUL-terminated or null, `hints` is initialised, and `list`
    // receives a list the call allocates.
    let code = unsafe { libc::getaddrinfo(host, port, &hints, &mut list) };
    if code != 0 {
        return Err(GaiError::new(code));
    }
    let mut out = Vec::new();
    let mut at = list;
    while !at.is_null() {
        // SAFETY: `at` is an entry of the list `getaddrinfo` returned, not yet freed.
        let entry = unsafe { &*at };
        let canonname = if entry.ai_canonname.is_null() {
            Vec::new()
        } else {
            // SAFETY: a non-null `ai_canonname` is a NUL-terminated string of the list.
            unsafe { CStr::from_ptr(entry.ai_canonname) }.to_bytes().to_vec()
        };
        let len = (entry.ai_addrlen as usize).min(size_of::<libc::sockaddr_storage>());
        let addr = if entry.ai_addr.is_null() {
            Vec::new()
        } else {
            // SAFETY: `ai_addr` points to `ai_addrlen` readable bytes of the list.
            unsafe { std::slice::from_raw_parts(entry.ai_addr.cast::<u8>(), len) }.to_vec()
        };
        out.push(AddrInfo {
            family: entry.ai_family,
            socktype: entry.ai_socktype,
            protocol: entry.ai_protocol,
            canonname,
            addr,
        });
        at = entry.ai_next;
    }
    // SAFETY: `list` came from a successful `getaddrinfo` and is freed once.
    unsafe { libc::freeaddrinfo(list) };
    Ok(out)
}

/// The host and service names of a raw address (`getnameinfo(3)`).
pub fn getnameinfo(addr: &[u8], flags: i32) -> std::result::Result<(Vec<u8>, Vec<u8>), GaiError> {
    let addr = RawAddr::from_bytes(addr).map_err(|_| GaiError { code: libc::EAI_FAMILY, os: None })?;
    let mut host = vec![0u8; 1025];
    let mut serv = vec![0u8; 32];
    // SAFETY: `addr` holds `addr.len` readable bytes; `host` and `serv` are writable buffers of
    // the lengths passed.
    let code = unsafe {
        ffi::getnameinfo(
            addr.ptr(),
            addr.len,
            host.as_mut_ptr().cast(),
            host.len() as libc::socklen_t,
            serv.as_mut_ptr().cast(),
            serv.len() as libc::socklen_t,
            flags,
        )
    };
    if code != 0 {
        return Err(GaiError::new(code));
    }
    let until_nul = |mut v: Vec<u8>| {
        v.truncate(v.iter().position(|&b| b == 0).unwrap_or(v.len()));
        v
    };
    Ok((until_nul(host), until_nul(serv)))
}

/// The binary form of the text address `text` of family `af` (`inet_pton(3)`): `Ok(None)` when
/// the text is not an address of the family.
pub fn inet_pton(af: i32, text: &CStr) -> Result<Option<Vec<u8>>> {
    let mut buf = [0u8; 16];
    // SAFETY: `text` is NUL-terminated and `buf` has room for the largest address (IPv6).
    let r = unsafe { ffi::inet_pton(af, text.as_ptr(), buf.as_mut_ptr().cast()) };
    match r {
        1 => Ok(Some(buf[..if af == libc::AF_INET { 4 } else { 16 }].to_vec())),
        0 => Ok(None),
        _ => Err(Error::last_os_error()),
    }
}

/// The text form of the binary address `packed` of family `af` (`inet_ntop(3)`); the caller
/// checks that `packed` has the family's length.
pub fn inet_ntop(af: i32, packed: &[u8]) -> Result<String> {
    let mut addr = [0u8; 16];
    let n = packed.len().min(16);
    addr[..n].copy_from_slice(&packed[..n]);
    let mut buf = [0u8; 64];
    // SAFETY: `addr` holds a full address of either family and `buf` is writable for its length.
    let r = unsafe { ffi::inet_ntop(af, addr.as_ptr().cast(), buf.as_mut_ptr().cast(), buf.len() as libc::socklen_t) };
    if r.is_null() {
        return Err(Error::last_os_error());
    }
    let end = buf.iter().position(|&b| b == 0).unwrap_or(buf.len());
    Ok(String::from_utf8_lossy(&buf[..end]).into_owned())
}

/// The IPv4 address of `text` in any form `inet_aton(3)` accepts (`1.2.3.4`, `127.1`, `0x7f.1`).
pub fn inet_aton(text: &CStr) -> Option<[u8; 4]> {
    // SAFETY: an all-zero `in_addr` is a valid value.
    let mut addr: libc::in_addr = unsafe { std::mem::zeroed() };
    // SAFETY: `text` is NUL-terminated and `addr` writable.
    let ok = unsafe { ffi::inet_aton(text.as_ptr(), &mut addr) };
    (ok != 0).then(|| addr.s_addr.to_ne_bytes())
}

/// The libc functions the `libc` crate does not declare for glibc.
mod ffi {
    use libc::{c_char, c_int, c_void, in_addr, size_t, sockaddr, socklen_t};
    extern "C" {
        pub fn inet_aton(cp: *const c_char, inp: *mut in_addr) -> c_int;
        pub fn inet_pton(af: c_int, src: *const c_char, dst: *mut c_void) -> c_int;
        pub fn inet_ntop(af: c_int, src: *const c_void, dst: *mut c_char, size: socklen_t) -> *const c_char;
        pub fn sethostname(name: *const c_char, len: size_t) -> c_int;
        pub fn getnameinfo(
            addr: *const sockaddr,
            addrlen: socklen_t,
            host: *mut c_char,
            hostlen: socklen_t,
            serv: *mut c_char,
            servlen: socklen_t,
            flags: c_int,
        ) -> c_int;
    }
}

/// The port (host order) of service `name` for protocol `proto` (any when `None`).
pub fn getservbyname(name: &CStr, proto: Option<&CStr>) -> Option<u16> {
    // SAFETY: the strings are NUL-terminated or null; the result points to static storage that
    // is read before any other resolver call.
    let entry = unsafe { libc::getservbyname(name.as_ptr(), proto.map_or(std::ptr::null(), CStr::as_ptr)) };
    // SAFETY: a non-null result is a valid `servent`.
    (!entry.is_null()).then(|| u16::from_be(unsafe { (*entry).s_port } as u16))
}

/// The name of the service on `port` (host order) for protocol `proto` (any when `None`).
pub fn getservbyport(port: u16, proto: Option<&CStr>) -> Option<String> {
    let net = i32::from(port.to_be());
    // SAFETY: `proto` is NUL-terminated or null; the result points to static storage that is
    // read before any other resolver call.
    let entry = unsafe { libc::getservbyport(net, proto.map_or(std::ptr::null(), CStr::as_ptr)) };
    // SAFETY: a non-null result is a valid `servent` whose name is NUL-terminated.
    (!entry.is_null()).then(|| unsafe { CStr::from_ptr((*entry).s_name) }.to_string_lossy().into_owned())
}

/// The number of protocol `name`.
pub fn getprotobyname(name: &CStr) -> Option<i32> {
    // SAFETY: `name` is NUL-terminated; the result points to static storage read at once.
    let entry = unsafe { libc::getprotobyname(name.as_ptr()) };
    // SAFETY: a non-null result is a valid `protoent`.
    (!entry.is_null()).then(|| unsafe { (*entry).p_proto })
}

/// A C string of `bytes`, or `None` when they contain a NUL.
pub fn c_string(bytes: &[u8]) -> Option<CString> {
    CString::new(bytes).ok()
}
