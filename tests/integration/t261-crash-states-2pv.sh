#!/usr/bin/env bash
# Crash-state tier, the 2-PV VG with two metadata areas per PV (mda2 at the
# end of each device): every state a power cut could leave during the
# resign, recovered both ways to exact bytes (tests/crash/crashstates.py).
. "$(dirname "$0")/../lib/tap.sh"
plan 4
need_root
relun_tools
. "$TOP/tests/crash/lib.sh"
J=$TMPD/journal
p1=$TMPD/p1.img p2=$TMPD/p2.img
mksr --size 64M --vdis chain=6M --metadatacopies 2 -q "$p1" "$p2" ||
	{ echo "not ok 1 - mksr failed"; exit 1; }
for f in "$p1" "$p2"; do
	for i in $(seq 50); do grep -qsxF "$f" /sys/block/loop*/loop/backing_file || break; sleep 0.2; done
done
d1=$(loop_attach "$p1"); d2=$(loop_attach "$p2")
cp --sparse=always "$p1" "$TMPD/c1.img"; cp --sparse=always "$p2" "$TMPD/c2.img"
x1=$(loop_attach "$TMPD/c1.img"); x2=$(loop_attach "$TMPD/c2.img")
LVM_DEVS="$d1 $d2 $x1 $x2"
ORIG_OF_0=$p1 ORIG_OF_1=$p2

crash_tier 2pv resign "${CRASH_MAX:-60}" "$x1 $x2" -- "$RESIGN" --journal-dir "$J" "$x1" "$x2"
crash_checks "resign of both PVs" new
done_testing
