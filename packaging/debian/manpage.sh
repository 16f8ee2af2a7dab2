#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Writes a man page from a program's --help, so that the manual never drifts
# from the program. Two layouts are understood: delovodctl's man-like help
# (unindented SECTION headings, text indented by seven spaces) and Qt's
# QCommandLineParser help ("Usage:" line, paragraphs, "Options:" table).
#   manpage.sh PROGRAM SECTION "WHATIS TEXT" [SUBCOMMANDS] > program.SECTION
# With SUBCOMMANDS=subcommands, the manual of every command listed under
# COMMANDS ("PROGRAM help COMMAND") is appended (delovodctl).
set -eu
program=$1
section=$2
whatis=$3
subcommands=${4:-}
name=$(basename "$program")
upper=$(echo "$name" | tr '[:lower:]' '[:upper:]')
version=$("$program" --version 2>/dev/null | awk '{ print $NF; exit }')

# Escapes roff and turns the help layout into man macros; the common indent
# of the help's indented lines is removed.
#   to_roff HEADING_MACRO INDENT
to_roff() {
    awk -v heading_macro="$1" -v indent="$2" '
    function esc(s) {
        gsub(/\\/, "\\e", s); gsub(/-/, "\\-", s)
        if (s ~ /^[.\047]/) s = "\\&" s
        return s
    }
    BEGIN { mode = "" }
    /^Usage: / { next }
    /^[A-Z][A-Z ]+$/ || /^[A-Z][a-z]+:$/ {
        title = $0; sub(/:$/, "", title)
        if (heading_macro == ".B") { if (mode == "nf") print ".fi"; print ".PP" }
        print heading_macro " " toupper(title); mode = ""; next
    }
    /^$/ { if (mode == "nf") print ".sp"; else print ".PP"; next }
    /^ / {
        if (mode != "nf") { print ".nf"; mode = "nf" }
        line = $0; sub("^" indent, "", line); print esc(line); next
    }
    {
        if (mode != "fi") { print ".fi"; mode = "fi" }
        print esc($0)
    }
    END { if (mode == "nf") print ".fi" }'
}

help=$(DELOVOD_LANG=en "$program" --help 2>/dev/null)
printf '.TH %s %s "" "%s %s" "Delovod"\n' "$upper" "$section" "$name" "$version"
printf '.SH NAME\n%s \\- %s\n' "$name" "$whatis"
if echo "$help" | grep -q '^NAME$'; then
    # The man-like layout has its own NAME section: drop it (it is above).
    echo "$help" | awk '/^NAME$/ { skip = 1; next } /^[A-Z][A-Z ]+$/ { skip = 0 } !skip' | to_roff .SH '       '
else
    printf '.SH SYNOPSIS\n.B %s\n[\\fIoptions\\fR]\n.SH DESCRIPTION\n' "$name"
    echo "$help" | to_roff .SH '  '
fi
if [ "$subcommands" = subcommands ]; then
    echo '.SH COMMAND MANUALS'
    echo "$help" | awk '/^COMMANDS$/ { on = 1; next } /^[A-Z]/ { on = 0 } on && /^       [a-z]/' |
        sed -e 's/^       //' -e 's/  .*//' -e 's/ \[.*//' | grep -v '^help$' |
        while read -r command; do
            printf '.SS "%s %s"\n' "$name" "$command"
            # The sections every command shares are in the main manual above.
            # shellcheck disable=SC2086 # "journal verify" is two words
            DELOVOD_LANG=en "$program" help $command 2>/dev/null |
                awk '/^[A-Z][A-Z ]+$/ { skip = ($0 ~ /^(NAME|GLOBAL OPTIONS|EXIT STATUS|DATABASE URLS|ENVIRONMENT)$/) }
                    !skip' | to_roff .B '       '
        done
fi
