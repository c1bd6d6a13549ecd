#!/usr/bin/env bash
# Issue 11 cases 1-3: --original must name a LUN among those judged (else a
# usage error naming it, nothing written); when it contradicts LVM's recorded
# device identity the run is refused (exit 9) showing both, unless --force.
# One option vocabulary: relun-probe has no -o, relun-resign no -j.
. "$(dirname "$0")/../lib/tap.sh"
need_root
relun_tools
plan 16
J=$TMPD/journal

img=$TMPD/sr.img
mksr -q --size 96M "$img" >/dev/null || { echo "not ok 1 - mksr failed"; exit 1; }
cp --sparse=always "$img" "$TMPD/clone.img"
o=$(loop_attach "$img"); c=$(loop_attach "$TMPD/clone.img")
sums() { echo "$(sha "$img") $(sha "$TMPD/clone.img")"; }
before=$(sums)

# case 1: --original names no device; the LUN given is the original
out=$("$RESIGN" --journal-dir "$J" --original /dev/sdq-relun-none "$o" 2>&1); rc=$?
is "$rc" 2 "--original naming no device: usage error, exit 2"
like "$out" "^relun-resign: --original /dev/sdq-relun-none: not a LUN among the [0-9]+ judged \\(no such device, or not readable\\); nothing written$" \
	"the usage error names it"
is "$(sums)" "$before" "nothing written (sha256)"
out=$("$RESIGN" --journal-dir "$J" "$o" 2>&1); rc=$?
is "$rc" 9 "the original alone, no --original: refused, exit 9"

# case 2: --original names the clone, LVM's device_id names the original
out=$("$RESIGN" --journal-dir "$J" --original "$c" "$o" 2>&1); rc=$?
is "$rc" 9 "--original naming the clone: refused, exit 9"
is "$out" "relun-resign: refused: --original $c contradicts the recorded evidence: LVM metadata device_id (loop_file) = $img, which is $o. Check which LUN is the original; --force overrides; nothing written" \
	"the refusal shows both pieces of evidence"
is "$(sums)" "$before" "nothing written (sha256)"
out=$("$RESIGN" --journal-dir "$J" --dry-run --force --original "$c" "$o" 2>&1); rc=$?
is "$rc" 0 "--force overrides the contradiction (dry run)"
out=$("$RESIGN" --json --journal-dir "$J" --dry-run --original "$o" "$c" 2>&1); rc=$?
is "$rc:$(jq_ results.0.status <<<"$out")" 0:planned "--original agreeing with the record: the clone is planned"

# relun-probe: the same checks, the verdicts follow the record
out=$("$PROBE" --no-xe --journal-dir "$J" --original /dev/sdq-relun-none "$c" 2>&1); rc=$?
is "$rc" 2 "relun-probe --original naming no device: exit 2"
"$PROBE" --no-xe --journal-dir "$J" --json --original "$c" "$c" >"$TMPD/p.json" 2>"$TMPD/p.err"; rc=$?
is "$rc:$(jq_ luns.0.verdict <"$TMPD/p.json")" 9:clone "relun-probe --original naming the clone: exit 9, still clone"

# case 3: relun-probe's -o selects fields (as in pvs), never --original; a
# field it does not know is a usage error; -j is not --jobs in relun-resign
out=$("$PROBE" --no-xe --journal-dir "$J" -o vg_name 2>&1); rc=$?
is "$rc" 2 "relun-probe -o vg_name: usage error, exit 2"
like "$out" '^relun-probe: --output: unknown field "vg_name"' "relun-probe -o vg_name: the unknown field named, no verdict printed"
out=$("$RESIGN" --journal-dir "$J" -j 2 "$c" 2>&1); rc=$?
is "$rc" 2 "relun-resign -j 2: usage error, exit 2 (--jobs is long only)"
out=$("$RESIGN" --journal-dir "$J" --jobs 2x "$c" 2>&1); rc=$?
is "$rc:$out" "2:relun-resign: --jobs wants a number from 1 to 1024
Try 'relun-resign --help'." "a mistyped --jobs value: usage error"
is "$(sums)" "$before" "nothing written by any of the above (sha256)"
done_testing
