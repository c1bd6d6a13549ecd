#!/usr/bin/env bash
# The DR runbook end to end on five unique LUNs (the originals are not on
# this host): relun-probe --json, the LUNs it says need no resign given to
# relun-resign --attach-only --xe-script, the script reviewed with --print
# and run against tests/fixtures/fakexe.  The SRs keep their uuids (mksr's
# manifest), nothing is written to any LUN, no journal; a sixth LUN whose
# identity is seen twice (a copy of one of them) is refused with exit 9.
. "$(dirname "$0")/../lib/tap.sh"
plan 16
need_root
relun_tools
J=$TMPD/journal
dev=() sr=() img=()
for i in 1 2 3 4 5; do
	img+=("$TMPD/dr$i.img")
	mksr -q --json "$TMPD/m$i.json" --size 80M --vdis chain=6M --name-label "DR SR $i" "$TMPD/dr$i.img" >/dev/null ||
		{ echo "not ok 1 - mksr failed"; exit 1; }
	sr+=("$(jq_ sr_uuid <"$TMPD/m$i.json")")
done
for i in 0 1 2 3 4; do
	for t in $(seq 50); do grep -qsxF "${img[$i]}" /sys/block/loop*/loop/backing_file || break; sleep 0.2; done
	dev+=("$(loop_attach "${img[$i]}")")
done
before=$(cat "${img[@]}" | sha256sum)

# 1. judge
"$PROBE" --no-xe --journal-dir "$J" --json "${dev[@]}" >"$TMPD/probe.json"
is "$?" 0 "relun-probe: exit 0"
python3 - "$TMPD/probe.json" >"$TMPD/sel" <<'PY'
import json, sys
for l in json.load(open(sys.argv[1]))["luns"]:
    if not l["resign_needed"] and l["verdict"] == "original":
        print(l["device"])
PY
is "$(tr '\n' ' ' <"$TMPD/sel")" "${dev[*]} " "all five need no resign (verdict original, resign_needed false)"

# 2. the attach script, nothing written
"$RESIGN" --attach-only --json --journal-dir "$J" --xe-script "$TMPD/attach.sh" $(cat "$TMPD/sel") \
	>"$TMPD/attach.json" 2>"$TMPD/err"
is "$?" 0 "relun-resign --attach-only: exit 0"
is "$(python3 -c 'import json,sys; print(" ".join(r["status"] for r in json.load(open(sys.argv[1]))["results"]))' "$TMPD/attach.json")" \
	"not-needed not-needed not-needed not-needed not-needed" "five results, not-needed"
is "$(cat "${img[@]}" | sha256sum)" "$before" "no LUN written"
is "$(ls "$J" 2>/dev/null | wc -l)" 0 "no journal"
is "$(sed -n "s/^SR_UUID='\(.*\)'$/\1/p" "$TMPD/attach.sh" | tr '\n' ' ')" "${sr[*]} " \
	"the script attaches the five SRs with their own uuids (mksr's), in argument order"
is "$(sed -n "s/^NAME_LABEL='\(.*\)'$/\1/p" "$TMPD/attach.sh" | tr '\n' ',')" "DR SR 1,DR SR 2,DR SR 3,DR SR 4,DR SR 5," \
	"labels kept"

# 3. review, then attach
mkdir -p "$TMPD/bin"
ln -s "$TOP/tests/fixtures/fakexe" "$TMPD/bin/xe"
: >"$TMPD/probemap"
for i in 0 1 2 3 4; do echo "${dev[$i]} ${sr[$i]}" >>"$TMPD/probemap"; done
xe_env=(env PATH="$TMPD/bin:$PATH" FAKEXE_LOG="$TMPD/pool" FAKEXE_PROBE_MAP="$TMPD/probemap"
	RELUN_HOST_UUID=aaaaaaaa-0000-4000-8000-000000000001)
"${xe_env[@]}" bash "$TMPD/attach.sh" --print >"$TMPD/print.out" 2>&1
is "$?/$(grep -c '^xe sr-introduce' "$TMPD/print.out")/$([ -e "$TMPD/pool" ]; echo $?)" "0/5/1" \
	"--print: five sr-introduce shown, xe not run"
"${xe_env[@]}" bash "$TMPD/attach.sh" >"$TMPD/run.out" 2>"$TMPD/run.err"
is "$?" 0 "the script: exit 0"
is "$(tail -1 "$TMPD/run.out")" "5 SR(s) attached" "five SRs attached"
is "$(ls "$TMPD/pool.state/sr" | sort | tr '\n' ' ')" "$(printf '%s\n' "${sr[@]}" | sort | tr '\n' ' ')" \
	"the pool knows exactly the five SR uuids"
is "$(cat "$TMPD/pool.state/pbd/"* | grep -c '^attached=true$')" 5 "five PBDs plugged"

# a LUN whose identity is seen twice: refused, exit 9
cp --sparse=always "${img[0]}" "$TMPD/copy.img"
cdev=$(loop_attach "$TMPD/copy.img")
bc=$(sha "$TMPD/copy.img")
"$RESIGN" --attach-only --json --journal-dir "$J" --xe-script "$TMPD/attach2.sh" "$cdev" >"$TMPD/dup.json" 2>"$TMPD/err"
is "$?" 9 "--attach-only on a LUN seen twice: exit 9"
like "$(jq_ results.0.message <"$TMPD/dup.json")" "^$cdev: its identity is seen twice on this host \(.*\); --attach-only attaches only LUNs that keep a unique identity: resign it instead" \
	"says why and what to do"
ok "$([ ! -e "$TMPD/attach2.sh" ] && [ "$(sha "$TMPD/copy.img")" = "$bc" ]; echo $?)" "no script, nothing written"
done_testing
