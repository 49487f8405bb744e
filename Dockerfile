# ob::migrate images: `db` (PostgreSQL 15 from Debian's package), `build` (compiles ob-migrate and
# the Badges server) and `runtime` (the default: both programs, the Badges server's migration
# folders and only the libraries they load; no compiler, no build tree). docker-compose.yml uses
# all three; the same file builds with `docker build` and `podman build`.
ARG DEBIAN_IMAGE=debian:bookworm-slim

# ---- db: PostgreSQL from Debian's package, a cluster created on first start (docker/db-entrypoint)
FROM ${DEBIAN_IMAGE} AS db
RUN mkdir -p /etc/postgresql-common/createcluster.d \
 && echo 'create_main_cluster = false' > /etc/postgresql-common/createcluster.d/no-main-cluster.conf \
 && apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends postgresql-15 \
 && apt-get clean && rm -rf /var/lib/apt/lists/* \
 && install -d -o postgres -g postgres -m 0700 /var/lib/postgresql/data \
 && install -d -o postgres -g postgres -m 2775 /var/run/postgresql
COPY docker/db-entrypoint /usr/local/bin/db-entrypoint
ENV PGDATA=/var/lib/postgresql/data POSTGRES_USER=postgres POSTGRES_DB=openbadges
USER postgres
VOLUME /var/lib/postgresql/data
EXPOSE 5432
STOPSIGNAL SIGINT
HEALTHCHECK --interval=2s --timeout=5s --start-period=5s --retries=30 \
  CMD /usr/lib/postgresql/15/bin/pg_isready -q -h 127.0.0.1 -U "$POSTGRES_USER" -d "$POSTGRES_DB"
ENTRYPOINT ["/usr/local/bin/db-entrypoint"]

# ---- build: only what compiling ob-migrate and badges-server needs (no test, fuzz or bench tools)
FROM ${DEBIAN_IMAGE} AS build
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      g++ cmake ninja-build pkg-config ccache \
      libsqlitecpp-dev libsqlite3-dev libpqxx-dev libpq-dev \
      libfmt-dev nlohmann-json3-dev libcli11-dev libssl-dev libcpp-httplib-dev \
 && apt-get clean && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY CMakeLists.txt ./
COPY cmake cmake
COPY include include
COPY src src
COPY examples examples
# The compiler cache survives between builds on the same machine (BuildKit and buildah cache mounts).
RUN --mount=type=cache,target=/root/.cache/ccache \
    cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_COMPILER_LAUNCHER=ccache \
      -DOB_MIGRATE_TESTS=OFF -DOB_MIGRATE_INSTALL=OFF \
 && cmake --build build --target ob-migrate badges-server \
 && mkdir -p /out/bin \
 && cp build/src/cli/ob-migrate build/examples/badges-server/badges-server /out/bin/ \
 && strip /out/bin/*
# The Debian packages that hold the libraries the two programs load: the runtime stage installs
# exactly these. dpkg knows a library under /lib or /usr/lib (merged /usr), by its name or the file
# its symbolic link names; a library no package holds stops the build.
RUN ldd /out/bin/* | awk '$2 == "=>" && $3 ~ /^\// { print $3 }' | sort -u > /tmp/libs \
 && while read -r lib; do \
      real=$(realpath "$lib"); found=; \
      for path in "$lib" "$real" "${lib#/usr}" "${real#/usr}" "/usr$lib" "/usr$real"; do \
        found=$(dpkg -S "$path" 2>/dev/null | head -n 1 | cut -d: -f1) && [ -n "$found" ] && break; \
      done; \
      [ -n "$found" ] || { echo "no Debian package holds $lib" >&2; exit 1; }; \
      echo "$found" >> /tmp/packages; \
    done < /tmp/libs \
 && sort -u /tmp/packages > /out/runtime-packages && cat /out/runtime-packages

# ---- runtime: the default target
FROM ${DEBIAN_IMAGE} AS runtime
COPY --from=build /out/runtime-packages /tmp/runtime-packages
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends tini $(cat /tmp/runtime-packages) \
 && apt-get clean && rm -rf /var/lib/apt/lists/* /tmp/runtime-packages \
 && useradd --uid 10001 --user-group --home-dir /app --no-create-home --shell /usr/sbin/nologin badges \
 && install -d -o badges -g badges /data
COPY --from=build /out/bin/ /usr/local/bin/
COPY docker/wait-for-database docker/healthcheck /usr/local/bin/
# ob-migrate's defaults find these relative to the working directory (drizzle/migrations for SQLite,
# drizzle/pg-migrations for PostgreSQL).
COPY examples/badges-server/drizzle/migrations /app/drizzle/migrations
COPY examples/badges-server/drizzle/pg-migrations /app/drizzle/pg-migrations
WORKDIR /app
USER badges
ENV DB_TYPE=sqlite SQLITE_DB_PATH=/data/sqlite.db HOST=0.0.0.0 PORT=3000
EXPOSE 3000
HEALTHCHECK --interval=5s --timeout=5s --start-period=5s --retries=5 CMD ["/usr/local/bin/healthcheck"]
# tini as PID 1 passes SIGTERM on (a bare PID 1 ignores it) and reaps the wait loop's children.
ENTRYPOINT ["/usr/bin/tini", "--", "/usr/local/bin/wait-for-database"]
CMD ["badges-server"]
