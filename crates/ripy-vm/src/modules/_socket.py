"""The Python part of ripy's _socket module: socket objects, name resolution and address
conversions over the native functions of socket.rs, which take descriptors as ints and
addresses as raw `struct sockaddr` bytes (packed and unpacked here, as CPython's
getsockaddrarg and makesockaddr do)."""

import posix as _posix
import sys as _sys

error = OSError
timeout = TimeoutError
has_ipv6 = True


class herror(OSError):
    pass


class gaierror(OSError):
    pass


herror.__module__ = "socket"
gaierror.__module__ = "socket"

_default_timeout = None
_BYTE_ORDER = _sys.byteorder
_TYPE_FLAGS = SOCK_NONBLOCK | SOCK_CLOEXEC


def _int(value):
    if isinstance(value, int):
        return value
    if isinstance(value, float) or not hasattr(type(value), "__index__"):
        raise TypeError("'%s' object cannot be interpreted as an integer" % type(value).__name__)
    return type(value).__index__(value)


def _native16(value):
    return value.to_bytes(2, _BYTE_ORDER)


def _gai_error(code):
    return gaierror(code, _gai_strerror(code))


def _host_bytes(host):
    """CPython's idna_converter: the host name of an address as bytes."""
    if isinstance(host, (bytes, bytearray)):
        return bytes(host)
    if isinstance(host, str):
        if host.isascii():
            return host.encode("ascii")
        return host.encode("idna")
    raise TypeError("str, bytes or bytearray expected, not %s" % type(host).__name__)


def _resolve(name, family):
    """CPython's setipaddr: the packed address of host `name` (bytes) for `family`, and the
    family it belongs to."""
    if name == b"":
        found = _getaddrinfo(None, b"0", family, SOCK_DGRAM, 0, AI_PASSIVE)
        if isinstance(found, int):
            raise _gai_error(found)
        return _unpack_ip(found[0][4])
    if name in (b"255.255.255.255", b"<broadcast>"):
        if family not in (AF_INET, AF_UNSPEC):
            raise OSError("address family mismatched")
        return b"\xff\xff\xff\xff", AF_INET
    if family in (AF_INET, AF_UNSPEC) and b"\0" not in name:
        packed = _inet_pton(AF_INET, name)
        if packed is not None:
            return packed, AF_INET
    if family in (AF_INET6, AF_UNSPEC) and b"\0" not in name:
        packed = _inet_pton(AF_INET6, name)
        if packed is not None:
            return packed, AF_INET6
    found = _getaddrinfo(name, None, family, 0, 0, 0)
    if isinstance(found, int):
        raise _gai_error(found)
    return _unpack_ip(found[0][4])


def _unpack_ip(raw):
    """The packed IP address and the family of a raw IPv4 or IPv6 address."""
    family = int.from_bytes(raw[:2], _BYTE_ORDER)
    if family == AF_INET:
        return raw[4:8], AF_INET
    return raw[8:24], AF_INET6


def _port(port, caller):
    port = _int(port)
    if not 0 <= port <= 0xFFFF:
        raise OverflowError("%s(): port must be 0-65535." % caller)
    return port


def _pack_inet(packed, port):
    return _native16(AF_INET) + port.to_bytes(2, "big") + packed + bytes(8)


def _pack_inet6(packed, port, flowinfo, scope_id):
    return (_native16(AF_INET6) + port.to_bytes(2, "big") + flowinfo.to_bytes(4, "big") + packed
            + scope_id.to_bytes(4, _BYTE_ORDER))


def _pack_address(family, address, caller):
    """CPython's getsockaddrarg: the raw address of a Python address for `family`."""
    if family == AF_UNIX:
        if isinstance(address, str):
            path = address.encode("utf-8", "surrogateescape")
        elif isinstance(address, (bytes, bytearray, memoryview)):
            path = bytes(address)
        else:
            raise TypeError("a bytes-like object is required, not '%s'" % type(address).__name__)
        if len(path) > 107 and not (path[:1] == b"\0" and len(path) <= 108):
            raise OSError("AF_UNIX path too long")
        return _native16(AF_UNIX) + path
    if family == AF_INET:
        if not isinstance(address, tuple):
            raise TypeError("%s(): AF_INET address must be tuple, not %s" % (caller, type(address).__name__))
        if len(address) != 2:
            raise TypeError("AF_INET address must be a pair (host, port)")
        host = _host_bytes(address[0])
        port = _port(address[1], caller)
        packed, _ = _resolve(host, AF_INET)
        return _pack_inet(packed, port)
    if family == AF_INET6:
        if not isinstance(address, tuple):
            raise TypeError("%s(): AF_INET6 address must be tuple, not %s" % (caller, type(address).__name__))
        if not 2 <= len(address) <= 4:
            raise TypeError("AF_INET6 address must be a tuple (host, port[, flowinfo[, scopeid]])")
        host = _host_bytes(address[0])
        port = _int(address[1])
        flowinfo = _int(address[2]) if len(address) > 2 else 0
        scope_id = _int(address[3]) if len(address) > 3 else 0
        if not 0 <= port <= 0xFFFF:
            raise OverflowError("%s(): port must be 0-65535." % caller)
        if not 0 <= flowinfo <= 0xFFFFF:
            raise OverflowError("%s(): flowinfo must be 0-1048575." % caller)
        if not 0 <= scope_id <= 0xFFFFFFFF:
            raise OverflowError("Python int too large to convert to C unsigned long")
        packed, _ = _resolve(host, AF_INET6)
        return _pack_inet6(packed, port, flowinfo, scope_id)
    raise OSError("%s(): bad family" % caller)


def _unpack_address(raw):
    """CPython's makesockaddr: the Python address of a raw address."""
    if len(raw) < 2:
        return None
    family = int.from_bytes(raw[:2], _BYTE_ORDER)
    if family == AF_INET:
        return (_inet_ntop(AF_INET, raw[4:8]), int.from_bytes(raw[2:4], "big"))
    if family == AF_INET6:
        return (_inet_ntop(AF_INET6, raw[8:24]), int.from_bytes(raw[2:4], "big"),
                int.from_bytes(raw[4:8], "big"), int.from_bytes(raw[24:28], _BYTE_ORDER))
    if family == AF_UNIX:
        path = raw[2:]
        if path[:1] == b"\0":
            return path
        end = path.find(b"\0")
        if end >= 0:
            path = path[:end]
        return path.decode("utf-8", "surrogateescape")
    return (family, raw[2:])


def _timeout_value(value):
    """The timeout a socket stores for `value` (None or a non-negative float)."""
    if value is None:
        return None
    if isinstance(value, float):
        seconds = value
    else:
        seconds = float(_int(value))
    if seconds != seconds:
        raise ValueError("Invalid value NaN (not a number)")
    if seconds < 0:
        raise ValueError("Timeout value out of range")
    return seconds


def getdefaulttimeout():
    """The default timeout of new sockets (None: blocking)."""
    return _default_timeout


def setdefaulttimeout(timeout, /):
    """Set the default timeout of new sockets (None: blocking)."""
    global _default_timeout
    _default_timeout = _timeout_value(timeout)


class socket:
    """A socket: socket(family=AF_INET, type=SOCK_STREAM, proto=0, fileno=None)."""

    __slots__ = ("_fd", "_family", "_type", "_proto", "_timeout")

    def __new__(cls, *args, **kwargs):
        self = object.__new__(cls)
        self._fd = -1
        self._family = AF_INET
        self._type = SOCK_STREAM
        self._proto = 0
        self._timeout = None
        return self

    def __init__(self, family=-1, type=-1, proto=-1, fileno=None):
        family, type, proto = _int(family), _int(type), _int(proto)
        if fileno is None:
            if family == -1:
                family = AF_INET
            if type == -1:
                type = SOCK_STREAM
            if proto == -1:
                proto = 0
            fd = _open(family, type, proto)
        else:
            fd = _int(fileno)
            if fd < 0:
                raise ValueError("negative file descriptor")
            if family == -1:
                family = self._option_of(fd, SO_DOMAIN)
            if type == -1:
                type = self._option_of(fd, SO_TYPE)
            if proto == -1:
                proto = self._option_of(fd, SO_PROTOCOL)
        self._fd = fd
        self._family = family
        self._type = type & ~_TYPE_FLAGS
        self._proto = proto
        if type & SOCK_NONBLOCK:
            self._timeout = 0.0
        else:
            self._timeout = _default_timeout
            if _default_timeout is not None:
                _posix.set_blocking(fd, False)

    @staticmethod
    def _option_of(fd, name):
        return int.from_bytes(_getsockopt(fd, SOL_SOCKET, name, 4), _BYTE_ORDER, signed=True)

    def __repr__(self):
        return "<socket object, fd=%d, family=%d, type=%d, proto=%d>" % (
            self._fd, self._family, self._type, self._proto)

    def __getstate__(self):
        raise TypeError("cannot pickle '%s' object" % type(self).__name__)

    @property
    def family(self):
        """The socket's address family."""
        return self._family

    @property
    def type(self):
        """The socket's type."""
        return self._type

    @property
    def proto(self):
        """The socket's protocol."""
        return self._proto

    @property
    def timeout(self):
        """The socket's timeout (None: blocking)."""
        return self._timeout

    def fileno(self):
        """The socket's file descriptor (-1 once closed)."""
        return self._fd

    def close(self):
        """Close the socket."""
        fd = self._fd
        if fd != -1:
            self._fd = -1
            try:
                _posix.close(fd)
            except ConnectionResetError:
                pass

    def detach(self):
        """Close the socket object without closing its descriptor: the descriptor."""
        fd = self._fd
        self._fd = -1
        return fd

    def bind(self, address, /):
        """Bind the socket to a local address."""
        _bind(self._fd, _pack_address(self._family, address, "bind"))

    def connect(self, address, /):
        """Connect to a remote address."""
        _connect(self._fd, _pack_address(self._family, address, "connect"), self._timeout, True)

    def connect_ex(self, address, /):
        """Connect to a remote address: 0, or the error number."""
        return _connect(self._fd, _pack_address(self._family, address, "connect_ex"), self._timeout, False)

    def listen(self, backlog=min(SOMAXCONN, 128), /):
        """Accept connections, with a queue of `backlog` of them."""
        _listen(self._fd, max(_int(backlog), 0))

    def _accept(self):
        """Accept a connection: (descriptor, address)."""
        fd, raw = _accept(self._fd, self._timeout)
        return fd, _unpack_address(raw)

    def send(self, data, flags=0, /):
        """Send data: the number of bytes sent."""
        return _send(self._fd, data, _int(flags), None, self._timeout)

    def sendall(self, data, flags=0, /):
        """Send all of the data."""
        _sendall(self._fd, data, _int(flags), self._timeout)

    def sendto(self, *args):
        """sendto(data[, flags], address): send to an address; the number of bytes sent."""
        if len(args) == 2:
            data, address = args
            flags = 0
        elif len(args) == 3:
            data, flags, address = args
        else:
            raise TypeError("sendto() takes 2 or 3 arguments (%d given)" % len(args))
        flags = _int(flags)
        raw = _pack_address(self._family, address, "sendto")
        return _send(self._fd, data, flags, raw, self._timeout)

    def recv(self, bufsize, flags=0, /):
        """Receive up to `bufsize` bytes."""
        bufsize = _int(bufsize)
        if bufsize < 0:
            raise ValueError("negative buffersize in recv")
        return _recv(self._fd, bufsize, _int(flags), self._timeout)[0]

    def recvfrom(self, bufsize, flags=0, /):
        """Receive up to `bufsize` bytes: (data, address)."""
        bufsize = _int(bufsize)
        if bufsize < 0:
            raise ValueError("negative buffersize in recvfrom")
        data, raw = _recv(self._fd, bufsize, _int(flags), self._timeout)
        return data, _unpack_address(raw)

    def _recv_into(self, buffer, nbytes, flags, what):
        view = memoryview(buffer)
        nbytes = _int(nbytes)
        if nbytes < 0:
            raise ValueError("negative buffersize in %s" % what)
        if nbytes == 0:
            nbytes = view.nbytes
        elif view.nbytes < nbytes:
            raise ValueError("buffer too small for requested bytes")
        data, raw = _recv(self._fd, nbytes, _int(flags), self._timeout)
        view.cast("B")[:len(data)] = data
        return len(data), raw

    def recv_into(self, buffer, nbytes=0, flags=0):
        """Receive into a writable buffer: the number of bytes received."""
        return self._recv_into(buffer, nbytes, flags, "recv_into")[0]

    def recvfrom_into(self, buffer, nbytes=0, flags=0):
        """Receive into a writable buffer: (number of bytes, address)."""
        n, raw = self._recv_into(buffer, nbytes, flags, "recvfrom_into")
        return n, _unpack_address(raw)

    def shutdown(self, how, /):
        """Shut down reading, writing or both."""
        _shutdown(self._fd, _int(how))

    def getsockname(self):
        """The socket's own address."""
        return _unpack_address(_address(self._fd, False))

    def getpeername(self):
        """The address of the remote end."""
        return _unpack_address(_address(self._fd, True))

    def setsockopt(self, level, optname, value, optlen=None, /):
        """Set a socket option to an int or to raw bytes (or to NULL with optlen)."""
        level, optname = _int(level), _int(optname)
        if optlen is not None:
            if value is not None:
                raise TypeError("setsockopt() takes exactly 4 arguments (3 given)")
            raw = bytes(_int(optlen))
        elif isinstance(value, int):
            raw = value.to_bytes(4, _BYTE_ORDER, signed=value < 0)
        else:
            raw = value
        _setsockopt(self._fd, level, optname, raw)

    def getsockopt(self, level, optname, buflen=0, /):
        """The value of a socket option: an int, or `buflen` raw bytes."""
        level, optname, buflen = _int(level), _int(optname), _int(buflen)
        if buflen == 0:
            return int.from_bytes(_getsockopt(self._fd, level, optname, 4), _BYTE_ORDER, signed=True)
        if not 0 < buflen <= 1024:
            raise OSError("getsockopt buflen out of range")
        return _getsockopt(self._fd, level, optname, buflen)

    def setblocking(self, flag, /):
        """Make the socket blocking (timeout None) or non-blocking (timeout 0.0)."""
        self._set_timeout(None if flag else 0.0)

    def getblocking(self):
        """Whether the socket is blocking."""
        return self._timeout != 0.0

    def settimeout(self, value, /):
        """Set the timeout of the socket's operations (None: blocking)."""
        self._set_timeout(_timeout_value(value))

    def gettimeout(self):
        """The timeout of the socket's operations (None: blocking)."""
        return self._timeout

    def _set_timeout(self, value):
        self._timeout = value
        if self._fd != -1:
            _posix.set_blocking(self._fd, value is None)


SocketType = socket


def socketpair(family=AF_UNIX, type=SOCK_STREAM, proto=0, /):
    """A pair of connected sockets."""
    family, type, proto = _int(family), _int(type), _int(proto)
    a, b = _pair(family, type, proto)
    return socket(family, type, proto, a), socket(family, type, proto, b)


def dup(fd, /):
    """A duplicate of a socket's descriptor."""
    return _posix.dup(fd)


def close(fd, /):
    """Close a socket's descriptor."""
    try:
        _posix.close(fd)
    except ConnectionResetError:
        pass


def _port_bytes(port):
    if port is None:
        return None
    if isinstance(port, int):
        return str(port).encode()
    if isinstance(port, str):
        return port.encode("utf-8")
    if isinstance(port, bytes):
        return port
    raise OSError("Int or String expected")


def getaddrinfo(host, port, family=0, type=0, proto=0, flags=0):
    """Resolve a host and port: a list of (family, type, proto, canonname, sockaddr)."""
    if host is None:
        hbytes = None
    elif isinstance(host, str):
        hbytes = _host_bytes(host)
    elif isinstance(host, bytes):
        hbytes = host
    else:
        raise TypeError("getaddrinfo() argument 1 must be string or None")
    pbytes = _port_bytes(port)
    found = _getaddrinfo(hbytes, pbytes, _int(family), _int(type), _int(proto), _int(flags))
    if isinstance(found, int):
        raise _gai_error(found)
    return [(af, kind, pr, canon, _unpack_address(raw)) for af, kind, pr, canon, raw in found]


def getnameinfo(sockaddr, flags, /):
    """The (host, port) names of an IP socket address."""
    if not isinstance(sockaddr, tuple):
        raise TypeError("getnameinfo() argument 1 must be a tuple")
    if not 2 <= len(sockaddr) <= 4 or not isinstance(sockaddr[0], str):
        raise TypeError("getnameinfo(): illegal sockaddr argument")
    host, port = sockaddr[0], _int(sockaddr[1])
    flowinfo = _int(sockaddr[2]) if len(sockaddr) > 2 else 0
    scope_id = _int(sockaddr[3]) if len(sockaddr) > 3 else 0
    flags = _int(flags)
    if not 0 <= flowinfo <= 0xFFFFF:
        raise OverflowError("getnameinfo(): flowinfo must be 0-1048575.")
    found = _getaddrinfo(host.encode("utf-8"), str(port).encode(), AF_UNSPEC, SOCK_DGRAM, 0, AI_NUMERICHOST)
    if isinstance(found, int):
        raise _gai_error(found)
    if len(found) != 1:
        raise OSError("sockaddr resolved to multiple addresses")
    family, raw = found[0][0], found[0][4]
    if family == AF_INET:
        if len(sockaddr) != 2:
            raise OSError("IPv4 sockaddr must be 2 tuple")
    elif family == AF_INET6:
        packed, _ = _unpack_ip(raw)
        raw = _pack_inet6(packed, port, flowinfo, scope_id)
    names = _getnameinfo(raw, flags)
    if isinstance(names, int):
        raise _gai_error(names)
    return names


def gethostname():
    """The machine's host name."""
    return _gethostname().decode("utf-8", "surrogateescape")


def sethostname(name, /):
    """Set the machine's host name."""
    if isinstance(name, str):
        name = name.encode("utf-8", "surrogateescape")
    _sethostname(name)


def _ntoa(packed, family):
    return _inet_ntop(family, packed)


def gethostbyname(hostname, /):
    """The IPv4 address of a host, as a string."""
    packed, family = _resolve(_host_bytes(hostname), AF_INET)
    return _ntoa(packed, family)


def gethostbyname_ex(hostname, /):
    """(hostname, aliases, IPv4 addresses) of a host."""
    name = _host_bytes(hostname)
    packed, family = _resolve(name, AF_INET)
    found = _getaddrinfo(name, None, AF_INET, SOCK_STREAM, 0, AI_CANONNAME)
    if isinstance(found, int) or not found:
        return (name.decode(), [], [_ntoa(packed, family)])
    canon = found[0][3] or name.decode()
    addresses = []
    for entry in found:
        address = _ntoa(*_unpack_ip(entry[4]))
        if address not in addresses:
            addresses.append(address)
    return (canon, [], addresses)


def gethostbyaddr(ip_address, /):
    """(hostname, aliases, addresses) of a host given by name or address."""
    packed, family = _resolve(_host_bytes(ip_address), AF_UNSPEC)
    raw = _pack_inet(packed, 0) if family == AF_INET else _pack_inet6(packed, 0, 0, 0)
    names = _getnameinfo(raw, NI_NAMEREQD)
    if isinstance(names, int):
        raise herror(1, "Unknown host")
    return (names[0], [], [_ntoa(packed, family)])


def getservbyname(servicename, protocolname=None, /):
    """The port number of a service."""
    if not isinstance(servicename, str):
        raise TypeError("getservbyname() argument 1 must be str, not %s" % type(servicename).__name__)
    proto = None if protocolname is None else protocolname.encode()
    port = _getservbyname(servicename.encode(), proto)
    if port is None:
        raise OSError("service/proto not found")
    return port


def getservbyport(port, protocolname=None, /):
    """The name of the service on a port."""
    port = _int(port)
    if not 0 <= port <= 0xFFFF:
        raise OverflowError("getservbyport: port must be 0-65535.")
    proto = None if protocolname is None else protocolname.encode()
    name = _getservbyport(port, proto)
    if name is None:
        raise OSError("port/proto not found")
    return name


def getprotobyname(protocolname, /):
    """The number of a protocol."""
    number = _getprotobyname(protocolname.encode())
    if number is None:
        raise OSError("protocol not found")
    return number


def inet_aton(ip_string, /):
    """The packed 32-bit form of an IPv4 address in dotted notation."""
    if not isinstance(ip_string, str):
        raise TypeError("inet_aton() argument 1 must be str, not %s" % type(ip_string).__name__)
    packed = _inet_aton(ip_string.encode("utf-8")) if "\0" not in ip_string else None
    if packed is None:
        raise OSError("illegal IP address string passed to inet_aton")
    return packed


def inet_ntoa(packed_ip, /):
    """The dotted notation of a packed 32-bit IPv4 address."""
    if not isinstance(packed_ip, (bytes, bytearray, memoryview)):
        raise TypeError("a bytes-like object is required, not '%s'" % type(packed_ip).__name__)
    if len(packed_ip) != 4:
        raise OSError("packed IP wrong length for inet_ntoa")
    return _inet_ntop(AF_INET, bytes(packed_ip))


def inet_pton(address_family, ip_string, /):
    """The packed form of an IP address string of a family."""
    family = _int(address_family)
    if not isinstance(ip_string, str):
        raise TypeError("inet_pton() argument 2 must be str, not %s" % type(ip_string).__name__)
    if family not in (AF_INET, AF_INET6):
        raise OSError(97, "Address family not supported by protocol")
    packed = _inet_pton(family, ip_string.encode("utf-8")) if "\0" not in ip_string else None
    if packed is None:
        raise OSError("illegal IP address string passed to inet_pton")
    return packed


def inet_ntop(address_family, packed_ip, /):
    """The string form of a packed IP address of a family."""
    family = _int(address_family)
    if not isinstance(packed_ip, (bytes, bytearray, memoryview)):
        raise TypeError("a bytes-like object is required, not '%s'" % type(packed_ip).__name__)
    if family == AF_INET:
        size = 4
    elif family == AF_INET6:
        size = 16
    else:
        raise ValueError("unknown address family %d" % family)
    if len(packed_ip) != size:
        raise ValueError("invalid length of packed IP address string")
    return _inet_ntop(family, bytes(packed_ip))


def _byte_swap(x, bits, name):
    if bits == 16:
        x = _int(x)
        if x < 0:
            raise OverflowError("%s: can't convert negative Python int to C 16-bit unsigned integer" % name)
        if x > 0xFFFF:
            raise OverflowError("%s: Python int too large to convert to C 16-bit unsigned integer" % name)
    else:
        if not isinstance(x, int):
            raise TypeError("expected int, %s found" % type(x).__name__)
        if x < 0:
            raise OverflowError("can't convert negative value to unsigned int")
        if x > 0xFFFFFFFF:
            raise OverflowError("int larger than 32 bits")
    return int.from_bytes(x.to_bytes(bits // 8, "big"), _BYTE_ORDER)


def htons(x, /):
    """Convert a 16-bit int from host to network byte order."""
    return _byte_swap(x, 16, "htons")


def ntohs(x, /):
    """Convert a 16-bit int from network to host byte order."""
    return _byte_swap(x, 16, "ntohs")


def htonl(x, /):
    """Convert a 32-bit int from host to network byte order."""
    return _byte_swap(x, 32, "htonl")


def ntohl(x, /):
    """Convert a 32-bit int from network to host byte order."""
    return _byte_swap(x, 32, "ntohl")
