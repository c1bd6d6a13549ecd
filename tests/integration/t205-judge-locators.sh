#!/usr/bin/env bash
# Issue 11 case 9: every parent locator of every child -- relative, absolute
# /dev/VG/LV, /dev/mapper/<dm name>, a file:// URL, in each of MACX, W2KU and
# W2RU -- is rewritten to name the new VG's parent, or the resign is refused
# (exit 13) naming the VDI and the locator.  The locators are read back here
# by a decoder of this script's own (not relun's) and compared with the
# names LVM reports for the result.
. "$(dirname "$0")/../lib/tap.sh"
need_root
relun_tools
plan 13
J=$TMPD/journal

# locs IMG [FORM]: print every parent locator of every VHD header in IMG as
# "CODE PATH" (decoded); with FORM, first rewrite each to that form of the
# same parent: dev (/dev/VG/LV), mapper (/dev/mapper/DM), url
# (file:///dev/mapper/DM in every slot), other (/dev/VG_XenStorage-<other>/LV).
locs() { python3 - "$@" <<'PY'
import struct, sys
img, form = sys.argv[1], (sys.argv[2] if len(sys.argv) > 2 else None)
OTHER = "VG_XenStorage-00000000-1111-4222-8333-444444444444"
def ck(b):
    b = bytearray(b); b[36:40] = b"\0" * 4
    return (~sum(b)) & 0xFFFFFFFF
def dec(code, d):
    if code == 0x4D616358:
        return d.decode("ascii")
    return d.decode("utf-16-le").replace("\\", "/")
def enc(code, p):
    if code == 0x4D616358:
        return p.encode("ascii")
    return p.replace("/", "\\").encode("utf-16-le")
def undouble(s):
    i = 0
    while True:
        i = s.index("-", i)
        if s[i + 1] == "-":
            i += 2; continue
        return s[:i].replace("--", "-"), s[i + 1:].replace("--", "-")
data = bytearray(open(img, "rb").read())
pos = 0
out = []
while True:
    h = data.find(b"cxsparse", pos)
    if h < 0:
        break
    pos = h + 8
    lv = h - 512
    if data[lv:lv + 8] != b"conectix":
        continue
    hdr = bytearray(data[h:h + 1024])
    for s in range(8):
        code, space, ln, _, off = struct.unpack_from(">IIIIQ", hdr, 576 + 24 * s)
        if not code:
            continue
        p = dec(code, bytes(data[lv + off:lv + off + ln]))
        if form:
            rel = p[7:] if p.startswith("file://") else p
            rel = rel[2:] if rel.startswith("./") else rel
            vg, l = undouble(rel)
            dm = lambda v, x: v.replace("-", "--") + "-" + x.replace("-", "--")
            new = {"dev": "/dev/%s/%s" % (vg, l), "mapper": "/dev/mapper/" + dm(vg, l),
                   "url": "file:///dev/mapper/" + dm(vg, l),
                   "other": "/dev/%s/%s" % (OTHER, l)}[form]
            if code == 0x4D616358 and not new.startswith("file://"):
                new = "file://" + new
            b = enc(code, new)
            data[lv + off:lv + off + space] = b + b"\0" * (space - len(b))
            struct.pack_into(">I", hdr, 576 + 24 * s + 8, len(b))
            p = dec(code, b)
        out.append("%08x %s" % (code, p))
    if form:
        struct.pack_into(">I", hdr, 36, ck(hdr))
        data[h:h + 1024] = hdr
if form:
    open(img, "r+b").write(data)
print("\n".join(out))
PY
}

img=$TMPD/sr.img
mksr -q --json "$TMPD/m.json" --size 96M "$img" >/dev/null || { echo "not ok 1 - mksr failed"; exit 1; }
vg=$(jq_ vg_name <"$TMPD/m.json")
o=$(loop_attach "$img")

for form in dev mapper url; do
	cp --sparse=always "$img" "$TMPD/$form.img"
	locs "$TMPD/$form.img" "$form" >/dev/null
	c=$(loop_attach "$TMPD/$form.img")
	LVM_DEVS="$c"
	out=$("$RESIGN" --json --journal-dir "$J" "$c" 2>&1); rc=$?
	is "$rc:$(jq_ results.0.status <<<"$out")" 0:resigned "$form form: resigned"
	nvg=$(tlvm vgs --nohints --noheadings -o vg_name 2>/dev/null | tr -d ' ')
	# every locator names the new VG and a parent LV LVM lists in it
	bad=$(locs "$TMPD/$form.img" | while read -r code p; do
		t=${p##*VHD-}; t=${t#-}; lvname=VHD-${t//--/-}
		case $form in
		dev) want="/dev/$nvg/$lvname" ;;
		*) want="/dev/mapper/${nvg//-/--}-${lvname//-/--}" ;;
		esac
		[ "$code" = 4d616358 ] && want="file://$want"
		[ "$form" = url ] && [ "$code" != 4d616358 ] && want="file://$want"
		tlvm lvs --nohints --noheadings -o lv_name "$nvg" 2>/dev/null | tr -d ' ' | grep -qxF "$lvname" &&
			[ "$p" = "${want#file://}" -o "$p" = "$want" ] || echo "$code $p (want $want)"
	done)
	is "$bad" "" "$form form: every locator (MACX, W2KU, W2RU) names the new VG's parent"
	p=$("$PROBE" -v --no-xe --journal-dir "$J" "$c")
	unlike "$p" "STALE-LOCATORS" "$form form: relun-probe finds no stale locator after"
	loop_detach "$c"
done

# A locator naming another SR: refused, exit 13, nothing written.
cp --sparse=always "$img" "$TMPD/other.img"
locs "$TMPD/other.img" other >/dev/null
c=$(loop_attach "$TMPD/other.img")
p=$("$PROBE" -v --no-xe --journal-dir "$J" "$c")
like "$p" "STALE-LOCATORS" "relun-probe flags the locator naming another SR"
before=$(sha "$TMPD/other.img")
out=$("$RESIGN" --journal-dir "$J" "$c" 2>&1); rc=$?
is "$rc" 13 "a locator naming another SR: refused, exit 13"
like "$out" "VDI [0-9a-f-]{36} \\(VHD-[0-9a-f-]{36}\\): parent locator (MACX|W2KU|W2RU) \"/dev/VG_XenStorage-00000000-1111-4222-8333-444444444444/VHD-[0-9a-f-]{36}\" names VG_XenStorage-00000000-1111-4222-8333-444444444444/VHD-[0-9a-f-]{36}, not the parent VHD-[0-9a-f-]{36} in this VG $vg" \
	"the refusal names the VDI and the locator"
is "$(sha "$TMPD/other.img")" "$before" "nothing written (sha256)"
done_testing
