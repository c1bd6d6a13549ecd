#!/usr/bin/env bash
# Issue 11 case 4: relun-probe weighs every LUN of the host whatever devices
# are named, as relun-resign does; when the host cannot be seen whole (image
# files) the texts say "compared among the N given", never "on this host".
. "$(dirname "$0")/../lib/tap.sh"
need_root
relun_tools
plan 8
J=$TMPD/journal

img=$TMPD/sr.img
mksr -q --size 96M "$img" >/dev/null || { echo "not ok 1 - mksr failed"; exit 1; }
cp --sparse=always "$img" "$TMPD/clone.img"
o=$(loop_attach "$img"); c=$(loop_attach "$TMPD/clone.img")

out=$("$PROBE" --no-xe --journal-dir "$J" --json "$c"); rc=$?
is "$rc:$(jq_ luns <<<"$out" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')" 0:1 \
	"relun-probe CLONE: exit 0, only the named LUN reported"
is "$(jq_ luns.0.verdict <<<"$out")" clone "the clone named alone is judged against the host: clone"
is "$(jq_ luns.0.reason <<<"$out")" \
	"LVM metadata device_id (loop_file) names $img; this LUN is loop_file $TMPD/clone.img" \
	"its reason names the original's record"
out=$("$RESIGN" --json --dry-run --journal-dir "$J" "$c"); rc=$?
is "$rc:$(jq_ results.0.status <<<"$out")" 0:planned "relun-resign agrees: planned"

# image files: the host is not seen whole
loop_detach "$o"; loop_detach "$c"
mksr -q --size 96M "$TMPD/solo.img" >/dev/null
out=$("$PROBE" --no-xe --journal-dir "$J" --json "$TMPD/solo.img"); rc=$?
is "$rc:$(jq_ luns.0.verdict <<<"$out")" 0:original "an image file alone: original"
like "$(jq_ luns.0.reason <<<"$out")" "^unique: no other LUN among those compared \\(compared among the 1 given and this host's [0-9]+ LUNs; the host is not seen whole\\) carries PV [-0-9A-Za-z]{38}; LVM metadata device_id \\(loop_file\\) names $TMPD/solo.img, this LUN$" \
	"its reason: compared among the 1 given"
like "$(jq_ luns.0.can_resign_reason <<<"$out")" \
	"^not needed: no other LUN among those compared \\(compared among the 1 given and this host's [0-9]+ LUNs; the host is not seen whole\\) carries its identity; attach it as it is \\(relun-resign DEV prints the xe commands, uuids kept\\)$" \
	"can_resign: compared among the 1 given"
unlike "$out" "on this host" "never 'unique on this host' for an image file"
done_testing
