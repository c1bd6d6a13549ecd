/* The SCSI commands relun-sg sends (all read-only): INQUIRY (standard and
 * VPD 0x00, 0x80, 0x83, C9h), READ CAPACITY(16) and REPORT TARGET PORT
 * GROUPS, through libsgutils2; or, when SG_IO is not possible (not root, or
 * the node refuses the ioctl), the copies the kernel keeps in sysfs.
 *
 * The identification pages are requested exactly as scsi_id requests them
 * (allocation length 254, CDB 12 01 PG 00 FE 00), in scsi_id's order: page
 * 0x00, then 0x83 and 0x80 when page 0x00 lists them.
 *
 * sysfs fallback: <scsi device>/inquiry (what the kernel read at scan time),
 * vpd_pg0 (kernels from 5.19 on; otherwise page 0x00 is synthesized from
 * which of vpd_pg80/vpd_pg83 exist, since the kernel only creates those for
 * pages the device lists), vpd_pg80 and vpd_pg83.  No capacity command and
 * no RTPG then: size comes from sysfs, ALUA state from access_state. */
#ifndef RELUN_SG_INQUIRY_H
#define RELUN_SG_INQUIRY_H

#include <stddef.h>
#include <stdint.h>
#include "rl_err.h"
#include "sysfs_transport.h"

#define INQ_ID_LEN 254		/* scsi_id's allocation length */
#define INQ_BIG_LEN 4096	/* full page 0x83, RTPG */

struct inq_resp {
	int ok;			/* the device answered; data valid */
	int illegal;		/* ILLEGAL REQUEST / INVALID OPCODE: page absent */
	size_t len;		/* bytes received (buffer size when unknown) */
	uint8_t buf[INQ_BIG_LEN];
	char err[200];		/* why not ok (empty for illegal) */
};

enum inq_via {
	INQ_VIA_NONE = 0,
	INQ_VIA_SGIO,
	INQ_VIA_SYSFS,
};

struct inq_data {
	enum inq_via via;
	struct inq_resp std, p00, p80, p83, p83full, c9, rtpg;
	int rtpg_extended;
	int cap_ok;
	uint64_t last_lba;
	unsigned block_len;
	char sgio_err[200];	/* why SG_IO was not used (sysfs fallback) */
};

/* What to fetch beyond the identification pages. */
#define INQ_WANT_CAPACITY 0x1
#define INQ_WANT_ALUA 0x2	/* RTPG when TPGS != 0 */
#define INQ_WANT_RDAC 0x4	/* page C9h */

/* The INQUIRY call into libsgutils2, a seam for tests.  inquiry returns
 * what sg_ll_inquiry(_v2) returns; explain, called when that is -1, sends
 * the same CDB through sg_pt and returns the result in the newer
 * convention (a sense category, or SG_LIB_OS_BASE_ERR + errno): sg3_utils
 * before 1.39 (1.37 on XenServer 8) returns -1 alike for NOT READY, UNIT
 * ATTENTION, MEDIUM ERROR, a transport failure and an ioctl error; 1.39 to
 * 1.42 still for the last two. */
struct inq_sgio_ops {
	int (*inquiry)(int fd, int evpd, uint8_t pg, uint8_t *buf, size_t alloc, unsigned tmo,
		       int *resid);
	int (*explain)(int fd, int evpd, uint8_t pg, uint8_t *buf, size_t alloc, unsigned tmo,
		       int *resid);
};
extern const struct inq_sgio_ops inq_sgio_libsgutils;

/* inq_fetch_sgio on an open fd with the given calls. */
int inq_fetch_fd(int fd, unsigned want, unsigned timeout_secs, const struct inq_sgio_ops *ops,
		 struct inq_data *d, int *sgio_impossible, struct rl_err *e);

/* Fetch through SG_IO on path.  Returns 0 when the standard INQUIRY
 * succeeded (other pages may have failed: see their err), -1 when SG_IO
 * could not be used at all (e names the reason; *sgio_impossible set when a
 * sysfs fallback makes sense) or the standard INQUIRY failed. */
int inq_fetch_sgio(const char *path, unsigned want, unsigned timeout_secs, struct inq_data *d,
		   int *sgio_impossible, struct rl_err *e);

/* Fetch from sysfs for the SCSI device behind sd.  0, or -1 when even the
 * standard INQUIRY copy is missing. */
int inq_fetch_sysfs(const struct sgsys_dev *sd, struct inq_data *d, struct rl_err *e);

/* Whether page 0x00 (when ok) lists page pg. */
int inq_page_listed(const struct inq_resp *p00, uint8_t pg);

/* Text for an sg_ll_* result (SG_LIB_CAT_*, 50+errno, or -errno). */
const char *inq_result_str(int res, char *buf, size_t n);

#endif
