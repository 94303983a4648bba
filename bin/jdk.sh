# Sourced, not run: finds a JDK 21+ for the launcher, .ci/run and the bench scripts.
#
#   . bin/jdk.sh && use_jdk21    # exports JAVA_HOME to a JDK 21+, or exits 2 saying what to install
#
# Order: JAVA_HOME if it is 21+, else the java on PATH if it is, else macOS's java_home, else the
# newest 21+ JDK under /usr/lib/jvm (the default java on some machines is 17).

# "MAJOR HOME" of a java executable, e.g. "21 /usr/lib/jvm/temurin-21-jdk-amd64"; fails when it does
# not run or is older than 21. One JVM start per candidate: the properties come from one -XshowSettings.
jdk21() {
  local settings major home
  settings="$("$1" -XshowSettings:properties -version 2>&1)" || return 1
  major="$(sed -n 's/^ *java\.specification\.version = //p' <<<"$settings" | head -n 1)"
  home="$(sed -n 's/^ *java\.home = //p' <<<"$settings" | head -n 1)"
  major="${major#1.}"
  major="${major%%.*}"
  [[ "$major" =~ ^[0-9]+$ ]] && ((major >= 21)) && [[ -n "$home" ]] || return 1
  echo "$major $home"
}

# JAVA_HOME if it is 21+, else the java on PATH if it is, else the newest 21+ JDK installed.
find_jdk() {
  local found candidate best="" best_major=0
  if [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/java" ]] && found="$(jdk21 "$JAVA_HOME/bin/java")"; then
    echo "${found#* }"
    return
  fi
  if candidate="$(command -v java 2>/dev/null)" && found="$(jdk21 "$candidate")"; then
    echo "${found#* }"
    return
  fi
  if [[ -x /usr/libexec/java_home ]] && candidate="$(/usr/libexec/java_home -v 21+ 2>/dev/null)" \
      && found="$(jdk21 "$candidate/bin/java")"; then
    echo "${found#* }"
    return
  fi
  for candidate in /usr/lib/jvm/*/bin/java; do
    [[ -x "$candidate" ]] && found="$(jdk21 "$candidate")" || continue
    if ((${found%% *} > best_major)); then
      best_major="${found%% *}"
      best="${found#* }"
    fi
  done
  [[ -n "$best" ]] && echo "$best"
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
