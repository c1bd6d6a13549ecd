#include "journal.h"

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

int rl_journal_open(struct rl_jfile *jf, const char *path, struct rl_journal *j, struct rl_err *e)
{
	if (path != jf->path)
		snprintf(jf->path, sizeof(jf->path), "%s", path);
	path = jf->path;
	rl_err_init(e, path);
	jf->fd = open(path, O_RDWR | O_NOFOLLOW | O_CLOEXEC);
	if (jf->fd < 0 && (errno == EACCES || errno == EROFS))
		jf->fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (jf->fd < 0)
		return rl_err_set(e, RL_E_IO, "cannot open journal: %s", strerror(errno));
	/* acting on a journal asks about its directory too; a scan only about
	 * the file, per journal (rl_journal_load) */
	if (rl_journal_file_trusted(jf->fd, path, e) < 0 || rl_journal_read_fd(jf->fd, j, e) < 0) {
		rl_jfile_close(jf);
		return -1;
	}
	return 0;
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
	if (rl_journal_pread(jf->fd, h, sizeof(h), 0, &got) < 0 ||
	    (flen = rl_get_le64(h + 48)) < RL_JOURNAL_HDR_LEN + RL_JOURNAL_TRAILER_LEN ||
	    rl_journal_pread(jf->fd, md, sizeof(md), (off_t)(flen - RL_SHA256_LEN), &got) < 0)
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

/* The plan's devices as the LUNs a journal scan matches (pointing into p);
 * NULL when memory runs out. */
static struct rl_lun_id *plan_luns(const struct rl_plan *p)
{
	struct rl_lun_id *l = calloc(p->ndevs ? p->ndevs : 1, sizeof(*l));
	uint32_t d;

	for (d = 0; l && d < p->ndevs; d++) {
		l[d].path = p->devs[d].path;
		l[d].ident = p->devs[d].ident;
		l[d].size = p->devs[d].size;
	}
	return l;
}

int rl_jscan_find_plan(const struct rl_jscan *s, const char *dir, const struct rl_plan *p,
		       const char *skip_tag, char *found, size_t n, unsigned *unreadable,
		       struct rl_err *e)
{
	struct rl_lun_id *luns = plan_luns(p);
	int r;

	if (!luns) {
		rl_err_init(e, dir);
		return rl_err_set(e, RL_E_NOMEM, "out of memory checking for a pending journal");
	}
	r = rl_jscan_find(s, dir, luns, p->ndevs, skip_tag, found, n, unreadable, e);
	free(luns);
	return r;
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
	r = rl_jscan_find_plan(&s, NULL, p, NULL, found, n, unreadable, e);
	rl_jscan_free(&s);
	return r;
}
