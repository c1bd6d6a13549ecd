#!/usr/bin/env bash
# Every refusal of relun-resign: its distinct exit code, a message naming the
# device, and nothing written (checksums of every image before and after).
. "$(dirname "$0")/../lib/tap.sh"
plan 47
need_root
relun_tools
J=$TMPD/journal
sums() { local f; for f in "$@"; do sha "$f"; done | tr '\n' ' '; }

orig=$TMPD/orig.img
mksr --size 80M --vdis chain=6M --journal-lv -q "$orig" || { echo "not ok 1 - mksr failed"; exit 1; }
# mksr's own loop devices may take a moment to go (udev still probing them)
settle() { local i; for i in $(seq 50); do grep -qsxF "$1" /sys/block/loop*/loop/backing_file || return 0; sleep 0.2; done; }
settle "$orig"
od=$(loop_attach "$orig")
mkclone() { # mkclone NAME: a copy of the original, attached, in $img and $dev
	img=$TMPD/$1.img
	cp --sparse=always "$orig" "$img"
	dev=$(loop_attach "$img")
}
# refused DESC EXIT MSG-REGEX IMAGES... -- ARGS...: run relun-resign ARGS,
# expect EXIT, a message matching MSG-REGEX, and the images unchanged.
refused() {
	local desc=$1 want=$2 re=$3 imgs=() before rc; shift 3
	while [ "$1" != -- ]; do imgs+=("$1"); shift; done; shift
	before=$(sums "$orig" "${imgs[@]}")
	"$RESIGN" --journal-dir "$J" "$@" >"$TMPD/out" 2>&1; rc=$?
	is "$rc" "$want" "$desc: exit $want"
	like "$(cat "$TMPD/out")" "$re" "$desc: message"
	is "$(sums "$orig" "${imgs[@]}")" "$before" "$desc: nothing written"
	ok "$([ ! -d "$J" ] || [ -z "$(ls "$J")" ]; echo $?)" "$desc: no journal left"
}

mkclone inflight
# an SR with a coalesce journal LV (an operation in flight)
refused "in-flight LVs" 8 "$dev.*in flight \(coalesce_.*_1\).*--force" "$img" -- "$dev"

refused "the original" 9 "$od looks like the ORIGINAL.*--force" "$img" -- "$od"

# not root (run as nobody)
before=$(sums "$img")
setpriv --reuid=65534 --regid=65534 --clear-groups "$RESIGN" --journal-dir "$J" "$dev" \
	>"$TMPD/out" 2>&1; rc=$?
is "$rc" 3 "as nobody: exit 3"
like "$(cat "$TMPD/out")" "must run as root" "as nobody: message"
is "$(sums "$img")" "$before" "as nobody: nothing written"

# busy: another program holds the BSD lock on the device
exec {lockfd}<"$dev"
flock -x "$lockfd"
refused "flock held by another program" 5 "$dev: cannot lock \(flock LOCK_EX\)" "$img" -- --force "$dev"
exec {lockfd}<&-

refused "missing device" 4 "/dev/nonexistent.*No such file" "$img" -- /dev/nonexistent

refused "scope lvm on an SR" 2 "scope lvm is refused for an SR" "$img" -- --force --scope lvm "$dev"
refused "bad --sr-uuid" 2 "not a canonical" "$img" -- --force --sr-uuid ABC "$dev"

# damaged: mda header checksum
mkclone damaged
python3 "$TOP/tests/lib/lvmpatch.py" "$img" poke 4200 01
refused "damaged mda header" 6 "$dev: damaged: .*mda1.*checksum" "$img" -- --force "$dev"

# MGT unparsable: the MGT LV is the first LV, at pe_start (11 MiB)
mkclone mgt
printf 'JUNK' | dd of="$img" bs=1 seek=$((11 << 20)) conv=notrunc status=none
refused "MGT unparsable" 6 "MGT cannot be parsed" "$img" -- --force "$dev"

# exported VG
mkclone exported
vg=$(LVM_DEVS=$dev tlvm vgs --noheadings -o vg_name 2>/dev/null | tr -d ' ')
LVM_DEVS=$dev tlvm vgexport "$vg" >/dev/null 2>&1
refused "exported VG" 7 "is exported" "$img" -- --force "$dev"

# not every PV of a 2-PV SR
p1=$TMPD/p1.img p2=$TMPD/p2.img
if mksr --size 64M --vdis chain=6M -q "$p1" "$p2"; then
	# copy only once mksr's own loop devices are gone (their last writes
	# reach the image files when they are detached)
	settle "$p1"; settle "$p2"
	cp --sparse=always "$p1" "$TMPD/c1.img"
	cp --sparse=always "$p2" "$TMPD/c2.img"
	d1=$(loop_attach "$p1"); d2=$(loop_attach "$p2")
	c1=$(loop_attach "$TMPD/c1.img"); c2=$(loop_attach "$TMPD/c2.img")
	refused "one PV of two" 7 "not every PV was given; missing pv" "$TMPD/c1.img" "$TMPD/c2.img" -- "$c1"
else
	fail "one PV of two: the 2-PV SR fixture (mksr) failed"
fi

# a pending journal for the LUN (from a simulated crash) refuses the next run
mkclone pending
RELUN_FAULT_AFTER_WRITES=2 "$RESIGN" --journal-dir "$TMPD/j2" --force "$dev" >/dev/null 2>&1
is "$?" 75 "crash for the pending-journal case"
before=$(sums "$img")
"$RESIGN" --journal-dir "$TMPD/j2" --force "$dev" >"$TMPD/out" 2>&1; rc=$?
is "$rc" 10 "pending journal: exit 10"
like "$(cat "$TMPD/out")" "interrupted: journal $TMPD/j2/relun-.*\.journal is pending" "pending journal: message"
is "$(sums "$img")" "$before" "pending journal: nothing written"
done_testing
