#!/usr/bin/env bash
# --sysroot DIR: each tool reads sysfs below DIR/sys and nowhere else.  Each
# check's expected value exists only in a fake tree the test builds, so a
# tool that ignored the option (read /sys) would fail it.  relun-sg's
# earlier spelling --sysfs-root gives the same answer.
. "$(dirname "$0")/../lib/tap.sh"
need_root
relun_tools
plan 11

# mkfile R REL TEXT / mkhex R REL HEX / lnk R REL TARGET-REL (relative link)
mkfile() { mkdir -p "$(dirname "$1/$2")"; printf '%s\n' "$3" >"$1/$2"; }
mkhex() { mkdir -p "$(dirname "$1/$2")"; printf '%s' "$3" | xxd -r -p >"$1/$2"; }
asc() { printf '%s' "$1" | xxd -p | tr -d '\n'; }
lnk() { mkdir -p "$(dirname "$1/$2")"; ln -sr "$1/$3" "$1/$2"; }

# --- relun-sg: a SCSI disk sdq, 61:16 (a block major no driver uses) -------
R=$TMPD/sg
W=36001405a1b2c3d45e6f4a7b8c9d0e1f2
d=sys/devices/platform/host9/target9:0:0/9:0:0:1
mkfile "$R" "$d/vendor" "LIO-ORG "; mkfile "$R" "$d/model" "disk1           "
mkfile "$R" "$d/rev" "4.0 "; mkfile "$R" "$d/state" running
mkhex "$R" "$d/inquiry" "000006021f000000$(asc 'LIO-ORG disk1           4.0 ')"
mkhex "$R" "$d/vpd_pg80" "00800024$(asc a1b2c3d4-5e6f-4a7b-8c9d-0e1f2a3b4c5d)"
mkhex "$R" "$d/vpd_pg83" "00830014010300106001405a1b2c3d45e6f4a7b8c9d0e1f2"
mkfile "$R" "$d/block/sdq/dev" 61:16; mkfile "$R" "$d/block/sdq/size" 65536
lnk "$R" "$d/block/sdq/device" "$d"
lnk "$R" sys/class/block/sdq "$d/block/sdq"; lnk "$R" sys/dev/block/61:16 "$d/block/sdq"
mkfile "$R" sys/devices/platform/host9/scsi_host/host9/proc_name virtio_scsi
lnk "$R" sys/class/scsi_host/host9 sys/devices/platform/host9/scsi_host/host9
mkdir -p "$R/dev" && mknod "$R/dev/sdq" b 61 16
got=$("$SG" --json --no-sgio --sysroot "$R" "$R/dev/sdq"); rc=$?
is "$rc" 0 "relun-sg --sysroot: the fake disk is identified"
is "$(jq_ devices.0.SCSIid <<<"$got") $(jq_ devices.0.hctl <<<"$got") $(jq_ devices.0.driver <<<"$got")" \
	"$W 9:0:0:1 virtio_scsi" "relun-sg --sysroot: SCSIid, H:C:T:L and driver from DIR/sys"
is "$("$SG" --json --no-sgio --sysfs-root "$R" "$R/dev/sdq")" "$got" \
	"relun-sg --sysfs-root DIR: the same document"
exits 13 "relun-sg without --sysroot: 61:16 is not in /sys (exit 13)" \
	"$SG" --no-sgio "$R/dev/sdq"
like "$(cat "$TMPD/last.out")" "block device 61:16 is unknown to sysfs" \
	"relun-sg without --sysroot: says so"

# --- relun-probe: two loop devices and a ramdisk in DIR/sys/block ----------
R=$TMPD/probe
for n in 0 1; do
	d=sys/devices/virtual/block/loop999$n
	mkfile "$R" "$d/size" 2048; mkfile "$R" "$d/dev" "7:999$n"
	mkfile "$R" "$d/loop/backing_file" "/nonexistent/relun-t025-$n.img"
	lnk "$R" "sys/block/loop999$n" "$d"
done
mkfile "$R" sys/devices/virtual/block/ram0/size 8192
lnk "$R" sys/block/ram0 sys/devices/virtual/block/ram0
# an LV of VG vgx active on loop9990 (dm-5 is no LUN: left out)
mkfile "$R" sys/devices/virtual/block/dm-5/dm/uuid "LVM-$(printf 'a%.0s' {1..64})"
mkfile "$R" sys/devices/virtual/block/dm-5/dm/name vgx-lv0
mkfile "$R" sys/devices/virtual/block/dm-5/size 1024
lnk "$R" sys/block/dm-5 sys/devices/virtual/block/dm-5
lnk "$R" sys/devices/virtual/block/loop9990/holders/dm-5 sys/devices/virtual/block/dm-5
got=$("$PROBE" --json --no-xe --journal-dir "$TMPD/j" --sysroot "$R"); rc=$?
is "$rc" 4 "relun-probe --sysroot: both LUNs found there, neither opens here (exit 4)"
is "$(python3 -c 'import json,sys
print(" ".join(l["device"] + "=" + l["identity_kind"] + ":" + l["identity"] for l in json.load(sys.stdin)["luns"]))' <<<"$got")" \
	"/dev/loop9990=loop_file:/nonexistent/relun-t025-0.img /dev/loop9991=loop_file:/nonexistent/relun-t025-1.img" \
	"relun-probe --sysroot: exactly the LUNs of DIR/sys/block, with their backing files"
is "$(python3 -c 'import json,sys
print(" ".join(a["name"] + "@" + a["dm"] for l in json.load(sys.stdin)["luns"] for a in l["active_dm"]))' <<<"$got")" \
	"vgx-lv0@dm-5" "relun-probe --sysroot: the LV active on it, from DIR/sys/block/*/holders"

# --- relun-resign: the clone's loop device is held, in DIR/sys only ---------
mksr -q --size 96M "$TMPD/sr.img" >/dev/null 2>&1 || fail "mksr failed"
cp --sparse=always "$TMPD/sr.img" "$TMPD/clone.img"
L=$(loop_attach "$TMPD/clone.img") || fail "loop_attach failed"
mm=$(lsblk -dno MAJ:MIN "$L" | tr -d ' ')
R=$TMPD/resign
d=sys/devices/virtual/block/sdq
mkfile "$R" "$d/dev" "$mm"; mkfile "$R" "$d/size" 196608
lnk "$R" "sys/dev/block/$mm" "$d"; lnk "$R" sys/class/block/sdq "$d"; lnk "$R" sys/block/sdq "$d"
mkfile "$R" sys/devices/virtual/block/dm-7/dm/name someone
lnk "$R" "$d/holders/dm-7" sys/devices/virtual/block/dm-7
args=(--dry-run --no-progress --journal-dir "$TMPD/j" --original "$TMPD/sr.img")
exits 5 "relun-resign --sysroot: the device is busy there (exit 5)" \
	"$RESIGN_REAL" "${args[@]}" --sysroot "$R" "$L"
like "$(cat "$TMPD/last.err")" "$L: in use: sdq is held by dm-7 " \
	"relun-resign --sysroot: the kernel name and holder of DIR/sys"
exits 0 "relun-resign without --sysroot: not held in /sys, the dry run plans (exit 0)" \
	"$RESIGN_REAL" "${args[@]}" "$L"
done_testing
