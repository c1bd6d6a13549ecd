#!/usr/bin/env bash
# --name-label templates ({label} {date} {short} {index}) for a batch: each
# SR gets its own label, in MGT (read back by relun-probe) and in the
# attach script; other braces are data.  A label that does not fit sm's
# MGT sector (487 bytes, & < > escaped) or is not UTF-8 is refused, never
# cut, nothing written; 487 bytes fit whole.
. "$(dirname "$0")/../lib/tap.sh"
. "$(dirname "$0")/../lib/sr_clones.sh"
plan 13
need_root
relun_tools
J=$TMPD/journal
sr_and_clones 2 --name-label "Gold SR"
a=$SR_IMG c1=${CLONES[0]} c2=${CLONES[1]}
mgt_label() { "$PROBE" --no-xe --json --journal-dir "$J" "$1" 2>/dev/null | jq_ luns.0.sr.mgt.name_label; }

"$RESIGN" --json --journal-dir "$J" --xe-script "$TMPD/attach.sh" \
	--name-label '{label} DR {date} #{index} {short} {x}' "$c1" "$c2" >"$TMPD/out.json" 2>"$TMPD/err"
is "$?" 0 "batch with a label template: exit 0"
today=$(date -u +%F)
for i in 1 2; do
	d=$c1; [ $i = 2 ] && d=$c2
	sr=$(tlvm pvs --nohints --noheadings -o vg_name "$d" 2>/dev/null | sed 's/^ *VG_XenStorage-//')
	want="Gold SR DR $today #$i ${sr:0:8} {x}"
	is "$(mgt_label "$d")" "$want" "LUN $i: MGT holds its own label"
	is "$(sed -n "s/^NAME_LABEL='\(.*\)'$/\1/p" "$TMPD/attach.sh" | sed -n ${i}p)" "$want" "LUN $i: the attach script introduces it"
done

for f in c1 c2; do cp --sparse=always "$a" "$TMPD/$f.img"; done
before=$(sha "$TMPD/c1.img")
long=$(printf 'a%.0s' $(seq 488))
"$RESIGN" --journal-dir "$J" --name-label "$long" "$c1" >/dev/null 2>"$TMPD/err"
is "$?" 2 "488 bytes: usage error (exit 2)"
is "$(head -1 "$TMPD/err")" "relun-resign: --name-label: the label takes 488 bytes in MGT (488 bytes, & < > escaped); sm keeps at most 487 in its sector: shorten it" \
	"says the limit"
"$RESIGN" --journal-dir "$J" --name-label "$(printf '&%.0s' $(seq 98))" "$c1" >/dev/null 2>"$TMPD/err"
like "$(head -1 "$TMPD/err")" "takes 490 bytes in MGT \(98 bytes" "98 '&' are 490 escaped bytes: refused"
"$RESIGN" --journal-dir "$J" --name-label $'caf\xc3' "$c1" >/dev/null 2>"$TMPD/err"
is "$?:$(head -1 "$TMPD/err")" "2:relun-resign: --name-label: the label is not valid UTF-8" "a cut UTF-8 character: refused"
"$RESIGN" --json --journal-dir "$J" --name-label "$(printf '{label}%.0s' $(seq 70))" "$c1" >"$TMPD/t.json" 2>/dev/null
is "$?:$(jq_ results.0.status <"$TMPD/t.json")" "2:refused" "a template that expands past the limit: refused for that LUN"
is "$(sha "$TMPD/c1.img")" "$before" "nothing written by any refusal"
"$RESIGN" --journal-dir "$J" --name-label "${long:1}" "$c1" >/dev/null 2>&1
is "$?" 0 "487 bytes: accepted"
is "$(mgt_label "$c1")" "${long:1}" "487 bytes: in MGT whole"
done_testing
