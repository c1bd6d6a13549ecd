# shellcheck shell=bash
# Library for VM scenarios (source it; runs INSIDE the guest, see lib/guest-init).
#   . "$RELUN_TOP/tests/vm/lib/guest.sh"
# Brings in tests/lib/tap.sh (ok/is/like/exits/diag/done_testing, tmpimg,
# loop_attach), then replaces its LVM setup with one that activates: the guest
# has device-mapper.
#
# Devices
#   vm_qemu_disk N            /dev/sdX of the Nth --disk given to tests/vm/boot
#   vm_disk_by_wwid WWID      /dev/sdX whose sysfs wwid is WWID (naa.6090...)
#   vm_scsi_debug ARGS...     load scsi_debug with ARGS, print its /dev/sdX
#   vm_insmod MOD [ARGS...]   load a module shipped in the initramfs (+ deps);
#                             any other module: modprobe (the cached tree)
#   vm_mark LABEL             "# [uptime s] LABEL", to see where time goes
#   vm_wait_dev DEV [SECS]    wait for a device node
#   vm_scsi_id_g DEV          XenServer's SCSIid source: /lib/udev/scsi_id -g -d DEV
#   vm_scsi_id_u DEV          the same with -u (by-scsid links, multipath WWID)
#   vm_sysfs_name DEV         sdX / dm-N for a /dev path
# LIO iSCSI target and open-iscsi initiator on loopback
#   vm_lio_fileio NAME FILE SIZE SERIAL   fileio backstore, unit serial SERIAL
#                             (FILE made sparse of SIZE unless it exists)
#   vm_iscsi_export IQN NAME LUN PORTAL...  export backstore NAME as LUN of
#                             target IQN on each PORTAL (ip:port), open ACLs
#   vm_iscsid_start           start iscsid (once)
#   vm_iscsi_login IQN PORTAL...   discovery + login on each portal
#   vm_iscsi_devs IQN [LUN]   sd devices of IQN's sessions (one per path)
#   vm_iscsi_logout IQN [PORTAL]
#   vm_iscsi_lun IQN NAME SERIAL [SIZE] [LUN] [FILE]
#                             all of the above: a fileio LUN (FILE, default
#                             $TMPD/NAME.img; an existing FILE is used as is)
#                             exported on 127.0.0.1:3260 and 127.0.0.2:3260,
#                             logged in on both (or the sessions rescanned
#                             when IQN is already logged in); prints its two
#                             sd paths.  A SAN clone of a LUN is a copy of
#                             its file exported with a new serial:
#                               cp --sparse=always $TMPD/a.img $TMPD/b.img
#                               vm_iscsi_lun $IQN b $NEWSERIAL 64M 1 $TMPD/b.img
#   vm_iscsi_info DEV         "IQN ADDRESS PORT TPGT" from the guest's sysfs
# Multipath
#   vm_mpath_create DEV...    dm-multipath map over the paths made with
#                             dmsetup, named after their WWID (scsi_id -g
#                             -u), uuid mpath-WWID; prints /dev/mapper/WWID
#   vm_mpath_remove NAME
#   vm_mpath_paths MAP        the map's paths (/dev/sdX, from slaves/)
#   vm_udev_start             systemd-udevd + coldplug of the sd disks: by-id
#                             links, udev properties (~2.5 s under TCG);
#                             after it dmsetup/LVM leave /dev nodes to udev
#   vm_multipathd_start WWID...  udev + multipathd with XenServer-like
#                             settings (user_friendly_names no), limited to
#                             these WWIDs; waits for their /dev/mapper maps
#   vm_multipathd_stop
# JSON
#   vm_json_flatten FILE...   relun-sg --json outputs as FILE<TAB>KEY<TAB>VALUE
#   vm_json_load ARRAY FILE   every scalar of any JSON file into the assoc
#                             ARRAY: ARRAY[luns.0.vg.name]=...
# LVM (activation on, confined to $LVM_DEVS, private config)
#   vm_lvm CMD ARGS...        lvm CMD --devices each of $LVM_DEVS ARGS
#   vm_vg_activate VG / vm_vg_deactivate VG
#   vm_lv_read VG LV [BYTES]  sha256 of the LV's first BYTES (default all)
#   vm_vhd_blocks DEV...      the blocks the VHD on each DEV holds, found
#                             through its own header and BAT, as mksr wrote
#                             them: "DEV<TAB>WRITER_UUID B<block>"
# Fixtures
#   vm_mksr ARGS...           tests/fixtures/mksr (SR writer) with ARGS
#   vm_tool NAME              path of a build/ tool (relun-sg, relun-resign...)
#   vm_mksr_expect MANIFEST UUID   what vm_vhd_blocks must find in VDI
#                             UUID's LV: the blocks UUID itself wrote
#   vm_sr_lun IQN NAME SERIAL LUN SIZE [FILE]   vm_iscsi_lun under a
#                             dm-multipath map: sets VM_PATHS (array), VM_MAP
#   vm_fakexe DIR             tests/fixtures/fakexe installed as DIR/xe

[ -n "${RELUN_TOP:-}" ] || RELUN_TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)
# shellcheck source=../../lib/tap.sh
. "$RELUN_TOP/tests/lib/tap.sh"

VM_MODDIR=/run/relun/modules
# No udev unless a scenario starts it (vm_udev_start): libdevmapper, and so
# dmsetup and LVM, then make their /dev nodes themselves.
export DM_DISABLE_UDEV=1
VM_CFS=/sys/kernel/config/target

_vm_die() { echo "# vm: $*" >&2; return 1; }

# ---------------------------------------------------------------- devices

vm_wait_dev() { # vm_wait_dev DEV [SECONDS]
	local dev=$1 n=$((${2:-20} * 10))
	while [ ! -b "$dev" ] && [ "$n" -gt 0 ]; do sleep 0.1; n=$((n - 1)); done
	[ -b "$dev" ] || _vm_die "no device $dev"
}

vm_sysfs_name() { # /dev/sda -> sda, /dev/mapper/X -> dm-N (by device number)
	local mm
	mm=$(stat -Lc '%t %T' "$1") || return 1
	set -- $mm
	basename "$(readlink -f "/sys/dev/block/$((0x$1)):$((0x$2))")"
}

vm_mark() { # vm_mark LABEL: a TAP comment with the guest's uptime
	printf '# [%s s] %s\n' "$(cut -d' ' -f1 /proc/uptime)" "$*"
}

# sd devices whose SCSI host is driven by DRIVER, as "H:C:T:L sdX" lines.
_vm_sd_list() {
	local d h hctl
	for d in /sys/block/sd*; do
		[ -e "$d/device" ] || continue
		hctl=$(basename "$(readlink -f "$d/device")")
		h=${hctl%%:*}
		if [ -z "${1:-}" ] || [ "$(cat "/sys/class/scsi_host/host$h/proc_name" 2>/dev/null)" = "$1" ]; then
			echo "$hctl ${d##*/}"
		fi
	done
}

vm_qemu_disk() { # vm_qemu_disk N: tests/vm/boot gives disk N scsi-id N, lun 0
	local want=$1 hctl dev t n=300
	while [ "$n" -gt 0 ]; do
		while read -r hctl dev; do
			t=${hctl#*:*:}; t=${t%%:*}
			if [ "$t" = "$want" ]; then echo "/dev/$dev"; return 0; fi
		done < <(_vm_sd_list virtio_scsi)
		sleep 0.1; n=$((n - 1))
	done
	_vm_die "no virtio-scsi disk with target id $want"
}

vm_disk_by_wwid() {
	local d
	for d in /sys/block/sd*; do
		[ "$(cat "$d/device/wwid" 2>/dev/null)" = "$1" ] && { echo "/dev/${d##*/}"; return 0; }
	done
	_vm_die "no sd device with wwid $1"
}

vm_insmod() { # vm_insmod MOD [ARGS...]: MOD and its dependencies, once
	local mod=$1 m; shift
	[ -f "$VM_MODDIR/$mod.ko" ] || { modprobe "$mod" "$@"; return; }
	if [ -f "$VM_MODDIR/$mod.deps" ]; then
		while read -r m; do
			[ "$m" = "$mod" ] && continue
			[ -d "/sys/module/$(echo "$m" | tr - _)" ] && continue
			insmod "$VM_MODDIR/$m.ko" || return 1
		done <"$VM_MODDIR/$mod.deps"
	fi
	[ -d "/sys/module/$(echo "$mod" | tr - _)" ] && return 0
	insmod "$VM_MODDIR/$mod.ko" "$@"
}

vm_scsi_debug() { # vm_scsi_debug ARGS...: prints the /dev/sdX scsi_debug made
	local hctl dev n=300
	vm_insmod scsi_debug "$@" || return 1
	while [ "$n" -gt 0 ]; do
		while read -r hctl dev; do
			[ -b "/dev/$dev" ] && { echo "/dev/$dev"; return 0; }
		done < <(_vm_sd_list scsi_debug)
		sleep 0.1; n=$((n - 1))
	done
	_vm_die "scsi_debug made no sd device"
}

vm_scsi_id_g() { /lib/udev/scsi_id -g -d "$1"; }
vm_scsi_id_u() { /lib/udev/scsi_id -g -u -d "$1"; }

# ------------------------------------------------------------ LIO / iSCSI

vm_lio_fileio() { # NAME FILE SIZE SERIAL
	local name=$1 file=$2 size=$3 serial=$4 bytes d
	if [ -e "$file" ]; then
		bytes=$(stat -c %s "$file")
	else
		bytes=$(numfmt --from=iec "$size")
		truncate -s "$bytes" "$file" || return 1
	fi
	d=$VM_CFS/core/fileio_0/$name
	mkdir -p "$d" || return 1
	echo "fd_dev_name=$file,fd_dev_size=$bytes" >"$d/control" || return 1
	echo "$serial" >"$d/wwn/vpd_unit_serial" || return 1
	echo 1 >"$d/enable"
}

vm_iscsi_export() { # IQN NAME LUN PORTAL...
	local iqn=$1 name=$2 lun=$3 tpg p; shift 3
	tpg=$VM_CFS/iscsi/$iqn/tpgt_1
	mkdir -p "$tpg/lun/lun_$lun" || return 1
	ln -s "$VM_CFS/core/fileio_0/$name" "$tpg/lun/lun_$lun/$name" || return 1
	for p in "$@"; do
		[ -d "$tpg/np/$p" ] || mkdir "$tpg/np/$p" || return 1
	done
	echo 0 >"$tpg/attrib/authentication"
	echo 1 >"$tpg/attrib/generate_node_acls"
	echo 0 >"$tpg/attrib/demo_mode_write_protect"
	echo 1 >"$tpg/attrib/cache_dynamic_acls"
	echo 1 >"$tpg/enable"
}

vm_iscsid_start() {
	pidof iscsid >/dev/null 2>&1 && return 0
	iscsid || return 1
	local n=50
	while [ ! -S /run/iscsid.sock ] && ! pidof iscsid >/dev/null 2>&1 && [ "$n" -gt 0 ]; do
		sleep 0.1; n=$((n - 1))
	done
	pidof iscsid >/dev/null 2>&1
}

vm_iscsi_login() { # IQN PORTAL...: one discovery, then all portals at once
	local iqn=$1 p; shift
	vm_iscsid_start || return 1
	iscsiadm -m discovery -t sendtargets -p "$1" >/dev/null || return 1
	for p in "$@"; do # portals the first one did not report
		iscsiadm -m node -T "$iqn" -p "$p" >/dev/null 2>&1 ||
			iscsiadm -m discovery -t sendtargets -p "$p" >/dev/null || return 1
	done
	iscsiadm -m node -T "$iqn" --login >/dev/null
}

_vm_iscsi_logged_in() {
	grep -qx "$1" /sys/class/iscsi_session/session*/targetname 2>/dev/null
}

# A LUN added to a logged-in target: scan the SCSI hosts of its sessions
# (what iscsiadm --rescan does, without its noise about other sessions).
_vm_iscsi_rescan() { # IQN
	local s h
	for s in /sys/class/iscsi_session/session*; do
		[ "$(cat "$s/targetname")" = "$1" ] || continue
		h=$(readlink -f "$s/device" | grep -o '/host[0-9]*/' | tr -d /)
		echo '- - -' >"/sys/class/scsi_host/$h/scan" || return 1
	done
}

# sd devices behind IQN's sessions, one per path, sorted by session number.
vm_iscsi_devs() { # IQN [LUN]
	local iqn=$1 lun=${2:-} s sess dev hctl n=300 want got
	want=$(grep -lx "$iqn" /sys/class/iscsi_session/session*/targetname 2>/dev/null | wc -l)
	while [ "$n" -gt 0 ]; do
		got=()
		for s in /sys/class/iscsi_session/session*; do
			[ "$(cat "$s/targetname")" = "$iqn" ] || continue
			sess=$(readlink -f "$s/device")
			for dev in "$sess"/target*/*:*:*:*/block/sd*; do
				[ -e "$dev" ] || continue
				hctl=$(basename "$(dirname "$(dirname "$dev")")")
				[ -n "$lun" ] && [ "${hctl##*:}" != "$lun" ] && continue
				[ -b "/dev/${dev##*/}" ] && got+=("/dev/${dev##*/}")
			done
		done
		if [ "${#got[@]}" -ge "$want" ] && [ "$want" -gt 0 ]; then
			printf '%s\n' "${got[@]}"
			return 0
		fi
		sleep 0.1; n=$((n - 1))
	done
	_vm_die "iSCSI target $iqn: ${#got[@]} of $want paths appeared"
}

vm_iscsi_logout() { # IQN [PORTAL]
	if [ -n "${2:-}" ]; then
		iscsiadm -m node -T "$1" -p "$2" --logout >/dev/null
	else
		iscsiadm -m node -T "$1" --logout >/dev/null
	fi
}

VM_PORTALS="127.0.0.1:3260 127.0.0.2:3260"
vm_iscsi_lun() { # IQN NAME SERIAL [SIZE] [LUN] [FILE]
	local iqn=$1 name=$2 serial=$3 size=${4:-64M} lun=${5:-0} file=${6:-$TMPD/$2.img}
	vm_lio_fileio "$name" "$file" "$size" "$serial" || return 1
	# shellcheck disable=SC2086
	vm_iscsi_export "$iqn" "$name" "$lun" $VM_PORTALS || return 1
	if _vm_iscsi_logged_in "$iqn"; then
		_vm_iscsi_rescan "$iqn" || return 1
	else
		# shellcheck disable=SC2086
		vm_iscsi_login "$iqn" $VM_PORTALS || return 1
	fi
	vm_iscsi_devs "$iqn" "$lun"
}

# The session and connection a /dev/sdX path belongs to.
vm_iscsi_info() { # DEV -> "IQN ADDRESS PORT TPGT"
	local p s c
	p=$(readlink -f "/sys/block/$(vm_sysfs_name "$1")/device")
	s=$(echo "$p" | grep -o '/session[0-9]*/' | tr -d /)
	[ -n "$s" ] || { _vm_die "$1 is not an iSCSI device"; return 1; }
	c=$(ls -d /sys/class/iscsi_connection/connection"${s#session}":* | head -1)
	echo "$(cat "/sys/class/iscsi_session/$s/targetname") $(cat "$c/persistent_address")" \
		"$(cat "$c/persistent_port") $(cat "/sys/class/iscsi_session/$s/tpgt")"
}

# -------------------------------------------------------------- multipath

vm_mpath_create() { # DEV...: one map over all paths (they must share a WWID)
	local wwid d id sectors paths="" n=0
	wwid=$(vm_scsi_id_u "$1") || { _vm_die "no WWID for $1"; return 1; }
	for d in "$@"; do
		id=$(vm_scsi_id_u "$d")
		[ "$id" = "$wwid" ] || { _vm_die "$d has WWID $id, not $wwid"; return 1; }
		paths="$paths $(($(stat -Lc '0x%t' "$d"))):$(($(stat -Lc '0x%T' "$d"))) 1000"
		n=$((n + 1))
	done
	sectors=$(blockdev --getsz "$1")
	dmsetup create "$wwid" --uuid "mpath-$wwid" \
		--table "0 $sectors multipath 0 0 1 1 round-robin 0 $n 1$paths" || return 1
	vm_wait_dev "/dev/mapper/$wwid" 5 && echo "/dev/mapper/$wwid"
}

vm_mpath_remove() { dmsetup remove "$1"; }

vm_mpath_paths() { # MAP: its slaves as /dev paths
	local n
	n=$(vm_sysfs_name "$1")
	ls "/sys/block/$n/slaves" | sed 's|^|/dev/|'
}

vm_udev_start() {
	if ! [ -S /run/udev/control ]; then
		/lib/systemd/systemd-udevd --daemon >/dev/null 2>&1 || return 1
	fi
	unset DM_DISABLE_UDEV
	# SCSI disks only: the 8 idle loop devices would double the settle time
	# under TCG, and dm devices made from now on get their events anyway.
	udevadm trigger --subsystem-match=block --sysname-match='sd*' --action=add &&
		udevadm settle --timeout=60
}

vm_multipathd_start() { # WWID...
	local w n
	mkdir -p /etc/multipath
	cat >/etc/multipath.conf <<-'CONF'
	defaults {
		user_friendly_names no
		find_multipaths strict
	}
	CONF
	: >/etc/multipath/wwids
	for w in "$@"; do echo "/$w/" >>/etc/multipath/wwids; done
	vm_udev_start || return 1
	multipathd || return 1
	for w in "$@"; do
		n=300
		while [ ! -b "/dev/mapper/$w" ] && [ "$n" -gt 0 ]; do sleep 0.2; n=$((n - 1)); done
		[ -b "/dev/mapper/$w" ] || { _vm_die "multipathd made no map $w in 60 s"; return 1; }
	done
	udevadm settle --timeout=60
}

vm_multipathd_stop() {
	multipathd shutdown >/dev/null 2>&1
	multipath -F >/dev/null 2>&1
}

# relun-sg --json outputs, flattened for shell in one python run (python
# starts slowly under TCG): "FILE<TAB>KEY<TAB>VALUE" per field of each file's
# devices[0] (null -> "null"; multipath.paths -> the paths' devices, space
# separated; _ndevices = length of devices; _error when the JSON is unusable).
#   declare -A J; while IFS=$'\t' read -r f k v; do J[$f|$k]=$v; done \
#       < <(vm_json_flatten a.json b.json)
vm_json_flatten() {
	/usr/bin/python3 - "$@" <<'PY'
import json, sys
def put(f, k, v):
    if v is None:
        v = "null"
    elif isinstance(v, bool):
        v = "true" if v else "false"
    print("%s\t%s\t%s" % (f, k, str(v).replace("\n", "\\n").replace("\t", "\\t")))
for f in sys.argv[1:]:
    try:
        devs = json.load(open(f))["devices"]
        d = devs[0]
    except Exception as e:
        put(f, "_error", "%s: %s" % (type(e).__name__, e))
        continue
    put(f, "_ndevices", len(devs))
    for k, v in d.items():
        if k == "multipath":
            if not isinstance(v, dict):
                put(f, "multipath", v)
                continue
            put(f, "multipath.map", v.get("map"))
            put(f, "multipath.paths", " ".join(str(p.get("device")) for p in v.get("paths") or []))
            for kk, vv in v.items():
                if kk not in ("map", "paths") and not isinstance(vv, (dict, list)):
                    put(f, "multipath." + kk, vv)
        elif not isinstance(v, (dict, list)):
            put(f, k, v)
PY
}

# Any JSON file, flattened into an associative array (one python run: it
# starts slowly under TCG).  Keys join object keys and array indexes with
# dots; values: strings as they are (newline, tab, backslash written as
# \n, \t, \\), numbers, true/false, null.  ARRAY[_error] is set when the
# file is not JSON.
#   declare -A P; vm_json_load P probe.json; echo "${P[luns.0.verdict]}"
vm_json_load() { # ARRAY FILE
	local -n _vjl=$1
	local k v
	while IFS=$'\t' read -r k v; do _vjl[$k]=$v; done < <(/usr/bin/python3 -S - "$2" <<'PY'
import json, sys
def esc(s):
    return s.replace("\\", "\\\\").replace("\n", "\\n").replace("\t", "\\t")
def walk(p, v):
    if isinstance(v, dict):
        for k, x in v.items():
            walk(p + [str(k)], x)
    elif isinstance(v, list):
        for i, x in enumerate(v):
            walk(p + [str(i)], x)
    else:
        if v is None:
            v = "null"
        elif isinstance(v, bool):
            v = "true" if v else "false"
        print("%s\t%s" % (esc(".".join(p)), esc(str(v))))
try:
    walk([], json.load(open(sys.argv[1])))
except Exception as e:
    print("_error\t%s" % esc("%s: %s" % (type(e).__name__, e)))
PY
)
}

# -------------------------------------------------------------------- LVM
# tap.sh made a private LVM_SYSTEM_DIR with activation off (the host has no
# device-mapper); the guest has it, so activation is on here.  LVM creates
# its /dev nodes itself (no udev in the guest).

cat >"$LVM_SYSTEM_DIR/lvm.conf" <<CONF
global { activation = 1 use_lvmetad = 0 event_activation = 0 }
devices { use_devicesfile = 0 hints = "none" obtain_device_list_from_udev = 0
	external_device_info_source = "none" multipath_component_detection = 1 }
backup { backup = 1 backup_dir = "$LVM_SYSTEM_DIR/backup" archive = 0 }
activation { udev_sync = 0 udev_rules = 0 verify_udev_operations = 0
	monitoring = 0 }
CONF
vm_lvm() { tlvm "$@"; }
vm_vg_activate() { tlvm vgchange -ay "$1"; }
vm_vg_deactivate() { tlvm vgchange -an "$1"; }
vm_lv_read() { # VG LV [BYTES]
	local dev=/dev/$1/$2
	vm_wait_dev "$dev" 5 || return 1
	if [ -n "${3:-}" ]; then
		head -c "$3" "$dev" | sha256sum | cut -d' ' -f1
	else
		sha256sum <"$dev" | cut -d' ' -f1
	fi
}

# --------------------------------------------------------------- fixtures

vm_tool() { # vm_tool NAME: the built tool, or failure naming what is missing
	local p
	for p in "$B/$1" "$B/tests/fixtures/$1" "$RELUN_TOP/tests/fixtures/$1"; do
		[ -x "$p" ] && [ ! -d "$p" ] && { echo "$p"; return 0; }
	done
	_vm_die "$1 is not built (looked in $B, $B/tests/fixtures, tests/fixtures)"
}

vm_mksr() {
	local m
	m=$(vm_tool mksr) || return 1
	"$m" "$@"
}

# mksr fills sector s of virtual block b of a VDI with "RELUN <writer> B<b>
# S<s> " repeated, where the writer is the VDI in the chain whose LV holds
# the block.  vm_vhd_blocks follows each VHD's own structures (footer copy
# at byte 0: current size; dynamic header at 512: BAT offset and block size;
# the BAT has an entry per block of the current size, the sector of the
# block's bitmap, the data following it) and prints, for every allocated
# block b, "DEV<TAB><writer> B<b>" read from the block's first sector, or
# "DEV<TAB>? ..." with what it found.  One python run for all devices, a
# few small reads each (forks and grep over megabytes are slow under TCG).
vm_vhd_blocks() { # DEV...: "DEV<TAB><writer> B<n>" lines, per DEV sorted
	/usr/bin/python3 -S - "$@" <<'PY'
import re, struct, sys
pat = re.compile(rb"RELUN ([0-9a-f-]{36}) B([0-9]+) S0 ")
for dev in sys.argv[1:]:
    out = []
    try:
        with open(dev, "rb") as f:
            h = f.read(1024)
            if h[0:8] != b"conectix":
                raise ValueError("no VHD footer copy (conectix) at 0")
            if h[512:520] != b"cxsparse":
                raise ValueError("no VHD dynamic header (cxsparse) at 512")
            size = struct.unpack(">Q", h[48:56])[0]
            bat, = struct.unpack(">Q", h[528:536])
            entries, bs = struct.unpack(">II", h[540:548])
            n = (size + bs - 1) // bs
            if bs < 512 or n > entries:
                raise ValueError("VHD of %d blocks of %d has a BAT of %d" % (n, bs, entries))
            bm = (bs // 512 // 8 + 511) // 512
            f.seek(bat)
            for b, (e,) in enumerate(struct.iter_unpack(">I", f.read(4 * n))):
                if e == 0xFFFFFFFF:
                    continue
                f.seek((e + bm) * 512)
                t = f.read(64)
                m = pat.match(t)
                if m and int(m.group(2)) == b:
                    out.append("%s B%d" % (m.group(1).decode(), b))
                else:
                    out.append("? B%d %r" % (b, t))
    except Exception as e:
        out.append("? %s" % e)
    for l in sorted(out):
        print("%s\t%s" % (dev, l))
PY
}

# What vm_vhd_blocks must print for VDI UUID's LV, from mksr's manifest
# ("data VDI BLOCK WRITER" lines): the blocks UUID wrote itself.
vm_mksr_expect() { # MANIFEST UUID
	awk -v u="$2" '$1 == "data" && $4 == u { print u " B" $3 }' "$1" | sort -u
}

# A LUN of target IQN on both portals, under a dm-multipath map.
vm_sr_lun() { # IQN NAME SERIAL LUN SIZE [FILE]
	VM_PATHS=() VM_MAP=""
	mapfile -t VM_PATHS < <(vm_iscsi_lun "$1" "$2" "$3" "$5" "$4" ${6:+"$6"})
	[ "${#VM_PATHS[@]}" -eq 2 ] || { _vm_die "LUN $2: ${#VM_PATHS[@]} paths, not 2"; return 1; }
	VM_MAP=$(vm_mpath_create "${VM_PATHS[@]}")
}

vm_fakexe() { # DIR: tests/fixtures/fakexe as DIR/xe (put DIR first on PATH)
	mkdir -p "$1" && ln -sf "$RELUN_TOP/tests/fixtures/fakexe" "$1/xe"
}
