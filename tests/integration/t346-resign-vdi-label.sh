#!/usr/bin/env bash
# --vdi-name-label: every VDI's label in MGT from a template ({label} the
# VDI's own old label, {date}, {short}, {index}), read back here from the
# MGT records on disk (the test's own reader, not relun's); the records'
# other sectors unchanged.  A label that sm would cut (label + description
# over 445 bytes, & < > escaped) or that is not UTF-8 is refused, exit 2,
# nothing written.  So is a VDI record not laid out as sm writes it (its
# <uuid> begun in the label sector, which relun reads but could only cut in
# two): exit 13, nothing written, and without the option it resigns.
. "$(dirname "$0")/../lib/tap.sh"
. "$(dirname "$0")/../lib/sr_clones.sh"
plan 17
need_root
relun_tools
J=$TMPD/journal
sr_and_clones 3
c1=${CLONES[0]} c2=${CLONES[1]} c3=${CLONES[2]}
# mgt IMG FIELD: per live VDI record (in slot order) its name_label, or its
# second sector's sha256 with its uuids (uuid, snapshot_of) blanked, straight from the image
mgt() { python3 - "$1" "$2" <<'PY'
import hashlib, re, sys
d = open(sys.argv[1], 'rb').read()
m = d.find(b'XSSM:')
n = int(d[m + 5:m + 15])
for off in range(2048, n, 1024):
    a, b = d[m + off:m + off + 512], d[m + off + 512:m + off + 1024]
    if b'<deleted>1</deleted>' in b:
        continue
    if sys.argv[2] == 'label':
        print(re.search(rb'<name_label>(.*?)</name_label>', a, re.S).group(1).decode())
    else:
        print(hashlib.sha256(re.sub(rb'<(uuid|snapshot_of)>[^<]*</(uuid|snapshot_of)>', b'', b)).hexdigest()[:16])
PY
}
old=$(mgt "$TMPD/c1.img" label)
oldb=$(mgt "$TMPD/c1.img" rest)
is "$(wc -l <<<"$old")" 3 "the SR has three VDI records (mksr's chain)"
"$RESIGN" --json --no-verify --journal-dir "$J" --vdi-name-label '{label} (DR {date} #{index})' "$c1" "$c2" \
	>"$TMPD/out.json" 2>"$TMPD/err"
is "$?" 0 "a batch with a VDI label template: exit 0"
today=$(date -u +%F)
for i in 1 2; do
	is "$(mgt "$TMPD/c$i.img" label)" "$(sed "s/\$/ (DR $today #$i)/" <<<"$old")" \
		"clone $i: every VDI record holds its own label, expanded"
	is "$(mgt "$TMPD/c$i.img" rest)" "$oldb" "clone $i: the records' other sector as before (uuids aside)"
done
is "$(mgt "$TMPD/a.img" label)" "$old" "the original's labels untouched"

before=$(sha "$TMPD/c3.img")
"$RESIGN" --no-verify --journal-dir "$J" --vdi-name-label "$(printf 'a%.0s' $(seq 446))" "$c3" \
	>"$TMPD/err" 2>&1; rc=$?
is "$rc" 2 "label + description over 445 bytes: refused, exit 2"
like "$(cat "$TMPD/err")" "--vdi-name-label: VDI [0-9a-f-]{36}: its label and description take 446 bytes in MGT .*sm keeps at most 445 together" \
	"says the limit and the VDI"
"$RESIGN" --no-verify --journal-dir "$J" --vdi-name-label $'caf\xc3' "$c3" >/dev/null 2>"$TMPD/err"
is "$?:$(head -1 "$TMPD/err")" "2:relun-resign: --vdi-name-label: the label is not valid UTF-8" \
	"a cut UTF-8 character: refused, exit 2"
is "$(sha "$TMPD/c3.img")" "$before" "nothing written by either refusal"

# c3's first VDI record without its label sector's padding: the record's
# uuid element now starts in the label sector (the reader accepts it)
uuid0=$(python3 - "$TMPD/c3.img" <<'PY'
import re, sys
f = open(sys.argv[1], 'r+b')
d = f.read()
m = d.find(b'XSSM:')
rec = m + 2048
a, b = d[rec:rec + 512], d[rec + 512:rec + 1024]
a = a[:a.index(b'</name_description>') + len(b'</name_description>')]
b = b.rstrip(b' ')
f.seek(rec)
f.write((a + b).ljust(1024, b' '))
print(re.search(rb'<uuid>([0-9a-f-]{36})</uuid>', b).group(1).decode())
PY
)
before=$(sha "$TMPD/c3.img")
"$PROBE" "$c3" >"$TMPD/probe" 2>&1
like "$(grep "^$c3 " "$TMPD/probe")" "^$c3 +clone " "relun-probe reads the moved record as sound: a clone, not damaged"
"$RESIGN" --no-verify --journal-dir "$J" --vdi-name-label x "$c3" >"$TMPD/out" 2>"$TMPD/err"; rc=$?
is "$rc" 13 "a VDI record not laid out as sm writes it, with --vdi-name-label: refused, exit 13"
like "$(cat "$TMPD/err" "$TMPD/out")" "--vdi-name-label: VDI record $uuid0 at MGT offset 2048 is not laid out as sm writes it; relun will not rewrite it" \
	"names the record and its offset"
is "$(sha "$TMPD/c3.img")" "$before" "nothing written"
"$RESIGN" --no-verify --journal-dir "$J" "$c3" >/dev/null 2>"$TMPD/err"
is "$?" 0 "the same clone without --vdi-name-label: resigned (its uuid is patched where it lies)"
"$RESIGN" --attach-only --journal-dir "$J" --vdi-name-label x "$c3" >/dev/null 2>&1
is "$?" 2 "--attach-only keeps every label: --vdi-name-label with it is a usage error"
done_testing
