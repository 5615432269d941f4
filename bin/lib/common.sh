# Shared by the bin/ scripts: locate the repository and a JDK 25, build when sources changed.

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"

# A JDK 25 or newer: FLYTE_JAVA_HOME, else JAVA_HOME if new enough, else the machine's Temurin 25.
pick_java() {
    local candidate
    for candidate in "${FLYTE_JAVA_HOME:-}" "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64; do
        [ -n "$candidate" ] && [ -x "$candidate/bin/java" ] || continue
        local major
        # The JDK's release file answers without starting a JVM (the CLI's start-up time); ask java otherwise.
        major="$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$candidate/release" 2>/dev/null)"
        [ -n "$major" ] || major="$("$candidate/bin/java" -XshowSettings:properties -version 2>&1 \
            | sed -n 's/^ *java.specification.version = //p')"
        if [ "${major%%.*}" -ge 25 ] 2>/dev/null; then
            export JAVA_HOME="$candidate"
            export PATH="$JAVA_HOME/bin:$PATH"
            return 0
        fi
    done
    echo "flyte-services: needs JDK 25 or newer (set FLYTE_JAVA_HOME)" >&2
    exit 1
}

# Deployable modules present in this checkout, in start order.
DEPLOYABLES=(functions watch-gateway executor)

maven() {
    MAVEN_OPTS="${MAVEN_OPTS:-} --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow" \
        mvn -B "$@"
}

# Builds (tests skipped) when a deployable's class path is missing or any source is newer than it.
ensure_built() {
    local stale=""
    for module in "${DEPLOYABLES[@]}"; do
        [ -d "$ROOT/$module" ] || continue
        local marker="$ROOT/$module/target/runtime-classpath.txt"
        if [ ! -f "$marker" ]; then
            stale="yes"
        elif [ -n "$(find "$ROOT/pom.xml" "$ROOT"/*/pom.xml "$ROOT"/*/src/main -newer "$marker" -print -quit 2>/dev/null)" ]; then
            stale="yes"
        fi
    done
    if [ -n "$stale" ]; then
        echo "flyte-services: building (first use or changed sources)..." >&2
        (cd "$ROOT" && maven -q -DskipTests package) >&2
        for module in "${DEPLOYABLES[@]}"; do
            if [ -f "$ROOT/$module/target/runtime-classpath.txt" ]; then
                touch "$ROOT/$module/target/runtime-classpath.txt"
            fi
        done
    fi
}

# The modules a mode runs: one deployable alone, or every deployable present for 'all'. The CLI (run, action)
# needs only core, which the smallest deployable's class path holds.
modules_for() {
    case "${1:-}" in
        functions | migrate | run | action) echo functions ;;
        gateway) echo watch-gateway ;;
        executor) echo executor ;;
        *) echo "${DEPLOYABLES[@]}" ;;
    esac
}

# The class path of the given modules (default: every deployable present): their jars and runtime dependencies.
runtime_classpath() {
    local cp=""
    local modules=("$@")
    [ ${#modules[@]} -gt 0 ] || modules=("${DEPLOYABLES[@]}")
    for module in "${modules[@]}"; do
        [ -d "$ROOT/$module" ] || continue
        local jar
        jar="$(ls "$ROOT/$module"/target/*.jar 2>/dev/null | grep -v -- '-tests.jar' | head -1)"
        cp="$cp:$jar:$(cat "$ROOT/$module/target/runtime-classpath.txt")"
    done
    # A build of one module (-pl) records this project's own jars from ~/.m2; use the checkout's instead.
    echo "${cp#:}" | tr ':' '\n' | sed -E "s#^.*/io/flyteservices/flyte-(watch-gateway|[a-z]+)/[^/]+/flyte-[a-z-]+-([^/]+)\.jar\$#$ROOT/\1/target/flyte-\1-\2.jar#" \
        | awk '!seen[$0]++' | paste -sd: -
}

# A short name for a class path and the size and time of each of its entries: a start-up archive made for one build
# is not used by another.
classpath_key() {
    { echo "$1"; echo "$1" | tr ':' '\n' | xargs ls -l --time-style=+%s 2>/dev/null || true; } | md5sum | cut -c1-16
}
