#!/usr/bin/env bash
# Undo and recover know the pool (tests/fixtures/fakexe as xe):
# --undo of a resigned clone whose new SR the pool knows is refused (exit 5,
# nothing written) with the pbd-unplug / pbd-destroy / sr-forget commands
# for the pool's own PBDs; once they have run, the undo goes through.
# --recover --roll-forward --xe-script after a crash says the new identity
# (the SR uuid LVM reads) and writes the attach script for it.
. "$(dirname "$0")/../lib/tap.sh"
. "$(dirname "$0")/../lib/sr_clones.sh"
plan 14
need_root
relun_tools
J=$TMPD/journal
sr_and_clones 1
orig=$SR_IMG cd_=${CLONES[0]}
fake_xe
X=(env PATH="$TMPD/bin:$PATH" FAKEXE_LOG="$TMPD/pool" RELUN_HOST_UUID=aaaaaaaa-0000-4000-8000-000000000001)

"$RESIGN" --json --journal-dir "$J" --xe-script "$TMPD/attach.sh" "$cd_" >"$TMPD/r.json" 2>"$TMPD/err"
is "$?" 0 "resign: exit 0"
jr=$(jq_ results.0.journal <"$TMPD/r.json")
sr=$(tlvm pvs --nohints --noheadings -o vg_name "$cd_" 2>/dev/null | sed 's/^ *VG_XenStorage-//')
"${X[@]}" FAKEXE_PROBE_UUID="$sr" bash "$TMPD/attach.sh" >/dev/null 2>&1
is "$?" 0 "the SR attached to the fake pool"
pbd=$(ls "$TMPD/pool.state/pbd")
before=$(sha "$TMPD/c1.img")
"${X[@]}" "$RESIGN" --undo "$jr" >"$TMPD/u.out" 2>"$TMPD/u.err"
is "$?" 5 "--undo while the pool knows the SR: exit 5"
is "$(cat "$TMPD/u.err")" "relun-resign: the pool knows SR $sr, which this undo would take away (the LUN goes back to the original's identity); nothing written.
Detach it from the pool first, then run the undo again:
  xe pbd-unplug uuid=$pbd
  xe pbd-destroy uuid=$pbd
  xe sr-forget uuid=$sr" "says why and prints the commands, with the pool's PBD"
is "$(sha "$TMPD/c1.img")" "$before" "nothing written"
"${X[@]}" "$RESIGN" --undo "$jr" --dry-run >/dev/null 2>&1
is "$?" 5 "--undo --dry-run: refused the same way"
tail -3 "$TMPD/u.err" | sed 's/^  //' >"$TMPD/detach"
"${X[@]}" bash "$TMPD/detach"
is "$?" 0 "the printed commands run"
"${X[@]}" "$RESIGN" --undo "$jr" >"$TMPD/u2.out" 2>"$TMPD/u2.err"
is "$?" 0 "--undo once the pool has forgotten the SR: exit 0"
is "$(sha "$TMPD/c1.img")" "$(sha "$orig")" "the clone is the original's bytes again"

# a crash, then --recover --roll-forward --xe-script
rm -rf "$TMPD/pool"* "$J"
RELUN_FAULT_AFTER_WRITES=3 "$RESIGN" --journal-dir "$J" "$cd_" >/dev/null 2>&1
is "$?" 75 "crash after write 3 (exit 75)"
jr=$(ls "$J"/*.journal | head -1)
"$RESIGN" --recover "$jr" --roll-forward --xe-script "$TMPD/fwd.sh" >"$TMPD/f.out" 2>"$TMPD/f.err"
is "$?" 0 "--recover --roll-forward: exit 0"
sr=$(tlvm pvs --nohints --noheadings -o vg_name "$cd_" 2>/dev/null | sed 's/^ *VG_XenStorage-//')
like "$(cat "$TMPD/f.out")" "new SR uuid +$sr" "prints the new SR uuid (as LVM reads it)"
is "$(sed -n "s/^SR_UUID='\(.*\)'$/\1/p" "$TMPD/fwd.sh")" "$sr" "writes the attach script for it"
"${X[@]}" FAKEXE_PROBE_UUID="$sr" bash "$TMPD/fwd.sh" >"$TMPD/fwd.out" 2>&1
like "$(cat "$TMPD/fwd.out")" "SR $sr attached on 1 host" "the script attaches it"
done_testing
