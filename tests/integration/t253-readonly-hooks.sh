#!/usr/bin/env bash
# A read-only device (blockdev --setro) is refused before any journal is
# made (exit 4, nothing written); the installed build ignores the fault
# injection variables (they exist only in relun-resign-test).
. "$(dirname "$0")/../lib/tap.sh"
plan 8
need_root
relun_tools
. "$TOP/tests/crash/lib.sh"
sr_setup
fresh_clone

blockdev --setro "$cd_"
"$RESIGN" --journal-dir "$J" "$cd_" >"$TMPD/out" 2>&1; rc=$?
blockdev --setrw "$cd_"
is "$rc" 4 "a read-only device: refused, exit 4"
like "$(cat "$TMPD/out")" "$cd_ is read-only .*nothing written, no journal made .*blockdev --setrw" \
	"says why and the fix"
is "$(ls -A "$J" 2>/dev/null | wc -l)" 0 "no journal made"
is "$(sha "$clone")" "$sum_orig" "nothing written"

# the installed build: RELUN_FAULT_AFTER_WRITES=1 does not stop it
RELUN_FAULT_AFTER_WRITES=1 "$RESIGN_REAL" --journal-dir "$J" "$cd_" >"$TMPD/out" 2>&1; rc=$?
is "$rc" 0 "relun-resign ignores RELUN_FAULT_AFTER_WRITES (exit 0, not 75)"
vgs_out=$(tlvm vgs --nohints --noheadings -o vg_name 2>&1)
is "$(grep -c 'VG_XenStorage-' <<<"$vgs_out")" 2 "the resign completed: LVM sees two VGs"
# and RELUN_FAULT_LVM_REJECT does not make its LVM check fail
fresh_clone
sr=aaaaaaaa-1111-2222-3333-444444444444
RELUN_FAULT_LVM_REJECT=VG_XenStorage-$sr "$RESIGN_REAL" --journal-dir "$J" --sr-uuid "$sr" "$cd_" \
	>"$TMPD/out" 2>&1; rc=$?
is "$rc" 0 "relun-resign ignores RELUN_FAULT_LVM_REJECT (exit 0)"
# the test build still has both
fresh_clone
RELUN_FAULT_AFTER_WRITES=1 "$RESIGN" --journal-dir "$J" "$cd_" >/dev/null 2>&1; rc=$?
is "$rc" 75 "relun-resign-test still stops after write 1 (exit 75)"
done_testing
