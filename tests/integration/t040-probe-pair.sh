#!/usr/bin/env bash
# relun-probe on an original SR and its clone attached at once: verdicts and
# reasons, the VDI list against what the fixture writer made, and the VG/PV
# view against LVM's own pvs/vgs/lvs on the same device.
. "$(dirname "$0")/../lib/tap.sh"
plan 21
need_root
relun_tools
check() { python3 "$TOP/tests/lib/probe_check.py" "$@"; }
J="--no-xe --journal-dir $TMPD/journal"

img=$TMPD/sr.img
mksr -q --json "$TMPD/m.json" --size 256M --name-label 'Pair SR' "$img" >/dev/null
cp --sparse=always "$img" "$TMPD/clone.img"
o=$(loop_attach "$img")
c=$(loop_attach "$TMPD/clone.img")
sr=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["sr_uuid"])' "$TMPD/m.json")

$PROBE $J --json "$o" "$c" >"$TMPD/p.json"
is "$?" 0 "probe of original + clone exits 0"
v() { python3 -c 'import json,sys; l=[x for x in json.load(open(sys.argv[1]))["luns"] if x["device"]==sys.argv[2]][0]; print(l[sys.argv[3]])' "$TMPD/p.json" "$@"; }
is "$(v "$o" verdict)" original "original LUN: verdict original"
is "$(v "$c" verdict)" clone "clone LUN: verdict clone"
is "$(v "$o" reason)" "LVM metadata device_id (loop_file) names $img; this LUN is loop_file $img" \
	"original LUN: reason names the evidence"
is "$(v "$c" reason)" "LVM metadata device_id (loop_file) names $img; this LUN is loop_file $TMPD/clone.img" \
	"clone LUN: reason names the evidence"
is "$(v "$c" can_resign)" True "clone can be resigned"
is "$(v "$c" can_resign_reason)" "yes: a clone whose every PV is present" "clone: can_resign reason"
is "$(v "$o" can_resign)" False "original cannot be resigned without --force"
is "$(v "$o" copies)" 2 "two LUNs carry the identity"

silent "original: VDIs (uuids, parents, labels, locators) match the fixture" check vdis "$TMPD/p.json" "$o" "$TMPD/m.json"
silent "clone: VDIs match the fixture" check vdis "$TMPD/p.json" "$c" "$TMPD/m.json"

# LVM's own view of the same device (the clone detached, so no duplicate).
loop_detach "$c"
LVM_DEVS=$o
{
	echo '{"pv":'; tlvm pvs --nohints --reportformat json --units b -o pv_name,pv_uuid,vg_name,pe_start,dev_size | python3 -c 'import json,sys; print(json.dumps(json.load(sys.stdin)["report"][0]["pv"]))'
	echo ',"vg":'; tlvm vgs --nohints --reportformat json --units b -o vg_name,vg_uuid,vg_seqno,vg_extent_size,pv_count | python3 -c 'import json,sys; print(json.dumps(json.load(sys.stdin)["report"][0]["vg"]))'
	echo ',"lv":'; tlvm lvs --nohints --reportformat json --units b -o vg_name,lv_name,lv_uuid,lv_size,lv_tags | python3 -c 'import json,sys; print(json.dumps(json.load(sys.stdin)["report"][0]["lv"]))'
	echo '}'
} >"$TMPD/lvm.json" 2>"$TMPD/lvm.err"
silent "probe's PV/VG/LV view equals pvs/vgs/lvs -o+uuid on the device" check lvm "$TMPD/p.json" "$o" "$TMPD/lvm.json"

# --original never overrides LVM's recorded device_id (issue 11): naming the
# clone contradicts it, exit 9, and the verdicts follow the record.
c=$(loop_attach "$TMPD/clone.img")
$PROBE $J --json --original "$c" "$o" "$c" >"$TMPD/p.json" 2>"$TMPD/p.err"
is "$?" 9 "--original naming the clone: exit 9 (contradicts the recorded device_id)"
is "$(v "$c" verdict)/$(v "$o" verdict)" clone/original "--original DEV: verdicts follow the record"
like "$(cat "$TMPD/p.err")" "--original $c contradicts the recorded evidence: LVM metadata device_id \\(loop_file\\) = $img" \
	"--original: the message shows both"

# No evidence at all: a VG made without a devices file, so no device_id.
p=$(tmpimg 64M plain)
d=$(loop_attach "$p")
LVM_DEVS=$d
tlvm pvcreate -q -ff -y "$d" >/dev/null 2>&1
tlvm vgcreate -q vg_plain "$d" >/dev/null 2>&1
cp --sparse=always "$p" "$TMPD/plain2.img"
d2=$(loop_attach "$TMPD/plain2.img")
$PROBE $J --json "$d" "$d2" >"$TMPD/p.json"
is "$(v "$d" verdict)/$(v "$d2" verdict)" duplicate/duplicate "no evidence: both copies are duplicate"
like "$(v "$d2" can_resign_reason)" "^no evidence which copy is the original: give --original DEV or --force$" \
	"duplicate: can_resign says how to decide"

# A LUN seen nowhere else: unique, no resign needed.
loop_detach "$d2"
$PROBE $J --json "$d" >"$TMPD/p.json"
is "$(v "$d" verdict)" original "unique identity: verdict original"
is "$(v "$d" resign_needed)" False "unique identity: no resign needed"

# Human output carries the same verdicts.
out=$($PROBE -v $J "$o" "$c")
like "$out" "^$c: clone" "text output: verdict line"
like "$out" "SR:         $sr \"Pair SR\" \(MGT: 3 records, thick\), 3 VDIs" "text output: SR line"
done_testing
