#!/usr/bin/env bash
# relun-resign on a cloned SR with the original attached at the same time
# (loop devices): the clone gets every new identity, LVM's own tools see two
# clean VGs with all their LVs, only the planned byte ranges changed, the
# original is byte-identical, the VHD chain of the clone points into the new
# VG, --undo restores the clone byte for byte, and an undo after a further
# change is refused.
. "$(dirname "$0")/../lib/tap.sh"
plan 50
need_root
relun_tools
J=$TMPD/journal

orig=$TMPD/orig.img
mksr --size 96M --vdis chain=6M,disk=4M --raw-vdi --name-label "Prod SR" "$orig" >"$TMPD/manifest" ||
	{ echo "not ok 1 - mksr failed"; exit 1; }
clone=$TMPD/clone.img
cp --sparse=always "$orig" "$clone"
cp --sparse=always "$clone" "$TMPD/clone.before"
# mksr's own loop devices may take a moment to go (udev still probing them)
for i in $(seq 50); do grep -qsxF "$orig" /sys/block/loop*/loop/backing_file || break; sleep 0.2; done
od=$(loop_attach "$orig")
cd_=$(loop_attach "$clone")
LVM_DEVS="$od $cd_"
sum_orig=$(sha "$orig")
read -r _ old_sr old_vg _ < <(grep '^sr ' "$TMPD/manifest")

# the judge must call the clone a clone (the metadata names the original's image)
out=$("$RESIGN" --dry-run --json --journal-dir "$J" "$cd_" 2>"$TMPD/err"); rc=$?
is "$rc" 0 "dry run: exit 0"
is "$(jq_ results.0.status <<<"$out")" planned "dry run: status planned"
is "$(sha "$clone")" "$(sha "$TMPD/clone.before")" "dry run: clone unchanged"
ok "$([ ! -e "$J" ] || [ -z "$(ls "$J")" ]; echo $?)" "dry run: no journal written"
like "$(jq_ results.0.plan.regions <<<"$out")" '"phase": "label"' "dry run: plan lists the label write"

out=$("$RESIGN" --json --journal-dir "$J" --xe-script "$TMPD/attach.sh" "$cd_" 2>"$TMPD/err"); rc=$?
is "$rc" 0 "resign: exit 0"
diag "$(head -5 "$TMPD/err")"
printf '%s' "$out" >"$TMPD/result.json"
r() { jq_ "results.0.$1" <"$TMPD/result.json"; }
is "$(r status)" resigned "resign: status resigned"
new_vg=$(r vg_name.new)
new_sr=$(r sr_uuid.new)
is "$(r sr_uuid.old)" "$old_sr" "resign: old SR uuid reported"
is "$new_vg" "VG_XenStorage-$new_sr" "resign: VG named after the new SR uuid"
like "$new_sr" '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' "resign: new SR uuid canonical"
is "$(r lvm_check.ok)" True "resign: LVM's own parser (liblvm2cmd) read the result cleanly"
journal=$(r journal)
ok "$([ -f "$journal" ] && [ "$(stat -c %a "$journal")" = 600 ]; echo $?)" "resign: journal exists, mode 0600"
is "$(sha "$orig")" "$sum_orig" "original byte-identical"

# LVM, restricted to the two devices, sees two clean VGs
pvs_out=$(tlvm pvs --nohints -o pv_name,vg_name --noheadings 2>&1)
vgs_out=$(tlvm vgs --nohints -o vg_name,lv_count --noheadings 2>&1)
lvs_out=$(tlvm lvs --nohints -o vg_name,lv_name --noheadings 2>&1)
vgck_out=$(tlvm vgck --nohints 2>&1); vgck_rc=$?
like "$vgs_out" "$old_vg +6" "vgs: original VG with its 6 LVs"
like "$vgs_out" "$new_vg +6" "vgs: clone VG with its 6 LVs"
like "$pvs_out" "$cd_ +$new_vg" "pvs: clone PV in the new VG"
unlike "$pvs_out$vgs_out$lvs_out$vgck_out" "[Dd]uplicate|mismatch|inconsistent|WARNING: (PV|VG)" \
	"pvs/vgs/lvs/vgck: no duplicate or mismatch warning"
is "$vgck_rc" 0 "vgck: exit 0"
for kv in $(python3 -c 'import json
d=json.load(open("'"$TMPD/result.json"'"))["results"][0]
for p in d["lv_names"]: print(p["new"])'); do
	like "$lvs_out" "$new_vg +$kv" "lvs: $kv in the new VG"
done

# only the bytes that must change changed: the regions come from LVM's own
# report of the untouched original (same layout) and the fixture manifest
{
	echo '{"pv":'; LVM_DEVS=$od tlvm pvs --nohints --reportformat json --units b -o pe_start,dev_size,pv_mda_count,pv_mda_size | jq -c '.report[0].pv'
	echo ',"vg":'; LVM_DEVS=$od tlvm vgs --nohints --reportformat json --units b -o vg_extent_size | jq -c '.report[0].vg'
	echo ',"lv":'; LVM_DEVS=$od tlvm lvs --nohints --reportformat json --units b -o lv_name,seg_pe_ranges | jq -c '.report[0].lv'
	echo '}'
} >"$TMPD/layout.json" 2>"$TMPD/layout.err"
silent "cmp: only label, mda, MGT and child VHD headers/locators changed, and each did" \
	python3 "$TOP/tests/lib/changed_bytes.py" "$TMPD/clone.before" "$clone" "$TMPD/layout.json" "$TMPD/manifest"

# the clone's identities as LVM reads them from the disk: its VG, and its LV
# names (VHD-<vdi uuid>, LV-<vdi uuid>, MGT), every VDI uuid new
lvm_vg=$(LVM_DEVS=$cd_ tlvm pvs --nohints --noheadings -o vg_name "$cd_" 2>/dev/null | tr -d ' ')
is "$lvm_vg" "$new_vg" "pvs: the clone's VG is the one the tool reports"
old_vdis=$(awk '$1 == "vdi" { print $2 }' "$TMPD/manifest" | sort)
new_vdis=$(LVM_DEVS=$cd_ tlvm lvs --nohints --noheadings -o lv_name "$lvm_vg" 2>/dev/null | tr -d ' ' | sed -n 's/^\(VHD\|LV\)-//p' | sort)
is "$(wc -l <<<"$new_vdis")" "$(wc -l <<<"$old_vdis")" "lvs: one LV per fixture VDI in the new VG"
is "$(comm -12 <(echo "$old_vdis") <(echo "$new_vdis"))" "" "lvs: no VDI uuid of the fixture survives"
bad=
for u in $new_vdis; do
	[[ $u =~ ^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$ ]] || bad="$bad $u"
done
is "$bad" "" "lvs: every new VDI uuid is canonical"
# relun-probe (another tool) finds exactly those VDIs on the clone
pj=$("$PROBE" --no-xe --json --journal-dir "$J" "$od" "$cd_" 2>/dev/null)
printf '%s' "$pj" >"$TMPD/probe.json"
is "$(jq -r --arg d "$cd_" '.luns[] | select(.device == $d) | .sr.vdis[].uuid' "$TMPD/probe.json" | sort)" \
	"$new_vdis" "relun-probe: the clone's VDIs are the LVs LVM lists"
unlike "$pj" '"verdict": "damaged"' "relun-probe: nothing damaged"
# Parent locators (two UTF-16 ones, W2KU and W2RU, and one UTF-8 MACX per
# child VHD) name the new VG and an LV LVM lists in it; none names the old VG.
nloc=$(grep -c '^locator ' "$TMPD/manifest")
mapper() { printf '%s' "${1//-/--}"; }
new_re="VG_XenStorage--$(mapper "$new_sr")-VHD--[0-9a-f-]+"
u16=$(strings -el "$clone" | grep -oE "^\.\\\\$new_re\$" | sort)
u8=$(strings -a "$clone" | grep -oE "^file://\./$new_re\$" | sort)
prt=$(strings -eb "$clone" | grep -oE "^$new_re\$" | sort)
is "$(grep -c . <<<"$u16")" "$((2 * nloc))" "clone: $((2 * nloc)) UTF-16LE (W2KU/W2RU) locators name the new VG"
is "$(grep -c . <<<"$u8")" "$nloc" "clone: $nloc MACX (UTF-8 file://) locators name the new VG"
is "$(grep -c . <<<"$prt")" "$nloc" "clone: $nloc header parent names (UTF-16BE) name the new VG"
bad=
for l in $u16 $u8 $prt; do
	u=${l##*-VHD--}; u=${u//--/-}
	grep -qxF "$u" <<<"$new_vdis" || bad="$bad $u"
done
is "$bad" "" "clone: every locator names a VHD LV of the new VG"
old_re="VG_XenStorage--$(mapper "$old_sr")"
is "$(strings -el "$clone" | grep -c "$old_re")" 0 "clone: no UTF-16LE locator names the old VG"
is "$(strings -eb "$clone" | grep -c "$old_re")" 0 "clone: no UTF-16BE parent name names the old VG"
is "$(strings -a "$clone" | grep -c "$old_re")" 0 "clone: no MACX locator names the old VG"

# the xe script
ok "$(bash -n "$TMPD/attach.sh"; echo $?)" "xe script: bash -n accepts it"
like "$(head -2 "$TMPD/attach.sh")" '^#!/bin/bash' "xe script: starts with #!/bin/bash"
like "$(cat "$TMPD/attach.sh")" "SR_UUID='$new_sr'" "xe script: introduces the new SR uuid"

# undo restores the clone byte for byte; a second undo is a no-op
"$RESIGN" --undo "$journal" >"$TMPD/undo.out" 2>&1; rc=$?
is "$rc" 0 "undo: exit 0"
is "$(sha "$clone")" "$(sha "$TMPD/clone.before")" "undo: clone byte-identical to before"
"$RESIGN" --undo "$journal" >"$TMPD/undo2.out" 2>&1; rc=$?
is "$rc" 0 "undo again: exit 0"
like "$(cat "$TMPD/undo2.out")" "nothing to do" "undo again: nothing to do"
is "$(sha "$orig")" "$sum_orig" "original still byte-identical"

# resign again, change the clone with LVM, then undo is refused
out=$("$RESIGN" --json --journal-dir "$J" "$cd_" 2>/dev/null); rc=$?
is "$rc" 0 "resign again: exit 0"
journal2=$(jq_ results.0.journal <<<"$out")
vg2=$(jq_ results.0.vg_name.new <<<"$out")
LVM_DEVS=$cd_ tlvm lvcreate -q -an --zero n -L 4M -n extra "$vg2" >/dev/null 2>&1
ok $? "lvcreate on the resigned clone"
s1=$(sha "$clone")
"$RESIGN" --undo "$journal2" >"$TMPD/undo3.out" 2>&1; rc=$?
is "$rc" 12 "undo after a further change: refused, exit 12"
like "$(cat "$TMPD/undo3.out")" "holds neither the old nor the new bytes|differ from the journal's device" \
	"undo after a further change: says why"
is "$(sha "$clone")" "$s1" "undo refused: nothing written"
done_testing
