# relun-resign refuses a clone whose VG has an active LV (exit 5) and writes
# nothing: not while the LV sits on the path being resigned, nor while it
# sits on the clone's other path.  With the LV deactivated it resigns, even
# though the original SR stays active the whole time, and then both VGs are
# active side by side.  The clone is not multipathed here: two plain sd paths
# (one iSCSI session per portal), resigned through the first.
# vm-boot: --mem 1024 --timeout 240
. "$RELUN_TOP/tests/vm/lib/guest.sh"
plan 35

IQN=iqn.2024-01.org.relun:sr40
SER_A=40a1b2c3-d4e5-4f60-8172-93a4b5c6d7e8
SER_B=40f9e8d7-c6b5-4a49-8382-71605f4e3d2c
WWID_A=3600140540a1b2c3d4e54f60817293a4b   # 6001405 + 25 hex digits of the serial
WWID_B=3600140540f9e8d7c6b54a49838271605
J=$TMPD/journal
sha16() { head -c 16777216 "$1" | sha256sum | cut -d' ' -f1; }
md5() { md5sum "$1" | cut -d' ' -f1; }   # the whole LUN: md5 is 2.5x faster here
jfiles() { ls "$J" 2>/dev/null | wc -l; }
# the first "KEY": value of relun-resign's JSON (one key a line): the result's
jval() { sed -n "s/^ *\"$1\": \{0,1\}\"\{0,1\}\([^\",]*\).*/\1/p" "$TMPD/r.json" | head -1; }

PROBE=$(vm_tool relun-probe) || { fail "relun-probe is built"; done_testing; }
RESIGN=$(vm_tool relun-resign) || { fail "relun-resign is built"; done_testing; }

vm_mark "setup"
vm_sr_lun "$IQN" a "$SER_A" 0 80M
ma=$VM_MAP
is "$ma" "/dev/mapper/$WWID_A" "original: LUN 0 under map $WWID_A"
vm_mksr --vdis chain=6M "$ma" >"$TMPD/manifest"
ok $? "mksr built an SR on the map"
read -r _ old_sr old_vg _ < <(grep '^sr ' "$TMPD/manifest")
leaf=$(awk '$1 == "vdi" && $5 != "-" && $8 == 0 { print $2; exit }' "$TMPD/manifest")
mapfile -t vdis < <(awk '$1 == "vdi" { print $2 }' "$TMPD/manifest")
sync
cp --sparse=always "$TMPD/a.img" "$TMPD/b.img"
mapfile -t pb < <(vm_iscsi_lun "$IQN" b "$SER_B" 80M 1 "$TMPD/b.img")
b0=${pb[0]:-/dev/null} b1=${pb[1]:-/dev/null}
is "${#pb[@]} $(vm_scsi_id_g "$b0") $(vm_scsi_id_g "$b1")" "2 $WWID_B $WWID_B" \
	"clone: LUN 1 on two sd paths ($b0 $b1), no map, scsi_id -g $WWID_B"
"$PROBE" --no-xe -v "$ma" "$b0" "$b1" >"$TMPD/probe.txt" 2>&1
like "$(grep -A1 "^$b0: " "$TMPD/probe.txt")" "^$b0: clone" "relun-probe: $b0 is the clone"
like "$(grep "^$b1: " "$TMPD/probe.txt")" "^$b1: path" "relun-probe: $b1 is a path of it"
s16=$(sha16 "$TMPD/b.img") sall=$(md5 "$TMPD/b.img")
dev_nr() { stat -Lc '%t:%T' "$1"; }

# refused CASE: relun-resign must exit 5, leave the clone's bytes and write
# no journal
refused() {
	local rc
	"$RESIGN" --json --journal-dir "$J" "$b0" >"$TMPD/r.json" 2>"$TMPD/r.err"
	rc=$?
	is "$rc" 5 "$1: relun-resign $b0 refused, exit 5 (busy)"
	is "$(jval status) $(jval exit_code)" "refused 5" "$1: JSON status refused, exit_code 5"
	REFUSAL=$(sed -n 's/^ *"message": \{0,1\}"\(.*\)",\{0,1\}$/\1/p' "$TMPD/r.json" | head -1 | sed 's#\\/#/#g')
	diag "message: ${REFUSAL:-$(head -3 "$TMPD/r.err")}"
	is "$(sha16 "$TMPD/b.img")" "$s16" "$1: first 16 MiB of the clone unchanged (sha256 $s16)"
	is "$(md5 "$TMPD/b.img")" "$sall" "$1: the whole clone unchanged"
	is "$(jfiles)" 0 "$1: no journal written"
	if [ "$rc" -eq 0 ]; then # it wrote: put the clone back for what follows
		diag "it resigned a LUN in use; undoing: $("$RESIGN" --undo "$J"/* 2>&1 | head -2)"
		rm -f "$J"/*
	fi
}

vm_mark "LV active on the path being resigned"
# ---- 1. the leaf's LV active on b0 (the original is not active: same ids)
LVM_DEVS=$b0 vm_lvm lvchange -ay "$old_vg/VHD-$leaf" >"$TMPD/act" 2>&1
ok $? "lvchange -ay $old_vg/VHD-$leaf on $b0"
dm=$(vm_sysfs_name "/dev/$old_vg/VHD-$leaf")
is "$(ls "/sys/block/$dm/slaves")" "${b0#/dev/}" "the active LV ($dm) sits on $b0"
refused "LV active on $b0"
like "$REFUSAL" "^$b0: (cannot open exclusively: Device or resource busy|in use: ${b0#/dev/} is held by $dm)" \
	"LV active on $b0: the message says the device is in use"
LVM_DEVS=$b0 vm_lvm lvchange -an "$old_vg/VHD-$leaf" >/dev/null 2>&1
ok $? "deactivated again"

vm_mark "LV active on the other path"
# ---- 2. the same LV active through the clone's other path: the LUN is in use
LVM_DEVS=$b1 vm_lvm lvchange -ay "$old_vg/VHD-$leaf" >"$TMPD/act" 2>&1
ok $? "lvchange -ay $old_vg/VHD-$leaf on $b1"
dm=$(vm_sysfs_name "/dev/$old_vg/VHD-$leaf")
is "$(ls "/sys/block/$dm/slaves")" "${b1#/dev/}" "the active LV ($dm) sits on $b1, the other path of the same LUN"
refused "LV active on the other path $b1"
LVM_DEVS=$b1 vm_lvm lvchange -an "$old_vg/VHD-$leaf" >/dev/null 2>&1
ok $? "deactivated again"
[ ! -e "/dev/mapper/${old_vg//-/--}-VHD--${leaf//-/--}" ]
ok $? "no LV of the clone is active now"

vm_mark "resign with the original active"
# ---- 3. the original SR active (in use, as on a live pool), the clone idle
LVM_DEVS=$ma vm_vg_activate "$old_vg" >"$TMPD/act.a" 2>&1
ok $? "vgchange -ay $old_vg on the original's map"
"$RESIGN" --json --journal-dir "$J" "$b0" >"$TMPD/r.json" 2>"$TMPD/r.err"
rc=$?
is "$rc" 0 "relun-resign $b0 with its LVs inactive: exit 0 (the original's active LVs are not the clone's)"
[ "$rc" -eq 0 ] || sed 's/^/#   /' "$TMPD/r.err" | head -10
declare -A R
vm_json_load R "$TMPD/r.json"
new_sr=${R[results.0.sr_uuid.new]:-} new_vg=${R[results.0.vg_name.new]:-}
is "${R[results.0.status]:-} ${R[results.0.sr_uuid.old]:-} $new_vg" "resigned $old_sr VG_XenStorage-$new_sr" \
	"resigned: $old_sr -> $new_sr"
is "$(jfiles)" 1 "one journal written"
ok "$([ "$(sha16 "$TMPD/b.img")" != "$s16" ]; echo $?)" "the clone's first 16 MiB changed"

vm_mark "both active"
# ---- 4. the new VG active next to the original; each LV reads its own blocks
LVM_DEVS=$b0 vm_vg_activate "$new_vg" >"$TMPD/act.b" 2>&1
ok $? "vgchange -ay $new_vg on $b0 while $old_vg is active"
declare -A NEW
i=0
while [ -n "${R[results.0.vdis.$i.old]+x}" ]; do NEW[${R[results.0.vdis.$i.old]}]=${R[results.0.vdis.$i.new]}; i=$((i + 1)); done
lvdevs=()
for u in "${vdis[@]}"; do lvdevs+=("/dev/$old_vg/VHD-$u" "/dev/$new_vg/VHD-${NEW[$u]:-x}"); done
declare -A BLK
while IFS=$'\t' read -r d l; do BLK[$d]+="$l"$'\n'; done < <(vm_vhd_blocks "${lvdevs[@]}")
for u in "${vdis[@]}"; do
	want=$(vm_mksr_expect "$TMPD/manifest" "$u")
	o=/dev/$old_vg/VHD-$u n=/dev/$new_vg/VHD-${NEW[$u]:-x}
	is "${BLK[$o]%$'\n'} | ${BLK[$n]%$'\n'}" "$want | $want" \
		"VDI $u: original and clone LVs both read its own blocks ($(echo $want | sed "s/$u //g"))"
	is "$(ls "/sys/block/$(vm_sysfs_name "$o")/slaves") $(ls "/sys/block/$(vm_sysfs_name "$n")/slaves")" \
		"$(vm_sysfs_name "$ma") ${b0#/dev/}" "VDI $u: the original's LV is on map A, the clone's on $b0"
done
LVM_DEVS=$b0 vm_vg_deactivate "$new_vg" >/dev/null 2>&1
LVM_DEVS=$ma vm_vg_deactivate "$old_vg" >/dev/null 2>&1
vm_mark "end"
done_testing
