#!/usr/bin/env bash
# A LUN whose identity is seen nowhere else (a DR site, the original absent):
# nothing to resign.  relun-probe says so and points at relun-resign, which
# writes nothing and prints the attach commands keeping the SR's uuids.
. "$(dirname "$0")/../lib/tap.sh"
plan 7
need_root
relun_tools
img=$TMPD/dr.img
mksr -q --json "$TMPD/m.json" --size 96M --name-label 'DR SR' "$img" >/dev/null ||
	{ echo "not ok 1 - mksr failed"; exit 1; }
sr=$(jq_ sr_uuid <"$TMPD/m.json")
dev=$(loop_attach "$img")
before=$(sha "$img")

out=$("$PROBE" --no-xe --journal-dir "$TMPD/j" --json "$dev")
is "$(jq_ luns.0.verdict <<<"$out") $(jq_ luns.0.resign_needed <<<"$out")" "original False" \
	"relun-probe: unique identity, no resign needed"
is "$(jq_ luns.0.can_resign_reason <<<"$out")" \
	"not needed: its identity is unique on this host; attach it as it is (relun-resign DEV prints the xe commands, uuids kept)" \
	"relun-probe: says how to get the attach commands"

out=$("$RESIGN" --json --journal-dir "$TMPD/j" "$dev" 2>"$TMPD/err"); rc=$?
is "$rc" 0 "relun-resign on a unique LUN: exit 0"
is "$(jq_ results.0.status <<<"$out")" not-needed "relun-resign: status not-needed"
like "$(jq_ results.0.xe_commands <<<"$out")" "xe sr-introduce uuid='$sr' type=lvm name-label='DR SR'" \
	"relun-resign: sr-introduce keeps the SR uuid and label"
is "$(sha "$img")" "$before" "nothing written"
is "$(ls "$TMPD/j" 2>/dev/null | wc -l)" 0 "no journal"
done_testing
