# Shared by the crash scripts (t250-t299, tests/crash/run): after tap.sh.
# sr_setup: an SR image made by mksr ($orig, VG $old_vg), attached ($od),
# its sha256 in $sum_orig; the journal directory is $J.
sr_setup() {
	J=$TMPD/journal
	orig=$TMPD/orig.img
	mksr --size 80M --vdis chain=6M "$orig" >"$TMPD/manifest" ||
		{ echo "not ok 1 - mksr failed"; exit 1; }
	read -r _ old_sr old_vg _ < <(grep '^sr ' "$TMPD/manifest")
	# mksr's own loop devices may take a moment to go (udev still probing them)
	for i in $(seq 50); do grep -qsxF "$orig" /sys/block/loop*/loop/backing_file || break; sleep 0.2; done
	od=$(loop_attach "$orig")
	sum_orig=$(sha "$orig")
	clone=$TMPD/clone.img
	cd_=""
}
# fresh_clone: a new copy of the original at $clone, attached as $cd_
fresh_clone() {
	[ -n "$cd_" ] && loop_detach "$cd_"
	cp --sparse=always "$orig" "$clone"
	cd_=$(loop_attach "$clone")
	LVM_DEVS="$od $cd_"
}
last_journal() { ls -t "$J"/relun-*.journal | head -1; }
