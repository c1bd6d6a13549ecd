#include "recover.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "exitcodes.h"
#include "journal_trust.h"
#include "lunfind.h"
#include "refuse.h"
#include "runlock.h"

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

static int is_partial(const char *path)
{
	size_t n = strlen(path), k = strlen(RL_JOURNAL_PARTIAL);

	return n > k && !strcmp(path + n - k, RL_JOURNAL_PARTIAL);
}

/* A journal still under its ".partial" name was cut before it was complete
 * and durable: relun-resign writes no device before the rename, so the
 * devices were not touched.  The file is kept, renamed ".void", so nothing
 * reads it as pending again and the evidence stays. */
static int never_valid(const char *path, const struct rl_recover_opts *o,
		       struct rl_recover_report *rep)
{
	char dst[4200];
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	struct rl_err e;

	if (fd < 0)
		return finish(rep, RL_EXIT_NODEV, "%s: cannot open: %s", path, strerror(errno));
	if (rl_journal_file_trusted(fd, path, &e) < 0) {
		char buf[800];

		close(fd);
		return finish(rep, RL_EXIT_JOURNAL, "%s", rl_err_str(&e, buf, sizeof(buf)));
	}
	close(fd);
	snprintf(dst, sizeof(dst), "%.*s.void", (int)(strlen(path) - strlen(RL_JOURNAL_PARTIAL)),
		 path);
	if (!o->dry_run && rename(path, dst) == 0)
		note(rep, "kept as %s", dst);
	return finish(rep, RL_EXIT_OK,
		      "%s: this journal never became valid (cut before it was complete and "
		      "fsync'd); relun-resign writes no device before that, so the devices were "
		      "not touched and nothing needs recovering", path);
}

/* What each mode may start from: --undo needs a completed resign; a
 * journal that was undone is never rolled forward again, nor one rolled
 * back undone; --recover does not undo a completed resign. */
static int refuse_state(const struct rl_journal *j, enum rl_recover_mode m, const char *path,
			struct rl_recover_report *rep)
{
	const char *why = NULL;

	if (m == RL_REC_UNDO && j->state == RL_JSTATE_PREPARED)
		why = "the resign did not complete (journal state prepared): use --recover, not "
		      "--undo";
	else if (m == RL_REC_UNDO && j->state == RL_JSTATE_ROLLED_BACK)
		why = "the resign was rolled back (journal state rolled-back): there is nothing "
		      "to undo";
	else if (m == RL_REC_FORWARD && j->state == RL_JSTATE_UNDONE)
		why = "the resign was undone (journal state undone): rolling it forward would "
		      "re-apply it; run relun-resign on the LUN for a new identity instead";
	else if (m == RL_REC_ROLLBACK && j->state == RL_JSTATE_DONE)
		why = "the resign completed (journal state done): nothing to recover; --undo "
		      "restores the originals";
	if (!why)
		return 0;
	finish(rep, RL_EXIT_JOURNAL, "%s: %s", path, why);
	return 1;
}

/* e2undo's check: is this the journal's device?  Returns 0 if it is,
 * 1 if not (notes say why), -1 on a read error. */
static int check_identity(const struct rl_journal *j, uint32_t d, struct rl_dev *dev,
			  const struct rl_recover_opts *o, struct rl_recover_report *rep,
			  struct rl_err *e)
{
	const struct rl_plan_dev *pd = &j->plan.devs[d];
	const char *path = dev->path;
	uint8_t whole[RL_SHA256_LEN], masked[RL_SHA256_LEN], *hdr;
	char now[RL_PLAN_IDENT_MAX] = "";
	int wrong = 0;

	if (dev->size != pd->size) {
		note(rep, "%s: size %llu, the journal's device had %llu", path,
		     (unsigned long long)dev->size, (unsigned long long)pd->size);
		return 1;
	}
	if (pd->ident[0] && o->ident && o->ident(path, now, sizeof(now), o->ident_arg) == 0 &&
	    now[0] && strcmp(now, pd->ident)) {
		note(rep, "%s: identity %s, the journal's device was %s", path, now, pd->ident);
		wrong = 1;
	}
	hdr = malloc(pd->hdr_len ? (size_t)pd->hdr_len : 1);
	if (!hdr)
		return rl_err_set(e, RL_E_NOMEM, "out of memory");
	rl_err_init(e, path);
	if (rl_pread(dev, hdr, (size_t)pd->hdr_len, 0, e) < 0) {
		free(hdr);
		return -1;
	}
	rl_journal_hdr_hashes(&j->plan, d, hdr, whole, masked);
	free(hdr);
	if (memcmp(masked, j->fp[d].hdr_masked_sha, RL_SHA256_LEN)) {
		note(rep, "%s: the first %llu bytes differ from the journal's device outside the "
		     "planned regions (another LUN, or changed since)", path,
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
	struct rl_runlock lk;
	struct rl_refusal rr;
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
	if (is_partial(journal_path))
		return never_valid(journal_path, o, rep);
	/* the journal locked before its state is read: one recovery at a time */
	rl_runlock_init(&lk);
	if (!o->dry_run && rl_runlock_journal(&lk, journal_path, &rr))
		return finish(rep, rr.code, "%s", rr.msg);
	if (rl_journal_open(&jf, journal_path, &j, &e) < 0) {
		rl_runlock_release(&lk);
		return finish(rep, e.code == RL_E_IO ? RL_EXIT_NODEV
				   : e.code == RL_E_INVAL ? RL_EXIT_JOURNAL : RL_EXIT_DAMAGED, "%s",
			      rl_err_str(&e, buf, sizeof(buf)));
	}
	rep->state_before = rep->state_after = j.state;
	rep->regions = j.plan.nregs;
	snprintf(rep->subject, sizeof(rep->subject), "%s", j.plan.subject);

	if (refuse_state(&j, o->mode, journal_path, rep)) {
		code = rep->exit_code;
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
		char at[4096], why[1200];

		/* after a reboot the node may have changed: find the LUN */
		r = rl_lun_locate(&j.plan.devs[d], j.fp[d].name, o->devmap, o->n_devmap, o->sys,
				  o->ident, o->ident_arg, at, sizeof(at), why, sizeof(why));
		if (r) {
			code = finish(rep, r, "refusing %s: %s", rl_recover_mode_name(o->mode), why);
			goto out;
		}
		if (why[0])
			note(rep, "%s", why);
		if (!o->dry_run && rl_runlock_path(&lk, at, &rr)) {
			code = finish(rep, rr.code, "%s", rr.msg);
			goto out;
		}
		if ((o->dry_run ? rl_dev_open_ro(&devs[d], at, &e)
				: rl_open_excl_wait(&devs[d], at, &busy, &e)) < 0) {
			code = finish(rep, exit_for_err(&e, busy), "%s", rl_err_str(&e, buf, sizeof(buf)));
			goto out;
		}
		if (!o->dry_run && rl_dev_readonly(&devs[d])) {
			opened++;
			code = finish(rep, RL_EXIT_NODEV, "%s is read-only: nothing written (fix: "
				      "blockdev --setrw %s)", at, at);
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
	rl_runlock_release(&lk);
	return code;
}
