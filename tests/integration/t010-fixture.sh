#!/usr/bin/env bash
# The SR fixture writer (tests/fixtures/mksr + xsfill): LVM made by the real
# tools is clean and complete, the MGT and VHD bytes parse with relun's codecs
# (xsfill --verify), the checker catches damage, and the options (two PVs,
# two metadata copies, raw VDI, journal LV, a hostile label) do what they say.
. "$(dirname "$0")/../lib/tap.sh"
plan 51
need_root
MKSR=$TOP/tests/fixtures/mksr
XSFILL=$B/tests/fixtures/xsfill
if [ ! -x "$XSFILL" ]; then
	echo "1..1"; echo "not ok 1 - $XSFILL is not built (make)"; exit 1
fi
export XSFILL
jqr() { jq -r "$1" "$TMPD/m.json"; }
# tap.sh's loop_attach records its device in a $(...) subshell, where the
# exit hook never sees it: keep our own list, detach only those
mine=()
attach() { # attach VAR IMAGE
	local d
	d=$(loop_attach "$2") || return 1
	mine+=("$d")
	printf -v "$1" %s "$d"
}
detach() {
	local i
	losetup -d "$1"
	for i in "${!mine[@]}"; do [ "${mine[$i]}" = "$1" ] && unset "mine[$i]"; done
}
trap 'for l in "${mine[@]}"; do losetup -d "$l" 2>/dev/null; done; _tap_cleanup' EXIT

# ---------------------------------------------------------------- default SR
SR=3f6b2a40-5c1e-4d2b-9a77-0c1d2e3f4a5b
VG=VG_XenStorage-$SR
img=$TMPD/sr.img
exits 0 "mksr builds the default SR" \
	"$MKSR" --sr-uuid $SR --json "$TMPD/m.json" --plan "$TMPD/plan" "$img"
cp "$TMPD/last.out" "$TMPD/manifest"
like "$(head -1 "$TMPD/manifest")" "^sr $SR $VG Fixture%20SR$" "manifest names SR, VG and label"
is "$(losetup -j "$img" | wc -l)" 0 "mksr detached its loop device"
is "$(jqr '.vdis | length')" 3 "JSON manifest: three VDIs"
leaf=$(jqr '.vdis[0].uuid'); snap=$(jqr '.vdis[1].uuid'); base=$(jqr '.vdis[2].uuid')
is "$(jqr '.vdis[2].name_label') $(jqr '.vdis[2].hidden') $(jqr '.vdis[2].read_only') $(jqr '.vdis[2].managed')" \
	"base copy true true false" "base copy: hidden, read-only, unmanaged"
is "$(jqr '.vdis[0].parent') $(jqr '.vdis[1].parent')" "$base $base" "leaf and snapshot are children of the base copy"
is "$(jqr '.vdis[1].is_a_snapshot') $(jqr '.vdis[1].snapshot_of')" "true $leaf" "snapshot_of is the leaf"
is "$(jqr '.vdis[0].locator')" "./VG_XenStorage--${SR//-/--}-VHD--${base//-/--}" "locator path names VG and parent LV, dashes doubled"
is "$(jqr '[.vdis[0].data[] | "\(.block):\(.writer)"] | join(" ")')" "0:$base 1:$leaf 2:$base" \
	"leaf sees its own block 1 over the base's blocks 0 and 2"

attach dev "$img"
LVM_DEVS=$dev
is "$(tlvm vgs --noheadings -o vg_name 2>/dev/null | tr -d ' ')" "$VG" "vgs sees VG_XenStorage-<sr>"
lvs_out=$(tlvm lvs --noheadings -o lv_name,lv_attr,lv_size --units b --nosuffix "$VG" 2>/dev/null)
for lv in MGT VHD-$leaf VHD-$snap VHD-$base; do
	like "$lvs_out" "^ *$lv " "lvs lists $lv"
done
like "$lvs_out" "^ *VHD-$base -r" "base copy LV is read-only (lvchange -p r)"
like "$lvs_out" "^ *MGT +-wi[^ ]* +4194304$" "MGT is 4 MiB"
is "$(jqr '.vdis[0].lv_size')" 25165824 "thick 16 MiB leaf: 24 MiB LV (calcSizeVHDLV)"
is "$(jqr '.vdis[2].lv_size')" 12582912 "deflated base copy with 3 blocks: 12 MiB"
exits 0 "vgck is clean" tlvm vgck "$VG"
exits 0 "pvck is clean" tlvm pvck "$dev"
is "$(tlvm pvs --noheadings -o pv_uuid "$dev" 2>/dev/null | tr -d ' ')" "$(jqr '.pvs[0].pv_uuid')" "PV uuid in the manifest"
is "$(tlvm pvs --noheadings -o pv_mda_count "$dev" 2>/dev/null | tr -d ' ')" 1 "one metadata area by default"
# the metadata text as written in the PV's metadata area (latest copy last)
dd if="$dev" bs=1M count=11 status=none | tr '\0' '\n' | grep -a -E 'device_id|extent_size' >"$TMPD/mda"
like "$(cat "$TMPD/mda")" "device_id_type = \"loop_file\"" "metadata records device_id_type loop_file"
like "$(cat "$TMPD/mda")" "device_id = \"$(readlink -f "$img")\"" "device_id is the image path"
like "$(cat "$TMPD/mda")" "extent_size = 8192" "4 MiB extents"

# the bytes, through relun's codecs
old=$(jqr '.pvs[0].device')
sed -i "s#$old\([: ]\)#$dev\1#g" "$TMPD/plan"
exits 0 "xsfill --verify: MGT, footers, headers, locators, data all read back" \
	"$XSFILL" --verify "$TMPD/plan"
like "$(cat "$TMPD/last.out")" "^verify: ok \(MGT \+ 3 VDIs\)$" "verify reports what it checked"

# the checker must be able to fail
seg() { awk -v n="$1" '$1 == "lv" && $2 == n { print $5 }' "$TMPD/plan"; }
poke() { printf "$3" | dd of="$1" bs=1 seek="$2" conv=notrunc status=none; }
peek() { dd if="$1" bs=1 skip="$2" count="$3" status=none; }
mgt_off=$(seg MGT | cut -d: -f2)
saved=$(peek "$dev" $((mgt_off + 600)) 4)
poke "$dev" $((mgt_off + 600)) 'ZZZZ'
exits 1 "verify fails on a damaged MGT" "$XSFILL" --verify "$TMPD/plan"
like "$(cat "$TMPD/last.err")" "MGT" "... and says it is the MGT"
poke "$dev" $((mgt_off + 600)) "$saved"
leaf_off=$(seg "VHD-$leaf" | cut -d: -f2)
loc=$((leaf_off + 0x420800 + 7 + 2))   # inside the MACX locator path, after "file://./"
poke "$dev" $loc 'X'
exits 1 "verify fails on a damaged locator (header checksum still valid)" "$XSFILL" --verify "$TMPD/plan"
like "$(cat "$TMPD/last.err")" "VHD-$leaf: locator 0 is \./XG_" "... and names the locator"
poke "$dev" $loc 'V'
exits 0 "restored: verify is clean again" "$XSFILL" --verify "$TMPD/plan"
detach "$dev"

# ------------------------------------------------------ every option at once
label=$'Q "quoted" \'single\' $(touch '"$TMPD"'/pwned) `id` \\ \xc3\xa9\nline two'
a=$TMPD/pv1.img b=$TMPD/pv2.img
exits 0 "mksr: 2 PVs, 2 mdas, raw VDI, journal LV, extra VDI, hostile label" \
	"$MKSR" --pvs 2 --metadatacopies 2 --raw-vdi --journal-lv --size 128M \
	--vdis chain=8M,data=8M --name-label "$label" --json "$TMPD/m.json" --plan "$TMPD/plan2" "$a" "$b"
[ -e "$TMPD/pwned" ]; ok $((!$?)) "the label was never evaluated"
is "$(jqr .name_label)" "$label" "label kept byte for byte (JSON manifest)"
VG2=$(jqr .vg_name)
attach da "$a"; attach db "$b"
LVM_DEVS="$da $db"
exits 0 "vgck is clean (two PVs)" tlvm vgck "$VG2"
exits 0 "pvck is clean (two PVs)" tlvm pvck "$da" "$db"
is "$(tlvm pvs --noheadings -o pv_mda_count "$da" "$db" 2>/dev/null | tr -d ' ' | tr '\n' ' ')" "2 2 " "two metadata areas per PV"
lvs2=$(tlvm lvs --noheadings -o lv_name,lv_tags "$VG2" 2>/dev/null)
raw=$(jqr '.vdis[] | select(.type == "raw") | .uuid')
leaf2=$(jqr '.vdis[0].uuid')
like "$lvs2" "^ *LV-$raw *$" "raw VDI LV-<uuid>"
like "$lvs2" "^ *coalesce_${leaf2}_1 +journaler$" "journal LV coalesce_<leaf>_1 tagged journaler"
is "$(jqr '.other_lvs[0].lv')" "coalesce_${leaf2}_1" "manifest lists the journal LV"
is "$(jqr '.vdis | length')" 5 "chain + standalone + raw = 5 VDIs"
snap2=$(jqr '.vdis[1].uuid')
is "$(tlvm lvs --noheadings --segments -o devices "$VG2/VHD-$snap2" 2>/dev/null | wc -l)" 2 \
	"the snapshot LV spans both PVs"
# the plan names the loop devices used while building: map them to today's
olda=$(jqr '.pvs[0].device'); oldb=$(jqr '.pvs[1].device')
sed -i -e "s#$olda\([: ]\)#@A\1#g; s#$oldb\([: ]\)#@B\1#g" -e "s#@A#$da#g; s#@B#$db#g" "$TMPD/plan2"
exits 0 "xsfill --verify on the two-PV SR" "$XSFILL" --verify "$TMPD/plan2"
like "$(cat "$TMPD/last.out")" "^verify: ok \(MGT \+ 5 VDIs\)$" "verify covered all five VDIs"
detach "$da"; detach "$db"

# bad arguments are refused before anything is written: the target image
# (random bytes) keeps its checksum and size
head -c 1M /dev/urandom >"$TMPD/x.img"
xsum=$(sha "$TMPD/x.img")
exits 1 "mksr refuses an uppercase SR uuid" "$MKSR" --sr-uuid 3F6B2A40-5c1e-4d2b-9a77-0c1d2e3f4a5b "$TMPD/x.img"
is "$(sha "$TMPD/x.img")" "$xsum" "uppercase SR uuid refused: image untouched"
exits 1 "mksr refuses --pvs 2 with one image" "$MKSR" --pvs 2 "$TMPD/x.img"
is "$(sha "$TMPD/x.img")" "$xsum" "--pvs 2 refused: image untouched"
exits 1 "mksr refuses an unknown VDI spec" "$MKSR" --vdis "chain,what" "$TMPD/x.img"
is "$(sha "$TMPD/x.img")" "$xsum" "unknown VDI spec refused: image untouched"
done_testing
