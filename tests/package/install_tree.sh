#!/usr/bin/env bash
# `cmake --install` into a temporary prefix, then checks what a user of the installed copy sees:
#   - every installed file is where GNUInstallDirs and the desktop specs put it;
#   - the installed binary, run from elsewhere with COUNTERPART_SCENARIOS unset, lists the scenarios under
#     PREFIX/share/counterpart/scenarios, and still does after the whole prefix is moved (data is found
#     relative to the binary, not through a baked path);
#   - the binary copied alone, with no share/ beside it and no build-tree marker, finds nothing and says
#     where it looked and how to add a folder; it never reaches back into the source tree;
#   - the desktop entry, the AppStream metainfo and the man page pass their validators, and the man page
#     documents every command of `counterpart help`; the bash completion loads and completes commands
#     and scenario ids.
# Usage: install_tree.sh BUILD_DIR SOURCE_DIR
set -euo pipefail
build="$1"; source="$2"
work=$(mktemp -d /tmp/counterpart-install-tree.XXXXXX)  # outside the build tree, so no marker is above it
trap 'rm -rf "$work"' EXIT
fail() { echo "install_tree: $*" >&2; exit 1; }

cmake --build "$build" --target counterpart counterpart_install_files > "$work/build.log" 2>&1 ||
    { cat "$work/build.log"; fail "building the binary and the man page failed"; }
cmake --install "$build" --prefix "$work/prefix" > "$work/install.log"
p="$work/prefix"
for f in bin/counterpart share/counterpart/scenarios/sar-phone.json share/counterpart/scenarios/marking-points.json \
         share/counterpart/scenarios/policies share/counterpart/schemas/scenario.schema.json \
         share/man/man1/counterpart.1.gz share/bash-completion/completions/counterpart \
         share/doc/counterpart/copyright share/doc/counterpart/changelog.gz; do
    [ -e "$p/$f" ] || fail "not installed: $f"
done
gui=0
if [ -e "$p/share/applications/counterpart.desktop" ]; then
    gui=1
    for f in share/metainfo/counterpart.metainfo.xml share/icons/hicolor/scalable/apps/counterpart.svg \
             share/icons/hicolor/256x256/apps/counterpart.png share/icons/hicolor/48x48/apps/counterpart.png; do
        [ -e "$p/$f" ] || fail "not installed: $f"
    done
fi
shipped=$(ls "$source"/scenarios/*.json | grep -vc marking-points.json)

# Run away from the source tree, with no override and a fresh user.
cd "$work"
export HOME="$work/home" XDG_DATA_HOME="$work/home/data" XDG_CONFIG_HOME="$work/home/config"
unset COUNTERPART_SCENARIOS

check_lists_prefix() {  # PREFIX
    local out
    out=$("$1/bin/counterpart" list) || fail "counterpart list failed in $1"
    grep -qF "== bundled: $1/share/counterpart/scenarios ($shipped scenarios)" <<<"$out" ||
        fail "the binary in $1 did not list its own share/counterpart/scenarios:"$'\n'"$out"
    ! grep -qF "$source" <<<"$out" || fail "the binary in $1 reads the source tree"
}
check_lists_prefix "$p"
mv "$p" "$work/moved"
check_lists_prefix "$work/moved"

mkdir -p "$work/lonely/bin"
cp "$work/moved/bin/counterpart" "$work/lonely/bin/"
if "$work/lonely/bin/counterpart" list > "$work/lonely.out" 2> "$work/lonely.err"; then
    fail "a binary with no data beside it listed scenarios: $(cat "$work/lonely.out")"
fi
grep -qF "$work/lonely/share/counterpart/scenarios  (bundled, missing)" "$work/lonely.err" ||
    fail "the empty library does not name the bundled folder it searched: $(cat "$work/lonely.err")"
grep -qF "$XDG_DATA_HOME/counterpart/scenarios  (your folder, missing)" "$work/lonely.err" ||
    fail "the empty library does not name the user's folder: $(cat "$work/lonely.err")"
grep -q "COUNTERPART_SCENARIOS" "$work/lonely.err" || fail "the empty library does not say how to add a folder"

# A user scenario with a bundled id is listed under the user's folder and reported.
mkdir -p "$XDG_DATA_HOME/counterpart/scenarios"
cp "$source/scenarios/sar-phone.json" "$XDG_DATA_HOME/counterpart/scenarios/"
"$work/moved/bin/counterpart" list > "$work/clash.out" 2> "$work/clash.err"
grep -qF "== your folder: $XDG_DATA_HOME/counterpart/scenarios (1 scenario)" "$work/clash.out" ||
    fail "the user's scenario is not listed under the user's folder: $(cat "$work/clash.out")"
grep -qF "! SAME ID as $work/moved/share/counterpart/scenarios/sar-phone.json (bundled)" "$work/clash.out" ||
    fail "the shared id is not marked: $(cat "$work/clash.out")"
grep -qF "id 'sar-phone' is in: bundled" "$work/clash.err" || fail "the shared id is not reported"
rm -r "$XDG_DATA_HOME/counterpart/scenarios"

# The man page: lintian's own check (man --warnings), and every command documented.
man_out=$(LC_ALL=C.UTF-8 MANROFFSEQ='' MANWIDTH=80 man --warnings -E UTF-8 -l -Tutf8 -Z \
          "$work/moved/share/man/man1/counterpart.1.gz" 2>&1 >/dev/null)
[ -z "$man_out" ] || fail "man reports: $man_out"
man_text=$(MANWIDTH=100 man -l "$work/moved/share/man/man1/counterpart.1.gz" 2>/dev/null)
for command in $("$work/moved/bin/counterpart" help | sed -n 's/^  counterpart \([a-z][a-z-]*\) .*/\1/p' | grep -v help); do
    grep -q "^   $command\$" <<<"$man_text" || fail "the man page has no section for $command"
done
grep -q "COUNTERPART_SCENARIOS" <<<"$man_text" || fail "the man page does not document COUNTERPART_SCENARIOS"

# Bash completion: loads, completes commands and the bundled scenario ids.
completions=$(PATH="$work/moved/bin:$PATH" bash -c '
    source /usr/share/bash-completion/bash_completion
    source "$1"
    COMP_WORDS=(counterpart pl); COMP_CWORD=1; COMP_LINE="counterpart pl"; COMP_POINT=${#COMP_LINE}
    _counterpart counterpart pl counterpart; printf "%s\n" "${COMPREPLY[@]}"
    COMP_WORDS=(counterpart play sar); COMP_CWORD=2; COMP_LINE="counterpart play sar"; COMP_POINT=${#COMP_LINE}
    _counterpart counterpart sar play; printf "%s\n" "${COMPREPLY[@]}"' _ "$work/moved/share/bash-completion/completions/counterpart")
grep -qx "play" <<<"$completions" || fail "completion does not offer play: $completions"
grep -qx "sar-phone" <<<"$completions" || fail "completion does not offer the scenario id sar-phone: $completions"

if [ "$gui" = 1 ]; then
    desktop-file-validate "$work/moved/share/applications/counterpart.desktop"
    # The one warning left: the component id is not reverse-DNS, because the project owns no domain yet.
    appstream_out=$(appstreamcli validate --no-net "$work/moved/share/metainfo/counterpart.metainfo.xml" 2>&1 || true)
    other=$(grep -E '^[EWI]: ' <<<"$appstream_out" | grep -v 'cid-desktopapp-is-not-rdns' || true)
    [ -z "$other" ] || fail "appstreamcli: $other"
    grep -qE '^E: ' <<<"$appstream_out" && fail "appstreamcli: $appstream_out"
fi
echo "install tree: files, relocation, empty library, id clash, man page, completion and desktop files verified"
