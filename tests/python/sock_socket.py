# The socket module over ripy's _socket: socketpair and localhost TCP/UDP echo, timeouts,
# addresses, resolver and conversion functions, and CPython's errors for bad arguments.
import socket
import _socket


def attempt(label, f):
    try:
        print(label, repr(f()))
    except Exception as e:
        print(label, type(e).__name__, e)


# socketpair: both ends, stream data both ways, shutdown and EOF.
a, b = socket.socketpair()
print(a.family, a.type, a.proto, a.gettimeout(), a.getblocking())
a.sendall(b"hello " * 3)
print(b.recv(100))
b.send(b"back")
print(a.recv(2), a.recv(10))
a.shutdown(socket.SHUT_WR)
print(b.recv(10))
buf = bytearray(8)
b.sendall(b"into")
print(a.recv_into(buf), buf)
with a, b:
    pass
print(a.fileno(), repr(a)[:30])

# TCP echo on localhost.
srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
print(srv.getsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR) != 0)
srv.bind(("127.0.0.1", 0))
srv.listen()
host, port = srv.getsockname()
print(host, 0 < port < 65536)
c = socket.create_connection((host, port), timeout=5)
conn, peer = srv.accept()
print(peer == c.getsockname(), conn.getpeername() == c.getsockname(), c.gettimeout())
for msg in (b"ping", b"x" * 1000, b""):
    if msg:
        c.sendall(msg)
        got = b""
        while len(got) < len(msg):
            got += conn.recv(4096)
        conn.sendall(got.upper())
        back = b""
        while len(back) < len(msg):
            back += c.recv(4096)
        print(len(back), back[:8])
conn.settimeout(0.05)
attempt("timeout", lambda: conn.recv(1))
conn.setblocking(False)
attempt("nonblocking", lambda: conn.recv(1))
print(conn.gettimeout(), conn.getblocking())
c.close()
conn.setblocking(True)
print(conn.recv(10))
conn.close()
srv.close()
attempt("closed", srv.getsockname)
attempt("connect refused", lambda: socket.create_connection((host, port), timeout=5))

# UDP: sendto/recvfrom.
u1 = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
u2 = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
u1.bind(("127.0.0.1", 0))
u2.sendto(b"datagram", u1.getsockname())
data, sender = u1.recvfrom(100)
print(data, sender == u2.getsockname())
u1.close()
u2.close()

# Names, addresses and conversions.
print(socket.gethostbyname("localhost"), socket.inet_aton("127.1"), socket.inet_ntoa(b"\x0a\x00\x00\x01"))
print(socket.inet_pton(socket.AF_INET6, "::1"), socket.inet_ntop(socket.AF_INET6, bytes(15) + b"\x01"))
print(socket.htons(1), socket.ntohs(256), socket.htonl(1), socket.ntohl(16777216))
print(socket.getaddrinfo("127.0.0.1", 80, socket.AF_INET, socket.SOCK_STREAM))
print(socket.getservbyname("http", "tcp"), socket.getservbyport(80, "tcp"), socket.getprotobyname("udp"))
print(socket.getnameinfo(("127.0.0.1", 80), socket.NI_NUMERICHOST | socket.NI_NUMERICSERV))
print(isinstance(socket.gethostname(), str), socket.getdefaulttimeout())
print(socket.AF_INET, socket.SOCK_DGRAM, socket.AddressFamily.AF_UNIX, socket.timeout is TimeoutError)
print(issubclass(socket.gaierror, OSError), socket.gaierror.__module__, socket.error is OSError)

# CPython's errors for bad arguments.
s = _socket.socket()
attempt("bind str", lambda: s.bind("x"))
attempt("bind short", lambda: s.bind(("x",)))
attempt("bind host", lambda: s.bind((1, 2)))
attempt("bind port", lambda: s.bind(("", 70000)))
attempt("bind unknown", lambda: s.bind(("nonexistent.invalid", 1)))
attempt("recv negative", lambda: s.recv(-1))
attempt("recv_into small", lambda: s.recv_into(bytearray(2), 5))
attempt("sendto args", lambda: s.sendto(b"x"))
attempt("not connected", s.getpeername)
attempt("settimeout", lambda: s.settimeout(-1))
attempt("settimeout str", lambda: s.settimeout("x"))
attempt("buflen", lambda: s.getsockopt(socket.SOL_SOCKET, socket.SO_TYPE, 2000))
attempt("family", lambda: _socket.socket(12345))
attempt("fileno", lambda: _socket.socket(fileno=-5))
attempt("htons", lambda: socket.htons(-1))
attempt("htonl", lambda: socket.htonl(2 ** 32))
attempt("inet_aton", lambda: socket.inet_aton("1.2.3.x"))
attempt("inet_pton", lambda: socket.inet_pton(socket.AF_INET, "1.2.3"))
attempt("inet_ntop", lambda: socket.inet_ntop(socket.AF_INET, b"123"))
attempt("getaddrinfo", lambda: socket.getaddrinfo("localhost", 1.5))
attempt("getservbyname", lambda: socket.getservbyname("nonesuch"))
attempt("getnameinfo", lambda: socket.getnameinfo(("127.0.0.1",), 0))
s.close()
print(repr(s))
