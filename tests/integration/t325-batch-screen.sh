#!/usr/bin/env bash
# A batch's screen: results in argument order (a refusal on stderr in its
# place, not before the others), a summary line and a JSON summary object;
# JSON without escaped slashes; progress on stderr only when asked for or
# when stderr is a terminal (never on stdout, never when piped by default).
. "$(dirname "$0")/../lib/tap.sh"
. "$(dirname "$0")/../lib/sr_clones.sh"
plan 15
need_root
relun_tools
J=$TMPD/journal
sr_and_clones 2
a=$SR_IMG c1=${CLONES[0]} c2=${CLONES[1]}
truncate -s 16M "$TMPD/bad.img"   # no LVM at all
bad=$(loop_attach "$TMPD/bad.img")

"$RESIGN" --no-verify --journal-dir "$J" "$c1" "$bad" "$c2" >"$TMPD/all" 2>&1
is "$?" 1 "a batch with a refusal: exit 1"
is "$(awk '/^\/dev\// {print $1, $2}' "$TMPD/all" | tr '\n' ' ')" "$c1 resigned $bad refused $c2 resigned " \
	"a table: one line per LUN in argument order, the refusal in its place"
is "$(tail -1 "$TMPD/all")" "3 LUNs: 2 resigned, 1 refused, 0 failed" "the summary line"
ok "$(grep -q 'LUNs, .* failed' "$TMPD/all"; [ $? = 1 ]; echo $?)" "no progress when stderr is not a terminal"
for f in c1 c2; do cp --sparse=always "$a" "$TMPD/$f.img"; done

"$RESIGN" --no-verify --json --progress --journal-dir "$J" "$c1" "$bad" "$c2" >"$TMPD/out.json" 2>"$TMPD/err"
is "$?" 1 "--json --progress: exit 1"
is "$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(json.dumps(d["summary"], sort_keys=True))' "$TMPD/out.json")" \
	'{"failed": 0, "luns": 3, "not-needed": 0, "planned": 0, "refused": 1, "resigned": 2, "rolled-back": 0}' \
	"JSON: the summary object (stdout is JSON only)"
is "$(python3 -c 'import json,sys; print(" ".join(r["devices"][0] for r in json.load(open(sys.argv[1]))["results"]))' "$TMPD/out.json")" \
	"$c1 $bad $c2" "JSON: results in argument order"
ok "$(grep -q '\\/' "$TMPD/out.json"; [ $? = 1 ]; echo $?)" "JSON: no escaped slash"
like "$(cat "$TMPD/out.json")" "\"$c1\"" "JSON: the device path as it is (grep finds it)"
like "$(tr '\r' '\n' <"$TMPD/err")" "relun-resign: 3/3 LUNs, 1 failed, [0-9.]+ LUN/s, ETA 0:00" "--progress: done/total, failures, rate, ETA on stderr"
for f in c1 c2; do cp --sparse=always "$a" "$TMPD/$f.img"; done
"$RESIGN" --no-verify --no-progress --journal-dir "$J" "$c1" "$bad" "$c2" >/dev/null 2>"$TMPD/err2"
ok "$(grep -q 'LUNs, .* failed' "$TMPD/err2"; [ $? = 1 ]; echo $?)" "--no-progress: none"
# a loop device and its own image file: one LUN by two ways in, refused
# (a second transaction would resign the first one's result), nothing written
before=$(sha "$TMPD/c1.img")
"$RESIGN" --no-verify --journal-dir "$J" "$c1" "$TMPD/c1.img" >/dev/null 2>"$TMPD/twice"
is "$?:$(cat "$TMPD/twice")" "2:relun-resign: $c1 and $TMPD/c1.img are the same LUN (a loop device and its image file); give each LUN once; nothing written" \
	"a loop device and its image file: the same LUN, exit 2"
is "$(sha "$TMPD/c1.img")" "$before" "the loop device and its image: nothing written"
# a terminal on stderr: progress by default (script(1) gives the tool a pty)
for f in c1 c2; do cp --sparse=always "$a" "$TMPD/$f.img"; done
script -qec "'$RESIGN' --no-verify --journal-dir '$J' '$c1' '$c2' >'$TMPD/tty.out'" /dev/null >"$TMPD/tty" 2>&1
like "$(tr '\r' '\n' <"$TMPD/tty")" "relun-resign: 2/2 LUNs, 0 failed" "stderr a terminal: progress by default"
unlike "$(cat "$TMPD/tty.out")" "LUNs, 0 failed" "never on stdout"
done_testing
