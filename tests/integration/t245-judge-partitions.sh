#!/usr/bin/env bash
# Issue 11 case 4, discovery: a VG on partition 1 of a disk and of its clone
# (lsblk: LVM2_member on p1).  relun-probe with no arguments finds both
# partitions (libblkid partition probing) and judges them duplicate; with
# --original the clone's partition is resigned as such, and LVM reads two VGs.
. "$(dirname "$0")/../lib/tap.sh"
need_root
relun_tools
plan 8
J=$TMPD/journal
attach_p() { # a loop device with its partitions (partx: no udev here)
	local l i
	l=$(losetup -P --find --show "$1") || return 1
	echo "$l" >>"$_tap_loops"
	partx -a "$l" 2>/dev/null
	for i in $(seq 50); do [ -b "${l}p1" ] && break; sleep 0.1; done
	echo "$l"
}

img=$(tmpimg 96M disk)
# an MBR with one partition of type 0x8e (Linux LVM) at sector 2048
python3 - "$img" <<'PY' || { echo "not ok 1 - no partition table"; exit 1; }
import struct, sys
with open(sys.argv[1], "r+b") as f:
    e = struct.pack("<B3sB3sII", 0, b"\0\0\0", 0x8E, b"\0\0\0", 2048, 160000)
    f.seek(446); f.write(e + b"\0" * 48 + b"\x55\xaa")
PY
a=$(attach_p "$img")
LVM_DEVS="${a}p1"
tlvm pvcreate -q -ff -y "${a}p1" >/dev/null 2>&1 && tlvm vgcreate -q vg_t245 "${a}p1" >/dev/null 2>&1
ok $? "a VG on ${a}p1"
cp --sparse=always "$img" "$TMPD/clone.img"
b=$(attach_p "$TMPD/clone.img")
is "$(blkid -p -o value -s TYPE "${b}p1")" LVM2_member "blkid: the clone's p1 is an LVM2_member"

"$PROBE" --no-xe --journal-dir "$J" --json >"$TMPD/p.json"
v() { python3 -c 'import json,sys; l=[x for x in json.load(open(sys.argv[1]))["luns"] if x["device"]==sys.argv[2]]; print(l[0][sys.argv[3]] if l else "absent")' "$TMPD/p.json" "$@"; }
is "$(v "${a}p1" verdict)/$(v "${b}p1" verdict)" duplicate/duplicate \
	"relun-probe, no arguments: both partitions found and judged duplicate"
is "$(v "${b}p1" identity)" "loop_file $TMPD/clone.img part1" "the partition is named after the LUN that holds it"
is "$(v "$b" verdict)" not-lvm "the whole disk holding it: not-lvm"

before=$(sha "$img")
out=$("$RESIGN" --json --journal-dir "$J" --original "${a}p1" "${b}p1" 2>"$TMPD/err"); rc=$?
is "$rc:$(jq_ results.0.status <<<"$out")" 0:resigned "the clone's partition resigned as such"
is "$(sha "$img")" "$before" "the original disk untouched (sha256)"
LVM_DEVS="${a}p1 ${b}p1"
is "$(tlvm vgs --nohints --noheadings -o vg_name 2>/dev/null | xargs -n1 | sort | xargs)" "vg_t245 vg_t245_clone" \
	"LVM reads two VGs"
done_testing
