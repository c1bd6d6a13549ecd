/* libFuzzer harness: REPORT TARGET PORT GROUPS, page 0x83 port designators,
 * RDAC page C9h and the dm-multipath status line - every decoder of path
 * state.  Byte 0 selects the extended-header interpretation. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "alua.h"
#include "multipath.h"

int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{
	struct alua_rtpg r;
	struct alua_rdac rd;
	struct mpath_status_path sp[16];
	struct rl_err e;
	uint8_t *b;
	char *s;
	size_t k, np;
	int tpg, rel;

	if (n < 1)
		return 0;
	b = malloc(n - 1 ? n - 1 : 1);
	s = malloc(n);
	if (!b || !s)
		abort();
	memcpy(b, d + 1, n - 1);
	rl_err_init(&e, "fuzz");
	if (alua_parse_rtpg(b, n - 1, d[0] & 1, &r, &e) == 0) {
		if (r.n_groups > ALUA_MAX_GROUPS)
			abort();
		for (k = 0; k < r.n_groups; k++)
			(void)alua_state_name(r.groups[k].aas);
		(void)alua_group_of_port(&r, d[0]);
	}
	alua_port_from_vpd83(b, n - 1, &tpg, &rel);
	if (tpg > 0xffff || rel > 0xffff)
		abort();
	(void)alua_parse_rdac_c9(b, n - 1, &rd);
	memcpy(s, d + 1, n - 1);
	s[n - 1] = '\0';
	if (mpath_parse_status(s, sp, 16, &np) == 0 && np > 16)
		abort();
	free(b);
	free(s);
	return 0;
}
