#!/usr/bin/env bash
# Batch: --jobs 2 over three LUNs (clones of two SRs, and a damaged clone):
# one result per LUN, each its own journal, the damaged one refused (exit 6
# in its result, exit 1 overall) without touching the others.
. "$(dirname "$0")/../lib/tap.sh"
plan 11
need_root
relun_tools
J=$TMPD/journal

a=$TMPD/a.img b=$TMPD/b.img
mksr --size 80M --vdis chain=6M -q "$a" && mksr --size 80M --vdis disk=4M -q "$b" ||
	{ echo "not ok 1 - mksr failed"; exit 1; }
for f in "$a" "$b"; do
	for i in $(seq 50); do grep -qsxF "$f" /sys/block/loop*/loop/backing_file || break; sleep 0.2; done
done
da=$(loop_attach "$a"); db=$(loop_attach "$b")
cp --sparse=always "$a" "$TMPD/ca.img"; cp --sparse=always "$b" "$TMPD/cb.img"
cp --sparse=always "$a" "$TMPD/bad.img"
python3 "$TOP/tests/lib/lvmpatch.py" "$TMPD/bad.img" poke 4200 01
ca=$(loop_attach "$TMPD/ca.img"); cb=$(loop_attach "$TMPD/cb.img"); bad=$(loop_attach "$TMPD/bad.img")
LVM_DEVS="$da $db $ca $cb"
sbad=$(sha "$TMPD/bad.img")

"$RESIGN" --json --jobs 2 --journal-dir "$J" --xe-script "$TMPD/attach" "$ca" "$bad" "$cb" \
	>"$TMPD/out.json" 2>"$TMPD/err"
is "$?" 1 "batch with one failure: exit 1"
python3 - "$TMPD/out.json" >"$TMPD/summary" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
for r in d["results"]:
    print(r["devices"][0], r["status"], r["exit_code"], r.get("journal", "-"))
print("top", d["exit_code"])
PY
is "$(wc -l <"$TMPD/summary")" 4 "one result per LUN (3) plus the total"
like "$(cat "$TMPD/summary")" "^$ca resigned 0 $J/relun-" "first LUN resigned"
like "$(cat "$TMPD/summary")" "$bad refused 6 -" "damaged LUN refused with exit 6, no journal"
like "$(cat "$TMPD/summary")" "$cb resigned 0 $J/relun-" "third LUN resigned"
is "$(awk '$2 == "resigned" {print $4}' "$TMPD/summary" | sort -u | wc -l)" 2 "two separate journals"
is "$(sha "$TMPD/bad.img")" "$sbad" "the damaged LUN was not written"
ok "$([ -x "$TMPD/attach" ] && [ ! -e "$TMPD/attach.1" ] && [ "$(grep -c '^attach_[0-9]*() {$' "$TMPD/attach")" = 2 ]; echo $?)" \
	"one xe script for the run, a function for each resigned copy, none for the refused one"
is "$(sed -n "s/^SR_UUID='\(.*\)'$/\1/p" "$TMPD/attach" | tr '\n' ' ')" "$(python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["results"]; print(r[0]["sr_uuid"]["new"], r[2]["sr_uuid"]["new"], end=" ")' "$TMPD/out.json")" \
	"the script introduces the first and third LUNs' new SRs, in that order"
vgs_out=$(tlvm vgs --nohints --noheadings -o vg_name 2>&1)
is "$(grep -c 'VG_XenStorage-' <<<"$vgs_out")" 4 "LVM sees four SR VGs (two originals, two resigned clones)"
tlvm vgck --nohints >/dev/null 2>&1
is "$?" 0 "vgck clean over all four"
done_testing
