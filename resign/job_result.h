/* The result of one relun-resign job (one VG copy), as the job, LVM's
 * batch check, the attach script and the reports use it.  JSON is only its
 * form at the edges: --json (relun-resign(8), "JSON") and the channel from
 * a job process to its parent (job_result_json.c). */
#ifndef RELUN_JOB_RESULT_H
#define RELUN_JOB_RESULT_H

#include <stddef.h>
#include <stdint.h>

#include "plan.h"
#include "xe_script.h"

/* In the summary's order. */
enum rl_job_status {
	RL_JOB_RESIGNED,
	RL_JOB_PLANNED,
	RL_JOB_NOT_NEEDED,
	RL_JOB_REFUSED,
	RL_JOB_ROLLED_BACK,
	RL_JOB_FAILED,
};
#define RL_JOB_N_STATUS (RL_JOB_FAILED + 1)

const char *rl_job_status_name(enum rl_job_status s); /* "resigned", "not-needed", ... */
int rl_job_status_parse(const char *s, enum rl_job_status *out);

/* An identity before and after; device: the PV's device, NULL for others. */
struct rl_idpair {
	char *old_v, *new_v, *device;
};

/* Why LVM's own check of a resigned VG is not run. */
enum rl_verify_skip {
	RL_VERIFY_RUN,
	RL_VERIFY_SKIP_OPTION,    /* --no-verify */
	RL_VERIFY_SKIP_IMAGES,    /* image files: LVM scans block devices only,
				   * and a live host's LVM has nothing to refresh */
};

/* What LVM's check of a resigned VG needs (devices: the plan's). */
struct rl_job_verify {
	int wanted;               /* the job wrote: the check follows the batch */
	enum rl_verify_skip skip;
	char *vg_name, *vg_uuid;  /* the new ones */
	unsigned pv_count, lv_count;
	char **devs;
	size_t ndevs;
};

/* LVM's word on it (rl_lvm_check's outcome). */
struct rl_job_lvm_check {
	int present;
	int ran, ok;
	char *note;
	char **msgs;
	size_t n_msgs;
};

/* The xe input of the SR to attach (rl_xe_input, owned). */
struct rl_job_attach {
	enum rl_sr_type type;
	char *target, *port, *target_iqn, *scsi_id, *device;
	char *sr_uuid, *orig_sr_uuid, *name_label, *name_description;
	int pool_metadata;
	struct rl_vdi_pair *vdis; /* only with pool_metadata: the vm-import hints */
	size_t n_vdis;
};

struct rl_job_result {
	char **devices;
	size_t n_devices;
	enum rl_job_status status;
	int exit_code;
	char *message;
	int has_notes;
	char **notes;
	size_t n_notes;

	/* has_ids: the identity map of a plan; kept: a unique LUN's identity
	 * (vg_name, and sr_uuid for an SR), old = new */
	int has_ids, kept;
	char *scope;
	int is_sr;
	struct rl_idpair sr_uuid, vg_name, vg_uuid;
	uint64_t seqno;
	struct rl_idpair *pvs, *vdis, *lv_names;
	size_t n_pvs, n_vdis, n_lv_names;
	char *name_label;
	int pool_metadata;
	uint64_t regions, bytes;

	/* the plan: shown whole for a dry run, as "ranges" once written */
	int show_plan;
	struct rl_plan_summary plan;
	char *journal;            /* the transaction's journal, once made */
	uint64_t writes;

	/* the xe attach commands (has_xe; commands dropped when rolled back) */
	int has_xe, has_xe_commands, has_attach;
	enum rl_sr_type sr_type;
	char **xe_commands;
	size_t n_xe_commands;
	struct rl_job_attach attach;

	/* after the batch */
	struct rl_job_verify verify;
	struct rl_job_lvm_check lvm_check;
	char *refresh;            /* the host refresh's note */
	char *xe_script;          /* the run's attach script holding this SR */
};

/* A result for devs[0..n): the devices, status failed, exit 1, no notes. */
int rl_job_result_init(struct rl_job_result *r, const char *const *devs, size_t n);
void rl_job_result_free(struct rl_job_result *r);

/* Status, exit code and message (printf). */
void rl_job_result_set(struct rl_job_result *r, enum rl_job_status st, int code,
		       const char *fmt, ...) __attribute__((format(printf, 4, 5)));
void rl_job_result_note(struct rl_job_result *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* The attach input as xe_script.c takes it (pointing into r). */
void rl_job_attach_input(const struct rl_job_attach *a, struct rl_xe_input *in);
int rl_job_attach_set(struct rl_job_attach *a, const struct rl_xe_input *in);
void rl_job_attach_free(struct rl_job_attach *a);

/* The new SR uuid / VG name the result names, or NULL. */
const char *rl_job_result_new_sr(const struct rl_job_result *r);
const char *rl_job_result_new_vg(const struct rl_job_result *r);

/* LVM's check ran and rejected the VG: it was put back from its journal. */
int rl_job_result_undone(const struct rl_job_result *r);

/* The JSON form (json-c objects behind void *).  wire: also the parts only
 * the parent of a job process needs (what LVM's check needs, the plan of a
 * written VG); the --json output is the result without them. */
void *rl_job_result_to_json(const struct rl_job_result *r, int wire);
/* Back from rl_job_result_to_json(r, 1): 0, or -1 when obj is not a
 * complete result (r then freed). */
int rl_job_result_from_json(const void *obj, struct rl_job_result *r);

/* json-c draws its hash seed from the random source at the first key it
 * hashes.  A job has it drawn first, before its uuids, so that the uuids a
 * run draws from a fixed random source (tests) do not depend on when the
 * first JSON is made. */
void rl_job_result_json_seed(void);

/* A string list's copy (strdup'd); 0 or -1. */
int rl_strv_dup(char ***out, size_t *n_out, const char *const *v, size_t n);
void rl_strv_free(char **v, size_t n);

#endif
