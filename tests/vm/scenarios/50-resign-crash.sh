# A crash in the middle of relun-resign, and one right after its last device
# write (RELUN_FAULT_AFTER_WRITES=k: the process exits 75 after write k, no
# sync, no journal update), on a clone LUN under dm-multipath.  While the
# journal is pending, relun-probe says "interrupted" and a new resign is
# refused (exit 10).  `relun-resign --recover JOURNAL` puts back the exact
# original bytes and the clone's VG activates with its data; `--recover
# --roll-forward` completes the resign: the new identity activates next to
# the original, each LV reads its own blocks and the VHD locators resolve.
# (Idempotence of --recover, and every k, are the integration tier's t110:
# each run here hashes the LUN's 16 MiB header region, ~4 s under TCG.)
# vm-boot: --mem 1024 --timeout 240
. "$RELUN_TOP/tests/vm/lib/guest.sh"
plan 49

IQN=iqn.2024-01.org.relun:sr50
SER_A=50c3d2e1-f0a9-4b87-9c65-d4e3f2a1b0c9
SER_B=50a0b1c2-d3e4-4f56-8789-a0b1c2d3e4f5
WWID_A=3600140550c3d2e1f0a94b879c65d4e3f   # 6001405 + 25 hex digits of the serial
WWID_B=3600140550a0b1c2d3e44f568789a0b1c
NEW_SR=5e5e0000-1111-4222-8333-944445555666   # --sr-uuid of the rolled-forward run
J=$TMPD/journal
# md5 is enough to see a change and 2.5x faster than sha256 under TCG
sum() { md5sum "$1" | cut -d' ' -f1; }
unset RELUN_FAULT_AFTER_WRITES

PROBE=$(vm_tool relun-probe) || { fail "relun-probe is built"; done_testing; }
RESIGN=$(vm_tool relun-resign-test) || { fail "relun-resign is built"; done_testing; }

vm_mark "setup"
vm_sr_lun "$IQN" a "$SER_A" 0 80M
ma=$VM_MAP
vm_mksr --vdis chain=6M "$ma" >"$TMPD/manifest"
ok $? "mksr built an SR on map $ma"
read -r _ old_sr old_vg _ < <(grep '^sr ' "$TMPD/manifest")
read -r _ _ _ old_pv < <(grep '^pv ' "$TMPD/manifest")
mapfile -t vdis < <(awk '$1 == "vdi" { print $2 }' "$TMPD/manifest")
declare -A PARENT WANT
while read -r _ u _ _ p _; do PARENT[$u]=$p; done < <(grep '^vdi ' "$TMPD/manifest")
for u in "${vdis[@]}"; do WANT[$u]=$(vm_mksr_expect "$TMPD/manifest" "$u"); done
sync
cp --sparse=always "$TMPD/a.img" "$TMPD/b.img"
vm_sr_lun "$IQN" b "$SER_B" 1 80M "$TMPD/b.img"
mb=$VM_MAP
is "$ma $mb" "/dev/mapper/$WWID_A /dev/mapper/$WWID_B" "original and clone LUNs, each under its multipath map"
sum_b=$(sum "$TMPD/b.img")

# how many device writes a resign of this clone makes
"$RESIGN" --dry-run --json --journal-dir "$J/dry" "$mb" >"$TMPD/dry.json" 2>"$TMPD/dry.err"
# (the result's "regions": N; the plan's "regions" is an array)
n=$(sed -n 's/^ *"regions": \{0,1\}\([0-9][0-9]*\),\{0,1\}$/\1/p' "$TMPD/dry.json" | head -1)
like "$n" '^[1-9][0-9]*$' "dry run: the resign is $n device writes"
is "$(sum "$TMPD/b.img")" "$sum_b" "dry run wrote nothing"
kmid=$((n / 2))

# the clone's VG (named NAME on the clone map) activates and every VHD
# reads its own blocks; VDIS: "NEWUUID=OLDUUID ..."
activates() { # DESC VG PAIRS...
	local desc=$1 vg=$2 p devs=() d l bad=""
	shift 2
	LVM_DEVS=$mb vm_vg_activate "$vg" >"$TMPD/act" 2>&1
	ok $? "$desc: vgchange -ay $vg on the clone's map"
	for p in "$@"; do devs+=("/dev/$vg/VHD-${p%%=*}"); done
	declare -A BL=()
	while IFS=$'\t' read -r d l; do BL[$d]+="$l"$'\n'; done < <(vm_vhd_blocks "${devs[@]}")
	for p in "$@"; do
		d=/dev/$vg/VHD-${p%%=*}
		[ "${BL[$d]%$'\n'}" = "${WANT[${p#*=}]}" ] || bad+=" VHD-${p%%=*}: '${BL[$d]%$'\n'}'"
	done
	is "$bad" "" "$desc: each of the ${#devs[@]} VHD LVs reads its own blocks"
	LVM_DEVS=$mb vm_vg_deactivate "$vg" >/dev/null 2>&1
}
same=()
for u in "${vdis[@]}"; do same+=("$u=$u"); done

# crash K DIR: a resign killed after write K, journal in DIR
crash() {
	RELUN_FAULT_AFTER_WRITES=$1 "$RESIGN" --journal-dir "$2" "${@:3}" "$mb" >"$TMPD/crash.out" 2>&1
	is "$?" 75 "k=$1: relun-resign killed after device write $1 of $n (exit 75)"
	mapfile -t JR < <(ls "$2")
	is "${#JR[@]}" 1 "k=$1: one journal in --journal-dir"
	jr=$2/${JR[0]:-none}
}

for k in "$kmid" "$n"; do
	vm_mark "crash after write $k, roll back"
	crash "$k" "$J/k$k"
	if [ "$k" = "$kmid" ]; then
		"$PROBE" --no-xe -v --journal-dir "$J/k$k" "$mb" >"$TMPD/probe.txt" 2>&1
		like "$(head -1 "$TMPD/probe.txt")" "^$mb: interrupted" "k=$k: relun-probe says interrupted"
		like "$(cat "$TMPD/probe.txt")" "${JR[0]:-none}" "k=$k: relun-probe names the journal"
		"$RESIGN" --journal-dir "$J/k$k" "$mb" >"$TMPD/again.out" 2>&1
		is "$?" 10 "k=$k: a new resign while the journal is pending: refused, exit 10"
		like "$(cat "$TMPD/again.out")" "interrupted: journal $jr is pending" "k=$k: it names the pending journal"
	fi
	"$RESIGN" --recover "$jr" --json >"$TMPD/rec.json" 2>"$TMPD/rec.err"
	is "$?" 0 "k=$k: relun-resign --recover: exit 0"
	like "$(tr -d ' \n' <"$TMPD/rec.json")" "\"mode\":\"rollback\".*\"state_after\":\"rolled-back\"" \
		"k=$k: --recover rolled back (JSON mode, state_after)"
	like "$(tr -d ' \n' <"$TMPD/rec.json")" "\"written\":$k[,}]" "k=$k: --recover found the $k regions written and rewrote them"
	is "$(sum "$TMPD/b.img")" "$sum_b" "k=$k: the clone is byte for byte the SAN clone again"
	activates "k=$k, rolled back" "$old_vg" "${same[@]}"
done

vm_mark "crash after write $kmid, roll forward"
# ---- roll forward: the resign completes with the new identity
crash "$kmid" "$J/rf" --sr-uuid "$NEW_SR"
"$RESIGN" --recover "$jr" --roll-forward --json >"$TMPD/rec.json" 2>"$TMPD/rec.err"
is "$?" 0 "roll-forward: --recover --roll-forward: exit 0"
like "$(tr -d ' \n' <"$TMPD/rec.json")" "\"mode\":\"roll-forward\".*\"state_after\":\"done\"" \
	"roll-forward: JSON mode roll-forward, state_after done"
like "$(tr -d ' \n' <"$TMPD/rec.json")" "\"written\":$((n - kmid))[,}]" "roll-forward: wrote the $((n - kmid)) remaining regions"
new_vg=VG_XenStorage-$NEW_SR
"$PROBE" --no-xe --json --journal-dir "$J/rf" "$ma" "$mb" >"$TMPD/p.json" 2>"$TMPD/p.err"
is "$?" 0 "relun-probe after the roll-forward: exit 0"
declare -A P
vm_json_load P "$TMPD/p.json"
is "${P[luns.0.vg.name]:-} ${P[luns.0.pv.uuid]:-}" "$old_vg $old_pv" "the original keeps its VG and PV"
is "${P[luns.1.vg.name]:-} ${P[luns.1.sr.uuid]:-} ${P[luns.1.sr.mgt.sr_uuid]:-}" "$new_vg $NEW_SR $NEW_SR" \
	"the clone has the new identity: VG $new_vg, SR and MGT $NEW_SR"
ok "$([ -n "${P[luns.1.pv.uuid]:-}" ] && [ "${P[luns.1.pv.uuid]}" != "$old_pv" ]; echo $?)" "the clone has a new PV uuid"
is "${P[luns.0.verdict]:-} ${P[luns.1.verdict]:-} ${P[luns.1.resign_needed]:-}" "original original false" \
	"no identity shared any more: both unique, nothing to resign"

# both VGs active at once; the new VDI uuids: the old VDI whose blocks a new
# LV holds is the VDI it was
LVM_DEVS=$ma vm_vg_activate "$old_vg" >"$TMPD/act.a" 2>&1
ok $? "vgchange -ay $old_vg on the original's map"
LVM_DEVS=$mb vm_vg_activate "$new_vg" >"$TMPD/act.b" 2>&1
ok $? "vgchange -ay $new_vg on the clone's map, next to the original"
devs=()
for ((i = 0; i < ${#vdis[@]}; i++)); do
	devs+=("/dev/$new_vg/VHD-${P[luns.1.sr.vdis.$i.uuid]:-x}" "/dev/$old_vg/VHD-${vdis[$i]}")
done
declare -A BL OLD NEW
while IFS=$'\t' read -r d l; do BL[$d]+="$l"$'\n'; done < <(vm_vhd_blocks "${devs[@]}")
for ((i = 0; i < ${#vdis[@]}; i++)); do
	nu=${P[luns.1.sr.vdis.$i.uuid]:-x} d=/dev/$new_vg/VHD-${P[luns.1.sr.vdis.$i.uuid]:-x}
	OLD[$nu]=${BL[$d]%% *}
	NEW[${OLD[$nu]}]=$nu
done
is "$(printf '%s\n' "${!NEW[@]}" | sort | xargs)" "$(printf '%s\n' "${vdis[@]}" | sort | xargs)" \
	"each old VDI's blocks are in exactly one new LV"
for u in "${vdis[@]}"; do
	o=/dev/$old_vg/VHD-$u n=/dev/$new_vg/VHD-${NEW[$u]:-x}
	is "${BL[$o]%$'\n'} | ${BL[$n]%$'\n'}" "${WANT[$u]} | ${WANT[$u]}" \
		"VDI $u: the original's LV and the clone's VHD-${NEW[$u]:-x} read its own blocks"
done
nloc=0
for ((i = 0; i < ${#vdis[@]}; i++)); do
	nu=${P[luns.1.sr.vdis.$i.uuid]:-x}
	par=${P[luns.1.sr.vdis.$i.parent]:-null}
	[ "$par" = null ] && continue
	is "$par" "${NEW[${PARENT[${OLD[$nu]:-x}]:-x}]:-?}" "child $nu: parent is the new uuid of its old parent"
	want="./VG_XenStorage--${NEW_SR//-/--}-VHD--${par//-/--}"
	for ((m = 0; m < 3; m++)); do
		p=${P[luns.1.sr.vdis.$i.locators.$m.path]:-}
		dev=/dev/mapper/${p#./}
		if [ "$p" = "$want" ] && [ -b "$dev" ] && [ "$(readlink -f "$dev")" = "$(readlink -f "/dev/$new_vg/VHD-$par")" ]; then
			pass "child $nu: locator ${P[luns.1.sr.vdis.$i.locators.$m.code]:-?} resolves in /dev/mapper to $new_vg/VHD-$par"
		else
			fail "child $nu: locator $m resolves in /dev/mapper to $new_vg/VHD-$par"
			diag "locator '$p', want '$want'; $dev -> $(readlink -f "$dev" 2>&1)"
		fi
		nloc=$((nloc + 1))
	done
done
is "$nloc" 6 "6 locators checked"
LVM_DEVS=$mb vm_vg_deactivate "$new_vg" >/dev/null 2>&1
LVM_DEVS=$ma vm_vg_deactivate "$old_vg" >/dev/null 2>&1
vm_mark "end"
done_testing
