#!/usr/bin/env bash
# Local quick start: builds the host, starts Azurite and the SMTP sink, runs the host against
# them and prints where everything is. Ctrl-C (or SIGTERM) stops everything this script started.
#
# Ports (environment, defaults in brackets):
#   PORT [7071]                 the host
#   AZURITE_BLOB_PORT [10000], AZURITE_QUEUE_PORT [10001], AZURITE_TABLE_PORT [10002]
#   SMTP_PORT [2525], SMTP_HTTP_PORT [1080]   the SMTP sink and its web page / API
# Storage data lives in .azurite/, per-run logs in .run/<timestamp>/ (both git-ignored).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")"
REPO_ROOT=$(pwd)

PORT=${PORT:-7071}
AZURITE_BLOB_PORT=${AZURITE_BLOB_PORT:-10000}
AZURITE_QUEUE_PORT=${AZURITE_QUEUE_PORT:-10001}
AZURITE_TABLE_PORT=${AZURITE_TABLE_PORT:-10002}
SMTP_PORT=${SMTP_PORT:-2525}
SMTP_HTTP_PORT=${SMTP_HTTP_PORT:-1080}

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

log() { printf '[run.sh] %s\n' "$*" >&2; }
die() { printf '[run.sh] error: %s\n' "$*" >&2; exit 1; }

for tool in node npm dotnet curl setsid; do
  command -v "$tool" >/dev/null 2>&1 || die "'$tool' is not installed (see README: Node 20, .NET SDK 10, curl)"
done

# --- child processes -------------------------------------------------------------------------
# Every child runs in its own session/process group (setsid), so stopping it stops its whole
# tree (dotnet run -> host, node -> workers) and Ctrl-C reaches only this script, which then
# stops the children in order: host, SMTP sink, Azurite.
CHILD_PIDS=()   # in start order
CLEANED_UP=0

stop_group() {
  local pid=$1 name=$2
  kill -0 "$pid" 2>/dev/null || { wait "$pid" 2>/dev/null || true; return 0; }
  kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
  local i
  for ((i = 0; i < 100; i++)); do            # up to 10 s for a graceful stop
    kill -0 -- "-$pid" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 -- "-$pid" 2>/dev/null; then
    log "$name did not stop within 10 s; killing it"
    kill -KILL -- "-$pid" 2>/dev/null || true
  fi
  wait "$pid" 2>/dev/null || true
}

cleanup() {
  [[ $CLEANED_UP == 1 ]] && return 0
  CLEANED_UP=1
  trap - INT TERM HUP
  local i
  for ((i = ${#CHILD_PIDS[@]} - 1; i >= 0; i--)); do
    local entry=${CHILD_PIDS[$i]}
    stop_group "${entry%%:*}" "${entry#*:}"
  done
  [[ ${#CHILD_PIDS[@]} -gt 0 ]] && log "stopped"
  return 0
}
trap cleanup EXIT
trap 'log "interrupted, stopping..."; cleanup; exit 130' INT
trap 'log "terminated, stopping..."; cleanup; exit 143' TERM
trap 'cleanup; exit 129' HUP

# start NAME COMMAND...: runs the command in the background in a new session, output as set by
# the caller's redirections; records the pid (== its process group id).
start() {
  local name=$1; shift
  setsid "$@" </dev/null &
  local pid=$!
  CHILD_PIDS+=("$pid:$name")
  LAST_PID=$pid
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

ensure_port_free() {
  if port_open "$1"; then
    die "port $1 ($2) is already in use on 127.0.0.1 - is another run.sh still running? Stop it or set $3 to another port"
  fi
}

# wait_for_port PORT PID NAME LOGFILE TIMEOUT_SECONDS
wait_for_port() {
  local port=$1 pid=$2 name=$3 logfile=$4 timeout=$5
  local deadline=$((SECONDS + timeout))
  until port_open "$port"; do
    if ! kill -0 "$pid" 2>/dev/null; then
      log "$name exited before it accepted connections on port $port; its log ($logfile):"
      tail -n 40 "$logfile" >&2 || true
      exit 1
    fi
    if ((SECONDS >= deadline)); then
      log "$name did not accept connections on 127.0.0.1:$port within ${timeout} s; its log ($logfile):"
      tail -n 40 "$logfile" >&2 || true
      exit 1
    fi
    sleep 0.1
  done
}

# --- 1. npm packages (Azurite, SMTP sink) ------------------------------------------------------
if [[ ! -d node_modules/azurite || ! -f node_modules/.package-lock.json || package-lock.json -nt node_modules/.package-lock.json ]]; then
  log "installing npm packages (npm ci)..."
  npm ci --no-audit --no-fund
fi

# --- Debian packages: ffmpeg for video attachments ---------------------------------------------------
# shellcheck source=tools/debian-packages.sh
source tools/debian-packages.sh
ensure_debian_packages ffmpeg:ffmpeg ffprobe:ffmpeg

# --- 2. build the host ---------------------------------------------------------------------------
log "building the host (Debug)..."
dotnet build functions/AstroBlob.Functions -c Debug --nologo -v quiet

# --- 3. Azurite ------------------------------------------------------------------------------------
ensure_port_free "$AZURITE_BLOB_PORT" "Azurite blob" AZURITE_BLOB_PORT
ensure_port_free "$AZURITE_QUEUE_PORT" "Azurite queue" AZURITE_QUEUE_PORT
ensure_port_free "$AZURITE_TABLE_PORT" "Azurite table" AZURITE_TABLE_PORT
ensure_port_free "$SMTP_PORT" "SMTP sink" SMTP_PORT
ensure_port_free "$SMTP_HTTP_PORT" "SMTP sink web" SMTP_HTTP_PORT
ensure_port_free "$PORT" "host" PORT

RUN_DIR=.run/$(date +%Y%m%d-%H%M%S)-$$
mkdir -p "$RUN_DIR" .azurite
ln -sfn "$(basename "$RUN_DIR")" .run/latest
# keep the logs of the last 10 runs
find .run -mindepth 1 -maxdepth 1 -type d -printf '%f\n' | sort | head -n -10 | sed 's|^|.run/|' | xargs -r rm -rf

# --disableTelemetry: with telemetry on (the default) and no internet, Azurite closes its
# services on SIGTERM but the process never exits.
log "starting Azurite (blob $AZURITE_BLOB_PORT, queue $AZURITE_QUEUE_PORT, table $AZURITE_TABLE_PORT; data in .azurite/)..."
start azurite node node_modules/azurite/dist/src/azurite.js --silent --location .azurite \
  --blobHost 127.0.0.1 --blobPort "$AZURITE_BLOB_PORT" \
  --queueHost 127.0.0.1 --queuePort "$AZURITE_QUEUE_PORT" \
  --tableHost 127.0.0.1 --tablePort "$AZURITE_TABLE_PORT" \
  --skipApiVersionCheck --disableTelemetry >"$RUN_DIR/azurite.log" 2>&1
AZURITE_PID=$LAST_PID
started=$SECONDS
wait_for_port "$AZURITE_TABLE_PORT" "$AZURITE_PID" Azurite "$RUN_DIR/azurite.log" 30
wait_for_port "$AZURITE_BLOB_PORT" "$AZURITE_PID" Azurite "$RUN_DIR/azurite.log" 30
wait_for_port "$AZURITE_QUEUE_PORT" "$AZURITE_PID" Azurite "$RUN_DIR/azurite.log" 30
log "Azurite ready after $((SECONDS - started)) s"

# --- 4. SMTP sink ------------------------------------------------------------------------------------
log "starting the SMTP sink (smtp $SMTP_PORT, web $SMTP_HTTP_PORT)..."
start smtp-sink node tools/smtp-sink.js --smtp-port "$SMTP_PORT" --http-port "$SMTP_HTTP_PORT" \
  >"$RUN_DIR/smtp-sink.log" 2>&1
SINK_PID=$LAST_PID
wait_for_port "$SMTP_HTTP_PORT" "$SINK_PID" "SMTP sink" "$RUN_DIR/smtp-sink.log" 30
wait_for_port "$SMTP_PORT" "$SINK_PID" "SMTP sink" "$RUN_DIR/smtp-sink.log" 30

# --- 5. the host --------------------------------------------------------------------------------------
# Azurite's well-known development account key (public, documented, not a secret).
DEV_KEY='Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=='
STORAGE="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=$DEV_KEY"
STORAGE+=";BlobEndpoint=http://127.0.0.1:$AZURITE_BLOB_PORT/devstoreaccount1"
STORAGE+=";QueueEndpoint=http://127.0.0.1:$AZURITE_QUEUE_PORT/devstoreaccount1"
STORAGE+=";TableEndpoint=http://127.0.0.1:$AZURITE_TABLE_PORT/devstoreaccount1;"

BASE_URL="http://127.0.0.1:$PORT"
log "starting the host on $BASE_URL (its log follows, and is kept in $RUN_DIR/host.log)..."
# The host's output goes to the terminal and, through tee, to host.log. tee ignores Ctrl-C (it
# shares this script's process group) so the host's shutdown messages still get through; it
# ends when the host closes its output.
start host env \
  ASPNETCORE_ENVIRONMENT=Development \
  ASPNETCORE_URLS="$BASE_URL" \
  Storage__ConnectionString="$STORAGE" \
  Email__SmtpHost=127.0.0.1 \
  Email__SmtpPort="$SMTP_PORT" \
  Email__PublicBaseUrl="$BASE_URL/" \
  dotnet run --project functions/AstroBlob.Functions --no-build --no-launch-profile \
  > >(trap '' INT TERM HUP; exec tee "$RUN_DIR/host.log") 2>&1
HOST_PID=$LAST_PID

started=$SECONDS
# Health answers as soon as the process is up; "ready" means tables exist and the demo is seeded.
until curl -fsS --max-time 2 "$BASE_URL/api/health" 2>/dev/null | grep -q '"ready":true'; do
  if ! kill -0 "$HOST_PID" 2>/dev/null; then
    log "the host exited before it answered $BASE_URL/api/health; last lines of $RUN_DIR/host.log:"
    tail -n 40 "$RUN_DIR/host.log" >&2 || true
    exit 1
  fi
  if ((SECONDS - started >= 90)); then
    log "the host did not report ready at $BASE_URL/api/health within 90 s; last lines of $RUN_DIR/host.log:"
    tail -n 40 "$RUN_DIR/host.log" >&2 || true
    exit 1
  fi
  sleep 0.25
done

cat >&2 <<EOF

  AstroBlob Support is running (host ready after $((SECONDS - started)) s).

  Home              $BASE_URL/
  Customer portal   $BASE_URL/portal/demo/   (other observatory: $BASE_URL/portal/other/)
  Staff console     $BASE_URL/console/demo/   (other observatory: $BASE_URL/console/other/)
  API reference     $BASE_URL/scalar/v1   (OpenAPI document: $BASE_URL/openapi/v1.json)
  Caught mail       http://127.0.0.1:$SMTP_HTTP_PORT/   (JSON: /messages)

  Demo logins, all with password  Demo-2026!
    observatory "demo":
      admin                        admin@demo.example
      first-line technician        l1@demo.example
      second-line technician       l2@demo.example
      customers                    ana@customer.example, ben@customer.example
    observatory "other":
      admin                        admin@other.example
      customer                     carla@other.example

  Logs: $RUN_DIR/   Storage data: .azurite/   Press Ctrl-C to stop everything.

EOF

# Run until interrupted, or until one of the children exits on its own.
set +e
wait -n "$AZURITE_PID" "$SINK_PID" "$HOST_PID"
status=$?
set -e
for entry in "${CHILD_PIDS[@]}"; do
  if ! kill -0 "${entry%%:*}" 2>/dev/null; then
    log "${entry#*:} exited unexpectedly (status $status); stopping the rest (logs in $RUN_DIR/)"
    break
  fi
done
exit $((status == 0 ? 1 : status))
