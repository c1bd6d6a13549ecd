#!/usr/bin/env bash
# The xe attach script written by relun-resign --xe-script, for hostile SR
# name labels (given with --name-label, so they are also written into MGT):
# bash -n accepts it, and run against tests/fixtures/fakexe (first on PATH as
# "xe") every label reaches xe as ONE argument, byte for byte.
. "$(dirname "$0")/../lib/tap.sh"
plan 45
need_root
relun_tools
J=$TMPD/journal

orig=$TMPD/orig.img
mksr --size 80M --vdis chain=6M -q "$orig" || { echo "not ok 1 - mksr failed"; exit 1; }
for i in $(seq 50); do grep -qsxF "$orig" /sys/block/loop*/loop/backing_file || break; sleep 0.2; done
od=$(loop_attach "$orig")
clone=$TMPD/clone.img
cp --sparse=always "$orig" "$clone"
cd_=$(loop_attach "$clone")
mkdir -p "$TMPD/bin"
ln -s "$TOP/tests/fixtures/fakexe" "$TMPD/bin/xe"

labels=("x'; rm -rf /; echo '" '$(reboot) `id` "q" \n' $'two\nlines caf\xc3\xa9')
names=(quote subst newline)
before=$(sha "$clone")
for i in "${!labels[@]}"; do
	label=${labels[$i]} n=${names[$i]}
	script=$TMPD/attach-$n.sh
	out=$("$RESIGN" --json --journal-dir "$J" --name-label "$label" --xe-script "$script" "$cd_" 2>"$TMPD/err")
	is "$?" 0 "$n: resign exit 0"
	is "$(jq_ results.0.name_label <<<"$out")" "$label" "$n: JSON reports the label unchanged"
	# the new SR uuid as LVM reads it from the clone (VG_XenStorage-<uuid>)
	sr=$(LVM_DEVS=$cd_ tlvm pvs --nohints --noheadings -o vg_name "$cd_" 2>/dev/null | tr -d ' ')
	sr=${sr#VG_XenStorage-}
	is "$(jq_ results.0.sr_uuid.new <<<"$out")" "$sr" "$n: the reported SR uuid is the one on the disk"
	journal=$(jq_ results.0.journal <<<"$out")
	ok "$(bash -n "$script"; echo $?)" "$n: bash -n accepts the script"
	is "$(head -1 "$script")" "#!/bin/bash" "$n: #!/bin/bash first"
	like "$(sed -n 2,8p "$script")" "^set -euo pipefail$|
set -euo pipefail
" "$n: set -euo pipefail"
	rm -rf "$TMPD/xelog" "$TMPD/xelog.d"
	PATH=$TMPD/bin:$PATH FAKEXE_LOG=$TMPD/xelog FAKEXE_PROBE_UUID=$sr RELUN_HOST_UUID=aaaaaaaa-0000-4000-8000-000000000001 bash "$script" >"$TMPD/run.out" 2>&1
	is "$?" 0 "$n: the script runs to the end against fakexe"
	# find the sr-introduce call and compare its name-label argument byte for byte
	call=$(grep -lx 'sr-introduce' "$TMPD/xelog.d"/*.0 2>/dev/null | head -1)
	ok "$([ -n "$call" ]; echo $?)" "$n: xe sr-introduce was called"
	base=${call%.0}
	printf 'name-label=%s' "$label" >"$TMPD/want"
	cmp -s "$TMPD/want" "$base.3"
	ok $? "$n: name-label is ONE argument, byte for byte"
	printf 'uuid=%s' "$sr" >"$TMPD/want"
	cmp -s "$TMPD/want" "$base.1"
	ok $? "$n: uuid=<new SR uuid>"
	is "$(ls "$base".* | wc -l)" 7 "$n: sr-introduce got exactly 6 arguments"
	like "$(cat "$TMPD/run.out")" "SR $sr attached on 1 host" "$n: the script reports success"
	# MGT carries the new label too (sm reads it back)
	pj=$("$PROBE" --no-xe --json --journal-dir "$J" "$cd_" 2>/dev/null)
	is "$(python3 -c 'import json,sys; d=json.load(sys.stdin); l=d["luns"][0]; print(json.dumps(l, ensure_ascii=False))' <<<"$pj" | python3 -c '
import json,sys; l=json.loads(sys.stdin.read())
def find(o):
    if isinstance(o, dict):
        for k, v in o.items():
            if k in ("name_label", "label") and isinstance(v, str) and v != "": return v
            r = find(v)
            if r is not None: return r
    if isinstance(o, list):
        for v in o:
            r = find(v)
            if r is not None: return r
print(find(l.get("sr", l)))')" "$label" "$n: relun-probe reads the new label from MGT"
	"$RESIGN" --undo "$journal" >/dev/null 2>&1
	is "$?" 0 "$n: undo"
	is "$(sha "$clone")" "$before" "$n: undo: the clone is byte-identical to before any resign"
done
done_testing
