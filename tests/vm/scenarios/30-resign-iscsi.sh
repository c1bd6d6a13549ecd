# End to end on iSCSI: an lvmoiscsi SR built on a LIO LUN under dm-multipath,
# a SAN clone of it exported as a second LUN (another serial), both on two
# portals under their own maps.  relun-probe tells original, clone and paths
# apart; relun-resign resigns the clone through its map; then both VGs are
# active at once, every LV reads its own blocks from its own LUN, the clone's
# VHD parent locators resolve under /dev/mapper to the new VG's parent LVs,
# and the xe script carries the guest's scsi_id and the iSCSI sysfs values
# (run against a fake xe that logs its argv).
# vm-boot: --mem 1024 --timeout 240
. "$RELUN_TOP/tests/vm/lib/guest.sh"
plan 96

IQN=iqn.2024-01.org.relun:sr30
SER_A=3f1c9a7e-2b4d-4e6f-8a1b-2c3d4e5f6a7b
SER_B=7e6d5c4b-3a29-4817-a6b5-c4d3e2f1a0b9
# LIO's NAA-6 id: 6001405 + the first 25 hex digits of the unit serial
WWID_A=360014053f1c9a7e2b4d4e6f8a1b2c3d4
WWID_B=360014057e6d5c4b3a294817a6b5c4d3e
LABEL="Prod SR \"iSCSI\" 'A' \$(id)"
J=$TMPD/journal
uuid_re='^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
sum() { md5sum "$1" | cut -d' ' -f1; }   # md5: 2.5x faster than sha256 under TCG
rdev() { stat -Lc '%t:%T' "$1" 2>/dev/null; }
dmname() { vm_sysfs_name "$1"; }
# LUN=index of the LUN whose device is DEV (same device number) in a probe
# report; index_luns ARRAY first (few stats: forks are slow under TCG)
declare -A LUNIDX
index_luns() { # ARRAY
	local -n _il=$1
	local i=0
	LUNIDX=()
	while [ -n "${_il[luns.$i.device]+x}" ]; do
		LUNIDX[$(rdev "${_il[luns.$i.device]}")]=$i
		i=$((i + 1))
	done
}
declare -A RDEV
lun_of() { # DEV
	[ -n "${RDEV[$1]+x}" ] || RDEV[$1]=$(rdev "$1")
	LUN=${LUNIDX[${RDEV[$1]}]:-none}
}
count() { # ARRAY PREFIX KEY: how many PREFIX.N.KEY entries
	local -n _c=$1
	local i=0
	while [ -n "${_c[$2.$i.$3]+x}" ]; do i=$((i + 1)); done
	echo "$i"
}

PROBE=$(vm_tool relun-probe) || { fail "relun-probe is built"; done_testing; }
RESIGN=$(vm_tool relun-resign) || { fail "relun-resign is built"; done_testing; }

vm_mark "original LUN"
# ---- the original: LUN 0 on two portals, a multipath map, an SR on the map
vm_sr_lun "$IQN" a "$SER_A" 0 96M
pa=("${VM_PATHS[@]}") ma=$VM_MAP
is "$ma" "/dev/mapper/$WWID_A" "original: two paths (${pa[*]}) under map $WWID_A"
is "$(vm_scsi_id_g "$ma") $(vm_scsi_id_g "${pa[0]}") $(vm_scsi_id_g "${pa[1]}")" "$WWID_A $WWID_A $WWID_A" \
	"original: scsi_id -g of the map and both paths"
vm_mksr --vdis chain=6M,disk=4M --name-label "$LABEL" "$ma" >"$TMPD/manifest"
ok $? "mksr built an lvmoiscsi-style SR on the map"
read -r _ old_sr old_vg _ < <(grep '^sr ' "$TMPD/manifest")
read -r _ old_vg_uuid < <(grep '^vg_uuid ' "$TMPD/manifest")
read -r _ _ _ old_pv < <(grep '^pv ' "$TMPD/manifest")
mapfile -t vdis < <(awk '$1 == "vdi" { print $2 }' "$TMPD/manifest")
declare -A PARENT
while read -r _ u _ _ p _; do PARENT[$u]=$p; done < <(grep '^vdi ' "$TMPD/manifest")
is "${#vdis[@]} $old_vg" "4 VG_XenStorage-$old_sr" "manifest: 4 VDIs in VG_XenStorage-<sr>"
sync

vm_mark "SAN clone"
# ---- the SAN clone: a copy of LUN 0's backing file as LUN 1, another serial
cp --sparse=always "$TMPD/a.img" "$TMPD/b.img"
vm_sr_lun "$IQN" b "$SER_B" 1 96M "$TMPD/b.img"
pb=("${VM_PATHS[@]}") mb=$VM_MAP
is "$mb" "/dev/mapper/$WWID_B" "clone: two paths (${pb[*]}) under map $WWID_B"
is "$(vm_scsi_id_g "$mb") $(vm_scsi_id_g "${pb[0]}") $(vm_scsi_id_g "${pb[1]}")" "$WWID_B $WWID_B $WWID_B" \
	"clone: scsi_id -g of the map and both paths"
sum_a=$(sum "$TMPD/a.img")

# ---- relun-probe: original, clone, paths
# check_judgement ARRAY WHAT: verdicts, SCSIids and identities of the 6 LUNs
check_judgement() {
	local -n _p=$1
	local what=$2 ia ib i d
	index_luns _p
	lun_of "$ma"; ia=$LUN
	lun_of "$mb"; ib=$LUN
	is "$(count _p luns device)" 6 "$what: 6 LUNs (2 maps, 4 paths)"
	is "${_p[luns.$ia.verdict]:-} ${_p[luns.$ia.SCSIid]:-}" "original $WWID_A" "$what: map A is the original, SCSIid $WWID_A"
	is "${_p[luns.$ib.verdict]:-} ${_p[luns.$ib.SCSIid]:-}" "clone $WWID_B" "$what: map B is the clone, SCSIid $WWID_B"
	is "${_p[luns.$ia.evidence]:-}" "LVM metadata device_id (mpath_uuid) = mpath-$WWID_A" \
		"$what: evidence is the PV's device_id naming map A"
	is "${_p[luns.$ia.can_resign]:-} ${_p[luns.$ib.can_resign]:-} ${_p[luns.$ib.resign_needed]:-}" \
		"false true true" "$what: only the clone may be resigned, and needs it"
	for i in "$ia" "$ib"; do
		is "${_p[luns.$i.pv.uuid]:-} ${_p[luns.$i.vg.name]:-} ${_p[luns.$i.vg.uuid]:-} ${_p[luns.$i.sr.uuid]:-}" \
			"$old_pv $old_vg $old_vg_uuid $old_sr" "$what: ${_p[luns.$i.device]:-?} carries the SR's PV, VG and SR ids"
	done
	for d in "${pa[@]}" "${pb[@]}"; do
		lun_of "$d"; i=$LUN
		case " ${pa[*]} " in *" $d "*) m=$ma w=$WWID_A ;; *) m=$mb w=$WWID_B ;; esac
		is "${_p[luns.$i.verdict]:-} $(rdev "${_p[luns.$i.path_of]:-/nonexistent}") ${_p[luns.$i.SCSIid]:-}" \
			"path ${RDEV[$m]} $w" "$what: $d is a path of $m"
	done
}
vm_mark "relun-probe"
"$PROBE" --no-xe --json >"$TMPD/p0.json" 2>"$TMPD/p0.err"
is "$?" 0 "relun-probe (no arguments): exit 0"
declare -A P0
vm_json_load P0 "$TMPD/p0.json"
check_judgement P0 "relun-probe (all devices)"
"$PROBE" --no-xe --json "$mb" "${pb[@]}" "$ma" "${pa[@]}" >"$TMPD/p1.json" 2>"$TMPD/p1.err"
is "$?" 0 "relun-probe MAPS PATHS: exit 0"
declare -A P1
vm_json_load P1 "$TMPD/p1.json"
check_judgement P1 "relun-probe MAPS PATHS"
is "${P1[luns.0.device]:-} ${P1[luns.3.device]:-}" "$mb $ma" "relun-probe MAPS PATHS: LUNs named as given"

vm_mark "relun-resign"
# ---- resign the clone through its map
"$RESIGN" --json --journal-dir "$J" --xe-script "$TMPD/attach.sh" "$mb" >"$TMPD/r.json" 2>"$TMPD/r.err"
rc=$?
is "$rc" 0 "relun-resign MAP_B: exit 0"
[ "$rc" -eq 0 ] || sed 's/^/#   /' "$TMPD/r.err" | head -20
declare -A R
vm_json_load R "$TMPD/r.json"
new_sr=${R[results.0.sr_uuid.new]:-}
new_vg=${R[results.0.vg_name.new]:-}
new_vg_uuid=${R[results.0.vg_uuid.new]:-}
new_pv=${R[results.0.pvs.0.new]:-}
is "${R[results.0.status]:-} ${R[results.0.exit_code]:-}" "resigned 0" "resign: status resigned"
is "${R[results.0.sr_uuid.old]:-} ${R[results.0.vg_name.old]:-} ${R[results.0.vg_uuid.old]:-} ${R[results.0.pvs.0.old]:-}" \
	"$old_sr $old_vg $old_vg_uuid $old_pv" "resign: the old ids are the SR's"
like "$new_sr" "$uuid_re" "resign: new SR uuid $new_sr"
is "$new_vg" "VG_XenStorage-$new_sr" "resign: new VG named after the new SR uuid"
like "$new_vg_uuid $new_pv" '^[0-9A-Za-z]{6}(-[0-9A-Za-z]{4}){5}-[0-9A-Za-z]{6} [0-9A-Za-z]{6}(-[0-9A-Za-z]{4}){5}-[0-9A-Za-z]{6}$' \
	"resign: new VG and PV uuids in LVM form"
ok "$([ "$new_vg_uuid" != "$old_vg_uuid" ] && [ "$new_pv" != "$old_pv" ]; echo $?)" "resign: VG and PV uuids changed"
is "${R[results.0.lvm_check.ok]:-}" true "resign: LVM's own parser (liblvm2cmd) read the result cleanly"
declare -A NEW
i=0
while [ -n "${R[results.0.vdis.$i.old]+x}" ]; do NEW[${R[results.0.vdis.$i.old]}]=${R[results.0.vdis.$i.new]}; i=$((i + 1)); done
n=0
for u in "${vdis[@]}"; do [[ ${NEW[$u]:-} =~ $uuid_re ]] && [ "${NEW[$u]}" != "$u" ] && n=$((n + 1)); done
is "$i $n" "4 4" "resign: every VDI got a new uuid"
mapfile -t js < <(ls "$J")
is "${#js[@]} $J/${js[0]:-}" "1 ${R[results.0.journal]:-}" "resign: one journal, in --journal-dir"
is "$(sum "$TMPD/a.img")" "$sum_a" "the original LUN is byte-identical"

# ---- relun-probe after: two unrelated SRs
"$PROBE" --no-xe --json "$ma" "$mb" >"$TMPD/p2.json" 2>"$TMPD/p2.err"
is "$?" 0 "relun-probe after the resign: exit 0"
declare -A P2
vm_json_load P2 "$TMPD/p2.json"
is "${P2[luns.0.vg.name]:-} ${P2[luns.0.vg.uuid]:-} ${P2[luns.0.pv.uuid]:-} ${P2[luns.0.sr.uuid]:-}" \
	"$old_vg $old_vg_uuid $old_pv $old_sr" "relun-probe after: the original keeps every id"
is "${P2[luns.1.vg.name]:-} ${P2[luns.1.vg.uuid]:-} ${P2[luns.1.pv.uuid]:-} ${P2[luns.1.sr.uuid]:-} ${P2[luns.1.sr.mgt.sr_uuid]:-}" \
	"$new_vg $new_vg_uuid $new_pv $new_sr $new_sr" "relun-probe after: the clone has the new PV, VG and SR ids (MGT too)"
is "${P2[luns.0.resign_needed]:-} ${P2[luns.1.resign_needed]:-} ${P2[luns.0.copies]:-} ${P2[luns.1.copies]:-}" \
	"false false 1 1" "relun-probe after: no copies left, nothing needs a resign"
got=""
for ((i = 0; i < 4; i++)); do got+="${P2[luns.1.sr.vdis.$i.uuid]:-} "; done
want=""
for u in "${vdis[@]}"; do want+="${NEW[$u]:-} "; done
is "$(tr ' ' '\n' <<<"$got" | sort | xargs)" "$(tr ' ' '\n' <<<"$want" | sort | xargs)" \
	"relun-probe after: the clone's VDIs are the new uuids"

vm_mark "activation"
# ---- both VGs active at once, each from its own map
LVM_DEVS=$ma vm_vg_activate "$old_vg" >"$TMPD/act.a" 2>&1
ok $? "vgchange -ay $old_vg on map A"
LVM_DEVS=$mb vm_vg_activate "$new_vg" >"$TMPD/act.b" 2>&1
ok $? "vgchange -ay $new_vg on map B"
LVM_DEVS="$ma $mb" vm_lvm lvs --noheadings -o vg_name,lv_name,lv_attr >"$TMPD/lvs" 2>"$TMPD/lvs.err"
is "$(awk -v a="$old_vg" -v b="$new_vg" '$3 ~ /^....a/ { n[$1]++ } END { print n[a] + 0, n[b] + 0 }' "$TMPD/lvs")" "5 5" \
	"lvs on both maps: 5 active LVs in each VG"
unlike "$(cat "$TMPD/lvs.err" "$TMPD/act.a" "$TMPD/act.b")" "[Dd]uplicate|mismatch|inconsistent|WARNING: (PV|VG)" \
	"LVM: no duplicate or mismatch warning"
# each LV's dm table sits on its own map
bad=""
for u in MGT "${vdis[@]}"; do
	lo=VHD-$u ln=VHD-${NEW[$u]:-x}
	[ "$u" = MGT ] && lo=MGT ln=MGT
	[ "$(ls "/sys/block/$(dmname "/dev/$old_vg/$lo")/slaves" 2>/dev/null)" = "$(dmname "$ma")" ] || bad+=" $old_vg/$lo"
	[ "$(ls "/sys/block/$(dmname "/dev/$new_vg/$ln")/slaves" 2>/dev/null)" = "$(dmname "$mb")" ] || bad+=" $new_vg/$ln"
done
is "$bad" "" "every LV of the original maps onto map A, every LV of the clone onto map B"

vm_mark "LV reads"
# ---- each LV reads its own blocks (mksr's "RELUN <writer> B<n>" patterns,
# found through each VHD's header and BAT): the clone's renamed LVs hold what
# the same VDI held before the resign
lvdevs=()
for u in "${vdis[@]}"; do lvdevs+=("/dev/$old_vg/VHD-$u" "/dev/$new_vg/VHD-${NEW[$u]:-x}"); done
declare -A BLK
while IFS=$'\t' read -r d l; do BLK[$d]+="$l"$'\n'; done < <(vm_vhd_blocks "${lvdevs[@]}")
for u in "${vdis[@]}"; do
	want=$(vm_mksr_expect "$TMPD/manifest" "$u")
	d=/dev/$old_vg/VHD-$u
	is "${BLK[$d]%$'\n'}" "$want" "original VHD-$u: its BAT leads to its own blocks ($(echo $want | sed "s/$u //g"))"
	d=/dev/$new_vg/VHD-${NEW[$u]:-x}
	is "${BLK[$d]%$'\n'}" "$want" "clone VHD-${NEW[$u]:-x} (was $u): the same blocks"
done
# a write through the clone's LV lands in the clone's LUN only
mark="RELUN-CLONE-ONLY-$new_sr"
printf '%s' "$mark" | dd of="/dev/$new_vg/MGT" bs=1M seek=3 conv=fsync 2>/dev/null
is "$(dd if="/dev/$new_vg/MGT" bs=1M skip=3 count=1 iflag=direct 2>/dev/null | head -c ${#mark})" "$mark" \
	"a marker written to the clone's MGT LV reads back"
# where the MGT LV starts on its map ("0 SECTORS linear MAJ:MIN START") is
# where it starts in the LUN's backing file
read -r _ _ _ mdev mstart < <(dmsetup table "$(cat "/sys/block/$(dmname "/dev/$new_vg/MGT")/dm/name")")
is "$mdev" "$(dmsetup info -c --noheadings -o major,minor "$WWID_B" | tr -d ' ')" "the clone's MGT LV is linear on map B"
at() { dd if="$1" bs=512 skip=$((${mstart:-0} + 6144)) count=1 2>/dev/null | head -c ${#mark} | tr '\0' .; }
is "$(at "$TMPD/b.img") | $(at "$TMPD/a.img")" "$mark | $(printf '%*s' ${#mark} '' | tr ' ' .)" \
	"the marker is in the clone's backing file, not in the original's"
is "$(dd if="/dev/$old_vg/MGT" bs=1M skip=3 count=1 iflag=direct 2>/dev/null | tr -d '\0' | wc -c)" 0 \
	"the original's MGT LV at the same offset still reads zeros"

vm_mark "locators"
# ---- VHD parent locators of every child of the clone, resolved in /dev/mapper
ib=1 nloc=0
for ((i = 0; i < 4; i++)); do
	u=${P2[luns.$ib.sr.vdis.$i.uuid]:-}
	par=${P2[luns.$ib.sr.vdis.$i.parent]:-null}
	[ "$par" = null ] && continue
	old_u=""
	for o in "${vdis[@]}"; do [ "${NEW[$o]:-}" = "$u" ] && old_u=$o; done
	is "$par" "${NEW[${PARENT[$old_u]:-x}]:-?}" "child $u: parent is the new uuid of its old parent"
	is "${P2[luns.$ib.sr.vdis.$i.locators_ok]:-}" true "child $u: relun-probe says its locators are fine"
	want="./VG_XenStorage--${new_sr//-/--}-VHD--${par//-/--}"
	for ((m = 0; m < 3; m++)); do
		code=${P2[luns.$ib.sr.vdis.$i.locators.$m.code]:-?}
		p=${P2[luns.$ib.sr.vdis.$i.locators.$m.path]:-}
		is "$p" "$want" "child $u: locator $code names the new VG and parent"
		dev=/dev/mapper/${p#./}
		if [ -b "$dev" ] && [ "$(readlink -f "$dev")" = "$(readlink -f "/dev/$new_vg/VHD-$par")" ]; then
			pass "child $u: locator $code resolves to an active LV of the new VG ($new_vg/VHD-$par)"
		else
			fail "child $u: locator $code resolves to an active LV of the new VG ($new_vg/VHD-$par)"
			diag "$dev -> $(readlink -f "$dev" 2>&1)"
		fi
		is "$(cut -c1-36 "/sys/block/$(dmname "$dev" 2>/dev/null || echo none)/dm/uuid" 2>/dev/null)" \
			"LVM-${new_vg_uuid//-/}" "child $u: locator $code's device has the new VG's dm uuid"
		nloc=$((nloc + 1))
	done
done
is "$nloc" 6 "6 locators checked (2 children x MACX, W2KU, W2RU)"

vm_mark "xe script"
# ---- the xe attach script: values from the guest's scsi_id and sysfs
ok "$(bash -n "$TMPD/attach.sh"; echo $?)" "xe script: bash -n accepts it"
diag "the xe script relun-resign wrote (--xe-script):"
while IFS= read -r line; do diag "  $line"; done <"$TMPD/attach.sh"
declare -A SYS
for d in "${pb[@]}"; do
	read -r s_iqn s_addr s_port s_tpgt < <(vm_iscsi_info "$d")
	SYS[$s_addr]="$s_iqn $s_port"
	diag "sysfs $d: targetname=$s_iqn persistent_address=$s_addr persistent_port=$s_port tpgt=$s_tpgt"
done
is "$(printf '%s\n' "${!SYS[@]}" | sort | xargs)" "127.0.0.1 127.0.0.2" "sysfs: the clone's paths use both portals"
vm_fakexe "$TMPD/bin"
PATH=$TMPD/bin:$PATH FAKEXE_LOG=$TMPD/xe.log FAKEXE_PROBE_UUID=$new_sr bash "$TMPD/attach.sh" >"$TMPD/xe.out" 2>&1
is "$?" 0 "xe script runs to the end against the fake xe"
is "$(grep -v '^+ \|^\[' "$TMPD/xe.out")" "SR $new_sr attached on 3 host(s)
1 SR(s) attached" "xe script: says it attached the SR on 3 hosts"
# the argv of the sr-probe call (FAKEXE_LOG.d/<call>.<arg>)
probe_call=$(grep -lx sr-probe "$TMPD"/xe.log.d/*.0 2>/dev/null | head -1)
declare -A DC
for f in "${probe_call%.0}".*; do
	a=$(cat "$f")
	case $a in device-config:*=*) k=${a#device-config:}; DC[${k%%=*}]=${k#*=} ;; esac
done
scsi_g=$(vm_scsi_id_g "$mb")
is "${DC[SCSIid]:-}" "$scsi_g" "xe sr-probe: device-config:SCSIid = guest scsi_id -g of the clone ($scsi_g)"
is "${DC[SCSIid]:-}" "$WWID_B" "xe sr-probe: SCSIid is the clone's, not the original's"
t=${DC[target]:-}
if [ -n "$t" ] && [ -n "${SYS[$t]+x}" ]; then
	pass "xe sr-probe: device-config:target=$t is a portal of one of the clone's sessions"
else
	fail "xe sr-probe: device-config:target is a portal of one of the clone's sessions"
	diag "target '$t'; sysfs portals: ${!SYS[*]}"
	t=127.0.0.1
fi
is "${DC[targetIQN]:-} ${DC[port]:-}" "${SYS[$t]:-?}" "xe sr-probe: targetIQN and port = that session's targetname and persistent_port"
# the whole call sequence, argument by argument
DCW=("device-config:target=$t" "device-config:port=${DC[port]:-?}" "device-config:targetIQN=$IQN"
	"device-config:SCSIid=$WWID_B")
M=aaaaaaaa-0000-4000-8000-000000000001 H2=bbbbbbbb-0000-4000-8000-000000000002
H3=cccccccc-0000-4000-8000-000000000003
want=$(
	# the pool first (master, hosts), then each step only after asking
	# the pool whether it is done already (a rerun resumes)
	c() { echo "== xe"; printf '%s\n' "$@"; }
	c pool-list params=master --minimal
	c host-list params=uuid --minimal
	c sr-list "uuid=$new_sr" params=type --minimal
	c pbd-list "sr-uuid=$old_sr" params=uuid --minimal
	c sr-probe type=lvmoiscsi "${DCW[@]}"
	c sr-introduce "uuid=$new_sr" type=lvmoiscsi "name-label=$LABEL" name-description= shared=true content-type=user
	n=8
	for h in "$M" "$H2" "$H3"; do
		c pbd-list "sr-uuid=$new_sr" "host-uuid=$h" params=uuid --minimal
		c pbd-create "host-uuid=$h" "sr-uuid=$new_sr" "${DCW[@]}"
		c pbd-list "uuid=dddddddd-0000-4000-8000-$(printf '%012d' "$n")" params=currently-attached --minimal
		c pbd-plug "uuid=dddddddd-0000-4000-8000-$(printf '%012d' "$n")"
		n=$((n + 4))
	done
	c sr-scan "uuid=$new_sr"
)
is "$(cat "$TMPD/xe.log")" "$want" "fake xe: the exact argv of every call (sr-probe, sr-introduce with the label as one word, a PBD per host with the master first, plug, sr-scan)"

vm_mark "end"
LVM_DEVS=$mb vm_vg_deactivate "$new_vg" >/dev/null 2>&1
LVM_DEVS=$ma vm_vg_deactivate "$old_vg" >/dev/null 2>&1
done_testing
