/* What sysfs says about a SCSI disk: H:C:T:L, the HBA driver, and the
 * transport behind it (iSCSI target IQN, portal, port and tpgt; FC host and
 * remote port names).
 *
 * Every path is read through a sysfs context (sysfs.h), so tests run on a
 * fake tree: the layouts below are those of a Debian 6.1 kernel, with
 * relative symlinks as the kernel makes them.
 *   sys/class/block/sdb -> ../../devices/platform/host2/session1/target2:0:0/2:0:0:3/block/sdb
 *   sys/class/iscsi_session/session1/{targetname,tpgt}
 *   sys/class/iscsi_connection/connection1:0/{persistent_address,persistent_port}
 *   sys/class/block/sdc -> ../../devices/pci0000:00/.../host3/rport-3:0-2/target3:0:0/3:0:0:1/block/sdc
 *   sys/class/fc_remote_ports/rport-3:0-2/{port_name,node_name,port_id,port_state}
 *   sys/class/fc_host/host3/{port_name,node_name}
 *   sys/class/scsi_host/hostH/proc_name */
#ifndef RELUN_SG_SYSFS_TRANSPORT_H
#define RELUN_SG_SYSFS_TRANSPORT_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include "rl_err.h"
#include "sysfs.h"

enum sgsys_transport {
	SGSYS_T_OTHER = 0,
	SGSYS_T_ISCSI,
	SGSYS_T_FC,
	SGSYS_T_SAS,
	SGSYS_T_VIRTIO,
};

struct sgsys_iscsi {
	char session[32];		/* "session1" */
	char targetname[256];		/* target IQN */
	char tpgt[16];
	char address[64];		/* persistent_address (device-config:target) */
	char port[16];			/* persistent_port (device-config:port) */
	char conn_address[64];		/* address now in use (after redirects) */
	char conn_port[16];
};

struct sgsys_fc {
	char host_wwpn[32], host_wwnn[32];
	char rport[32];			/* "rport-3:0-2" */
	char target_wwpn[32], target_wwnn[32];
	char port_id[16], port_state[32];
};

struct sgsys_dev {
	char name[64];			/* kernel name: sdb, sg2, dm-0 */
	int is_block;
	int is_partition;		/* then parent names the whole disk */
	char parent[64];
	int is_dm;			/* a device-mapper node */
	int is_scsi;			/* has a SCSI device (H:C:T:L) behind it */
	unsigned host, channel, target;
	uint64_t lun;
	char hctl[64];			/* "2:0:0:3" */
	char driver[64];		/* scsi_host proc_name */
	enum sgsys_transport transport;
	char vendor[32], model[64], rev[16];	/* sysfs, trimmed */
	char wwid[256];
	char state[32];			/* SCSI device state: running, offline... */
	char dh_state[32];		/* device handler: alua, rdac, detached */
	char access_state[48];		/* ALUA state the handler saw */
	int preferred_path;		/* -1 unknown */
	uint64_t size_bytes;		/* 0 unknown */
	unsigned logical_block_size;	/* 0 unknown */
	char devpath[4096];		/* SCSI device dir, sysroot included ("" if none) */
	struct sgsys_iscsi iscsi;
	struct sgsys_fc fc;
};

const char *sgsys_transport_name(enum sgsys_transport t);

/* Everything above for a block device name ("sdb") or, with is_block = 0,
 * a SCSI generic char device ("sg2", "bsg/2:0:0:3" is not supported). */
int sgsys_lookup(const struct rl_sysfs *sys, const char *name, int is_block, struct sgsys_dev *d,
		 struct rl_err *e);

/* A binary SCSI attribute (inquiry, vpd_pg0, vpd_pg80, vpd_pg83) of the
 * device behind d.  Returns the byte count, or -1 when absent. */
ssize_t sgsys_read_scsi_bin(const struct sgsys_dev *d, const char *attr, uint8_t *buf,
			    size_t max);

#endif
