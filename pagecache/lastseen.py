"""The newest database generation any worker of this server has read, in memory the workers share.

gunicorn loads the site once (``preload_app``) and forks its workers from that
process, so a shared anonymous mapping made at import is the same memory in
every worker. A worker that starts while the database is down (one replacing
a crashed or recycled worker) takes the generation its siblings read last and
serves cached pages as they do, instead of a 503 for every page. Without
preload each process has its own copy, and only its own reads count.

There is no lock: a worker killed while holding one would stop every other.
A checksum finds a torn write (two workers writing at once), which reads as
nothing known. A write never replaces a newer read, by CLOCK_MONOTONIC,
which is the same clock in every process on the machine.
"""

import mmap
import struct
import zlib

_BODY = struct.Struct("<dq")  # read at (time.monotonic()), generation
_CHECK = struct.Struct("<I")  # crc32 of the body
_memory = mmap.mmap(-1, _BODY.size + _CHECK.size)  # MAP_SHARED: forked children see one copy


def remember(value, read_at):
    """Record a generation this process read at ``read_at``, unless a sibling read one later."""
    known = recall()
    if known is not None and known[0] >= read_at:
        return
    body = _BODY.pack(read_at, value)
    _memory[:] = body + _CHECK.pack(zlib.crc32(body))


def recall():
    """(read at, generation) of the newest read by any worker, or None."""
    raw = _memory[:]
    body, check = raw[: _BODY.size], raw[_BODY.size :]
    if _CHECK.unpack(check)[0] != zlib.crc32(body):
        return None  # never written (all zeros), or torn
    return _BODY.unpack(body)


def forget():
    _memory[:] = bytes(len(_memory))
