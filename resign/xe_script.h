/* The xe attach sequence for resigned (or kept) SRs, as one runnable bash
 * script per run and as display lines.
 *
 * Per SR, each step asks the pool first, so a rerun resumes: `xe sr-list`
 * (known with this uuid and type: no introduce; another type: stop); `xe
 * sr-probe` must show the SR on the LUN (xe's own error text shown); `xe
 * sr-introduce`; per host (every host, pool master first; type lvm: the one
 * host RELUN_HOST_UUID names, else this host, said on screen) `xe pbd-list`
 * (a PBD for this LUN exists: no create), `xe pbd-create`, `xe pbd-plug`
 * unless currently-attached; `xe sr-scan`; and, when the SR holds a
 * pool-metadata VDI, `xe vm-import metadata=true vdi:OLD=NEW` hints.  A
 * failing SR gets the pbd-unplug / pbd-destroy / sr-forget commands that
 * undo its attach printed (run with --rollback); the run goes on with the
 * next SR and exits 1.  --print (RELUN_XE_DRY=1) prints every command
 * instead of running it.
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

/* The attach script of a run: one function per SR (attach_1 ... attach_n,
 * in the order given), run in that order; see the comment at the top. */
int rl_xe_script_write_run(FILE *f, const struct rl_xe_input *in, size_t n, struct rl_err *e);
/* The script for one SR. */
int rl_xe_script_write(FILE *f, const struct rl_xe_input *in, struct rl_err *e);

/* The script's fixed bash parts (xe_script_sh.c). */
extern const char rl_xe_sh_helpers[], rl_xe_sh_chap_head[], rl_xe_sh_chap_tail[],
	rl_xe_sh_hosts_head[], rl_xe_sh_hosts_local[], rl_xe_sh_hosts_shared[],
	rl_xe_sh_attach_a[], rl_xe_sh_attach_b[], rl_xe_sh_attach_c[], rl_xe_sh_main[];

/* The same sequence as display lines (shell-quoted, host loop spelled out
 * as "<each host, pool master first>"); *lines is a malloc'd array of
 * malloc'd strings.  Free with rl_xe_lines_free. */
int rl_xe_lines(const struct rl_xe_input *in, char ***lines, size_t *n, struct rl_err *e);
void rl_xe_lines_free(char **lines, size_t n);

#endif
