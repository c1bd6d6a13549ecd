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
crash_checks "resign" new
done_testing
