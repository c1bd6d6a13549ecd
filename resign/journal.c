#include "journal.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <linux/fs.h>

#include "journal_trust.h"
#include "rl_endian.h"

int rl_journal_fingerprint(struct rl_journal *j, struct rl_dev *devs, struct rl_err *e)
{
	uint32_t d;

	for (d = 0; d < j->plan.ndevs; d++) {
		uint64_t n = j->plan.devs[d].hdr_len;
		uint8_t *buf = malloc(n ? (size_t)n : 1);

		if (!buf)
			return rl_err_set(e, RL_E_NOMEM, "journal: out of memory");
		if (rl_pread(&devs[d], buf, (size_t)n, 0, e) < 0) {
			free(buf);
			return -1;
		}
		rl_journal_hdr_hashes(&j->plan, d, buf, j->fp[d].hdr_sha, j->fp[d].hdr_masked_sha);
		free(buf);
	}
	return 0;
}

static int is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int is_tag_char(char c)
{
	return is_alpha(c) || is_digit(c) || c == '.';
}

int rl_journal_tag_ok(const char *tag)
{
	size_t i;

	if (!tag || !tag[0])
		return 1;
	if (!is_alpha(tag[0]))
		return 0;
	for (i = 0; tag[i]; i++)
		if (i >= RL_JOURNAL_TAG_MAX || !is_tag_char(tag[i]))
			return 0;
	return 1;
}

int rl_journal_name(char *out, size_t n, const char *subject, time_t t, const char *tag,
		    unsigned seq)
{
	char subj[160], stamp[32], sfx[16] = "", tg[RL_JOURNAL_TAG_MAX + 2] = "";
	struct tm tm;
	size_t i, k = 0;

	if (n)
		out[0] = '\0';
	if (!rl_journal_tag_ok(tag))
		return -1;
	for (i = 0; subject[i] && k < sizeof(subj) - 1; i++) {
		char c = subject[i];

		if (is_alpha(c) || is_digit(c) || c == '.' || c == '_' || c == '+' || c == '-')
			subj[k++] = c;
		else
			subj[k++] = '_';
	}
	subj[k] = '\0';
	if (!k || !strcmp(subj, ".") || !strcmp(subj, ".."))
		snprintf(subj, sizeof(subj), "unnamed");
	gmtime_r(&t, &tm);
	strftime(stamp, sizeof(stamp), "%Y%m%dT%H%M%SZ", &tm);
	if (tag && tag[0])
		snprintf(tg, sizeof(tg), "-%s", tag);
	if (seq > 1)
		snprintf(sfx, sizeof(sfx), "-%u", seq);
	snprintf(out, n, "relun-%s-%s%s%s.journal", subj, stamp, tg, sfx);
	return 0;
}

/* [b, e) is a time stamp as rl_journal_name() writes it: YYYYmmddTHHMMSSZ.
 * Years past 9999 would be longer; strftime writes them, so accept them. */
static int is_stamp(const char *b, const char *e)
{
	size_t len = (size_t)(e - b), i;

	if (len < 16 || e[-1] != 'Z' || e[-8] != 'T')
		return 0;
	for (i = 0; i < len - 1; i++)
		if (b + i != e - 8 && !is_digit(b[i]))
			return 0;
	return 1;
}

/* Start of the component that ends at e (the character after the last '-'
 * before e, at or after lo), or NULL when no '-' precedes it. */
static const char *comp_start(const char *lo, const char *e)
{
	const char *c = e;

	while (c > lo && c[-1] != '-')
		c--;
	return c > lo ? c : NULL;
}

/* The tag component of a journal name: *len chars at the returned pointer,
 * or NULL when the name carries none. */
static const char *name_tag(const char *name, size_t *len)
{
	size_t nl = strlen(name);
	const char *lo, *end, *c, *st;

	if (nl < 6 + 8 || strncmp(name, "relun-", 6) || strcmp(name + nl - 8, ".journal"))
		return NULL;
	lo = name + 6;
	end = name + nl - 8;
	c = comp_start(lo, end);
	if (!c || c == end)
		return NULL;
	if (!is_alpha(*c)) {
		/* a "-<seq>" suffix: digits, no leading zero */
		const char *q;

		if (*c == '0')
			return NULL;
		for (q = c; q < end; q++)
			if (!is_digit(*q))
				return NULL;
		end = c - 1;
		c = comp_start(lo, end);
		if (!c || c == end || !is_alpha(*c))
			return NULL;
	}
	for (st = c; st < end; st++)
		if (!is_tag_char(*st))
			return NULL;
	/* a tag follows the time stamp, nothing else */
	st = comp_start(lo, c - 1);
	if (!st || !is_stamp(st, c - 1))
		return NULL;
	*len = (size_t)(end - c);
	return c;
}

int rl_journal_name_has_tag(const char *name, const char *tag)
{
	size_t len;
	const char *t = name_tag(name, &len);

	return t && tag && tag[0] && strlen(tag) == len && !memcmp(t, tag, len);
}

int rl_journal_name_has_tag_prefix(const char *name, const char *prefix)
{
	size_t len, pl = prefix ? strlen(prefix) : 0;
	const char *t = name_tag(name, &len);

	return t && pl && pl <= len && !memcmp(t, prefix, pl);
}

static int mkdir_p(const char *dir, struct rl_err *e)
{
	char tmp[4096];
	size_t i, len = strlen(dir);

	if (len == 0 || len >= sizeof(tmp))
		return rl_err_set(e, RL_E_INVAL, "journal directory name empty or too long");
	memcpy(tmp, dir, len + 1);
	for (i = 1; i <= len; i++) {
		if (tmp[i] != '/' && tmp[i] != '\0')
			continue;
		tmp[i] = '\0';
		if (mkdir(tmp, 0700) < 0 && errno != EEXIST)
			return rl_err_set(e, RL_E_IO, "cannot create journal directory %s: %s", tmp,
					  strerror(errno));
		tmp[i] = dir[i];
	}
	return 0;
}

static int write_all(int fd, const uint8_t *b, size_t n)
{
	size_t done = 0;

	while (done < n) {
		ssize_t w = write(fd, b + done, n - done);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		done += (size_t)w;
	}
	return 0;
}

static int fsync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	int r;

	if (fd < 0)
		return -1;
	r = fsync(fd);
	close(fd);
	return r;
}

/* The final name appears only once the file is complete and durable, so
 * a journal cut before its fsync keeps the ".partial" name that no scan
 * reads: it never blocks a LUN.  Never replaces an existing name. */
static int publish(const char *tmp, const char *final)
{
	/* the system call, not glibc's renameat2() (2.28; dom0 has 2.17) */
#if defined(SYS_renameat2) && defined(RENAME_NOREPLACE)
	if (syscall(SYS_renameat2, AT_FDCWD, tmp, AT_FDCWD, final, RENAME_NOREPLACE) == 0)
		return 0;
	if (errno != EINVAL && errno != ENOSYS)
		return -1;
#endif
	if (link(tmp, final) < 0)
		return -1;
	return unlink(tmp);
}

int rl_journal_create(struct rl_jfile *jf, const char *dir, const struct rl_journal *j,
		      time_t now, const char *tag, struct rl_err *e)
{
	uint8_t *buf = NULL;
	size_t len = 0;
	unsigned seq;
	char name[512], tmp[4200];

	jf->fd = -1;
	jf->path[0] = '\0';
	rl_err_init(e, dir);
	if (!rl_journal_tag_ok(tag))
		return rl_err_set(e, RL_E_INVAL, "invalid journal tag \"%.80s\": want a letter, "
				  "then letters, digits or dots, at most %d", tag, RL_JOURNAL_TAG_MAX);
	if (mkdir_p(dir, e) < 0 || rl_journal_dir_trusted(dir, 0, e) < 0)
		return -1;
	rl_err_init(e, dir);
	if (rl_journal_serialize(j, &buf, &len, e) < 0)
		return -1;
	for (seq = 1; seq < 1000; seq++) {
		rl_journal_name(name, sizeof(name), j->plan.subject, now, tag, seq);
		snprintf(jf->path, sizeof(jf->path), "%s/%s", dir, name);
		snprintf(tmp, sizeof(tmp), "%s" RL_JOURNAL_PARTIAL, jf->path);
		if (access(jf->path, F_OK) == 0)
			continue;
		jf->fd = open(tmp, O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
		if (jf->fd >= 0 || errno != EEXIST)
			break;
	}
	rl_err_init(e, tmp);
	if (jf->fd < 0) {
		free(buf);
		return rl_err_set(e, RL_E_IO, "cannot create journal: %s", strerror(errno));
	}
	if (write_all(jf->fd, buf, len) < 0 || fsync(jf->fd) < 0) {
		rl_err_set(e, RL_E_IO, "cannot write journal: %s", strerror(errno));
		goto fail;
	}
	if (publish(tmp, jf->path) < 0) {
		rl_err_set(e, RL_E_IO, "cannot rename the journal to %s: %s", jf->path,
			   strerror(errno));
		goto fail;
	}
	rl_err_init(e, jf->path);
	if (fsync_dir(dir) < 0) {
		rl_err_set(e, RL_E_IO, "cannot fsync journal directory %s: %s", dir,
			   strerror(errno));
		close(jf->fd);
		unlink(jf->path);
		jf->fd = -1;
		free(buf);
		return -1;
	}
	free(buf);
	return 0;
fail:
	free(buf);
	close(jf->fd);
	unlink(tmp);
	jf->fd = -1;
	return -1;
}

/* n bytes at off; -1 short of them (*done read; errno 0 at end of file). */
static int pread_full(int fd, uint8_t *b, size_t n, off_t off, size_t *done)
{
	*done = 0;
	while (*done < n) {
		ssize_t r = pread(fd, b + *done, n - *done, off + (off_t)*done);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			if (r == 0)
				errno = 0;
			return -1;
		}
		*done += (size_t)r;
	}
	return 0;
}

static int read_file(int fd, uint8_t **out, size_t *len, struct rl_err *e)
{
	struct stat st;
	uint8_t *b;
	size_t done = 0, n;

	if (fstat(fd, &st) < 0)
		return rl_err_set(e, RL_E_IO, "fstat: %s", strerror(errno));
	if (!S_ISREG(st.st_mode))
		return rl_err_set(e, RL_E_INVAL, "not a regular file");
	if ((uint64_t)st.st_size > (uint64_t)1 << 34)
		return rl_err_set(e, RL_E_TOOBIG, "journal of %lld bytes is too large",
				  (long long)st.st_size);
	n = (size_t)st.st_size;
	b = malloc(n ? n : 1);
	if (!b)
		return rl_err_set(e, RL_E_NOMEM, "out of memory reading journal");
	if (pread_full(fd, b, n, 0, &done) < 0) {
		free(b);
		return rl_err_at(e, RL_E_IO, done, "read failed: %s",
				 errno ? strerror(errno) : "file shrank");
	}
	*out = b;
	*len = n;
	return 0;
}

/* Owned by us, written by nobody else: what a scan asks of each journal. */
static int cheap_trust(int fd, struct rl_err *e)
{
	struct stat st;

	if (fstat(fd, &st) < 0)
		return rl_err_set(e, RL_E_IO, "fstat: %s", strerror(errno));
	if ((st.st_uid != 0 && st.st_uid != geteuid()) || (st.st_mode & 022))
		return rl_err_set(e, RL_E_INVAL, "journal owned by uid %u, mode %04o: not trusted",
				  (unsigned)st.st_uid, (unsigned)(st.st_mode & 07777));
	return 0;
}

static int open_parse(struct rl_jfile *jf, const char *path, int rw, struct rl_journal *j,
		      struct rl_err *e)
{
	uint8_t *buf = NULL;
	size_t len = 0;
	int r;

	if (path != jf->path)
		snprintf(jf->path, sizeof(jf->path), "%s", path);
	path = jf->path;
	rl_err_init(e, path);
	jf->fd = -1;
	if (rw)
		jf->fd = open(path, O_RDWR | O_NOFOLLOW | O_CLOEXEC);
	if (jf->fd < 0 && (!rw || errno == EACCES || errno == EROFS))
		jf->fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (jf->fd < 0)
		return rl_err_set(e, RL_E_IO, "cannot open journal: %s", strerror(errno));
	/* acting on a journal (rw) asks about its directory too; a scan only
	 * about the file, per journal */
	if ((rw ? rl_journal_file_trusted(jf->fd, path, e) : cheap_trust(jf->fd, e)) < 0) {
		rl_jfile_close(jf);
		return -1;
	}
	if (read_file(jf->fd, &buf, &len, e) < 0) {
		rl_jfile_close(jf);
		return -1;
	}
	r = rl_journal_parse(buf, len, j, e);
	free(buf);
	if (r < 0)
		rl_jfile_close(jf);
	return r;
}

int rl_journal_open(struct rl_jfile *jf, const char *path, struct rl_journal *j, struct rl_err *e)
{
	return open_parse(jf, path, 1, j, e);
}

int rl_journal_load(const char *path, struct rl_journal *j, struct rl_err *e)
{
	struct rl_jfile jf;
	int r = open_parse(&jf, path, 0, j, e);

	rl_jfile_close(&jf);
	return r;
}

int rl_journal_set_state(struct rl_jfile *jf, struct rl_journal *j, enum rl_jstate s,
			 struct rl_err *e)
{
	uint8_t h[RL_JOURNAL_HDR_LEN], md[RL_SHA256_LEN], w[8];
	uint64_t flen;
	size_t got;

	rl_err_init(e, jf->path);
	if (jf->fd < 0)
		return rl_err_set(e, RL_E_INVAL, "journal not open");
	/* the check word is bound to the file checksum in the trailer */
	if (pread_full(jf->fd, h, sizeof(h), 0, &got) < 0 ||
	    (flen = rl_get_le64(h + 48)) < RL_JOURNAL_HDR_LEN + RL_JOURNAL_TRAILER_LEN ||
	    pread_full(jf->fd, md, sizeof(md), (off_t)(flen - RL_SHA256_LEN), &got) < 0)
		return rl_err_set(e, RL_E_IO, "cannot read journal before its state update: %s",
				  errno ? strerror(errno) : "short file");
	rl_put_le32(w, (uint32_t)s);
	rl_put_le32(w + 4, rl_jstate_check(rl_get_le32(h + 8), (uint32_t)s, md));
	if (pwrite(jf->fd, w, sizeof(w), RL_JOURNAL_STATE_OFF) != (ssize_t)sizeof(w))
		return rl_err_at(e, RL_E_IO, RL_JOURNAL_STATE_OFF, "cannot update journal state: %s",
				 strerror(errno));
	if (fsync(jf->fd) < 0)
		return rl_err_set(e, RL_E_IO, "cannot fsync journal: %s", strerror(errno));
	j->state = s;
	return 0;
}

void rl_jfile_close(struct rl_jfile *jf)
{
	if (jf->fd >= 0)
		close(jf->fd);
	jf->fd = -1;
}

int rl_journal_same_lun(const struct rl_plan_dev *a, const struct rl_plan_dev *b)
{
	if (a->ident[0] && b->ident[0])
		return !strcmp(a->ident, b->ident);
	return a->size == b->size && !strcmp(a->path, b->path);
}

enum rl_jpeek rl_journal_peek(const char *path, enum rl_jstate *state)
{
	uint8_t h[RL_JOURNAL_HDR_LEN], t[RL_JOURNAL_TRAILER_LEN];
	uint32_t st, ver;
	struct stat sb;
	size_t got;
	enum rl_jpeek r = RL_JPEEK_DOUBTFUL;
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_NOFOLLOW | O_CLOEXEC);

	if (fd < 0)
		return errno == ENOENT ? RL_JPEEK_GONE : RL_JPEEK_BAD;
	/* a journal another user could have written is no journal */
	if (fstat(fd, &sb) < 0 || !S_ISREG(sb.st_mode) ||
	    (sb.st_uid != 0 && sb.st_uid != geteuid()) || (sb.st_mode & 022)) {
		close(fd);
		return RL_JPEEK_BAD;
	}
	/* the checks of the full parser's header, not its checksum */
	if (sb.st_size < (off_t)(RL_JOURNAL_HDR_LEN + RL_JOURNAL_TRAILER_LEN) ||
	    pread_full(fd, h, sizeof(h), 0, &got) < 0 || memcmp(h, RL_JOURNAL_MAGIC, 8))
		goto out;
	ver = rl_get_le32(h + 8);
	st = rl_get_le32(h + 16);
	if (ver < RL_JOURNAL_VERSION_MIN || ver > RL_JOURNAL_VERSION || rl_get_le32(h + 12) != 0 ||
	    rl_get_le64(h + 48) != (uint64_t)sb.st_size || rl_get_le64(h + 56) != 0 ||
	    pread_full(fd, t, sizeof(t), sb.st_size - RL_JOURNAL_TRAILER_LEN, &got) < 0 ||
	    memcmp(t, RL_JOURNAL_END, 8) || !rl_jstate_valid(st) ||
	    rl_get_le32(h + 20) != rl_jstate_check(ver, st, t + 8))
		goto out;
	*state = (enum rl_jstate)st;
	r = RL_JPEEK_STATE;
out:
	close(fd);
	return r;
}

static int is_journal_name(const char *name)
{
	size_t len = strlen(name);

	return !strncmp(name, "relun-", 6) && len >= 8 && !strcmp(name + len - 8, ".journal");
}

enum jclass { J_SETTLED, J_PENDING, J_UNREADABLE, J_GONE };

/* What one journal is; for J_PENDING, *j holds it (the caller frees). */
static enum jclass classify(const char *path, struct rl_journal *j)
{
	enum rl_jstate st = RL_JSTATE_PREPARED;
	struct rl_err je;

	switch (rl_journal_peek(path, &st)) {
	case RL_JPEEK_STATE:
		if (st != RL_JSTATE_PREPARED)
			return J_SETTLED;
		break;
	case RL_JPEEK_GONE:
		return J_GONE;
	case RL_JPEEK_BAD:
		return J_UNREADABLE;
	case RL_JPEEK_DOUBTFUL:
		break;
	}
	if (rl_journal_load(path, j, &je) < 0)
		return J_UNREADABLE;
	if (j->state == RL_JSTATE_PREPARED)
		return J_PENDING;
	rl_journal_free(j);
	return J_SETTLED;
}

static int shares_lun(const struct rl_plan_dev *d, uint32_t nd, const struct rl_plan *p)
{
	uint32_t a, b;

	for (a = 0; a < nd; a++)
		for (b = 0; b < p->ndevs; b++)
			if (rl_journal_same_lun(&d[a], &p->devs[b]))
				return 1;
	return 0;
}

static int cmp_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

void rl_jscan_free(struct rl_jscan *s)
{
	size_t i;

	for (i = 0; i < s->nnames; i++)
		free(s->names[i]);
	for (i = 0; i < s->npend; i++) {
		free(s->pend[i].path);
		free(s->pend[i].devs);
	}
	free(s->names);
	free(s->pend);
	memset(s, 0, sizeof(*s));
}

/* Read dir's journal names into s->names, unsorted. */
static int read_names(const char *dir, struct rl_jscan *s, struct rl_err *e)
{
	DIR *dh = opendir(dir);
	struct dirent *de;
	size_t cap = 0;

	if (!dh) {
		if (errno == ENOENT)
			return 0;
		rl_err_init(e, dir);
		return rl_err_set(e, RL_E_IO, "cannot read journal directory: %s", strerror(errno));
	}
	while ((de = readdir(dh))) {
		if (!is_journal_name(de->d_name))
			continue;
		if (s->nnames == cap) {
			size_t nc = cap ? cap * 2 : 64;
			char **nv = realloc(s->names, nc * sizeof(*nv));

			if (!nv)
				goto nomem;
			s->names = nv;
			cap = nc;
		}
		s->names[s->nnames] = strdup(de->d_name);
		if (!s->names[s->nnames])
			goto nomem;
		s->nnames++;
	}
	closedir(dh);
	return 0;
nomem:
	closedir(dh);
	rl_err_init(e, dir);
	return rl_err_set(e, RL_E_NOMEM, "out of memory reading the journal directory");
}

static int add_pending(struct rl_jscan *s, const char *path, const struct rl_journal *j)
{
	struct rl_jscan_pending *np = realloc(s->pend, (s->npend + 1) * sizeof(*np));
	struct rl_jscan_pending *q;

	if (!np)
		return -1;
	s->pend = np;
	q = &s->pend[s->npend];
	q->path = strdup(path);
	q->devs = malloc((j->plan.ndevs ? j->plan.ndevs : 1) * sizeof(*q->devs));
	q->ndevs = j->plan.ndevs;
	if (!q->path || !q->devs) {
		free(q->path);
		free(q->devs);
		return -1;
	}
	memcpy(q->devs, j->plan.devs, j->plan.ndevs * sizeof(*q->devs));
	s->npend++;
	return 0;
}

int rl_jscan_build(const char *dir, struct rl_jscan *s, struct rl_err *e)
{
	size_t i;

	memset(s, 0, sizeof(*s));
	if (read_names(dir, s, e) < 0)
		goto fail;
	if (s->nnames)
		qsort(s->names, s->nnames, sizeof(*s->names), cmp_name);
	for (i = 0; i < s->nnames; i++) {
		struct rl_journal j;
		char path[4096];
		int r;

		snprintf(path, sizeof(path), "%s/%s", dir, s->names[i]);
		switch (classify(path, &j)) {
		case J_SETTLED:
		case J_GONE:
			break;
		case J_UNREADABLE:
			s->unreadable++;
			break;
		case J_PENDING:
			r = add_pending(s, path, &j);
			rl_journal_free(&j);
			if (r < 0) {
				rl_err_init(e, dir);
				rl_err_set(e, RL_E_NOMEM, "out of memory reading the journal directory");
				goto fail;
			}
			break;
		}
	}
	return 0;
fail:
	rl_jscan_free(s);
	return -1;
}

/* A journal created after the snapshot (not among s->names): 1 if it is
 * pending for p (its path in found). */
static int check_new(const char *dir, const char *name, const struct rl_plan *p, char *found,
		     size_t n, unsigned *unreadable)
{
	struct rl_journal j;
	char path[4096];
	int hit = 0;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	switch (classify(path, &j)) {
	case J_SETTLED:
	case J_GONE:
		break;
	case J_UNREADABLE:
		if (unreadable)
			(*unreadable)++;
		break;
	case J_PENDING:
		hit = shares_lun(j.plan.devs, j.plan.ndevs, p);
		if (hit)
			snprintf(found, n, "%s", path);
		rl_journal_free(&j);
		break;
	}
	return hit;
}

int rl_jscan_find(const struct rl_jscan *s, const char *dir, const struct rl_plan *p,
		  const char *skip_tag, char *found, size_t n, unsigned *unreadable,
		  struct rl_err *e)
{
	DIR *dh;
	struct dirent *de;
	size_t i;
	int hit = 0;

	if (unreadable)
		*unreadable = s->unreadable;
	for (i = 0; i < s->npend; i++) {
		enum rl_jstate st = RL_JSTATE_PREPARED;
		enum rl_jpeek pk;

		if (!shares_lun(s->pend[i].devs, s->pend[i].ndevs, p))
			continue;
		/* finished (a --recover) or removed since the snapshot */
		pk = rl_journal_peek(s->pend[i].path, &st);
		if (pk == RL_JPEEK_GONE || (pk == RL_JPEEK_STATE && st != RL_JSTATE_PREPARED))
			continue;
		snprintf(found, n, "%s", s->pend[i].path);
		return 1;
	}
	if (!dir)
		return 0;
	dh = opendir(dir);
	if (!dh) {
		if (errno == ENOENT)
			return 0;
		rl_err_init(e, dir);
		return rl_err_set(e, RL_E_IO, "cannot read journal directory: %s", strerror(errno));
	}
	while (!hit && (de = readdir(dh))) {
		const char *name = de->d_name;

		if (!is_journal_name(name) ||
		    (s->nnames && bsearch(&name, s->names, s->nnames, sizeof(*s->names), cmp_name)))
			continue;
		if (skip_tag && skip_tag[0] && rl_journal_name_has_tag_prefix(name, skip_tag))
			continue;
		hit = check_new(dir, name, p, found, n, unreadable);
	}
	closedir(dh);
	return hit;
}

int rl_journal_find_pending(const char *dir, const struct rl_plan *p, char *found, size_t n,
			    unsigned *unreadable, struct rl_err *e)
{
	struct rl_jscan s;
	int r;

	if (unreadable)
		*unreadable = 0;
	if (rl_jscan_build(dir, &s, e) < 0)
		return -1;
	/* the snapshot is this instant's directory: no names to re-read */
	r = rl_jscan_find(&s, NULL, p, NULL, found, n, unreadable, e);
	rl_jscan_free(&s);
	return r;
}
