#!/usr/bin/env python3
"""Compare relun-probe --json with what the fixture writer made, and with what
LVM's own tools report.  Prints one line per difference and exits 1; prints
nothing and exits 0 only when equal.  Any error (a missing LUN or file, bad
JSON, an exception) also exits non-zero, so a caller must check both.

  probe_check.py vdis PROBE.json DEVICE MANIFEST.json
  probe_check.py lvm PROBE.json DEVICE LVM-REPORT.json
(LVM-REPORT: pvs/vgs/lvs --reportformat json -o ... output merged by the test)
"""
import json
import sys

_diffs = []


def differ(msg):
    _diffs.append(msg)
    print(msg)


def lun(probe, dev):
    for l in json.load(open(probe))["luns"]:
        if l["device"] == dev:
            return l
    sys.exit("no LUN %s in %s" % (dev, probe))


def vdis(probe, dev, manifest):
    l = lun(probe, dev)
    m = json.load(open(manifest))
    got = {v["uuid"]: v for v in l["sr"]["vdis"]}
    want = {v["uuid"]: v for v in m["vdis"]}
    if sorted(got) != sorted(want):
        differ("VDI uuids differ: probe %s, fixture %s" % (sorted(got), sorted(want)))
        return
    if l["sr"]["uuid"] != m["sr_uuid"] or l["sr"]["mgt"]["sr_uuid"] != m["sr_uuid"]:
        differ("SR uuid differs")
    if l["sr"]["mgt"]["name_label"] != m["name_label"]:
        differ("SR label differs: %r vs %r" % (l["sr"]["mgt"]["name_label"], m["name_label"]))
    for u, w in want.items():
        g = got[u]
        pairs = [("lv", "lv"), ("parent", "parent"), ("hidden", "hidden"),
                 ("is_a_snapshot", "is_a_snapshot"), ("snapshot_of", "snapshot_of"),
                 ("name_label", "name_label"), ("name_description", "name_description"),
                 ("read_only", "read_only"), ("managed", "managed"), ("lv_size", "lv_size"),
                 ("vdi_type", "vdi_type")]
        if w["type"] == "vhd":
            pairs += [("virtual_size", "virtual_size"), ("vhd_uuid", "footer_uuid")]
        for gk, wk in pairs:
            if g.get(gk) != w.get(wk):
                differ("VDI %s %s: probe %r, fixture %r" % (u, gk, g.get(gk), w.get(wk)))
        locs = [x["path"] for x in g.get("locators", [])]
        if w.get("locator"):
            if len(locs) != 3 or any(p != w["locator"] for p in locs):
                differ("VDI %s locators: probe %r, fixture %r" % (u, locs, w["locator"]))
            if not g.get("locators_ok"):
                differ("VDI %s locators_ok false" % u)
        elif locs:
            differ("VDI %s has locators %r, fixture none" % (u, locs))


def lvm(probe, dev, report):
    l = lun(probe, dev)
    r = json.load(open(report))
    pv = [p for p in r["pv"] if p["pv_name"] == dev]
    if len(pv) != 1:
        differ("pvs does not list %s once" % dev)
        return
    pv = pv[0]
    chk = [("PV uuid", l["pv"]["uuid"], pv["pv_uuid"]),
           ("VG name", l["vg"]["name"], pv["vg_name"]),
           ("pe_start", l["pv"]["pe_start"], int(pv["pe_start"].rstrip("B"))),
           ("pv size", l["pv"]["device_size"], int(pv["dev_size"].rstrip("B")))]
    vg = [v for v in r["vg"] if v["vg_name"] == l["vg"]["name"]][0]
    chk += [("VG uuid", l["vg"]["uuid"], vg["vg_uuid"]),
            ("seqno", l["vg"]["seqno"], int(vg["vg_seqno"])),
            ("extent size", l["vg"]["extent_size"], int(vg["vg_extent_size"].rstrip("B"))),
            ("pv count", l["vg"]["pv_count"], int(vg["pv_count"]))]
    for what, a, b in chk:
        if a != b:
            differ("%s: probe %r, LVM %r" % (what, a, b))
    got = sorted((x["name"], x["uuid"], x["size"], ",".join(x["tags"])) for x in l["vg"]["lvs"])
    want = sorted((x["lv_name"], x["lv_uuid"], int(x["lv_size"].rstrip("B")), x["lv_tags"])
                  for x in r["lv"] if x["vg_name"] == l["vg"]["name"])
    if got != want:
        differ("LVs differ:\n probe %r\n LVM   %r" % (got, want))


if __name__ == "__main__":
    {"vdis": vdis, "lvm": lvm}[sys.argv[1]](*sys.argv[2:])
    sys.exit(1 if _diffs else 0)
