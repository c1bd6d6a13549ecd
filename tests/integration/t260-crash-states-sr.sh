#!/usr/bin/env bash
# Crash-state tier, 1-PV SR (mksr): a resign recorded uninterrupted (every
# device write with its bytes, every flush, the journal's writes and
# rename), then every state a power cut could leave put back and checked
# (tests/crash/crashstates.py: recovered both ways to exact bytes, vgck,
# relun-probe, and what each flush guarantees).
. "$(dirname "$0")/../lib/tap.sh"
plan 4
need_root
relun_tools
. "$TOP/tests/crash/lib.sh"
sr_setup
fresh_clone

crash_tier sr resign "${CRASH_MAX:-60}" "$cd_" -- "$RESIGN" --journal-dir "$J" "$cd_"
is "$CT_RC" 0 "the recorded resign: exit 0"
is "$CT_FINAL" new "its result is the original with every journaled region's new bytes"
is "$CT_OK" 0 "every state recovers both ways to exact bytes"
like "$CT_LINE" "rolled back exactly [1-9][0-9]*, rolled forward exactly [1-9][0-9]*.* failed 0" "counts"
done_testing
