#!/usr/bin/env bash
# One attach script for a run (tests/fixtures/fakexe as xe): a batch of three
# resigned clones gives ONE script, one function per SR in argument order;
# --print / RELUN_XE_DRY=1 print every xe command and run none; pbd-plug
# failing on the second SR shows xe's own error text, the other two SRs
# attach, the exact undo commands are printed (and they undo it); a rerun
# resumes (no second introduce or pbd-create, only the missing plug);
# --rollback undoes the failing SR's attach itself; a local SR's host comes
# from RELUN_HOST_UUID, never silently from the pool master.
. "$(dirname "$0")/../lib/tap.sh"
. "$(dirname "$0")/../lib/sr_clones.sh"
plan 33
need_root
relun_tools
J=$TMPD/journal

sr_and_clones 3
cl=("${CLONES[@]}")
fake_xe
S=$TMPD/attach.sh

"$RESIGN" --journal-dir "$J" --xe-script "$S" "${cl[@]}" >"$TMPD/out" 2>"$TMPD/err"
is "$?" 0 "resign of three clones: exit 0"
ok "$([ -x "$S" ] && [ ! -e "$S.1" ] && [ ! -e "$S.2" ]; echo $?)" "one script for the run (no attach.sh.1, .2)"
ok "$(bash -n "$S"; echo $?)" "bash -n accepts it"
# the new SR uuids as LVM reads them (VG_XenStorage-<uuid>), per device
sr=()
for d in "${cl[@]}"; do
	sr+=("$(tlvm pvs --nohints --noheadings -o vg_name "$d" 2>/dev/null | sed 's/^ *VG_XenStorage-//')")
done
: >"$TMPD/probemap"
for i in 0 1 2; do echo "${cl[$i]} ${sr[$i]}" >>"$TMPD/probemap"; done
is "$(sed -n "s/^SR_UUID='\(.*\)'$/\1/p" "$S" | tr '\n' ' ')" "${sr[*]} " \
	"functions attach_1..3 carry the three new SRs in argument order"
is "$(grep -c '^attach_[0-9]*() {$' "$S")" 3 "one function per SR"
like "$(cat "$TMPD/out")" "attach with $S \(review first: bash $S --print\)" "the screen names the one script"

xerun() { # xerun LOGNAME ARGS...: run the script against fakexe
	local l=$TMPD/$1; shift
	PATH=$TMPD/bin:$PATH FAKEXE_LOG=$TMPD/pool FAKEXE_PROBE_MAP=$TMPD/probemap \
		RELUN_HOST_UUID=${HOST:-hhhhhhhh-0000-4000-8000-00000000000h} bash "$S" "$@" >"$l.out" 2>"$l.err"
}
calls() { grep -c "^$2\$" "$TMPD/$1.log" 2>/dev/null; } # calls SNAPSHOT SUBCOMMAND
snap() { cp "$TMPD/pool" "$TMPD/$1.log" 2>/dev/null || : >"$TMPD/$1.log"; : >"$TMPD/pool"; }

# print-only: every command, none run
rm -rf "$TMPD/pool"*
xerun print --print
is "$?" 0 "--print: exit 0"
ok "$([ ! -e "$TMPD/pool" ]; echo $?)" "--print: xe never ran"
is "$(grep -c '^xe sr-introduce uuid=' "$TMPD/print.out")" 3 "--print: three sr-introduce commands"
is "$(grep '^xe sr-introduce' "$TMPD/print.out" | sed 's/^xe sr-introduce uuid=\([^ ]*\) .*/\1/' | tr '\n' ' ')" \
	"${sr[*]} " "--print: in argument order"
like "$(cat "$TMPD/print.out")" "xe pbd-create host-uuid=hhhhhhhh-0000-4000-8000-00000000000h sr-uuid=${sr[0]} device-config:device=${cl[0]}$" \
	"--print: pbd-create for RELUN_HOST_UUID with the LUN's device"
like "$(cat "$TMPD/print.out")" "xe pbd-plug 'uuid=<PBD of host hhhhhhhh-0000-4000-8000-00000000000h>'" "--print: pbd-plug"
RELUN_XE_DRY=1 xerun dry
ok "$([ ! -e "$TMPD/pool" ] && cmp -s "$TMPD/dry.out" "$TMPD/print.out"; echo $?)" "RELUN_XE_DRY=1: the same print, nothing run"

# pbd-plug fails on the second SR
rm -rf "$TMPD/pool"*
FAKEXE_FAIL=pbd-plug:${sr[1]} xerun fail
is "$?" 1 "pbd-plug failing on SR 2: exit 1"
snap fail
like "$(cat "$TMPD/fail.err")" "^Error code: SR_BACKEND_FAILURE_96$" "xe's own error text is shown"
pbd2=$(grep -l "^sr=${sr[1]}$" "$TMPD/pool.state/pbd/"* | xargs -n1 basename)
is "$(grep -A3 "SR ${sr[1]}: fix the cause" "$TMPD/fail.err")" \
"relun attach: SR ${sr[1]}: fix the cause and run this script again (it resumes), or undo its attach with:
  xe pbd-destroy uuid=$pbd2
  xe sr-forget uuid=${sr[1]}
relun attach: 1 of 3 SR(s) not attached: ${sr[1]}" "the exact undo commands, last made first"
is "$(grep -c '^attached=true$' "$TMPD/pool.state/pbd/"*  | grep -c ':1$')" 2 "SRs 1 and 3 plugged"
is "$(cat "$TMPD/pool.state/pbd/$pbd2" | grep attached)" "attached=false" "SR 2's PBD not plugged"
like "$(cat "$TMPD/fail.out")" "SR ${sr[0]} attached on 1 host" "SR 1 attached"
like "$(cat "$TMPD/fail.out")" "SR ${sr[2]} attached on 1 host" "SR 3 attached after SR 2 failed"

# rerun: resumes
xerun rerun
is "$?" 0 "rerun: exit 0"
snap rerun
is "$(calls rerun sr-introduce)/$(calls rerun pbd-create)/$(calls rerun pbd-plug)/$(calls rerun sr-probe)" "0/0/1/0" \
	"rerun: no sr-introduce, no pbd-create, no sr-probe, one pbd-plug"
is "$(grep -A1 '^pbd-plug$' "$TMPD/rerun.log" | tail -1)" "uuid=$pbd2" "rerun: plugs SR 2's PBD"
is "$(grep -c 'already introduced (an earlier run): resuming' "$TMPD/rerun.err")" 3 "rerun: says it resumes each SR"
is "$(tail -1 "$TMPD/rerun.out")" "3 SR(s) attached" "rerun: all three attached"

# the printed undo commands work as printed
rm -rf "$TMPD/pool"*
FAKEXE_FAIL=pbd-plug:${sr[1]} xerun fail2
grep -A2 "SR ${sr[1]}: fix the cause" "$TMPD/fail2.err" | tail -2 | sed 's/^  //' >"$TMPD/undo.cmds"
PATH=$TMPD/bin:$PATH FAKEXE_LOG=$TMPD/pool bash "$TMPD/undo.cmds"
ok "$([ ! -e "$TMPD/pool.state/sr/${sr[1]}" ] && ! grep -qx "sr=${sr[1]}" "$TMPD/pool.state/pbd/"*; echo $?)" \
	"running the printed commands leaves no trace of SR 2 in the pool"

# --rollback does it itself
rm -rf "$TMPD/pool"*
FAKEXE_FAIL=pbd-plug:${sr[1]} xerun rb --rollback
is "$?" 1 "--rollback: still exit 1"
ok "$([ ! -e "$TMPD/pool.state/sr/${sr[1]}" ] && ! grep -qx "sr=${sr[1]}" "$TMPD/pool.state/pbd/"*; echo $?)" \
	"--rollback: SR 2 forgotten, its PBD destroyed"
ok "$([ -e "$TMPD/pool.state/sr/${sr[0]}" ] && [ -e "$TMPD/pool.state/sr/${sr[2]}" ]; echo $?)" "--rollback: SRs 1 and 3 stay"
like "$(cat "$TMPD/rb.out")" "^\+ xe pbd-destroy uuid=$pbd2$" "--rollback: shows what it runs"

# a local SR without RELUN_HOST_UUID (and no /etc/xensource-inventory): stop, change nothing
rm -rf "$TMPD/pool"*
if [ ! -e /etc/xensource-inventory ]; then
	PATH=$TMPD/bin:$PATH FAKEXE_LOG=$TMPD/pool FAKEXE_PROBE_MAP=$TMPD/probemap bash "$S" >"$TMPD/nohost.out" 2>"$TMPD/nohost.err"
	is "$?" 1 "local SR, no RELUN_HOST_UUID: exit 1"
	like "$(cat "$TMPD/nohost.err")" "SR ${sr[0]} is local \(device ${cl[0]}\): set RELUN_HOST_UUID to the uuid of the host that sees it" \
		"says to set RELUN_HOST_UUID"
	snap nohost
	is "$(calls nohost sr-introduce)$(calls nohost pool-list)" "00" "nothing introduced, the pool master not asked"
else
	skip "local SR without RELUN_HOST_UUID" "this host has /etc/xensource-inventory"
	skip "says to set RELUN_HOST_UUID" "inventory"
	skip "nothing introduced" "inventory"
fi
# the hostile-label case stays covered by t130; CHAP by test_xe_script
done_testing
