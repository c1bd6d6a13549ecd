#!/usr/bin/env bash
# Issue 11 case 7: the resign rewrites or drops the device identity the
# clone inherited (LVM 2.03 device_id/device_id_type), so the new VG names
# its own LUN; relun-probe then calls it original (unique) with the
# provenance tag as reason.  LVM's own pvs reads the result.
. "$(dirname "$0")/../lib/tap.sh"
need_root
relun_tools
plan 8
J=$TMPD/journal

img=$TMPD/sr.img
mksr -q --size 96M "$img" >/dev/null || { echo "not ok 1 - mksr failed"; exit 1; }
cp --sparse=always "$img" "$TMPD/clone.img"
o=$(loop_attach "$img"); c=$(loop_attach "$TMPD/clone.img")
LVM_DEVS="$c"
is "$(tlvm pvs --nohints --noheadings -o pv_device_id_type,pv_device_id "$c" 2>/dev/null | xargs)" \
	"loop_file $img" "before: the clone's metadata names the original's file (LVM pvs)"
"$RESIGN" --journal-dir "$J" "$c" >/dev/null 2>&1
is "$?" 0 "resigned"
is "$(tlvm pvs --nohints --noheadings -o pv_device_id_type,pv_device_id "$c" 2>/dev/null | xargs)" \
	"loop_file $TMPD/clone.img" "after: it names the clone's own file (LVM pvs)"
tag=$(tlvm vgs --nohints --noheadings -o vg_tags 2>/dev/null | xargs)
old=$(LVM_DEVS="$o" tlvm vgs --nohints --noheadings -o vg_uuid 2>/dev/null | xargs)
out=$("$PROBE" --no-xe --journal-dir "$J" --json "$c")
is "$(jq_ luns.0.verdict <<<"$out")" original "relun-probe: the resigned clone is original"
like "$(jq_ luns.0.reason <<<"$out")" "^unique: no other LUN on this host carries PV [-0-9A-Za-z]{38}; resigned from VG $old \\(tag $tag\\)$" \
	"its reason is the provenance tag LVM lists"
is "$(jq_ luns.0.evidence <<<"$out")" "LVM metadata device_id (loop_file) = $TMPD/clone.img" \
	"its evidence names its own file"

# a device_id type relun does not read here (sys_wwid) is dropped
cp --sparse=always "$img" "$TMPD/w.img"
python3 "$TOP/tests/lib/lvmpatch.py" "$TMPD/w.img" text-sub 4096 '"loop_file"' '"sys_wwid" ' >/dev/null &&
	python3 "$TOP/tests/lib/lvmpatch.py" "$TMPD/w.img" text-crc 4096 >/dev/null &&
	python3 "$TOP/tests/lib/lvmpatch.py" "$TMPD/w.img" mda-crc 4096 >/dev/null
w=$(loop_attach "$TMPD/w.img")
LVM_DEVS="$w"
"$RESIGN" --journal-dir "$J" --keep "$o" "$w" >"$TMPD/out" 2>&1; rc=$?
[ "$rc" = 0 ] || diag "$(cat "$TMPD/out")"
is "$rc" 0 "a sys_wwid clone (--keep names the original, which the wwid does not name): resigned"
is "$(tlvm pvs --nohints --noheadings -o pv_device_id_type,pv_device_id "$w" 2>/dev/null | xargs)" "" \
	"its device_id and device_id_type are dropped (LVM pvs shows none)"
done_testing
