#!/usr/bin/env bash
# A journal is evidence only if root wrote it.  A world-writable or foreign
# journal directory is refused (exit 10, with the fix) before anything is
# written; a planted journal (other owner, 0666, edited state word) is
# refused by --recover/--undo with the devices untouched (sha256); an undone
# journal is never rolled forward, a rolled-back one never undone; a
# journal that never became valid (still ".partial") blocks nothing and
# --recover says the devices were not touched (exit 0, file kept as .void).
. "$(dirname "$0")/../lib/tap.sh"
plan 25
need_root
relun_tools
RESIGN=${RELUN_RESIGN_UNDER_TEST:-$RESIGN}
. "$TOP/tests/crash/lib.sh"
sr_setup
fresh_clone

# 1. a world-writable journal directory: refused before anything is written
mkdir -m 0777 "$TMPD/open"
"$RESIGN" --journal-dir "$TMPD/open" "$cd_" >"$TMPD/out" 2>&1; rc=$?
is "$rc" 10 "world-writable journal directory: refused, exit 10"
like "$(cat "$TMPD/out")" "mode 0777: group or others may write .*fix: chmod 0700" "says why and the fix"
is "$(sha "$clone")" "$sum_orig" "nothing written to the clone"
is "$(ls -A "$TMPD/open" | wc -l)" 0 "no journal created"
# owned by another user
mkdir -m 0700 "$TMPD/theirs"; chown 65534 "$TMPD/theirs"
"$RESIGN" --journal-dir "$TMPD/theirs" "$cd_" >"$TMPD/out" 2>&1; rc=$?
is "$rc" 10 "journal directory owned by another user: refused, exit 10"
like "$(cat "$TMPD/out")" "owned by uid 65534, not root.*fix: chown root:root" "says why and the fix"
is "$(sha "$clone")" "$sum_orig" "nothing written to the clone"

# 2. a real interrupted journal, then planted copies of it
RELUN_FAULT_AFTER_WRITES=5 "$RESIGN" --journal-dir "$J" "$cd_" >/dev/null 2>&1
jr=$(ls "$J"/relun-*.journal)
is "$(stat -c %a "$J"):$(stat -c %a "$jr")" "700:600" "the journal directory is 0700, the journal 0600"
sum_cut=$(sha "$clone")
cp -p "$jr" "$TMPD/open/$(basename "$jr")"
"$RESIGN" --recover "$TMPD/open/$(basename "$jr")" >"$TMPD/out" 2>&1; rc=$?
is "$rc" 10 "a journal in a world-writable directory: --recover refused, exit 10"
is "$(sha "$clone")" "$sum_cut" "nothing written"
cp "$jr" "$TMPD/j0666"; chmod 0666 "$TMPD/j0666"
mkdir -m 0700 "$TMPD/priv"; mv "$TMPD/j0666" "$TMPD/priv/"
"$RESIGN" --recover "$TMPD/priv/j0666" >"$TMPD/out" 2>&1; rc=$?
is "$rc" 10 "a 0666 journal: refused, exit 10"
like "$(cat "$TMPD/out")" "mode 0666: group or others may have edited it" "says why"
chmod 0600 "$TMPD/priv/j0666"; chown 65534 "$TMPD/priv/j0666"
"$RESIGN" --recover "$TMPD/priv/j0666" >"$TMPD/out" 2>&1; rc=$?
is "$rc" 10 "a journal owned by another user: refused, exit 10"
is "$(sha "$clone")" "$sum_cut" "nothing written by any of them"
# the state word edited (prepared -> done, with the old complement rule)
cp "$jr" "$TMPD/priv/edited"; chmod 0600 "$TMPD/priv/edited"
printf '\x02\x00\x00\x00\xfd\xff\xff\xff' | dd of="$TMPD/priv/edited" bs=1 seek=16 conv=notrunc status=none
"$RESIGN" --undo "$TMPD/priv/edited" >"$TMPD/out" 2>&1; rc=$?
is "$rc" 6 "an edited state word: refused (exit 6, damaged journal)"
like "$(cat "$TMPD/out")" "state word fails its check" "says the state word fails its check"
is "$(sha "$clone")" "$sum_cut" "nothing written"

# 3. state rules: rolled back -> no --undo; undone -> no --roll-forward
"$RESIGN" --recover "$jr" >/dev/null 2>&1
"$RESIGN" --undo "$jr" >"$TMPD/out" 2>&1; rc=$?
is "$rc" 10 "--undo of a rolled-back journal: refused, exit 10"
"$RESIGN" --recover "$jr" --roll-forward >/dev/null 2>&1
"$RESIGN" --undo "$jr" >/dev/null 2>&1
"$RESIGN" --recover "$jr" --roll-forward >"$TMPD/out" 2>&1; rc=$?
is "$rc:$(sha "$clone")" "10:$sum_orig" "--roll-forward of an undone journal: refused, exit 10, the original stays"

# 4. a journal that never became valid: cut before its fsync and rename
rm -f "$J"/*
RELUN_FAULT_AFTER_WRITES=1 "$RESIGN" --journal-dir "$TMPD/j2" "$cd_" >/dev/null 2>&1
j2=$(ls "$TMPD"/j2/relun-*.journal)
"$RESIGN" --recover "$j2" >/dev/null 2>&1
head -c 3000 "$j2" >"$TMPD/j2/$(basename "$j2").partial"; chmod 0600 "$TMPD/j2/"*.partial
rm "$j2"
unlike "$("$PROBE" --no-xe --json --journal-dir "$TMPD/j2" "$od" "$cd_" 2>/dev/null)" '"verdict": ?"interrupted"' \
	"relun-probe: a never-valid journal does not make the LUN interrupted"
"$RESIGN" --dry-run --journal-dir "$TMPD/j2" "$cd_" >/dev/null 2>&1; rc=$?
is "$rc" 0 "relun-resign: the LUN is not pending because of it"
out=$("$RESIGN" --recover "$TMPD/j2/$(basename "$j2").partial" 2>&1); rc=$?
is "$rc" 0 "--recover of a never-valid journal: exit 0"
like "$out" "never became valid .* the devices were not touched" "says the devices were not touched"
is "$(ls "$TMPD/j2")" "$(basename "$j2").void" "the file is kept, renamed .void"
is "$(sha "$orig")" "$sum_orig" "the original was never written"
done_testing
