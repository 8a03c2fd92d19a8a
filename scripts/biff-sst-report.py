#!/usr/bin/env python3
"""Reports how the shared string table (SST) of .xls files is split over CONTINUE records.

Usage: biff-sst-report.py FILE.xls...

For each file: the number of strings and records of its SST, and how many strings run
on from one record into the next - by their characters (the next record then starts
with a flags byte), by their header, by their formatting runs or by their phonetic data
(ExtRst). MS-XLS 2.4.265 SST, 2.5.293 XLUnicodeRichExtendedString.

Exits 1 unless at least one file has formatting runs or ExtRst crossing a record
boundary: scripts/make-libreoffice-fixtures.sh uses it to check that the fixtures still
hold the case they are kept for. Needs olefile (Debian: python3-olefile). A test-side
reading of trusted files, independent of src/reader/biff.c.
"""
import collections
import struct
import sys

import olefile

SST, CONTINUE = 0x00FC, 0x003C


def sst_records(path):
    """The body of the SST record and of each CONTINUE record after it."""
    w = olefile.OleFileIO(path).openstream("Workbook").read()
    pos, bodies = 0, []
    while pos + 4 <= len(w):
        rtype, size = struct.unpack_from("<HH", w, pos)
        body = w[pos + 4:pos + 4 + size]
        if bodies and rtype != CONTINUE:
            break
        if bodies or rtype == SST:
            bodies.append(body)
        pos += 4 + size
    return bodies


class Cursor:
    def __init__(self, bodies):
        self.bodies, self.i, self.p = bodies, 0, 8

    def raw(self, n):
        """n bytes read straight across boundaries; True if they crossed one."""
        out, crossed = b"", False
        while n:
            if self.p == len(self.bodies[self.i]):
                self.i, self.p = self.i + 1, 0
                crossed = crossed or out != b""
            take = min(n, len(self.bodies[self.i]) - self.p)
            out += self.bodies[self.i][self.p:self.p + take]
            self.p, n = self.p + take, n - take
        return out, crossed

    def chars(self, cch, wide):
        """cch characters; a continued record starts with a flags byte. True if split."""
        got, split = 0, False
        while got < cch:
            avail = (len(self.bodies[self.i]) - self.p) >> wide
            if avail == 0:
                self.i += 1
                wide, self.p, split = self.bodies[self.i][0] & 1, 1, True
                continue
            take = min(avail, cch - got)
            self.p, got = self.p + (take << wide), got + take
        return split


def report(path):
    bodies = sst_records(path)
    if not bodies:
        return collections.Counter(), 0, 0
    count = struct.unpack_from("<I", bodies[0], 4)[0]
    c, n = Cursor(bodies), collections.Counter()
    for _ in range(count):
        while c.p == len(c.bodies[c.i]):
            c.i, c.p = c.i + 1, 0
        head, crossed = c.raw(3)
        cch, flags = struct.unpack("<HB", head)
        runs = struct.unpack("<H", c.raw(2)[0])[0] if flags & 0x08 else 0
        ext = struct.unpack("<I", c.raw(4)[0])[0] if flags & 0x04 else 0
        n["header"] += crossed
        n["characters"] += c.chars(cch, flags & 1)
        n["runs"] += c.raw(4 * runs)[1] if runs else 0
        n["ExtRst"] += c.raw(ext)[1] if ext else 0
        n["rich strings"] += runs > 0
        n["strings with ExtRst"] += ext > 0
    return n, count, len(bodies)


def main():
    found = False
    for path in sys.argv[1:]:
        n, count, records = report(path)
        crossing = ", ".join(f"{k} {n[k]}" for k in ("characters", "header", "runs", "ExtRst"))
        print(f"{path}: {count} strings in {records} records ({n['rich strings']} rich, "
              f"{n['strings with ExtRst']} with ExtRst); crossing a record by {crossing}")
        found = found or n["runs"] + n["ExtRst"] > 0
    if not found:
        print("no formatting runs or ExtRst cross a CONTINUE record", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
