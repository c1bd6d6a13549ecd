#!/usr/bin/env bash
# A plain LVM VG (not an SR), PVs with two metadata areas: with no record of
# which copy is the original both are duplicates (refused, exit 9); with
# --original or --force the clone gets new PV/VG UUIDs and a new name
# (<old>_clone, then <old>_clone2 when that is taken, or --vg-name), LV names
# kept, every mda updated (LVM's vgck clean), --scope full refused.
. "$(dirname "$0")/../lib/tap.sh"
plan 27
need_root
relun_tools
J=$TMPD/journal

orig=$(tmpimg 64M orig)
od=$(loop_attach "$orig")
LVM_DEVS=$od
tlvm pvcreate -q -ff -y --pvmetadatacopies 2 "$od" >/dev/null 2>&1
tlvm vgcreate -q vg0 "$od" >/dev/null 2>&1
for lv in data logs; do tlvm lvcreate -q -an --zero n -L 8M -n "$lv" vg0 >/dev/null 2>&1; done
sum_orig=$(sha "$orig")
clones=()
for c in c1 c2 c3; do
	cp --sparse=always "$orig" "$TMPD/$c.img"
	clones+=("$(loop_attach "$TMPD/$c.img")")
done
c1=${clones[0]} c2=${clones[1]} c3=${clones[2]}
LVM_DEVS="$od $c1 $c2 $c3"
before=$(sha "$TMPD/c1.img")

"$RESIGN" --journal-dir "$J" "$c1" >"$TMPD/out" 2>&1
is "$?" 9 "duplicates without evidence: refused, exit 9"
like "$(cat "$TMPD/out")" "same identity as another LUN.*--original DEV or --force" "duplicate: message"
is "$(sha "$TMPD/c1.img")" "$before" "duplicate: nothing written"

"$RESIGN" --journal-dir "$J" --scope full --original "$od" "$c1" >"$TMPD/out" 2>&1
is "$?" 2 "--scope full on a plain VG: exit 2"
like "$(cat "$TMPD/out")" "scope full needs a XenServer SR" "--scope full: message"

out=$("$RESIGN" --json --journal-dir "$J" --original "$od" "$c1" 2>"$TMPD/err")
is "$?" 0 "--original: resign exit 0"
is "$(jq_ results.0.scope <<<"$out")" lvm "scope lvm by default"
is "$(jq_ results.0.vg_name.new <<<"$out")" vg0_clone "derived name vg0_clone"
is "$(jq_ results.0.lvm_check.ok <<<"$out")" True "LVM's own check passed"
journal=$(jq_ results.0.journal <<<"$out")
read -r lvg lvgu lpvu < <(LVM_DEVS=$c1 tlvm pvs --nohints --noheadings -o vg_name,vg_uuid,pv_uuid "$c1" 2>/dev/null)
is "$lvg" vg0_clone "pvs: the clone's VG is vg0_clone"
mdas_name "$TMPD/c1.img" vg0_clone "$lpvu" "$lvgu" "c1 on disk"

out=$("$RESIGN" --json --journal-dir "$J" --force "$c2" 2>"$TMPD/err"); rc=$?
is "$rc" 0 "--force: resign exit 0"
[ "$rc" = 0 ] || diag "$out" "$(cat "$TMPD/err")"
is "$(jq_ results.0.vg_name.new <<<"$out")" vg0_clone2 "derived name skips the taken vg0_clone"

out=$("$RESIGN" --json --journal-dir "$J" --force --vg-name archive.2024 "$c3" 2>"$TMPD/err")
is "$?" 0 "--vg-name: resign exit 0"
is "$(jq_ results.0.vg_name.new <<<"$out")" archive.2024 "--vg-name honoured"

vgs_out=$(tlvm vgs --nohints --noheadings -o vg_name,pv_count,lv_count 2>&1)
for v in vg0 vg0_clone vg0_clone2 archive.2024; do
	like "$vgs_out" "^ *$v +1 +2$|
 *$v +1 +2" "vgs: $v with 1 PV and 2 LVs"
done
lvs_out=$(tlvm lvs --nohints --noheadings -o vg_name,lv_name 2>&1)
like "$lvs_out" "vg0_clone +data" "LV names kept"
vgck_out=$(tlvm vgck --nohints 2>&1)
is "$?" 0 "vgck over all four: exit 0"
unlike "$vgs_out$lvs_out$vgck_out" "[Dd]uplicate|mismatch|inconsistent|WARNING: (PV|VG)" "no duplicate or mismatch warning"
is "$(sha "$orig")" "$sum_orig" "original byte-identical"

"$RESIGN" --undo "$journal" >/dev/null 2>&1
is "$?" 0 "undo exit 0"
is "$(sha "$TMPD/c1.img")" "$before" "undo: c1 byte-identical to before"
done_testing
