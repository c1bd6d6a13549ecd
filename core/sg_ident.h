/* Identify a LUN the way XenServer does: the one call other tools use.
 *
 *   struct sg_opts o;  struct sg_ident *id = malloc(sizeof(*id));
 *   sg_opts_init(&o);
 *   if (sg_identify("/dev/sdb", &o, id, &e) == 0)
 *           group_by(id->scsiid);            // sm's device-config:SCSIid
 *
 * sg_identify() never writes to the device.  It classifies the path first
 * from stat() and sysfs, so loop devices, image files, NVMe, LVs and other
 * non-SCSI nodes return RL_E_UNSUPPORTED ("not a SCSI device: ...") at once,
 * without opening them.  SCSI devices get INQUIRY/VPD (as scsi_id sends
 * them, with scsi_id's 5 s timeout), READ CAPACITY(16) and, with TPGS, REPORT
 * TARGET PORT GROUPS (libsgutils2's 60 s); transport and multipath come from
 * sysfs.
 *
 * libsgutils2 keeps some process-wide state (its warning stream, a cached
 * /proc/devices scan): make the first call from the main thread before
 * identifying devices from several threads. */
#ifndef RELUN_SG_IDENT_H
#define RELUN_SG_IDENT_H

#include <stddef.h>
#include <stdint.h>
#include "rl_err.h"
#include "sysfs.h"
#include "sg_profile.h"
#include "scsi_id.h"
#include "multipath.h"
#include "alua.h"

struct sg_opts {
	enum sg_profile profile;	/* which scsi_id to reproduce (xs219) */
	const struct rl_sysfs *sys;	/* where sysfs is read (NULL: /sys) */
	int no_sgio;			/* never send SCSI commands: sysfs only */
	int no_alua;			/* skip REPORT TARGET PORT GROUPS and C9h */
	unsigned timeout_secs;		/* per command, 0: 5 */
};

void sg_opts_init(struct sg_opts *o);

enum sg_id_via {
	SG_VIA_NONE = 0,
	SG_VIA_SGIO,		/* SCSI commands through SG_IO */
	SG_VIA_SYSFS,		/* the kernel's copies in sysfs */
	SG_VIA_INHEX,		/* saved pages (--inhex) */
};

const char *sg_via_name(enum sg_id_via v);

#define SG_IDENT_MAX_WARN 16

struct sg_ident {
	char device[512];		/* as given */
	char kname[64];			/* kernel name used (sdb, dm-0, sg2) */
	enum sg_id_via via;

	/* standard INQUIRY, trailing blanks cut */
	char vendor[9], product[17], revision[5];
	char serial[256];		/* page 0x80 unit serial, trimmed ("" none) */

	/* the identifier */
	int has_id;			/* scsi_id -g prints something */
	char scsiid[1024];		/* sm's SCSIid (device-config:SCSIid); "" when
					 * sm cannot read the id (not UTF-8).  Check
					 * id.flags & SCSI_ID_F_PARTIAL before trusting
					 * it to tell LUNs apart: such ids ("S", "0...")
					 * are shared by every LUN of that model */
	struct scsi_id_out id;		/* -g, -u, --export, flags, profile */
	int profiles_differ;		/* the other profile gives another SCSIid */
	char other_scsiid[1024];	/* ... namely this one */

	/* capacity */
	uint64_t size_bytes;		/* 0 unknown */
	unsigned logical_block_size;	/* 0 unknown */

	/* where the LUN is */
	char hctl[64];			/* "" for a multipath map or inhex */
	char driver[64];
	const char *transport;		/* iscsi, fc, sas, virtio, other; "" unknown */
	struct {
		int present;
		char target[64];	/* persistent portal address */
		char port[16];
		char iqn[256];
		char tpgt[16];
		char session[32];
	} iscsi;
	struct {
		int present;
		char host_wwpn[32], host_wwnn[32];
		char target_wwpn[32], target_wwnn[32];
		char port_id[16], rport[32], port_state[32];
	} fc;
	int has_mpath;
	struct mpath_map mpath;

	struct {
		int present;		/* TPGS, an RTPG answer, RDAC, or a handler */
		unsigned tpgs;
		int port_group;		/* this path's TPG id, -1 unknown */
		int relative_port;	/* -1 unknown */
		const char *state;	/* this path's state, NULL unknown */
		int preferred;		/* -1 unknown */
		int rtpg_ok;
		struct alua_rtpg rtpg;
		char dh_state[32];	/* kernel device handler */
		char access_state[48];	/* as the kernel handler sees it */
		struct alua_rdac rdac;
	} alua;

	unsigned n_warn;
	char warn[SG_IDENT_MAX_WARN][320];
	int scsi_failed;		/* the error came from a SCSI command */
};

/* Identify dev (a /dev path: sd, sg, dm multipath map, or a partition,
 * which identifies its disk).  Returns 0, or -1 with e:
 *   RL_E_NOTFOUND     no such file
 *   RL_E_UNSUPPORTED  not a SCSI device (message says what it is)
 *   RL_E_IO           cannot open/read it; out->scsi_failed when a SCSI
 *                     command (not the OS) failed
 * out is filled as far as it got in every case. */
int sg_identify(const char *dev, const struct sg_opts *o, struct sg_ident *out, struct rl_err *e);

/* The same from saved responses: files in sg3_utils hex (or raw binary),
 * each holding one or more of the standard INQUIRY and VPD pages 0x00,
 * 0x80, 0x83, C9h.  All files describe ONE device.  Missing pages: no
 * standard INQUIRY -> vendor and model empty (warned); no page 0x00 -> one
 * listing the pages given (warned).  RL_E_IO/RL_E_CORRUPT for unreadable or
 * malformed files. */
int sg_identify_inhex(const char *const *files, size_t n_files, const struct sg_opts *o,
		      struct sg_ident *out, struct rl_err *e);

/* Add a warning (printf-style); silently dropped beyond the limit. */
void sg_ident_warn(struct sg_ident *id, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
