/* scsi_id's device identifier, computed from saved INQUIRY responses.
 *
 * A pure function: no I/O.  Input is what scsi_id itself receives for a
 * 254-byte allocation (standard INQUIRY and VPD pages 0x00, 0x80, 0x83);
 * output is byte for byte what `scsi_id -g`, `scsi_id -g -u` and
 * `scsi_id -g -x` would print, plus the SCSIid sm stores.
 *
 * Where real scsi_id has undefined behaviour (it walks page 0x83 or page 0x00
 * past its 254-byte buffer, or prints a 256-byte id with no terminating NUL)
 * the result here is defined: bytes past the 254 received are read as zero,
 * and an unterminated id runs on into the short serial exactly as the
 * struct layout of scsi_id makes it do (checked against udev 252).  Both set
 * SCSI_ID_F_UNDEFINED so callers can warn.  Nothing outside the caller's
 * buffers or this module's own arrays is ever read. */
#ifndef RELUN_SG_SCSI_ID_H
#define RELUN_SG_SCSI_ID_H

#include <stddef.h>
#include <stdint.h>
#include "sg_profile.h"

#define SCSI_ID_BUF_LEN 254	/* scsi_id's INQUIRY allocation length */
#define SCSI_ID_MAX_SERIAL 256	/* MAX_SERIAL_LEN before systemd PR #40231 */

/* One INQUIRY response.  data == NULL: the command failed (scsi_id treats a
 * failure and an ILLEGAL REQUEST alike for identification).  Only the first
 * SCSI_ID_BUF_LEN bytes are used; fewer are zero-filled as scsi_id's
 * zeroed buffer would be. */
struct scsi_id_page {
	const uint8_t *data;
	size_t len;
};

struct scsi_id_in {
	struct scsi_id_page std;	/* standard INQUIRY */
	struct scsi_id_page p00, p80, p83;
};

enum scsi_id_source {
	SCSI_ID_SRC_NONE = 0,
	SCSI_ID_SRC_VPD83,	/* a page 0x83 designator */
	SCSI_ID_SRC_PRESPC3,	/* pre-SPC-3 page 0x83 (raw bytes in hex) */
	SCSI_ID_SRC_VPD80,	/* 'S' + vendor + model + unit serial number */
};

#define SCSI_ID_F_UNDEFINED	0x01	/* real scsi_id reads/prints past a buffer here */
#define SCSI_ID_F_FORMS_DIFFER	0x02	/* sm SCSIid != -u form (by-scsid link name) */
#define SCSI_ID_F_SM_UNDECODABLE 0x04	/* -g output is not UTF-8: sm gets no SCSIid */
#define SCSI_ID_F_PY2_DIFFERS	0x08	/* Python 2 sm would store another SCSIid */
#define SCSI_ID_F_PARTIAL	0x10	/* printed id is a failed fill's leftover */
#define SCSI_ID_F_P83_TRUNC	0x20	/* page 0x83 longer than the 254 bytes read */
#define SCSI_ID_F_P83_LOWBYTE	0x40	/* xs219: page 0x83 length > 255, low byte used */
#define SCSI_ID_F_NO_STD	0x80	/* standard INQUIRY missing: scsi_id exits 1 */

struct scsi_id_out {
	enum sg_profile profile;
	int found;			/* scsi_id -g prints an id (exit status 0) */
	enum scsi_id_source source;
	int desig_type;			/* page 0x83 designator type used, else -1 */
	int desig_code_set;		/* 1 binary, 2 ASCII, else -1 */
	unsigned flags;			/* SCSI_ID_F_* */
	unsigned pdt;			/* peripheral device type */
	char vendor[9], model[17], revision[5];	/* raw, cut at a NUL */

	char g[512];			/* `scsi_id -g` without the newline */
	char u[512];			/* `scsi_id -g -u` */
	char sm[1024];			/* sm's SCSIid ("" when undecodable) */

	/* `scsi_id -g -x`; empty strings are not printed by scsi_id. */
	char id_vendor[64], id_vendor_enc[256];
	char id_model[64], id_model_enc[256];
	char id_revision[16];
	const char *id_type;
	char id_serial[512];		/* = u */
	char id_serial_short[512];
	char id_wwn[17], id_wwn_vendor_extension[17];
	char id_target_port[8];
	char id_scsi_serial[256];	/* page 0x80 serial, raw */
};

/* Compute everything.  Returns 0 when an id is found, 1 when scsi_id would
 * print nothing and exit 1 (out still holds vendor/model and flags). */
int scsi_id_run(const struct scsi_id_in *in, enum sg_profile p, struct scsi_id_out *out);

/* The exact text of `scsi_id -g -x` (lines ending in '\n') into buf.
 * Returns the length, or -1 if n is too small.  Nothing when no standard
 * INQUIRY was given (scsi_id prints nothing then). */
int scsi_id_export_text(const struct scsi_id_out *o, char *buf, size_t n);

const char *scsi_id_source_name(enum scsi_id_source s);
/* "naa", "eui64", "t10", "vendor", ... for a designator type. */
const char *scsi_id_desig_type_name(int type);

#endif
