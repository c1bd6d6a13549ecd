/* Grouping and verdicts: which LUNs are paths of one another, which carry the
 * same PV/VG identity, and from what evidence one of them is the original. */
#ifndef RELUN_PROBE_JUDGE_H
#define RELUN_PROBE_JUDGE_H

#include "discover.h"
#include "lun_read.h"
#include "rl_blockio.h"

struct rl_jscan; /* journal.h */

enum verdict {
	V_ORIGINAL,     /* evidence says this is the LUN the identity belongs to, or it is unique */
	V_CLONE,        /* same identity as another LUN; evidence says this is the copy */
	V_DUPLICATE,    /* same identity as another LUN; no evidence which is which */
	V_PATH,         /* another path of a LUN listed elsewhere */
	V_INTERRUPTED,  /* a resign journal for this LUN is pending */
	V_DAMAGED,      /* CRC, magic, bounds or parse error */
	V_NOT_LVM,      /* no LVM label */
	V_UNREADABLE,   /* could not open or read the device */
};

struct plun {
	struct pdev dev;
	int path_of;               /* index of the LUN this is a path of, else -1 */
	struct rl_dev io;
	int opened;
	struct lun_pv pv;
	int copy;                  /* index in judge.copies, -1 if none */
	unsigned n_same;           /* LUNs carrying this PV uuid, this one included */
	enum verdict verdict;
	char reason[1024];
	char evidence[1024];       /* what was compared, "" if nothing */
	int can_resign;            /* 1 yes, 0 no */
	int resign_needed;         /* 0 for a unique identity (DR site) */
	char can_reason[600];
	char journal[4096];        /* pending journal path (interrupted) */
	struct rl_err err;
};

struct pcopy {                 /* one copy of a VG: the LUNs that carry its PVs */
	unsigned *luns;
	unsigned n_luns;
	enum verdict verdict;
	struct lun_vg vg;
	int read_ok;
};

struct judge_opts {
	const char *sysroot;       /* "" for the real /sys */
	const char *original;      /* --original DEV or NULL */
	const char *journal_dir;   /* where pending resign journals live */
	int use_xe;                /* ask xe for the pool's record of each SR */
	int vg_only;               /* read no MGT/VHD contents (relun-resign's
				    * judge: identities only, not reports) */
};

struct judge {
	struct plun *luns;
	unsigned n;
	struct pcopy *copies;
	unsigned n_copies;
};

/* Takes ownership of devs.  Reads, groups and judges every LUN; the
 * journal directory is read once (rl_jscan_build) for all of them. */
int judge_run(struct pdev_list *devs, const struct judge_opts *o, struct judge *j, struct rl_err *e);
/* The same against a snapshot of the journal directory the caller already
 * took (or NULL: as judge_run). */
int judge_run_jscan(struct pdev_list *devs, const struct judge_opts *o,
		    const struct rl_jscan *jscan, struct judge *j, struct rl_err *e);
void judge_free(struct judge *j);
const char *verdict_name(enum verdict v);

#endif
