#!/usr/bin/env bash
# relun-probe on SRs damaged below the VG: MGT garbage, a VHD parent locator
# pointing outside its LV, a loop in a VHD chain.  Each is a per-LUN problem
# naming the device and offset, can_resign no, and no crash (ASan build when
# make check built it).
. "$(dirname "$0")/../lib/tap.sh"
plan 14
need_root
relun_tools
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
J="--no-xe --journal-dir $TMPD/journal"

base=$TMPD/base.img
mksr -q --json "$TMPD/m.json" --size 128M "$base" >/dev/null
m() { python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$TMPD/m.json" "$1"; }
vg=$(m 'd["vg_name"]')
leaf=$(m '[v["uuid"] for v in d["vdis"] if not v["hidden"] and not v["is_a_snapshot"]][0]')
snap=$(m '[v["uuid"] for v in d["vdis"] if v["is_a_snapshot"]][0]')

# Byte offset of an LV's first extent on the image, from LVM itself.
dev=$(loop_attach "$base")
LVM_DEVS=$dev
pe_start=$(tlvm pvs --nohints --noheadings --units b -o pe_start "$dev" 2>/dev/null | tr -dc 0-9)
ext=$(tlvm vgs --nohints --noheadings --units b -o vg_extent_size "$vg" 2>/dev/null | tr -dc 0-9)
lvstart() {
	local r
	r=$(tlvm lvs --nohints --noheadings --segments -o seg_pe_ranges "$vg/$1" 2>/dev/null | tr -d ' ')
	r=${r#*:}
	echo $((pe_start + ${r%-*} * ext))
}
mgt_at=$(lvstart MGT)
leaf_at=$(lvstart "VHD-$leaf")
snap_at=$(lvstart "VHD-$snap")
loop_detach "$dev"

probe() { "$PROBE" $J --json "$1" 2>"$TMPD/stderr"; }
get() { python3 -c 'import json,sys; l=json.load(sys.stdin)["luns"][0]; print(eval(sys.argv[1]))' "$1"; }

out=$(probe "$base"); rc=$?
is "$rc" 0 "clean SR: exit 0"
is "$(printf '%s' "$out" | get 'l["problems"]')" "[]" "clean SR: no problems"

img=$TMPD/mgt.img; cp --sparse=always "$base" "$img"
printf 'XSSM:garbage!!' | dd of="$img" bs=1 seek="$mgt_at" conv=notrunc status=none
out=$(probe "$img"); rc=$?
is "$rc" 6 "MGT garbage: exit 6 (damaged)"
diag "$(printf '%s' "$out" | get 'l["problems"][0]')"
like "$(printf '%s' "$out" | get 'l["problems"][0]')" "^MGT: $img: offset $mgt_at \(0x[0-9a-f]+\): MGT header length \"garbage!! \" is not a number$" \
	"MGT garbage: problem names the device and MGT's offset"
is "$(printf '%s' "$out" | get 'l["sr"]["mgt"]')" None "MGT garbage: no MGT records reported"
unlike "$(cat "$TMPD/stderr")" "AddressSanitizer|runtime error" "MGT garbage: no sanitizer report"

img=$TMPD/loc.img; cp --sparse=always "$base" "$img"
python3 "$TOP/tests/lib/vhdpatch.py" "$img" "$leaf_at" loc 0 data_offset 0x40000000
out=$(probe "$img"); rc=$?
is "$rc" 6 "locator outside the LV: exit 6"
diag "$(printf '%s' "$out" | get 'l["problems"][0]')"
like "$(printf '%s' "$out" | get 'l["problems"][0]')" \
	"^VHD-$leaf: $img: offset [0-9]+ \(0x[0-9a-f]+\): VHD parent locator 0: data at 1073741824 \(\+512\) is past the end of the volume \(25165824 bytes\)$" \
	"locator outside the LV: problem names the VDI, device and offset"
like "$(printf '%s' "$out" | get '[v["error"] for v in l["sr"]["vdis"] if v["uuid"]=="'"$leaf"'"][0]')" \
	"." "locator outside the LV: the VDI carries the error"
unlike "$(cat "$TMPD/stderr")" "AddressSanitizer|runtime error" "locator outside: no sanitizer report"

img=$TMPD/loop.img; cp --sparse=always "$base" "$img"
dm() { echo "$1" | sed 's/-/--/g'; }
python3 "$TOP/tests/lib/vhdpatch.py" "$img" "$leaf_at" prt-name "$(dm "$vg")-VHD--$(dm "$snap")"
python3 "$TOP/tests/lib/vhdpatch.py" "$img" "$snap_at" prt-name "$(dm "$vg")-VHD--$(dm "$leaf")"
out=$(probe "$img"); rc=$?
is "$rc" 6 "loop in the VHD chain: exit 6"
diag "$(printf '%s' "$out" | get '"\n".join(l["problems"])')"
diag "$(printf '%s' "$out" | get 'l["can_resign_reason"]')"
like "$(printf '%s' "$out" | get '"\n".join(l["problems"])')" "^VHD-($leaf|$snap): VHD parent chain loops$" \
	"loop in the VHD chain: reported"
like "$(printf '%s' "$out" | get 'l["can_resign_reason"]')" "^(damaged|the LUN|unique|not needed)" \
	"loop in the VHD chain: can_resign explains"
unlike "$(cat "$TMPD/stderr")" "AddressSanitizer|runtime error" "chain loop: no sanitizer report"
done_testing
