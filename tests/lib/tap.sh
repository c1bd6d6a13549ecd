# Shell test library (source it).  TAP output, loop devices tracked and detached
# on exit (only the ones this test attached), LVM confined to given devices.
#   . tests/lib/tap.sh
#   need_root; img=$(tmpimg 64M); dev=$(loop_attach "$img")
#   is "$(cmd)" "expected" "what it shows"; ok COND "desc"; done_testing
set -u
TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
B=${B:-$TOP/build}
PATH=$B:$B/tests/fixtures:$TOP/tests/fixtures:$PATH
export PATH
_tap_n=0
_tap_fail=0
TMPD=$(mktemp -d /tmp/relun-test.XXXXXX)
# Loop devices this test attached, one per line.  A file, not an array, since
# loop_attach usually runs in a $(...) subshell.
_tap_loops=$TMPD/.loops
: >"$_tap_loops"

_tap_cleanup() {
	local l
	while read -r l; do
		[ -n "$l" ] && losetup -d "$l" 2>/dev/null
	done <"$_tap_loops"
	rm -rf "$TMPD"
}
trap _tap_cleanup EXIT

ok() { # ok STATUS DESC  (STATUS 0 = pass, like a command's exit code)
	_tap_n=$((_tap_n + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $_tap_n - $2"
	else
		echo "not ok $_tap_n - $2"
		_tap_fail=$((_tap_fail + 1))
	fi
}
pass() { ok 0 "$1"; }
fail() { ok 1 "$1"; }
skip() { _tap_n=$((_tap_n + 1)); echo "ok $_tap_n - $1 # SKIP $2"; }
diag() { printf '# %s\n' "$@"; }

is() { # is ACTUAL EXPECTED DESC
	if [ "$1" = "$2" ]; then
		ok 0 "$3"
	else
		ok 1 "$3"
		diag "expected: $(printf '%q' "$2")" "     got: $(printf '%q' "$1")"
	fi
}
like() { # like ACTUAL EXTENDED-REGEX DESC
	if printf '%s' "$1" | grep -Eq -- "$2"; then
		ok 0 "$3"
	else
		ok 1 "$3"
		diag "expected to match: $2" "got: $(printf '%s' "$1" | head -20)"
	fi
}
unlike() {
	if printf '%s' "$1" | grep -Eq -- "$2"; then
		ok 1 "$3"; diag "must not match: $2" "got: $(printf '%s' "$1" | head -20)"
	else
		ok 0 "$3"
	fi
}
exits() { # exits EXPECTED-STATUS DESC CMD...: run CMD, compare its exit status
	local want=$1 desc=$2 rc; shift 2
	"$@" >"$TMPD/last.out" 2>"$TMPD/last.err"; rc=$?
	if [ "$rc" -eq "$want" ]; then ok 0 "$desc"; else
		ok 1 "$desc"; diag "exit $rc, wanted $want: $*"; sed 's/^/#   /' "$TMPD/last.err" | head -20
	fi
}
# plan N: the number of checks this script makes, declared up front (every
# script must); a script that stops early, runs extra checks or declares no
# plan fails in done_testing.
_tap_plan=""
plan() { _tap_plan=$1; }
done_testing() {
	if [ -z "$_tap_plan" ]; then
		echo "not ok $((_tap_n + 1)) - no plan declared (ran $_tap_n checks): add plan N"
		echo "1..$((_tap_n + 1))"
		exit 1
	fi
	echo "1..$_tap_plan"
	if [ "$_tap_plan" -ne "$_tap_n" ]; then
		echo "not ok $((_tap_n + 1)) - planned $_tap_plan checks, ran $_tap_n"
		exit 1
	fi
	[ "$_tap_fail" -eq 0 ]
	exit $?
}

# Not root: the script cannot run its checks, which is a failure, not a skip.
need_root() {
	if [ "$(id -u)" -ne 0 ]; then
		echo "not ok 1 - needs root (loop devices): none of the ${_tap_plan:-planned} checks ran"; exit 1
	fi
}

tmpimg() { # tmpimg SIZE [NAME]: sparse image file in the test's temp dir
	local f="$TMPD/${2:-img$RANDOM}.img"
	truncate -s "$1" "$f" && echo "$f"
}
loop_attach() { # prints /dev/loopN; detached at exit
	local l
	l=$(losetup --find --show "$1") || return 1
	echo "$l" >>"$_tap_loops"
	echo "$l"
}
loop_detach() {
	losetup -d "$1"
	grep -vxF -- "$1" "$_tap_loops" >"$_tap_loops.new"
	mv "$_tap_loops.new" "$_tap_loops"
}

# tlvm CMD ARGS... : LVM restricted to $LVM_DEVS (space-separated), no hints,
# no activation, no backups, private system dir (host /etc/lvm untouched).
export LVM_SYSTEM_DIR="$TMPD/lvm" LVM_SUPPRESS_FD_WARNINGS=1
mkdir -p "$LVM_SYSTEM_DIR"
cat >"$LVM_SYSTEM_DIR/lvm.conf" <<CONF
global { activation = 0 use_lvmetad = 0 }
devices { use_devicesfile = 0 hints = "none" obtain_device_list_from_udev = 0 }
backup { backup = 0 archive = 0 }
activation { udev_sync = 0 udev_rules = 0 }
CONF
LVM_DEVS=""
tlvm() {
	local cmd=$1 d devs=(); shift
	for d in $LVM_DEVS; do devs+=(--devices "$d"); done
	lvm "$cmd" "${devs[@]}" "$@"
}

# tool NAME: the build of NAME to test.  The ASan build (make check makes one)
# when it is not older than any source, else build/ when that is not older;
# a build older than its sources is never used: the script stops with a
# failure that says to rebuild (a stale binary would test yesterday's code).
_tap_stale() { # _tap_stale BIN: prints the first source of BIN newer than it
	# (any source in lib/, core/ or a tool directory counts, the tool's own or
	# not; another tool's main does not)
	local t; t=$(basename "$1" | sed 's/-test$//')
	local main=$TOP/${t#relun-}/$t.c
	find "$TOP/lib" "$TOP/core" "$TOP/sg" "$TOP/probe" "$TOP/resign" "$TOP/config.h" \
		-name '*.[ch]' ! -name 'relun-*.c' -newer "$1" -print -quit 2>/dev/null
	[ ! -f "$main" ] || find "$main" -newer "$1" -print 2>/dev/null
}
tool() {
	local b n
	for b in "$TOP/build-asan/$1" "$B/$1"; do
		[ -x "$b" ] || continue
		n=$(_tap_stale "$b" | head -1)
		[ -z "$n" ] && { echo "$b"; return 0; }
		echo "# $b is older than $n: not used" >&2
	done
	echo "not ok $((_tap_n + 1)) - no build of $1 as new as its sources: run make all (and make unit-asan)" >&2
	exit 1
}
# relun_tools: RESIGN, PROBE and SG (fresh builds, see tool), with sanitizers
# that stop at the first report.  RESIGN is the test build (fault injection
# hooks on: RELUN_FAULT_*), RESIGN_REAL the tool as installed.
relun_tools() {
	RESIGN=$(tool relun-resign-test) || exit 1
	RESIGN_REAL=$(tool relun-resign) || exit 1
	PROBE=$(tool relun-probe) || exit 1
	SG=$(tool relun-sg) || exit 1
	export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
}
# jq_ A.0.B <JSON: that value (objects and arrays as JSON).
jq_() { python3 -c 'import json,sys
d=json.load(sys.stdin)
for k in sys.argv[1].split("."):
    d=d[int(k)] if k.isdigit() else d[k]
print(d if not isinstance(d,(dict,list)) else json.dumps(d))' "$1"; }
sha() { sha256sum "$1" | cut -d' ' -f1; }
# mdas_name IMG VG PV-UUID VG-UUID DESC: read from the disk (not the tool's
# report), every metadata area the PV label lists holds valid committed text
# for VG with those uuids (LVM itself reads only one copy); one check per mda,
# plus one that the label lists two mdas.
mdas_name() {
	local img=$1 vg=$2 pvu=$3 vgu=$4 desc=$5 m t n=0
	for m in $(python3 "$TOP/tests/lib/lvmpatch.py" "$img" mdas); do
		n=$((n + 1))
		t=$(python3 "$TOP/tests/lib/lvmpatch.py" "$img" text "$m" 2>&1)
		if [ "$(head -1 <<<"$t")" = "$vg {" ] && grep -qF "id = \"$vgu\"" <<<"$t" &&
			grep -qF "id = \"$pvu\"" <<<"$t"; then
			pass "$desc: mda at $m holds $vg, its VG and PV uuids"
		else
			fail "$desc: mda at $m holds $vg, its VG and PV uuids"
			diag "$(head -3 <<<"$t")"
		fi
	done
	is "$n" 2 "$desc: the label lists two metadata areas"
}
# silent DESC CMD...: passes when CMD exits 0 and prints nothing (a checker
# that reports differences, or dies, on stdout or stderr, fails the check).
silent() {
	local desc=$1 rc; shift
	"$@" >"$TMPD/silent.out" 2>&1; rc=$?
	if [ "$rc" -eq 0 ] && [ ! -s "$TMPD/silent.out" ]; then ok 0 "$desc"; else
		ok 1 "$desc"; diag "exit $rc: $*"; sed 's/^/#   /' "$TMPD/silent.out" | head -20
	fi
}
