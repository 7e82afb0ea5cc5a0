/* SPDX-License-Identifier: ISC */
/*
 * play.h: the interactive loop of `tcpsim play`.
 *
 * About 30 frames a second, whatever the speed and the scenario: each
 * frame runs the simulation towards (wall time since the last frame) x
 * speed of simulated time, in calls bounded by a number of events (sized
 * to take about a millisecond each), and stops when the frame's time is
 * spent or a signal came, so that keys and signals are answered within a
 * frame even at 10000x, with 10000 flows sampled every nanosecond, or on
 * a link that runs billions of events per simulated millisecond.  The
 * animation then runs slower than asked, and the status line says so:
 * "(behind: 20x slower than asked)".  Going back (Left) re-runs from the
 * start in the same bounded pieces over as many frames as it takes, the
 * status line saying "REWINDING"; q and the signals work meanwhile.
 * Paused or finished, it draws only after a key and otherwise sleeps in
 * poll() without a timeout.
 */
#ifndef TCPSIM_PLAY_H
#define TCPSIM_PLAY_H

#include <stdbool.h>
#include <stdio.h>

struct scenario;

/*
 * Default speed: 0.1x.  A 10 Mbit/s link with 20 ms each way then puts a
 * packet on the link every 12 ms of wall time and takes 0.2 s to carry it
 * across (6 frames), so single packets and ACKs can be followed; one RTT
 * is 0.4 s, and the 10 s of a typical lesson take under 2 minutes: the
 * time it takes to explain them.  + and - go from there.
 */
#define PLAY_DEFAULT_SPEED 0.1

/* At or below this speed, and when paused, the narration shows every event. */
#define PLAY_SLOW_MOTION 0.01

struct play_options {
	const char *scenario_path; /* as given; "-" for standard input */
	double speed;		   /* simulated seconds per wall second */
	bool paused;		   /* start paused */
	bool absolute_seq;	   /* wire sequence numbers (--absolute-seq) */
	bool projector;		   /* --theme projector */
	/* --record and --headless (cast.h) */
	FILE *record;	/* the asciicast's stream, or NULL */
	bool headless;	/* no terminal: render to `record` only */
	int rows, cols; /* --size of a headless recording */
	/* --vs (vs_play.h) */
	const struct scenario *vs; /* B, or NULL */
	const char *vs_label;	   /* B's name on screen, "B: ..." */
};

/*
 * Run the UI for `sc` (validated) until the user quits.  Returns the exit
 * status: 0 on q, 128 + signal on SIGINT/SIGTERM/SIGHUP, 2 when the
 * terminal cannot be used (after saying why).  The player takes what `sc`
 * holds (player_create_from()): `sc` is left empty.
 */
int play_run(struct scenario *sc, const struct play_options *opt);

#endif
