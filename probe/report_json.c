#include "report.h"

#include <json.h>
#include <stdlib.h>
#include <string.h>

#include "lvm_id.h"
#include "lvm_label.h"
#include "rl_json.h"
#include "vhd.h"
#include "xs_uuid.h"

#ifndef JSON_C_TO_STRING_PRETTY
#define JSON_C_TO_STRING_PRETTY 2
#endif

#define JSON_FLAGS JSON_C_TO_STRING_PRETTY

static json_object *jstr(const char *s)
{
	return s ? json_object_new_string(s) : NULL;
}

static json_object *ju64(uint64_t v)
{
	return json_object_new_int64((int64_t)v);
}

static json_object *dashed(const char *raw)
{
	char d[39];

	if (!raw || strlen(raw) != 32)
		return jstr(raw);
	lvm_id_dashed(raw, d);
	return json_object_new_string(d);
}

static json_object *strarr(char **v, unsigned n)
{
	json_object *a = json_object_new_array();
	unsigned i;

	for (i = 0; i < n; i++)
		json_object_array_add(a, json_object_new_string(v[i]));
	return a;
}

static json_object *pv_json(const struct plun *l)
{
	json_object *o = json_object_new_object(), *mdas = json_object_new_array();
	const struct lun_pv *pv = l->pv;
	unsigned i;

	json_object_object_add(o, "uuid", dashed(pv->label.pv_uuid));
	json_object_object_add(o, "label_sector", json_object_new_int((int)pv->label.sector));
	json_object_object_add(o, "device_size", ju64(pv->label.device_size));
	if (pv->vg && pv->pv_index >= 0) {
		const struct lvm_pv *p = &pv->vg->pvs[pv->pv_index];

		json_object_object_add(o, "vg_key", jstr(p->key));
		json_object_object_add(o, "pe_start", ju64(lvm_sectors_to_bytes(p->pe_start)));
		json_object_object_add(o, "pe_count", ju64(p->pe_count));
		json_object_object_add(o, "device_hint", jstr(p->device));
		json_object_object_add(o, "device_id_type", p->device_id_type[0] ? jstr(p->device_id_type) : NULL);
		json_object_object_add(o, "device_id", p->device_id[0] ? jstr(p->device_id) : NULL);
	}
	for (i = 0; i < pv->n_mda; i++) {
		const struct lun_mda *m = &pv->mda[i];
		json_object *mo = json_object_new_object();

		json_object_object_add(mo, "offset", ju64(m->locn.offset));
		json_object_object_add(mo, "size", ju64(m->locn.size));
		json_object_object_add(mo, "ignored", json_object_new_boolean(m->ignored));
		if (m->has_text) {
			json_object_object_add(mo, "text_offset", ju64(m->hdr.rlocn[0].offset));
			json_object_object_add(mo, "text_size", ju64(m->hdr.rlocn[0].size));
			json_object_object_add(mo, "text_checksum", ju64(m->hdr.rlocn[0].checksum));
			json_object_object_add(mo, "seqno", ju64(m->seqno));
		}
		json_object_array_add(mdas, mo);
	}
	json_object_object_add(o, "mdas", mdas);
	return o;
}

static json_object *vg_json(const struct lvm_vg *vg, const struct lun_vg *v)
{
	json_object *o = json_object_new_object(), *lvs = json_object_new_array();
	unsigned i;

	json_object_object_add(o, "name", jstr(vg->name));
	json_object_object_add(o, "uuid", dashed(vg->id));
	json_object_object_add(o, "seqno", ju64(vg->seqno));
	json_object_object_add(o, "extent_size", ju64(lvm_sectors_to_bytes(vg->extent_size)));
	json_object_object_add(o, "pv_count", json_object_new_int((int)vg->n_pvs));
	json_object_object_add(o, "status", strarr(vg->status, vg->n_status));
	json_object_object_add(o, "tags", strarr(vg->tags, vg->n_tags));
	if (v) {
		json_object_object_add(o, "partial", json_object_new_boolean(v->partial));
		json_object_object_add(o, "exported", json_object_new_boolean(v->exported));
	}
	for (i = 0; i < vg->n_lvs; i++) {
		const struct lvm_lv *lv = &vg->lvs[i];
		json_object *lo = json_object_new_object();
		char uuid[37];

		json_object_object_add(lo, "name", jstr(lv->name));
		json_object_object_add(lo, "uuid", dashed(lv->id));
		json_object_object_add(lo, "size", ju64(lvm_sectors_to_bytes(lv->le_count * vg->extent_size)));
		json_object_object_add(lo, "kind", jstr(lvhd_kind_name(
			lvhd_classify(lv->name, lv->tags, lv->n_tags, uuid))));
		json_object_object_add(lo, "tags", strarr(lv->tags, lv->n_tags));
		json_object_array_add(lvs, lo);
	}
	json_object_object_add(o, "lvs", lvs);
	return o;
}

static json_object *vdi_json(const struct lun_vg *v, const struct lun_vdi *d)
{
	json_object *o = json_object_new_object(), *locs = json_object_new_array();
	const struct mgt_vdi *r = d->mgt_rec >= 0 ? &v->mgt->vdis[d->mgt_rec] : NULL;
	unsigned i;
	int stale = 0;

	json_object_object_add(o, "uuid", jstr(d->uuid));
	json_object_object_add(o, "lv", jstr(v->vg->lvs[d->lv].name));
	json_object_object_add(o, "vdi_type", jstr(d->kind == LVHD_VHD ? "vhd" : "aio"));
	json_object_object_add(o, "lv_size", ju64(d->lv_size));
	if (d->has_vhd) {
		char fu[37];

		json_object_object_add(o, "virtual_size", ju64(d->footer.curr_size));
		json_object_object_add(o, "vhd_type", json_object_new_int((int)d->footer.type));
		xs_uuid_format(d->footer.uuid, fu);
		json_object_object_add(o, "vhd_uuid", jstr(fu));
	}
	json_object_object_add(o, "hidden", json_object_new_boolean(d->hidden));
	json_object_object_add(o, "parent", d->parent_uuid[0] ? jstr(d->parent_uuid) : NULL);
	json_object_object_add(o, "parent_lv", d->parent_lv[0] ? jstr(d->parent_lv) : NULL);
	for (i = 0; i < d->n_loc; i++) {
		json_object *lo = json_object_new_object();
		char code[5];

		vhd_platform_chars(d->loc[i].code, code);
		json_object_object_add(lo, "code", jstr(code));
		json_object_object_add(lo, "path", jstr(d->loc[i].path));
		json_object_object_add(lo, "names_this_vg", json_object_new_boolean(d->loc[i].names_this_vg));
		json_object_array_add(locs, lo);
		if (!d->loc[i].names_this_vg || strcmp(d->loc[i].target_lv, d->parent_lv))
			stale = 1;
	}
	json_object_object_add(o, "locators", locs);
	json_object_object_add(o, "locators_ok", json_object_new_boolean(!stale));
	if (r) {
		json_object_object_add(o, "name_label", jstr(r->name_label));
		json_object_object_add(o, "name_description", jstr(r->name_description));
		json_object_object_add(o, "is_a_snapshot", json_object_new_boolean(r->is_a_snapshot));
		json_object_object_add(o, "snapshot_of", r->snapshot_of[0] ? jstr(r->snapshot_of) : NULL);
		json_object_object_add(o, "type", jstr(r->type));
		json_object_object_add(o, "read_only", json_object_new_boolean(r->read_only == 1));
		json_object_object_add(o, "managed", json_object_new_boolean(r->managed == 1));
	} else {
		json_object_object_add(o, "name_label", NULL);
	}
	json_object_object_add(o, "error", d->err.code ? jstr(d->err.msg) : NULL);
	return o;
}

static json_object *sr_json(const struct lun_vg *v)
{
	json_object *o = json_object_new_object(), *vdis = json_object_new_array(),
		    *infl = json_object_new_array();
	unsigned i;

	json_object_object_add(o, "uuid", jstr(v->sr_uuid));
	if (v->mgt) {
		json_object *m = json_object_new_object();

		json_object_object_add(m, "sr_uuid", jstr(v->mgt->sr_uuid));
		json_object_object_add(m, "name_label", jstr(v->mgt->sr_name_label));
		json_object_object_add(m, "name_description", jstr(v->mgt->sr_name_description));
		json_object_object_add(m, "allocation", jstr(v->mgt->allocation));
		json_object_object_add(m, "length", ju64(v->mgt->length));
		json_object_object_add(m, "records", json_object_new_int((int)v->mgt->n_vdis));
		json_object_object_add(o, "mgt", m);
	} else {
		json_object_object_add(o, "mgt", NULL);
	}
	for (i = 0; i < v->n_vdis; i++)
		json_object_array_add(vdis, vdi_json(v, &v->vdis[i]));
	json_object_object_add(o, "vdis", vdis);
	for (i = 0; i < v->n_inflight; i++)
		json_object_array_add(infl, jstr(v->vg->lvs[v->inflight[i]].name));
	json_object_object_add(o, "inflight_lvs", infl);
	return o;
}

static json_object *lun_json(const struct judge *j, const struct plun *l)
{
	json_object *o = json_object_new_object(), *probs = json_object_new_array();
	const struct pcopy *c = l->copy >= 0 ? &j->copies[l->copy] : NULL;
	const struct lun_vg *cv = c ? c->vg : NULL;
	unsigned i;

	json_object_object_add(o, "device", jstr(l->dev.path));
	json_object_object_add(o, "kind", jstr(pdev_kind_name(l->dev.kind)));
	json_object_object_add(o, "size", ju64(l->opened ? l->size : l->dev.size));
	json_object_object_add(o, "SCSIid", l->dev.scsi_id[0] ? jstr(l->dev.scsi_id) : NULL);
	json_object_object_add(o, "identity_kind", jstr(l->dev.ident_kind));
	json_object_object_add(o, "identity", jstr(l->dev.ident));
	json_object_object_add(o, "path_of", l->path_of >= 0 ? jstr(j->luns[l->path_of].dev.path) : NULL);
	json_object_object_add(o, "verdict", jstr(verdict_name(l->verdict)));
	json_object_object_add(o, "reason", jstr(l->reason));
	json_object_object_add(o, "evidence", l->evidence[0] ? jstr(l->evidence) : NULL);
	json_object_object_add(o, "copies", json_object_new_int((int)l->n_same));
	json_object_object_add(o, "can_resign", json_object_new_boolean(l->can_resign));
	json_object_object_add(o, "can_resign_reason", jstr(l->can_reason));
	json_object_object_add(o, "resign_needed", json_object_new_boolean(l->resign_needed));
	json_object_object_add(o, "journal", l->journal[0] ? jstr(l->journal) : NULL);
	{
		json_object *act = json_object_new_array();

		for (i = 0; i < l->n_active; i++) {
			json_object *a = json_object_new_object();

			json_object_object_add(a, "name", jstr(l->active[i].name));
			json_object_object_add(a, "dm", jstr(l->active[i].kname));
			json_object_object_add(a, "uuid", jstr(l->active[i].uuid));
			json_object_array_add(act, a);
		}
		json_object_object_add(o, "active_dm", act);
	}
	if (l->opened && (l->pv->state == LUN_PV_OK || l->pv->state == LUN_PV_ORPHAN))
		json_object_object_add(o, "pv", pv_json(l));
	else
		json_object_object_add(o, "pv", NULL);
	if (l->pv->vg)
		json_object_object_add(o, "vg", vg_json(l->pv->vg, cv));
	else
		json_object_object_add(o, "vg", NULL);
	if (c && c->read_ok && cv->is_sr)
		json_object_object_add(o, "sr", sr_json(cv));
	else
		json_object_object_add(o, "sr", NULL);
	for (i = 0; i < l->pv->n_warnings; i++)
		json_object_array_add(probs, jstr(l->pv->warnings[i]));
	if (cv)
		for (i = 0; i < cv->n_problems; i++)
			json_object_array_add(probs, jstr(cv->problems[i]));
	if (l->verdict == V_DAMAGED || l->verdict == V_UNREADABLE)
		json_object_array_add(probs, jstr(l->reason));
	json_object_object_add(o, "problems", probs);
	return o;
}

static json_object *doc_new(json_object *luns)
{
	json_object *root = json_object_new_object();

	json_object_object_add(root, "version", json_object_new_int(1));
	json_object_object_add(root, "luns", luns);
	return root;
}

/* Two stand-ins for LUNs, printed in quotes; json-c escapes nothing in them. */
#define STAND_IN_1 "relun-probe:stand-in-1"
#define STAND_IN_2 "relun-probe:stand-in-2"
#define MARK1 "\"" STAND_IN_1 "\""
#define MARK2 "\"" STAND_IN_2 "\""

/* The document's text around its LUNs, as json-c prints it: a document
 * with two stand-in strings for LUNs, cut at them.  What follows the last
 * newline between them is the indentation of the LUNs' depth. */
static int frame(struct report_json *r)
{
	json_object *luns = json_object_new_array(), *root;
	const char *a, *b, *nl;
	char *s;
	int ok = 0;

	if (!luns)
		return -1;
	json_object_array_add(luns, json_object_new_string(STAND_IN_1));
	json_object_array_add(luns, json_object_new_string(STAND_IN_2));
	root = doc_new(luns);
	s = rl_json_text(root, JSON_FLAGS);
	a = s ? strstr(s, MARK1) : NULL;
	b = a ? strstr(a, MARK2) : NULL;
	if (b) {
		r->pre = strndup(s, (size_t)(a - s));
		a += strlen(MARK1);
		r->sep = strndup(a, (size_t)(b - a));
		r->post = strdup(b + strlen(MARK2));
		ok = r->pre && r->sep && r->post;
	}
	json_object_put(root);
	free(s);
	if (!ok)
		return -1;
	nl = strrchr(r->sep, '\n');
	r->indent = nl ? nl + 1 : "";
	return 0;
}

void report_json_begin(struct report_json *r, FILE *f)
{
	memset(r, 0, sizeof(*r));
	r->f = f;
	if (frame(r) < 0) {
		free(r->pre);
		free(r->sep);
		free(r->post);
		r->pre = r->sep = r->post = NULL;
		r->all = json_object_new_array();
	}
}

/* A LUN's object printed on its own starts at depth 0; inside the
 * document every line after its first is indented by the LUN's depth
 * more.  json-c escapes newlines in strings, so every newline it prints
 * is one of its line breaks, each followed by its indentation. */
static void put_at_depth(FILE *f, const char *s, const char *indent)
{
	const char *nl;

	while ((nl = strchr(s, '\n'))) {
		fwrite(s, 1, (size_t)(nl + 1 - s), f);
		fputs(indent, f);
		s = nl + 1;
	}
	fputs(s, f);
}

struct json_object *report_json_lun_object(const struct judge *j, unsigned i)
{
	return lun_json(j, &j->luns[i]);
}

void report_json_lun(struct report_json *r, const struct judge *j, unsigned i)
{
	json_object *o = lun_json(j, &j->luns[i]);
	char *s;

	if (!r->pre) {
		if (r->all)
			json_object_array_add(r->all, o);
		else
			json_object_put(o);
		return;
	}
	fputs(r->n++ ? r->sep : r->pre, r->f);
	s = rl_json_text(o, JSON_FLAGS);
	put_at_depth(r->f, s ? s : "null", r->indent);
	free(s);
	json_object_put(o);
}

void report_json_end(struct report_json *r)
{
	if (r->n && r->pre) {
		fprintf(r->f, "%s\n", r->post);
	} else {
		/* no LUN (the array prints alone), or out of memory */
		json_object *root = doc_new(r->all ? r->all : json_object_new_array());

		char *s = rl_json_text(root, JSON_FLAGS);

		fprintf(r->f, "%s\n", s ? s : "null");
		free(s);
		json_object_put(root);
	}
	free(r->pre);
	free(r->sep);
	free(r->post);
	memset(r, 0, sizeof(*r));
}
