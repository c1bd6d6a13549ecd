#!/usr/bin/env bash
# After a reboot the LUN comes back under another node: a resign is cut,
# the clone's loop device is detached and the clone attached again under
# another number while another LUN takes the old one.  --recover finds the
# LUN by the identity the journal recorded (loop backing file, size,
# header fingerprint), says which node and why, and recovers it; relun-probe
# finds the pending journal on the new node.  No candidate or two: refused
# (exit 12); --device OLD=NEW names it.
. "$(dirname "$0")/../lib/tap.sh"
plan 15
need_root
relun_tools
. "$TOP/tests/crash/lib.sh"
sr_setup
fresh_clone
other=$(tmpimg 90M other)

"$RESIGN" --dry-run --json --journal-dir "$J" "$cd_" >/dev/null 2>&1
RELUN_FAULT_AFTER_WRITES=7 "$RESIGN" --journal-dir "$J" "$cd_" >/dev/null 2>&1
jr=$(last_journal)
old_node=$cd_
# the "reboot": the clone's node goes, another LUN takes it, the clone
# comes back elsewhere
loop_detach "$cd_"
on=$(loop_attach "$other")
cd_=$(loop_attach "$clone")
# (other users of loop devices on this host may free numbers meanwhile:
# the clone must not come back on its old node)
while [ "$cd_" = "$old_node" ]; do loop_attach "$other" >/dev/null; loop_detach "$cd_"; cd_=$(loop_attach "$clone"); done
[ "$on" = "$old_node" ] || echo "# note: the old node $old_node was not reused ($on)"
ok "$([ "$cd_" != "$old_node" ] && echo 0 || echo 1)" "the clone is back as $cd_, not $old_node"
LVM_DEVS="$od $cd_"

like "$("$PROBE" --no-xe --json --journal-dir "$J" "$od" "$cd_" 2>/dev/null)" '"verdict": ?"interrupted"' \
	"relun-probe: the LUN on its new node is interrupted (journal found by identity)"
out=$("$RESIGN" --recover "$jr" 2>&1); rc=$?
is "$rc" 0 "--recover: exit 0"
like "$out" "$old_node is no longer the journal's LUN .*found it by identity loop_file:$clone, size [0-9]+, as $cd_" \
	"--recover says which node it chose and why"
is "$(sha "$clone")" "$sum_orig" "the clone is the exact original again"
is "$(sha "$other")" "$(sha <(head -c 90M /dev/zero))" "the LUN now at the old node was not written"
unlike "$("$PROBE" --no-xe --json --journal-dir "$J" "$od" "$cd_" 2>/dev/null)" '"verdict": ?"interrupted"' \
	"relun-probe: not interrupted after the recovery"

# roll forward after the same kind of move
loop_detach "$cd_"; cp --sparse=always "$orig" "$clone"; cd_=$(loop_attach "$clone")
LVM_DEVS="$od $cd_"
RELUN_FAULT_AFTER_WRITES=9 "$RESIGN" --journal-dir "$J" "$cd_" >/dev/null 2>&1
jr=$(last_journal)
node2=$cd_
loop_detach "$cd_"
spare=$(loop_attach "$other")
cd_=$(loop_attach "$clone")
LVM_DEVS="$od $cd_"
out=$("$RESIGN" --recover "$jr" --roll-forward 2>&1); rc=$?
is "$rc" 0 "--recover --roll-forward on the new node: exit 0"
is "$(tlvm vgs --nohints --noheadings -o vg_name 2>/dev/null | grep -c VG_XenStorage-):$(tlvm vgck --nohints >/dev/null 2>&1; echo $?)" \
	"2:0" "LVM sees two VGs, vgck clean"

# nothing to find
RELUN_FAULT_AFTER_WRITES=3 "$RESIGN" --recover "$jr" >/dev/null 2>&1 # no-op: done
loop_detach "$cd_"; cp --sparse=always "$orig" "$clone"; cd_=$(loop_attach "$clone")
RELUN_FAULT_AFTER_WRITES=4 "$RESIGN" --journal-dir "$J" "$cd_" >/dev/null 2>&1
jr=$(last_journal)
lost=$cd_
loop_detach "$cd_"; cd_=""
sum_cut=$(sha "$clone")
"$RESIGN" --recover "$jr" >"$TMPD/out" 2>&1; rc=$?
is "$rc" 12 "the LUN is nowhere: refused, exit 12"
like "$(cat "$TMPD/out")" "no block device on this host has (its|the journal.s) identity loop_file:$clone" "says so (the old node may hold another LUN by now)"
# two candidates (the recorded node taken by another LUN first)
filler=$(loop_attach "$other")
c1=$(loop_attach "$clone"); c2=$(loop_attach "$clone")
while [ "$c1" = "$lost" ] || [ "$c2" = "$lost" ]; do
	loop_detach "$c1"; loop_detach "$c2"; loop_attach "$other" >/dev/null
	c1=$(loop_attach "$clone"); c2=$(loop_attach "$clone")
done
"$RESIGN" --recover "$jr" >"$TMPD/out" 2>&1; rc=$?
is "$rc" 12 "two nodes with its identity: refused, exit 12"
like "$(cat "$TMPD/out")" "2 block devices have its identity .*--device $lost=DEV" "names them and the way out"
is "$(sha "$clone")" "$sum_cut" "nothing written while refused"
"$RESIGN" --recover "$jr" --device "$lost=$c2" >"$TMPD/out" 2>&1; rc=$?
is "$rc:$(sha "$clone")" "0:$sum_orig" "--device $lost=$c2: recovered, the exact original"
done_testing
