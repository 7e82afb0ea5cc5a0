/* SPDX-License-Identifier: ISC */
/* views.c: the views of the charts' area (see views.h). */
#include "ui/views.h"

#include <stdio.h>

#include "ui/chain_fill.h"
#include "ui/screen.h"
#include "ui/view_ladder.h"
#include "ui/view_tsg.h"

const char *
views_name(int view)
{
	switch (view) {
	case VIEWS_TSG:
		return "time-sequence";
	case VIEWS_LADDER:
		return "ladder";
	case VIEWS_STAGES:
		return "pipeline";
	default:
		break;
	}
	return "charts";
}

bool
views_key(struct views_state *s, int key, char *msg, size_t size)
{
	int n = s->stages ? VIEWS_COUNT : VIEWS_STAGES;

	switch (key) {
	case 'v':
		s->view = (s->view + 1) % n;
		break;
	case 'V':
		s->view = (s->view + n - 1) % n;
		break;
	case 'w':
	case 'W':
		s->whole = !s->whole;
		snprintf(msg, size, "time-sequence: %s%s",
			 s->whole ? "the whole run" : "the last RTTs",
			 s->view == VIEWS_TSG ? "" : " (v shows it)");
		return true;
	default:
		return false;
	}
	snprintf(msg, size, "view: %s (v: next%s)", views_name(s->view),
		 s->view == VIEWS_TSG ? ", w: zoom" : "");
	return true;
}

void
views_layout(struct layout *l, int view, struct rect *pane)
{
	int keep, extra;

	*pane = l->charts[0];
	if (l->charts[0].rows == 0 || view == VIEWS_CHARTS)
		return;
	/* the whole width the three charts share */
	pane->cols = l->charts[2].x + l->charts[2].cols - pane->x;
	if (l->narration.rows == 0)
		return;
	keep = l->narration.rows / 2;
	if (keep < LAYOUT_NARRATION_MIN)
		keep = LAYOUT_NARRATION_MIN;
	extra = l->narration.rows - keep;
	if (extra <= 0)
		return;
	pane->rows += extra;
	l->narration.y += extra;
	l->narration.rows -= extra;
}

void
views_draw(struct grid *g, const struct rect *pane,
	   const struct screen_model *m)
{
	const struct flow_snapshot *fs = &m->flows[m->shown];

	if (pane->rows == 0)
		return;
	if (m->view == VIEWS_TSG) {
		struct tsg_view v = {
			.log = m->pktlog,
			.flow = m->shown,
			.now_ns = m->now_ns,
			.srtt_ns = fs->srtt_ns,
			.whole = m->tsg_whole,
		};

		view_tsg(g, pane, &v, m->glyphs);
	} else if (m->view == VIEWS_LADDER) {
		struct ladder_view v = {
			.log = m->pktlog,
			.flow = m->shown,
			.now_ns = m->now_ns,
			.base = m->absolute_seq ? fs->isn : 0,
		};

		view_ladder(g, pane, &v, m->glyphs);
	} else if (m->view == VIEWS_STAGES) {
		struct chain_fill cf;
		struct stages_view v;

		if (!chain_fill(&cf, m))
			return;
		v = (struct stages_view){&cf.chain, cf.sflows, cf.srelays,
					 chain_fill_first(m, m->shown)};
		view_stages(g, pane, &v, m->glyphs);
		chain_fill_free(&cf);
	}
}
