#include "writer.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif
#ifdef HAVE_LINUX_FS_H
#include <linux/fs.h>
#endif

void rl_wcount_init(struct rl_wcount *c, const char *env_value)
{
	char *end;
	unsigned long v;

	memset(c, 0, sizeof(*c));
	if (!env_value || !*env_value)
		return;
	errno = 0;
	v = strtoul(env_value, &end, 10);
	if (errno || *end || env_value[0] == '-')
		return;
	c->fault_after = v;
}

static void count_write(struct rl_wcount *c)
{
	c->writes++;
	if (c->fault_after && c->writes == c->fault_after)
		_exit(RL_FAULT_EXIT); /* simulated crash: no sync, no journal update */
}

int rl_dev_readonly(const struct rl_dev *d)
{
#ifdef BLKROGET
	int ro = 0;

	if (d->is_blk && ioctl(d->fd, BLKROGET, &ro) == 0 && ro)
		return 1;
#endif
	return !d->is_blk && access(d->path, W_OK) < 0;
}

void rl_drop_cache(struct rl_dev *d)
{
#ifdef BLKFLSBUF
	if (d->is_blk) {
		(void)ioctl(d->fd, BLKFLSBUF, 0);
		return;
	}
#endif
	(void)posix_fadvise(d->fd, 0, 0, POSIX_FADV_DONTNEED);
}

static int sync_devs(const struct rl_plan *p, struct rl_dev *devs, const uint8_t *touched,
		     struct rl_wcount *c, struct rl_err *e)
{
	uint32_t d;

	for (d = 0; d < p->ndevs; d++) {
		if (!touched[d])
			continue;
		rl_err_init(e, devs[d].path);
		if (rl_dev_sync(&devs[d], e) < 0)
			return -1;
		c->syncs++;
	}
	return 0;
}

int rl_apply_image(const struct rl_plan *p, struct rl_dev *devs, enum rl_image which,
		   int reverse, const uint8_t *todo, struct rl_wcount *c, struct rl_err *e)
{
	uint8_t *touched = calloc(p->ndevs ? p->ndevs : 1, 1);
	int step;
	int ph;
	size_t k;

	if (!touched)
		return rl_err_set(e, RL_E_NOMEM, "out of memory");
	for (step = 0; step < RL_PHASE_LAST; step++) {
		int any = 0;

		ph = reverse ? RL_PHASE_LAST - step : RL_PHASE_FIRST + step;
		memset(touched, 0, p->ndevs);
		for (k = 0; k < p->nregs; k++) {
			/* within a phase, reverse order too when going back */
			size_t i = reverse ? p->nregs - 1 - k : k;
			const struct rl_region *r = &p->regs[i];

			if ((int)r->phase != ph || (todo && !todo[i]))
				continue;
			rl_err_init(e, devs[r->dev].path);
			if (rl_pwrite(&devs[r->dev], which == RL_IMAGE_NEW ? r->new_b : r->old_b,
				      r->len, r->off, e) < 0) {
				rl_err_prefix(e, "%s: ", r->what);
				free(touched);
				return -1;
			}
			count_write(c);
			touched[r->dev] = 1;
			any = 1;
		}
		/* the next phase must not reach the disk before this one */
		if (any && sync_devs(p, devs, touched, c, e) < 0) {
			free(touched);
			return -1;
		}
		if (any && c->after_phase)
			c->after_phase(c->after_phase_arg, (enum rl_phase)ph);
	}
	free(touched);
	return 0;
}

/* A power cut leaves each logical block of a write old or new on its own
 * (a multi-block write may land partly, in any order), so a region is
 * judged block by block: 'n' or 'o' when every block holds that image, 'm'
 * when each block holds one image or the other but not all the same, 'x'
 * when some block holds neither (someone else wrote there).  A block whose
 * old and new bytes are equal counts for both. */
static char classify_blocks(const uint8_t *buf, const struct rl_region *r, uint32_t unit)
{
	int all_new = 1, all_old = 1;
	uint32_t o, n;

	if (!memcmp(buf, r->new_b, r->len))
		return 'n';
	if (!memcmp(buf, r->old_b, r->len))
		return 'o';
	if (!unit)
		unit = RL_PLAN_SECTOR;
	for (o = 0; o < r->len; o += n) {
		int is_new, is_old;

		n = r->len - o < unit ? r->len - o : unit;
		is_new = !memcmp(buf + o, r->new_b + o, n);
		is_old = !memcmp(buf + o, r->old_b + o, n);
		if (!is_new && !is_old)
			return 'x';
		all_new &= is_new;
		all_old &= is_old;
	}
	return all_new ? 'n' : all_old ? 'o' : 'm';
}

long rl_classify_regions(const struct rl_plan *p, struct rl_dev *devs, char *state,
			 struct rl_err *e)
{
	uint8_t *buf = NULL;
	size_t i, cap = 0;
	long bad = 0;

	for (i = 0; i < p->nregs; i++) {
		const struct rl_region *r = &p->regs[i];

		if (r->len > cap) {
			uint8_t *nb = realloc(buf, r->len);

			if (!nb) {
				free(buf);
				return rl_err_set(e, RL_E_NOMEM, "out of memory");
			}
			buf = nb;
			cap = r->len;
		}
		rl_err_init(e, devs[r->dev].path);
		if (rl_pread(&devs[r->dev], buf, r->len, r->off, e) < 0) {
			free(buf);
			return -1;
		}
		state[i] = classify_blocks(buf, r, p->devs[r->dev].align);
		if (state[i] == 'x')
			bad++;
	}
	free(buf);
	return bad;
}

static void drop_all(const struct rl_plan *p, struct rl_dev *devs)
{
	uint32_t d;

	for (d = 0; d < p->ndevs; d++)
		rl_drop_cache(&devs[d]);
}

const char *rl_wresult_name(enum rl_wresult r)
{
	switch (r) {
	case RL_W_OK: return "ok";
	case RL_W_DRIFT: return "device changed since it was read";
	case RL_W_IOERR: return "write failed, rolled back";
	case RL_W_VERIFY: return "verification failed, rolled back";
	case RL_W_ROLLBACK_FAILED: return "rollback failed";
	case RL_W_INVAL: return "journal not ready";
	case RL_W_JOURNAL: return "written, but the journal state could not be updated";
	}
	return "?";
}

/* Put the old bytes back after a failure; the first error stays in e. */
static enum rl_wresult roll_back(struct rl_journal *j, struct rl_jfile *jf, struct rl_dev *devs,
				 struct rl_wcount *c, enum rl_wresult why, struct rl_err *e)
{
	const struct rl_plan *p = &j->plan;
	char *st = malloc(p->nregs ? p->nregs : 1);
	uint8_t *todo = calloc(p->nregs ? p->nregs : 1, 1);
	struct rl_err re;
	size_t i;
	long bad;

	rl_err_init(&re, NULL);
	if (!st || !todo)
		goto failed;
	drop_all(p, devs);
	if (rl_classify_regions(p, devs, st, &re) < 0)
		goto failed;
	/* whatever a region holds now, the journal's old bytes go back */
	for (i = 0; i < p->nregs; i++)
		todo[i] = st[i] != 'o';
	if (rl_apply_image(p, devs, RL_IMAGE_OLD, 1, todo, c, &re) < 0)
		goto failed;
	drop_all(p, devs);
	bad = rl_classify_regions(p, devs, st, &re);
	if (bad < 0)
		goto failed;
	for (i = 0; i < p->nregs; i++)
		if (st[i] != 'o')
			goto failed;
	if (rl_journal_set_state(jf, j, RL_JSTATE_ROLLED_BACK, &re) < 0)
		goto failed;
	free(st);
	free(todo);
	return why;
failed:
	free(st);
	free(todo);
	rl_err_prefix(e, "rollback failed (%s) after: ", re.msg[0] ? re.msg : "regions differ");
	return RL_W_ROLLBACK_FAILED;
}

int rl_writer_rollback(struct rl_journal *j, struct rl_jfile *jf, struct rl_dev *devs,
		       struct rl_wcount *c, struct rl_err *e)
{
	rl_err_init(e, NULL);
	return roll_back(j, jf, devs, c, RL_W_OK, e) == RL_W_OK ? 0 : -1;
}

enum rl_wresult rl_writer_run(struct rl_journal *j, struct rl_jfile *jf, struct rl_dev *devs,
			      int verify, struct rl_wcount *c, struct rl_wreport *rep,
			      struct rl_err *e)
{
	const struct rl_plan *p = &j->plan;
	char *st;
	size_t i;
	long bad;

	memset(rep, 0, sizeof(*rep));
	if (j->state != RL_JSTATE_PREPARED || jf->fd < 0) {
		rl_err_set(e, RL_E_INVAL, "journal is not prepared on disk");
		return rep->result = RL_W_INVAL;
	}
	st = malloc(p->nregs ? p->nregs : 1);
	if (!st) {
		rl_err_set(e, RL_E_NOMEM, "out of memory");
		return rep->result = RL_W_INVAL;
	}
	/* Nothing is written unless every region still holds the bytes the
	 * plan was built from. */
	bad = rl_classify_regions(p, devs, st, e);
	if (bad < 0)
		goto drift;
	for (i = 0; i < p->nregs; i++)
		if (st[i] != 'o') {
			rl_err_init(e, devs[p->regs[i].dev].path);
			rl_err_at(e, RL_E_CORRUPT, p->regs[i].off,
				  "%s changed since it was read; nothing written", p->regs[i].what);
			snprintf(rep->first_bad, sizeof(rep->first_bad), "%s", p->regs[i].what);
			goto drift;
		}

	if (rl_apply_image(p, devs, RL_IMAGE_NEW, 0, NULL, c, e) < 0) {
		rep->count = *c;
		rep->result = roll_back(j, jf, devs, c, RL_W_IOERR, e);
		rep->count = *c;
		free(st);
		return rep->result;
	}
	rep->regions_written = p->nregs;
	if (verify) {
		drop_all(p, devs);
		bad = rl_classify_regions(p, devs, st, e);
		for (i = 0; bad >= 0 && i < p->nregs; i++)
			if (st[i] != 'n') {
				if (!rep->verify_mismatches++) {
					snprintf(rep->first_bad, sizeof(rep->first_bad), "%s",
						 p->regs[i].what);
					rl_err_init(e, devs[p->regs[i].dev].path);
					rl_err_at(e, RL_E_IO, p->regs[i].off,
						  "%s reads back different from what was written",
						  p->regs[i].what);
				}
			}
		if (bad < 0 || rep->verify_mismatches) {
			rep->result = roll_back(j, jf, devs, c, RL_W_VERIFY, e);
			rep->count = *c;
			free(st);
			return rep->result;
		}
	}
	free(st);
	if (rl_journal_set_state(jf, j, RL_JSTATE_DONE, e) < 0) {
		/* the devices are complete; only the journal lags.  --recover
		 * --roll-forward finds every region new and marks it done. */
		rep->count = *c;
		return rep->result = RL_W_JOURNAL;
	}
	rep->count = *c;
	return rep->result = RL_W_OK;
drift:
	free(st);
	{
		/* nothing was written: the journal must not look pending */
		struct rl_err je;

		rl_journal_set_state(jf, j, RL_JSTATE_ROLLED_BACK, &je);
	}
	rep->count = *c;
	return rep->result = RL_W_DRIFT;
}
