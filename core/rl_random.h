/* Random bytes for new identities (PV/VG ids, SR and VDI uuids): the one
 * random source of relun, and it is checked: a failed read is an error
 * (RL_E_IO), never a constant or a weaker id.
 *
 * The system source is getrandom(2) (EINTR and short reads retried), and
 * /dev/urandom where getrandom is missing (an old kernel or C library).
 * A struct rl_random passed in can stand for another source (tests);
 * NULL is the system's. */
#ifndef RELUN_RL_RANDOM_H
#define RELUN_RL_RANDOM_H

#include <stddef.h>

#include "lvm_id.h"
#include "rl_err.h"
#include "xs_uuid.h"

struct rl_random {
	/* buf[0..n) filled: 0; or -1 with e set */
	int (*fill)(void *arg, void *buf, size_t n, struct rl_err *e);
	void *arg;
};

/* n random bytes from r (NULL: the system source): 0, or -1 with e set. */
int rl_random_bytes(const struct rl_random *r, void *buf, size_t n, struct rl_err *e);

/* A new version 4 uuid (16 bytes drawn, as libuuid's uuid_generate_random
 * draws them): 0, or -1 with e set and out "". */
int rl_uuid_new(const struct rl_random *r, char out[XS_UUID_BUFSZ], struct rl_err *e);

/* A new LVM id as LVM's id_create makes it (32 bytes drawn): 0, or -1 with
 * e set and out "". */
int rl_lvm_id_new(const struct rl_random *r, char out[LVM_ID_LEN + 1], struct rl_err *e);

#endif
