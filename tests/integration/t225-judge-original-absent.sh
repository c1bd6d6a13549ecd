#!/usr/bin/env bash
# Issue 11 case 6: a DR host sees the replica and a snapshot of it; the
# original (which LVM's device_id names) is at the primary site.  Both are
# duplicate, "original absent; 2 copies"; resigning either is refused unless
# --keep names the one that keeps the identity (or --force).
. "$(dirname "$0")/../lib/tap.sh"
need_root
relun_tools
plan 13
J=$TMPD/journal

img=$TMPD/primary.img
mksr -q --size 96M "$img" >/dev/null || { echo "not ok 1 - mksr failed"; exit 1; }
cp --sparse=always "$img" "$TMPD/replica.img"; cp --sparse=always "$img" "$TMPD/snap.img"
r=$(loop_attach "$TMPD/replica.img"); s=$(loop_attach "$TMPD/snap.img")
sums() { echo "$(sha "$TMPD/replica.img") $(sha "$TMPD/snap.img")"; }
before=$(sums)
pv=$(tlvm pvs --devices "$r" --nohints --noheadings -o pv_uuid 2>/dev/null | tr -d ' ')

"$PROBE" --no-xe --journal-dir "$J" --json "$r" "$s" >"$TMPD/p.json"
is "$(jq_ luns.0.verdict <"$TMPD/p.json")/$(jq_ luns.1.verdict <"$TMPD/p.json")" duplicate/duplicate \
	"relun-probe: both copies duplicate"
is "$(jq_ luns.0.reason <"$TMPD/p.json")" \
	"original absent; 2 copies: LVM metadata device_id (loop_file) names $img, which is none of the 2 LUNs carrying PV $pv" \
	"the reason says the original is absent"
is "$(python3 -c 'import json,sys; print(sum(l["verdict"]=="clone" for l in json.load(open(sys.argv[1]))["luns"]))' "$TMPD/p.json")" 0 \
	"the runbook's select(.verdict==\"clone\") picks neither"

for d in "$r" "$s"; do
	out=$("$RESIGN" --journal-dir "$J" "$d" 2>&1); rc=$?
	is "$rc" 9 "resign $d without --keep: refused, exit 9"
done
like "$out" "Use --original DEV or --force \\(--keep DEV when the original is elsewhere\\); nothing written" \
	"the refusal points at --keep"
is "$(sums)" "$before" "nothing written (sha256)"

"$PROBE" --no-xe --journal-dir "$J" --json --keep "$r" "$r" "$s" >"$TMPD/p.json"
is "$(jq_ luns.0.verdict <"$TMPD/p.json")/$(jq_ luns.1.verdict <"$TMPD/p.json")" original/clone \
	"relun-probe --keep REPLICA: replica original, snapshot clone"
out=$("$RESIGN" --journal-dir "$J" --keep "$r" "$r" 2>&1); rc=$?
is "$rc" 9 "--keep REPLICA, resigning the replica: refused, exit 9"
is "$(sums)" "$before" "nothing written (sha256)"
out=$("$RESIGN" --json --journal-dir "$J" --keep "$r" "$s" 2>&1); rc=$?
is "$rc:$(jq_ results.0.status <<<"$out")" 0:resigned "--keep REPLICA, resigning the snapshot: resigned"
is "$(sha "$TMPD/replica.img")" "${before%% *}" "the replica kept byte for byte"
LVM_DEVS="$r $s"
is "$(tlvm vgs --nohints --noheadings -o vg_name 2>/dev/null | wc -l)" 2 "LVM sees two VGs"
done_testing
