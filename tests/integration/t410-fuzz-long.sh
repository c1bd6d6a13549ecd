#!/usr/bin/env bash
# make fuzz-long's script (tests/fuzz/fuzz-long) on copies of a corpus: the
# CPU clock stops a harness at its CPU budget even when it shares its core
# (where the wall clock gives it less), a time-up is no finding, named seeds
# survive the merge, and a crashing harness is reported, exits 1 and merges
# nothing; a harness interrupted by someone else is no finding either, and
# nothing of it is merged.
. "$(dirname "$0")/../lib/tap.sh"
plan 16
FL=$TOP/tests/fuzz/fuzz-long
H=$B/fuzz/fuzz_sg_rtpg
CLANG=$(sed -n 's/^CLANG *= *//p' "$TOP/config.mk")
[ -x "$H" ] || { fail "$H is built (make fuzz)"; done_testing; }
export FUZZ_LONG_OUT=$TMPD/out FUZZ_LONG_CORPUS=$TMPD/corpus FUZZ_LONG_NICE=0 FUZZ_LONG_JOBS=1
mkdir -p "$TMPD/corpus/fuzz_sg_rtpg"
cp "$TOP/tests/fuzz/corpus/fuzz_sg_rtpg/"* "$TMPD/corpus/fuzz_sg_rtpg/"
printf '\0\0\0\x10\x80\0\0\x02' >"$TMPD/corpus/fuzz_sg_rtpg/regress-named-seed"

# One core, shared half and half with a busy loop: two CPU seconds take
# about four of wall time.
taskset -c 0 sh -c 'while :; do :; done' &
busy=$!
t0=$(date +%s%3N)
out=$(FUZZ_LONG_CLOCK=cpu FUZZ_LONG_SECONDS=2 taskset -c 0 "$FL" "$H" 2>&1); rc=$?
ms=$(($(date +%s%3N) - t0))
like "$rc:$out" '^0:fuzz_sg_rtpg: [0-9]+s cpu=2s runs=[1-9][0-9]* cov=[1-9][0-9]* ft=[1-9][0-9]* corpus=[0-9]+ files [0-9]+ bytes: no report$' \
	"CPU clock: stopped at 2 s of CPU, no report, exit 0"
ok "$([ "$ms" -ge 3000 ]; echo $?)" "CPU clock on a shared core: the 2 CPU seconds took $ms ms of wall time (>= 3000)"
grep -q 'libFuzzer: run interrupted' "$TMPD/out/fuzz_sg_rtpg.log"
ok $? "the harness was stopped by SIGINT (its exit 72 is time up, not a finding)"
like "$(grep -c '^stat::number_of_executed_units' "$TMPD/out/fuzz_sg_rtpg.log")" '^1$' \
	"libFuzzer printed its final stats; runs come from them"
ok "$([ -f "$TMPD/corpus/fuzz_sg_rtpg/regress-named-seed" ]; echo $?)" "a named seed is kept by the merge"
n=$(ls "$TMPD/corpus/fuzz_sg_rtpg" | wc -l)
like "$out" " corpus=$n files " "the summary counts the merged corpus ($n files)"

out=$(FUZZ_LONG_SECONDS=2 taskset -c 0 "$FL" "$H" 2>&1); rc=$?
kill "$busy"; wait "$busy" 2>/dev/null
like "$rc:$out" '^0:fuzz_sg_rtpg: [0-9]+s cpu=[01]s ' "wall clock on the same shared core: 2 s of wall time is under 2 s of CPU"
is "$(tail -2 "$TMPD/out/summary" | wc -l)" 2 "each run adds its line to the summary file"

# A harness that crashes on its seed: reported, exit 1, nothing merged.
mkdir -p "$TMPD/crash" "$TMPD/corpus/fuzz_crash"
cat >"$TMPD/crash/fuzz_crash.c" <<'C'
#include <stddef.h>
#include <stdint.h>
int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{
	if (n > 0 && d[0] == '!')
		__builtin_trap();
	return 0;
}
C
"$CLANG" -fsanitize=fuzzer -o "$TMPD/crash/fuzz_crash" "$TMPD/crash/fuzz_crash.c"
printf '!' >"$TMPD/corpus/fuzz_crash/regress-bang"
printf 'a' >"$TMPD/corpus/fuzz_crash/0123456789012345678901234567890123456789"
before=$(ls "$TMPD/corpus/fuzz_crash" | tr '\n' ' ')
out=$(FUZZ_LONG_CLOCK=cpu FUZZ_LONG_SECONDS=30 "$FL" "$TMPD/crash/fuzz_crash" 2>&1); rc=$?
like "$rc:$out" '^1:fuzz_crash: [0-9]+s cpu=[0-9]+s runs=[0-9]+ .*FOUND: .*deadly signal.*\(see .*/out/fuzz_crash\.log\)$' \
	"a crash: FOUND with libFuzzer's error line and the log, exit 1"
is "$(ls "$TMPD/corpus/fuzz_crash" | tr '\n' ' ')" "$before" "a crash merges nothing into the corpus"
ok "$(ls "$TMPD/out/fuzz_crash-crash-"* >/dev/null 2>&1; echo $?)" "the crashing input is kept in the output directory"

# Someone else's SIGINT (an admin stopping the campaign), under either
# clock: said so, exit 1, nothing merged.
before=$(ls "$TMPD/corpus/fuzz_sg_rtpg" | tr '\n' ' ')
for clock in cpu wall; do
	FUZZ_LONG_CLOCK=$clock FUZZ_LONG_SECONDS=60 "$FL" "$H" >"$TMPD/int.out" 2>&1 &
	fl=$!
	pid=""
	for i in $(seq 50); do
		pid=$(pgrep -f "^$H -artifact_prefix=$TMPD/out/") && break
		sleep 0.1
	done
	sleep 1
	kill -INT $pid
	wait $fl; rc=$?
	like "$rc:$(cat "$TMPD/int.out")" '^1:fuzz_sg_rtpg: [0-9]+s cpu=[0-9]+s runs=[0-9]+ .*INTERRUPTED from outside: no finding, nothing merged \(see .*/out/fuzz_sg_rtpg\.log\)$' \
		"$clock clock, a SIGINT from outside: INTERRUPTED, not a finding, exit 1"
	is "$(ls "$TMPD/corpus/fuzz_sg_rtpg" | tr '\n' ' ')" "$before" "$clock clock: nothing of the interrupted run is merged"
done

out=$(FUZZ_LONG_CLOCK=hours "$FL" "$H" 2>&1); rc=$?
is "$rc:$out" "2:fuzz-long: FUZZ_LONG_CLOCK is wall or cpu, not 'hours'" "an unknown clock: exit 2"
done_testing
