#include "recover.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "exitcodes.h"
#include "refuse.h"

const char *rl_recover_mode_name(enum rl_recover_mode m)
{
	switch (m) {
	case RL_REC_ROLLBACK: return "rollback";
	case RL_REC_FORWARD: return "roll-forward";
	case RL_REC_UNDO: return "undo";
	}
	return "?";
}

static void note(struct rl_recover_report *rep, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void note(struct rl_recover_report *rep, const char *fmt, ...)
{
	va_list ap;

	if (rep->n_notes >= RL_REC_MAX_NOTES)
		return;
	va_start(ap, fmt);
	vsnprintf(rep->notes[rep->n_notes++], sizeof(rep->notes[0]), fmt, ap);
	va_end(ap);
}

static int finish(struct rl_recover_report *rep, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static int finish(struct rl_recover_report *rep, int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(rep->msg, sizeof(rep->msg), fmt, ap);
	va_end(ap);
	return rep->exit_code = code;
}

static int exit_for_err(const struct rl_err *e, int busy)
{
	if (busy)
		return RL_EXIT_BUSY;
	return e->code == RL_E_IO ? RL_EXIT_NODEV : RL_EXIT_FAIL;
}

/* e2undo's check: is this the journal's device?  Returns 0 if it is,
 * 1 if not (notes say why), -1 on a read error. */
static int check_identity(const struct rl_journal *j, uint32_t d, struct rl_dev *dev,
			  const struct rl_recover_opts *o, struct rl_recover_report *rep,
			  struct rl_err *e)
{
	const struct rl_plan_dev *pd = &j->plan.devs[d];
	uint8_t whole[RL_SHA256_LEN], masked[RL_SHA256_LEN], *hdr;
	char now[RL_PLAN_IDENT_MAX] = "";
	int wrong = 0;

	if (dev->size != pd->size) {
		note(rep, "%s: size %llu, the journal's device had %llu", pd->path,
		     (unsigned long long)dev->size, (unsigned long long)pd->size);
		return 1;
	}
	if (pd->ident[0] && o->ident && o->ident(pd->path, now, sizeof(now), o->ident_arg) == 0 &&
	    now[0] && strcmp(now, pd->ident)) {
		note(rep, "%s: identity %s, the journal's device was %s", pd->path, now, pd->ident);
		wrong = 1;
	}
	hdr = malloc(pd->hdr_len ? (size_t)pd->hdr_len : 1);
	if (!hdr)
		return rl_err_set(e, RL_E_NOMEM, "out of memory");
	rl_err_init(e, pd->path);
	if (rl_pread(dev, hdr, (size_t)pd->hdr_len, 0, e) < 0) {
		free(hdr);
		return -1;
	}
	rl_journal_hdr_hashes(&j->plan, d, hdr, whole, masked);
	free(hdr);
	if (memcmp(masked, j->fp[d].hdr_masked_sha, RL_SHA256_LEN)) {
		note(rep, "%s: the first %llu bytes differ from the journal's device outside the "
		     "planned regions (another LUN, or changed since)", pd->path,
		     (unsigned long long)pd->hdr_len);
		wrong = 1;
	}
	return wrong;
}

int rl_recover(const char *journal_path, const struct rl_recover_opts *o,
	       struct rl_recover_report *rep)
{
	struct rl_journal j;
	struct rl_jfile jf;
	struct rl_err e;
	struct rl_dev *devs = NULL;
	struct rl_wcount local;
	struct rl_wcount *c = o->count ? o->count : &local;
	enum rl_image target = o->mode == RL_REC_FORWARD ? RL_IMAGE_NEW : RL_IMAGE_OLD;
	char want = target == RL_IMAGE_NEW ? 'n' : 'o';
	char *st = NULL;
	uint8_t *todo = NULL;
	uint32_t d, opened = 0;
	size_t i;
	int code, wrong = 0;
	long bad;
	char buf[800];

	memset(rep, 0, sizeof(*rep));
	rl_wcount_init(&local, NULL);
	if (rl_journal_open(&jf, journal_path, &j, &e) < 0)
		return finish(rep, e.code == RL_E_IO ? RL_EXIT_NODEV : RL_EXIT_DAMAGED, "%s",
			      rl_err_str(&e, buf, sizeof(buf)));
	rep->state_before = rep->state_after = j.state;
	rep->regions = j.plan.nregs;
	snprintf(rep->subject, sizeof(rep->subject), "%s", j.plan.subject);

	if (o->mode == RL_REC_UNDO && j.state == RL_JSTATE_PREPARED) {
		code = finish(rep, RL_EXIT_JOURNAL,
			      "%s: the resign did not complete (journal state prepared): use "
			      "--recover, not --undo", journal_path);
		goto out;
	}
	devs = calloc(j.plan.ndevs, sizeof(*devs));
	st = malloc(j.plan.nregs ? j.plan.nregs : 1);
	todo = calloc(j.plan.nregs ? j.plan.nregs : 1, 1);
	if (!devs || !st || !todo) {
		code = finish(rep, RL_EXIT_FAIL, "out of memory");
		goto out;
	}
	for (d = 0; d < j.plan.ndevs; d++, opened++) {
		int busy = 0, r;

		if ((o->dry_run ? rl_dev_open_ro(&devs[d], j.plan.devs[d].path, &e)
				: rl_open_excl_wait(&devs[d], j.plan.devs[d].path, &busy, &e)) < 0) {
			code = finish(rep, exit_for_err(&e, busy), "%s", rl_err_str(&e, buf, sizeof(buf)));
			goto out;
		}
		r = check_identity(&j, d, &devs[d], o, rep, &e);
		if (r < 0) {
			opened++;
			code = finish(rep, RL_EXIT_NODEV, "%s", rl_err_str(&e, buf, sizeof(buf)));
			goto out;
		}
		wrong |= r;
	}
	if (wrong && !o->force) {
		code = finish(rep, RL_EXIT_MISMATCH,
			      "refusing %s: the device is not the one journal %s was written for "
			      "(--force overrides)", rl_recover_mode_name(o->mode), journal_path);
		goto out;
	}

	bad = rl_classify_regions(&j.plan, devs, st, &e);
	if (bad < 0) {
		code = finish(rep, RL_EXIT_NODEV, "%s", rl_err_str(&e, buf, sizeof(buf)));
		goto out;
	}
	for (i = 0; i < j.plan.nregs; i++) {
		const struct rl_region *r = &j.plan.regs[i];

		if (st[i] == want) {
			rep->already++;
			continue;
		}
		todo[i] = 1;
		if (st[i] == 'm') {
			rep->torn++;
			note(rep, "%s: offset %llu: %s was cut part-way (some blocks old, some new)",
			     j.plan.devs[r->dev].path, (unsigned long long)r->off, r->what);
		}
		if (st[i] == 'x') {
			rep->mismatched++;
			note(rep, "%s: offset %llu: %s holds neither the old nor the new bytes",
			     j.plan.devs[r->dev].path, (unsigned long long)r->off, r->what);
		}
	}
	if (rep->mismatched && !o->force) {
		code = finish(rep, RL_EXIT_MISMATCH,
			      "refusing %s: %zu region(s) changed since the journal was written "
			      "(--force overrides)", rl_recover_mode_name(o->mode), rep->mismatched);
		goto out;
	}
	if (o->dry_run) {
		code = finish(rep, RL_EXIT_OK, "%s would write %zu of %zu region(s)",
			      rl_recover_mode_name(o->mode), rep->regions - rep->already, rep->regions);
		goto out;
	}
	if (rep->already < j.plan.nregs) {
		unsigned long before = c->writes;

		if (rl_apply_image(&j.plan, devs, target, target == RL_IMAGE_OLD, todo, c, &e) < 0) {
			rep->written = c->writes - before;
			code = finish(rep, RL_EXIT_FAIL, "%s; the journal is kept, run again",
				      rl_err_str(&e, buf, sizeof(buf)));
			goto out;
		}
		rep->written = c->writes - before;
		for (d = 0; d < j.plan.ndevs; d++)
			rl_drop_cache(&devs[d]);
		bad = rl_classify_regions(&j.plan, devs, st, &e);
		for (i = 0; bad >= 0 && i < j.plan.nregs; i++)
			if (st[i] != want)
				bad = -2;
		if (bad < 0) {
			code = finish(rep, RL_EXIT_VERIFY,
				      "%s: regions read back wrong after writing; the journal is kept",
				      rl_recover_mode_name(o->mode));
			goto out;
		}
	}
	{
		enum rl_jstate ns = o->mode == RL_REC_FORWARD ? RL_JSTATE_DONE
				    : o->mode == RL_REC_UNDO ? RL_JSTATE_UNDONE
							     : RL_JSTATE_ROLLED_BACK;

		if (j.state != ns && rl_journal_set_state(&jf, &j, ns, &e) < 0) {
			code = finish(rep, RL_EXIT_FAIL, "devices restored, but %s",
				      rl_err_str(&e, buf, sizeof(buf)));
			goto out;
		}
		rep->state_after = ns;
	}
	if (!rep->written)
		code = finish(rep, RL_EXIT_OK, "%s: nothing to do, every region already holds the %s "
			      "bytes", rl_recover_mode_name(o->mode), want == 'n' ? "new" : "old");
	else
		code = finish(rep, RL_EXIT_OK, "%s: wrote %zu region(s), %zu already in place",
			      rl_recover_mode_name(o->mode), rep->written, rep->already);
out:
	for (d = 0; d < opened && devs; d++)
		rl_dev_close(&devs[d]);
	free(devs);
	free(st);
	free(todo);
	rl_jfile_close(&jf);
	rl_journal_free(&j);
	return code;
}
