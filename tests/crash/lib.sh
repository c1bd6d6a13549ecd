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

# crash_tier NAME MODE MAX NODES -- CMD...: run CMD (exit 0 expected) once
# under tests/crash/recorder.so, recording every write to the loop devices
# NODES (space-separated) and to the journal directory $J, then check the
# states a power cut could leave (tests/crash/crashstates.py).  MODE:
# resign (CMD resigns: the devices start as the original), undo (CMD undoes
# a finished resign), recover (CMD recovers a cut resign).  The original
# image of NODE is $ORIG_OF_<n> for the n-th node (default $orig).  Sets
# CT_RC (CMD's exit), CT_LINE (the counts) and CT_OK (0 when every state
# passed).
crash_tier() {
	local name=$1 mode=$2 max=$3 nodes=$4 n f i=0 jreal match=""
	shift 5
	mkdir -p "$J"
	jreal=$(realpath "$J")
	local W=$TMPD/ct-$name; rm -rf "$W"; mkdir -p "$W/start" "$W/old" "$W/new" "$W/jstart"
	for n in $nodes; do
		f=$(losetup -nO BACK-FILE "$n" | sed 's/ *$//')
		cp --sparse=always "$f" "$W/start/$i.img"
		eval "cp --sparse=always \"\${ORIG_OF_$i:-\$orig}\" \"$W/old/$i.img\""
		match="$match$n:"
		i=$((i + 1))
	done
	for f in "$J"/relun-*.journal; do [ -e "$f" ] && cp "$f" "$W/jstart/$(basename "$f")"; done
	rm -f "$W/log"
	# (an ASan build wants its runtime first; the recorder comes before it)
	RELUN_REC_LOG=$W/log RELUN_REC_MATCH="$match$jreal:$jreal/" \
		ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0 \
		LD_PRELOAD=$TOP/build/tests/crash/recorder.so "$@" >"$W/out" 2>&1
	CT_RC=$?
	i=0
	for n in $nodes; do
		f=$(losetup -nO BACK-FILE "$n" | sed 's/ *$//')
		cp --sparse=always "$f" "$W/final$i.img"
		i=$((i + 1))
	done
	# the journals the run wrote or updated, and the resigned image each
	# device would have: the original with every region's new bytes
	# (read by the test's own journal reader)
	ls "$J"/relun-*.journal >"$W/journals"
	i=0
	for n in $nodes; do
		cp --sparse=always "$W/old/$i.img" "$W/new/$i.img"
		while read -r jp; do
			python3 "$TOP/tests/crash/jtool.py" applynode "$jp" new "$W/new/$i.img" "$n"
		done <"$W/journals"
		i=$((i + 1))
	done
	python3 - "$W" "$name" "$mode" "$max" "$jreal" "$RESIGN" "$PROBE" "$nodes" "$LVM_DEVS" \
		<<'PY' >"$W/cfg.json"
import glob, hashlib, json, os, sys
W, name, mode, mx, jd, resign, probe, nodes, lvm = sys.argv[1:10]
nodes = nodes.split()
def sha(f):
    h = hashlib.sha256()
    with open(f, 'rb') as fh:
        for b in iter(lambda: fh.read(1 << 20), b''):
            h.update(b)
    return h.hexdigest()
def back(n):
    return open('/sys/block/%s/loop/backing_file' % os.path.basename(n)).read().strip()
def lbs(n):
    return int(open('/sys/block/%s/queue/logical_block_size' % os.path.basename(n)).read())
cfg = {'name': name, 'mode': mode, 'max': int(mx), 'journal_dir': jd, 'resign': resign,
       'probe': probe, 'log': W + '/log', 'seed': 1, 'random': int(os.environ.get('CRASH_RANDOM', '6')),
       'devices': {n: back(n) for n in nodes}, 'lbs': {n: lbs(n) for n in nodes},
       'probe_devs': lvm.split(), 'lvm_devs': lvm.split(),
       'journals': [l.strip() for l in open(W + '/journals') if l.strip()],
       'journal_start': {os.path.join(jd, os.path.basename(f)): f
                         for f in glob.glob(W + '/jstart/*')},
       'phases': 'reverse' if mode in ('undo', 'recover') else 'forward',
       'end_image': 'new' if mode == 'resign' else 'old',
       'end_state': {'resign': 2, 'undo': 4, 'recover': 3}[mode]}
for k in ('start', 'old', 'new'):
    cfg[k] = {n: '%s/%s/%d.img' % (W, k, i) for i, n in enumerate(nodes)}
for k in ('old', 'new'):
    cfg[k + '_sha'] = {n: sha(cfg[k][n]) for n in nodes}
cfg['final_matches_new'] = all(sha('%s/final%d.img' % (W, i)) == cfg['new_sha'][n]
                               for i, n in enumerate(nodes))
cfg['final_matches_old'] = all(sha('%s/final%d.img' % (W, i)) == cfg['old_sha'][n]
                               for i, n in enumerate(nodes))
json.dump(cfg, sys.stdout, indent=1)
PY
	CT_FINAL=$(python3 -c 'import json,sys; c=json.load(open(sys.argv[1])); print("new" if c["final_matches_new"] else "old" if c["final_matches_old"] else "neither")' "$W/cfg.json")
	CT_LINE=$(python3 "$TOP/tests/crash/crashstates.py" "$W/cfg.json" 2>&1)
	CT_OK=$?
	echo "$CT_LINE" | sed 's/^/# /'
}

# crash_checks WHAT IMAGE: the four checks of a crash_tier run (IMAGE: new
# when the run resigns, old when it restores the original)
crash_checks() {
	is "$CT_RC" 0 "the recorded $1: exit 0"
	is "$CT_FINAL" "$2" "its result is the $2 image (the original, with or without every journaled region's new bytes)"
	is "$CT_OK" 0 "every state recovers both ways to exact bytes"
	like "$CT_LINE" "rolled back exactly [1-9][0-9]*, rolled forward exactly [1-9][0-9]*.* failed 0" "counts"
}
