#!/usr/bin/env bash
# Crash safety: relun-resign is killed right after its k-th device write
# (RELUN_FAULT_AFTER_WRITES=k, exit 75) for every k; then
#   --recover                restores the exact original bytes, and
#   --recover --roll-forward completes the resign so LVM reads two clean VGs;
# both are idempotent (the second run writes nothing).  While the journal is
# pending, a new resign of the LUN is refused (exit 10) and relun-probe says
# "interrupted".
. "$(dirname "$0")/../lib/tap.sh"
plan 218
need_root
relun_tools
J=$TMPD/journal

orig=$TMPD/orig.img
mksr --size 80M --vdis chain=6M "$orig" >"$TMPD/manifest" || { echo "not ok 1 - mksr failed"; exit 1; }
read -r _ old_sr old_vg _ < <(grep '^sr ' "$TMPD/manifest")
# mksr's own loop devices may take a moment to go (udev still probing them)
for i in $(seq 50); do grep -qsxF "$orig" /sys/block/loop*/loop/backing_file || break; sleep 0.2; done
od=$(loop_attach "$orig")
sum_orig=$(sha "$orig")
clone=$TMPD/clone.img
cd_=""
fresh_clone() { # a new copy of the original, attached
	[ -n "$cd_" ] && loop_detach "$cd_"
	cp --sparse=always "$orig" "$clone"
	cd_=$(loop_attach "$clone")
	LVM_DEVS="$od $cd_"
}
last_journal() { ls -t "$J"/relun-*.journal | head -1; }

# how many device writes a full resign makes
fresh_clone
out=$("$RESIGN" --dry-run --json --journal-dir "$J" "$cd_" 2>/dev/null)
n=$(jq_ results.0.regions <<<"$out")
like "$n" '^[1-9][0-9]*$' "the plan has $n regions (one device write each)"

for ((k = 1; k <= n; k++)); do
	fresh_clone
	RELUN_FAULT_AFTER_WRITES=$k "$RESIGN" --journal-dir "$J" "$cd_" >/dev/null 2>&1; rc=$?
	is "$rc" 75 "k=$k: crash after write $k (exit 75)"
	jr=$(last_journal)
	if [ "$k" -eq 3 ] || [ "$k" -eq "$n" ]; then
		"$RESIGN" --journal-dir "$J" "$cd_" >"$TMPD/again.out" 2>&1; rc=$?
		is "$rc" 10 "k=$k: a new resign while the journal is pending: refused, exit 10"
		like "$(cat "$TMPD/again.out")" "interrupted: journal .* is pending" "k=$k: names the journal"
		like "$("$PROBE" --no-xe --json --journal-dir "$J" "$cd_" 2>/dev/null)" '"verdict": ?"interrupted"' \
			"k=$k: relun-probe says interrupted"
	fi
	out=$("$RESIGN" --recover "$jr" --json 2>&1); rc=$?
	is "$rc" 0 "k=$k: --recover exit 0"
	is "$(jq_ written <<<"$out")" "$k" "k=$k: --recover rewrote exactly the $k regions written"
	is "$(jq_ state_after <<<"$out")" rolled-back "k=$k: journal state rolled-back"
	is "$(sha "$clone")" "$sum_orig" "k=$k: the clone is the exact original again"
	out=$("$RESIGN" --recover "$jr" --json 2>&1); rc=$?
	is "$rc:$(jq_ written <<<"$out")" "0:0" "k=$k: --recover again writes nothing"

	fresh_clone
	RELUN_FAULT_AFTER_WRITES=$k "$RESIGN" --journal-dir "$J" "$cd_" >/dev/null 2>&1
	jr=$(last_journal)
	out=$("$RESIGN" --recover "$jr" --roll-forward --json 2>&1); rc=$?
	is "$rc" 0 "k=$k: --recover --roll-forward exit 0"
	is "$(jq_ written <<<"$out"):$(jq_ state_after <<<"$out")" "$((n - k)):done" \
		"k=$k: roll-forward wrote the $((n - k)) remaining regions, journal done"
	vgs_out=$(tlvm vgs --nohints --noheadings -o vg_name,lv_count 2>&1)
	vgck_out=$(tlvm vgck --nohints 2>&1); vgck_rc=$?
	is "$(grep -c 'VG_XenStorage-' <<<"$vgs_out")" 2 "k=$k: LVM sees two VGs"
	like "$vgs_out" "$old_vg +4" "k=$k: the original VG with its LVs"
	unlike "$vgs_out$vgck_out" "[Dd]uplicate|mismatch|inconsistent|WARNING: (PV|VG)|[Ee]rror" \
		"k=$k: no duplicate, mismatch or error from LVM"
	is "$vgck_rc" 0 "k=$k: vgck exit 0"
	out=$("$RESIGN" --recover "$jr" --roll-forward --json 2>&1); rc=$?
	is "$rc:$(jq_ written <<<"$out")" "0:0" "k=$k: roll-forward again writes nothing"
	# and the finished resign can still be undone
	"$RESIGN" --undo "$jr" >/dev/null 2>&1; rc=$?
	is "$rc:$(sha "$clone")" "0:$sum_orig" "k=$k: --undo after roll-forward restores the original"
done
is "$(sha "$orig")" "$sum_orig" "the original was never written"
done_testing
