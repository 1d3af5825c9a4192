#!/usr/bin/env bash
# The cooperative online (called at the end of cooperative-life.sh, in its folder, with its
# ledger, keys and clock): the ledger served on loopback, members on their own replicas (their
# own folders and keys) who clone, propose and vote remotely with receipts, an auditor who pulls
# incrementally, and a server that forks the ledger caught by a member's replica with the
# evidence printed.
set -euo pipefail
COOP=${COOP:-coop}
: "${COOP_LEDGER:?run from cooperative-life.sh}"
# The served file; each replica is ./coop.ledger in its own folder, so the variable goes.
served=$COOP_LEDGER
unset COOP_LEDGER
step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
run() { printf '$ coop %s\n' "$*"; "$COOP" "$@"; }

server_pid=""
stop_server() { if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; server_pid=""; fi; }
trap stop_server EXIT
# serve LEDGER PORT: start `coop serve` in the background and wait for its 'listening' line.
serve() {
  : >serve.out
  "$COOP" serve --ledger "$1" --listen "127.0.0.1:$2" --checkpoint-interval 0.5 --auditor-key "$("$COOP" key show auditor.key)" \
    >serve.out 2>>serve.log &
  server_pid=$!
  for _ in $(seq 1 100); do
    if grep -q '^listening on ' serve.out; then break; fi
    sleep 0.1
  done
  grep '^listening on ' serve.out >/dev/null || { cat serve.log; exit 1; }
  url=$(sed -n 's/^listening on //p' serve.out)
  port=${url##*:}
}

step "The ledger goes online: coop serve on loopback (a reverse proxy adds TLS in production: docs/API.md)"
"$COOP" key new --out auditor.key --name "Outside auditor" >/dev/null
echo "$ coop serve --listen 127.0.0.1:0 --auditor-key \$(coop key show auditor.key) &"
serve "$served" 0
echo "listening on $url"
ledger_key=$(sed -n 's/^ledger //p' audit-bundle/keys.txt)

step "Members clone verified replicas on their own machines (their own folders and keys)"
run clone "$url" ada-laptop --key ada.key --ledger-key "$ledger_key"
run clone "$url" ben-laptop --key ben2.key --ledger-key "$ledger_key" >/dev/null
run clone "$url" cho-laptop --key cho.key --ledger-key "$ledger_key" >/dev/null
run clone "$url" audit --key auditor.key --ledger-key "$ledger_key" >/dev/null
(cd audit && run remote show)

step "Cho, treasurer, records the members' catch-up dues from her laptop (each a signed post with its receipt)"
(cd cho-laptop && "$COOP" dues status --json) | grep -o '"balance_cents":[0-9]*,[^}]*"member":"m[0-9]*"' |
  sed 's/"balance_cents":\([0-9]*\),.*"member":"\(m[0-9]*\)"/\2 \1/' | while read -r member cents; do
  amount=$(printf '%d.%02d' $((cents / 100)) $((cents % 100)))
  (cd cho-laptop && run dues pay "$member" "$amount" --method ach --ref "CATCHUP-$member" --key ../cho.key)
done

step "Ada proposes and opens a resolution from her laptop: signed there, sequenced by the server, receipt kept"
printf 'Resolved: the cooperative adopts a shared telehealth platform.\n' >telehealth.md
motion=$(cd ada-laptop && "$COOP" motion propose --kind resolution --title "Shared telehealth platform" --text ../telehealth.md --key ../ada.key)
echo "$ (ada-laptop) coop motion propose --kind resolution --title \"Shared telehealth platform\" ... -> $motion"
(cd ada-laptop && run motion open "$motion" --key ../ada.key)

step "Ben and Cho vote at the same moment from their own replicas"
(cd ben-laptop && "$COOP" vote "$motion" yes --key ../ben2.key) &
ben_vote=$!
(cd cho-laptop && "$COOP" vote "$motion" yes --key ../cho.key) &
cho_vote=$!
wait $ben_vote
wait $cho_vote
ls ben-laptop/receipts cho-laptop/receipts

step "The auditor pulls only what is new and counts the vote offline"
(cd audit && run pull --key ../auditor.key && run motion tally "$motion")
(cd ada-laptop && run motion close "$motion" --key ../ada.key)
(cd audit && run pull --key ../auditor.key && run verify --quiet)

step "A dishonest operator forks the ledger: one history for Ben, another served later"
stop_server
cp "$served" forked.ledger
cp "$served.ledger-key" forked.ledger.ledger-key
serve "$served" "$port"
(cd ada-laptop && run note "Minutes of the telehealth vote: carried." --key ../ada.key)
(cd ben-laptop && run pull --key ../ben2.key)
stop_server
"$COOP" note "Minutes of the telehealth vote: withdrawn." --ledger forked.ledger --key ada.key >/dev/null
"$COOP" note "The board will decide instead." --ledger forked.ledger --key ada.key >/dev/null
serve forked.ledger "$port"
echo "(the server now serves forked.ledger at the same address)"
if (cd ben-laptop && run pull --key ../ben2.key); then echo "the fork was not caught"; exit 1; fi
evidence=$(ls ben-laptop/split-view-*.json)
cat "$evidence"
run verify --evidence "$evidence" --ledger-key "$ledger_key"
stop_server

COOP="$COOP" bash "$(dirname "$0")/cooperative-witnesses.sh"
