#!/bin/sh
# parent.sh - the parent task of the nested-actions example (see examples/README.md).
#
# Run by the executor as an action (examples/parent.json carries this script inline; rebuild it with
# examples/make-parent-json.sh after editing). It
#   1. enqueues two child actions under itself with QueueService.EnqueueAction (ALREADY_EXISTS, e.g. when a
#      retry of this parent enqueues them again, counts as success);
#   2. follows them with StateService.Watch, a Connect server stream read with plain curl;
#   3. exits 0 once both children are PHASE_SUCCEEDED, and non-zero with a message on stderr (which becomes the
#      action's error) when a child ends FAILED, ABORTED or TIMED_OUT, the server rejects a call, or nothing is
#      decided within PARENT_DEADLINE seconds (default 120).
# Needs POSIX sh, curl and coreutils (date, dd, od, sed, grep, mkfifo, mktemp); no jq, python or node.
#
# Uses the environment the executor gives every attempt: FLYTE_ENDPOINT (the control plane's HTTP address),
# FLYTE_ATTEMPT_ID (org/project/domain/run/action/attempt, org may be empty), RUN_NAME, ACTION_NAME, INPUT_URI
# and _U_RUN_BASE.
set -u

endpoint=${FLYTE_ENDPOINT:?FLYTE_ENDPOINT is not set: this script runs as a task, started by the executor}
attempt_id=${FLYTE_ATTEMPT_ID:?FLYTE_ATTEMPT_ID is not set}
deadline=$(( $(date +%s) + ${PARENT_DEADLINE:-120} ))

log() { printf '%s parent %s: %s\n' "$(date +%H:%M:%S)" "$ACTION_NAME" "$*"; }
fail() { log "FAILED: $*" >&2; exit 1; }

# A value as the inside of a JSON string.
js() { printf %s "$1" | sed -e 's/\\/\\\\/g' -e 's/"/\\"/g'; }

# One Connect envelope: flag byte 0, the message length as 4 bytes big-endian, the JSON (octal escapes: POSIX).
frame() {
    n=$(printf %s "$1" | wc -c)
    printf "\\000\\$(printf %o $((n >> 24 & 255)))\\$(printf %o $((n >> 16 & 255)))\\$(printf %o $((n >> 8 & 255)))\\$(printf %o $((n & 255)))%s" "$1"
}

# org/project/domain/run/action/attempt
IFS=/ read -r org project domain _ _ attempt <<EOF
$attempt_id
EOF

work=$(mktemp -d "${TMPDIR:-/tmp}/parent.XXXXXX") || fail "cannot create a temporary directory"
curl_pid=
cleanup() {
    [ -n "$curl_pid" ] && kill "$curl_pid" 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 143' TERM
trap 'exit 130' INT

run_json="{\"org\":\"$(js "$org")\",\"project\":\"$(js "$project")\",\"domain\":\"$(js "$domain")\",\"name\":\"$(js "$RUN_NAME")\"}"
child1=$ACTION_NAME-c1
child2=$ACTION_NAME-c2
# Each child is a small task of its own; the executor runs it like any other action.
child_task='{"shortName":"child","taskTemplate":{"type":"container","container":{"image":"busybox","command":["sh","-c","echo \"child $ACTION_NAME of run $RUN_NAME says hi\"; sleep 1"]}}}'

log "attempt $attempt of $project/$domain/$RUN_NAME/$ACTION_NAME, control plane at $endpoint"

# Enqueues child $1 under this action. Its inputs are this action's inputs; its outputs go under the run's base.
enqueue() {
    body="{\"actionId\":{\"run\":$run_json,\"name\":\"$(js "$1")\"},\"parentActionName\":\"$(js "$ACTION_NAME")\",\"inputUri\":\"$(js "$INPUT_URI")\",\"runOutputBase\":\"$(js "$_U_RUN_BASE")\",\"task\":{\"spec\":$child_task}}"
    tries=1
    while :; do
        code=$(curl -sS -o "$work/enqueue.out" -w '%{http_code}' -H 'Content-Type: application/json' \
            --data-binary "$body" "$endpoint/flyteidl2.workflow.QueueService/EnqueueAction")
        case $code in
            200) log "enqueued $1"; return 0 ;;
            409) if grep -q '"already_exists"' "$work/enqueue.out"; then
                     log "$1 was already enqueued (by an earlier attempt): fine"; return 0
                 fi ;;
            000|502|503|504) if [ "$tries" -lt 5 ]; then
                     log "enqueueing $1: HTTP $code, trying again"; tries=$((tries + 1)); sleep 1; continue
                 fi ;;
        esac
        fail "enqueueing $1: HTTP $code $(cat "$work/enqueue.out" 2>/dev/null)"
    done
}

enqueue "$child1"
enqueue "$child2"

# Reads StateService.Watch frames from stdin and tracks the children's latest phases. Returns 0 when both
# succeeded, 1 when it is decided that they did not (or the server refused the watch), 2 when the stream ended
# undecided (reconnect: a new stream starts with a snapshot, so nothing is missed).
p1=
p2=
read_updates() {
    while :; do
        # 5-byte header: flags, then the length as 4 bytes big-endian. dd bs=1 never reads past the frame.
        set -- $(dd bs=1 count=5 2>/dev/null | od -An -v -tu1)
        [ $# -eq 5 ] || return 2
        flags=$1
        len=$(( ($2 << 24) | ($3 << 16) | ($4 << 8) | $5 ))
        case $flags in
            0|2) msg=$(dd bs=1 count="$len" 2>/dev/null) ;;
            *) log "not a Connect stream: $(cat)" >&2; return 1 ;;
        esac
        if [ "$flags" = 2 ]; then
            # End of stream: {} or {"error":{"code":...,"message":...}}.
            case $msg in
                *'"code":"unavailable"'*|*'"code":"resource_exhausted"'*|*'"code":"deadline_exceeded"'*)
                    log "watch stream ended: $msg"; return 2 ;;
                *'"error"'*) log "watch refused: $msg" >&2; return 1 ;;
                *) log "watch stream ended"; return 2 ;;
            esac
        fi
        case $msg in
            *'"sentinel":true'*) log "watch: snapshot complete"; continue ;;
            *'"actionUpdate"'*) ;;
            *) continue ;;
        esac
        # {"actionUpdate":{"actionId":{"run":{...},"name":"<child>"},"phase":"PHASE_...","error":{...},...}}
        name=$(printf %s "$msg" | sed -n 's/.*"run":{[^}]*},"name":"\([^"]*\)".*/\1/p')
        phase=$(printf %s "$msg" | sed -n 's/.*"phase":"\([A-Z_]*\)".*/\1/p')
        case $name in
            "$child1") p1=$phase ;;
            "$child2") p2=$phase ;;
            *) log "ignoring $name ($phase): not one of mine"; continue ;;
        esac
        log "$name is ${phase:-PHASE_UNSPECIFIED}"
        case $phase in
            PHASE_FAILED|PHASE_ABORTED|PHASE_TIMED_OUT)
                error=$(printf %s "$msg" | sed -n 's/.*"error":{[^}]*"message":"\([^"]*\)".*/\1/p')
                log "child $name ended $phase${error:+: $error}" >&2
                return 1 ;;
        esac
        if [ "$p1" = PHASE_SUCCEEDED ] && [ "$p2" = PHASE_SUCCEEDED ]; then
            log "both children succeeded"
            return 0
        fi
    done
}

frame "{\"parentActionId\":{\"run\":$run_json,\"name\":\"$(js "$ACTION_NAME")\"}}" > "$work/watch.req"
fifo=$work/watch.fifo
while :; do
    left=$(( deadline - $(date +%s) ))
    [ "$left" -gt 0 ] || break
    rm -f "$fifo"
    mkfifo "$fifo" || fail "cannot create a fifo in $work"
    # In the background so that it can be stopped as soon as the outcome is known (the stream never ends itself).
    # The server drops a stream that stayed silent for its idle timeout (curl exit code 18): it is reopened.
    curl -s -N --max-time "$left" -H 'Content-Type: application/connect+json' \
        --data-binary @"$work/watch.req" "$endpoint/flyteidl2.workflow.StateService/Watch" > "$fifo" &
    curl_pid=$!
    read_updates < "$fifo"
    outcome=$?
    [ "$outcome" = 2 ] || kill "$curl_pid" 2>/dev/null
    wait "$curl_pid" 2>/dev/null
    curl_exit=$?
    curl_pid=
    case $outcome in
        0) exit 0 ;;
        1) fail "children did not all succeed (c1=${p1:-unknown}, c2=${p2:-unknown})" ;;
    esac
    log "watch stream closed (curl exit code $curl_exit)"
    sleep 1
done
fail "deadline passed after ${PARENT_DEADLINE:-120} s (c1=${p1:-unknown}, c2=${p2:-unknown})"
