#include "journal_read.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int rl_journal_pread(int fd, uint8_t *b, size_t n, off_t off, size_t *done)
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
	if (rl_journal_pread(fd, b, n, 0, &done) < 0) {
		free(b);
		return rl_err_at(e, RL_E_IO, done, "read failed: %s",
				 errno ? strerror(errno) : "file shrank");
	}
	*out = b;
	*len = n;
	return 0;
}

int rl_journal_read_fd(int fd, struct rl_journal *j, struct rl_err *e)
{
	uint8_t *buf = NULL;
	size_t len = 0;
	int r;

	if (read_file(fd, &buf, &len, e) < 0)
		return -1;
	r = rl_journal_parse(buf, len, j, e);
	free(buf);
	return r;
}

/* Owned by root or us, written by nobody else: what a scan asks of each
 * journal (a journal another user could have written is no journal).
 * Acting on one asks more of it and its directory (resign/journal_trust.h). */
static int ours(const struct stat *st)
{
	return (st->st_uid == 0 || st->st_uid == geteuid()) && !(st->st_mode & 022);
}

static int cheap_trust(int fd, struct rl_err *e)
{
	struct stat st;

	if (fstat(fd, &st) < 0)
		return rl_err_set(e, RL_E_IO, "fstat: %s", strerror(errno));
	if (!ours(&st))
		return rl_err_set(e, RL_E_INVAL, "journal owned by uid %u, mode %04o: not trusted",
				  (unsigned)st.st_uid, (unsigned)(st.st_mode & 07777));
	return 0;
}

int rl_journal_load(const char *path, struct rl_journal *j, struct rl_err *e)
{
	int fd, r;

	rl_err_init(e, path);
	fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return rl_err_set(e, RL_E_IO, "cannot open journal: %s", strerror(errno));
	r = cheap_trust(fd, e) < 0 ? -1 : rl_journal_read_fd(fd, j, e);
	close(fd);
	return r;
}

enum rl_jpeek rl_journal_peek(const char *path, enum rl_jstate *state)
{
	uint8_t h[RL_JOURNAL_HDR_LEN], t[RL_JOURNAL_TRAILER_LEN];
	struct rl_journal_hdr hd;
	struct stat sb;
	size_t got;
	enum rl_jpeek r = RL_JPEEK_DOUBTFUL;
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_NOFOLLOW | O_CLOEXEC);

	if (fd < 0)
		return errno == ENOENT ? RL_JPEEK_GONE : RL_JPEEK_BAD;
	if (fstat(fd, &sb) < 0 || !S_ISREG(sb.st_mode) || !ours(&sb)) {
		close(fd);
		return RL_JPEEK_BAD;
	}
	if (sb.st_size < (off_t)(RL_JOURNAL_HDR_LEN + RL_JOURNAL_TRAILER_LEN) ||
	    rl_journal_pread(fd, h, sizeof(h), 0, &got) < 0 || rl_journal_hdr_decode(h, &hd) < 0 ||
	    rl_journal_pread(fd, t, sizeof(t), sb.st_size - RL_JOURNAL_TRAILER_LEN, &got) < 0 ||
	    !rl_journal_hdr_sound(&hd, t, (uint64_t)sb.st_size))
		goto out;
	*state = (enum rl_jstate)hd.state;
	r = RL_JPEEK_STATE;
out:
	close(fd);
	return r;
}
