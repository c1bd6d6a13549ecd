/* The xe attach sequence for a resigned (or kept) SR, as a runnable bash
 * script and as display lines.
 *
 * Sequence: refuse if the pool already knows the SR uuid; `xe sr-probe` must
 * show the SR on the LUN; `xe sr-introduce`; `xe pbd-create` + `xe pbd-plug`
 * for every host, pool master first (found at run time with pool-list /
 * host-list; type lvm: this host only); `xe sr-scan`; and, when the SR holds
 * a pool-metadata VDI, `xe vm-import metadata=true vdi:OLD=NEW` hints.
 *
 * Safety: every value is a single-quoted shell word ('...' with ' written
 * as '\''), so labels read from disk with quotes, $(...), backticks,
 * newlines or any UTF-8 reach xe as one argument, unchanged.  CHAP secrets
 * are never printed: the script copies chapuser / chappassword_secret (and
 * the other CHAP keys) from the original SR's PBD at run time, or takes them
 * from RELUN_CHAPUSER / RELUN_CHAPPASSWORD_SECRET in its environment. */
#ifndef RELUN_XE_SCRIPT_H
#define RELUN_XE_SCRIPT_H

#include <stddef.h>
#include <stdio.h>

#include "rl_err.h"

enum rl_sr_type {
	RL_SR_LVMOISCSI,
	RL_SR_LVMOHBA,
	RL_SR_LVM,
};

struct rl_vdi_pair {
	char old_uuid[37];
	char new_uuid[37];
};

struct rl_xe_input {
	enum rl_sr_type type;
	/* lvmoiscsi: target (portal address), port, targetIQN, SCSIid;
	 * lvmohba: SCSIid; lvm: device.  NULL or "" = not set (port may be
	 * omitted; the others are required for their type). */
	const char *target, *port, *target_iqn, *scsi_id, *device;
	const char *sr_uuid;          /* the SR uuid to introduce (canonical, lowercase) */
	const char *orig_sr_uuid;     /* SR it was cloned from, for CHAP; NULL if none */
	const char *name_label;       /* may hold anything */
	const char *name_description; /* NULL = "" */
	const struct rl_vdi_pair *vdis; /* old -> new VDI uuids (hints only) */
	size_t n_vdis;
	int pool_metadata;            /* a pool-metadata VDI is on the SR */
	const char *generator;        /* "relun-resign 0.1.0", for the header comment */
};

const char *rl_sr_type_name(enum rl_sr_type t); /* "lvmoiscsi", "lvmohba", "lvm" */
int rl_sr_type_parse(const char *s, enum rl_sr_type *t);

/* s as one single-quoted shell word, malloc'd ("'it'\''s'"). */
char *rl_sh_quote(const char *s);

/* Checks the input (uuids canonical, required keys present). */
int rl_xe_input_check(const struct rl_xe_input *in, struct rl_err *e);

/* The whole script ("#!/bin/bash", "set -euo pipefail", ...). */
int rl_xe_script_write(FILE *f, const struct rl_xe_input *in, struct rl_err *e);

/* The same sequence as display lines (shell-quoted, host loop spelled out
 * as "<each host, pool master first>"); *lines is a malloc'd array of
 * malloc'd strings.  Free with rl_xe_lines_free. */
int rl_xe_lines(const struct rl_xe_input *in, char ***lines, size_t *n, struct rl_err *e);
void rl_xe_lines_free(char **lines, size_t n);

#endif
