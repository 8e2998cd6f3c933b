#!/usr/bin/env bash
# pg-throwaway.sh starts and stops a throwaway PostgreSQL server for the
# tests: a fresh cluster in a temporary directory, trust authentication for
# loopback only, listening on 127.0.0.1 on a free port, with durability turned
# off for speed. scripts/test uses it; you can use it by hand too:
#
#   eval "$(scripts/pg-throwaway.sh start)"  # sets KINERJA_TEST_POSTGRES and KINERJA_PG_DIR
#   KINERJA_PG_REPLICA=1 scripts/pg-throwaway.sh start  # also a streaming replica of it
#                                             # (pg_basebackup -R), in KINERJA_TEST_POSTGRES_REPLICA
#   go test ./...                             # the tests now run against PostgreSQL as well
#   scripts/pg-throwaway.sh stop              # stops the server, deletes $KINERJA_PG_DIR
#
#   scripts/pg-throwaway.sh bindir            # the server binaries start would use (fails if none)
#   scripts/pg-throwaway.sh version [URL]     # the version of the server at URL (default $KINERJA_TEST_POSTGRES)
#
# The binaries are taken from KINERJA_PG_BINDIR if set, else from the
# directory of pg_ctl on PATH, else from /usr/lib/postgresql/*/bin, newest
# version first. PostgreSQL refuses to run as root: as root, the server runs
# as the system user postgres, or kinerja-pg (created with useradd -r) when
# postgres does not exist.
set -euo pipefail

log() { printf 'pg-throwaway: %s\n' "$*" >&2; }
die() {
	log "$*"
	exit 1
}

# has_server reports whether directory $1 holds the server binaries.
has_server() { [[ -x $1/pg_ctl && -x $1/initdb && -x $1/postgres ]]; }

find_bindir() {
	local p d
	if [[ -n ${KINERJA_PG_BINDIR:-} ]]; then
		has_server "$KINERJA_PG_BINDIR" || die "KINERJA_PG_BINDIR=$KINERJA_PG_BINDIR holds no pg_ctl, initdb and postgres"
		echo "$KINERJA_PG_BINDIR"
		return 0
	fi
	if p=$(command -v pg_ctl 2>/dev/null); then
		d=$(dirname "$(readlink -f "$p")")
		if has_server "$d"; then
			echo "$d"
			return 0
		fi
	fi
	for d in $(printf '%s\n' /usr/lib/postgresql/*/bin | sort -V -r); do
		if has_server "$d"; then
			echo "$d"
			return 0
		fi
	done
	return 1
}

# server_user prints the unprivileged user to run the server as when we are
# root, creating one if needed; nothing when we are not root.
server_user() {
	if [[ $EUID -ne 0 ]]; then
		return 0
	fi
	if id -u postgres >/dev/null 2>&1; then
		echo postgres
		return 0
	fi
	if ! id -u kinerja-pg >/dev/null 2>&1; then
		useradd -r -M -d /nonexistent -s /usr/sbin/nologin kinerja-pg >&2 ||
			die "cannot create the system user kinerja-pg to run PostgreSQL as"
	fi
	echo kinerja-pg
}

# run_as runs a command as user $1 (as ourselves when $1 is empty), from
# directory $2 (the server user may not be able to enter ours).
run_as() {
	local user=$1 dir=$2
	shift 2
	if [[ -z $user ]]; then
		(cd "$dir" && "$@")
	elif command -v runuser >/dev/null 2>&1; then
		(cd "$dir" && runuser -u "$user" -- "$@")
	else
		(cd "$dir" && su -s /bin/sh "$user" -c "$(printf '%q ' "$@")")
	fi
}

free_port() {
	local port
	if command -v python3 >/dev/null 2>&1 &&
		python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' 2>/dev/null; then
		return 0
	fi
	for _ in $(seq 100); do
		port=$((20000 + RANDOM % 40000))
		# A refused connection means the port is free.
		if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
			echo "$port"
			return 0
		fi
	done
	return 1
}

start() {
	local bindir user dir port url attempt
	bindir=$(find_bindir) ||
		die "no PostgreSQL server binaries (pg_ctl, initdb, postgres) on PATH or in /usr/lib/postgresql/*/bin; install them (Debian: apt-get install postgresql) or set KINERJA_PG_BINDIR"
	user=$(server_user)

	# Layout: $dir (ours) holds throwaway.env, which stop trusts, so the
	# server user gets only data/ (the cluster) and run/ (socket and log).
	local base=${TMPDIR:-/tmp}
	if [[ -n $user || ${#base} -gt 60 ]]; then
		base=/tmp # the server user must reach it; socket paths are short
	fi
	dir=$(mktemp -d "$base/kinerja-pg.XXXXXX")
	chmod 755 "$dir"
	mkdir "$dir/data" "$dir/run"
	chmod 700 "$dir/data" "$dir/run"
	if [[ -n $user ]]; then
		chown "$user:" "$dir/data" "$dir/run"
	fi
	printf 'BINDIR=%s\nRUN_AS=%s\n' "$bindir" "$user" >"$dir/throwaway.env"
	# From here on, a failure removes what we made.
	starting_dir=$dir
	trap 'stop "$starting_dir" >/dev/null 2>&1 || true' EXIT

	if ! run_as "$user" "$dir" "$bindir/initdb" -D "$dir/data" -U postgres \
		--auth=trust -E UTF8 --locale=C --no-sync >"$dir/initdb.log" 2>&1; then
		cat "$dir/initdb.log" >&2
		die "initdb failed"
	fi
	cat >"$dir/data/pg_hba.conf" <<-HBA
		# Throwaway test cluster: anyone on this machine, no password.
		local all all              trust
		host  all all 127.0.0.1/32 trust
		host  all all ::1/128      trust
		host  replication all 127.0.0.1/32 trust
	HBA
	# A replica needs the WAL of a base backup: full pages, and senders.
	local wal="wal_level = minimal" senders=0 fpw=off
	if [[ -n ${KINERJA_PG_REPLICA:-} ]]; then
		wal="wal_level = replica" senders=4 fpw=on
	fi
	cat >>"$dir/data/postgresql.conf" <<-CONF

		# pg-throwaway.sh: a private server for tests, fast rather than durable.
		listen_addresses = '127.0.0.1'
		unix_socket_directories = '$dir/run'
		max_connections = 200
		fsync = off
		synchronous_commit = off
		full_page_writes = $fpw
		$wal
		max_wal_senders = $senders
		max_wal_size = 1GB
		checkpoint_timeout = 1h
		autovacuum = off
		jit = off
		log_min_messages = warning
	CONF

	for attempt in 1 2 3; do
		port=$(free_port) || die "no free port on 127.0.0.1"
		if run_as "$user" "$dir" "$bindir/pg_ctl" -D "$dir/data" -l "$dir/run/postgres.log" \
			-o "-p $port" -w -t 60 start >/dev/null; then
			url="postgres://postgres@127.0.0.1:$port/postgres?sslmode=disable"
			if [[ -n ${KINERJA_PG_REPLICA:-} ]]; then
				start_replica "$bindir" "$user" "$dir" "$port"
			fi
			trap - EXIT
			log "PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') from $bindir${user:+ as $user} on 127.0.0.1:$port, in $dir"
			printf 'export KINERJA_TEST_POSTGRES=%q\n' "$url"
			printf 'export KINERJA_PG_DIR=%q\n' "$dir"
			return 0
		fi
		log "start on port $port failed (attempt $attempt):"
		tail -n 5 "$dir/run/postgres.log" >&2 || true
	done
	die "pg_ctl start failed"
}

# start_replica starts a streaming replica of the primary on port $4 in
# $3/replica (pg_basebackup -R: it follows the primary from the backup on),
# as the same user, and prints its URL.
start_replica() {
	local bindir=$1 user=$2 dir=$3 port=$4 rport attempt
	mkdir "$dir/replica"
	chmod 700 "$dir/replica"
	if [[ -n $user ]]; then
		chown "$user:" "$dir/replica"
	fi
	if ! run_as "$user" "$dir" "$bindir/pg_basebackup" -h 127.0.0.1 -p "$port" -U postgres -D "$dir/replica" \
		-R -X stream -c fast --no-sync >"$dir/basebackup.log" 2>&1; then
		cat "$dir/basebackup.log" >&2
		die "pg_basebackup failed"
	fi
	for attempt in 1 2 3; do
		rport=$(free_port) || die "no free port on 127.0.0.1"
		if run_as "$user" "$dir" "$bindir/pg_ctl" -D "$dir/replica" -l "$dir/run/replica.log" \
			-o "-p $rport" -w -t 60 start >/dev/null; then
			log "streaming replica on 127.0.0.1:$rport"
			printf 'export KINERJA_TEST_POSTGRES_REPLICA=%q\n' "postgres://postgres@127.0.0.1:$rport/postgres?sslmode=disable"
			return 0
		fi
		log "replica start on port $rport failed (attempt $attempt):"
		tail -n 5 "$dir/run/replica.log" >&2 || true
	done
	die "pg_ctl start of the replica failed"
}

stop() {
	local dir=${1:-${KINERJA_PG_DIR:-}} key value bindir="" user=""
	[[ -n $dir ]] || die "stop: give the directory, or set KINERJA_PG_DIR"
	[[ -f $dir/throwaway.env ]] || die "stop: $dir was not made by pg-throwaway.sh start"
	while IFS='=' read -r key value; do
		case $key in
		BINDIR) bindir=$value ;;
		RUN_AS) user=$value ;;
		esac
	done <"$dir/throwaway.env"
	if [[ -f $dir/replica/postmaster.pid ]]; then
		run_as "$user" "$dir" "$bindir/pg_ctl" -D "$dir/replica" -m immediate -w -t 30 stop >/dev/null 2>&1 ||
			log "stop: pg_ctl stop of the replica failed; see $dir/run/replica.log"
	fi
	if [[ -f $dir/data/postmaster.pid ]]; then
		run_as "$user" "$dir" "$bindir/pg_ctl" -D "$dir/data" -m fast -w -t 30 stop >/dev/null 2>&1 ||
			run_as "$user" "$dir" "$bindir/pg_ctl" -D "$dir/data" -m immediate -w -t 30 stop >/dev/null 2>&1 ||
			log "stop: pg_ctl stop failed; see $dir/run/postgres.log"
	fi
	rm -rf -- "$dir"
}

version() {
	local url=${1:-${KINERJA_TEST_POSTGRES:-}} psql bindir
	[[ -n $url ]] || die "version: give a URL, or set KINERJA_TEST_POSTGRES"
	if bindir=$(find_bindir 2>/dev/null) && [[ -x $bindir/psql ]]; then
		psql=$bindir/psql
	elif ! psql=$(command -v psql); then
		echo "unknown (no psql to ask the server)"
		return 0
	fi
	"$psql" "$url" -XAtq -c 'SELECT version()'
}

case ${1:-} in
start) start ;;
stop) stop "${2:-}" ;;
bindir) find_bindir ;;
version) version "${2:-}" ;;
*)
	sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2
	exit 2
	;;
esac
