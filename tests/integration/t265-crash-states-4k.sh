#!/usr/bin/env bash
# Crash-state tier on a 4096-byte-sector loop device (losetup --sector-size
# 4096, a 4Kn LUN): writes torn at 4096-byte blocks; every state recovered
# both ways to exact bytes.
. "$(dirname "$0")/../lib/tap.sh"
plan 5
need_root
relun_tools
. "$TOP/tests/crash/lib.sh"
sr_setup
cp --sparse=always "$orig" "$clone"
cd_=$(losetup --find --show --sector-size 4096 "$clone") && echo "$cd_" >>"$_tap_loops"
LVM_DEVS="$od $cd_"
is "$(cat /sys/block/"${cd_#/dev/}"/queue/logical_block_size)" 4096 "the clone's loop device has 4096-byte sectors"

crash_tier 4k resign "${CRASH_MAX:-60}" "$cd_" -- "$RESIGN" --journal-dir "$J" "$cd_"
crash_checks "resign" new
done_testing
