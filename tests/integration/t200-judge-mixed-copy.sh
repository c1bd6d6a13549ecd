#!/usr/bin/env bash
# Issue 11 case 8: a 2-PV VG; given the clone of PV1 and the ORIGINAL PV2
# (the clone of PV2 not attached).  The copy mixes a clone and an original
# PV: refused, exit 9, naming each PV's verdict; not one byte written.  The
# same copy with both clone PVs is resigned; --force still overrides.
. "$(dirname "$0")/../lib/tap.sh"
need_root
relun_tools
plan 12
J=$TMPD/journal

p1=$TMPD/p1.img p2=$TMPD/p2.img
mksr --size 64M --vdis chain=6M -q "$p1" "$p2" || { echo "not ok 1 - mksr failed"; exit 1; }
cp --sparse=always "$p1" "$TMPD/c1.img"; cp --sparse=always "$p2" "$TMPD/c2.img"
d1=$(loop_attach "$p1"); d2=$(loop_attach "$p2"); x1=$(loop_attach "$TMPD/c1.img")
sums() { echo "$(sha "$p1") $(sha "$p2") $(sha "$TMPD/c1.img") $(sha "$TMPD/c2.img")"; }
before=$(sums)

out=$("$PROBE" --no-xe --journal-dir "$J" --json "$d2" "$x1")
is "$(jq_ luns.0.verdict <<<"$out")/$(jq_ luns.1.verdict <<<"$out")" original/clone \
	"relun-probe: PV2 (the original) original, PV1's clone clone"

out=$("$RESIGN" --journal-dir "$J" "$x1" "$d2" 2>&1); rc=$?
is "$rc" 9 "clone PV1 + ORIGINAL PV2: refused, exit 9"
like "$out" "not every PV of this VG copy is a clone: $x1 clone \\(LVM metadata device_id \\(loop_file\\) names $p1; this LUN is loop_file $TMPD/c1.img\\); $d2 original \\(unique: no other LUN on this host carries PV [-0-9A-Za-z]{38}; LVM metadata device_id \\(loop_file\\) names $p2, this LUN\\)" \
	"the refusal names each PV's verdict and its evidence"
like "$out" "Only a copy whose every PV is a clone is resigned; give the clone of each PV, or --force; nothing written" \
	"the refusal says what to do"
is "$(sums)" "$before" "nothing written (sha256 of all four images)"
is "$(ls "$J" 2>/dev/null | wc -l)" 0 "no journal"

out=$("$RESIGN" --json --dry-run --journal-dir "$J" "$x1" "$d2" 2>&1); rc=$?
is "$rc:$(jq_ results.0.status <<<"$out")" 9:refused "the dry run refuses the same way"

# With both clone PVs the copy is all clone and is resigned.
x2=$(loop_attach "$TMPD/c2.img")
LVM_DEVS="$d1 $d2 $x1 $x2"
out=$("$RESIGN" --json --journal-dir "$J" "$x1" "$x2" 2>"$TMPD/err"); rc=$?
is "$rc:$(jq_ results.0.status <<<"$out")" 0:resigned "both clone PVs: resigned"
is "$(sha "$p1") $(sha "$p2")" "$(cut -d' ' -f1,2 <<<"$before")" "originals untouched"
vgs_out=$(tlvm vgs --nohints --noheadings -o vg_name,pv_count 2>&1)
is "$(grep -c 'VG_XenStorage-.* 2$' <<<"$vgs_out")" 2 "LVM sees two 2-PV VGs"

# --force still resigns a mixed copy: the admin's word.
loop_detach "$x2"
cp --sparse=always "$p1" "$TMPD/c1.img"
fb=$(sha "$p2")
out=$("$RESIGN" --json --dry-run --force --journal-dir "$J" "$x1" "$d2" 2>&1); rc=$?
is "$rc:$(jq_ results.0.status <<<"$out")" 0:planned "--force: the mixed copy is planned"
is "$(sha "$p2")" "$fb" "dry run: PV2 unchanged"
done_testing
