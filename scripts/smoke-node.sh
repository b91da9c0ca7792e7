#!/usr/bin/env bash
# Deploys OpenPledge with Ignition to a real JSON-RPC node (`hardhat node` on 127.0.0.1) and checks the
# deployment against its parameters. Starts the node itself and always stops it.
set -euo pipefail
cd "$(dirname "$0")/.."

port="${SMOKE_PORT:-$(node -e 'const s = require("node:net").createServer().listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); })')}"
if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
  echo "smoke-node: port $port on 127.0.0.1 is taken; stop what uses it or set SMOKE_PORT" >&2
  exit 1
fi
log="$(mktemp)"
# Its own process group, so that stopping it stops every process it started.
setsid node_modules/.bin/hardhat node --hostname 127.0.0.1 --port "$port" >"$log" 2>&1 &
node_pid=$!
cleanup() { kill -- "-$node_pid" 2>/dev/null || true; wait "$node_pid" 2>/dev/null || true; rm -f "$log"; }
trap cleanup EXIT

for _ in $(seq 1 60); do
  grep -q "Started HTTP and WebSocket JSON-RPC server" "$log" && break
  kill -0 "$node_pid" 2>/dev/null || { cat "$log" >&2; exit 1; }
  sleep 0.5
done
grep -q "Started HTTP and WebSocket JSON-RPC server" "$log" || { echo "smoke-node: node did not start" >&2; cat "$log" >&2; exit 1; }

deployment="smoke-$port"
rm -rf "deploy/deployments/$deployment"
export LOCALHOST_RPC_URL="http://127.0.0.1:$port"
node_modules/.bin/hardhat ignition deploy deploy/modules/OpenPledge.ts --network localhost \
  --parameters deploy/parameters/localhost.json --deployment-id "$deployment"
DEPLOYMENT_ID="$deployment" PARAMETERS=deploy/parameters/localhost.json \
  node_modules/.bin/hardhat run scripts/check-deployment.ts --network localhost
rm -rf "deploy/deployments/$deployment"
