#!/usr/bin/env bash
# Metadata written by the real LVM 2.02.180 (XenServer 8 / XCP-ng 8.x), from
# tests/data/lvm2-2.02.180 (a copy of the shared fixtures; its README says how):
# relun-probe sees exactly what that LVM's pvs/lvs reported; a resign of
# the two-PV VG with two metadata areas per PV passes LVM's check and keeps
# the text in the form 2.02 wrote it (the same keys, no 2.03-only ones).
. "$(dirname "$0")/../lib/tap.sh"
need_root
relun_tools
plan 8
FX=$TOP/tests/data/lvm2-2.02.180
J=$TMPD/journal
for f in sr mpa mpb; do
	xz -dc "$FX/$f.img.xz" | cp --sparse=always /dev/stdin "$TMPD/$f.img"
done

# --- relun-probe against LVM 2.02.180's own pvs / lvs --------------------
"$PROBE" --json --no-xe "$TMPD/sr.img" "$TMPD/mpa.img" "$TMPD/mpb.img" >"$TMPD/p.json" 2>"$TMPD/p.err"
is "$?" 0 "relun-probe reads the three 2.02 images"
# LVM's units: "11.00m" is 11 MiB; pv_size of a PV in a VG is pe_count extents
want_pv=$(python3 - "$FX/pvs.json" <<'PY'
import json, sys
names = {"SR_IMG": "sr.img", "MPA_IMG": "mpa.img", "MPB_IMG": "mpb.img"}
mib = lambda s: int(round(float(s.rstrip("m")) * 1048576))
for p in json.load(open(sys.argv[1]))["report"][0]["pv"]:
    print(names[p["pv_name"]], p["pv_uuid"], mib(p["pe_start"]), mib(p["pv_size"]), p["pv_mda_count"], p["vg_name"])
PY
)
got_pv=$(python3 - "$TMPD/p.json" <<'PY'
import json, sys
for l in json.load(open(sys.argv[1]))["luns"]:
    p, v = l["pv"], l["vg"]
    print(l["device"].rsplit("/", 1)[-1], p["uuid"], p["pe_start"], p["pe_count"] * v["extent_size"],
          len(p["mdas"]), v["name"])
PY
)
is "$(sort <<<"$got_pv")" "$(sort <<<"$want_pv")" "each PV as LVM 2.02's pvs: uuid, pe_start, size, mda count, VG"
want_lv=$(python3 - "$FX/lvs.json" <<'PY'
import json, sys
rows = {(l["vg_name"], l["vg_uuid"], l["lv_name"], l["lv_uuid"], l["lv_size"].rstrip("B"))
        for l in json.load(open(sys.argv[1]))["report"][0]["lv"]}
for r in sorted(rows):
    print(*r)
PY
)
got_lv=$(python3 - "$TMPD/p.json" <<'PY'
import json, sys
rows = set()
for l in json.load(open(sys.argv[1]))["luns"]:
    v = l["vg"]
    for lv in v["lvs"]:
        rows.add((v["name"], v["uuid"], lv["name"], lv["uuid"], str(lv["size"])))
for r in sorted(rows):
    print(*r)
PY
)
is "$got_lv" "$want_lv" "every LV as LVM 2.02's lvs: VG, uuids, name, size"

# --- resign a clone of the two-PV VG (two mdas per PV) ---------------------
# keys of every metadata text of a device (each mda's text at the offsets
# relun-probe reports), one sorted list per mda
mda_keys() { # mda_keys IMAGE-OR-DEV
	"$PROBE" --json --no-xe "$1" 2>/dev/null | python3 -c '
import json, re, sys
dev = sys.argv[1]
for l in json.load(sys.stdin)["luns"]:
    for m in l["pv"]["mdas"]:
        with open(dev, "rb") as f:
            f.seek(m["offset"] + m["text_offset"])
            t = f.read(m["text_size"]).decode("ascii", "replace")
        print(" ".join(sorted(re.findall(r"(?m)^\s*([A-Za-z0-9_]+) = ", t))))' "$1"
}
k_a=$(mda_keys "$TMPD/mpa.img") k_b=$(mda_keys "$TMPD/mpb.img")
s_a=$(sha "$TMPD/mpa.img") s_b=$(sha "$TMPD/mpb.img")
cp --sparse=always "$TMPD/mpa.img" "$TMPD/ca.img"; cp --sparse=always "$TMPD/mpb.img" "$TMPD/cb.img"
da=$(loop_attach "$TMPD/mpa.img"); db=$(loop_attach "$TMPD/mpb.img")
xa=$(loop_attach "$TMPD/ca.img"); xb=$(loop_attach "$TMPD/cb.img")
LVM_DEVS="$da $db $xa $xb"
# 2.02 records no device identity, so nothing says which copy of PV2 goes
# with --original's PV1: the copy is resigned with --force (issue 11's rule)
out=$("$RESIGN" --json --journal-dir "$J" --force --original "$da" "$xa" "$xb" 2>"$TMPD/err")
is "$?" 0 "resign of the 2.02 two-PV, two-mda clone: exit 0"
is "$(jq_ results.0.lvm_check.ok <<<"$out")" True "relun's LVM check (liblvm2cmd) passed"
vgs_out=$(tlvm vgs --nohints --noheadings -o vg_name,pv_count 2>&1)
tlvm vgck --nohints >/dev/null 2>&1
is "$?:$(grep -c 'VG_XenStorage-.* 2$' <<<"$vgs_out")" "0:2" "LVM reads two clean 2-PV VGs"
# per mda: the keys 2.02 wrote, plus one: the VG's tags line carrying
# relun's provenance tag relun_from_<old VG id> (VG tags: LVM since 2.00)
cmp_keys() { # cmp_keys BEFORE AFTER: one word per mda
	python3 - "$1" "$2" <<'PY'
import sys
from collections import Counter
out = []
for b, a in zip(sys.argv[1].splitlines(), sys.argv[2].splitlines()):
    more, less = Counter(a.split()) - Counter(b.split()), Counter(b.split()) - Counter(a.split())
    out.append("same+tags" if more == Counter({"tags": 1}) and not less else
               "added:%s,lost:%s" % (",".join(more.elements()), ",".join(less.elements())))
print(" ".join(out))
PY
}
is "$(cmp_keys "$k_a" "$(mda_keys "$xa")") $(cmp_keys "$k_b" "$(mda_keys "$xb")")" \
	"same+tags same+tags same+tags same+tags" \
	"all four metadata texts keep 2.02's keys: none lost, none added but the VG's tags"
is "$(sha "$TMPD/mpa.img") $(sha "$TMPD/mpb.img")" "$s_a $s_b" "originals byte-identical"
done_testing
