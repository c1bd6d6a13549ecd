# The guest itself: 9p root, real SCSI disks and their scsi_id, LIO iSCSI on
# two portals, dm-multipath (dmsetup and multipathd), LVM activation.
# vm-boot: --disk size=64M,wwn=0x6090a028408b4fc2 --disk size=32M
. "$RELUN_TOP/tests/vm/lib/guest.sh"
plan 57

# ---- the guest
is "$(awk '$2 == "/run/relun/lower" {print $3}' /proc/mounts)" 9p "host root mounted over 9p"
like "$(awk '$2 == "/run/relun/lower" {print $4}' /proc/mounts)" '^ro[,$]' "host root is read-only"
is "$(awk '$2 == "/" {print $3}' /proc/mounts)" overlay "guest root is an overlay over it"
touch /relun-vm-write-probe
ok $? "guest root is writable"
[ ! -e /run/relun/lower/relun-vm-write-probe ]
ok $? "guest writes do not reach the host root"
is "$(uname -r)" "$(basename "$(ls -d "$RELUN_KDIR"/lib/modules/*/)")" "running the cached Debian kernel"
for t in /lib/udev/scsi_id iscsiadm iscsid dmsetup lvm multipath multipathd sg_inq losetup; do
	command -v "$t" >/dev/null
	ok $? "host tool $t present in the guest"
done
is "$(ip -o addr show lo 2>/dev/null | awk '$3 == "inet" {print $4}')" 127.0.0.1/8 "loopback is up"

vm_mark "qemu scsi-hd"
# ---- qemu scsi-hd disks (values from reference/scsi-identity.md §5)
d0=$(vm_qemu_disk 0)
d1=$(vm_qemu_disk 1)
ok $? "two virtio-scsi disks appeared ($d0 $d1)"
is "$(cat "/sys/block/${d0#/dev/}/device/wwid")" naa.6090a028408b4fc2 "disk with wwn: kernel wwid"
is "$(vm_scsi_id_g "$d0")" 36090a028408b4fc2 "disk with wwn: scsi_id -g"
is "$(vm_scsi_id_u "$d0")" 36090a028408b4fc2 "disk with wwn: scsi_id -g -u"
is "$(vm_scsi_id_g "$d1")" "0QEMU    QEMU HARDDISK   drv1" "disk without wwn: scsi_id -g (vendor-specific id)"
is "$(vm_scsi_id_u "$d1")" "0QEMU_QEMU_HARDDISK_drv1" "disk without wwn: scsi_id -g -u"
is "$(cat "/sys/class/scsi_host/$(ls "/sys/block/${d0#/dev/}/device/scsi_device" | sed 's/:.*//; s/^/host/')/proc_name")" \
	virtio_scsi "disks are on virtio_scsi"
dd if=/dev/zero of="$d1" bs=64k count=4 conv=fsync 2>/dev/null && cmp -n 262144 "$d1" /dev/zero
ok $? "write and read back through a scsi-hd disk"

vm_mark "scsi_debug"
# ---- scsi_debug
sd=$(vm_scsi_debug dev_size_mb=16)
ok $? "scsi_debug device appeared ($sd)"
like "$(vm_scsi_id_g "$sd")" '^33333333' "scsi_debug: scsi_id -g is its NAA-3 id"

# ---- loop devices work too
l=$(loop_attach "$(tmpimg 8M)")
ok $? "loop device attached ($l)"
modprobe dm-zero && [ -d /sys/module/dm_zero ]
ok $? "modules outside the initramfs load from the cached kernel tree"

vm_mark "LIO iSCSI"
# ---- LIO iSCSI target, open-iscsi initiator, two portals
IQN=iqn.2024-01.org.relun:harness
SERIAL=0123456789abcdef0123456789abcdef
WWID=360014050123456789abcdef012345678
mapfile -t paths < <(vm_iscsi_lun "$IQN" lun0 "$SERIAL" 64M 3)
is "${#paths[@]}" 2 "iSCSI LUN logged in through two portals: two sd paths (${paths[*]})"
p0=${paths[0]:-/dev/null} p1=${paths[1]:-/dev/null}
is "$(vm_scsi_id_g "$p0")" "$WWID" "iSCSI path 1: scsi_id -g is LIO's NAA-6 from the unit serial"
is "$(vm_scsi_id_g "$p1")" "$WWID" "iSCSI path 2: same SCSIid"
is "$(cat "/sys/class/scsi_host/$(readlink -f "/sys/block/${p0#/dev/}/device" | grep -o 'host[0-9]*' | head -1)/proc_name")" \
	iscsi_tcp "paths are on iscsi_tcp"
is "$(vm_iscsi_info "$p0" | cut -d' ' -f1,3,4)" "$IQN 3260 1" "path 1: session target IQN, port, tpgt"
is "$( (vm_iscsi_info "$p0"; vm_iscsi_info "$p1") | cut -d' ' -f2 | sort | tr '\n' ' ')" \
	"127.0.0.1 127.0.0.2 " "the two paths use the two portals"
like "$(readlink -f "/sys/block/${p0#/dev/}/device")" ':3$' "kernel LUN is 3"
is "$(cat "/sys/block/${p0#/dev/}/device/dh_state")" alua "ALUA device handler attached to LIO paths"

vm_mark "dm-multipath"
# ---- dm-multipath over both paths (dmsetup, as multipath does it)
map=$(vm_mpath_create "$p0" "$p1")
is "$map" "/dev/mapper/$WWID" "multipath map named after the WWID"
dm=$(vm_sysfs_name "$map")
is "$(cat "/sys/block/$dm/dm/uuid")" "mpath-$WWID" "map uuid is mpath-WWID"
is "$(vm_mpath_paths "$map" | sort | tr '\n' ' ')" "$(printf '%s\n' "$p0" "$p1" | sort | tr '\n' ' ')" "map slaves are both paths"
like "$(dmsetup status "$WWID")" ' 2 0 8:[0-9]+ A 0 8:[0-9]+ A 0' "both paths active in the map"
is "$(vm_scsi_id_g "$map")" "$WWID" "scsi_id through the map reaches a path"
first=$(dmsetup table "$WWID" | awk '{print $(NF-3)}')
dmsetup message "$WWID" 0 fail_path "$first"
like "$(dmsetup status "$WWID")" " $first F 1 " "one path failed by message"
dd if="$map" of=/dev/null bs=64k count=16 iflag=direct 2>/dev/null
ok $? "I/O continues with one path failed"
dmsetup message "$WWID" 0 reinstate_path "$first"
like "$(dmsetup status "$WWID")" ' 8:[0-9]+ A [0-9]+ 8:[0-9]+ A [0-9]+ $' "path reinstated"

vm_mark "LVM on the map"
# ---- LVM on the map, with activation (the host cannot do this)
# shellcheck disable=SC2034 # read by vm_lvm (tlvm)
LVM_DEVS=$map
vm_lvm pvcreate -q "$map" >/dev/null && vm_lvm vgcreate -q vgh "$map" >/dev/null &&
	vm_lvm lvcreate -q -n lvh -L 8M vgh >/dev/null
ok $? "pvcreate/vgcreate/lvcreate on the multipath map"
like "$(vm_lvm lvs --noheadings -o lv_attr vgh/lvh)" '^ *-wi-a' "LV is active"
is "$(dmsetup table vgh-lvh | awk '{print $3, $4}')" "linear $(dmsetup info -c --noheadings -o major,minor "$WWID" | tr -d ' ')" \
	"LV is a linear dm target on the map"
head -c 1048576 /dev/urandom >"$TMPD/lv.data"
dd if="$TMPD/lv.data" of=/dev/vgh/lvh bs=1M conv=fsync 2>/dev/null
is "$(vm_lv_read vgh lvh 1048576)" "$(sha256sum <"$TMPD/lv.data" | cut -d' ' -f1)" "data written to the LV reads back"
vm_vg_deactivate vgh >/dev/null
[ ! -e /dev/vgh/lvh ] && [ ! -e /dev/mapper/vgh-lvh ]
ok $? "deactivated: the LV's nodes are gone"
vm_vg_activate vgh >/dev/null
is "$(vm_lv_read vgh lvh 1048576)" "$(sha256sum <"$TMPD/lv.data" | cut -d' ' -f1)" "reactivated: same data"
vm_vg_deactivate vgh >/dev/null

vm_mark "the real multipath"
# ---- the real multipath tools: udev + multipathd build the same map
vm_mpath_remove "$WWID"
vm_multipathd_start "$WWID"
ok $? "multipathd made the map $WWID"
is "$(vm_mpath_paths "/dev/mapper/$WWID" | sort | tr '\n' ' ')" "$(printf '%s\n' "$p0" "$p1" | sort | tr '\n' ' ')" \
	"multipathd map has both paths"
is "$(cat "/sys/block/$(vm_sysfs_name "/dev/mapper/$WWID")/dm/uuid")" "mpath-$WWID" "multipathd map uuid is mpath-WWID"
like "$(multipath -ll "$WWID" 2>/dev/null)" "hwhandler='1 alua'" "multipathd uses the ALUA handler"
[ -e "/dev/disk/by-id/scsi-$WWID" ]
ok $? "udev made /dev/disk/by-id/scsi-$WWID"
like "$(vm_lvm vgs --noheadings -o vg_name 2>/dev/null)" 'vgh' "LVM finds the VG on the multipathd map"
vm_vg_activate vgh >/dev/null
is "$(vm_lv_read vgh lvh 1048576)" "$(sha256sum <"$TMPD/lv.data" | cut -d' ' -f1)" "LV activates on the multipathd map with the same data"
vm_vg_deactivate vgh >/dev/null
vm_multipathd_stop

vm_mark "end"
done_testing
