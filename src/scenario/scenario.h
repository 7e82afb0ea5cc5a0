/* SPDX-License-Identifier: ISC */
/*
 * scenario.h: a scenario file as data.
 *
 * A scenario is read from an INI file (doc/tcpsim-scenario.5,
 * ../shared/design/scenario-format.md), changed by `--set KEY=VALUE`, and
 * handed to the simulator, which copies it and never looks at the file again.
 *
 * Units inside the program are fixed: times are int64_t nanoseconds, rates
 * are uint64_t bits per second, sizes are uint64_t bytes.  "unlimited" is
 * SCENARIO_UNLIMITED for rates and sizes.
 *
 * Every key of every section is described once, in the key table of
 * keys.c; the file reader, `--set` and the [timeline] all go through it,
 * and so does the simulator when it applies a timeline entry
 * (scenario_apply()).
 */
#ifndef TCPSIM_SCENARIO_H
#define TCPSIM_SCENARIO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* A rate or size of "unlimited". */
#define SCENARIO_UNLIMITED UINT64_MAX

/* Limits of a scenario file (tcpsim-scenario(5), LIMITS): beyond them a
 * file is refused with a message, never half-read. */
#define SCENARIO_MAX_FLOWS    10000
#define SCENARIO_MAX_TIMELINE 100000

/* Longest flow name, in bytes, without the terminating NUL. */
#define SCENARIO_NAME_MAX 63

/*
 * Named links ([link NAME]) and a flow's `path`.  Links are numbered by
 * a link id: 0 is the bare [link], named `link`, and id i >= 1 is
 * links[i - 1].  A path names each link at most once, so it is at most
 * as long as there are links; SCENARIO_MAX_PATH bounds it all the same.
 */
#define SCENARIO_MAX_LINKS    32 /* named links, beside the default */
#define SCENARIO_MAX_PATH     8	 /* links one flow's path crosses */
#define SCENARIO_DEFAULT_LINK 0	 /* the link id of the bare [link] */

/* Congestion control algorithms (`cc`). */
enum cc_kind {
	CC_NONE,    /* window = advertised window only */
	CC_RENO,    /* RFC 5681 */
	CC_NEWRENO, /* RFC 5681 + RFC 6582 */
	CC_CUBIC,   /* RFC 9438 */
};

/* Nagle's algorithm (`nagle`); NAGLE_OFF is 0, so `if (cfg->nagle)` reads
 * "some form of Nagle is on". */
enum nagle_mode {
	NAGLE_OFF,	/* small segments go at once */
	NAGLE_ON,	/* RFC 9293 3.7.4: none while data is unacknowledged */
	NAGLE_MINSHALL, /* Minshall's variant as Linux does it: none while a
			   small segment is unacknowledged */
};

/* Silly window syndrome avoidance (`sws_avoidance`); SWS_OFF is 0. */
enum sws_mode {
	SWS_OFF,   /* none: every byte freed is offered, every byte sent */
	SWS_ON,	   /* RFC 9293 3.8.6.2, both ends */
	SWS_LINUX, /* the sender's as on; the receiver's window chosen as
		      Linux's __tcp_select_window() chooses it */
};

/* How CUBIC leaves its first slow start (`hystart`); HYSTART_OFF is 0. */
enum hystart_mode {
	HYSTART_OFF,   /* slow start until the first loss */
	HYSTART_ON,    /* HyStart++ (RFC 9406): conservative slow start */
	HYSTART_LINUX, /* HyStart as Linux's tcp_cubic.c runs it (ACK
			  train and delay increase, Ha and Rhee 2011) */
};

/* Whose CUBIC (`cubic_variant`). */
enum cubic_variant {
	CUBIC_RFC9438, /* RFC 9438 as written */
	CUBIC_LINUX,   /* tcp_cubic.c: t + min RTT, and 5% per RTT at least
			  before the first congestion event */
};

/* When the receiver ACKs (`ack_policy`). */
/*
 * stack: which set of defaults a flow's TCP takes for the mechanisms real
 * hosts added to the textbook (keys.c's stack table lists them).
 */
enum tcp_stack {
	TCP_STACK_TEXTBOOK, /* the RFCs' base algorithms, as taught */
	TCP_STACK_LINUX,    /* what a Linux host does, as students capture */
};

enum ack_policy {
	ACK_POLICY_TEXTBOOK, /* RFC 5681 4.2 / RFC 9293 3.8.6.3 as written */
	ACK_POLICY_LINUX,    /* Linux's: quick-ACK start, ATO, tcp_input.c */
};

/* How the RTO is bounded below (`rto_clamp`). */
enum rto_clamp {
	RTO_CLAMP_RFC6298, /* max(SRTT + max(G, 4 RTTVAR), min_rto), 60 s */
	RTO_CLAMP_LINUX,   /* SRTT + max(4 RTTVAR, min_rto), 120 s */
};

/* What a zero-window probe is (`window_probe`). */
enum window_probe {
	WINDOW_PROBE_RFC9293, /* one new byte beyond the window (3.8.6.1) */
	WINDOW_PROBE_LINUX,   /* no data, seq = SND.UNA - 1 (tcp_xmit_probe_skb)
			       */
};

/*
 * How the sender hands its segments to the device (`gso`).  The segments
 * on the wire are the same either way; what differs is the PSH flag.
 */
enum gso_mode {
	GSO_OFF,   /* one segment at a time: PSH only where writes end */
	GSO_LINUX, /* packets of up to tcp_tso_autosize() segments, PSH on
		      the last of each that has two or more
		      (__tcp_transmit_skb) */
};

/* When a producer blocked on a full send buffer writes again
 * (`write_wakeup`). */
enum write_wakeup {
	WRITE_WAKEUP_ROOM,  /* as soon as there is room */
	WRITE_WAKEUP_LINUX, /* when the room is at least half of what the
			       buffer holds (sk_stream_write_space) */
};

/* What a producer does when the send buffer is full (`on_full`). */
enum on_full {
	ON_FULL_BLOCK, /* wait until there is room: backpressure */
	ON_FULL_DROP,  /* discard the whole write: load shedding */
};

/* The bottleneck queue's discipline (`queue_discipline`). */
enum queue_discipline {
	QDISC_DROPTAIL, /* one FIFO, drop the arrival when full */
	QDISC_RED,	/* Floyd & Jacobson 1993, gentle (RFC 2309) */
	QDISC_CODEL,	/* RFC 8289 */
	QDISC_FQ_CODEL, /* RFC 8290: per-flow queues, DRR, CoDel each */
};

/* What a flow's application is (`app`). */
enum flow_app {
	APP_BULK, /* the producer and consumers of app.h, over TCP */
	APP_PING, /* request/response probes, no TCP (net/ping.h) */
};

/* Where a setting lives. */
enum setting_target {
	TARGET_SIMULATION,
	TARGET_LINK,
	TARGET_FLOW,
	TARGET_RELAY, /* [relay NAME]: relays.c */
};

/*
 * Every key of every section.  The names in the file are in keys.c's
 * key table; this enum only gives them numbers for the simulator, which
 * switches on them when it applies a timeline entry.
 */
enum setting_key {
	/* [simulation] */
	KEY_DURATION,
	KEY_SEED,
	KEY_SAMPLE_INTERVAL,
	/* [link] */
	KEY_LINK_RATE,
	KEY_LINK_DELAY,
	KEY_LINK_QUEUE,
	KEY_LINK_LOSS,
	KEY_LINK_HEADER,
	KEY_LINK_REVERSE_RATE,
	/* [link] (after the keys above: [link] keys come before
	 * KEY_START), queue disciplines (active queue management) and ECN */
	KEY_LINK_QUEUE_DISCIPLINE,
	KEY_LINK_RED_MIN_TH,
	KEY_LINK_RED_MAX_TH,
	KEY_LINK_RED_MAX_P,
	KEY_LINK_RED_W_Q,
	KEY_LINK_RED_GENTLE,
	KEY_LINK_CODEL_TARGET,
	KEY_LINK_CODEL_INTERVAL,
	KEY_LINK_FQ_QUANTUM,
	KEY_LINK_ECN,
	/* [flow NAME], sender side */
	KEY_START,
	KEY_MSS,
	KEY_CC,
	KEY_INITIAL_WINDOW,
	KEY_MIN_RTO,
	KEY_SEND_BUFFER,
	KEY_WRITE_RATE,
	KEY_WRITE_TOTAL,
	KEY_WRITE_SIZE,
	KEY_ON_FULL,
	KEY_NAGLE,
	KEY_EXTRA_DELAY,
	KEY_ISN,
	KEY_DROP_SEGMENTS,
	/* [flow NAME], receiver side */
	KEY_RECEIVE_BUFFER,
	KEY_READ_RATE,
	KEY_READ_SIZE,
	KEY_READERS,
	KEY_DELAYED_ACK,
	KEY_ACK_DELAY,
	KEY_WINDOW_SCALE,
	KEY_SWS_AVOIDANCE,
	/* [flow NAME], Linux variants of the receiver's ACKs, the RTO, and
	 * the zero-window probe (nagle = minshall is a value of KEY_NAGLE) */
	KEY_ACK_POLICY,
	KEY_RTO_CLAMP,
	KEY_WINDOW_PROBE,
	/* [flow NAME], loss detection and recovery */
	KEY_SACK,
	KEY_LIMITED_TRANSMIT,
	KEY_CAREFUL_TIMEOUT,
	/* [flow NAME], congestion control growth and idle (RFC 3465,
	 * RFC 9406, RFC 5681 4.1) */
	KEY_BYTE_COUNTING,
	KEY_HYSTART,
	KEY_RESTART_AFTER_IDLE,
	/* [flow NAME], CUBIC as Linux computes it; TCP timestamps (RFC 7323) */
	KEY_CUBIC_VARIANT,
	KEY_TIMESTAMPS,
	/* [flow NAME], the defaults of the keys above, as a whole */
	KEY_STACK,
	/* [flow NAME], ECN and the latency probe */
	KEY_ECN,
	KEY_APP,
	KEY_PING_INTERVAL,
	KEY_PING_SIZE,
	/* [flow NAME], records, throttling and load shedding on lag */
	KEY_RECORD_SIZE,
	KEY_WRITE_BURST,
	KEY_SHED_WHEN_LAG_EXCEEDS,
	/* [relay NAME]: an application between two flows (relays.c) */
	KEY_RELAY_FROM,
	KEY_RELAY_TO,
	KEY_RELAY_BUFFER,
	KEY_RELAY_PROCESS_RATE,
	KEY_RELAY_DISPATCH, /* and on_full: KEY_ON_FULL, the flow's word */
	/* [flow NAME], the links its data crosses ([link NAME]) */
	KEY_PATH,
	/* [flow NAME], how Linux's sender packs segments and wakes its
	 * writer: where PSH falls */
	KEY_GSO,
	KEY_WRITE_WAKEUP,
	KEY_COUNT
};

/*
 * Where a key's value came from, kept per key in the key_line arrays below
 * so that scenario_validate() can point at the line that set it: a line
 * number of the scenario file (1 or more), or one of these.
 */
#define SCENARIO_LINE_DEFAULT 0	   /* never set: the default */
#define SCENARIO_LINE_SET     (-1) /* set by --set on the command line */

/*
 * Room for a key's value as the file wrote it (key_text below, next to
 * key_line): "1500ms", "100 packets", "12.345678901s" fit; a longer
 * text is not kept, and the writer falls back to its own spelling.
 */
#define SCENARIO_VALUE_TEXT 16

/*
 * A flow key the file (or --set) gave: where, and as what text.  A flow
 * keeps only the keys it was given (struct key_marks), not a slot for
 * every key: with 10 000 flows, a line and a text for each of the
 * KEY_COUNT keys made the settings 1.7 KB a flow, kept twice or three
 * times (the scenario, the simulator's copy, play's), nearly all of it
 * empty.  The simulator's copy keeps none (sim_create()): it only reads
 * values.
 */
struct key_mark {
	int line;			 /* a line, or SCENARIO_LINE_SET */
	uint16_t key;			 /* enum setting_key */
	char text[SCENARIO_VALUE_TEXT]; /* as written; "" if too long */
};

struct key_marks {
	struct key_mark *v; /* owned; NULL when none */
	uint32_t n, cap;
};

/* [simulation] */
struct simulation_config {
	int64_t duration_ns;	    /* simulated time to run */
	uint64_t seed;		    /* seed of the one random generator */
	int64_t sample_interval_ns; /* spacing of CSV rows and UI samples */
};

/* [link]: the bottleneck, sender side to receiver side. */
struct link_config {
	uint64_t rate_bps;     /* serialization rate, never 0 or unlimited */
	int64_t delay_ns;      /* one-way propagation delay, both directions */
	uint64_t queue_limit;  /* drop-tail limit, in packets or bytes */
	bool queue_in_packets; /* unit of queue_limit */
	double loss;	       /* Bernoulli loss per data packet, 0..1 */
	uint32_t header_bytes; /* IPv4+TCP header bytes per packet */
	uint64_t reverse_rate_bps; /* ACK path rate, or SCENARIO_UNLIMITED */
	/* queue discipline (net/aqm.h) */
	enum queue_discipline discipline; /* queue_discipline */
	uint64_t red_min_th;		  /* RED min_th, packets or bytes */
	uint64_t red_max_th;		  /* RED max_th, in the same unit */
	bool red_min_th_in_packets;	  /* unit of red_min_th */
	bool red_max_th_in_packets;	  /* unit of red_max_th */
	double red_max_p;		  /* RED max_p, 0..1 */
	double red_w_q;			  /* RED queue weight w_q, 0..1 */
	bool red_gentle;		  /* RED gentle mode */
	int64_t codel_target_ns;	  /* CoDel TARGET, > 0 */
	int64_t codel_interval_ns;	  /* CoDel INTERVAL, > 0 */
	uint64_t fq_quantum;		  /* FQ-CoDel DRR quantum, bytes */
	bool ecn;			  /* the AQM marks CE (RFC 3168) */
};

/*
 * [flow NAME]: one TCP connection, sender and receiver side.  The
 * settings read per packet come first, together (with thousands of flows
 * a flow's settings are out of the caches when its next packet comes:
 * flow_prefetch_data() and flow_prefetch_ack() fetch from mss to
 * ack_delay_ns); those read at the start, on a timeline change or in
 * rare events follow.
 */
struct flow_config {
	/* ---- read per packet, sender and receiver side ---- */
	uint32_t mss;		     /* maximum segment size (payload bytes) */
	enum on_full on_full;	     /* block or drop when the buffer is full */
	enum nagle_mode nagle;	     /* Nagle's algorithm (RFC 9293 3.7.4) */
	enum sws_mode sws_avoidance; /* RFC 9293 3.8.6.2, or Linux's */
	enum ack_policy ack_policy;  /* when the receiver ACKs */
	/* how Linux's sender packs segments and wakes its writer */
	enum gso_mode gso;		/* segments per packet, PSH on each */
	enum write_wakeup write_wakeup; /* when a blocked producer resumes */
	uint32_t readers;		/* consumers reading in parallel */
	bool delayed_ack;		/* RFC 9293 3.8.6.3 / RFC 5681 4.2 */
	bool timestamps; /* RFC 7323: 12 option bytes per packet, RTTM */
	bool ecn;	 /* ECN-capable transport (RFC 3168) */
	/* loss detection and recovery */
	bool sack; /* RFC 2018 SACK, RFC 6675 recovery, RFC 6937 PRR */
	bool limited_transmit;	 /* RFC 3042 */
	bool careful_timeout;	 /* after an RTO, no fast retransmit for data
				    sent before it (RFC 6582 4.1) */
	bool restart_after_idle; /* RFC 5681 4.1; RFC 9438 5.8 for CUBIC */
	bool window_scale;	 /* RFC 7323 window scaling */
	int64_t extra_delay_ns;	 /* one-way delay added on the access path */
	size_t n_drop_segments;	 /* entries in drop_segments */
	uint64_t send_buffer;	 /* bytes written but not yet acknowledged */
	uint64_t write_rate_bps; /* producer rate, or SCENARIO_UNLIMITED */
	uint64_t write_total; /* bytes to write in all, or SCENARIO_UNLIMITED */
	uint64_t receive_buffer; /* socket receive buffer, bytes */
	uint64_t read_rate_bps;	 /* consumer rate per reader, or
				    SCENARIO_UNLIMITED */
	int64_t ack_delay_ns;	 /* delayed-ACK timer, under 500 ms */
	/* ---- read per packet in some scenarios only ---- */
	/* a paced producer's writes (write_rate), throttling and load
	 * shedding on lag (0: none) */
	uint64_t write_size;  /* bytes per application write */
	uint64_t write_burst; /* token bucket depth of write_rate */
	int64_t shed_lag_ns;  /* shed writes while the time lag exceeds it */
	uint64_t read_size;   /* most bytes one application read takes (a
				 reader with a read_rate) */
	uint64_t record_size; /* bytes per record the producer writes (0:
				 none) */
	enum window_probe window_probe; /* what a zero-window probe is */
	enum flow_app app;		/* bulk TCP, or ping probes */
	/* the links its data crosses, in order, as link ids (above); ACKs
	 * cross them in reverse.  n_path = 0: `path` not given, the default
	 * link alone, exactly as before named links existed. */
	uint8_t path[SCENARIO_MAX_PATH]; /* link ids, first hop first */
	uint8_t n_path;			 /* entries of path, 0: default */
	uint64_t *drop_segments; /* sorted ascending, no repeats, owned */

	/* ---- read at the start, on a change, or in rare events ---- */
	char name[SCENARIO_NAME_MAX + 1]; /* "bulk", or flow1, flow2, ... */
	int line;		 /* line of its [flow] header; 0 if implicit */
	int64_t start_ns;	 /* when the application starts writing */
	enum cc_kind cc;	 /* congestion control */
	uint32_t initial_window; /* initial cwnd, in segments */
	int64_t min_rto_ns;	 /* lower bound of the RTO; 0 means none */
	uint32_t isn;		 /* initial sequence number */
	/* Linux variants (nagle = minshall, ack_policy, gso, window_probe
	 * and write_wakeup are above) */
	enum rto_clamp rto_clamp; /* how the RTO is bounded */
	enum tcp_stack stack;	  /* whose defaults the keys above took */
	/* congestion control growth and idle */
	bool byte_counting;	   /* RFC 3465: grow by bytes acknowledged */
	enum hystart_mode hystart; /* slow start exit (cc = cubic only) */
	enum cubic_variant cubic_variant; /* RFC 9438's or Linux's */
	/* the latency probe */
	int64_t ping_interval_ns; /* app = ping: spacing of the probes */
	uint32_t ping_size;	  /* app = ping: bytes on the wire, each way */

	/* the keys the file (or --set) gave, where and as what text: for
	 * messages, and for scenario_write() to keep the file's units.
	 * Read them with flow_key_line() and flow_key_text(). */
	struct key_marks marks;
};

/* Where flow key `key` of `f` was set: a line of the file,
 * SCENARIO_LINE_SET, or SCENARIO_LINE_DEFAULT when it was not. */
int flow_key_line(const struct flow_config *f, enum setting_key key);

/* The text flow key `key` of `f` was given as, "" when none was kept. */
const char *flow_key_text(const struct flow_config *f, enum setting_key key);

/* Note that flow key `key` of `f` was given at `line` as `text` (kept
 * only if shorter than SCENARIO_VALUE_TEXT); a key given again keeps
 * its place and takes the new line and text. */
void flow_key_note(struct flow_config *f, enum setting_key key, int line,
		   const char *text);

/* Forget every key's mark: what the simulator's copy keeps. */
void flow_key_marks_free(struct flow_config *f);

/*
 * One parsed value.  Which member is used follows from the key: times in
 * time_ns, rates/sizes/counts in u, probabilities in prob, switches in on,
 * choices (cc, on_full) in choice; `queue` sets u and packets.
 * drop_segments is not allowed in the timeline, so it has no member.
 */
struct setting_value {
	int64_t time_ns;
	uint64_t u;
	double prob;
	bool on;
	int choice;
	bool packets;
};

/* One line of [timeline]: at `at_ns`, set `key` of `target` to `value`. */
struct timeline_entry {
	int64_t at_ns;		    /* when the simulated clock reaches this */
	int line;		    /* line in the scenario file */
	enum setting_target target; /* simulation, link or one flow */
	size_t flow;		    /* index into flows[], for TARGET_FLOW;
				       into relays[], for TARGET_RELAY */
	enum setting_key key;	    /* what changes */
	struct setting_value value; /* the new value */
	char text[96];		    /* "bulk.read_rate = 0", for narration */
	char time_text[24]; /* the time as the file wrote it ("1.5s"), so
			       that writing the file back keeps its units;
			       "" for a live change or a long time */
};

/* How a relay spreads its units over several `to` flows (`dispatch`). */
enum relay_dispatch {
	RELAY_ROUND_ROBIN,  /* each to flow in turn */
	RELAY_LEAST_LOADED, /* the one with the fewest bytes in its send
			       buffer, ties to the first */
};

/*
 * [relay NAME]: an application that reads flow `from` (it is its
 * consumer) and writes into each flow of `to` (it is their producer).
 * The names are resolved against the flows by scenario_validate() and
 * by the simulator, since a relay may come before the flows it names.
 */
struct relay_config {
	char name[SCENARIO_NAME_MAX + 1];  /* unique among flows and relays */
	int line;			   /* line of its [relay] header */
	char from[SCENARIO_NAME_MAX + 1];  /* the flow it reads, "" if unset */
	char (*to)[SCENARIO_NAME_MAX + 1]; /* the flows it writes, owned */
	size_t n_to;			   /* entries in to */
	uint64_t buffer;		   /* bytes it may hold */
	uint64_t process_rate_bps;    /* bytes moved to the to flows, bit/s, or
					 SCENARIO_UNLIMITED; 0 pauses it */
	enum on_full on_full;	      /* stop reading, or discard, when full */
	enum relay_dispatch dispatch; /* over several to flows */
	int key_line[KEY_COUNT];      /* where each relay key was set */
	char key_text[KEY_COUNT][SCENARIO_VALUE_TEXT]; /* as written */
};

/* [link NAME]: a link besides the default one, with every key of [link]. */
struct named_link {
	char name[SCENARIO_NAME_MAX + 1]; /* NAME of its header */
	int line;			  /* line of its header; 0 if none */
	struct link_config cfg;		  /* its keys, [link]'s defaults */
	/* where each of its keys was set, and as what text: as
	 * scenario.key_line and key_text are for [link] */
	int key_line[KEY_COUNT];
	char key_text[KEY_COUNT][SCENARIO_VALUE_TEXT];
};

struct lesson; /* [lesson]: lesson.h */

struct scenario {
	char *name; /* file name as given ("-" shows as "<stdin>") */
	struct simulation_config sim;
	struct link_config link; /* [link]: the default link, id 0 */
	/* [link NAME] sections, link ids 1 .. n_links; none in a scenario
	 * that names no link, whose flows all cross `link` alone */
	struct named_link *links;
	size_t n_links;
	struct flow_config *flows; /* n_flows >= 1 after a successful load */
	size_t n_flows;
	struct timeline_entry
		*timeline; /* sorted by at_ns, file order for ties */
	size_t n_timeline;
	/* where each [simulation] and [link] key was set (SCENARIO_LINE_*) */
	int key_line[KEY_COUNT];
	/* their values as the file (or --set) wrote them; see flow_config */
	char key_text[KEY_COUNT][SCENARIO_VALUE_TEXT];
	struct lesson *lesson; /* [lesson] (lesson.h), or NULL: what `tcpsim
				  play` tells the class; the run ignores it */
	/* The flows' names hashed, so that a file of 10 000 flows and
	 * 100 000 timeline lines resolves each name at once: open
	 * addressing, each slot a flow's index + 1 (0: empty).  Kept by the
	 * loaders as they add flows; a scenario filled by hand has none and
	 * is searched in order. */
	uint32_t *flow_slots;
	size_t flow_slots_cap; /* slots, a power of two; 0: no table */
	size_t flow_slots_n;   /* flows hashed: flows[0 .. n) */
	/* [relay NAME] sections, in file order (relays.c) */
	struct relay_config *relays;
	size_t n_relays;
	/* the relays' names hashed, as the flows' above */
	uint32_t *relay_slots;
	size_t relay_slots_cap;
	size_t relay_slots_n;
};

/*
 * Loading.  Each returns 0, or -1 after printing every error it found to
 * `errs` as "FILE:LINE: message" (or "--set: message").  Warnings (a key
 * given twice) go to `errs` too but do not fail.  On failure the scenario
 * is left valid to free and holds nothing useful.
 *
 * The loaders overwrite *sc without freeing it: pass a fresh or freed one.
 * scenario_load_file() reads `path` ("-" for standard input).
 * scenario_load_string() parses `len` bytes of `text` shown as `name`.
 * scenario_set() applies one `--set KEY=VALUE` to a loaded scenario.
 * scenario_validate() checks what involves several keys (for example
 * on_full = drop needs a finite write_rate) after every --set; the command
 * line calls it once, before it runs anything.
 */
int scenario_load_file(struct scenario *sc, const char *path, FILE *errs);
int scenario_load_string(struct scenario *sc, const char *name,
			 const char *text, size_t len, FILE *errs);
int scenario_set(struct scenario *sc, const char *assignment, FILE *errs);
int scenario_validate(const struct scenario *sc, FILE *errs);
void scenario_free(struct scenario *sc);

/* Set defaults: one flow named flow1, every key at its default. */
void scenario_init_defaults(struct scenario *sc);

/* Defaults of one flow, named `name`. */
void scenario_flow_defaults(struct flow_config *flow, const char *name);

/*
 * Store `value` for `key` into `sc` (into flows[flow] for a flow key).
 * The simulator calls this on its own copy when a timeline entry falls due.
 */
void scenario_apply(struct scenario *sc, enum setting_target target,
		    size_t flow, enum setting_key key,
		    const struct setting_value *value);

/* The name of a key as written in files ("read_rate"). */
const char *scenario_key_name(enum setting_key key);

/* The word for a cc or on_full value ("newreno", "block"). */
const char *scenario_cc_name(enum cc_kind cc);
const char *scenario_on_full_name(enum on_full mode);

/*
 * The word for value `choice` of a key whose value is a word: a choice
 * key (cc, on_full, ack_policy, ...) or nagle ("off", "on", "minshall").
 */
/* The bytes of the timestamps option on the wire (RFC 7323 3.2, with
 * two NOPs): what `timestamps = on` adds to every packet. */
#define SCENARIO_TS_OPTION_BYTES 12u

/* The bytes a packet of flow `f` carries besides its payload on the link
 * of `sc`: the link's header and the flow's TCP options (timestamps;
 * SACK blocks on ACKs come on top). */
uint32_t scenario_packet_overhead(const struct scenario *sc,
				  const struct flow_config *f);

const char *scenario_choice_word(enum setting_key key, int choice);

/*
 * Relays (relays.c).  scenario_relay_find() gives the index of the relay
 * called `name`, or sc->n_relays; scenario_relay_from() and
 * scenario_relay_to() the flow indexes a relay reads and writes (the
 * scenario must have passed scenario_validate()); scenario_uses_records()
 * says whether the run's outputs add the columns and keys of records,
 * lag and relays (a scenario without them keeps its outputs as they
 * were).
 */
size_t scenario_relay_find(const struct scenario *sc, const char *name);
size_t scenario_relay_from(const struct scenario *sc, size_t relay);
size_t scenario_relay_to(const struct scenario *sc, size_t relay, size_t i);

/* For each flow, the first relay that reads it (`reader`) and the first
 * that writes it (`writer`), SIZE_MAX for none: arrays of sc->n_flows,
 * filled in one pass over the relays.  After scenario_validate() the
 * first is the only one. */
void scenario_relay_owners(const struct scenario *sc, size_t *reader,
			   size_t *writer);

/*
 * For each flow, the flow at the head of its chain of relays, whose
 * producer writes what reaches it (itself when no relay writes it), or
 * SIZE_MAX when the chain has none (a loop, a from naming no flow).
 * `writer` is scenario_relay_owners()'s; `head` has sc->n_flows entries.
 * Each chain is walked once: walking from every flow was quadratic
 * along a chain of relays.
 */
void scenario_relay_heads(const struct scenario *sc, const size_t *writer,
			  size_t *head);
bool scenario_uses_records(const struct scenario *sc);
const char *scenario_dispatch_name(enum relay_dispatch d);

/*
 * Links by id (see SCENARIO_MAX_LINKS): how many there are (the default
 * one included: n_links + 1), the configuration and the name ("link" for
 * id 0) of one, and the id of the link called `name` (or
 * scenario_link_count() when there is none).
 */
size_t scenario_link_count(const struct scenario *sc);
const struct link_config *scenario_link(const struct scenario *sc, size_t id);
const char *scenario_link_name(const struct scenario *sc, size_t id);
size_t scenario_link_find(const struct scenario *sc, const char *name);

/* The links flow `f` crosses, as ids, first hop first; returns how many
 * (1 or more).  A flow with no `path` crosses the default link alone. */
size_t scenario_flow_path(const struct flow_config *f,
			  uint8_t out[SCENARIO_MAX_PATH]);

/*
 * Is `name` free for a new link, flow (or any other named section)?  0
 * if so; -1 with "... is already the name of ..." in err if a link or
 * flow has it.  Every kind of named section checks its new names here,
 * so that a name in a path or a timeline line means one thing only.
 */
int scenario_name_free(const struct scenario *sc, const char *name, char *err,
		       size_t errlen);

/* Deep copy (drop_segments, timeline and lesson included); aborts on no
 * memory. */
void scenario_copy(struct scenario *dst, const struct scenario *src);

/* The same without the flows' key marks (flow_key_line() then says
 * SCENARIO_LINE_DEFAULT for every key): the simulator's copy, which only
 * reads values. */
void scenario_copy_values(struct scenario *dst, const struct scenario *src);

#endif
