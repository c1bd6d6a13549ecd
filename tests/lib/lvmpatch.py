#!/usr/bin/env python3
"""Corrupt an LVM PV image on purpose, then fix up the checksums so the damage
gets past the CRC checks and reaches the deeper validation.  Test-only.

  lvmpatch.py IMG poke OFF HEXBYTES         write bytes at OFF
  lvmpatch.py IMG label-crc [SECTOR]        recompute the label CRC (sector 1)
  lvmpatch.py IMG rlocn MDA FIELD VALUE     set raw_locn[0].FIELD (offset|size|checksum|flags)
  lvmpatch.py IMG mda-crc MDA               recompute the mda header checksum
  lvmpatch.py IMG text-crc MDA              recompute raw_locn[0].checksum over the text
  lvmpatch.py IMG text-sub MDA OLD NEW      replace bytes in the committed text (same length)
  lvmpatch.py IMG mdas                      print each mda header's offset (from the label)
  lvmpatch.py IMG text MDA                  print the committed text, after checking the
                                            header's magic and CRC and the text's checksum
MDA is the byte offset of the mda header (4096 for the first).
"""
import struct
import sys
import zlib

INITIAL = 0xF597A6CF


def lvm_crc(b, init=INITIAL):
    return ~zlib.crc32(b, ~init & 0xFFFFFFFF) & 0xFFFFFFFF


def rw(img):
    return open(img, "r+b")


def text_span(f, mda):
    f.seek(mda)
    h = f.read(512)
    size = struct.unpack_from("<Q", h, 32)[0]
    off, ln = struct.unpack_from("<QQ", h, 40)
    first = min(ln, size - off)
    return off, ln, size, first


def read_text(f, mda):
    off, ln, size, first = text_span(f, mda)
    f.seek(mda + off)
    t = f.read(first)
    if ln > first:
        f.seek(mda + 512)
        t += f.read(ln - first)
    return t


def write_text(f, mda, t):
    off, ln, size, first = text_span(f, mda)
    f.seek(mda + off)
    f.write(t[:first])
    if ln > first:
        f.seek(mda + 512)
        f.write(t[first:])


def label_mdas(f):
    """mda header offsets from the PV header: data areas, a null, then mdas."""
    for sec in range(4):
        f.seek(sec * 512)
        s = f.read(512)
        if s[:8] == b"LABELONE":
            break
    else:
        sys.exit("no LVM label")
    pvh = sec * 512 + struct.unpack_from("<I", s, 20)[0]
    f.seek(pvh + 32 + 8)
    b = f.read(512)
    p, out, lists = 0, [], 0
    while lists < 2:
        off, size = struct.unpack_from("<QQ", b, p)
        p += 16
        if off == 0:
            lists += 1
        elif lists == 1:
            out.append(off)
    return out


def main(a):
    img, op = a[0], a[1]
    if op in ("mdas", "text"):
        with open(img, "rb") as f:
            if op == "mdas":
                print(" ".join(str(m) for m in label_mdas(f)))
                return
            mda = int(a[2], 0)
            f.seek(mda)
            h = f.read(512)
            if h[4:20] != b" LVM2 x[5A%r0N*>" or struct.unpack_from("<I", h)[0] != lvm_crc(h[4:]):
                sys.exit("%s: no valid mda header at %d" % (img, mda))
            t = read_text(f, mda)
            if struct.unpack_from("<I", h, 56)[0] != lvm_crc(t):
                sys.exit("%s: mda at %d: text checksum mismatch" % (img, mda))
            sys.stdout.write(t.rstrip(b"\0").decode())
            return
    with rw(img) as f:
        if op == "poke":
            f.seek(int(a[2], 0))
            f.write(bytes.fromhex(a[3]))
        elif op == "label-crc":
            sec = int(a[2]) if len(a) > 2 else 1
            f.seek(sec * 512)
            s = f.read(512)
            f.seek(sec * 512 + 16)
            f.write(struct.pack("<I", lvm_crc(s[20:])))
        elif op == "rlocn":
            mda, field, val = int(a[2], 0), a[3], int(a[4], 0)
            pos = {"offset": (40, "<Q"), "size": (48, "<Q"), "checksum": (56, "<I"),
                   "flags": (60, "<I")}[field]
            f.seek(mda + pos[0])
            f.write(struct.pack(pos[1], val))
        elif op == "mda-crc":
            mda = int(a[2], 0)
            f.seek(mda)
            h = f.read(512)
            f.seek(mda)
            f.write(struct.pack("<I", lvm_crc(h[4:])))
        elif op == "text-crc":
            mda = int(a[2], 0)
            t = read_text(f, mda)
            f.seek(mda + 56)
            f.write(struct.pack("<I", lvm_crc(t)))
        elif op == "text-sub":
            mda, old, new = int(a[2], 0), a[3].encode(), a[4].encode()
            if len(old) != len(new):
                sys.exit("text-sub needs equal lengths")
            t = read_text(f, mda)
            if old not in t:
                sys.exit("text-sub: %r not in the text" % old)
            write_text(f, mda, t.replace(old, new, 1))
        else:
            sys.exit(__doc__)


if __name__ == "__main__":
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    main(sys.argv[1:])
