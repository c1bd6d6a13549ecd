#!/usr/bin/env python3
"""Build the metadata of an LVHD child VHD the way `vhd-util snapshot -S 2097152`
lays it out on a logical volume, for the VHD codec tests (python3 stdlib only).

Independent re-implementation written from reading blktap's libvhd.c
(__vhd_create, vhd_initialize_footer/_header, vhd_create_batmap,
vhd_write_parent_locators, vhd_*_encode_location, canonpath, relative_path_to):

  footer     cookie "conectix", features 2, version 1.0, data_offset 512,
             creator "tap" 1.3, OS 0, sizes, CHS geometry, type 4 (diff),
             checksum = ~sum(bytes, checksum field zero), uuid @68, hidden @85
  header     @512: "cxsparse", data_offset ~0, table_offset 1536, version 1.0,
             max_bat_size = blocks of the 2 TiB preallocation, block 2 MiB,
             prt_uuid = parent footer uuid, prt_ts, prt_name = UTF-16BE basename
             of the canonical parent path (its dm name), 3 locators
  BAT        @1536, 4 bytes per block, padded to a sector
  batmap     header right after the BAT, map one sector later
  locators   after the batmap: MACX "file://./<dm>", W2KU and W2RU
             ".\\<dm>" UTF-16LE; data_space in BYTES (libvhd), padded to 512.

Writes vhd-child.bin: footer (512) + header (1024) + the 3 locator sectors,
and prints the locator offset.
"""
import os
import struct
import sys
import uuid as uuidlib

SR = "3f6b2a40-5c1e-4d2b-9a77-0c1d2e3f4a5b"
PARENT = "3eb15f4d-a077-4c31-9d6e-8f9a0b1c2d34"
CHILD_FOOTER_UUID = "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d"
PARENT_FOOTER_UUID = "0f1e2d3c-4b5a-4968-8776-5a4b3c2d1e0f"
VIRT = 1 << 30            # 1 GiB
MSIZE = 2 << 40           # sm's MSIZE: 2 TiB of preallocated BAT
TS = 0x2e5c1a00           # footer timestamp (seconds since 2000)
PRT_TS = 0x2e5c0f00
BLOCK = 2 << 20

PLAT = {"MACX": 0x4D616358, "W2KU": 0x57326B75, "W2RU": 0x57327275}


def secs(n):
    return max(1, (n + 511) // 512)


def padded(n):
    return secs(n) * 512


def chs(size):
    s = secs(size) & 0xffffffff
    s = min(s, 65535 * 16 * 255)
    if s >= 65535 * 16 * 63:
        spt, heads = 255, 16
        cth = s // spt
    else:
        spt = 17
        cth = s // spt
        heads = max(4, (cth + 1023) // 1024)
        if cth >= heads * 1024 or heads > 16:
            spt, heads = 31, 16
            cth = s // spt
        if cth >= heads * 1024:
            spt, heads = 63, 16
            cth = s // spt
    return ((cth // heads) << 16) | (heads << 8) | spt


def checksum(b):
    return (~sum(b)) & 0xffffffff


def dm_name(vg, lv):
    return vg.replace("-", "--") + "-" + lv.replace("-", "--")


def footer(u):
    f = bytearray(512)
    f[0:8] = b"conectix"
    struct.pack_into(">IIQI4sIIQQII", f, 8, 2, 0x10000, 512, TS, b"tap\0", 0x10003, 0,
                     VIRT, VIRT, chs(VIRT), 4)
    f[68:84] = uuidlib.UUID(u).bytes
    struct.pack_into(">I", f, 64, checksum(f))
    return bytes(f)


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
    vg = "VG_XenStorage-" + SR
    parent_dm = dm_name(vg, "VHD-" + PARENT)
    # relative_path_to(/dev/mapper/<child>, /dev/mapper/<parent>) = "./<parent>"
    rel = "./" + parent_dm
    enc = {
        "MACX": ("file://" + rel).encode("ascii"),
        "W2KU": (".\\" + rel[2:].replace("/", "\\")).encode("utf-16-le"),
    }
    enc["W2RU"] = enc["W2KU"]

    max_bat = MSIZE // BLOCK
    table = 1536
    batmap_hdr = table + padded(max_bat * 4)
    batmap = batmap_hdr + 512
    batmap_secs = secs((max_bat + 7) >> 3)
    loc_off = batmap + batmap_secs * 512

    h = bytearray(1024)
    h[0:8] = b"cxsparse"
    struct.pack_into(">QQIII", h, 8, 0xffffffffffffffff, table, 0x10000, max_bat, BLOCK)
    h[40:56] = uuidlib.UUID(PARENT_FOOTER_UUID).bytes
    struct.pack_into(">II", h, 56, PRT_TS, 0)
    name = parent_dm.encode("utf-16-be")
    h[64:64 + len(name)] = name
    locdata = b""
    off = loc_off
    for i, code in enumerate(("MACX", "W2KU", "W2RU")):
        data = enc[code]
        space = padded(len(data))
        struct.pack_into(">IIIIQ", h, 576 + 24 * i, PLAT[code], space, len(data), 0, off)
        locdata += data + b"\0" * (space - len(data))
        off += space
    struct.pack_into(">I", h, 36, checksum(h))

    assert len(enc["MACX"]) == 110 and len(enc["W2KU"]) == 206
    with open(os.path.join(out, "vhd-child.bin"), "wb") as f:
        f.write(footer(CHILD_FOOTER_UUID) + bytes(h) + locdata)
    print("locators at %#x" % loc_off)


if __name__ == "__main__":
    main()
