# Sourced by .ci/containers: the machine's setup for podman, the local base image, and the
# assertions' helpers. Every failed assertion prints what it saw and exits non-zero.

fail() {
  echo "FAIL: $*" >&2
  exit 1
}

# install_packages <package>...: installs the Debian packages that are not installed yet.
install_packages() {
  local installed
  installed=$(dpkg-query -W -f='${db:Status-Status}\n' "$@" 2>/dev/null | grep -c '^installed$' || true)
  ((installed == $#)) && return 0
  echo "installing: $*"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

# write_containers_conf <file>: what podman needs on these machines (no ulimits of its own, runc,
# cgroups without systemd).
write_containers_conf() {
  cat >"$1" <<'EOF'
[containers]
default_ulimits = []

[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
EOF
}

# debian_sources: "URI SUITE COMPONENTS..." for every enabled deb entry of the apt sources whose
# suite is bookworm or bookworm-*, from one-line (sources.list) and deb822 (.sources) files.
debian_sources() {
  local f
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [[ -f $f ]] || continue
    sed -e 's/#.*//' -e 's/\[[^]]*\]//' "$f" |
      awk '$1 == "deb" && $3 ~ /^bookworm(-|$)/ { $1 = ""; sub(/^ /, ""); print }'
  done
  for f in /etc/apt/sources.list.d/*.sources; do
    [[ -f $f ]] || continue
    awk '
      function flush() {
        if (types ~ /(^| )deb( |$)/ && enabled != "no")
          for (u = 1; u <= nu; u++) for (s = 1; s <= ns; s++)
            if (suite[s] ~ /^bookworm(-|$)/) print uri[u], suite[s], comps
        types = ""; enabled = ""; nu = 0; ns = 0; comps = ""
      }
      /^[ \t]*#/ { next }
      /^[ \t]*$/ { flush(); next }
      { key = tolower($1); sub(/:$/, "", key); $1 = ""; sub(/^ +/, "") }
      key == "types" { types = $0 }
      key == "enabled" { enabled = tolower($0) }
      key == "uris" { nu = split($0, uri, " ") }
      key == "suites" { ns = split($0, suite, " ") }
      key == "components" { comps = $0 }
      END { flush() }' "$f"
  done
}

# ensure_base_image <scratch dir>: debian:bookworm-slim, made with debootstrap from the machine's
# Debian mirror unless this machine has one from the same recipe (its label) already. Like Debian's
# own slim image it leaves out documentation, manual pages and translations, and apt keeps no
# downloaded package; its apt sources are the machine's Debian entries, so builds inside it fetch
# from the same mirror.
BASE_IMAGE=docker.io/library/debian:bookworm-slim
BASE_RECIPE=2
ensure_base_image() {
  local rootfs=$1 mirror
  [[ $rootfs == /*/* && -n ${rootfs##*/} ]] || fail "ensure_base_image: '$rootfs' is no scratch directory"
  if [[ $(podman image inspect --format '{{index .Labels "ob-migrate.base-recipe"}}' "$BASE_IMAGE" 2>/dev/null) == "$BASE_RECIPE" ]]; then
    echo "   $BASE_IMAGE: kept from an earlier run"
    return 0
  fi
  mirror=$(debian_sources | awk '$2 == "bookworm" { print $1; exit }')
  [[ -n $mirror ]] || fail "no bookworm entry in /etc/apt/sources.list or /etc/apt/sources.list.d/"
  echo "   debootstrap --variant=minbase bookworm from $mirror"
  debootstrap --variant=minbase bookworm "$rootfs" "$mirror" >"$rootfs.log" 2>&1 \
    || { tail -n 30 "$rootfs.log" >&2; fail "debootstrap failed"; }
  debian_sources | sed 's/^/deb /' >"$rootfs/etc/apt/sources.list"
  printf '%s\n' 'path-exclude /usr/share/doc/*' 'path-include /usr/share/doc/*/copyright' \
    'path-exclude /usr/share/man/*' 'path-exclude /usr/share/groff/*' 'path-exclude /usr/share/info/*' \
    'path-exclude /usr/share/locale/*' 'path-exclude /usr/share/lintian/*' >"$rootfs/etc/dpkg/dpkg.cfg.d/slim"
  local clean='"rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"'
  printf '%s\n' "DPkg::Post-Invoke { $clean; };" "APT::Update::Post-Invoke { $clean; };" \
    'Dir::Cache::pkgcache "";' 'Dir::Cache::srcpkgcache "";' >"$rootfs/etc/apt/apt.conf.d/docker-clean"
  find "$rootfs/usr/share/doc" -mindepth 1 ! -type d ! -name copyright -delete
  find "$rootfs/usr/share/doc" -mindepth 1 -type d -empty -delete
  (cd "$rootfs" && rm -rf usr/share/man/* usr/share/groff/* usr/share/info/* usr/share/locale/* usr/share/lintian/* \
    var/cache/apt/archives/*.deb var/cache/apt/*.bin var/lib/apt/lists/* var/log/*.log)
  tar -C "$rootfs" -c . | podman import --change 'CMD ["/bin/bash"]' \
    --change "LABEL ob-migrate.base-recipe=$BASE_RECIPE" - "$BASE_IMAGE" >/dev/null 2>&1 \
    || fail "podman import of the base image failed"
  rm -rf "$rootfs"
  echo "   $BASE_IMAGE: $(podman image inspect --format '{{.Size}}' "$BASE_IMAGE" | numfmt --to=iec)"
}

# compose <project> <args>...: podman-compose on docker-compose.yml, its chatter kept in a log.
compose() {
  local project=$1
  shift
  podman-compose -p "$project" -f "$root/docker-compose.yml" "$@" >>"$work/compose-$project.log" 2>&1 \
    || { tail -n 40 "$work/compose-$project.log" >&2; fail "podman-compose $* failed"; }
}

# compose_down <project>: removes the project's containers, network and volumes.
compose_down() {
  local project=$1 c
  for c in $(podman ps -a --format '{{.Names}}' --filter "label=io.podman.compose.project=$project"); do
    podman rm -f -v "$c" >/dev/null 2>&1
  done
  podman volume ls -q --filter "label=io.podman.compose.project=$project" | xargs -r podman volume rm -f >/dev/null 2>&1
  podman network ls -q --filter "label=io.podman.compose.project=$project" | xargs -r podman network rm -f >/dev/null 2>&1
  return 0
}

container() { echo "${1}_${2}_1"; }  # container <project> <service>: podman-compose's name

service_logs() { podman logs "$(container "$1" "$2")" 2>&1; }

show_logs() {
  echo "--- logs of $2" >&2
  service_logs "$1" "$2" | tail -n 40 >&2
}

# wait_healthy <project> <service>: runs the image's health check until it passes (podman without
# systemd runs no health check by itself), 90 s at most.
wait_healthy() {
  local c i
  c=$(container "$1" "$2")
  for ((i = 0; i < 90; i++)); do
    podman healthcheck run "$c" >/dev/null 2>&1 && return 0
    sleep 1
  done
  show_logs "$1" "$2"
  fail "$2 is not healthy after 90 s"
}

# wait_exit <project> <service> 0|nonzero: waits (120 s at most) for the container to exit.
wait_exit() {
  local c code
  c=$(container "$1" "$2")
  code=$(timeout 120 podman wait "$c") || { show_logs "$1" "$2"; fail "$2 did not exit within 120 s"; }
  echo "   $2 exited with $code"
  if [[ $3 == 0 && $code != 0 ]] || [[ $3 == nonzero && $code == 0 ]]; then
    show_logs "$1" "$2"
    fail "$2 exited with $code, expected $3"
  fi
}

# run_service <project> <service> 0|nonzero: a fresh container of the service, run to its end.
run_service() {
  podman rm -f -v "$(container "$1" "$2")" >/dev/null 2>&1 || true
  compose "$1" up -d --no-build "$2"
  wait_exit "$@"
}

# wait_http_ok <project> <service> <url>: GET answers 200 within 60 s.
wait_http_ok() {
  local i
  for ((i = 0; i < 60; i++)); do
    curl -fsS -o /dev/null --max-time 5 "$3" 2>/dev/null && { echo "   $2: $(curl -fsS "$3")"; return 0; }
    sleep 1
  done
  show_logs "$1" "$2"
  fail "$2 does not answer $3"
}

# expect_log <project> <service> <basic regex> [count]: the service's log matches (count times).
expect_log() {
  local n
  n=$(service_logs "$1" "$2" | grep -c -- "$3" || true)
  if [[ -n ${4:-} && $n != "$4" ]] || [[ -z ${4:-} && $n == 0 ]]; then
    show_logs "$1" "$2"
    fail "the log of $2 has '$3' ${n} times, expected ${4:-at least once}"
  fi
}

db_query() {  # db_query <project> <sql>: one value a line
  podman exec "$(container "$1" db)" /usr/lib/postgresql/15/bin/psql -U postgres -d openbadges -v ON_ERROR_STOP=1 -Atc "$2"
}

tracking_rows() {
  db_query "$1" 'SELECT id, hash, created_at, applied_at FROM drizzle.__drizzle_migrations ORDER BY id'
}

journal_entries() {  # journal_entries <folder>: "tag when" a line
  python3 -c 'import json, sys
for e in json.load(open(sys.argv[1]))["entries"]: print(e["tag"], e["when"])' "$1/meta/_journal.json"
}

# expect_tracking_table <project> <folder>: one row per journal entry, with its file's SHA-256.
expect_tracking_table() {
  local tag when hash expected rows
  expected=$(journal_entries "$2" | wc -l)
  rows=$(db_query "$1" 'SELECT count(*) FROM drizzle.__drizzle_migrations')
  [[ $rows == "$expected" ]] || fail "the tracking table holds $rows rows, expected $expected"
  while read -r tag when; do
    hash=$(sha256sum "$2/$tag.sql" | cut -d' ' -f1)
    rows=$(db_query "$1" "SELECT count(*) FROM drizzle.__drizzle_migrations WHERE hash = '$hash' AND created_at = $when")
    [[ $rows == 1 ]] || fail "the tracking table holds $tag $rows times, expected once"
  done < <(journal_entries "$2")
  echo "   tracking table: $expected rows, one per migration"
}

# expect_write <project> <base url>: POST /v2/issuers answers 201 and the row is in the database.
expect_write() {
  local name="Container University $RANDOM" body
  body=$(curl -fsS --max-time 10 -H 'Content-Type: application/json' -d "{\"name\": \"$name\"}" "$2/v2/issuers") \
    || fail "POST $2/v2/issuers failed"
  [[ $body == *"\"name\":\"$name\""* ]] || fail "POST /v2/issuers answered $body"
  [[ $(db_query "$1" "SELECT count(*) FROM issuers WHERE name = '$name'") == 1 ]] \
    || fail "the issuer written through the api is not in the database"
  echo "   wrote issuer: $body"
}

# make_broken_migrations <folder> <dir>: <dir>/pg-migrations = the folder plus 0001_broken, whose
# first statement works and whose second fails; <dir>/Dockerfile compiles it into badges-server
# (from the build stage's tree) on top of the runtime image.
make_broken_migrations() {
  mkdir -p "$2"
  cp -r "$1" "$2/pg-migrations"
  printf '%s\n' 'ALTER TABLE "issuers" ADD COLUMN "motto" text;' '--> statement-breakpoint' \
    'UPDATE "no_such_table" SET "x" = 1;' >"$2/pg-migrations/0001_broken.sql"
  python3 - "$2/pg-migrations/meta/_journal.json" <<'EOF'
import json, sys
path = sys.argv[1]
journal = json.load(open(path))
last = journal["entries"][-1]
journal["entries"].append(dict(last, idx=last["idx"] + 1, when=last["when"] + 1000, tag="0001_broken"))
json.dump(journal, open(path, "w"), indent=2)
EOF
  cat >"$2/Dockerfile" <<'EOF'
ARG BUILD_IMAGE
ARG RUNTIME_IMAGE
FROM ${BUILD_IMAGE} AS build
COPY pg-migrations /src/examples/badges-server/drizzle/pg-migrations
RUN cmake --build build --target badges-server && strip -o /out/bin/badges-server build/examples/badges-server/badges-server
FROM ${RUNTIME_IMAGE}
COPY --from=build /out/bin/badges-server /usr/local/bin/badges-server
COPY pg-migrations /app/drizzle/pg-migrations
EOF
}
