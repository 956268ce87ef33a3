# Sourced by ./nubo-standalone, .ci/run and the bench scripts: exports JAVA_HOME pointing at a JDK 21 or newer.
# Order: $JAVA_HOME if it is 21+, the `java` on PATH if it is 21+, else the newest JDK under /usr/lib/jvm.

_nubo_java_major() {
  "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | cut -d. -f1
}

_nubo_is_21_plus() {
  [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] && [ "$(_nubo_java_major "$1")" -ge 21 ] 2>/dev/null
}

_nubo_select_jdk() {
  if [ -n "${JAVA_HOME:-}" ] && _nubo_is_21_plus "$JAVA_HOME"; then return 0; fi
  local on_path
  on_path=$(command -v java 2>/dev/null || true)
  if [ -n "$on_path" ]; then
    local home
    home=$(dirname "$(dirname "$(readlink -f "$on_path")")")
    if _nubo_is_21_plus "$home"; then export JAVA_HOME="$home"; return 0; fi
  fi
  local best="" best_major=0 dir major
  for dir in /usr/lib/jvm/*/ /opt/java/*/ "$HOME"/.sdkman/candidates/java/*/; do
    dir=${dir%/}
    [ -x "$dir/bin/javac" ] || continue
    major=$(_nubo_java_major "$dir")
    if [ -n "$major" ] && [ "$major" -ge 21 ] && [ "$major" -gt "$best_major" ]; then best=$dir; best_major=$major; fi
  done
  if [ -z "$best" ]; then
    echo "Nubo needs a JDK 21 or newer; none found (JAVA_HOME, PATH, /usr/lib/jvm). Install one, e.g. apt-get install openjdk-21-jdk." >&2
    return 1
  fi
  export JAVA_HOME="$best"
}

_nubo_select_jdk && export PATH="$JAVA_HOME/bin:$PATH"
