#!/usr/bin/env python3
"""Which bytes of a resigned LUN image may change, worked out without the tool
under test: from LVM's own report of the (unchanged) original and the fixture
manifest.  Prints one line per problem and exits 1; silent, exit 0 when every
changed byte lies in an allowed region and every region that must change did.

  changed_bytes.py BEFORE AFTER LVM-REPORT.json MANIFEST

LVM-REPORT: {"pv": pvs -o pe_start,dev_size,pv_mda_count,pv_mda_size,
             "vg": vgs -o vg_extent_size, "lv": lvs -o lv_name,seg_pe_ranges}
(--units b --reportformat json, the "report"[0] lists merged by the caller).
Regions (each must change, and nothing outside them may):
  label   the first 2 KiB (label sector, PV uuid)
  mda1    4 KiB up to pe_start (mda header and metadata text)
  mda2    the last pv_mda_size bytes when the PV has two metadata areas
  MGT     the whole MGT LV (it holds the SR and VDI uuids)
  VHD-x   for each VHD the manifest gives a parent locator: its header and the
          data areas its header's locator entries point at
"""
import json
import struct
import sys

problems = []


def problem(msg):
    problems.append(msg)
    print(msg)


def num(s):
    return int(str(s).rstrip("B"))


def vhd_regions(img, lvstart):
    """Header and locator data areas of the VHD whose footer copy is at lvstart."""
    with open(img, "rb") as f:
        f.seek(lvstart)
        foot = f.read(512)
        if foot[:8] != b"conectix":
            problem("no VHD footer copy at %d" % lvstart)
            return []
        hoff = lvstart + struct.unpack_from(">Q", foot, 16)[0]
        f.seek(hoff)
        h = f.read(1024)
    regs = [(hoff, hoff + 1024)]
    for slot in range(8):
        code, space, length, _, off = struct.unpack_from(">4sIII Q", h, 576 + 24 * slot)
        if code != b"\0\0\0\0" and length:
            # data_space counts sectors in VHD 1.0 as written by vhd-util
            # for small values, bytes otherwise: accept either reading.
            size = space * 512 if space < 512 else space
            regs.append((lvstart + off, lvstart + off + max(size, length)))
    return regs


def main(before, after, report, manifest):
    r = json.load(open(report))
    pv, vg = r["pv"][0], r["vg"][0]
    pe_start, dev_size = num(pv["pe_start"]), num(pv["dev_size"])
    ext = num(vg["vg_extent_size"])
    lvs = {}
    for x in r["lv"]:
        dev, rng = x["seg_pe_ranges"].rsplit(":", 1)
        a, b = (int(v) for v in rng.split("-"))
        lvs.setdefault(x["lv_name"], []).append((pe_start + a * ext, pe_start + (b + 1) * ext))
    man = [l.split() for l in open(manifest) if l.strip()]
    mgt = [l[1] for l in man if l[0] == "mgt"]
    with_loc = {l[1] for l in man if l[0] == "locator"}
    lvname = {l[1]: l[2] for l in man if l[0] == "vdi"}
    regions = [("label", [(0, 2048)]), ("mda1", [(4096, pe_start)])]
    if int(pv["pv_mda_count"]) == 2:
        regions.append(("mda2", [(dev_size - num(pv["pv_mda_size"]), dev_size)]))
    for m in mgt:
        regions.append((m, lvs[m]))
    for u in sorted(with_loc):
        regions.append((lvname[u], vhd_regions(before, lvs[lvname[u]][0][0])))
    if not mgt or not with_loc:
        problem("manifest names no MGT or no VHD with a locator: nothing to test")
    changed = {name: False for name, _ in regions}
    outside = []
    with open(before, "rb") as fa, open(after, "rb") as fb:
        off = 0
        while True:
            a, b = fa.read(1 << 20), fb.read(1 << 20)
            if len(a) != len(b):
                problem("sizes differ")
                break
            if not a:
                break
            if a != b:
                for i in range(0, len(a), 512):
                    if a[i:i + 512] == b[i:i + 512]:
                        continue
                    for j in range(i, min(i + 512, len(a))):
                        if a[j] == b[j]:
                            continue
                        p = off + j
                        hit = [n for n, rs in regions if any(s <= p < e for s, e in rs)]
                        for n in hit:
                            changed[n] = True
                        if not hit:
                            outside.append(p)
            off += len(a)
    if outside:
        problem("%d changed bytes outside every allowed region, first at %s"
                % (len(outside), outside[:5]))
    for n, c in changed.items():
        if not c:
            problem("region %s did not change" % n)


if __name__ == "__main__":
    if len(sys.argv) != 5:
        sys.exit(__doc__)
    main(*sys.argv[1:])
    sys.exit(1 if problems else 0)
