#!/usr/bin/env bash
# Crash-state tier, an --undo: a finished resign undone while recorded;
# every state a power cut could leave during the undo goes back to the
# original with --undo again and forward to the resigned image with
# --recover --roll-forward, exact bytes.
. "$(dirname "$0")/../lib/tap.sh"
plan 4
need_root
relun_tools
. "$TOP/tests/crash/lib.sh"
sr_setup
fresh_clone
"$RESIGN" --journal-dir "$J" "$cd_" >/dev/null 2>&1
jr=$(last_journal)

crash_tier undo undo "${CRASH_MAX:-60}" "$cd_" -- "$RESIGN" --undo "$jr"
crash_checks "--undo" old
done_testing
