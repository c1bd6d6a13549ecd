#!/usr/bin/env bash
# Issue 11: a non-root relun-probe whose only failures are EACCES exits 3
# with "run as root" (not 4, "unreadable"); a missing device is still 4.
# relun-probe reports the LVs active on each LUN (none here: no dm).
. "$(dirname "$0")/../lib/tap.sh"
need_root
relun_tools
plan 5
command -v setpriv >/dev/null || { echo "not ok 1 - setpriv missing"; exit 1; }
d=$(mktemp -d /tmp/relun-t240.XXXXXX); chmod 755 "$d"
trap 'rm -rf "$d"; _tap_cleanup' EXIT
mksr -q --size 96M "$d/sr.img" >/dev/null || { echo "not ok 1 - mksr failed"; exit 1; }
chmod 600 "$d/sr.img"
nobody() { setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; }

out=$(nobody "$PROBE" --no-xe --journal-dir "$d/j" "$d/sr.img" 2>&1); rc=$?
is "$rc" 3 "non-root, EACCES only: exit 3"
like "$out" "relun-probe: permission denied opening 1 device\\(s\\): run as root" "the message says run as root"
out=$(nobody "$PROBE" --no-xe --journal-dir "$d/j" "$d/none.img" 2>&1); rc=$?
is "$rc" 4 "non-root, a missing file: still exit 4"
out=$("$PROBE" --no-xe --journal-dir "$d/j" --json "$d/sr.img"); rc=$?
is "$rc" 0 "as root: exit 0"
is "$(jq_ luns.0.active_dm <<<"$out")" "[]" "no LV active on an image file"
done_testing
