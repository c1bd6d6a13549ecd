#!/usr/bin/env bash
# An SR on two PVs, each with two metadata areas (mda2 at the end of the
# device), with a VHD chain whose LVs span both PVs: the resign writes the
# same text to all four mdas, LVM reads two clean VGs; a crash after every
# write k is recovered both ways (exact original / complete resign).
. "$(dirname "$0")/../lib/tap.sh"
plan 102
need_root
relun_tools
J=$TMPD/journal

p1=$TMPD/p1.img p2=$TMPD/p2.img
mksr --size 64M --vdis chain=6M --metadatacopies 2 -q "$p1" "$p2" ||
	{ echo "not ok 1 - mksr failed"; exit 1; }
for f in "$p1" "$p2"; do
	for i in $(seq 50); do grep -qsxF "$f" /sys/block/loop*/loop/backing_file || break; sleep 0.2; done
done
d1=$(loop_attach "$p1"); d2=$(loop_attach "$p2")
s1=$(sha "$p1") s2=$(sha "$p2")
c1=$TMPD/c1.img c2=$TMPD/c2.img
x1="" x2=""
fresh() {
	[ -n "$x1" ] && loop_detach "$x1" && loop_detach "$x2"
	cp --sparse=always "$p1" "$c1"; cp --sparse=always "$p2" "$c2"
	x1=$(loop_attach "$c1"); x2=$(loop_attach "$c2")
	LVM_DEVS="$d1 $d2 $x1 $x2"
}

fresh
out=$("$RESIGN" --json --journal-dir "$J" "$x2" "$x1" 2>"$TMPD/err")
is "$?" 0 "resign of both PVs (given in any order): exit 0"
is "$(jq_ results.0.lvm_check.ok <<<"$out")" True "LVM's own check passed"
n=$(jq_ results.0.regions <<<"$out")
# all four mdas, read from the disk, hold the new VG (LVM names it and the uuids)
for x in 1 2; do
	xd=x$x; xd=${!xd}
	read -r lvg lvgu lpvu < <(LVM_DEVS=$xd tlvm pvs --nohints --noheadings -o vg_name,vg_uuid,pv_uuid "$xd" 2>/dev/null)
	like "$lvg" '^VG_XenStorage-' "pvs: PV $x of the clone is in an SR VG"
	mdas_name "$TMPD/c$x.img" "$lvg" "$lpvu" "$lvgu" "clone PV $x on disk"
done
is "$(grep -o '"what": \?"label"' <<<"$out" | wc -l)" 2 "two labels written"
vgs_out=$(tlvm vgs --nohints --noheadings -o vg_name,pv_count 2>&1)
is "$(grep -c 'VG_XenStorage-.* 2$' <<<"$vgs_out")" 2 "LVM sees two VGs of 2 PVs each"
tlvm vgck --nohints >/dev/null 2>&1
is "$?" 0 "vgck clean"
is "$(sha "$p1") $(sha "$p2")" "$s1 $s2" "originals byte-identical"

for ((k = 1; k <= n; k++)); do
	fresh
	RELUN_FAULT_AFTER_WRITES=$k "$RESIGN" --journal-dir "$J" "$x1" "$x2" >/dev/null 2>&1
	is "$?" 75 "k=$k: crash"
	jr=$(ls -t "$J"/relun-*.journal | head -1)
	"$RESIGN" --recover "$jr" >/dev/null 2>&1
	is "$?:$(sha "$c1") $(sha "$c2")" "0:$s1 $s2" "k=$k: rollback gives the exact originals"
	fresh
	RELUN_FAULT_AFTER_WRITES=$k "$RESIGN" --journal-dir "$J" "$x1" "$x2" >/dev/null 2>&1
	jr=$(ls -t "$J"/relun-*.journal | head -1)
	"$RESIGN" --recover "$jr" --roll-forward >/dev/null 2>&1
	is "$?" 0 "k=$k: roll-forward exit 0"
	vgck_out=$(tlvm vgck --nohints 2>&1); rc=$?
	vgs_out=$(tlvm vgs --nohints --noheadings -o vg_name,pv_count 2>&1)
	is "$rc:$(grep -c 'VG_XenStorage-.* 2$' <<<"$vgs_out")" "0:2" "k=$k: LVM reads two clean 2-PV VGs"
done
done_testing
