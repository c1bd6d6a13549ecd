# After a reboot a SCSI LUN comes back under another /dev/sdX: a resign of a
# clone disk (WWN ...0002) is cut after 7 device writes, the disk is deleted
# and rescanned while a scsi_debug disk takes its old name, and
# `relun-resign --recover JOURNAL` finds it by the SCSIid the journal
# recorded, says which node it chose, and puts back the exact original
# bytes; relun-probe sees the pending journal on the new node first.
# vm-boot: --mem 1024 --timeout 240 --disk size=80M,wwn=0x6090a02840700001 --disk size=80M,wwn=0x6090a02840700002
. "$RELUN_TOP/tests/vm/lib/guest.sh"
plan 7
J=$TMPD/journal
sum() { head -c 16M "$1" | md5sum | cut -d' ' -f1; }

PROBE=$(vm_tool relun-probe) || { fail "relun-probe is built"; done_testing; }
RESIGN=$(vm_tool relun-resign-test) || { fail "relun-resign-test is built"; done_testing; }
REAL=$(vm_tool relun-resign) || { fail "relun-resign is built"; done_testing; }

vm_mark "setup"
d0=$(vm_qemu_disk 0) d1=$(vm_qemu_disk 1)
vm_mksr --vdis chain=6M "$d0" >"$TMPD/manifest"
ok $? "mksr built an SR on $d0"
sync
dd if="$d0" of="$d1" bs=1M count=80 conv=fsync status=none
sum_orig=$(sum "$d1")
wwid1=$(cat /sys/block/"${d1#/dev/}"/device/wwid)

RELUN_FAULT_AFTER_WRITES=7 "$RESIGN" --journal-dir "$J" "$d1" >"$TMPD/cut.out" 2>&1
is "$?" 75 "resign of the clone $d1 cut after 7 device writes"
jr=$(ls "$J"/relun-*.journal)

vm_mark "rescan"
hctl=$(basename "$(readlink -f /sys/block/"${d1#/dev/}"/device)")
host=${hctl%%:*} rest=${hctl#*:}
echo 1 >/sys/block/"${d1#/dev/}"/device/delete
for i in $(seq 50); do [ -b "$d1" ] || break; sleep 0.1; done
filler=$(vm_scsi_debug dev_size_mb=8)
echo "${rest//:/ }" >/sys/class/scsi_host/host"$host"/scan
sleep 1
new=$(vm_disk_by_wwid "$wwid1")
echo "# clone was $d1, now $new; $filler took a name meanwhile"
ok "$([ -n "$new" ] && [ "$new" != "$d1" ] && echo 0 || echo 1)" "the clone came back as $new, not $d1"

like "$("$PROBE" --no-xe --json --journal-dir "$J" "$d0" "$new" 2>/dev/null)" '"verdict": ?"interrupted"' \
	"relun-probe: $new is interrupted (journal found by identity)"
out=$("$REAL" --recover "$jr" 2>&1); rc=$?
echo "$out" | sed 's/^/# /'
is "$rc" 0 "--recover: exit 0"
like "$out" "found it by identity .* as $new" "--recover says which node it chose and why"
is "$(sum "$new")" "$sum_orig" "the clone's header region is the exact original again"
done_testing
