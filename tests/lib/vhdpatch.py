#!/usr/bin/env python3
"""Corrupt VHD metadata inside an LV of a PV image on purpose (test-only),
keeping the header checksum right so the damage reaches deeper checks.

  vhdpatch.py IMG LVSTART loc SLOT data_offset VALUE   set loc[SLOT].data_offset
  vhdpatch.py IMG LVSTART prt-name NAME                set prt_name (UTF-16BE)
LVSTART is the byte offset of the LV's first byte on the image; the header is
found through the footer copy at the LV's start.
"""
import struct
import sys


def cksum(b, field):
    b = bytearray(b)
    b[field:field + 4] = b"\0\0\0\0"
    return (~sum(b)) & 0xFFFFFFFF


def main(img, lvstart, op, *a):
    lvstart = int(lvstart, 0)
    with open(img, "r+b") as f:
        f.seek(lvstart)
        foot = f.read(512)
        if foot[:8] != b"conectix":
            sys.exit("no footer copy at %d" % lvstart)
        hoff = lvstart + struct.unpack_from(">Q", foot, 16)[0]
        f.seek(hoff)
        h = bytearray(f.read(1024))
        if op == "loc":
            slot, field, val = int(a[0]), a[1], int(a[2], 0)
            assert field == "data_offset"
            struct.pack_into(">Q", h, 576 + 24 * slot + 16, val)
        elif op == "prt-name":
            name = a[0].encode("utf-16-be")
            h[64:576] = name + b"\0" * (512 - len(name))
        else:
            sys.exit(__doc__)
        struct.pack_into(">I", h, 36, cksum(h, 36))
        f.seek(hoff)
        f.write(h)


if __name__ == "__main__":
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    main(*sys.argv[1:])
