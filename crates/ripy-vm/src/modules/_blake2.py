
BLAKE2B_MAX_DIGEST_SIZE = 64
BLAKE2B_MAX_KEY_SIZE = 64
BLAKE2B_PERSON_SIZE = 16
BLAKE2B_SALT_SIZE = 16
BLAKE2S_MAX_DIGEST_SIZE = 32
BLAKE2S_MAX_KEY_SIZE = 32
BLAKE2S_PERSON_SIZE = 8
BLAKE2S_SALT_SIZE = 8


class _Blake2(_Hash):
    """A BLAKE2 hash object: its digest size is chosen when it is made."""

    def __init__(self, data=b"", /, *, digest_size=None, key=b"", salt=b"", person=b"", fanout=1, depth=1,
                 leaf_size=0, node_offset=0, node_depth=0, inner_size=0, last_node=False, usedforsecurity=True):
        if digest_size is None:
            digest_size = self._max_digest
        if not 1 <= digest_size <= self._max_digest:
            raise ValueError("digest_size must be between 1 and %d bytes" % self._max_digest)
        if len(_buffer(key)) > self._max_digest:
            raise ValueError("maximum key length is %d bytes" % self._max_digest)
        if key or salt or person or (fanout, depth, leaf_size, node_offset, node_depth, inner_size,
                                     last_node) != (1, 1, 0, 0, 0, 0, False):
            raise ValueError("ripy's %s supports only digest_size among its parameters" % self.name)
        self.digest_size = digest_size
        _Hash.__init__(self, data)


class blake2b(_Blake2):
    name = "blake2b"
    block_size = 128
    _max_digest = 64


class blake2s(_Blake2):
    name = "blake2s"
    block_size = 64
    _max_digest = 32
