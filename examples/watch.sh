#!/bin/sh
# watch.sh <run-name> [host] - prints an action's phases live, one line per change:
#   time (UTC)  run/action  attempt N  PHASE  [error]
# It reads RunService.WatchActionDetails, a Connect server stream, with plain curl (POSIX sh + curl + coreutils).
# host defaults to http://localhost:8090; PROJECT, DOMAIN and ACTION (defaults examples, development, a0) pick
# another project, domain or action. On a finished action it prints the whole history and stops; otherwise it
# stops when the action finishes (the server ends the stream) or on Ctrl-C.
set -u
if [ $# -lt 1 ]; then
    echo "usage: $0 <run-name> [host (default http://localhost:8090)]" >&2
    exit 2
fi
run=$1
host=${2:-http://localhost:8090}
case $host in http://*|https://*) ;; *) host=http://$host ;; esac
label=$run/${ACTION:-a0}
request="{\"actionId\":{\"run\":{\"project\":\"${PROJECT:-examples}\",\"domain\":\"${DOMAIN:-development}\",\"name\":\"$run\"},\"name\":\"${ACTION:-a0}\"}}"

# One Connect envelope: flag byte 0, the message length as 4 bytes big-endian, the JSON (octal escapes: POSIX).
frame() {
    n=$(printf %s "$1" | wc -c)
    printf "\\000\\$(printf %o $((n >> 24 & 255)))\\$(printf %o $((n >> 16 & 255)))\\$(printf %o $((n >> 8 & 255)))\\$(printf %o $((n & 255)))%s" "$1"
}

seen='|'   # the "attempt phase" pairs already printed
show() {   # $1: one WatchActionDetailsResponse
    status=$(printf %s "$1" | sed -n 's/.*"status":{\([^}]*\)}.*/\1/p')
    phase=$(printf %s "$status" | sed -n 's/.*"phase":"\([A-Z_]*\)".*/\1/p')
    count=$(printf %s "$status" | sed -n 's/.*"attempts":\([0-9]*\).*/\1/p')
    # The attempts array cut around each "attempt":N, giving the lines piece, N, piece, N, ..., piece.
    # ActionAttempt's phase and errorInfo come before its number, its phaseTransitions after it: attempt N's phase
    # and error are in the piece before N, the times of its phases in the piece after it.
    attempts=$(printf '%s\n' "$1" | sed -n 's/.*"attempts":\[//p' | sed 's/"attempt":\([0-9][0-9]*\)/\
\1\
/g')
    last=
    {
        IFS= read -r head
        while IFS= read -r n && IFS= read -r tail; do
            p=$(printf %s "$head" | sed -n 's/.*"phase":"\([A-Z_]*\)".*/\1/p')
            last=$p
            case $seen in *"|$n $p|"*) head=$tail; continue ;; esac
            seen="$seen$n $p|"
            # The error message, readable: escaped quotes as ', newlines as " | ", \u003d and friends decoded.
            error=$(printf %s "$head" | sed "s/\\\\\"/'/g" | sed -n 's/.*"errorInfo":{"message":"\([^"]*\)".*/\1/p' \
                | sed -e 's/\\n/ | /g' -e 's/\\u003d/=/g' -e 's/\\u003c/</g' -e 's/\\u003e/>/g' -e 's/\\u0026/\&/g' \
                      -e "s/\\\\u0027/'/g" -e 's/\\\\/\\/g')
            # When the attempt entered this phase, from its phaseTransitions (UTC).
            at=$(printf %s "$tail" | sed -n 's/.*"phaseTransitions":\[\([^]]*\)\].*/\1/p' \
                | sed -n "s/.*{\"phase\":\"$p\",\"startTime\":\"[^T\"]*T\([0-9:]*\).*/\1/p")
            printf '%s  %s  attempt %s  %s%s\n' "${at:-$(date -u +%H:%M:%S)}" "$label" "$n" "$p" "${error:+  $error}"
            head=$tail
        done
    } <<EOF
$attempts
EOF
    # The action's own phase when its latest attempt does not tell it (queued, waiting for a retry, aborted early).
    if [ -n "$phase" ] && [ "$phase" != "$last" ]; then
        case $seen in *"|action $phase ${count:-0}|"*) return ;; esac
        seen="${seen}action $phase ${count:-0}|"
        printf '%s  %s  action     %s  (attempts so far: %s)\n' "$(date -u +%H:%M:%S)" "$label" "$phase" "${count:-0}"
    fi
}

work=$(mktemp -d "${TMPDIR:-/tmp}/watch.XXXXXX") || exit 1
trap 'rm -rf "$work"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
frame "$request" > "$work/request"

{
    # The server closes a stream that stayed silent for its idle timeout (10 min) without an end-of-stream message
    # (curl exit code 18): open it again; the new stream starts with a snapshot, and lines already shown are skipped.
    while :; do
        curl -s -N -H 'Content-Type: application/connect+json' --data-binary @"$work/request" \
            "$host/flyteidl2.workflow.RunService/WatchActionDetails"
        rc=$?
        [ "$rc" -eq 18 ] && { sleep 1; continue; }
        [ "$rc" -eq 0 ] || echo "curl failed (exit code $rc) calling $host" >&2
        break
    done
} | {
    while :; do
        # 5-byte header: flags, then the length as 4 bytes big-endian. dd bs=1 never reads past the frame.
        set -- $(dd bs=1 count=5 2>/dev/null | od -An -v -tu1)
        [ $# -eq 5 ] || { echo "stream closed before its end-of-stream message" >&2; exit 1; }
        flags=$1
        len=$(( ($2 << 24) | ($3 << 16) | ($4 << 8) | $5 ))
        case $flags in
            0) show "$(dd bs=1 count="$len" 2>/dev/null)" ;;
            2) msg=$(dd bs=1 count="$len" 2>/dev/null)   # end of stream: {} or {"error":{...}}
               case $msg in
                   *'"error"'*) echo "stream ended with an error: $msg" >&2; exit 1 ;;
                   *) echo "$(date -u +%H:%M:%S)  $label  stream ended"; exit 0 ;;
               esac ;;
            *) echo "not a Connect stream: $(cat)" >&2; exit 1 ;;
        esac
    done
}
