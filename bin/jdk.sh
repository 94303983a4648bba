# Sourced, not run: finds a JDK 21+ for the launcher, .ci/run and the bench scripts.
#
#   . bin/jdk.sh && use_jdk21    # exports JAVA_HOME to a JDK 21+, or exits 2 saying what to install
#
# Order: JAVA_HOME if it is 21+, else the java on PATH if it is, else macOS's java_home, else the
# newest 21+ JDK under /usr/lib/jvm (the default java on some machines is 17).
#
# The launcher runs this on every command, so it reads each JDK's `release` file with shell builtins
# rather than starting a JVM or a process per candidate; only a JDK without that file is asked
# (one JVM start, -XshowSettings).

# Sets JDK_MAJOR and JDK_HOME for a java executable; fails when it is older than 21 or does not run.
jdk21() {
  local exe="$1" line settings
  JDK_MAJOR="" JDK_HOME=""
  [[ -x "$exe" ]] || return 1
  [[ -L "$exe" ]] && exe="$(readlink -f "$exe")"
  JDK_HOME="${exe%/bin/java}"
  if [[ "$JDK_HOME" != "$exe" && -f "$JDK_HOME/release" ]]; then
    while IFS= read -r line; do
      if [[ "$line" =~ ^JAVA_VERSION=\"(1\.)?([0-9]+) ]]; then
        JDK_MAJOR="${BASH_REMATCH[2]}"
        break
      fi
    done <"$JDK_HOME/release"
  else
    settings="$("$1" -XshowSettings:properties -version 2>&1)" || return 1
    [[ "$settings" =~ java\.specification\.version\ =\ (1\.)?([0-9]+) ]] && JDK_MAJOR="${BASH_REMATCH[2]}"
    [[ "$settings" =~ java\.home\ =\ ([^$'\n']+) ]] && JDK_HOME="${BASH_REMATCH[1]}"
  fi
  [[ "$JDK_MAJOR" =~ ^[0-9]+$ ]] && ((JDK_MAJOR >= 21)) && [[ -n "$JDK_HOME" ]]
}

# JAVA_HOME if it is 21+, else the java on PATH if it is, else the newest 21+ JDK installed.
# Sets FOUND_JDK (empty when there is none) in the calling shell: no subshell, so the launcher pays
# no fork for it.
locate_jdk() {
  local candidate best="" best_major=0
  FOUND_JDK=""
  if [[ -n "${JAVA_HOME:-}" ]] && jdk21 "$JAVA_HOME/bin/java"; then
    FOUND_JDK="$JDK_HOME"
    return 0
  fi
  if candidate="$(type -P java)" && jdk21 "$candidate"; then
    FOUND_JDK="$JDK_HOME"
    return 0
  fi
  if [[ -x /usr/libexec/java_home ]] && candidate="$(/usr/libexec/java_home -v 21+ 2>/dev/null)" \
      && jdk21 "$candidate/bin/java"; then
    FOUND_JDK="$JDK_HOME"
    return 0
  fi
  for candidate in /usr/lib/jvm/*/bin/java; do
    jdk21 "$candidate" || continue
    if ((JDK_MAJOR > best_major)); then
      best_major="$JDK_MAJOR"
      best="$JDK_HOME"
    fi
  done
  FOUND_JDK="$best"
  [[ -n "$best" ]]
}

# The same, printed.
find_jdk() {
  locate_jdk && echo "$FOUND_JDK"
}

use_jdk21() {
  local jdk
  jdk="$(find_jdk)" || true
  if [[ -z "$jdk" ]]; then
    echo "needs Java 21 or newer: none found in JAVA_HOME (${JAVA_HOME:-unset}), on PATH or under /usr/lib/jvm; install a JDK 21+ and set JAVA_HOME to it" >&2
    exit 2
  fi
  export JAVA_HOME="$jdk"
}
