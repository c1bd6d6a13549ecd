# relun-sg against the guest's own tools, device by device: SCSIid and the
# -g/-u forms against /lib/udev/scsi_id, the iSCSI target/IQN/portal against
# /sys/class/iscsi_session and iscsi_connection, the multipath map and paths
# against device-mapper.
# vm-boot: --disk size=32M,wwn=0x6090a028408b4fc2 --disk size=32M --disk size=16M,serial=60FFF4B4,vendor=EQLOGIC,product=100E-00
. "$RELUN_TOP/tests/vm/lib/guest.sh"
plan 60

IQN=iqn.2024-01.org.relun:sgid
SERIAL=a1b2c3d4-5e6f-4a7b-8c9d-0e1f2a3b4c5d
WWID=36001405a1b2c3d45e6f4a7b8c9d0e1f2   # reference/scsi-identity.md §5

# ---- the devices, and what the guest's scsi_id says about them
d0=$(vm_qemu_disk 0) d1=$(vm_qemu_disk 1) d2=$(vm_qemu_disk 2)
sd=$(vm_scsi_debug dev_size_mb=8)
mapfile -t paths < <(vm_iscsi_lun "$IQN" lun0 "$SERIAL" 32M 0)
p0=${paths[0]:-} p1=${paths[1]:-}
map=$(vm_mpath_create "$p0" "$p1")
is "${#paths[@]} $map" "2 /dev/mapper/$WWID" "iSCSI LUN on two paths under one multipath map"

devs=("$d0" "$d1" "$d2" "$sd" "$p0" "$p1" "$map")
kinds=(scsi-hd/wwn scsi-hd scsi-hd/serial scsi_debug iscsi iscsi mpath)
# Ground truth from the guest's systemd scsi_id (sanity-checked against the
# values the reference measured, so a broken guest cannot pass as agreement).
declare -A G U
for d in "${devs[@]}"; do
	G[$d]=$(vm_scsi_id_g "$d")
	U[$d]=$(vm_scsi_id_u "$d")
done
is "${G[$d0]}" 36090a028408b4fc2 "guest scsi_id -g: scsi-hd with wwn"
is "${G[$d1]}" "0QEMU    QEMU HARDDISK   drv1" "guest scsi_id -g: scsi-hd without wwn"
is "${G[$d2]}" "0EQLOGIC 100E-00         60FFF4B4" "guest scsi_id -g: scsi-hd with serial, vendor, product"
like "${G[$sd]}" '^33333333' "guest scsi_id -g: scsi_debug"
is "${G[$p0]} ${G[$p1]} ${G[$map]}" "$WWID $WWID $WWID" "guest scsi_id -g: both iSCSI paths and the map"

# sm's SCSIid_sanitise: strip, then every whitespace run -> '_'.
sanitise() { printf '%s' "$1" | sed -E 's/^[[:space:]]+//; s/[[:space:]]+$//; s/[[:space:]]+/_/g'; }

# ---- relun-sg on each device
sg=$(vm_tool relun-sg)
if [ -z "$sg" ]; then
	fail "relun-sg is built (build/relun-sg missing: no comparison possible)"
fi
declare -A J RC
files=()
if [ -n "$sg" ]; then
	i=0
	for d in "${devs[@]}"; do
		"$sg" --json "$d" >"/tmp/sg.$i.json" 2>"/tmp/sg.$i.err"
		RC[$d]=$?
		files+=("/tmp/sg.$i.json")
		i=$((i + 1))
	done
	while IFS=$'\t' read -r f k v; do J[$f|$k]=$v; done < <(vm_json_flatten "${files[@]}")
fi

# jv DEVICE-INDEX KEY: relun-sg's value ("(missing)" without the tool,
# "(absent)" when the key is not in its output)
jv() {
	[ -n "$sg" ] || { echo "(missing)"; return; }
	local f=/tmp/sg.$1.json
	if [ -n "${J[$f|$2]+x}" ]; then echo "${J[$f|$2]}"; else echo "(absent)"; fi
}

rows=()
for i in "${!devs[@]}"; do
	d=${devs[$i]} k=${kinds[$i]}
	if [ -z "$sg" ]; then
		rows+=("$d ($k) | ${G[$d]} | (missing) | no")
		continue
	fi
	is "${RC[$d]}" 0 "$k $d: relun-sg --json exits 0"
	[ "${RC[$d]}" -eq 0 ] || sed 's/^/#   stderr: /' "/tmp/sg.$i.err" | head -5
	is "$(jv "$i" _error)" "(absent)" "$k $d: output is JSON with a devices array"
	is "$(jv "$i" scsi_id_g)" "${G[$d]}" "$k $d: scsi_id_g = scsi_id -g"
	is "$(jv "$i" SCSIid)" "$(sanitise "${G[$d]}")" "$k $d: SCSIid = sanitised scsi_id -g"
	is "$(jv "$i" scsi_id_u)" "${U[$d]}" "$k $d: scsi_id_u = scsi_id -g -u"
	m=no
	[ "$(jv "$i" scsi_id_g)" = "${G[$d]}" ] && m=yes
	rows+=("$d ($k) | ${G[$d]} | $(jv "$i" scsi_id_g) | $m")
done

# ---- iSCSI: target IQN, portal address and port from sysfs
for i in 4 5; do
	d=${devs[$i]}
	read -r s_iqn s_addr s_port s_tpgt < <(vm_iscsi_info "$d")
	diag "sysfs $d: targetname=$s_iqn persistent_address=$s_addr persistent_port=$s_port tpgt=$s_tpgt"
	[ -n "$sg" ] || continue
	is "$(jv "$i" targetIQN)" "$s_iqn" "iscsi $d: targetIQN = session targetname"
	is "$(jv "$i" target)" "$s_addr" "iscsi $d: target = connection persistent_address"
	is "$(jv "$i" port)" "$s_port" "iscsi $d: port = connection persistent_port"
done
is "$( (vm_iscsi_info "$p0"; vm_iscsi_info "$p1") | cut -d' ' -f2 | sort | tr '\n' ' ')" "127.0.0.1 127.0.0.2 " \
	"guest sysfs: the two paths come through the two portals"
if [ -n "$sg" ]; then
	for i in 0 1 2 3; do
		like "$(jv "$i" targetIQN)" '^(null|\(absent\))$' "${kinds[$i]} ${devs[$i]}: no iSCSI target"
	done
fi

# ---- multipath: the map lists both paths; the paths name their map
# base_sorted DEV...: basenames, sorted, on one line (callers word-split lists)
base_sorted() { for x in "$@"; do basename "$x"; done | sort | tr '\n' ' '; }
# shellcheck disable=SC2046
is "$(base_sorted $(vm_mpath_paths "$map"))" "$(base_sorted "$p0" "$p1")" "device-mapper: map slaves are both iSCSI paths"
# shellcheck disable=SC2046
if [ -n "$sg" ]; then
	is "$(jv 6 multipath.map)" "$WWID" "mpath $map: multipath.map is the WWID"
	is "$(base_sorted $(jv 6 multipath.paths))" "$(base_sorted "$p0" "$p1")" "mpath $map: multipath.paths are both iSCSI paths"
	is "$(jv 4 multipath.map) $(jv 5 multipath.map)" "$WWID $WWID" "iscsi paths: multipath.map names their map"
	for i in 0 1 2 3; do
		like "$(jv "$i" multipath)" '^(null|\(absent\))$' "${kinds[$i]} ${devs[$i]}: not in a multipath map"
	done
fi

diag "dev | scsi_id -g | relun-sg | match"
for r in "${rows[@]}"; do diag "$r"; done
# The record an `xe sr-probe type=lvmoiscsi` needs, as relun-sg prints it.
for i in "${!devs[@]}"; do
	if grep -Eq '"transport": *"iscsi"' "/tmp/sg.$i.json" 2>/dev/null; then
		diag "relun-sg --json ${devs[$i]}:"
		while IFS= read -r line; do diag "  $line"; done <"/tmp/sg.$i.json"
		break
	fi
done
done_testing
