#!/usr/bin/env bash
# One run per LUN, from judgement to verify: two resigns of one clone
# released together, 20 rounds: exactly one resigns (LVM then sees the
# original and one new VG), the other is refused at once with exit 5 and
# the holder's pid.  Two recoveries of one journal at once: the second is
# refused (exit 5) while the first holds the journal (its fsyncs slowed
# down by strace fault injection so the two overlap for certain).
. "$(dirname "$0")/../lib/tap.sh"
ROUNDS=20
plan 68
need_root
relun_tools
RESIGN=${RELUN_RESIGN_UNDER_TEST:-$RESIGN}
. "$TOP/tests/crash/lib.sh"
sr_setup
# release_two OUT1 OUT2 CMD...: start CMD twice, held at a gate, and open
# the gate for both at once; the exit codes go to OUT1.rc and OUT2.rc
release_two() {
	local a=$1 b=$2 p1 p2; shift 2
	exec 9>"$TMPD/gate"; flock -x 9
	( flock -s "$TMPD/gate" true; exec "$@" ) >"$a" 2>&1 & p1=$!
	( flock -s "$TMPD/gate" true; exec "$@" ) >"$b" 2>&1 & p2=$!
	sleep 0.2
	flock -u 9; exec 9>&-
	wait "$p1"; echo $? >"$a.rc"
	wait "$p2"; echo $? >"$b.rc"
}

for ((r = 1; r <= ROUNDS; r++)); do
	fresh_clone
	release_two "$TMPD/r1" "$TMPD/r2" "$RESIGN" --journal-dir "$J" "$cd_"
	rcs=$(sort <(cat "$TMPD/r1.rc" "$TMPD/r2.rc") | tr '\n' ' ')
	is "$rcs" "0 5 " "round $r: one resign exit 0, the other refused exit 5"
	like "$(cat "$TMPD/r1" "$TMPD/r2")" "$cd_ is in use by another relun-resign \(pid [0-9]+" \
		"round $r: the refusal names the holder's pid"
	vgs_out=$(tlvm vgs --nohints --noheadings -o vg_name 2>&1)
	is "$(grep -c 'VG_XenStorage-' <<<"$vgs_out"):$(grep -c "$old_vg" <<<"$vgs_out")" "2:1" \
		"round $r: LVM sees the original and exactly one new VG"
done
[ "$r" -gt 0 ] && cat "$TMPD/r1" "$TMPD/r2" | grep 'in use' | head -1 | sed 's/^/# /'

# two recoveries of one journal at once
fresh_clone
RELUN_FAULT_AFTER_WRITES=6 "$RESIGN" --journal-dir "$J" "$cd_" >/dev/null 2>&1
jr=$(ls -t "$J"/relun-*.journal | head -1)
sum_cut=$(sha "$clone")
# (LeakSanitizer stops the world with ptrace, which strace already holds:
# the strace'd runs go without leak checks)
release_two "$TMPD/c1" "$TMPD/c2" \
	env ASAN_OPTIONS=detect_leaks=0:abort_on_error=1 strace -f -o /dev/null -e trace=fsync,fdatasync \
	-e inject=fsync:delay_exit=400000 -e inject=fdatasync:delay_exit=400000 "$RESIGN" --recover "$jr"
rcs=$(sort <(cat "$TMPD/c1.rc" "$TMPD/c2.rc") | tr '\n' ' ')
is "$rcs" "0 5 " "two recoveries at once: one recovers, the other is refused exit 5"
like "$(cat "$TMPD/c1" "$TMPD/c2")" "journal $jr is in use by another relun-resign \(pid [0-9]+" \
	"the refusal names the journal and the holder's pid"
is "$(sha "$clone")" "$sum_orig" "the clone is the exact original"
# a resign while a recovery holds the LUN: refused at once, not queued
fresh_clone
RELUN_FAULT_AFTER_WRITES=6 "$RESIGN" --journal-dir "$J" "$cd_" >/dev/null 2>&1
jr=$(ls -t "$J"/relun-*.journal | head -1)
ASAN_OPTIONS=detect_leaks=0:abort_on_error=1 strace -f -o /dev/null -e trace=fsync -e inject=fsync:delay_exit=1500000 \
	"$RESIGN" --recover "$jr" >/dev/null 2>&1 & p=$!
sleep 0.8
t0=$(date +%s%N)
"$RESIGN" --journal-dir "$J" "$cd_" >"$TMPD/x" 2>&1; rc=$?
t1=$(date +%s%N)
wait "$p"
is "$rc" 5 "a resign of a LUN under recovery: refused, exit 5"
ok "$(( (t1 - t0) / 1000000 < 500 ? 0 : 1 ))" "refused at once ($(( (t1 - t0) / 1000000 )) ms), not queued"
# another node to the same LUN (a second loop device on the clone's file,
# as a second multipath path would be): locked by identity while the first
# run's transaction is under way (its fsyncs slowed down).  Where the judge
# sees both nodes it refuses first (a path of another LUN, also exit 5); the
# identity lock is what stops it when the judge cannot see the other node.
fresh_clone
alt=$(loop_attach "$clone")
ASAN_OPTIONS=detect_leaks=0:abort_on_error=1 strace -f -o /dev/null -e trace=fsync -e inject=fsync:delay_exit=800000 \
	"$RESIGN" --journal-dir "$J" "$cd_" >/dev/null 2>&1 & p=$!
sleep 1.2
"$RESIGN" --journal-dir "$J" "$alt" >"$TMPD/x" 2>&1; rc=$?
wait "$p"; rc1=$?
is "$rc1:$rc" "0:5" "a run through another node of the LUN under resign: refused, exit 5"
like "$(cat "$TMPD/x")" "$alt (\(LUN loop_file:$clone\) is in use by another relun-resign \(pid [0-9]+|is a path of $cd_ \(the same file $clone\))" \
	"it names the LUN's identity and the holder's pid, or the node to use"
is "$(sha "$orig")" "$sum_orig" "the original was never written"
done_testing
