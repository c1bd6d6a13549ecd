#!/usr/bin/env bash
# Issue 10 item 8 (the judge's part): a pending journal for a LUN outranks
# what its label says now, in relun-probe and in relun-resign.  A resign crashed after its first write, and the
# label is then found damaged: the verdict is interrupted, with the recover
# command, not damaged.
. "$(dirname "$0")/../lib/tap.sh"
need_root
relun_tools
plan 7
J=$TMPD/journal

img=$TMPD/sr.img
mksr -q --size 96M "$img" >/dev/null || { echo "not ok 1 - mksr failed"; exit 1; }
cp --sparse=always "$img" "$TMPD/clone.img"
o=$(loop_attach "$img"); c=$(loop_attach "$TMPD/clone.img")
RELUN_FAULT_AFTER_WRITES=1 "$RESIGN" --journal-dir "$J" "$c" >/dev/null 2>&1
is "$?" 75 "the resign crashed after its first write"
jr=$(ls "$J"/relun-*.journal)
# the label sector torn as well (a byte inside its CRC range)
printf '\xff' | dd of="$c" bs=1 seek=$((512 + 100)) conv=notrunc 2>/dev/null
sync
out=$("$PROBE" --no-xe --journal-dir "$J" --json "$c")
is "$(jq_ luns.0.verdict <<<"$out")" interrupted "the verdict is interrupted, not damaged"
is "$(jq_ luns.0.reason <<<"$out")" "a resign was interrupted: journal $jr is pending" \
	"the reason names the journal"
is "$(jq_ luns.0.can_resign_reason <<<"$out")" "finish it first: relun-resign --recover $jr" \
	"can_resign gives the recover command"
# relun-resign refuses it the same way (exit 10, the recover command), not
# as damaged (exit 6, "repair it first, e.g. pvck")
before=$(sha "$TMPD/clone.img")
out=$("$RESIGN" --journal-dir "$J" "$c" 2>&1); rc=$?
is "$rc:$out" "10:relun-resign: refused: a resign of $c was interrupted: journal $jr is pending. Run relun-resign --recover $jr first; nothing written" \
	"relun-resign: refused, exit 10, with the recover command"
is "$(sha "$TMPD/clone.img")" "$before" "nothing written (sha256)"
# without the journal directory the same LUN is damaged
out=$("$PROBE" --no-xe --journal-dir "$TMPD/none" --json "$c")
is "$(jq_ luns.0.verdict <<<"$out")" damaged "without the journal it is damaged"
done_testing
