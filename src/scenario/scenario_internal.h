/* SPDX-License-Identifier: ISC */
/*
 * scenario_internal.h: what the files of the scenario module share and
 * the rest of the program does not see: the key table's types, the
 * loader's state, and the helpers one part calls in another.  The public
 * interface is scenario.h.
 */
#ifndef TCPSIM_SCENARIO_INTERNAL_H
#define TCPSIM_SCENARIO_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "scenario/scenario.h"

struct ini_line;
struct lesson;

#define PRINTF_LIKE(f, a) __attribute__((format(printf, f, a)))

/*
 * Caps that keep the simulator far from overflow: it multiplies sizes by
 * 8 * 10^9 and adds times over a whole run.  Nobody teaches with more.
 */
#define TIME_CAP_NS (INT64_C(30) * 24 * 3600 * 1000000000)
#define SIZE_CAP    (UINT64_C(1) << 50)
#define RATE_CAP    (UINT64_C(1) << 50)

/* A message: key, value as written (a line is at most 4096 bytes) and why. */
#define MESSAGE_MAX 6144

/*
 * Room for a piece of the input quoted in a message, escaped
 * (util/escape.h): a key, a value, a path or a name may hold any byte,
 * and a control character must not reach the terminal raw.  Longer input
 * is cut with "...".
 */
#define QUOTE_SIZE 512

/* Warnings of one kind shown before the rest are only counted. */
#define WARNINGS_SHOWN 10

/* A scenario file larger than this is surely something else. */
#define FILE_MAX ((size_t)16 << 20)

/* How a key's value is written. */
enum value_kind {
	KIND_TIME,	  /* units_parse_time() */
	KIND_RATE,	  /* units_parse_rate() */
	KIND_SIZE,	  /* units_parse_size() */
	KIND_QUEUE,	  /* units_parse_queue() */
	KIND_COUNT,	  /* units_parse_count() */
	KIND_PROBABILITY, /* units_parse_probability() */
	KIND_SWITCH,	  /* units_parse_switch() */
	KIND_CHOICE,	  /* units_parse_choice() */
	KIND_SEGMENTS,	  /* "300, 305" or "none": drop_segments only */
	KIND_NAMES,	  /* "a, b": a relay's from and to (relays.c) */
	KIND_PATH,	  /* "access, link": link names, path only */
};

/* Readable names for the two flags of the key table. */
enum { FINITE = 0, OR_UNLIMITED = 1 };
enum { FIXED = 0, MID_RUN = 1 };

/* One key of one section: everything the reader, --set and timeline need. */
struct key_info {
	const char *name;	    /* as written in files */
	enum setting_target target; /* its section */
	enum value_kind kind;	    /* how its value is written */
	const char *default_value;  /* as the contract writes it */
	uint64_t min, max;	    /* range in ns, bit/s, B or plain numbers */
	bool unlimited_ok;	    /* takes `unlimited` (beyond max) */
	bool mid_run;		    /* may change in the [timeline] */
	const char *range;	    /* the range in words, after "must be " */
	const char *const *choices; /* KIND_CHOICE: NULL-terminated words;
				     * KIND_SWITCH: extra words, or NULL */
	unsigned open;		    /* OPEN_*: which ends are strict */
	bool none_ok;		    /* takes `none`, stored as 0 (off) */
};

/*
 * min and max are the smallest and largest values stored.  Where the range
 * says "more than 0" or "less than 500ms", the limit itself is one unit
 * beyond: OPEN_MIN says the documented limit is min - 1, excluded, and
 * OPEN_MAX that it is max + 1, excluded.  Both matter only for values
 * written with more decimals than a whole unit (range_check()).
 */
enum { OPEN_MIN = 1, OPEN_MAX = 2 };

/* Where a path (link.rate, simulation.seed, bulk.read_rate) points. */
struct path_target {
	enum setting_target target; /* its section */
	size_t flow;		    /* TARGET_FLOW: index into flows[] */
	enum setting_key key;	    /* the key */
	bool unknown_owner; /* on failure: nothing has the name before the
			       dot (the message says so, whatever follows) */
};

/* ------------------------------------------------------------------ */
/* Reading a file                                                      */
/* ------------------------------------------------------------------ */

enum section {
	SECTION_NONE,	    /* before the first header */
	SECTION_SIMULATION, /* [simulation] */
	SECTION_LINK,	    /* [link] */
	SECTION_TIMELINE,   /* [timeline] */
	SECTION_LESSON,	    /* [lesson]: lesson.h */
	SECTION_FLOW,	    /* [flow NAME] */
	SECTION_RELAY,	    /* [relay NAME]: relays.c */
	SECTION_IGNORED,    /* a refused header: its lines are skipped,
			       rather than reported one by one */
};

/* One message of the file, printed at the end, sorted by line. */
struct diagnostic {
	int line;     /* line it is about */
	size_t order; /* position among messages: keeps ties in order */
	bool warning; /* printed as "warning:", does not fail the load */
	char *text;   /* the message, owned */
};

/* A [timeline] line, kept until every flow is known. */
struct pending_entry {
	int line;	    /* line in the file */
	int64_t at_ns;	    /* its time */
	bool time_ok;	    /* the time parsed (else: already reported) */
	char *path;	    /* "bulk.read_rate", owned */
	char *value;	    /* "0", owned */
	char time_text[24]; /* the time as written; "" when longer */
};

/* A flow's `path` line, kept until every link is known (links.c). */
struct pending_path {
	int line;    /* line in the file */
	size_t flow; /* index into flows[], SIZE_MAX for a refused flow's */
	char *value; /* "access, link", owned */
};

/* The state of one file being read. */
struct loader {
	struct scenario *sc;		    /* being filled */
	enum section section;		    /* the section being read */
	size_t flow;			    /* SECTION_FLOW: index into flows[];
					       SECTION_RELAY: into relays[] */
	char title[SCENARIO_NAME_MAX + 16]; /* "[flow bulk]", for messages */
	int header_line[SECTION_FLOW]; /* first header of each single section */
	int key_line[KEY_COUNT];       /* keys given in the current section */
	size_t n_flow_headers;	       /* [flow] headers so far, for flowN */
	struct diagnostic *diags;      /* messages so far */
	size_t n_diags;
	size_t n_errors;	       /* messages that are not warnings */
	struct pending_entry *pending; /* [timeline] lines */
	size_t n_pending;
	size_t cap_flows, cap_timeline; /* capacities (xgrow) of sc's arrays */
	size_t cap_diags, cap_pending;	/* and of ours */
	size_t cap_relays;		/* capacity (xgrow) of sc->relays */
	bool too_many_flows;		/* said once, not once per flow */
	/* the last unknown name before a timeline path's dot, and what was
	 * said of it: said again for the next lines that name it, without
	 * looking through every flow again (thousands of lines, thousands
	 * of flows) */
	char *unknown_owner;
	char *unknown_said;
	bool too_many_entries;		/* the same for the timeline */
	/*
	 * The keys under a refused header ([link] twice, [link fast], a
	 * flow defined twice or badly named) are still checked, so that
	 * every error of the file is reported: they are stored here, in a
	 * scenario of one flow that is thrown away, and never in sc.
	 */
	struct scenario scratch;
	bool scratch_ready; /* scratch holds defaults */
	bool in_scratch;    /* the current section's keys go to scratch */
	/* [lesson], kept as written for play's `e` (lesson.h) */
	struct lesson *lesson_scratch;	 /* a refused [lesson]'s keys */
	char *header;			 /* the opening comment lines */
	size_t header_len, cap_header;	 /* bytes in header, allocated */
	bool header_done;		 /* a line other than a comment came */
	char *section_text;		 /* the [lesson] lines, as written */
	size_t section_len, cap_section; /* bytes in section_text, allocated */
	/* named links and paths (links.c) */
	size_t link;		    /* SECTION_LINK: the link id its keys go
				       to (0: the bare [link]) */
	size_t cap_links;	    /* capacity (xgrow) of sc->links */
	bool too_many_links;	    /* said once, not once per link */
	struct pending_path *paths; /* flows' path lines */
	size_t n_paths, cap_paths;  /* entries of paths, allocated */
};

/* scenario.c */
PRINTF_LIKE(3, 4)
int scenario_fail(char *err, size_t errlen, const char *fmt, ...);

const char *scenario_quote(char *buf, const char *s);

char *scenario_display_name(const struct scenario *sc);

void scenario_time_text(int64_t ns, char *buf, size_t size);

size_t scenario_flow_find(const struct scenario *sc, const char *name);

void scenario_default_value(enum setting_key key, struct setting_value *value);

void scenario_defaults_without_flows(struct scenario *sc);

/* The table of relay names (scenario.h): brought up to date after a
 * relay is added; a copy of a table's slots (NULL for none). */
void scenario_relay_slots_update(struct scenario *sc);
uint32_t *scenario_slots_copy(const uint32_t *slots, size_t cap);

size_t scenario_flow_add(struct scenario *sc, size_t *cap, const char *name,
			 int line);

int scenario_key_unknown(enum setting_target target, const char *section,
			 const char *key, char *err, size_t errlen);

int scenario_path_resolve(const struct scenario *sc, const char *path,
			  const char *context, struct path_target *pt,
			  char *err, size_t errlen);

/* keys.c */
extern const char *const cc_names[];

extern const char *const on_full_names[];

extern const char *const discipline_names[];

extern const char *const app_names[];

extern const char *const dispatch_names[];

extern const struct key_info key_table[KEY_COUNT];

const struct key_info *keys_info(enum setting_key key);

enum setting_key keys_find(enum setting_target target, const char *name);

enum setting_key keys_find_anywhere(const char *name);

const char *keys_target_section(enum setting_target target);

/* Where `key` was given (a line, or SCENARIO_LINE_SET) and as what text. */
void keys_note(struct scenario *sc, enum setting_target target, size_t flow,
	       enum setting_key key, int line, const char *value);

int keys_value_parse(const struct key_info *ki, const char *text,
		     struct setting_value *v, char *err, size_t errlen);

void keys_flow_apply(struct flow_config *f, enum setting_key key,
		     const struct setting_value *v);

void keys_stack_apply_flow(struct flow_config *f);

int keys_setting_store(struct scenario *sc, enum setting_target target,
		       size_t flow, enum setting_key key, const char *text,
		       char *err, size_t errlen);

/* reader.c */
PRINTF_LIKE(4, 5)
void reader_diag_add(struct loader *ld, int line, bool warning, const char *fmt,
		     ...);
/* A section's name is a word (`what` names it in the message): 0, or -1
 * with the message in err. */
int reader_name_check(const char *what, const char *name, char *err,
		      size_t errlen);

/* relays.c */
void loader_relay_header(struct loader *ld, int line, const char *name);
void loader_relay_finish(struct loader *ld);
void loader_use_scratch(struct loader *ld);
void relay_apply(struct relay_config *r, enum setting_key key,
		 const struct setting_value *v);
void relay_defaults(struct relay_config *r, const char *name);
int relay_names_store(struct relay_config *r, enum setting_key key,
		      const char *text, char *err, size_t errlen);
size_t relay_check(const struct scenario *sc, FILE *errs);
void relay_copy_all(struct scenario *dst, const struct scenario *src);
void relay_free_all(struct scenario *sc);
/* reader.c: the current section's keys go to the scratch scenario */
void loader_use_scratch(struct loader *ld);

/* links.c */
struct link_config *link_config_of(struct scenario *sc, size_t id);

/* [link NAME], NAME not empty: a new link, or a refusal. */
void loader_link_header(struct loader *ld, int line, const char *name);

/* Parse a path ("access, link") against the links of sc into path[],
 * *n_path; -1 with err on an unknown link, a link twice, or no link. */
int path_parse(const struct scenario *sc, const char *text,
	       uint8_t path[SCENARIO_MAX_PATH], uint8_t *n_path, char *err,
	       size_t errlen);

/* Keep a flow's path line; resolve the kept lines after the last line. */
void loader_path_keep(struct loader *ld, const struct ini_line *line,
		      size_t flow);
void loader_paths_finish(struct loader *ld);

/* Warn (on errs) about a named link no flow's path crosses; returns the
 * number of errors, 0. */
int scenario_links_validate(const struct scenario *sc, FILE *errs);

/* timeline.c */
void timeline_load_line(struct loader *ld, const struct ini_line *line);
/* Sort sc->timeline by time, file order for equal times (its array may
 * be replaced). */
void timeline_sort(struct scenario *sc);

void timeline_resolve(struct loader *ld, const struct pending_entry *p);

#endif /* TCPSIM_SCENARIO_INTERNAL_H */
