#!/usr/bin/env bash
# A batch: three clones of one SR in one run (--jobs 2).  LVM's check runs
# once for the whole run after the jobs (each result still carries its own
# lvm_check), every job's journal is named with the run's tag
# (-p<pid>.<k>), and a VG that LVM rejects (RELUN_FAULT_LVM_REJECT) is put
# back from its journal: exit 11, the device byte-identical to before, the
# journal in state undone, no xe script left behind.
. "$(dirname "$0")/../lib/tap.sh"
plan 22
need_root
relun_tools
J=$TMPD/journal

a=$TMPD/a.img
mksr --size 64M --vdis chain=6M -q "$a" || { echo "not ok 1 - mksr failed"; exit 1; }
for i in $(seq 50); do grep -qsxF "$a" /sys/block/loop*/loop/backing_file || break; sleep 0.2; done
da=$(loop_attach "$a")
cl=()
for c in c1 c2 c3 c4; do
	cp --sparse=always "$a" "$TMPD/$c.img"
	cl+=("$(loop_attach "$TMPD/$c.img")")
done
LVM_DEVS="$da ${cl[*]}"

"$RESIGN" --json --jobs 2 --journal-dir "$J" "${cl[0]}" "${cl[1]}" "${cl[2]}" >"$TMPD/out.json" 2>"$TMPD/err"
is "$?" 0 "batch of three clones: exit 0"
python3 - "$TMPD/out.json" >"$TMPD/summary" <<'PY'
import json, os, sys
d = json.load(open(sys.argv[1]))
for r in d["results"]:
    c = r["lvm_check"]
    print("\t".join(str(x) for x in (r["status"], c["ran"], c["ok"], "_verify" in r,
          os.path.basename(r["journal"]), r["vg_name"]["new"], c["note"])))
PY
is "$(awk -F'\t' '$1 == "resigned"' "$TMPD/summary" | wc -l)" 3 "three resigned"
is "$(awk -F'\t' '$2 == "True" && $3 == "True" && $4 == "False"' "$TMPD/summary" | wc -l)" 3 \
	"each result has its own lvm_check (ran, ok) and no internal _verify key"
is "$(awk -F'\t' '{ sub(/ reads VG /, " "); split($7, w, " "); if (w[3] == $6) print $6 }' "$TMPD/summary" | sort -u | wc -l)" 3 \
	"each lvm_check note names its own VG"
like "$(cut -f7 "$TMPD/summary" | head -1)" \
	"^LVM [0-9.]+\([0-9]+\) reads VG VG_XenStorage-[0-9a-f-]{36} with 1 PV\(s\) and 4 LV\(s\), vgck clean$" \
	"lvm_check note: what LVM read"
pid_tags=$(cut -f5 "$TMPD/summary" | sed -E 's/.*-(p[0-9]+)\.([0-9]+)\.journal$/\1 \2/' | sort)
is "$(cut -d' ' -f1 <<<"$pid_tags" | sort -u | wc -l)" 1 "one run tag p<pid> on every journal"
is "$(cut -d' ' -f2 <<<"$pid_tags" | tr '\n' ' ')" "1 2 3 " "journal names carry the job numbers 1, 2, 3"
is "$(ls "$J" | wc -l)" 3 "three journal files"
is "$(cut -f6 "$TMPD/summary" | sort -u | wc -l)" 3 "three new VG names"
vgs_out=$(tlvm vgs --nohints --noheadings -o vg_name 2>&1)
is "$(grep -c 'VG_XenStorage-' <<<"$vgs_out")" 4 "LVM sees the original and three resigned clones"
tlvm vgck --nohints >/dev/null 2>&1
is "$?" 0 "vgck clean over all four"

# LVM rejects the fourth clone's result: it is put back from the journal
sr=0b6b9a54-5e43-4c0e-8a8f-1c0a2a8a3f01
before=$(sha "$TMPD/c4.img")
RELUN_FAULT_LVM_REJECT=VG_XenStorage-$sr "$RESIGN" --json --journal-dir "$J" --sr-uuid "$sr" \
	--xe-script "$TMPD/attach" "${cl[3]}" >"$TMPD/rej.json" 2>"$TMPD/err"
is "$?" 11 "LVM rejects the result: exit 11"
is "$(jq_ results.0.status <"$TMPD/rej.json")" rolled-back "status rolled-back"
jr=$(jq_ results.0.journal <"$TMPD/rej.json")
is "$(jq_ results.0.message <"$TMPD/rej.json")" \
	"LVM does not read the result cleanly (rejected by RELUN_FAULT_LVM_REJECT (test only)); every region was put back (journal $jr)" \
	"message: why, and the journal"
is "$(jq_ results.0.lvm_check.ok <"$TMPD/rej.json")" False "lvm_check.ok false"
is "$(jq_ results.0.exit_code <"$TMPD/rej.json")" 11 "result exit_code 11"
is "$(sha "$TMPD/c4.img")" "$before" "the clone is byte-identical to before"
ok "$([ ! -e "$TMPD/attach" ]; echo $?)" "no xe script left for a rolled-back LUN"
is "$(python3 -c 'import json,sys; print("xe_commands" in json.load(open(sys.argv[1]))["results"][0])' "$TMPD/rej.json")" \
	False "no xe commands in the result"
"$RESIGN" --undo "$jr" --dry-run --json >"$TMPD/undo.json" 2>&1
is "$(jq_ state_before <"$TMPD/undo.json")" undone "the journal is in state undone"
"$RESIGN" --json --journal-dir "$J" --sr-uuid "$sr" "${cl[3]}" >"$TMPD/again.json" 2>"$TMPD/err"
is "$?" 0 "resigned again without the fault: exit 0"
is "$(jq_ results.0.vg_name.new <"$TMPD/again.json")" "VG_XenStorage-$sr" "the requested VG name"
done_testing
