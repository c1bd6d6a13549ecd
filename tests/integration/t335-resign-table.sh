#!/usr/bin/env bash
# relun-resign's table: one line per LUN with a heading and a summary by
# default; -o FIELD,..., --noheadings, --separator for scripts (values from
# LVM's own pvs); an unknown field is a usage error; -v the detailed view.
. "$(dirname "$0")/../lib/tap.sh"
. "$(dirname "$0")/../lib/sr_clones.sh"
plan 9
need_root
relun_tools
J=$TMPD/journal
sr_and_clones 2
a=$SR_IMG da=$SR_DEV c1=${CLONES[0]} c2=${CLONES[1]}
old=$(tlvm pvs --nohints --noheadings -o vg_name "$da" 2>/dev/null | sed 's/^ *VG_XenStorage-//')

"$RESIGN" --no-verify --journal-dir "$J" -o device,sr_old,sr_new,vdis --noheadings --separator ';' "$c1" "$c2" >"$TMPD/out" 2>"$TMPD/err"
is "$?" 0 "-o ... --noheadings --separator: exit 0"
n1=$(tlvm pvs --nohints --noheadings -o vg_name "$c1" 2>/dev/null | sed 's/^ *VG_XenStorage-//')
n2=$(tlvm pvs --nohints --noheadings -o vg_name "$c2" 2>/dev/null | sed 's/^ *VG_XenStorage-//')
is "$(cat "$TMPD/out")" "$c1;$old;$n1;3
$c2;$old;$n2;3" "exactly the rows: device, old and new SR uuid (LVM's), VDI count"

for f in c1 c2; do cp --sparse=always "$a" "$TMPD/$f.img"; done
"$RESIGN" --no-verify --journal-dir "$J" "$c1" "$c2" >"$TMPD/t" 2>&1
is "$(head -1 "$TMPD/t" | tr -s ' ')" "Device Status SR old -> new VDIs Message" "default: the heading"
is "$(sed -n 2p "$TMPD/t" | awk '{print $1, $2, $3, $4, $5, $6}')" "$c1 resigned ${old:0:8} -> $(tlvm pvs --nohints --noheadings -o vg_name "$c1" 2>/dev/null | sed 's/^ *VG_XenStorage-//' | cut -c1-8) 3" \
	"default: a row per LUN (device, status, SR old -> new, VDIs)"
is "$(wc -l <"$TMPD/t")" 5 "heading, 2 rows, the attach hint, the summary"
is "$(tail -1 "$TMPD/t")" "2 LUNs: 2 resigned, 0 failed" "summary line"

"$RESIGN" --journal-dir "$J" -o device,bogus "$c1" >/dev/null 2>"$TMPD/err"
is "$?" 2 "unknown field: exit 2"
is "$(head -1 "$TMPD/err")" 'relun-resign: -o: unknown field "bogus" (fields: device, status, sr, sr_old, sr_new, vg_old, vg_new, vdis, label, journal, exit, message)' \
	"names the fields"
for f in c1 c2; do cp --sparse=always "$a" "$TMPD/$f.img"; done
"$RESIGN" --no-verify -v --journal-dir "$J" "$c1" >"$TMPD/v" 2>&1
like "$(cat "$TMPD/v")" "  SR uuid     $old -> [0-9a-f-]{36}" "-v: the detailed view"
done_testing
