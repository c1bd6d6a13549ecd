/* libFuzzer harness for the metadata text parser and the VG model.  Any
 * input either fails cleanly or gives a tree whose spans lie inside the text
 * and a VG whose extents map inside their PVs.  Applying an empty edit list
 * reproduces the text. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lvm_text.h"
#include "lvm_vg.h"
#include "lvm_extent.h"

static void walk(const struct lvm_cfg_node *n, size_t len)
{
	unsigned i;

	for (; n; n = n->next) {
		if (n->key_span.start > n->key_span.end || n->key_span.end > len ||
		    n->item_span.end > len || !n->key)
			abort();
		if (n->is_section) {
			if (n->brace_open >= len || n->brace_close >= len ||
			    n->brace_open > n->brace_close)
				abort();
			walk(n->child, len);
		} else {
			for (i = 0; i < n->n_values; i++)
				if (n->values[i].span.end > len ||
				    n->values[i].span.start >= n->values[i].span.end)
					abort();
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{
	const char *t = (const char *)d;
	struct lvm_text_edit ed = LVM_TEXT_EDIT_INIT;
	struct lvm_cfg *c;
	struct lvm_vg *vg;
	struct rl_err e;
	size_t nl;
	char *out;
	unsigned i;

	if (n > (1 << 20))
		return 0;
	rl_err_init(&e, "fuzz");
	if (lvm_cfg_parse(t, n, 0, &c, &e) == 0) {
		walk(c->root.child, c->len);
		out = lvm_text_edit_apply(t, c->len, &ed, &nl, &e);
		if (!out || nl != c->len || memcmp(out, t, nl))
			abort();
		free(out);
		lvm_cfg_free(c);
	}
	if (lvm_vg_from_text(t, n, 0, &vg, &e))
		return 0;
	for (i = 0; i < vg->n_lvs; i++) {
		struct lvm_dev_range r[16];
		unsigned k, j;
		uint64_t sz = lvm_lv_size_bytes(vg, &vg->lvs[i]);

		if (lvm_lv_map(vg, &vg->lvs[i], 0, sz, r, 16, &k, &e) && e.code != RL_E_TOOBIG &&
		    e.code != RL_E_UNSUPPORTED && e.code != RL_E_CORRUPT)
			abort();
		for (j = 0; j < k; j++)
			if (r[j].pv >= vg->n_pvs)
				abort();
	}
	lvm_vg_free(vg);
	return 0;
}
