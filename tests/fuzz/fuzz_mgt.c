/* mgt_parse on arbitrary bytes; whatever parses and can be written must
 * parse again and serialize to the same bytes (the writer is a fixed point). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "mgt.h"

int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{
	struct mgt *m = NULL, *m2 = NULL;
	struct rl_err e;
	uint8_t *out = NULL, *out2 = NULL;
	size_t on, on2;
	uint64_t len;
	unsigned i;

	rl_err_init(&e, "fuzz");
	if (n >= MGT_SECTOR)
		(void)mgt_header_length(d, &len, &e);
	if (mgt_parse(d, n, 4096, &m, &e))
		return 0;
	for (i = 0; i < m->n_vdis; i++) {
		const struct mgt_vdi *v = &m->vdis[i];

		/* offsets point at the values themselves */
		if (memcmp(d + v->uuid_off, v->uuid, 36))
			abort();
		if (v->snapshot_of_off && memcmp(d + v->snapshot_of_off, v->snapshot_of, 36))
			abort();
	}
	if (memcmp(d + m->sr_uuid_off, m->sr_uuid, 36))
		abort();
	if (mgt_serialize(m, &out, &on, &e) == 0) {
		if (mgt_parse(out, on, 0, &m2, &e))
			abort();
		if (m2->n_vdis != m->n_vdis || strcmp(m2->sr_uuid, m->sr_uuid))
			abort();
		if (mgt_serialize(m2, &out2, &on2, &e) || on2 != on || memcmp(out, out2, on))
			abort();
		if (mgt_patch_uuid(out, on, m2->sr_uuid_off, m2->sr_uuid,
				   "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee", &e))
			abort();
	}
	free(out);
	free(out2);
	mgt_free(m2);
	mgt_free(m);
	return 0;
}
