#!/usr/bin/env bash
# Crash-state tier, a --recover cut by power itself: a resign cut after 9
# device writes, then its --recover recorded; every state a power cut could
# leave during that recovery is recovered again both ways to exact bytes.
. "$(dirname "$0")/../lib/tap.sh"
plan 4
need_root
relun_tools
. "$TOP/tests/crash/lib.sh"
sr_setup
fresh_clone
RELUN_FAULT_AFTER_WRITES=9 "$RESIGN" --journal-dir "$J" "$cd_" >/dev/null 2>&1
jr=$(last_journal)

crash_tier recover recover "${CRASH_MAX:-60}" "$cd_" -- "$RESIGN" --recover "$jr"
crash_checks "--recover" old
done_testing
