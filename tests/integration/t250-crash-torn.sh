#!/usr/bin/env bash
# Issue 10's power-cut state: a resign cut after its 13th device write, then
# the last 512-byte block of a multi-block region written before the cut put
# back to its old bytes, as a disk that persisted only part of that write
# leaves it.  Both recoveries must succeed without --force and give exact
# bytes (the original copy, and the uninterrupted run's result), and both
# are idempotent.  A block changed by someone else (neither image) is still
# refused (exit 12) without --force.
. "$(dirname "$0")/../lib/tap.sh"
plan 14
need_root
relun_tools
RESIGN=${RELUN_RESIGN_UNDER_TEST:-$RESIGN}
. "$TOP/tests/crash/lib.sh"
sr_setup

# the region to tear: the last one of more than one block among the first
# 13 written (regions are written in plan order)
fresh_clone
"$RESIGN" --dry-run --json --journal-dir "$J" "$cd_" >"$TMPD/plan.json" 2>/dev/null
read -r roff rlen rwhat < <(python3 -c 'import json,sys
r=json.load(open(sys.argv[1]))["results"][0]["plan"]["regions"][:13]
m=[x for x in r if x["length"]>512][-1]
print(m["offset"], m["length"], m["what"].replace(" ","_"))' "$TMPD/plan.json")
like "$roff:$rlen" '^[0-9]+:[0-9]+$' "torn region: $rwhat at $roff, $rlen bytes"
last=$(( (roff + rlen) / 512 - 1 ))

# cut after 13 writes, last block of the region back to old; returns the journal
torn_state() {
	fresh_clone
	RELUN_FAULT_AFTER_WRITES=13 "$RESIGN" --journal-dir "$J" "$cd_" >/dev/null 2>&1
	dd if="$orig" of="$cd_" bs=512 skip="$last" seek="$last" count=1 oflag=direct status=none
	last_journal
}

jr=$(torn_state)
out=$("$RESIGN" --recover "$jr" 2>&1); rc=$?
is "$rc" 0 "--recover of the torn state: exit 0 without --force"
like "$out" "offset $roff: .* was cut part-way" "--recover names the torn region"
is "$(sha "$clone")" "$sum_orig" "--recover: the clone is the exact original again"
out=$("$RESIGN" --recover "$jr" --json 2>&1); rc=$?
is "$rc:$(jq_ written <<<"$out")" "0:0" "--recover again writes nothing"

# the uninterrupted run's bytes: the original with every region's new bytes,
# read from the journal by the test's own reader
jr=$(torn_state)
cp --sparse=always "$orig" "$TMPD/want.img"
python3 "$TOP/tests/crash/jtool.py" apply "$jr" new "$TMPD/want.img"
out=$("$RESIGN" --recover "$jr" --roll-forward --json 2>&1); rc=$?
is "$rc:$(jq_ state_after <<<"$out")" "0:done" "--recover --roll-forward of the torn state: exit 0, done"
is "$(sha "$clone")" "$(sha "$TMPD/want.img")" "--roll-forward: exactly the uninterrupted run's bytes"
"$RESIGN" --undo "$jr" >/dev/null 2>&1; rc=$?
is "$rc:$(sha "$clone")" "0:$sum_orig" "--undo of the rolled-forward journal restores the original"

jr=$(torn_state)
"$RESIGN" --recover "$jr" --roll-forward >/dev/null 2>&1
tlvm vgs --nohints --noheadings -o vg_name >"$TMPD/vgs" 2>&1
is "$(grep -c VG_XenStorage- "$TMPD/vgs")" 2 "after roll-forward LVM sees two VGs"
is "$(tlvm vgck --nohints >/dev/null 2>&1; echo $?)" 0 "vgck exit 0 after roll-forward"
"$RESIGN" --recover "$jr" --roll-forward --json >"$TMPD/again" 2>&1; rc=$?
is "$rc:$(jq_ written <"$TMPD/again")" "0:0" "--roll-forward again writes nothing"

# a block holding neither image (someone else wrote there) stays refused
jr=$(torn_state)
printf 'XXXXXXXX' | dd of="$cd_" bs=1 seek=$((last * 512 + 8)) conv=notrunc status=none
sync
"$RESIGN" --recover "$jr" >"$TMPD/x" 2>&1; rc=$?
is "$rc" 12 "a block holding neither image: refused, exit 12"
like "$(cat "$TMPD/x")" "holds neither the old nor the new bytes" "names the foreign block"
is "$(sha "$orig")" "$sum_orig" "the original was never written"
done_testing
