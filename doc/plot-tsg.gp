# SPDX-License-Identifier: ISC
# plot-tsg.gp: draw one flow's time-sequence graph (Stevens, tcptrace)
# from a tcpsim event log, as a PNG.
#
#   tcpsim run fast-retransmit.ini --events ev.csv --quiet
#   gnuplot -e "events='ev.csv'; out='tsg.png'" plot-tsg.gp
#
# Sequence number (relative to the flow's ISN: the first data byte is 1)
# against time:
#   send        each data segment a short vertical bar, from its first
#               byte to its last, at the time the sender sent it
#   retransmit  a segment sent again: a circle at its first byte
#   drop        a segment the queue or the link dropped: a cross at its
#               first byte, at the time it died
#   ACK         the cumulative ACK, as a step line, at the times the
#               receiver sent the ACKs (ack, window_update, zero_window
#               rows: the log has no row for an ACK reaching the sender,
#               so the line is half a round trip left of tcptrace's)
#   ACK+window  the right edge of the advertised window, dashed
# The slope of the sends is the sending rate; a flat stretch with the
# window edge close above is a sender held by the receiver's window; a
# cross followed by duplicate ACKs (the ACK line flat while sends go on)
# and a circle is a loss and its repair.
#
# Variables (-e "name=value; ..."):
#   events  the CSV written by `tcpsim run --events` (required)
#   out     the PNG to write (default: events with .png appended)
#   flow    the flow to draw (default: the first that sends)
#   from, to   the time range in seconds (default: the whole log)
#   width, height   pixels (default 1100 x 700)
#
# The log's columns are time_s,flow,where,event,seq,ack,len,win,detail;
# they are found by their names in the header row, and the detail (the
# last column, quoted, with commas in it) is never read.  The sequence
# numbers in the log are the 32-bit wire values: the ISN is taken as the
# first send's seq - 1, and the numbers are unwrapped past 2^32 (to the
# one nearest the highest so far), so a run that wraps still climbs.
# Needs gnuplot 5, awk and a POSIX shell.

if (!exists("events")) {
	print "usage: gnuplot -e \"events='ev.csv'; out='tsg.png'\" plot-tsg.gp"
	exit status 2
}
if (!exists("out")) out = events . ".png"
if (!exists("width")) width = 1100
if (!exists("height")) height = 700

if (system(sprintf("test -r '%s' && printf yes", events)) ne "yes") {
	print sprintf("plot-tsg.gp: cannot read %s", events)
	exit status 1
}

needed = "time_s flow where event seq ack len win"
missing = system(sprintf("awk -F, -v need='%s' '/^#/ {next} {n = split(need, w, \" \"); for (i = 1; i <= NF; i++) have[$i] = 1; for (i = 1; i <= n; i++) if (!(w[i] in have)) printf \"%%s \", w[i]; exit}' '%s'", needed, events))
if (strlen(missing) > 0) {
	print sprintf("plot-tsg.gp: %s lacks the columns %s(not a tcpsim event log? tcpsim run --events FILE writes one)", events, missing)
	exit status 1
}

# awk over the data rows: the header (the first line not starting with
# '#') fills c[NAME] with each column's number.
awk_head = "awk -F, '/^#/ {next} !header++ {for (i = 1; i <= NF; i++) c[$i] = i; next} "

if (!exists("flow")) {
	flow = system(sprintf("%s$c[\"event\"] == \"send\" {printf \"%%s\", $c[\"flow\"]; exit}' '%s'", awk_head, events))
}
if (strlen(flow) == 0) {
	print sprintf("plot-tsg.gp: no data segment is sent in %s", events)
	exit status 1
}

# The rows of `flow` as time,relative seq,len (or ack,edge for ACKs),
# for the events `kinds` (a regular expression).  rel() unwraps: the
# 32-bit distance from the ISN, moved by 2^32 to the value nearest the
# highest so far.
rel_awk = "function rel(s,  r, k) { r = (s - isn) % 4294967296; if (r < 0) r += 4294967296; k = int(hi / 4294967296); r += k * 4294967296; if (r < hi - 2147483648) r += 4294967296; else if (r > hi + 2147483648 && r >= 4294967296) r -= 4294967296; if (r > hi) hi = r; return r } "
rows(kinds, fields) = sprintf("< awk -F, -v flow='%s' '%s/^#/ {next} !header++ {for (i = 1; i <= NF; i++) c[$i] = i; next} $c[\"flow\"] != flow {next} !started && $c[\"event\"] == \"send\" {isn = ($c[\"seq\"] - 1) %% 4294967296; started = 1} !started {next} $c[\"event\"] ~ /^(%s)$/ {%s}' '%s'", flow, rel_awk, kinds, fields, events)

sends = rows("send", "printf \"%s,%.0f,%s\\n\", $c[\"time_s\"], rel($c[\"seq\"]), $c[\"len\"]")
resends = rows("retransmit", "printf \"%s,%.0f,%s\\n\", $c[\"time_s\"], rel($c[\"seq\"]), $c[\"len\"]")
drops = rows("drop", "printf \"%s,%.0f,%s\\n\", $c[\"time_s\"], rel($c[\"seq\"]), $c[\"len\"]")
acks = rows("ack|window_update|zero_window", "a = rel($c[\"ack\"]); printf \"%s,%.0f,%.0f\\n\", $c[\"time_s\"], a, a + $c[\"win\"]")

# How many rows of a series (empty ones are left out of the plot).
count(src) = int(system(sprintf("%s | wc -l", src[3:])))
n_sends = count(sends)
n_resends = count(resends)
n_drops = count(drops)
n_acks = count(acks)

# ---- the page ------------------------------------------------------------

if (strstrt(GPVAL_TERMINALS, "pngcairo") > 0) {
	set terminal pngcairo size width, height font "sans,10" noenhanced
} else {
	set terminal png size width, height noenhanced
}
set output out

set datafile separator comma
set grid
set key top left
set xlabel "time (s)"
set ylabel "sequence number (bytes, relative to the ISN)"
set format y "%.0f"
set title sprintf("%s: flow %s", system(sprintf("printf '%%s' '%s' | sed 's|.*/||'", events)), flow)
if (exists("from") && exists("to")) {
	set xrange [from:to]
} else {
	if (exists("from")) {
		set xrange [from:*]
	}
	if (exists("to")) {
		set xrange [*:to]
	}
}

# The window edge may be far above the sends: over the whole log the
# scale stops at twice the height of the sends, and the dashed line is
# clipped above it; over a part (from, to) the scale fits what is there.
if (!exists("from") && !exists("to")) {
	top = real(system(sprintf("%s | awk -F, '{ if ($2 + $3 > m) m = $2 + $3 } END { print m + 0 }'", sends[3:])))
	edge = n_acks > 0 ? real(system(sprintf("%s | awk -F, '{ if ($3 > m) m = $3 } END { print m + 0 }'", acks[3:]))) : 0
	set yrange [0:1.02 * (edge > 2 * top ? 2 * top : (edge > top ? edge : top)) + 1]
}

cmd = ""
if (n_acks > 0) {
	cmd = cmd . "acks using 1:3 with steps dt 2 lw 1.2 lc rgb '#9467bd' title 'ACK + window', "
	cmd = cmd . "acks using 1:2 with steps lw 1.5 lc rgb '#2ca02c' title 'ACK', "
}
cmd = cmd . "sends using 1:2:(0):3 with vectors nohead lw 1.5 lc rgb '#1f77b4' title 'send', "
if (n_resends > 0) {
	cmd = cmd . "resends using 1:2 with points pt 6 ps 1.5 lw 2 lc rgb '#ff7f0e' title 'retransmit', "
}
if (n_drops > 0) {
	cmd = cmd . "drops using 1:2 with points pt 2 ps 1.5 lw 2 lc rgb '#d62728' title 'drop', "
}
eval "plot " . cmd[1:strlen(cmd) - 2]

set output
