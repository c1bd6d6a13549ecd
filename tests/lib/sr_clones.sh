# Sourced by integration tests after tap.sh: an SR image and byte copies of
# it (clones), and a fake xe first on PATH.
#
# sr_and_clones N [MKSR-ARGS...]: $TMPD/a.img made by mksr (80M, a VHD
# chain, plus MKSR-ARGS) attached as SR_DEV once no loop device left by an
# earlier run holds it; N copies $TMPD/c1.img ... cN.img attached as
# CLONES[0..N-1]; LVM_DEVS lists them all.  mksr failing ends the test.
sr_and_clones() {
	local n=$1 i
	shift
	SR_IMG=$TMPD/a.img
	mksr --size 80M --vdis chain=6M -q "$@" "$SR_IMG" || { echo "not ok 1 - mksr failed"; exit 1; }
	for i in $(seq 50); do grep -qsxF "$SR_IMG" /sys/block/loop*/loop/backing_file || break; sleep 0.2; done
	SR_DEV=$(loop_attach "$SR_IMG")
	CLONES=()
	for ((i = 1; i <= n; i++)); do
		cp --sparse=always "$SR_IMG" "$TMPD/c$i.img"
		CLONES+=("$(loop_attach "$TMPD/c$i.img")")
	done
	LVM_DEVS="$SR_DEV ${CLONES[*]}"
}

# fake_xe: tests/fixtures/fakexe as "xe" in $TMPD/bin (put it first on PATH).
fake_xe() {
	mkdir -p "$TMPD/bin"
	ln -sf "$TOP/tests/fixtures/fakexe" "$TMPD/bin/xe"
}
