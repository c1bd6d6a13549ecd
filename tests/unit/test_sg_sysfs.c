/* sysfs transport discovery, multipath and sg_identify() on a fake sysfs
 * tree laid out as a Debian 6.1 kernel lays it out (reference §3):
 *   sdb  2:0:0:3  iSCSI session1 (class links), path 1 of dm-0
 *   sdc  3:0:0:3  iSCSI session2 (device-model copies only), path 2 of dm-0
 *   sdb1 a partition of sdb
 *   sdd  4:0:0:1  FC rport-4:0-2 on qla2xxx
 *   sda  0:0:0:0  virtio_scsi
 *   dm-0 multipath map, dm-1 an LVM LV, loop0, nvme0n1
 * Device nodes for sg_identify() are made with mknod on unused majors (61,
 * 62), so nothing real is ever opened. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "multipath.h"
#include "sg_ident.h"
#include "sysfs_transport.h"

static char root[PATH_MAX];
static struct rl_sysfs sys;   /* reads below root */

static void mkparents(const char *path)
{
	char tmp[PATH_MAX], *p;

	snprintf(tmp, sizeof(tmp), "%s", path);
	for (p = tmp + strlen(root) + 1; (p = strchr(p, '/')); p++) {
		*p = '\0';
		if (mkdir(tmp, 0755) < 0 && errno != EEXIST)
			fail_msg("mkdir %s: %s", tmp, strerror(errno));
		*p = '/';
	}
}

static void put_bytes(const char *rel, const void *b, size_t n)
{
	char p[PATH_MAX];
	FILE *f;

	snprintf(p, sizeof(p), "%s/%s", root, rel);
	mkparents(p);
	f = fopen(p, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(b, 1, n, f), n);
	fclose(f);
}

/* A text attribute, with the newline sysfs adds. */
static void put(const char *dir, const char *attr, const char *val)
{
	char rel[PATH_MAX], v[512];

	snprintf(rel, sizeof(rel), "%s/%s", dir, attr);
	snprintf(v, sizeof(v), "%s\n", val);
	put_bytes(rel, v, strlen(v));
}

static void link_to(const char *rel, const char *target_rel)
{
	char p[PATH_MAX], t[PATH_MAX];

	snprintf(p, sizeof(p), "%s/%s", root, rel);
	snprintf(t, sizeof(t), "%s/%s", root, target_rel);
	mkparents(p);
	if (symlink(t, p) < 0)
		fail_msg("symlink %s: %s", p, strerror(errno));
}

static void mkdirs(const char *rel)
{
	char p[PATH_MAX];

	snprintf(p, sizeof(p), "%s/%s/x", root, rel);
	mkparents(p);
}

#define H2 "sys/devices/platform/host2"
#define D_SDB H2 "/session1/target2:0:0/2:0:0:3"
#define H3 "sys/devices/platform/host3"
#define D_SDC H3 "/session2/target3:0:0/3:0:0:3"
#define H4 "sys/devices/pci0000:00/0000:00:03.0/host4"
#define D_SDD H4 "/rport-4:0-2/target4:0:0/4:0:0:1"
#define D_SDA "sys/devices/pci0000:00/0000:00:04.0/virtio1/host0/target0:0:0/0:0:0:0"
#define DM0 "sys/devices/virtual/block/dm-0"
#define DM1 "sys/devices/virtual/block/dm-1"
#define WWID "36001405a1b2c3d45e6f4a7b8c9d0e1f2"

/* LIO: TPGS 3, NAA-6 from the unit serial, T10, relative port 1, TPG 0 */
static const uint8_t lio_std[36] = {
	0x00, 0x00, 0x06, 0x02, 0x1f, 0x30, 0x00, 0x00, 'L', 'I', 'O', '-', 'O', 'R', 'G', ' ',
	'd', 'i', 's', 'k', '1', ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ',
	'4', '.', '0', ' ',
};
static const uint8_t lio_p80[] = "\x00\x80\x00\x24" "a1b2c3d4-5e6f-4a7b-8c9d-0e1f2a3b4c5d";
static const uint8_t lio_p83[] = {
	0x00, 0x83, 0x00, 0x38,
	0x01, 0x03, 0x00, 0x10, 0x60, 0x01, 0x40, 0x5a, 0x1b, 0x2c, 0x3d, 0x45,
	0xe6, 0xf4, 0xa7, 0xb8, 0xc9, 0xd0, 0xe1, 0xf2,
	0x02, 0x01, 0x00, 0x10, 'L', 'I', 'O', '-', 'O', 'R', 'G', ' ', 'd', 'i', 's', 'k', '1', ':', 'a', '1',
	0x61, 0x94, 0x00, 0x04, 0x00, 0x00, 0x00, 0x01,
	0x61, 0x95, 0x00, 0x04, 0x00, 0x00, 0x00, 0x00,
};

static void scsi_disk(const char *d, const char *name, const char *devnum, const char *vendor,
		      const char *model, int with_vpd)
{
	char b[PATH_MAX];

	put(d, "vendor", vendor);
	put(d, "model", model);
	put(d, "rev", "4.0 ");
	put(d, "state", "running");
	put(d, "wwid", "naa.6001405a1b2c3d45e6f4a7b8c9d0e1f2");
	if (with_vpd) {
		snprintf(b, sizeof(b), "%s/inquiry", d);
		put_bytes(b, lio_std, sizeof(lio_std));
		snprintf(b, sizeof(b), "%s/vpd_pg80", d);
		put_bytes(b, lio_p80, sizeof(lio_p80) - 1);
		snprintf(b, sizeof(b), "%s/vpd_pg83", d);
		put_bytes(b, lio_p83, sizeof(lio_p83));
	}
	snprintf(b, sizeof(b), "%s/block/%s", d, name);
	put(b, "dev", devnum);
	put(b, "size", "65536");
	put(b, "queue/logical_block_size", "512");
	snprintf(b, sizeof(b), "sys/class/block/%s", name);
	{
		char t[PATH_MAX];

		snprintf(t, sizeof(t), "%s/block/%s", d, name);
		link_to(b, t);
		snprintf(b, sizeof(b), "sys/dev/block/%s", devnum);
		link_to(b, t);
		snprintf(b, sizeof(b), "%s/block/%s/device", d, name);
		link_to(b, d);
	}
}

static void build_tree(void)
{
	char b[PATH_MAX];

	/* iSCSI path 1, with class links */
	scsi_disk(D_SDB, "sdb", "61:16", "LIO-ORG ", "disk1           ", 1);
	put(D_SDB, "dh_state", "alua");
	put(D_SDB, "access_state", "active/optimized");
	put(D_SDB, "preferred_path", "0");
	put(H2 "/session1/iscsi_session/session1", "targetname", "iqn.2003-01.org.linux-iscsi.t1:sn.1234");
	put(H2 "/session1/iscsi_session/session1", "tpgt", "1");
	put(H2 "/session1/connection1:0/iscsi_connection/connection1:0", "persistent_address", "192.168.10.1");
	put(H2 "/session1/connection1:0/iscsi_connection/connection1:0", "persistent_port", "3260");
	put(H2 "/session1/connection1:0/iscsi_connection/connection1:0", "address", "192.168.10.9");
	put(H2 "/session1/connection1:0/iscsi_connection/connection1:0", "port", "3261");
	link_to("sys/class/iscsi_session/session1", H2 "/session1/iscsi_session/session1");
	link_to("sys/class/iscsi_connection/connection1:0",
		H2 "/session1/connection1:0/iscsi_connection/connection1:0");
	put(H2 "/scsi_host/host2", "proc_name", "iscsi_tcp");
	link_to("sys/class/scsi_host/host2", H2 "/scsi_host/host2");
	/* its partition */
	put(D_SDB "/block/sdb/sdb1", "partition", "1");
	put(D_SDB "/block/sdb/sdb1", "dev", "61:17");
	put(D_SDB "/block/sdb/sdb1", "size", "2048");
	link_to("sys/class/block/sdb1", D_SDB "/block/sdb/sdb1");
	link_to("sys/dev/block/61:17", D_SDB "/block/sdb/sdb1");

	/* iSCSI path 2: only the device-model copies of session and connection */
	scsi_disk(D_SDC, "sdc", "61:32", "LIO-ORG ", "disk1           ", 1);
	put(H3 "/session2/iscsi_session/session2", "targetname", "iqn.2003-01.org.linux-iscsi.t1:sn.1234");
	put(H3 "/session2/iscsi_session/session2", "tpgt", "2");
	put(H3 "/session2/connection2:0/iscsi_connection/connection2:0", "persistent_address", "192.168.11.1");
	put(H3 "/session2/connection2:0/iscsi_connection/connection2:0", "persistent_port", "3260");
	put(H3 "/scsi_host/host3", "proc_name", "iscsi_tcp");
	link_to("sys/class/scsi_host/host3", H3 "/scsi_host/host3");

	/* the multipath map over both */
	put(DM0, "dev", "62:0");
	put(DM0, "size", "65536");
	put(DM0, "dm/name", WWID);
	put(DM0, "dm/uuid", "mpath-" WWID);
	link_to(DM0 "/slaves/sdb", D_SDB "/block/sdb");
	link_to(DM0 "/slaves/sdc", D_SDC "/block/sdc");
	link_to(D_SDB "/block/sdb/holders/dm-0", DM0);
	link_to(D_SDC "/block/sdc/holders/dm-0", DM0);
	link_to("sys/class/block/dm-0", DM0);
	link_to("sys/dev/block/62:0", DM0);
	/* an LV on sdd-less storage: not a map */
	put(DM1, "dev", "62:1");
	put(DM1, "dm/name", "VG_XenStorage--1234-LV");
	put(DM1, "dm/uuid", "LVM-abcdefabcdefabcdefabcdefabcdefababcdefabcdefabcdefabcdefabcdefab");
	link_to("sys/class/block/dm-1", DM1);
	link_to("sys/dev/block/62:1", DM1);

	/* FC */
	scsi_disk(D_SDD, "sdd", "61:48", "NETAPP  ", "LUN C-Mode      ", 0);
	put(H4 "/rport-4:0-2/fc_remote_ports/rport-4:0-2", "port_name", "0x500a09819000a1b2");
	put(H4 "/rport-4:0-2/fc_remote_ports/rport-4:0-2", "node_name", "0x500a09808000a1b2");
	put(H4 "/rport-4:0-2/fc_remote_ports/rport-4:0-2", "port_id", "0x010200");
	put(H4 "/rport-4:0-2/fc_remote_ports/rport-4:0-2", "port_state", "Online");
	link_to("sys/class/fc_remote_ports/rport-4:0-2", H4 "/rport-4:0-2/fc_remote_ports/rport-4:0-2");
	put(H4 "/fc_host/host4", "port_name", "0x21000024ff3dcb10");
	put(H4 "/fc_host/host4", "node_name", "0x20000024ff3dcb10");
	link_to("sys/class/fc_host/host4", H4 "/fc_host/host4");
	put(H4 "/scsi_host/host4", "proc_name", "qla2xxx");
	link_to("sys/class/scsi_host/host4", H4 "/scsi_host/host4");

	/* virtio-scsi */
	scsi_disk(D_SDA, "sda", "61:0", "QEMU    ", "QEMU HARDDISK   ", 0);
	put("sys/devices/pci0000:00/0000:00:04.0/virtio1/host0/scsi_host/host0", "proc_name", "virtio_scsi");
	link_to("sys/class/scsi_host/host0", "sys/devices/pci0000:00/0000:00:04.0/virtio1/host0/scsi_host/host0");

	/* not SCSI */
	put("sys/devices/virtual/block/loop0", "dev", "61:200");
	put("sys/devices/virtual/block/loop0/loop", "backing_file", "/srv/images/lun.img");
	link_to("sys/class/block/loop0", "sys/devices/virtual/block/loop0");
	link_to("sys/dev/block/61:200", "sys/devices/virtual/block/loop0");
	mkdirs("sys/devices/pci0000:00/0000:00:05.0/nvme/nvme0");
	put("sys/devices/pci0000:00/0000:00:05.0/nvme/nvme0/nvme0n1", "dev", "61:201");
	link_to("sys/devices/pci0000:00/0000:00:05.0/nvme/nvme0/nvme0n1/device",
		"sys/devices/pci0000:00/0000:00:05.0/nvme/nvme0");
	link_to("sys/class/block/nvme0n1", "sys/devices/pci0000:00/0000:00:05.0/nvme/nvme0/nvme0n1");
	link_to("sys/dev/block/61:201", "sys/devices/pci0000:00/0000:00:05.0/nvme/nvme0/nvme0n1");

	/* device nodes */
	mkdirs("dev");
	snprintf(b, sizeof(b), "%s/dev/disk.img", root);
	put_bytes("dev/disk.img", "x", 1);
}

static int node(const char *name, unsigned maj, unsigned min)
{
	char p[PATH_MAX];

	snprintf(p, sizeof(p), "%s/dev/%s", root, name);
	return mknod(p, S_IFBLK | 0600, makedev(maj, min));
}

static int setup(void **state)
{
	(void)state;
	snprintf(root, sizeof(root), "/tmp/relun-sgsys.XXXXXX");
	if (!mkdtemp(root) || rl_sysfs_init(&sys, root) < 0)
		return -1;
	build_tree();
	return 0;
}

static int rm_one(const char *p, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(p);
}

static int teardown(void **state)
{
	(void)state;
	return nftw(root, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

static void iscsi_path(void **state)
{
	struct sgsys_dev d;
	struct rl_err e;

	(void)state;
	rl_err_init(&e, NULL);
	assert_int_equal(sgsys_lookup(&sys, "sdb", 1, &d, &e), 0);
	assert_true(d.is_scsi);
	assert_false(d.is_partition);
	assert_false(d.is_dm);
	assert_string_equal(d.hctl, "2:0:0:3");
	assert_int_equal(d.host, 2);
	assert_int_equal(d.lun, 3);
	assert_string_equal(d.driver, "iscsi_tcp");
	assert_int_equal(d.transport, SGSYS_T_ISCSI);
	assert_string_equal(sgsys_transport_name(d.transport), "iscsi");
	assert_string_equal(d.iscsi.session, "session1");
	assert_string_equal(d.iscsi.targetname, "iqn.2003-01.org.linux-iscsi.t1:sn.1234");
	assert_string_equal(d.iscsi.tpgt, "1");
	assert_string_equal(d.iscsi.address, "192.168.10.1");
	assert_string_equal(d.iscsi.port, "3260");
	assert_string_equal(d.iscsi.conn_address, "192.168.10.9");
	assert_string_equal(d.iscsi.conn_port, "3261");
	assert_string_equal(d.vendor, "LIO-ORG");
	assert_string_equal(d.model, "disk1");
	assert_string_equal(d.dh_state, "alua");
	assert_string_equal(d.access_state, "active/optimized");
	assert_int_equal(d.preferred_path, 0);
	assert_int_equal(d.size_bytes, 65536ULL * 512);
	assert_int_equal(d.logical_block_size, 512);

	/* session and connection only below the session's device directory */
	assert_int_equal(sgsys_lookup(&sys, "sdc", 1, &d, &e), 0);
	assert_string_equal(d.hctl, "3:0:0:3");
	assert_string_equal(d.iscsi.session, "session2");
	assert_string_equal(d.iscsi.targetname, "iqn.2003-01.org.linux-iscsi.t1:sn.1234");
	assert_string_equal(d.iscsi.tpgt, "2");
	assert_string_equal(d.iscsi.address, "192.168.11.1");
	assert_string_equal(d.iscsi.port, "3260");
	assert_int_equal(d.preferred_path, -1);
}

static void other_transports(void **state)
{
	struct sgsys_dev d;
	struct rl_err e;
	uint8_t buf[256];
	char name[64];

	(void)state;
	rl_err_init(&e, NULL);
	assert_int_equal(sgsys_lookup(&sys, "sdd", 1, &d, &e), 0);
	assert_string_equal(d.hctl, "4:0:0:1");
	assert_int_equal(d.transport, SGSYS_T_FC);
	assert_string_equal(d.driver, "qla2xxx");
	assert_string_equal(d.fc.rport, "rport-4:0-2");
	assert_string_equal(d.fc.target_wwpn, "0x500a09819000a1b2");
	assert_string_equal(d.fc.target_wwnn, "0x500a09808000a1b2");
	assert_string_equal(d.fc.port_id, "0x010200");
	assert_string_equal(d.fc.port_state, "Online");
	assert_string_equal(d.fc.host_wwpn, "0x21000024ff3dcb10");
	assert_string_equal(d.fc.host_wwnn, "0x20000024ff3dcb10");
	assert_int_equal(sgsys_read_scsi_bin(&d, "vpd_pg83", buf, sizeof(buf)), -1);

	assert_int_equal(sgsys_lookup(&sys, "sda", 1, &d, &e), 0);
	assert_int_equal(d.transport, SGSYS_T_VIRTIO);
	assert_string_equal(d.hctl, "0:0:0:0");

	assert_int_equal(sgsys_lookup(&sys, "sdb1", 1, &d, &e), 0);
	assert_true(d.is_partition);
	assert_string_equal(d.name, "sdb1");
	assert_string_equal(d.parent, "sdb");
	assert_string_equal(d.hctl, "2:0:0:3");
	assert_int_equal(sgsys_read_scsi_bin(&d, "vpd_pg83", buf, sizeof(buf)), sizeof(lio_p83));
	assert_memory_equal(buf, lio_p83, sizeof(lio_p83));

	assert_int_equal(sgsys_lookup(&sys, "nvme0n1", 1, &d, &e), 0);
	assert_false(d.is_scsi);
	assert_int_equal(sgsys_lookup(&sys, "loop0", 1, &d, &e), 0);
	assert_false(d.is_scsi);
	assert_int_equal(sgsys_lookup(&sys, "sdz", 1, &d, &e), -1);
	assert_int_equal(e.code, RL_E_NOTFOUND);
	assert_int_equal(sgsys_lookup(&sys, "../etc", 1, &d, &e), -1);
	assert_int_equal(e.code, RL_E_INVAL);

	assert_int_equal(rl_sysfs_devno_to_name(&sys, makedev(61, 48), 1, name, sizeof(name), &e), 0);
	assert_string_equal(name, "sdd");
	assert_int_equal(rl_sysfs_devno_to_name(&sys, makedev(61, 99), 1, name, sizeof(name), &e), -1);
	assert_int_equal(e.code, RL_E_NOTFOUND);
}

static void multipath_map(void **state)
{
	struct mpath_map *m = malloc(sizeof(*m));
	struct rl_err e;
	char dm[32];

	(void)state;
	assert_non_null(m);
	rl_err_init(&e, NULL);
	assert_int_equal(mpath_map_of_path(&sys, "sdb", dm, sizeof(dm)), 1);
	assert_string_equal(dm, "dm-0");
	assert_int_equal(mpath_map_of_path(&sys, "sdd", dm, sizeof(dm)), 0);
	assert_true(mpath_is_map(&sys, "dm-0"));
	assert_false(mpath_is_map(&sys, "dm-1"));

	assert_int_equal(mpath_read_map(&sys, "dm-0", m, &e), 0);
	assert_string_equal(m->name, WWID);
	assert_string_equal(m->uuid, "mpath-" WWID);
	assert_string_equal(m->devnum, "62:0");
	assert_int_equal(m->n_paths, 2);
	assert_string_equal(m->paths[0].device, "sdb");
	assert_string_equal(m->paths[0].devnum, "61:16");
	assert_string_equal(m->paths[0].hctl, "2:0:0:3");
	assert_string_equal(m->paths[1].device, "sdc");
	assert_string_equal(m->paths[1].hctl, "3:0:0:3");
	assert_string_equal(m->paths[1].state, "unknown");
	assert_false(m->states_known);

	assert_int_equal(mpath_read_map(&sys, "dm-1", m, &e), -1);
	assert_int_equal(e.code, RL_E_UNSUPPORTED);
	assert_int_equal(mpath_read_map(&sys, "dm-7", m, &e), -1);
	assert_int_equal(e.code, RL_E_NOTFOUND);
	free(m);
}

static void multipath_status(void **state)
{
	struct mpath_status_path sp[8];
	struct mpath_map *m = calloc(1, sizeof(*m));
	size_t n;

	(void)state;
	/* reference example: queue_if_no_path feature args, one round-robin group */
	assert_int_equal(mpath_parse_status("2 1 0 0 1 1 E 0 2 0 8:0 A 0 8:16 A 0 ", sp, 8, &n), 0);
	assert_int_equal(n, 2);
	assert_string_equal(sp[0].devnum, "8:0");
	assert_int_equal(sp[1].state, 'A');
	assert_int_equal(sp[1].group, 1);
	assert_int_equal(sp[1].group_state, 'E');
	/* hardware handler, two groups, service-time with 2 info args per path */
	assert_int_equal(mpath_parse_status("2 0 0 1 alua 2 1 A 0 1 2 8:0 A 0 0 1 E 0 1 2 8:16 F 3 0 1",
					    sp, 8, &n), 0);
	assert_int_equal(n, 2);
	assert_int_equal(sp[0].group_state, 'A');
	assert_string_equal(sp[1].devnum, "8:16");
	assert_int_equal(sp[1].state, 'F');
	assert_int_equal(sp[1].fail_count, 3);
	assert_int_equal(sp[1].group, 2);
	/* malformed */
	assert_int_equal(mpath_parse_status("2 0 0 0 1 1 E 0 2 0 8:0 A 0", sp, 8, &n), -1);
	assert_int_equal(mpath_parse_status("2 0 0 0 1 1 X 0 1 0 8:0 A 0", sp, 8, &n), -1);
	assert_int_equal(mpath_parse_status("", sp, 8, &n), -1);
	assert_int_equal(mpath_parse_status("0 0 0 0", sp, 8, &n), 0);
	assert_int_equal(n, 0);

	/* applied to a map read from sysfs */
	assert_non_null(m);
	m->n_paths = 2;
	snprintf(m->paths[0].devnum, sizeof(m->paths[0].devnum), "8:0");
	snprintf(m->paths[1].devnum, sizeof(m->paths[1].devnum), "8:16");
	assert_int_equal(mpath_parse_status("2 0 0 0 1 1 A 0 3 0 8:0 A 0 8:16 F 2 8:32 A 0", sp, 8, &n), 0);
	mpath_apply_status(m, sp, n);
	assert_int_equal(m->n_paths, 3);
	assert_string_equal(m->paths[0].state, "active");
	assert_string_equal(m->paths[1].state, "failed");
	assert_string_equal(m->paths[2].devnum, "8:32");
	free(m);
}

static void identify_devices(void **state)
{
	struct sg_ident *id = malloc(sizeof(*id));
	struct sg_opts o;
	struct rl_err e;
	char p[PATH_MAX];

	(void)state;
	assert_non_null(id);
	/* the tier runs as root (loop devices); no mknod is a failure */
	if (node("sdb", 61, 16) < 0)
		fail_msg("mknod not permitted: %s", strerror(errno));
	assert_int_equal(node("sdb1", 61, 17), 0);
	assert_int_equal(node("sdd", 61, 48), 0);
	assert_int_equal(node("dm-0", 62, 0), 0);
	assert_int_equal(node("dm-1", 62, 1), 0);
	assert_int_equal(node("loop0", 61, 200), 0);
	assert_int_equal(node("nvme0n1", 61, 201), 0);
	assert_int_equal(node("sdq", 61, 99), 0);
	sg_opts_init(&o);
	o.sys = &sys;

	/* SG_IO fails (no driver for major 61): identified from sysfs */
	snprintf(p, sizeof(p), "%s/dev/sdb", root);
	assert_int_equal(sg_identify(p, &o, id, &e), 0);
	assert_int_equal(id->via, SG_VIA_SYSFS);
	assert_string_equal(id->scsiid, WWID);
	assert_string_equal(id->id.g, WWID);
	assert_string_equal(id->id.u, WWID);
	assert_string_equal(id->vendor, "LIO-ORG");
	assert_string_equal(id->product, "disk1");
	assert_string_equal(id->revision, "4.0");
	assert_string_equal(id->serial, "a1b2c3d4-5e6f-4a7b-8c9d-0e1f2a3b4c5d");
	assert_string_equal(id->hctl, "2:0:0:3");
	assert_string_equal(id->transport, "iscsi");
	assert_string_equal(id->iscsi.target, "192.168.10.1");
	assert_string_equal(id->iscsi.port, "3260");
	assert_string_equal(id->iscsi.iqn, "iqn.2003-01.org.linux-iscsi.t1:sn.1234");
	assert_string_equal(id->iscsi.tpgt, "1");
	assert_string_equal(id->iscsi.session, "session1");
	assert_int_equal(id->size_bytes, 65536ULL * 512);
	assert_true(id->has_mpath);
	assert_string_equal(id->mpath.name, WWID);
	assert_int_equal(id->mpath.n_paths, 2);
	assert_true(id->alua.present);
	assert_int_equal(id->alua.tpgs, 3);
	assert_int_equal(id->alua.port_group, 0);
	assert_int_equal(id->alua.relative_port, 1);
	assert_string_equal(id->alua.access_state, "active/optimized");
	assert_true(id->n_warn >= 1);
	assert_non_null(strstr(id->warn[0], "identified from the kernel's sysfs copies instead"));

	/* --no-sgio gives the same without the warning */
	o.no_sgio = 1;
	assert_int_equal(sg_identify(p, &o, id, &e), 0);
	assert_string_equal(id->scsiid, WWID);
	assert_int_equal(id->n_warn, 1);
	assert_string_equal(id->warn[0], "multipath dm-0: another sysfs root: path states not read");

	/* a partition identifies its disk */
	snprintf(p, sizeof(p), "%s/dev/sdb1", root);
	assert_int_equal(sg_identify(p, &o, id, &e), 0);
	assert_string_equal(id->kname, "sdb");
	assert_string_equal(id->scsiid, WWID);
	assert_int_equal(id->size_bytes, 65536ULL * 512);
	assert_non_null(strstr(id->warn[0], "sdb1 is a partition: identifying its disk sdb"));

	/* the multipath map: id through its first path's sysfs copies */
	snprintf(p, sizeof(p), "%s/dev/dm-0", root);
	assert_int_equal(sg_identify(p, &o, id, &e), 0);
	assert_string_equal(id->scsiid, WWID);
	assert_string_equal(id->mpath.dm, "dm-0");
	assert_string_equal(id->hctl, "");
	assert_string_equal(id->iscsi.iqn, "iqn.2003-01.org.linux-iscsi.t1:sn.1234");

	/* FC path without sysfs VPD copies: no id source at all */
	snprintf(p, sizeof(p), "%s/dev/sdd", root);
	assert_int_equal(sg_identify(p, &o, id, &e), -1);
	assert_int_equal(e.code, RL_E_IO);
	assert_string_equal(id->fc.target_wwpn, "0x500a09819000a1b2");

	/* not SCSI, clearly said */
	snprintf(p, sizeof(p), "%s/dev/loop0", root);
	assert_int_equal(sg_identify(p, &o, id, &e), -1);
	assert_int_equal(e.code, RL_E_UNSUPPORTED);
	assert_string_equal(e.msg, "not a SCSI device: loop device loop0 backed by /srv/images/lun.img");
	snprintf(p, sizeof(p), "%s/dev/nvme0n1", root);
	assert_int_equal(sg_identify(p, &o, id, &e), -1);
	assert_string_equal(e.msg, "not a SCSI device: nvme0n1 has no SCSI host in sysfs (NVMe, virtio-blk, md, zram...)");
	snprintf(p, sizeof(p), "%s/dev/dm-1", root);
	assert_int_equal(sg_identify(p, &o, id, &e), -1);
	assert_int_equal(e.code, RL_E_UNSUPPORTED);
	assert_non_null(strstr(e.msg, "is not a multipath map"));
	snprintf(p, sizeof(p), "%s/dev/disk.img", root);
	assert_int_equal(sg_identify(p, &o, id, &e), -1);
	assert_string_equal(e.msg, "not a SCSI device: a regular file (disk image?)");
	snprintf(p, sizeof(p), "%s/dev/sdq", root);
	assert_int_equal(sg_identify(p, &o, id, &e), -1);
	assert_int_equal(e.code, RL_E_UNSUPPORTED);
	assert_string_equal(e.msg, "not a SCSI device: block device 61:99 is unknown to sysfs");
	snprintf(p, sizeof(p), "%s/dev/nothing", root);
	assert_int_equal(sg_identify(p, &o, id, &e), -1);
	assert_int_equal(e.code, RL_E_NOTFOUND);
	free(id);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(iscsi_path),
		cmocka_unit_test(other_transports),
		cmocka_unit_test(multipath_map),
		cmocka_unit_test(multipath_status),
		cmocka_unit_test(identify_devices),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
