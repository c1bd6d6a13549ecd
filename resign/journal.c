#include "journal.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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

void rl_journal_name(char *out, size_t n, const char *subject, time_t t, unsigned seq)
{
	char subj[160], stamp[32], sfx[16] = "";
	struct tm tm;
	size_t i, k = 0;

	for (i = 0; subject[i] && k < sizeof(subj) - 1; i++) {
		char c = subject[i];

		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		    c == '.' || c == '_' || c == '+' || c == '-')
			subj[k++] = c;
		else
			subj[k++] = '_';
	}
	subj[k] = '\0';
	if (!k || !strcmp(subj, ".") || !strcmp(subj, ".."))
		snprintf(subj, sizeof(subj), "unnamed");
	gmtime_r(&t, &tm);
	strftime(stamp, sizeof(stamp), "%Y%m%dT%H%M%SZ", &tm);
	if (seq > 1)
		snprintf(sfx, sizeof(sfx), "-%u", seq);
	snprintf(out, n, "relun-%s-%s%s.journal", subj, stamp, sfx);
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

int rl_journal_create(struct rl_jfile *jf, const char *dir, const struct rl_journal *j,
		      time_t now, struct rl_err *e)
{
	uint8_t *buf = NULL;
	size_t len = 0;
	unsigned seq;
	char name[512];

	jf->fd = -1;
	jf->path[0] = '\0';
	rl_err_init(e, dir);
	if (mkdir_p(dir, e) < 0)
		return -1;
	if (rl_journal_serialize(j, &buf, &len, e) < 0)
		return -1;
	for (seq = 1; seq < 1000; seq++) {
		rl_journal_name(name, sizeof(name), j->plan.subject, now, seq);
		snprintf(jf->path, sizeof(jf->path), "%s/%s", dir, name);
		jf->fd = open(jf->path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
		if (jf->fd >= 0 || errno != EEXIST)
			break;
	}
	rl_err_init(e, jf->path);
	if (jf->fd < 0) {
		free(buf);
		return rl_err_set(e, RL_E_IO, "cannot create journal: %s", strerror(errno));
	}
	if (write_all(jf->fd, buf, len) < 0 || fsync(jf->fd) < 0) {
		rl_err_set(e, RL_E_IO, "cannot write journal: %s", strerror(errno));
		goto fail;
	}
	if (fsync_dir(dir) < 0) {
		rl_err_set(e, RL_E_IO, "cannot fsync journal directory %s: %s", dir,
			   strerror(errno));
		goto fail;
	}
	free(buf);
	return 0;
fail:
	free(buf);
	close(jf->fd);
	unlink(jf->path);
	jf->fd = -1;
	return -1;
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
	while (done < n) {
		ssize_t r = pread(fd, b + done, n - done, (off_t)done);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			free(b);
			return rl_err_at(e, RL_E_IO, done, "read failed: %s",
					 r < 0 ? strerror(errno) : "file shrank");
		}
		done += (size_t)r;
	}
	*out = b;
	*len = n;
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
		jf->fd = open(path, O_RDWR | O_CLOEXEC);
	if (jf->fd < 0 && (!rw || errno == EACCES || errno == EROFS))
		jf->fd = open(path, O_RDONLY | O_CLOEXEC);
	if (jf->fd < 0)
		return rl_err_set(e, RL_E_IO, "cannot open journal: %s", strerror(errno));
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
	uint8_t w[8];
	uint32_t v = (uint32_t)s, nv = ~v;
	int i;

	for (i = 0; i < 4; i++) {
		w[i] = (uint8_t)(v >> (8 * i));
		w[4 + i] = (uint8_t)(nv >> (8 * i));
	}
	rl_err_init(e, jf->path);
	if (jf->fd < 0)
		return rl_err_set(e, RL_E_INVAL, "journal not open");
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

int rl_journal_find_pending(const char *dir, const struct rl_plan *p, char *found, size_t n,
			    unsigned *unreadable, struct rl_err *e)
{
	DIR *dh;
	struct dirent *de;
	int hit = 0;

	if (unreadable)
		*unreadable = 0;
	dh = opendir(dir);
	if (!dh) {
		if (errno == ENOENT)
			return 0;
		rl_err_init(e, dir);
		return rl_err_set(e, RL_E_IO, "cannot read journal directory: %s", strerror(errno));
	}
	while (!hit && (de = readdir(dh))) {
		struct rl_journal j;
		struct rl_err je;
		char path[4096];
		size_t len = strlen(de->d_name);
		uint32_t a, b;

		if (strncmp(de->d_name, "relun-", 6) || len < 8 ||
		    strcmp(de->d_name + len - 8, ".journal"))
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		if (rl_journal_load(path, &j, &je) < 0) {
			if (unreadable)
				(*unreadable)++;
			continue;
		}
		if (j.state == RL_JSTATE_PREPARED)
			for (a = 0; a < j.plan.ndevs && !hit; a++)
				for (b = 0; b < p->ndevs && !hit; b++)
					if (rl_journal_same_lun(&j.plan.devs[a], &p->devs[b])) {
						snprintf(found, n, "%s", path);
						hit = 1;
					}
		rl_journal_free(&j);
	}
	closedir(dh);
	return hit;
}
