# Issue 11 cases 5 and 9 on real multipath: a clone given by /dev/sdX while
# its multipath map exists is refused (exit 5) naming the map to use; two
# paths of one LUN are refused the same way; /dev/dm-N and /dev/mapper/X of
# one map are one transaction.  relun-probe lists the LVs active on a LUN
# and warns when a VG's LVs are active on a LUN the evidence calls a clone.
# vm-boot: --mem 1024 --timeout 300
. "$RELUN_TOP/tests/vm/lib/guest.sh"
plan 15

IQN=iqn.2024-01.org.relun:sr60
SER_A=60a1b2c3-d4e5-4f60-8172-93a4b5c6d7e8
SER_B=60f9e8d7-c6b5-4a49-8382-71605f4e3d2c
WWID_B=3600140560f9e8d7c6b54a49838271605
J=$TMPD/journal
md5() { md5sum "$1" | cut -d' ' -f1; }
jfiles() { ls "$J" 2>/dev/null | wc -l; }

PROBE=$(vm_tool relun-probe) || { fail "relun-probe is built"; done_testing; }
RESIGN=$(vm_tool relun-resign) || { fail "relun-resign is built"; done_testing; }

vm_mark "setup"
vm_sr_lun "$IQN" a "$SER_A" 0 80M
ma=$VM_MAP
vm_mksr --vdis chain=6M "$ma" >"$TMPD/manifest"
ok $? "mksr built an SR on the original's map $ma"
read -r _ old_sr old_vg _ < <(grep '^sr ' "$TMPD/manifest")
leaf=$(awk '$1 == "vdi" && $5 != "-" && $8 == 0 { print $2; exit }' "$TMPD/manifest")
sync
cp --sparse=always "$TMPD/a.img" "$TMPD/b.img"
vm_sr_lun "$IQN" b "$SER_B" 1 80M "$TMPD/b.img"
mb=$VM_MAP b0=${VM_PATHS[0]} b1=${VM_PATHS[1]}
is "$mb" "/dev/mapper/$WWID_B" "clone: LUN 1 under map $mb ($b0 $b1)"
sum=$(md5 "$TMPD/b.img")

vm_mark "a path of the clone while its map exists"
out=$("$RESIGN" --journal-dir "$J" "$b0" 2>&1); rc=$?
is "$rc" 5 "relun-resign $b0 (a path of $mb): refused, exit 5"
like "$out" "^relun-resign: refused: $b0 is a path of $mb \\(SCSIid $WWID_B\\); give $mb instead \\(once\\); nothing written$" \
	"the refusal names the map to use"
is "$(md5 "$TMPD/b.img"):$(jfiles)" "$sum:0" "nothing written (md5 of the clone), no journal"

vm_mark "two paths of one LUN"
out=$("$RESIGN" --journal-dir "$J" "$b0" "$b1" 2>&1); rc=$?
is "$rc" 5 "relun-resign $b0 $b1: refused, exit 5"
like "$out" "give $mb instead \\(once\\); nothing written" "the refusal names the map"
is "$(md5 "$TMPD/b.img"):$(jfiles)" "$sum:0" "nothing written, no journal"

vm_mark "/dev/dm-N and /dev/mapper/X of one map"
dmn=/dev/$(vm_sysfs_name "$mb")
"$RESIGN" --json --dry-run --journal-dir "$J" "$dmn" "$mb" >"$TMPD/r.json" 2>"$TMPD/r.err"; rc=$?
is "$rc" 0 "relun-resign --dry-run $dmn $mb: exit 0"
is "$(grep -c '"status": *"planned"' "$TMPD/r.json")" 1 "one transaction planned, not two"
like "$(cat "$TMPD/r.err")" "note: $mb is $dmn, given already; one transaction" "a note says so"

vm_mark "LVs of the VG active on the clone"
LVM_DEVS=$mb vm_lvm lvchange -ay "$old_vg/VHD-$leaf" >"$TMPD/act" 2>&1
ok $? "lvchange -ay $old_vg/VHD-$leaf on the clone's map"
"$PROBE" -v --no-xe --journal-dir "$J" "$mb" >"$TMPD/p.txt" 2>"$TMPD/p.err"
like "$(head -1 "$TMPD/p.txt")" "^$mb: clone" "relun-probe: the map is the clone"
like "$(cat "$TMPD/p.txt")" "active: +$(echo "$old_vg" | sed 's/-/--/g')-VHD--" "relun-probe lists the active LV"
like "$(cat "$TMPD/p.err")" "WARNING: LVs of VG $old_vg are ACTIVE on $mb, which the evidence calls a clone" \
	"relun-probe warns loudly"
LVM_DEVS=$mb vm_lvm lvchange -an "$old_vg/VHD-$leaf" >/dev/null 2>&1
done_testing
