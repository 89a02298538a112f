# Shared by ./berth and the scripts beside this file: picking a JDK and installing pinned tools.
# Everything installed goes under BERTH_CACHE (default ~/.cache/berth), so a second run is instant.

BERTH_CACHE=${BERTH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/berth}

say() { printf 'berth: %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }

java_major() { # JAVA_HOME -> major version, or nothing
  "$1/bin/java" -XshowSettings:properties -version 2>&1 |
    awk -F'= ' '/java.specification.version/ { split($2, v, "."); print (v[1] == 1 ? v[2] : v[1]) }'
}

# Exports JAVA_HOME as the newest JDK >= 21 found: BERTH_JAVA_HOME, JAVA_HOME, the java on PATH,
# then the usual install folders (Debian/Ubuntu, RPM, SDKMAN, macOS).
select_jdk() {
  local best="" best_major=0 candidate major on_path=""
  if command -v javac >/dev/null 2>&1; then
    on_path=$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")
  fi
  for candidate in "${BERTH_JAVA_HOME:-}" "${JAVA_HOME:-}" "$on_path" /usr/lib/jvm/* /usr/local/lib/jvm/* /opt/java/* \
      "$HOME"/.sdkman/candidates/java/* /Library/Java/JavaVirtualMachines/*/Contents/Home; do
    [ -n "$candidate" ] && [ -x "$candidate/bin/javac" ] || continue
    major=$(java_major "$candidate")
    [ -n "$major" ] && [ "$major" -ge 21 ] || continue
    if [ -n "${BERTH_JAVA_HOME:-}" ] && [ "$candidate" = "$BERTH_JAVA_HOME" ]; then best=$candidate; break; fi
    if [ "$major" -gt "$best_major" ]; then best=$candidate; best_major=$major; fi
  done
  [ -n "$best" ] || die "no JDK 21 or newer found; install one (for instance Temurin 21) or set BERTH_JAVA_HOME"
  export JAVA_HOME=$best
  export PATH="$JAVA_HOME/bin:$PATH"
}
