#!/usr/bin/env bash
# relun-probe on damaged PVs: every corruption gives a per-LUN "damaged"
# verdict naming the device and offset, exit 6, and never a crash (the ASan
# build is used when make check has built it).
. "$(dirname "$0")/../lib/tap.sh"
plan 51
need_root
relun_tools
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
patch() { python3 "$TOP/tests/lib/lvmpatch.py" "$@"; }
VG=vg_t030

base=$(tmpimg 64M base)
dev=$(loop_attach "$base")
LVM_DEVS=$dev
tlvm pvcreate -q -ff -y --metadatasize 10M "$dev" >/dev/null 2>&1
tlvm vgcreate -q --metadatasize 10M "$VG" "$dev" >/dev/null 2>&1
tlvm lvcreate -q -an --zero n -L 4M -n lv0 "$VG" >/dev/null 2>&1
loop_detach "$dev"

# case NAME: copy the base image to $TMPD/NAME.img and print its path
case_img() { cp --sparse=always "$base" "$TMPD/$1.img" && echo "$TMPD/$1.img"; }
probe_json() { "$PROBE" --no-xe --journal-dir "$TMPD/j" --json "$1" 2>"$TMPD/stderr"; }
field() { python3 -c 'import json,sys; d=json.load(sys.stdin)["luns"][0]; print(d[sys.argv[1]])' "$1"; }

out=$(probe_json "$base"); rc=$?
is "$rc" 0 "clean PV image: exit 0"
is "$(printf '%s' "$out" | field verdict)" original "clean PV image: verdict original (unique)"

# expect NAME EXIT VERDICT REASON-REGEX
expect() {
	local img=$1 want_rc=$2 want_v=$3 re=$4 out rc
	out=$(probe_json "$img"); rc=$?
	is "$rc" "$want_rc" "$(basename "$img" .img): exit $want_rc"
	is "$(printf '%s' "$out" | field verdict)" "$want_v" "$(basename "$img" .img): verdict $want_v"
	like "$(printf '%s' "$out" | field reason)" "$re" "$(basename "$img" .img): reason names the problem"
	diag "reason: $(printf "%s" "$out" | field reason)"
	unlike "$(cat "$TMPD/stderr")" "ERROR: AddressSanitizer|runtime error" "$(basename "$img" .img): no sanitizer report"
}

img=$(case_img truncated); truncate -s 8K "$img"
expect "$img" 6 damaged "truncated\.img: offset 8192 \(0x2000\): device ends at 8192 bytes but PV pv0 extends to 66060288 \(a truncated copy\?\)$"

img=$(case_img truncated-text); truncate -s 5K "$img"
expect "$img" 6 damaged "truncated-text\.img: offset [0-9]+ \(0x[0-9a-f]+\): mda1: read of [0-9]+ bytes goes past the end \(size 5120\)$"

img=$(case_img label-crc); patch "$img" poke 0x220 41
expect "$img" 6 damaged "label-crc\.img: offset 528 \(0x210\): label: checksum 0x[0-9a-f]{8}, computed 0x[0-9a-f]{8}$"

img=$(case_img mda-magic); patch "$img" poke 4100 58; patch "$img" mda-crc 4096
expect "$img" 6 damaged "mda-magic\.img: offset 4100 \(0x1004\): mda1: mda header: wrong magic$"

img=$(case_img mda-crc); patch "$img" poke 4200 01
expect "$img" 6 damaged "mda-crc\.img: offset 4096 \(0x1000\): mda1: mda header: checksum 0x[0-9a-f]{8}, computed 0x[0-9a-f]{8}$"

img=$(case_img rlocn-size); patch "$img" rlocn 4096 size 0xffffffff; patch "$img" mda-crc 4096
expect "$img" 6 damaged "rlocn-size\.img: offset 4144 \(0x1030\): mda1: mda header: slot 0 text size 4294967295 does not fit the 11529728-byte buffer$"

img=$(case_img rlocn-offset); patch "$img" rlocn 4096 offset 0x7fffffffffff; patch "$img" mda-crc 4096
expect "$img" 6 damaged "rlocn-offset\.img: offset 4136 \(0x1028\): mda1: mda header: slot 0 text offset 140737488355327 outside the metadata area \[512, 11530240\)$"

img=$(case_img text-crc); patch "$img" text-sub 4096 'format = "lvm2"' 'format = "lvm3"'
expect "$img" 6 damaged "text-crc\.img: offset [0-9]+ \(0x[0-9a-f]+\): mda1: mda: metadata text checksum 0x[0-9a-f]{8}, computed 0x[0-9a-f]{8} over [0-9]+ bytes$"

img=$(case_img text-syntax); patch "$img" text-sub 4096 'physical_volumes {' 'physical_volumes ['
patch "$img" text-crc 4096; patch "$img" mda-crc 4096
expect "$img" 6 damaged "text-syntax\.img: offset [0-9]+ \(0x[0-9a-f]+\): mda1: metadata text line 12: unexpected token, expected '=' or '\{'$"

img=$(case_img vg-name); patch "$img" text-sub 4096 "$VG {" "-${VG:1} {"
patch "$img" text-crc 4096; patch "$img" mda-crc 4096
expect "$img" 6 damaged "vg-name\.img: offset [0-9]+ \(0x[0-9a-f]+\): mda1: metadata text does not begin with a valid VG name$"

img=$(case_img no-seqno); patch "$img" text-sub 4096 'seqno = ' 'seqnx = '
patch "$img" text-crc 4096; patch "$img" mda-crc 4096
expect "$img" 6 damaged "no-seqno\.img: offset [0-9]+ \(0x[0-9a-f]+\): mda1: VG $VG: missing \"seqno\"$"

img=$(case_img garbage); head -c 1M /dev/urandom >"$img"
out=$(probe_json "$img"); rc=$?
is "$rc" 0 "random bytes: exit 0"
is "$(printf '%s' "$out" | field verdict)" not-lvm "random bytes: verdict not-lvm"

out=$("$PROBE" --no-xe "$TMPD/does-not-exist" 2>&1); rc=$?
is "$rc" 4 "missing device: exit 4"
like "$out" "does-not-exist: cannot stat" "missing device: message names it"

exits 2 "unknown option: exit 2" "$PROBE" --bogus
done_testing
