/* Grouping and verdicts: which LUNs are paths of one another, which carry the
 * same PV/VG identity, and from what evidence one of them is the original. */
#ifndef RELUN_PROBE_JUDGE_H
#define RELUN_PROBE_JUDGE_H

#include "active.h"
#include "discover.h"
#include "lun_read.h"
#include "rl_blockio.h"
#include "verdict.h"

struct rl_jscan; /* journal_scan.h */

/* What the judge compares, kept for every LUN: the identities its label and
 * its PV's record in the VG metadata carry.  The rest of what was read (the
 * metadata text, the parsed VG) is let go and read again when the LUN is
 * opened for its report, so what a LUN costs stays small on a host with a
 * thousand of them. */
struct lun_key {
	enum lun_pv_state state;
	char pv_uuid[33];          /* raw, from the label */
	char vg_id[33];            /* raw; "" when no VG was parsed */
	int pv_index;              /* the PV's index in the VG, -1 none */
	unsigned n_pvs;            /* PVs of the VG */
	char from[33];             /* the relun_from_ tag's VG id, "" none */
	/* NULL when no VG was parsed; one allocation (vg_name owns it) */
	char *vg_name, *id_type, *id_value, *hint;   /* the PV's device_id_type,
						       * device_id, device hint */
};

/* One per LUN, a thousand and more on a host: the device's identity and
 * the verdict's texts are kept sized to fit, not in fixed buffers. */
struct plun {
	struct pdev_rec dev;
	int path_of;               /* index of the LUN this is a path of, else -1 */
	int opened;                /* the device could be opened, and was read */
	uint64_t size;             /* its size when opened */
	dev_t rdev;                /* as rl_dev_geometry found them when opened */
	unsigned lbs;
	int is_blk;
	int hold_fd;               /* kept open through the run, -1 none: the
				    * kernel drops a block device's page cache
				    * when its last opener closes it, and the
				    * report reads again what the judge read
				    * through this same descriptor */
	struct lun_key key;
	/* The label and metadata as read, and the device they were read
	 * from: loaded by judge_lun_open (or for a copy that is read) and let
	 * go with the copy; NULL otherwise.  A LUN that could not be opened
	 * gets an empty lun_pv. */
	struct lun_pv *pv;
	struct rl_dev *io;
	int copy;                  /* index in judge.copies, -1 if none */
	unsigned n_same;           /* LUNs carrying this PV uuid, this one included */
	enum verdict verdict;
	/* Texts, never NULL ("" when there is none); each is cut at its
	 * PLUN_*_MAX bytes, the NUL included, so that names taken from the
	 * metadata cannot make one LUN's report unbounded. */
	const char *reason;
	const char *evidence;      /* what was compared, "" if nothing */
	int can_resign;            /* 1 yes, 0 no */
	int resign_needed;         /* 0 for a unique identity (DR site) */
	int unique;                /* no other LUN judged carries its PV uuid */
	enum ev_match ev;          /* what the recorded identity says of it */
	const char *can_reason;
	const char *journal;       /* pending journal path (interrupted) */
	int denied;                /* the open failed with EACCES */
	struct active_dm *active;  /* LVs active on it (relun-probe fills it) */
	unsigned n_active;
};

#define PLUN_REASON_MAX 1024
#define PLUN_EVIDENCE_MAX 1024
#define PLUN_CAN_REASON_MAX 600
#define PLUN_JOURNAL_MAX 4096

struct pcopy {                 /* one copy of a VG: the LUNs that carry its PVs */
	unsigned *luns;
	unsigned n_luns;
	unsigned last_lun;         /* the highest index of a LUN of this copy */
	int last_pos;              /* its last LUN in the report order, -1 none */
	enum verdict verdict;
	struct lun_vg *vg;         /* the copy as read; NULL before it is read
				    * (lazy_content: and after its last LUN) */
	int read_ok;
	int damaged;               /* vg->damaged, kept when vg is let go */
};

struct judge_opts {
	const struct rl_sysfs *sys; /* where sysfs is read (NULL: /sys) */
	const char *original;      /* --original DEV or NULL */
	const char *keep;          /* --keep DEV or NULL: the copy that stays when
				    * the original is absent */
	int whole_host;            /* every LUN of the host is among those judged
				    * (else texts say "compared among the N given") */
	unsigned n_given, n_host;  /* paths named; LUNs discovery found */
	const char *journal_dir;   /* where pending resign journals live */
	int use_xe;                /* ask xe for the pool's record of each SR */
	int vg_only;               /* read no MGT/VHD contents (relun-resign's
				    * judge: identities only, not reports) */
	int lazy_content;          /* read a copy and decide can_resign only in
				    * judge_lun_open, let it go in
				    * judge_lun_close (relun-probe: the MGT and
				    * VHDs of a few copies in memory at a time) */
};

struct judge {
	struct plun *luns;
	unsigned n;
	struct pcopy *copies;
	unsigned n_copies;
	int lazy;                  /* judge_opts.lazy_content */
	int whole_host;            /* judge_opts.whole_host */
	unsigned n_given, n_host;  /* judge_opts */
	int original_idx, keep_idx;/* the LUN --original/--keep names, -1 none */
	const char *conflict;      /* NULL, or how --original/--keep contradicts
				    * the recorded evidence (the first such) */
	unsigned read_flags;       /* for lun_read_vg_ex */
	int *pos;                  /* per LUN, its place in the report order
				    * (judge_set_order), -1 not reported */
	const unsigned *order;     /* the report order, n_order LUNs */
	unsigned n_order;
	struct rl_pool *pool;      /* lazy_content: the threads of every read */
};

/* Takes ownership of devs.  Reads, groups and judges every LUN.  jscan:
 * a snapshot of the journal directory the caller already took, or NULL to
 * read the directory once (rl_jscan_build) for all of them. */
int judge_run_recs(struct pdev_recs *devs, const struct judge_opts *o,
		   const struct rl_jscan *jscan, struct judge *j, struct rl_err *e);
/* Bracket the use of LUN i (its report).  Without lazy_content every copy
 * is read and every can_resign decided by judge_run_recs and these do nothing.
 * With it, open reads the LUN's label and metadata again (luns[i].pv, an
 * empty one for a LUN that could not be opened) and its copy when they are
 * not in memory, and decides can_resign (-1 out of memory, the copy then
 * counts as not read); close, after the copy's last LUN, frees what was
 * read and keeps damaged. */
int judge_lun_open(struct judge *j, unsigned i);
/* With lazy_content: the LUNs will be opened in order[0..n) (each once),
 * so the copies of the next few are read ahead, side by side, and each
 * copy is let go after its last LUN in that order.  order must outlive
 * the judge's use.  -1 out of memory (nothing is read ahead then). */
int judge_set_order(struct judge *j, const unsigned *order, unsigned n);
void judge_lun_close(struct judge *j, unsigned i);
void judge_free(struct judge *j);
const char *verdict_name(enum verdict v);

#endif
