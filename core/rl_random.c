#include "config.h"
#include "rl_random.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>
#ifdef HAVE_GETRANDOM
#include <sys/random.h>
#endif

static int urandom(unsigned char *buf, size_t n, int why, struct rl_err *e)
{
	size_t got = 0;
	ssize_t r;
	int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return rl_err_set(e, RL_E_IO, "no random source: %s%s%sopen /dev/urandom: %s",
				  why ? "getrandom: " : "", why ? strerror(why) : "", why ? "; " : "",
				  strerror(errno));
	while (got < n) {
		r = read(fd, buf + got, n - got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			int err = r < 0 ? errno : EIO;

			close(fd);
			return rl_err_set(e, RL_E_IO, "no random source: read /dev/urandom: %s",
					  r < 0 ? strerror(err) : "end of file");
		}
		got += (size_t)r;
	}
	close(fd);
	return 0;
}

static int system_fill(unsigned char *buf, size_t n, struct rl_err *e)
{
	int why = 0;
#ifdef HAVE_GETRANDOM
	size_t got = 0;
	ssize_t r;

	while (got < n) {
		r = getrandom(buf + got, n - got, 0);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			why = r < 0 ? errno : EIO;
			break;
		}
		got += (size_t)r;
	}
	if (got == n)
		return 0;
#endif
	return urandom(buf, n, why, e);
}

int rl_random_bytes(const struct rl_random *r, void *buf, size_t n, struct rl_err *e)
{
	if (r && r->fill)
		return r->fill(r->arg, buf, n, e) < 0 ? -1 : 0;
	return system_fill(buf, n, e);
}

int rl_uuid_new(const struct rl_random *r, char out[XS_UUID_BUFSZ], struct rl_err *e)
{
	uint8_t u[16];

	out[0] = '\0';
	if (rl_random_bytes(r, u, sizeof(u), e) < 0)
		return -1;
	xs_uuid_from_random(u, out);
	return 0;
}

int rl_lvm_id_new(const struct rl_random *r, char out[LVM_ID_LEN + 1], struct rl_err *e)
{
	unsigned char rnd[LVM_ID_LEN];

	out[0] = '\0';
	if (rl_random_bytes(r, rnd, sizeof(rnd), e) < 0)
		return -1;
	lvm_id_from_random(rnd, out);
	return 0;
}
