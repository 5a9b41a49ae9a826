#!/usr/bin/python3
"""Acknowledged-write journal of the e2e failover tests; runs in a guest (see WriteJournal.java).

write DIR: writes stamped blocks with O_DIRECT|O_DSYNC to the block device named in DIR/device,
one block at a time over a region of the device, and appends "seq offset sha256 time" to
DIR/journal only after the write returned: every journal line is a write the storage acknowledged.
I/O errors (the device vanishes during a failover) are logged and the write is retried, on the
device DIR/device names then (rewritten on re-login), until DIR/stop appears or enough writes
were acknowledged. DIR/run.json says how blocks are made, DIR/done.json what was done.

verify DIR DEVICE: reads back every journaled offset from DEVICE and writes one JSON line per bad
block to DIR/verify.jsonl; prints a JSON summary.

A block is 32 bytes of header (magic, run id, seq, offset) and a payload drawn from a generator
seeded with run id and seq, so any block can be recomputed from its header. That decides what a
journaled offset may hold: the block of its last acknowledged write, or of a later write that
failed or was cut short (its outcome is unknown, so either is correct); anything else, in
particular an older write, is bad.
"""
import errno
import hashlib
import json
import mmap
import os
import random
import signal
import struct
import sys
import time

MAGIC = b"EBSJ"
HEADER = struct.Struct("<4s4xQQQ")  # magic, padding, run id, seq, offset: 32 bytes
READ_CHUNK = 1 << 20


def block(run_id, seq, offset, size):
    payload = random.Random(f"{run_id}:{seq}").randbytes(size - HEADER.size)
    return HEADER.pack(MAGIC, run_id, seq, offset) + payload


def log(message):
    print(f"{time.time():.3f} {message}", flush=True)


def write_json(path, value):
    tmp = path + ".tmp"
    with open(tmp, "w") as out:
        json.dump(value, out)
        out.flush()
        os.fsync(out.fileno())
    os.rename(tmp, path)


class Device:
    """The block device DIR/device names, reopened when that file changes or a write fails."""

    def __init__(self, name_file, block_size):
        self.name_file = name_file
        self.block_size = block_size
        self.fd = None
        self.path = None
        self.stamp = None
        self.size = None

    def stale(self):
        try:
            return os.stat(self.name_file).st_mtime_ns != self.stamp
        except OSError:
            return False

    def open(self):
        self.close()
        self.stamp = os.stat(self.name_file).st_mtime_ns
        with open(self.name_file) as f:
            self.path = f.read().strip()
        self.fd = os.open(self.path, os.O_WRONLY | os.O_DIRECT | os.O_DSYNC)
        self.size = os.lseek(self.fd, 0, os.SEEK_END)

    def close(self):
        if self.fd is not None:
            try:
                os.close(self.fd)
            except OSError:
                pass
            self.fd = None


def write(directory, block_size, region_bytes, max_writes, fsync_every):
    run_id = int.from_bytes(os.urandom(8), "little")
    write_json(f"{directory}/run.json", {"runId": run_id, "blockSize": block_size})
    stop_file = f"{directory}/stop"
    journal = os.open(f"{directory}/journal", os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    buf = mmap.mmap(-1, block_size)  # page-aligned, as O_DIRECT wants
    device = Device(f"{directory}/device", block_size)
    stopping = []
    signal.signal(signal.SIGTERM, lambda *_: stopping.append(True))
    seq = acked = errors = index = unsynced = 0
    blocks = None
    last_error = None
    repeats = 0
    log(f"run {run_id:016x}, {block_size}-byte blocks")
    while not stopping and not os.path.exists(stop_file) and (max_writes == 0 or acked < max_writes):
        try:
            if device.fd is None or device.stale():
                device.open()
                if blocks is None:
                    region = region_bytes or device.size
                    blocks = region // block_size
                    if blocks == 0 or blocks * block_size > device.size:
                        raise OSError(errno.EINVAL, f"region {region} on a {device.size}-byte device")
                elif blocks * block_size > device.size:
                    raise OSError(errno.EINVAL, f"{device.path} is only {device.size} bytes")
                log(f"writing to {device.path} ({device.size} bytes) from seq {seq + 1}")
            seq += 1
            offset = index * block_size
            data = block(run_id, seq, offset, block_size)
            buf.seek(0)
            buf.write(data)
            written = os.pwrite(device.fd, buf, offset)
            if written != block_size:
                raise OSError(errno.EIO, f"short write of {written} bytes")
        except OSError as e:
            errors += 1
            message = f"{device.path}: {e}"
            if message == last_error:
                repeats += 1
            else:
                if repeats:
                    log(f"(repeated {repeats} more times)")
                log(f"seq {seq} at block {index}: {message}")
                last_error, repeats = message, 0
            device.close()
            time.sleep(0.1)  # a dead device fails at once: retry at a bounded rate
            continue
        if last_error is not None:
            log(f"seq {seq} acknowledged again after {errors} failed attempts so far"
                + (f" (last error repeated {repeats} more times)" if repeats else ""))
            last_error, repeats = None, 0
        line = f"{seq} {offset} {hashlib.sha256(data).hexdigest()} {time.time():.6f}\n"
        os.write(journal, line.encode())
        acked += 1
        index = (index + 1) % blocks
        unsynced += 1
        if unsynced >= fsync_every:
            os.fsync(journal)
            unsynced = 0
    os.fsync(journal)
    os.close(journal)
    device.close()
    summary = {"acknowledged": acked, "attempted": seq, "errors": errors}
    log(f"stopped: {summary}")
    write_json(f"{directory}/done.json", summary)


def journal_entries(path):
    """offset -> (seq, sha256) of the last acknowledged write there."""
    last = {}
    with open(path) as f:
        for line in f:
            seq, offset, sha, _ = line.split()
            seq, offset = int(seq), int(offset)
            if offset not in last or last[offset][0] < seq:
                last[offset] = (seq, sha)
    return last


def runs(offsets, block_size):
    """Consecutive offsets grouped into reads of at most READ_CHUNK bytes."""
    group = []
    for offset in offsets:
        if group and (offset != group[-1] + block_size or len(group) * block_size >= READ_CHUNK):
            yield group
            group = []
        group.append(offset)
    if group:
        yield group


def judge(run_id, block_size, offset, seq, sha, data):
    """Why the block at offset is bad, or None; and whether it holds a later unacknowledged write."""
    if len(data) < block_size:
        return f"short read ({len(data)} bytes)", None, False
    magic, found_run, found_seq, found_offset = HEADER.unpack_from(data)
    if magic != MAGIC:
        return "not a journal block", None, False
    if found_run != run_id:
        return f"written by another run ({found_run:016x})", found_seq, False
    if found_offset != offset:
        return f"holds the block written for offset {found_offset}", found_seq, False
    if found_seq < seq:
        return f"stale: holds write {found_seq}, write {seq} was acknowledged", found_seq, False
    if data != block(run_id, found_seq, offset, block_size):
        return f"header of write {found_seq} but other contents", found_seq, False
    if found_seq == seq and hashlib.sha256(data).hexdigest() != sha:
        return "differs from the journal's sha256", found_seq, False
    return None, found_seq, found_seq > seq


def verify(directory, device):
    with open(f"{directory}/run.json") as f:
        run = json.load(f)
    run_id, block_size = run["runId"], run["blockSize"]
    last = journal_entries(f"{directory}/journal")
    fd = os.open(device, os.O_RDONLY | os.O_DIRECT)
    buf = mmap.mmap(-1, READ_CHUNK)
    bad = newer = 0
    with open(f"{directory}/verify.jsonl", "w") as out:
        for group in runs(sorted(last), block_size):
            length = len(group) * block_size
            view = memoryview(buf)[:length]
            try:
                got = os.preadv(fd, [view], group[0])
            except OSError as e:
                got, error = 0, str(e)
            else:
                error = None
            for i, offset in enumerate(group):
                seq, sha = last[offset]
                data = bytes(view[i * block_size:min(got, (i + 1) * block_size)]) if got > i * block_size else b""
                if error is not None:
                    reason, found, later = f"read failed: {error}", None, False
                else:
                    reason, found, later = judge(run_id, block_size, offset, seq, sha, data)
                if reason is not None:
                    bad += 1
                    out.write(json.dumps({"offset": offset, "acknowledgedSeq": seq,
                                          "foundSeq": found, "reason": reason}) + "\n")
                elif later:
                    newer += 1
            view.release()
    os.close(fd)
    print(json.dumps({"checked": len(last), "bad": bad, "newerUnacknowledged": newer}))


def main(argv):
    if len(argv) >= 2 and argv[0] == "write":
        options = dict(zip(argv[2::2], argv[3::2]))
        write(argv[1], int(options.get("--block-size", 4096)),
              int(options.get("--region-bytes", 0)), int(options.get("--max-writes", 0)),
              int(options.get("--fsync-every", 64)))
    elif len(argv) == 3 and argv[0] == "verify":
        verify(argv[1], argv[2])
    else:
        sys.exit("usage: ackwriter.py write DIR [--block-size N] [--region-bytes N]"
                 " [--max-writes N] [--fsync-every N] | verify DIR DEVICE")


if __name__ == "__main__":
    main(sys.argv[1:])
