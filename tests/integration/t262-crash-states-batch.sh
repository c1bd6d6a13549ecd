#!/usr/bin/env bash
# Crash-state tier, a --jobs 4 batch of 4 clones of one SR (4 journals, 4
# processes writing at once): every state a power cut could leave,
# recovered both ways to exact bytes, each clone from its own journal.
. "$(dirname "$0")/../lib/tap.sh"
plan 4
need_root
relun_tools
. "$TOP/tests/crash/lib.sh"
sr_setup
nodes=""
for i in 0 1 2 3; do
	cp --sparse=always "$orig" "$TMPD/k$i.img"
	nodes="$nodes $(loop_attach "$TMPD/k$i.img")"
done
nodes=${nodes# }
LVM_DEVS="$od $nodes"

# shellcheck disable=SC2086
CRASH_RANDOM=${CRASH_RANDOM:-2} crash_tier batch resign "${CRASH_MAX:-60}" "$nodes" -- "$RESIGN" --jobs 4 --journal-dir "$J" $nodes
crash_checks "batch of 4" new
done_testing
