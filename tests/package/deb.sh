#!/usr/bin/env bash
# The Debian package, end to end: build counterpart_VERSION_amd64.deb with CPack, check it with lintian,
# install it into a fresh root with `dpkg --root`, and run the installed program with the source tree out of
# reach: `counterpart lint` on the installed scenarios, a piped `counterpart play`, and the window app under
# xvfb-run taking a screenshot in scripted mode.
#
# Why `dpkg --root` and not a chroot: a chroot would need a whole Debian system (debootstrap, a mirror) to
# satisfy the package's dependencies, which the test must not download. `dpkg --root=R` unpacks the package
# through dpkg itself (its file list, conffiles and permissions, recorded in R's own dpkg database) into an
# empty root; dependencies are the host's (--force-depends, since R's database lists none of them). The
# package has no maintainer scripts, so nothing runs that would need a chroot.
#
# "Out of reach": the commands run from a temporary folder with COUNTERPART_SCENARIOS unset and a fresh HOME,
# inside a private mount namespace (unshare) where an empty tmpfs covers the source tree (which also holds the
# build trees), so no path baked into the binary could find it. Where unshare is not permitted, the test says
# so and relies on the check that no build or source path occurs in the installed binary at all.
#
# The package is built from BUILD_DIR itself when it is a plain Release build (as `./tools/test` makes);
# otherwise (Debug, sanitizers) from a Release build configured in BUILD_DIR/package-release.
# Usage: deb.sh SOURCE_DIR BUILD_DIR
set -euo pipefail
source="$(cd "$1" && pwd)"; build="$(cd "$2" && pwd)"
work=$(mktemp -d /tmp/counterpart-deb.XXXXXX)
trap 'rm -rf "$work"' EXIT
fail() { echo "package: $*" >&2; exit 1; }
cache() { sed -n "s/^$1:[A-Z]*=//p" "$build/CMakeCache.txt"; }

# --- build the package ------------------------------------------------------------------------------------
pkgbuild="$build"
if [ "$(cache CMAKE_BUILD_TYPE)" != Release ] || [ "$(cache COUNTERPART_SANITIZE)" = ON ]; then
    pkgbuild="$build/package-release"
    launcher=$(cache CMAKE_CXX_COMPILER_LAUNCHER)
    cmake -S "$source" -B "$pkgbuild" -DCMAKE_BUILD_TYPE=Release -DCOUNTERPART_BUILD_TESTS=OFF \
          -DCOUNTERPART_BUILD_BENCHMARKS=OFF -DCOUNTERPART_SANITIZE=OFF \
          ${launcher:+-DCMAKE_CXX_COMPILER_LAUNCHER=$launcher} > "$work/configure.log"
fi
cmake --build "$pkgbuild" -j2 --target counterpart counterpart_install_files > "$work/build.log" 2>&1 ||
    { cat "$work/build.log"; fail "the package build failed"; }
[ "$(sed -n 's/^COUNTERPART_BUILD_GUI:[A-Z]*=//p' "$pkgbuild/CMakeCache.txt")" = ON ] ||
    fail "the package needs the window app (COUNTERPART_BUILD_GUI=ON)"
(cd "$pkgbuild" && cpack -G DEB -B "$work/cpack" > "$work/cpack.log") || { cat "$work/cpack.log"; fail "cpack failed"; }
version=$(sed -n 's/^CMAKE_PROJECT_VERSION:[A-Z]*=//p' "$pkgbuild/CMakeCache.txt")
deb="$work/cpack/counterpart_${version}_amd64.deb"
[ -f "$deb" ] || fail "no $deb; cpack made: $(ls "$work/cpack")"

# --- the control file ---------------------------------------------------------------------------------------
control=$(dpkg-deb -f "$deb")
echo "$control"
for field in Package Version Architecture Maintainer Section Priority Description; do
    grep -q "^$field: " <<<"$control" || fail "control file has no $field"
done
depends=$(dpkg-deb -f "$deb" Depends)
# libcurl4 is loaded with dlopen, so only the explicit Depends in CMakeLists.txt names it.
for lib in libc6 libstdc++6 libssl3 libglfw3 libfreetype6 fonts-noto-core fonts-dejavu-core libcurl4; do
    tr ',' '\n' <<<"$depends" | awk '{print $1}' | grep -xF "$lib" >/dev/null || fail "Depends lacks $lib: $depends"
done

# --- lintian ------------------------------------------------------------------------------------------------
# No errors or warnings may remain. Information tags left, with reasons (also in the README's Install section):
#   binary-has-unneeded-section .comment   the compiler's version note; CPack's plain strip keeps it.
#   spelling-error-in-binary mor, onthe, Lik  false positives: the linker packs string constants end to end.
lintian --fail-on error,warning --display-info "$deb" | tee "$work/lintian.txt" ||
    fail "lintian found errors or warnings (above)"

# --- install into a fresh root --------------------------------------------------------------------------------
root="$work/root"
mkdir -p "$root/var/lib/dpkg/info" "$root/var/lib/dpkg/updates"
touch "$root/var/lib/dpkg/status" "$root/var/lib/dpkg/available"
dpkg --root="$root" --log=/dev/null --force-depends --install "$deb" > "$work/dpkg.log" 2>&1 ||
    { cat "$work/dpkg.log"; fail "dpkg --root could not install the package"; }
bin="$root/usr/bin/counterpart"
[ -x "$bin" ] || fail "no $bin after installing"
files=$(dpkg --root="$root" -L counterpart)  # captured first: grep -q would close the pipe early
grep -qx /usr/share/counterpart/scenarios/sar-phone.json <<<"$files" || fail "dpkg's file list lacks the scenarios"

# No build or source path anywhere in the installed binary (the old build baked the scenarios folder in).
for path in "$source" "$build" "$pkgbuild"; do
    if grep -qaF "$path" "$bin"; then
        fail "the installed binary contains the build path $path: $(strings "$bin" | grep -F "$path" | head -3)"
    fi
done

# --- run it with the source tree out of reach -------------------------------------------------------------------
script="$work/script.txt"
# The numbers a learner types for the exemplary path, from its golden transcript (kept current by the golden
# tests, which play it with the same options), read now while the source tree is still in reach; then 1s, so
# the session reaches an ending even if the scenario changed since.
choices=$(sed -n 's/^> //p' "$source/tests/golden/sar-phone.exemplary.txt")
[ -n "$choices" ] || fail "no typed choices in tests/golden/sar-phone.exemplary.txt"
printf '%s\n' "wait 3" "expect-screen library" "screenshot library" "key Enter" "expect-screen briefing" \
    "wait 2" "screenshot briefing" "quit" > "$script"
cat > "$work/run.sh" <<EOF
set -euo pipefail
cd "$work"
export HOME="$work/home" XDG_DATA_HOME="$work/home/data" XDG_CONFIG_HOME="$work/home/config"
unset COUNTERPART_SCENARIOS
if [ -e "$source/CMakeLists.txt" ]; then echo "source tree still visible"; else echo "source tree hidden"; fi
"$bin" lint "$root/usr/share/counterpart/scenarios" > "$work/lint.txt"
status=0
printf '%s\n' $(echo $choices) \$(seq 40 | sed 's/.*/1/') | "$bin" play sar-phone --mode assessment --no-record --learner Golden \
    --seed 1 --customer bartlomiej-wisniewski > "$work/play.txt" || status=\$?
echo "play exit status \$status"
xvfb-run -a -s "-screen 0 1280x720x24" "$bin" --script "$script" --screenshot-dir "$work/screens" --seed 7 \
    > "$work/gui.txt" 2>&1
EOF
if unshare --mount --propagation private true 2>/dev/null; then
    out=$(unshare --mount --propagation private bash -c "mount -t tmpfs -o size=1m,mode=000 tmpfs '$source' && bash '$work/run.sh'") ||
        { cat "$work/gui.txt" 2>/dev/null; fail "running the installed program failed: $out"; }
    grep -q "source tree hidden" <<<"$out" || fail "the source tree could not be hidden: $out"
else
    echo "package: unshare is not permitted here; the source tree stays visible, and the path check above stands in"
    out=$(bash "$work/run.sh") || { cat "$work/gui.txt" 2>/dev/null; fail "running the installed program failed: $out"; }
fi
echo "$out"
grep -q "play exit status 0" <<<"$out" || { cat "$work/play.txt"; fail "the piped play did not reach an ending"; }
grep -qE "^Result: (PASS|FAIL)" "$work/play.txt" || { cat "$work/play.txt"; fail "the piped play gave no result"; }
# Whether the path passes is the golden tests' business; here it is only reported, since scenario wording and
# option order change while the package machinery does not.
grep -q "^Result: PASS" "$work/play.txt" && echo "package: the golden exemplary path passes in the installed copy" ||
    echo "package: note: the golden exemplary path did not pass in the installed copy (see the golden tests)"
for screen in library briefing; do
    shot=$(ls "$work/screens"/*-"$screen".png 2>/dev/null | head -1 || true)
    [ -n "$shot" ] || { cat "$work/gui.txt"; fail "no screenshot of the $screen screen"; }
    size=$(stat -c %s "$shot")
    [ "$size" -gt 20000 ] || fail "$shot is suspiciously small ($size bytes)"
done
mkdir -p "$build/package"
cp "$deb" "$build/package/"
cp "$work/screens"/*-library.png "$build/package/installed-library.png"
echo "package: $(basename "$deb") built, lintian-clean, installed with dpkg --root, lint/play/window app verified"
