/* The judge's vocabulary, typed: what a LUN is (enum verdict), what the
 * recorded evidence says of it (enum ev_match), and the two rules every
 * tool applies to them -- how one set of LUNs carrying one PV is judged
 * (verdict_set) and whether a VG copy may be resigned (verdict_copy).
 * Pure functions: no I/O, so tests/unit/test_judge.c checks the rules. */
#ifndef RELUN_PROBE_VERDICT_H
#define RELUN_PROBE_VERDICT_H

#include <stddef.h>

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

const char *verdict_name(enum verdict v);

/* What the recorded identity (xe's record, LVM's device_id or device hint)
 * says of one LUN. */
enum ev_match {
	EVM_NONE,       /* nothing recorded */
	EVM_THIS,       /* the record names this LUN */
	EVM_OTHER,      /* the record names another LUN */
};

/* How a set of LUNs carrying one PV uuid was decided. */
enum set_case {
	SET_UNIQUE,     /* one LUN: nothing to compare */
	SET_NONE,       /* no evidence: duplicates */
	SET_ONE,        /* the evidence names exactly one of them */
	SET_ABSENT,     /* the evidence names none of them: original absent */
	SET_MANY,       /* the evidence names more than one */
	SET_NAMED,      /* --original/--keep decided it (no evidence against) */
};

enum named_kind { NAMED_NONE, NAMED_ORIGINAL, NAMED_KEEP };

struct set_in {
	unsigned n;                /* LUNs in the set */
	const enum ev_match *ev;   /* per LUN */
	int named;                 /* index of the LUN --original/--keep names, -1 */
	enum named_kind kind;
};

struct set_out {
	enum set_case c;
	int who;                   /* SET_ONE: the LUN the evidence names */
	int conflict;              /* the named LUN contradicts the evidence */
};

/* Verdicts v[0..n) of one set.  Recorded evidence decides; a named LUN
 * decides only where no evidence contradicts it (--keep: also where the
 * evidence names none of them, the original being absent).  A
 * contradiction leaves the evidence's verdicts and sets conflict. */
void verdict_set(const struct set_in *in, enum verdict *v, struct set_out *out);

/* One PV of a VG copy as the judge saw it. */
struct pv_judged {
	const char *path;
	int found;                 /* judged at all */
	enum verdict verdict;
	int unique;                /* no other LUN carries its PV uuid */
	enum ev_match ev;
	const char *reason;
};

enum copy_action {
	COPY_RESIGN,               /* every PV a clone (or --force) */
	COPY_NOT_NEEDED,           /* every PV unique: attach it as it is */
	COPY_JOURNAL,              /* a PV is interrupted: the journal check says how */
	COPY_REFUSE,               /* why says which PV is what */
};

/* May the copy of pv[0..n) be resigned?  Only when every PV is a clone,
 * or unique with a record naming another LUN while some other PV of the
 * copy is a clone, or with --force.  why gets the refusal, naming each
 * PV's verdict when they differ. */
enum copy_action verdict_copy(const struct pv_judged *pv, unsigned n, int force, char *why,
			      size_t whylen);

#endif
