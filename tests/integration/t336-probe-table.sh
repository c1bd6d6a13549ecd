#!/usr/bin/env bash
# relun-probe's table: a heading, one line per LUN in argument order and
# the summary line by default; --output, --noheadings, --separator for
# scripts (the SR uuid as LVM reads it); an unknown field is a usage error;
# -v the detailed view.
. "$(dirname "$0")/../lib/tap.sh"
. "$(dirname "$0")/../lib/sr_clones.sh"
plan 7
need_root
relun_tools
J=$TMPD/journal
sr_and_clones 2
sr=$(tlvm pvs --nohints --noheadings -o vg_name "$SR_DEV" 2>/dev/null | sed 's/^ *VG_XenStorage-//')

"$PROBE" --no-xe --journal-dir "$J" "$SR_DEV" "${CLONES[@]}" >"$TMPD/t" 2>&1
is "$?" 0 "default: exit 0"
is "$(head -1 "$TMPD/t" | tr -s ' ')" "Device Verdict SR uuid VDIs Reason" "the heading"
is "$(sed -n 2,4p "$TMPD/t" | awk '{print $1, $2, $3, $4}' | tr '\n' ';')" \
	"$SR_DEV original $sr 3;${CLONES[0]} clone $sr 3;${CLONES[1]} clone $sr 3;" "a line per LUN in argument order"
is "$(tail -1 "$TMPD/t")" "3 LUNs: 1 original, 2 clones, 0 damaged" "the summary line"
is "$("$PROBE" --no-xe --journal-dir "$J" --output device,verdict,sr,vg --noheadings --separator ';' "${CLONES[0]}" "$SR_DEV")" \
	"${CLONES[0]};clone;$sr;VG_XenStorage-$sr
$SR_DEV;original;$sr;VG_XenStorage-$sr" "--output --noheadings --separator: the rows only"
"$PROBE" --no-xe --output device,nope "$SR_DEV" >/dev/null 2>"$TMPD/err"
is "$?:$(head -1 "$TMPD/err")" '2:relun-probe: --output: unknown field "nope" (fields: device, verdict, sr, vg, vdis, resign, identity, reason)' \
	"unknown field: exit 2, the fields named"
like "$("$PROBE" --no-xe -v --journal-dir "$J" "$SR_DEV")" "^$SR_DEV: original
  reason: " "-v: the detailed view"
done_testing
