# SPDX-License-Identifier: ISC
# plot-trace.gp: draw a tcpsim time series as a PNG, in four panels.
#
#   tcpsim run reader-stall.ini --csv trace.csv --quiet
#   gnuplot -e "csv='trace.csv'; out='trace.png'" plot-trace.gp
#
# Panels, on one time axis:
#   windows  cwnd_bytes (solid), rwnd_bytes (dashed) and ssthresh_bytes
#            (dotted, once a loss has set it), in KB
#   buffers  send_buffer_bytes (solid) and recv_buffer_bytes (dashed), KB:
#            where backpressure shows
#   queue    queue_packets at the bottleneck (one queue, shared by all)
#   goodput  each flow's goodput in Mbit/s, from delivered_bytes averaged
#            over `avg` seconds (the goodput_bps column is per sample and
#            jumps with every delayed ACK)
# One colour per flow, the same in every panel; the key, right of each
# panel, names each flow once and says which line style is which column.
#
# Variables (-e "name=value; ..."):
#   csv     the CSV file written by `tcpsim run --csv` (required)
#   out     the PNG to write (default: csv with .png appended)
#   flow    plot only this flow (default: every flow, one line each)
#   avg     seconds per goodput point (default 0.5)
#   width, height   pixels (default 1100 x 1100)
#
# Columns are found by their names in the header row, never by position,
# so the script does not depend on the order of the columns.  The header
# is the first line that does not start with '#': the file may open with
# '#' lines (version, scenario, seed), which give the page its title, or
# with the header itself (the title is then the file's name).  A field is
# empty where there is no value: cwnd_bytes with cc = none,
# ssthresh_bytes before the first loss, srtt_ms before the first sample.
# Rows of several flows alternate at each time, so each flow's rows are
# picked out with awk before gnuplot draws them as one line (a filter
# that left gaps instead would break every line).  Needs gnuplot 5, awk
# and a POSIX shell, as on any Linux or macOS machine.

if (!exists("csv")) {
	print "usage: gnuplot -e \"csv='trace.csv'; out='trace.png'\" plot-trace.gp"
	exit status 2
}
if (!exists("out")) out = csv . ".png"
if (!exists("avg")) avg = 0.5
if (!exists("width")) width = 1100
if (!exists("height")) height = 1100

# ---- what is in the file ------------------------------------------------

# awk over the data rows: skip '#' lines; the header row (the first other
# line) fills c[NAME] with each column's number, so that the program
# `prog` can say $c["flow"].
awk_head = "awk -F, '/^#/ {next} !header++ {for (i = 1; i <= NF; i++) c[$i] = i; next} "
data_awk(prog) = sprintf("%s%s' '%s'", awk_head, prog, csv)

if (system(sprintf("test -r '%s' && printf yes", csv)) ne "yes") {
	print sprintf("plot-trace.gp: cannot read %s", csv)
	exit status 1
}

# Every column this script reads must be in the header.
needed = "time_s flow cwnd_bytes ssthresh_bytes rwnd_bytes send_buffer_bytes recv_buffer_bytes queue_packets delivered_bytes"
missing = system(sprintf("awk -F, -v need='%s' '/^#/ {next} {n = split(need, w, \" \"); for (i = 1; i <= NF; i++) have[$i] = 1; for (i = 1; i <= n; i++) if (!(w[i] in have)) printf \"%%s \", w[i]; exit}' '%s'", needed, csv))
if (strlen(missing) > 0) {
	print sprintf("plot-trace.gp: %s lacks the columns %s(not a tcpsim time series? tcpsim run --csv FILE writes one)", csv, missing)
	exit status 1
}

flows = exists("flow") ? flow : \
	system(data_awk("!seen[$c[\"flow\"]]++ {printf \"%s \", $c[\"flow\"]}"))
if (words(flows) == 0) {
	print sprintf("plot-trace.gp: no data rows in %s", csv)
	exit status 1
}
scenario = system(sprintf("sed -n 's|^# scenario: ||p' '%s' | sed 's|.*/||' | head -n 1", csv))
seed = system(sprintf("sed -n 's|^# seed: ||p' '%s' | head -n 1", csv))
page_title = strlen(scenario) > 0 ? \
	(strlen(seed) > 0 ? sprintf("%s (seed %s)", scenario, seed) : scenario) : \
	system(sprintf("printf '%%s' '%s' | sed 's|.*/||'", csv))

# The largest value of column `name` over every flow (0 if none).
largest(name) = real(system(data_awk(sprintf("$c[\"%s\"] != \"\" && $c[\"%s\"] + 0 > m {m = $c[\"%s\"] + 0} END {print m + 0}", name, name, name))))

# Rows of flow f with a non-empty column `name` (a count, as a string).
count(f, name) = int(system(data_awk(sprintf("$c[\"flow\"] == \"%s\" && $c[\"%s\"] != \"\" {n++} END {print n + 0}", f, name))))

# The rows of flow f, header first, as a data source for plot.
rows(f) = sprintf("< awk -F, '/^#/ {next} !header++ {for (i = 1; i <= NF; i++) c[$i] = i; print; next} $c[\"flow\"] == \"%s\"' '%s'", f, csv)
# The rows of the first flow: the link columns are the same in every row
# of one instant.
first = word(flows, 1)

# Goodput of flow f over every `avg` seconds: time_s,goodput_mbps.
goodput(f) = sprintf("< awk -F, -v w=%g '/^#/ {next} !header++ {for (i = 1; i <= NF; i++) c[$i] = i; next} $c[\"flow\"] == \"%s\" { t = $c[\"time_s\"]; d = $c[\"delivered_bytes\"]; if (t0 == \"\") {t0 = t; d0 = d; print \"time_s,goodput_mbps\"; next} if (t - t0 >= w * 0.999) {printf \"%%s,%%.6f\\n\", t, (d - d0) * 8 / (t - t0) / 1e6; t0 = t; d0 = d} }' '%s'", avg, f, csv)

# One colour per flow, distinct even side by side (cycled beyond eight).
colours = "#1f77b4 #d62728 #2ca02c #ff7f0e #9467bd #8c564b #e377c2 #17becf"
colour(i) = word(colours, 1 + (i - 1) % words(colours))

# ---- the page ------------------------------------------------------------

if (strstrt(GPVAL_TERMINALS, "pngcairo") > 0) {
	set terminal pngcairo size width, height font "sans,10" noenhanced
} else {
	set terminal png size width, height noenhanced
}
set output out

set datafile separator comma
set datafile commentschars "#"
set datafile columnheaders
set grid
# The key right of each panel, one entry a line, at the same place in
# every panel; the same margins keep the time axes aligned.
set key at graph 1.02, graph 1 left top vertical Left reverse samplen 3 \
	spacing 1.1 font ",9" noautotitle
set lmargin 11
set rmargin 19

set multiplot layout 4, 1 title page_title font ",12"

# one time axis for every panel: the run's first and last rows
t_first = real(system(data_awk("t == \"\" {t = $c[\"time_s\"]} END {print t + 0}")))
t_last = real(system(data_awk("{t = $c[\"time_s\"]} END {print t + 0}")))
if (t_last > t_first) {
	set xrange [t_first:t_last]
}

# windows: a receive window far above every cwnd would flatten the
# sawtooth, so the scale then stops at 1.2 times the largest cwnd (the
# key still shows the rwnd line's style).
max_cwnd = largest("cwnd_bytes") / 1000.0
max_rwnd = largest("rwnd_bytes") / 1000.0
set ylabel "window (KB)"
set format x ""
if (max_cwnd > 0 && max_rwnd > 2 * max_cwnd) {
	set yrange [0:1.2 * max_cwnd]
} else {
	set yrange [0:*]
}
set tmargin 2
set bmargin 0.5
# One plot element per series that has values: a flow with cc = none has
# no cwnd, a flow that never lost a segment no ssthresh.  Each flow is
# named once (its first line), and the line styles once, in black.  The
# command is built from variable names only (S1, S2, ...), then run with
# eval.
cmd = ""
has_cwnd = 0
has_ssthresh = 0
do for [i = 1:words(flows)] {
	eval sprintf("S%d = rows(word(flows, %d))", i, i)
	named = 0
	if (count(word(flows, i), "cwnd_bytes") > 0) {
		cmd = cmd . sprintf("S%d using 'time_s':(column('cwnd_bytes') / 1000.0) with lines dt 1 lw 2 lc rgb colour(%d) title word(flows, %d), ", i, i, i)
		named = 1
		has_cwnd = 1
	}
	cmd = cmd . sprintf("S%d using 'time_s':(column('rwnd_bytes') / 1000.0) with lines dt 2 lw 1.5 lc rgb colour(%d) %s, ", i, i, named ? "notitle" : sprintf("title word(flows, %d)", i))
	if (count(word(flows, i), "ssthresh_bytes") > 0) {
		cmd = cmd . sprintf("S%d using 'time_s':(column('ssthresh_bytes') / 1000.0) with lines dt 3 lw 1.5 lc rgb colour(%d) notitle, ", i, i)
		has_ssthresh = 1
	}
}
# the line styles, in the key only
cmd = cmd . "NaN with lines lc rgb 'white' title ' ', "
if (has_cwnd) {
	cmd = cmd . "NaN with lines dt 1 lw 2 lc rgb 'black' title 'cwnd', "
}
cmd = cmd . "NaN with lines dt 2 lw 1.5 lc rgb 'black' title 'rwnd', "
if (has_ssthresh) {
	cmd = cmd . "NaN with lines dt 3 lw 1.5 lc rgb 'black' title 'ssthresh', "
}
eval "plot " . cmd[1:strlen(cmd) - 2]

# buffers
set yrange [0:*]
set ylabel "buffers (KB)"
set tmargin 0.5
plot for [i = 1:words(flows)] rows(word(flows, i)) \
	using "time_s":(column("send_buffer_bytes") / 1000.0) \
	with lines dt 1 lw 2 lc rgb colour(i) title word(flows, i), \
     for [i = 1:words(flows)] rows(word(flows, i)) \
	using "time_s":(column("recv_buffer_bytes") / 1000.0) \
	with lines dt 2 lw 1.5 lc rgb colour(i) notitle, \
     NaN with lines lc rgb "white" title " ", \
     NaN with lines dt 1 lw 2 lc rgb "black" title "send", \
     NaN with lines dt 2 lw 1.5 lc rgb "black" title "receive"

# queue
set ylabel "queue (packets)"
plot rows(first) using "time_s":"queue_packets" \
	with lines lw 1.5 lc rgb "#777777" title "bottleneck"

# goodput
set ylabel sprintf("goodput (Mbit/s, %g s average)", avg)
set xlabel "time (s)"
set format x "%g"
set bmargin 3
plot for [i = 1:words(flows)] goodput(word(flows, i)) \
	using "time_s":"goodput_mbps" \
	with fsteps lw 2 lc rgb colour(i) title word(flows, i)

unset multiplot
set output
