#!/usr/bin/env bash
# `npm run compose:config`: docker-compose.yml through Docker Compose's own loader (main.go, compose-go), as a fresh
# clone's `cp .env.example .env && bin/voie secrets generate >> .env && docker compose config` would read it: with no
# provider credentials, Truework's alone, Truv's alone, both, and .env.example's simulators block (its profile on);
# and refused, naming the command, without the generated secrets. No Docker needed. The loader is built once into
# .tools/ from the Go module proxy (about a minute cold).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
version="$(awk '/^(require )?[[:space:]]*github.com\/compose-spec\/compose-go\/v2 / { print $NF }' "$root/dev/compose-config/go.mod")"
tool="$root/.tools/compose-config-$version/compose-config"
if [[ ! -x $tool ]]; then
  echo "compose-config: building the loader (github.com/compose-spec/compose-go/v2 $version)"
  started=$SECONDS
  go build -C "$root/dev/compose-config" -buildvcs=false -o "$tool" .
  echo "compose-config: built in $((SECONDS - started))s"
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
{ cat "$root/.env.example"; "$root/bin/voie" secrets generate; } >"$work/base.env"

status=0
# check NAME PROFILE [NAME=VALUE…]: the base .env with these lines appended (the last assignment wins, as in compose).
check() {
  local name=$1 profile=$2
  shift 2
  { cat "$work/base.env"; printf '%s\n' "$@"; } >"$work/$name.env"
  if "$tool" ${profile:+-profile "$profile"} -env-file "$work/$name.env" "$root/docker-compose.yml" >"$work/$name.yml"; then
    echo "compose-config: $name: valid"
  else
    echo "compose-config: $name: INVALID" >&2
    status=1
  fi
}
check no-provider ''
check truework-alone '' TRUEWORK_API_KEY=key TRUEWORK_WEBHOOK_TOKEN=token
check truv-alone '' TRUV_CLIENT_ID=client TRUV_SECRET=secret
check both-providers '' TRUEWORK_API_KEY=key TRUEWORK_WEBHOOK_TOKEN=token TRUV_CLIENT_ID=client TRUV_SECRET=secret
mapfile -t simulators < <(sed -n 's/^# \(\(COMPOSE_PROFILES\|TRUEWORK_\|TRUV_\)[A-Z_]*=[^ ]\+\)$/\1/p' "$root/.env.example")
check simulators simulators "${simulators[@]}"
grep -q '^  provider-simulators:' "$work/simulators.yml" || {
  echo 'compose-config: the simulators profile has no provider-simulators service' >&2
  status=1
}

if "$tool" -env-file "$root/.env.example" "$root/docker-compose.yml" >/dev/null 2>"$work/refused.txt"; then
  echo 'compose-config: .env.example without the generated secrets was accepted' >&2
  status=1
elif grep -q 'voie secrets generate' "$work/refused.txt"; then
  echo 'compose-config: without the generated secrets: refused, naming voie secrets generate'
else
  cat "$work/refused.txt" >&2
  status=1
fi
exit "$status"
