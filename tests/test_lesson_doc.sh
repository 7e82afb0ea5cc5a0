#!/bin/sh
# SPDX-License-Identifier: ISC
# test_lesson_doc.sh: doc/lessons.md and the scenarios' [lesson] sections
# say the same.
#
# The guide for teachers (doc/lessons.md) and `tcpsim play` (the [lesson]
# section of each scenario) tell the class the same question and the same
# prediction; this test keeps them one text.  For every lesson of the
# guide, a heading "## N. NAME.ini: TITLE" followed by a "**Question.**"
# and a "**Prediction.**" paragraph, scenarios/NAME.ini must have a
# [lesson] whose title, question and prediction are that TITLE and those
# paragraphs, compared as text: lines joined with one space, the
# Markdown marks ` and ** left out.  On a difference it prints the line
# the .ini should have.  Prints one line per lesson and cmocka-style
# totals, which check-local adds up.
#
# Environment (set by make check): SCENARIOS, the scenario directory;
# DOC, the guide (default: doc/lessons.md beside SCENARIOS).
set -u

SCENARIOS=${SCENARIOS:-scenarios}
DOC=${DOC:-$SCENARIOS/../doc/lessons.md}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/tcpsim-lesson-doc.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT
trap 'exit 1' INT TERM HUP

[ -r "$DOC" ] || { echo "test_lesson_doc.sh: cannot read $DOC"; exit 99; }

# The text as compared: one line, one space between words, no ` or **.
norm() {
	sed -e 's/\*\*//g' -e 's/`//g' -e 's/[[:space:]][[:space:]]*/ /g' \
		-e 's/^ //' -e 's/ $//'
}

# The guide's lessons: "NAME<TAB>KEY<TAB>TEXT" lines, KEY being title,
# question or prediction.
awk '
function flush() {
	if (key != "")
		printf "%s\t%s\t%s\n", name, key, text
	key = ""
}
/^## [0-9]+\. [A-Za-z0-9_.-]+\.ini: / {
	flush()
	name = $3
	sub(/:$/, "", name)
	title = $0
	sub(/^## [0-9]+\. [A-Za-z0-9_.-]+\.ini: /, "", title)
	printf "%s\ttitle\t%s\n", name, title
	next
}
/^## / { flush(); name = ""; next }
name != "" && /^\*\*Question\.\*\*/ {
	flush(); key = "question"; text = $0
	sub(/^\*\*Question\.\*\* */, "", text)
	next
}
name != "" && /^\*\*Prediction\.\*\*/ {
	flush(); key = "prediction"; text = $0
	sub(/^\*\*Prediction\.\*\* */, "", text)
	next
}
/^[[:space:]]*$/ { flush(); next }
key != "" { text = text " " $0 }
END { flush() }
' "$DOC" >"$tmp/doc" || exit 99

# KEY of the [lesson] of scenario file $1 (the value as written).
lesson_value() {
	awk -v want="$2" '
	/^[[:space:]]*\[/ {
		s = $0
		gsub(/[[:space:]]/, "", s)
		in_lesson = (s == "[lesson]")
		next
	}
	in_lesson && /^[[:space:]]*[#;]/ { next }
	in_lesson {
		eq = index($0, "=")
		if (eq == 0)
			next
		k = substr($0, 1, eq - 1)
		gsub(/[[:space:]]/, "", k)
		if (k == want)
			v = substr($0, eq + 1)
	}
	END { print v }
	' "$1"
}

passed=0
failed=0
run=0
for name in $(cut -f1 "$tmp/doc" | uniq); do
	run=$((run + 1))
	echo "[ RUN      ] $name"
	ini="$SCENARIOS/$name"
	ok=yes
	for key in title question prediction; do
		want=$(awk -F '\t' -v n="$name" -v k="$key" \
			'$1 == n && $2 == k { print $3 }' "$tmp/doc" | norm)
		if [ -z "$want" ]; then
			echo "$DOC: lesson $name has no $key"
			ok=no
			continue
		fi
		if [ ! -r "$ini" ]; then
			echo "$ini: no such scenario (doc/lessons.md has a lesson for it)"
			ok=no
			break
		fi
		have=$(lesson_value "$ini" "$key" | norm)
		if [ "$have" != "$want" ]; then
			echo "$ini: [lesson] $key differs from doc/lessons.md; it should read:"
			echo "$key = $want"
			[ -n "$have" ] && echo "(it reads: $key = $have)"
			ok=no
		fi
	done
	if [ "$ok" = yes ]; then
		passed=$((passed + 1))
		echo "[       OK ] $name"
	else
		failed=$((failed + 1))
		echo "[  FAILED  ] $name"
	fi
done

# A guide with no lesson found means the headings changed shape: say so.
[ "$run" -gt 0 ] || { echo "$DOC: no '## N. NAME.ini: TITLE' lesson found"; failed=1; }

echo "[==========] $run test(s) run."
echo "[  PASSED  ] $passed test(s)."
[ "$failed" -eq 0 ] || echo "[  FAILED  ] $failed test(s)."
echo "test_lesson_doc.sh: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
