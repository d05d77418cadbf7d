"""The _io module of ripy: file objects, written in Python on top of posix's file descriptors.

ripy runs this source as the builtin module _io (as PyPy runs its app-level code). It provides
what io.py imports: the abstract bases, FileIO (a descriptor), the buffered classes, BytesIO,
StringIO, TextIOWrapper (encoding, errors and newline translation as CPython's), and open().
"""

import posix as _posix

DEFAULT_BUFFER_SIZE = 8192


class UnsupportedOperation(OSError):
    pass


BlockingIOError = BlockingIOError


def _check_closed(f):
    if f.closed:
        raise ValueError(f._closed_message)


class _IOBase:
    """The abstract base class for all I/O classes."""

    _closed_message = "I/O operation on closed file."

    _closed = False

    @property
    def closed(self):
        return self._closed

    def close(self):
        if not self._closed:
            try:
                self.flush()
            finally:
                self._closed = True

    def flush(self):
        _check_closed(self)

    def __enter__(self):
        _check_closed(self)
        return self

    def __exit__(self, *args):
        self.close()

    def __iter__(self):
        _check_closed(self)
        return self

    def __next__(self):
        line = self.readline()
        if not line:
            raise StopIteration
        return line

    def readable(self):
        return False

    def writable(self):
        return False

    def seekable(self):
        return False

    def isatty(self):
        _check_closed(self)
        return False

    def fileno(self):
        raise UnsupportedOperation("fileno")

    def seek(self, pos, whence=0):
        raise UnsupportedOperation("seek")

    def tell(self):
        return self.seek(0, 1)

    def truncate(self, pos=None):
        raise UnsupportedOperation("truncate")

    def readlines(self, hint=-1):
        lines = []
        total = 0
        for line in self:
            lines.append(line)
            total += len(line)
            if 0 < hint <= total:
                break
        return lines

    def writelines(self, lines):
        _check_closed(self)
        for line in lines:
            self.write(line)

    def _unsupported(self, name):
        raise UnsupportedOperation(name)


class _RawIOBase(_IOBase):
    """Base class for raw binary I/O."""

    def read(self, size=-1):
        if size is None or size < 0:
            return self.readall()
        return self._read(size)

    def readall(self):
        chunks = []
        while True:
            data = self._read(DEFAULT_BUFFER_SIZE)
            if not data:
                break
            chunks.append(data)
        return b"".join(chunks)


class _BufferedIOBase(_IOBase):
    """Base class for buffered binary I/O."""

    def read1(self, size=-1):
        return self.read(size)

    def readinto(self, buffer):
        """Reads into `buffer` (a writable bytes-like object) what `read` gives for its size;
        returns the number of bytes read."""
        return self._readinto(buffer, self.read)

    def readinto1(self, buffer):
        """As `readinto`, with at most one read of the raw stream (`read1`)."""
        return self._readinto(buffer, self.read1)

    @staticmethod
    def _readinto(buffer, read):
        view = memoryview(buffer)
        if view.readonly:
            raise TypeError("readinto() argument must be read-write bytes-like object, not %s"
                            % type(buffer).__name__)
        view = view.cast("B")
        data = read(len(view))
        view[: len(data)] = data
        return len(data)


class _TextIOBase(_IOBase):
    """Base class for text I/O."""

    encoding = None
    errors = None
    newlines = None


def _mode_text(mode, readable, writable, append, created):
    if created:
        return "xb+" if readable else "xb"
    if append:
        return "ab+" if readable else "ab"
    if readable and writable:
        return "rb+"
    return "rb" if readable else "wb"


class FileIO(_RawIOBase):
    """A file descriptor, opened by name or given."""

    def __init__(self, file, mode="r", closefd=True, opener=None):
        if isinstance(file, float):
            raise TypeError("integer argument expected, got float")
        if not isinstance(mode, str):
            raise TypeError("FileIO() argument 'mode' must be str, not " + type(mode).__name__)
        if set(mode) - set("rwxab+") or len(set(mode)) != len(mode):
            raise ValueError("invalid mode: " + mode)
        kinds = sum(c in mode for c in "rwax")
        if kinds != 1 or mode.count("+") > 1:
            raise ValueError("Must have exactly one of create/read/write/append mode and at most one plus")
        readable = "r" in mode or "+" in mode
        writable = "r" not in mode or "+" in mode
        append = "a" in mode
        created = "x" in mode
        flags = 0
        if readable and writable:
            flags = _posix.O_RDWR
        elif writable:
            flags = _posix.O_WRONLY
        if "w" in mode:
            flags |= _posix.O_CREAT | _posix.O_TRUNC
        if append:
            flags |= _posix.O_APPEND | _posix.O_CREAT
        if created:
            flags |= _posix.O_EXCL | _posix.O_CREAT
        if isinstance(file, int):
            if file < 0:
                raise ValueError("negative file descriptor")
            fd = file
        else:
            if not closefd:
                raise ValueError("Cannot use closefd=False with file name")
            if opener is None:
                fd = _posix.open(file, flags | _posix.O_CLOEXEC, 0o666)
            else:
                fd = opener(file, flags | _posix.O_CLOEXEC)
                if not isinstance(fd, int):
                    raise TypeError("expected integer from opener")
                if fd < 0:
                    raise ValueError("opener returned %d" % fd)
        self._fd = fd
        self._closefd = closefd
        self._readable = readable
        self._writable = writable
        self._appending = append
        self.name = file
        self.mode = _mode_text(mode, readable, writable, append, created)
        try:
            st = _posix.fstat(fd) if fd > 2 else None
        except OSError:
            st = None
        if st is not None and (st.st_mode & 0o170000) == 0o040000:
            if self._closefd:
                _posix.close(fd)
            raise IsADirectoryError(21, "Is a directory", file)

    @property
    def closefd(self):
        return self._closefd

    def __repr__(self):
        if self.closed:
            return "<_io.FileIO [closed]>"
        return "<_io.FileIO name=%r mode=%r closefd=%r>" % (self.name, self.mode, self._closefd)

    def _read(self, size):
        _check_closed(self)
        if not self._readable:
            raise UnsupportedOperation("File not open for reading")
        return _posix.read(self._fd, size)

    def readinto(self, buffer):
        data = self.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)

    def write(self, data):
        _check_closed(self)
        if not self._writable:
            raise UnsupportedOperation("File not open for writing")
        return _posix.write(self._fd, bytes(data))

    def seek(self, pos, whence=0):
        _check_closed(self)
        if isinstance(pos, float):
            raise TypeError("an integer is required")
        return _posix.lseek(self._fd, pos, whence)

    def tell(self):
        _check_closed(self)
        return _posix.lseek(self._fd, 0, 1)

    def readable(self):
        _check_closed(self)
        return self._readable

    def writable(self):
        _check_closed(self)
        return self._writable

    def seekable(self):
        _check_closed(self)
        return self._fd > 2

    def isatty(self):
        _check_closed(self)
        return _posix.isatty(self._fd)

    def fileno(self):
        _check_closed(self)
        return self._fd

    def close(self):
        if not self._closed:
            self._closed = True
            if self._closefd:
                _posix.close(self._fd)


class _MemoryIO:
    """What BytesIO and StringIO share: a value (a bytearray or a str) and a position in it;
    `_export` turns a piece of the value into what reading returns, `_newline_char` ends lines."""

    def getvalue(self):
        _check_closed(self)
        return self._export(self._value)

    def read(self, size=-1):
        _check_closed(self)
        if size is None or size < 0:
            size = len(self._value)
        data = self._export(self._value[self._pos : self._pos + size])
        self._pos += len(data)
        return data

    def readline(self, size=-1):
        _check_closed(self)
        end = self._value.find(self._newline_char, self._pos)
        end = len(self._value) if end < 0 else end + 1
        if size is not None and size >= 0:
            end = min(end, self._pos + size)
        data = self._export(self._value[self._pos : end])
        self._pos = end
        return data

    def _store(self, data):
        """Writes `data` (of the value's type) at the position, padding a gap with NULs."""
        if self._pos > len(self._value):
            self._value += self._padding(self._pos - len(self._value))
        self._value = self._value[: self._pos] + data + self._value[self._pos + len(data) :]
        self._pos += len(data)

    def tell(self):
        _check_closed(self)
        return self._pos

    def truncate(self, pos=None):
        _check_closed(self)
        if pos is None:
            pos = self._pos
        self._value = self._value[:pos]
        return pos

    def readable(self):
        _check_closed(self)
        return True

    def writable(self):
        _check_closed(self)
        return True

    def seekable(self):
        _check_closed(self)
        return True


class BytesIO(_MemoryIO, _BufferedIOBase):
    """A binary stream in memory."""

    _newline_char = b"\n"
    _export = bytes

    def __init__(self, initial_bytes=b""):
        self._value = bytearray(initial_bytes)
        self._pos = 0

    @staticmethod
    def _padding(n):
        return bytearray(n)

    def getbuffer(self):
        """A memoryview over the stream's contents (writes through it change the stream)."""
        _check_closed(self)
        return memoryview(self._value)

    def write(self, data):
        _check_closed(self)
        data = bytes(data)
        self._store(data)
        return len(data)

    def seek(self, pos, whence=0):
        _check_closed(self)
        if whence == 0:
            if pos < 0:
                raise ValueError("negative seek value %d" % pos)
            self._pos = pos
        elif whence == 1:
            self._pos = max(0, self._pos + pos)
        elif whence == 2:
            self._pos = max(0, len(self._value) + pos)
        else:
            raise ValueError("invalid whence (%d, should be 0, 1 or 2)" % whence)
        return self._pos


class BufferedReader(_BufferedIOBase):
    """Reads from a raw stream through a buffer: `_buf[_bufpos:]` is what was read from the raw
    stream and not yet by the caller (at most `buffer_size` bytes are read ahead). Writes (of
    BufferedWriter and BufferedRandom) go straight to the raw stream after moving it back over
    what the buffer holds unread."""

    def __init__(self, raw, buffer_size=DEFAULT_BUFFER_SIZE):
        if buffer_size <= 0:
            raise ValueError("buffer size must be strictly positive")
        self.raw = raw
        self.buffer_size = buffer_size
        self._buf = b""
        self._bufpos = 0

    def read(self, size=-1):
        pos = self._bufpos
        if size is not None and 0 < size <= len(self._buf) - pos:
            self._bufpos = pos + size
            return self._buf[pos : pos + size]
        return self._read_through(size)

    def _read_through(self, size):
        """`read` when the buffer does not hold `size` bytes: the buffered bytes, then raw reads
        until `size` bytes or the end (what a last raw read gives beyond `size` is buffered)."""
        _check_closed(self)
        if size == 0:
            return b""
        rest = self._take_buffered()
        if size is None or size < 0:
            data = self.raw.read()
            return rest + data if data else rest
        chunks = [rest]
        need = size - len(rest)
        while need > 0:
            data = self.raw.read(max(need, self.buffer_size))
            if not data:
                break
            if len(data) > need:
                self._buf = data
                self._bufpos = need
                data = data[:need]
            chunks.append(data)
            need -= len(data)
        return b"".join(chunks)

    def _take_buffered(self):
        """The unread buffered bytes, leaving the buffer empty."""
        rest = self._buf[self._bufpos :]
        self._buf = b""
        self._bufpos = 0
        return rest

    def _fill(self):
        """Refills an empty buffer with one raw read: false at the end of the stream."""
        _check_closed(self)
        self._buf = self.raw.read(self.buffer_size) or b""
        self._bufpos = 0
        return bool(self._buf)

    def _rewind(self):
        """Drops the buffer, moving the raw stream back to the position the caller has read to."""
        unread = len(self._buf) - self._bufpos
        self._buf = b""
        self._bufpos = 0
        if unread:
            self.raw.seek(-unread, 1)

    def readline(self, size=-1):
        limit = -1 if size is None or size < 0 else size
        chunks = []
        while limit != 0:
            if self._bufpos == len(self._buf) and not self._fill():
                break
            start = self._bufpos
            end = self._buf.find(b"\n", start)
            end = len(self._buf) if end < 0 else end + 1
            if limit > 0:
                end = min(end, start + limit)
                limit -= end - start
            chunks.append(self._buf[start:end])
            self._bufpos = end
            if self._buf[end - 1 : end] == b"\n":
                break
        return b"".join(chunks)

    def peek(self, size=0):
        if self._bufpos == len(self._buf):
            self._fill()
        return self._buf[self._bufpos :]

    def write(self, data):
        self._rewind()
        return self.raw.write(data)

    @property
    def name(self):
        return self.raw.name

    @property
    def mode(self):
        return self.raw.mode

    def fileno(self):
        return self.raw.fileno()

    def isatty(self):
        return self.raw.isatty()

    def seek(self, pos, whence=0):
        if whence == 1:
            pos -= len(self._buf) - self._bufpos
        result = self.raw.seek(pos, whence)
        self._buf = b""
        self._bufpos = 0
        return result

    def tell(self):
        return self.raw.tell() - (len(self._buf) - self._bufpos)

    def truncate(self, pos=None):
        self._rewind()
        return self.raw.truncate(pos)

    def readable(self):
        return self.raw.readable()

    def writable(self):
        return self.raw.writable()

    def seekable(self):
        return self.raw.seekable()

    @property
    def closed(self):
        return self.raw.closed

    def close(self):
        self.raw.close()
        self._buf = b""
        self._bufpos = 0

    def flush(self):
        pass

    def detach(self):
        raw = self.raw
        self.raw = None
        return raw

    def __repr__(self):
        try:
            return "<_io.%s name=%r>" % (type(self).__name__, self.raw.name)
        except AttributeError:
            return "<_io.%s>" % type(self).__name__


class BufferedWriter(BufferedReader):
    """Writes to a raw stream."""


class BufferedRandom(BufferedReader):
    """Reads from and writes to a seekable raw stream."""


class BufferedRWPair(_BufferedIOBase):
    """A reader and a writer."""

    def __init__(self, reader, writer, buffer_size=DEFAULT_BUFFER_SIZE):
        self.reader = reader
        self.writer = writer

    def read(self, size=-1):
        return self.reader.read(size)

    def write(self, data):
        return self.writer.write(data)


class IncrementalNewlineDecoder:
    """Translates \\r\\n and \\r into \\n (when `translate`) after an optional decoder."""

    def __init__(self, decoder, translate, errors="strict"):
        self.decoder = decoder
        self.translate = translate
        self.errors = errors
        self._pendingcr = False

    def decode(self, input, final=False):
        output = input if self.decoder is None else self.decoder.decode(input, final=final)
        if self._pendingcr and (output or final):
            output = "\r" + output
            self._pendingcr = False
        if output.endswith("\r") and not final:
            output = output[:-1]
            self._pendingcr = True
        if self.translate:
            output = output.replace("\r\n", "\n").replace("\r", "\n")
        return output

    def reset(self):
        self._pendingcr = False


def text_encoding(encoding, stacklevel=2):
    return "locale" if encoding is None else encoding


def _normal_encoding(encoding):
    if encoding is None or encoding == "locale":
        return "UTF-8"
    return encoding


class TextIOWrapper(_TextIOBase):
    """A text stream over a binary one: decoding, encoding and newline translation."""

    def __init__(self, buffer, encoding=None, errors=None, newline=None, line_buffering=False,
                 write_through=False):
        if newline not in (None, "", "\n", "\r", "\r\n"):
            raise ValueError("illegal newline value: %r" % (newline,))
        if encoding is not None and not isinstance(encoding, str):
            raise TypeError("TextIOWrapper() argument 'encoding' must be str or None, not " + type(encoding).__name__)
        if errors is not None and not isinstance(errors, str):
            raise TypeError("TextIOWrapper() argument 'errors' must be str or None, not " + type(errors).__name__)
        encoding = _normal_encoding(encoding)
        "".encode(encoding)
        self.buffer = buffer
        self._encoding = encoding
        self._errors = "strict" if errors is None else errors
        self._newline = newline
        self.line_buffering = line_buffering
        self.write_through = write_through
        self._decoded = None
        self._pos = 0

    @property
    def encoding(self):
        return self._encoding

    @property
    def errors(self):
        return self._errors

    @property
    def name(self):
        return self.buffer.name

    @property
    def closed(self):
        return self.buffer.closed

    def __repr__(self):
        result = "<_io.TextIOWrapper"
        try:
            result += " name=%r" % (self.name,)
        except AttributeError:
            pass
        try:
            result += " mode=%r" % (self.mode,)
        except AttributeError:
            pass
        return result + " encoding=%r>" % (self._encoding,)

    def _load(self):
        if self._decoded is None:
            _check_closed(self)
            if not self.buffer.readable():
                raise UnsupportedOperation("not readable")
            text = self.buffer.read().decode(self._encoding, self._errors)
            if self._newline is None:
                text = text.replace("\r\n", "\n").replace("\r", "\n")
            self._decoded = text
            self._pos = 0
        return self._decoded

    def read(self, size=-1):
        _check_closed(self)
        text = self._load()
        if size is None or size < 0:
            size = len(text) - self._pos
        result = text[self._pos : self._pos + size]
        self._pos += len(result)
        return result

    def readline(self, size=-1):
        _check_closed(self)
        text = self._load()
        if self._newline == "":
            end = len(text)
            for i in range(self._pos, len(text)):
                if text[i] == "\n":
                    end = i + 1
                    break
                if text[i] == "\r":
                    end = i + 2 if text[i + 1 : i + 2] == "\n" else i + 1
                    break
        else:
            sep = "\n" if self._newline is None else self._newline
            i = text.find(sep, self._pos)
            end = len(text) if i < 0 else i + len(sep)
        if size is not None and size >= 0:
            end = min(end, self._pos + size)
        line = text[self._pos : end]
        self._pos = end
        return line

    def write(self, s):
        _check_closed(self)
        if not isinstance(s, str):
            raise TypeError("write() argument must be str, not " + type(s).__name__)
        if not self.buffer.writable():
            raise UnsupportedOperation("not writable")
        text = s
        if self._newline not in (None, "", "\n"):
            text = text.replace("\n", self._newline)
        self.buffer.write(text.encode(self._encoding, self._errors))
        return len(s)

    def flush(self):
        _check_closed(self)
        self.buffer.flush()

    def close(self):
        if not self.buffer.closed:
            try:
                self.flush()
            finally:
                self.buffer.close()

    def fileno(self):
        return self.buffer.fileno()

    def isatty(self):
        return self.buffer.isatty()

    def readable(self):
        return self.buffer.readable()

    def writable(self):
        return self.buffer.writable()

    def seekable(self):
        return self.buffer.seekable()

    def seek(self, cookie, whence=0):
        _check_closed(self)
        if whence == 0 and cookie == 0:
            self._decoded = None
            self._pos = 0
            return self.buffer.seek(0)
        if whence == 2 and cookie == 0:
            self._decoded = None
            return self.buffer.seek(0, 2)
        if whence == 0 and self._decoded is not None:
            self._pos = cookie
            return cookie
        raise UnsupportedOperation("can't do nonzero cur-relative seeks")

    def tell(self):
        _check_closed(self)
        if self._decoded is not None:
            return self._pos
        return self.buffer.tell()

    def detach(self):
        buffer = self.buffer
        self.buffer = None
        return buffer


class StringIO(_MemoryIO, _TextIOBase):
    """A text stream in memory."""

    _newline_char = "\n"
    _export = str
    _closed_message = "I/O operation on closed file"

    def __init__(self, initial_value="", newline="\n"):
        if initial_value is not None and not isinstance(initial_value, str):
            raise TypeError("initial_value must be str or None, not " + type(initial_value).__name__)
        if newline not in (None, "", "\n", "\r", "\r\n"):
            raise ValueError("illegal newline value: %r" % (newline,))
        self._newline = newline
        self._value = ""
        self._pos = 0
        if initial_value:
            self.write(initial_value)
            self._pos = 0

    @staticmethod
    def _padding(n):
        return "\0" * n

    def write(self, s):
        _check_closed(self)
        if not isinstance(s, str):
            raise TypeError("string argument expected, got '%s'" % type(s).__name__)
        n = len(s)
        if self._newline is None:
            s = s.replace("\r\n", "\n").replace("\r", "\n")
        elif self._newline not in ("", "\n"):
            s = s.replace("\n", self._newline)
        self._store(s)
        return n

    def seek(self, pos, whence=0):
        _check_closed(self)
        if whence == 0:
            if pos < 0:
                raise ValueError("Negative seek position %d" % pos)
            self._pos = pos
        elif whence in (1, 2):
            if pos != 0:
                raise OSError("Can't do nonzero cur-relative seeks")
            if whence == 2:
                self._pos = len(self._value)
        else:
            raise ValueError("Invalid whence (%d, should be 0, 1 or 2)" % whence)
        return self._pos

    @property
    def line_buffering(self):
        return False


def open(file, mode="r", buffering=-1, encoding=None, errors=None, newline=None, closefd=True, opener=None):
    if not isinstance(file, (str, bytes, int)):
        file = _posix.fspath(file)
    if not isinstance(mode, str):
        raise TypeError("open() argument 'mode' must be str, not " + type(mode).__name__)
    if not isinstance(buffering, int):
        raise TypeError("'%s' object cannot be interpreted as an integer" % type(buffering).__name__)
    if encoding is not None and not isinstance(encoding, str):
        raise TypeError("open() argument 'encoding' must be str or None, not " + type(encoding).__name__)
    if errors is not None and not isinstance(errors, str):
        raise TypeError("open() argument 'errors' must be str or None, not " + type(errors).__name__)
    modes = set(mode)
    if modes - set("axrwb+t") or len(mode) > len(modes):
        raise ValueError("invalid mode: %r" % mode)
    creating = "x" in modes
    reading = "r" in modes
    writing = "w" in modes
    appending = "a" in modes
    updating = "+" in modes
    text = "t" in modes
    binary = "b" in modes
    if text and binary:
        raise ValueError("can't have text and binary mode at once")
    if creating + reading + writing + appending > 1:
        raise ValueError("must have exactly one of create/read/write/append mode")
    if not (creating or reading or writing or appending):
        raise ValueError("Must have exactly one of create/read/write/append mode and at most one plus")
    if binary and encoding is not None:
        raise ValueError("binary mode doesn't take an encoding argument")
    if binary and errors is not None:
        raise ValueError("binary mode doesn't take an errors argument")
    if binary and newline is not None:
        raise ValueError("binary mode doesn't take a newline argument")
    if binary and buffering == 1:
        pass
    raw_mode = (creating and "x" or "") + (reading and "r" or "") + (writing and "w" or "") + \
        (appending and "a" or "") + (updating and "+" or "")
    raw = FileIO(file, raw_mode, closefd, opener=opener)
    if buffering == 0:
        if binary:
            return raw
        raw.close()
        raise ValueError("can't have unbuffered text I/O")
    if updating:
        buffer = BufferedRandom(raw)
    elif creating or writing or appending:
        buffer = BufferedWriter(raw)
    else:
        buffer = BufferedReader(raw)
    if binary:
        return buffer
    result = TextIOWrapper(buffer, encoding, errors, newline, buffering == 1)
    result.mode = mode
    return result


def open_code(path):
    if not isinstance(path, str):
        raise TypeError("open_code() argument 'path' must be str, not " + type(path).__name__)
    return open(path, "rb")
