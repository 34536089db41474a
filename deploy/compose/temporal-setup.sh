#!/bin/sh
# docker-compose.yml's `temporal-setup` job: waits until the cluster answers its health check, creates voie's namespace
# (with its retention) unless it exists, and registers voie's search attributes (`VOIE_SEARCH_ATTRIBUTES`, NAME:TYPE
# items; an attribute already registered with its type is kept, with another type it is an error). Any failure exits
# non-zero, and voie does not start.
set -eu
: "${TEMPORAL_ADDRESS:?}" "${TEMPORAL_NAMESPACE:?}" "${TEMPORAL_RETENTION:?}" "${VOIE_SEARCH_ATTRIBUTES:?}"

attempt=1
until temporal operator cluster health --address "$TEMPORAL_ADDRESS"; do
  if [ "$attempt" -ge 30 ]; then
    echo "temporal-setup: the cluster at $TEMPORAL_ADDRESS is not healthy after $attempt attempts" >&2
    exit 1
  fi
  attempt=$((attempt + 1))
  sleep 2
done

if temporal operator namespace describe --address "$TEMPORAL_ADDRESS" --namespace "$TEMPORAL_NAMESPACE" >/dev/null; then
  echo "temporal-setup: namespace $TEMPORAL_NAMESPACE exists"
else
  temporal operator namespace create --address "$TEMPORAL_ADDRESS" --namespace "$TEMPORAL_NAMESPACE" \
    --retention "$TEMPORAL_RETENTION"
fi

set --
for attribute in $VOIE_SEARCH_ATTRIBUTES; do
  set -- "$@" --name "${attribute%%:*}" --type "${attribute#*:}"
done
temporal operator search-attribute create --address "$TEMPORAL_ADDRESS" --namespace "$TEMPORAL_NAMESPACE" "$@"
echo 'temporal-setup: done'
