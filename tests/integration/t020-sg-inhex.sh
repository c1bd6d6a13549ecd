#!/usr/bin/env bash
# relun-sg end to end: --inhex decoding (human, --json, --udev) of the unit
# vectors, a fake sysfs tree with an iSCSI multipath LUN, the "not a SCSI
# device" answers for a loop device and an image file, exit codes, --help
# against the man page, and the real scsi_id (/lib/udev/scsi_id) fed the same
# pages through an SG_IO shim (built with cc; a missing one is a failure).
. "$(dirname "$0")/../lib/tap.sh"
plan 93

relun_tools
V=$TOP/tests/unit/data/sg
[ -x "$SG" ] || { echo "not ok 1 - $SG not built"; exit 1; }

# --- human output, exact -----------------------------------------------
out=$("$SG" --inhex "$V/eql.hex")
is "$?" 0 "eql.hex decodes"
is "$out" "$V/eql.hex
  vendor:        EQLOGIC
  product:       100E-00
  revision:      1.0
  SCSIid:        36090a028408b4fc2846e4536000000b6
  scsi_id -g:    \"36090a028408b4fc2846e4536000000b6\"
  scsi_id -u:    36090a028408b4fc2846e4536000000b6
  profile:       xs219 (inhex)" "human output for an EqualLogic page 0x83"

out=$("$SG" --inhex "$V/acme_t10.hex" 2>&1)
like "$out" 'SCSIid:        1ACME_ser/1,2_\(x\)' "T10 id: sm keeps / , ( )"
like "$out" 'scsi_id -u:    1ACME_ser_1_2__x_' "T10 id: udev replaces them"
like "$out" "warning:       SCSIid '1ACME_ser/1,2_\(x\)' \(sm, from scsi_id -g\) differs from the udev form '1ACME_ser_1_2__x_'" \
	"the two forms differing is warned about"

# --- JSON: the reference table in both profiles ---------------------------
j() { "$SG" --json "$@" 2>/dev/null; }
jf() { local f=$1; shift; j "$@" | jq -r ".devices[0].$f"; }
is "$(jf SCSIid --inhex "$V/devid.hex")" 35000c5003011cb2b "SAS NAA-5"
is "$(jf SCSIid --inhex "$V/sdeb.hex")" 333333330000007d0 "scsi_debug NAA-3"
is "$(jf udev.ID_TARGET_PORT --inhex "$V/sdeb.hex")" 100 "scsi_debug TPG 0x100"
is "$(jf SCSIid --inhex "$V/naa5then6.hex")" 36001405abcdef0123456789abcdef012 "NAA-6 beats NAA-5"
is "$(jf SCSIid --inhex "$V/iet.hex")" 1IET_00010001 "IET T10"
is "$(jf scsi_id_g --inhex "$V/iet.hex")" "1IET     00010001" "IET -g raw"
is "$(jf SCSIid --inhex "$V/p80only.hex")" SIET_VIRTUAL-DISK_beaf_11 "unit serial fallback"
is "$(jf scsi_id_g_hex --inhex "$V/p80only.hex")" \
	"$(printf 'SIET     VIRTUAL-DISK      beaf 11  ' | xxd -p | tr -d '\n')" "-g bytes in hex"
is "$(jf SCSIid --profile xs219 --inhex "$V/emc.hex")" 56006048000123456789abcdef0123456 "pre-SPC-3 on 219: '5'"
is "$(jf SCSIid --profile systemd --inhex "$V/emc.hex")" 36006048000123456789abcdef0123456 "pre-SPC-3 on v243+: '3'"
is "$(jf SCSIid --profile xs219 --inhex "$V/di_all.hex")" \
	0ACME_ALLDESIG_112233445566778899aabbccddeeffedcba987654321 "length 0x104 on 219: first descriptor only"
is "$(jf SCSIid --profile systemd --inhex "$V/di_all.hex")" 36122334455667788aabbccddeeffeedd "length 0x104 on v243+"
like "$(j --inhex "$V/di_all.hex" | jq -r '.devices[0].warnings[]')" \
	"the systemd profile gives SCSIid '36122334455667788aabbccddeeffeedd' instead" "profiles disagreeing is warned about"
is "$(jf SCSIid --profile xs219 --inhex "$V/relport31.hex")" "SACME_WIDGET_SN9" "0x10c page on 219: page 0x80 fallback"
is "$(jf id_type --profile xs219 --inhex "$V/relport31.hex")" "unit-serial" "id_type unit-serial"
is "$(jf id_type --inhex "$V/devid.hex")" "naa" "id_type naa"
is "$(jf id_source --inhex "$V/devid.hex")" "inhex" "id_source inhex"

keys=$(j --inhex "$V/sdeb.hex" | jq -r '.devices[0] | keys_unsorted | join(" ")')
is "$keys" "device vendor product revision serial SCSIid scsi_id_g scsi_id_u scsi_id_g_hex profile id_source id_type size_bytes logical_block_size hctl driver transport target port targetIQN tpgt iscsi_session fc multipath alua udev warnings error" \
	"JSON keys, in order"

# --- --udev is byte for byte the recorded scsi_id -x ----------------------
for c in devid sdeb eql iet acme_t10 p80only emc di_all relport31 qemu_vs t10_utf8 p80_vt; do
	for p in xs219 systemd; do
		want=$(sed -n 's/^x-hex //p' "$V/$c.$p.exp" | xxd -r -p | xxd -p | tr -d '\n')
		got=$("$SG" --profile "$p" --udev --inhex "$V/$c.hex" | xxd -p | tr -d '\n')
		is "$got" "$want" "--udev $c ($p) equals scsi_id -g -x"
	done
done

# --- inhex errors ---------------------------------------------------------
printf '00 83 00 04\n01 03 00 zz\n' >"$TMPD/bad.hex"
exits 6 "malformed hex: exit 6" "$SG" --inhex "$TMPD/bad.hex"
like "$(cat "$TMPD/last.out")" "line 2 column 10: 'z' is not hex" "the error names line and column"
exits 4 "missing --inhex file: exit 4" "$SG" --inhex "$TMPD/none.hex"
is "$("$SG" --json --inhex "$TMPD/none.hex" | jq -r '.devices[0].error')" \
	"cannot open: No such file or directory" "JSON error for a missing file"

# --- usage ------------------------------------------------------------------
exits 2 "no argument: exit 2" "$SG"
exits 2 "unknown profile: exit 2" "$SG" --profile rhel8 /dev/null
exits 2 "--inhex with a device: exit 2" "$SG" --inhex "$V/eql.hex" /dev/null
exits 2 "--json with --udev: exit 2" "$SG" --json --udev /dev/null
exits 0 "--version" "$SG" --version
like "$(cat "$TMPD/last.out")" '^relun-sg [0-9]' "--version text"

# --- --help and the man page say the same --------------------------------
help=$("$SG" --help)
man_txt=$(MANWIDTH=200 man -l "$TOP/man/relun-sg.8" 2>/dev/null | col -b)
opts_help=$(printf '%s\n' "$help" | grep -oE -- '--[a-z][a-z-]+' | sort -u | tr '\n' ' ')
opts_man=$(printf '%s\n' "$man_txt" | sed -n '/^OPTIONS/,/^JSON OUTPUT/p' | grep -oE -- '--[a-z][a-z-]+' | sort -u | tr '\n' ' ')
is "$opts_man" "$opts_help" "man page OPTIONS lists exactly the options of --help"
# The loops collect what is missing; each ends in one check that fails when
# anything is missing or when the loop saw too few items to mean anything.
keys=$(printf '%s\n' "$help" | sed -n '/^JSON keys/,/^  warnings error/p' | tr '{}[](),' '       ' | grep -oE '[A-Za-z_][A-Za-z_0-9]*' | grep -v -E '^(JSON|keys|per|device|unknown|values|are|null)$' | sort -u)
missing=
for k in $keys; do
	printf '%s\n' "$man_txt" | grep -qw -- "$k" || missing="$missing $k"
done
is "$missing" "" "every JSON key of --help is in the man page"
ok "$([ "$(printf '%s\n' $keys | wc -l)" -ge 20 ]; echo $?)" "--help lists at least 20 JSON keys (got $(printf '%s\n' $keys | wc -l))"
missing=
for c in 0 1 2 4 6 13 14; do
	printf '%s\n' "$help" | grep -qE "^  $c +" || missing="$missing help:$c"
	printf '%s\n' "$man_txt" | sed -n '/^EXIT STATUS/,/^EXAMPLES/p' | grep -qE "^ +$c +[A-Z]" || missing="$missing man:$c"
done
is "$missing" "" "exit statuses 0 1 2 4 6 13 14 in both"

# --- not a SCSI device ------------------------------------------------------
img=$(tmpimg 16M lun)
exits 13 "an image file: exit 13" "$SG" "$img"
like "$(cat "$TMPD/last.out")" "error: +not a SCSI device: a regular file \(disk image\?\)" "an image file is not a SCSI device"
exits 4 "a missing device: exit 4" "$SG" /dev/relun-no-such-disk
like "$(cat "$TMPD/last.out")" "error: +no such device" "a missing device says so"
exits 1 "image + missing: mixed, exit 1" "$SG" "$img" /dev/relun-no-such-disk
if [ "$(id -u)" -eq 0 ] && loop=$(loop_attach "$img"); then
	ln=${loop#/dev/}
	start=$(date +%s%N)
	exits 13 "a loop device: exit 13" "$SG" "$loop"
	ms=$(( ($(date +%s%N) - start) / 1000000 ))
	like "$(cat "$TMPD/last.out")" "error: +not a SCSI device: loop device $ln backed by $img" \
		"a loop device is named with its backing file"
	ok $([ "$ms" -lt 2000 ] && echo 0 || echo 1) "answered without delay (${ms} ms)"
	is "$("$SG" --json "$loop" | jq -r '.devices[0] | [.error, (.SCSIid|tostring)] | join("|")')" \
		"not a SCSI device: loop device $ln backed by $img|null" "JSON: error set, SCSIid null"
else
	fail "loop device: needs root and a free loop device"
	fail "loop device message: needs root"
	fail "loop device speed: needs root"
	fail "loop device JSON: needs root"
fi

# --- a fake sysfs tree: iSCSI LUN on two paths under a multipath map ------
# (device nodes on the unused block major 61: nothing real is opened)
R=$TMPD/root
W=36001405a1b2c3d45e6f4a7b8c9d0e1f2
mkfile() { mkdir -p "$(dirname "$R/$1")"; printf '%s\n' "$2" >"$R/$1"; }
mkhex() { mkdir -p "$(dirname "$R/$1")"; printf '%s' "$2" | xxd -r -p >"$R/$1"; }
asc() { printf '%s' "$1" | xxd -p | tr -d '\n'; }
lnk() { mkdir -p "$(dirname "$R/$1")"; ln -sr "$R/$2" "$R/$1"; }
disk() { # disk DEVDIR NAME MAJ:MIN SESSION HOST PORTAL TPGT
	local d=$1 n=$2 mm=$3 s=$4 h=$5 portal=$6 tpgt=$7 sd=${1%/target*}
	mkfile "$d/vendor" "LIO-ORG "; mkfile "$d/model" "disk1           "; mkfile "$d/rev" "4.0 "
	mkfile "$d/state" running; mkfile "$d/dh_state" alua; mkfile "$d/access_state" "active/optimized"
	# LIO: TPGS 3; NAA-6, T10, relative port 1, TPG tpgt-1
	mkhex "$d/inquiry" "000006021f300000$(asc 'LIO-ORG disk1           4.0 ')"
	mkhex "$d/vpd_pg80" "00800024$(asc a1b2c3d4-5e6f-4a7b-8c9d-0e1f2a3b4c5d)"
	mkhex "$d/vpd_pg83" "00830035010300106001405a1b2c3d45e6f4a7b8c9d0e1f20201000d$(asc 'LIO-ORG disk1')6194000400000001619500040000000$((tpgt - 1))"
	mkfile "$d/block/$n/dev" "$mm"; mkfile "$d/block/$n/size" 65536
	mkfile "$d/block/$n/queue/logical_block_size" 512
	lnk "$d/block/$n/device" "$d"
	lnk "sys/class/block/$n" "$d/block/$n"; lnk "sys/dev/block/$mm" "$d/block/$n"
	mkfile "$sd/iscsi_session/$s/targetname" iqn.2003-01.org.linux-iscsi.t1:sn.1234
	mkfile "$sd/iscsi_session/$s/tpgt" "$tpgt"
	mkfile "$sd/connection${s#session}:0/iscsi_connection/connection${s#session}:0/persistent_address" "$portal"
	mkfile "$sd/connection${s#session}:0/iscsi_connection/connection${s#session}:0/persistent_port" 3260
	lnk "sys/class/iscsi_session/$s" "$sd/iscsi_session/$s"
	lnk "sys/class/iscsi_connection/connection${s#session}:0" "$sd/connection${s#session}:0/iscsi_connection/connection${s#session}:0"
	mkfile "sys/devices/platform/$h/scsi_host/$h/proc_name" iscsi_tcp
	lnk "sys/class/scsi_host/$h" "sys/devices/platform/$h/scsi_host/$h"
	lnk "$d/block/$n/holders/dm-0" sys/devices/virtual/block/dm-0
	lnk "sys/devices/virtual/block/dm-0/slaves/$n" "$d/block/$n"
}
mkfile sys/devices/virtual/block/dm-0/dm/name "$W"
mkfile sys/devices/virtual/block/dm-0/dm/uuid "mpath-$W"
mkfile sys/devices/virtual/block/dm-0/dev 62:0
mkfile sys/devices/virtual/block/dm-0/size 65536
lnk sys/class/block/dm-0 sys/devices/virtual/block/dm-0
lnk sys/dev/block/62:0 sys/devices/virtual/block/dm-0
disk sys/devices/platform/host2/session1/target2:0:0/2:0:0:3 sdb 61:16 session1 host2 192.168.10.1 1
disk sys/devices/platform/host3/session2/target3:0:0/3:0:0:3 sdc 61:32 session2 host3 192.168.11.1 2
mkdir -p "$R/dev"
if [ "$(id -u)" -eq 0 ] && mknod "$R/dev/sdb" b 61 16 2>/dev/null && mknod "$R/dev/sdc" b 61 32 &&
   mknod "$R/dev/dm-0" b 62 0; then
	doc=$("$SG" --json --sysfs-root "$R" "$R/dev/sdb" "$R/dev/sdc" "$R/dev/dm-0")
	is "$?" 0 "two paths and the map identified from the fake sysfs"
	q() { printf '%s' "$doc" | jq -r "$1"; }
	is "$(q '[.devices[].SCSIid] | unique | join(",")')" "$W" "one SCSIid for paths and map"
	is "$(q '.devices[0] | [.target,.port,.targetIQN,.tpgt,.iscsi_session,.hctl,.transport,.driver] | join(" ")')" \
		"192.168.10.1 3260 iqn.2003-01.org.linux-iscsi.t1:sn.1234 1 session1 2:0:0:3 iscsi iscsi_tcp" \
		"path 1: sr-probe keys, tpgt, session, H:C:T:L"
	is "$(q '.devices[1] | [.target,.tpgt,.hctl] | join(" ")')" "192.168.11.1 2 3:0:0:3" "path 2: its own portal"
	is "$(q '.devices[0].multipath | [.map,.uuid,.dm] | join(" ")')" "$W mpath-$W dm-0" "map of path 1"
	is "$(q '[.devices[2].multipath.paths[] | .device + "=" + .hctl + "=" + .state] | join(" ")')" \
		"sdb=2:0:0:3=unknown sdc=3:0:0:3=unknown" "paths of the map"
	is "$(q '.devices[0].alua | [.tpgs, (.port_group|tostring), (.relative_port|tostring), .dh_state, .access_state] | join(" ")')" \
		"implicit+explicit 0 1 alua active/optimized" "ALUA facts of path 1"
	is "$(q '.devices[1].alua.port_group')" 1 "path 2 in TPG 1"
	is "$(q '.devices[0].id_source')" sysfs "identified from sysfs (no SG_IO on major 61)"
	is "$(q '.devices[0].size_bytes')" 33554432 "size from sysfs"
	is "$(q '.devices[0].serial')" a1b2c3d4-5e6f-4a7b-8c9d-0e1f2a3b4c5d "unit serial"
	is "$(q '.devices[2].hctl')" null "the map has no H:C:T:L"
	is "$(q '.devices[2].targetIQN')" iqn.2003-01.org.linux-iscsi.t1:sn.1234 "the map's transport is its first path's"
else
	for i in 1 2 3 4 5 6 7 8 9 10 11 12 13; do fail "fake sysfs $i: needs root for mknod"; done
fi

# --- an SG_IO shim: answers from files, so libsgutils2 and scsi_id run for real
cat >"$TMPD/shim.c" <<'EOF'
/* Answer SG_IO (v3) from files in $SHIM_DIR: INQUIRY from std.bin and
 * <page>.bin, READ CAPACITY(16) from cap.bin, REPORT TARGET PORT GROUPS from
 * rtpg.bin; CHECK CONDITION ILLEGAL REQUEST when the file is missing, NOT
 * READY for everything when not-ready exists.  v4 gets EINVAL (scsi_id then
 * uses v3). */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <scsi/sg.h>
#include <sys/ioctl.h>

static void sense(sg_io_hdr_t *h, int key, int asc, int ascq)
{
	unsigned char *s = h->sbp;

	h->status = 2;
	h->masked_status = 1;
	h->driver_status = 8;
	h->resid = (int)h->dxfer_len;
	memset(s, 0, h->mx_sb_len);
	if (h->mx_sb_len >= 14) {
		s[0] = 0x70;
		s[2] = (unsigned char)key;
		s[7] = 10;
		s[12] = (unsigned char)asc;
		s[13] = (unsigned char)ascq;
		h->sb_len_wr = 14;
	}
}

int ioctl(int fd, unsigned long req, ...)
{
	static int (*real)(int, unsigned long, ...);
	unsigned char buf[65536], *c;
	const char *dir = getenv("SHIM_DIR");
	char path[4096];
	sg_io_hdr_t *h;
	size_t n = 0;
	va_list ap;
	void *arg;
	FILE *f = NULL;

	va_start(ap, req);
	arg = va_arg(ap, void *);
	va_end(ap);
	if (req != SG_IO || !dir) {
		if (!real)
			real = (int (*)(int, unsigned long, ...))dlsym(RTLD_NEXT, "ioctl");
		return real(fd, req, arg);
	}
	h = arg;
	if (h->interface_id != 'S') {
		errno = EINVAL;
		return -1;
	}
	c = h->cmdp;
	h->host_status = h->msg_status = 0;
	snprintf(path, sizeof(path), "%s/not-ready", dir);
	if (access(path, F_OK) == 0) {
		sense(h, 2, 4, 1);
		return 0;
	}
	if (c[0] == 0x12 && (c[1] & 1))
		snprintf(path, sizeof(path), "%s/%02x.bin", dir, c[2]);
	else if (c[0] == 0x12)
		snprintf(path, sizeof(path), "%s/std.bin", dir);
	else if (c[0] == 0x9e && (c[1] & 0x1f) == 0x10)
		snprintf(path, sizeof(path), "%s/cap.bin", dir);
	else if (c[0] == 0xa3 && (c[1] & 0x1f) == 0x0a)
		snprintf(path, sizeof(path), "%s/rtpg.bin", dir);
	else
		path[0] = '\0';
	if (path[0])
		f = fopen(path, "rb");
	if (!f) {
		sense(h, 5, c[0] == 0x12 ? 0x24 : 0x20, 0);
		return 0;
	}
	n = fread(buf, 1, sizeof(buf), f);
	fclose(f);
	if (n > h->dxfer_len)
		n = h->dxfer_len;
	memcpy(h->dxferp, buf, n);
	h->resid = (int)(h->dxfer_len - n);
	h->status = h->masked_status = h->driver_status = 0;
	h->sb_len_wr = 0;
	return 0;
}
EOF
# The shim must compile: its checks are part of the plan, and a compiler
# error is shown and fails, never turns into skips.
shim=
if cc -shared -fPIC -o "$TMPD/shim.so" "$TMPD/shim.c" -ldl 2>"$TMPD/cc.err"; then
	shim=$TMPD/shim.so
	pass "the SG_IO shim compiles"
else
	fail "the SG_IO shim compiles"
	sed 's/^/#   /' "$TMPD/cc.err"
fi

# --- relun-sg through libsgutils2 and SG_IO -------------------------------
# A loop device stands for the disk: the fake sysfs calls its number "sdx",
# and the shim answers the SCSI commands sent to it.
if [ -n "$shim" ] && [ "$(id -u)" -eq 0 ] && lx=$(loop_attach "$(tmpimg 1M sgio)"); then
	mm=$(printf '%d:%d' "0x$(stat -c %t "$lx")" "0x$(stat -c %T "$lx")")
	D=sys/devices/platform/host4/session3/target4:0:0/4:0:0:7
	disk "$D" sdx "$mm" session3 host4 192.168.12.1 1
	S=$TMPD/sgio
	mkdir -p "$S"
	cp "$R/$D/inquiry" "$S/std.bin"
	cp "$R/$D/vpd_pg80" "$S/80.bin"
	cp "$R/$D/vpd_pg83" "$S/83.bin"
	printf '%s' 00000003008083 | xxd -r -p >"$S/00.bin"
	# 2^21 blocks of 4096 bytes; LIO's RTPG: group 0 active/optimized, port 1
	printf '%s' 00000000001fffff0000100000000000000000000000000000000000000000000 | xxd -r -p >"$S/cap.bin"
	printf '%s' 0000000c00cf00000002000100000001 | xxd -r -p >"$S/rtpg.bin"
	# an ASan build needs its runtime first in the preload list
	pre=$shim
	asan=$(ldd "$SG" | awk '/libasan/ { print $3 }')
	[ -n "$asan" ] && pre="$asan $shim"
	doc=$(SHIM_DIR=$S LD_PRELOAD=$pre "$SG" --json --sysfs-root "$R" "$lx")
	is "$?" 0 "identified through SG_IO"
	q() { printf '%s' "$doc" | jq -r "$1"; }
	is "$(q '.devices[0] | [.id_source, .SCSIid, .vendor, .product, .revision] | join(" ")')" \
		"sg_io $W LIO-ORG disk1 4.0" "INQUIRY and VPD pages through libsgutils2"
	is "$(q '.devices[0] | [.size_bytes, .logical_block_size] | map(tostring) | join(" ")')" \
		"8589934592 4096" "READ CAPACITY(16)"
	is "$(q '.devices[0].alua | [.tpgs, .state, (.preferred|tostring), (.groups|length|tostring), (.groups[0].ports|map(tostring)|join(","))] | join(" ")')" \
		"implicit+explicit active/optimized false 1 1" "REPORT TARGET PORT GROUPS decoded"
	is "$(q '.devices[0] | [.target, .targetIQN, .hctl] | join(" ")')" \
		"192.168.12.1 iqn.2003-01.org.linux-iscsi.t1:sn.1234 4:0:0:7" "transport from sysfs"
	touch "$S/not-ready"
	SHIM_DIR=$S LD_PRELOAD=$pre "$SG" --sysfs-root "$R" "$lx" >"$TMPD/nr.out" 2>&1
	is "$?" 14 "a failing standard INQUIRY: exit 14"
	like "$(cat "$TMPD/nr.out")" "error: +standard INQUIRY: Device not ready" "the SCSI error is named"
else
	for i in 1 2 3 4 5 6 7; do fail "SG_IO $i: needs root, a loop device and the shim"; done
fi

# --- the real scsi_id (systemd 252 here) on the same pages -----------------
if [ -x /lib/udev/scsi_id ] && [ -n "$shim" ]; then
	touch "$TMPD/fakedev"
	# split a vector file into one binary file per section
	explode() { # explode FILE DIR
		mkdir -p "$2"
		awk -v d="$2" '
			/^# standard INQUIRY/ { f = d "/std.hex"; next }
			/^# VPD page 0x/ { f = d "/" substr($4, 3, 2) ".hex"; next }
			/^#/ { next }
			f { print > f }' "$1"
		for h in "$2"/*.hex; do xxd -r -p "$h" >"${h%.hex}.bin"; done
	}
	n=0 bad=
	for c in "$V"/*.hex; do
		c=$(basename "$c" .hex)
		explode "$V/$c.hex" "$TMPD/live/$c"
		real=$(SHIM_DIR=$TMPD/live/$c LD_PRELOAD=$shim /lib/udev/scsi_id -g -x -d "$TMPD/fakedev" | xxd -p | tr -d '\n')
		want=$(sed -n 's/^x-hex //p' "$V/$c.systemd.exp")
		n=$((n + 1))
		[ -n "$want" ] && [ "$real" = "$want" ] || bad="$bad $c"
	done
	is "$bad" "" "the real scsi_id prints the recorded output for every vector"
	is "$n" "$(ls "$V"/*.systemd.exp | wc -l)" "scsi_id ran on every recorded vector"
else
	fail "live scsi_id: no /lib/udev/scsi_id or no SG_IO shim"
	fail "live scsi_id: vectors"
fi

done_testing
