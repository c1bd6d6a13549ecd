#include "verdict.h"

#include <stdio.h>
#include <string.h>

const char *verdict_name(enum verdict v)
{
	switch (v) {
	case V_ORIGINAL: return "original";
	case V_CLONE: return "clone";
	case V_DUPLICATE: return "duplicate";
	case V_PATH: return "path";
	case V_INTERRUPTED: return "interrupted";
	case V_DAMAGED: return "damaged";
	case V_NOT_LVM: return "not-lvm";
	case V_UNREADABLE: return "unreadable";
	}
	return "?";
}

/* The named LUN is the original, the others its clones. */
static void by_name(const struct set_in *in, enum verdict *v)
{
	unsigned i;

	for (i = 0; i < in->n; i++)
		v[i] = (int)i == in->named ? V_ORIGINAL : V_CLONE;
}

void verdict_set(const struct set_in *in, enum verdict *v, struct set_out *out)
{
	unsigned i, nev = 0, nmatch = 0;
	int named = in->kind != NAMED_NONE && in->named >= 0 && (unsigned)in->named < in->n;

	out->who = -1;
	out->conflict = 0;
	for (i = 0; i < in->n; i++) {
		nev += in->ev[i] != EVM_NONE;
		if (in->ev[i] == EVM_THIS) {
			nmatch++;
			out->who = (int)i;
		}
	}
	if (in->n == 1) {
		/* nothing to compare with: the one LUN keeps its identity,
		 * whatever the record says (an original elsewhere is for the
		 * copy rule to weigh, not a reason to resign a lone LUN) */
		out->c = SET_UNIQUE;
		v[0] = V_ORIGINAL;
		return;
	}
	if (!nev) {
		out->c = named ? SET_NAMED : SET_NONE;
		if (named)
			by_name(in, v);
		else
			for (i = 0; i < in->n; i++)
				v[i] = V_DUPLICATE;
		return;
	}
	if (nmatch == 1) {
		out->c = SET_ONE;
		for (i = 0; i < in->n; i++)
			v[i] = (int)i == out->who ? V_ORIGINAL : V_CLONE;
		out->conflict = named && in->named != out->who;
		return;
	}
	if (nmatch == 0) {
		/* the record names a LUN not here: the original is absent and
		 * these are all copies; only --keep may say which one stays */
		out->c = SET_ABSENT;
		if (named && in->kind == NAMED_KEEP) {
			out->c = SET_NAMED;
			by_name(in, v);
			return;
		}
		for (i = 0; i < in->n; i++)
			v[i] = V_DUPLICATE;
		out->conflict = named;
		return;
	}
	out->c = SET_MANY;
	if (named && in->ev[in->named] == EVM_THIS) {
		by_name(in, v);
		return;
	}
	for (i = 0; i < in->n; i++)
		v[i] = V_DUPLICATE;
	out->conflict = named;
}

static int clone_like(const struct pv_judged *p, int some_clone)
{
	return p->verdict == V_CLONE ||
	       (some_clone && p->verdict == V_ORIGINAL && p->unique && p->ev == EVM_OTHER);
}

enum copy_action verdict_copy(const struct pv_judged *pv, unsigned n, int force, char *why,
			      size_t whylen)
{
	unsigned i, clones = 0, unique = 0, journal = 0;
	int some_clone = 0;
	size_t used;

	why[0] = '\0';
	for (i = 0; i < n; i++)
		some_clone |= pv[i].verdict == V_CLONE;
	for (i = 0; i < n; i++) {
		clones += clone_like(&pv[i], some_clone);
		unique += pv[i].verdict == V_ORIGINAL && pv[i].unique;
		journal += pv[i].verdict == V_INTERRUPTED;
	}
	if (force)
		return COPY_RESIGN;
	if (journal && clones + journal == n)
		return COPY_JOURNAL;
	if (clones == n)
		return COPY_RESIGN;
	if (unique == n)
		return COPY_NOT_NEEDED;
	if (n == 1 && pv[0].verdict == V_ORIGINAL) {
		snprintf(why, whylen, "%s looks like the ORIGINAL, not a clone: %s. Resign the "
			 "clone instead, or --force", pv[0].path, pv[0].reason);
		return COPY_REFUSE;
	}
	if (n == 1 && pv[0].verdict == V_DUPLICATE) {
		snprintf(why, whylen, "%s carries the same identity as another LUN and nothing "
			 "says which is the original: %s. Use --original DEV or --force (--keep DEV "
			 "when the original is elsewhere)", pv[0].path, pv[0].reason);
		return COPY_REFUSE;
	}
	used = (size_t)snprintf(why, whylen, "not every PV of this VG copy is a clone:");
	for (i = 0; i < n && used < whylen; i++)
		used += (size_t)snprintf(why + used, whylen - used, "%s %s %s (%s)",
					 i ? ";" : "", pv[i].path,
					 clone_like(&pv[i], some_clone) ? "clone" : verdict_name(pv[i].verdict),
					 pv[i].reason);
	if (used < whylen)
		snprintf(why + used, whylen - used, ". Only a copy whose every PV is a clone is "
			 "resigned; give the clone of each PV, or --force");
	return COPY_REFUSE;
}
