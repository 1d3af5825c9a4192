#!/usr/bin/env bash
# Witnesses (called at the end of cooperative-online.sh, in the demo's folder): two sister
# cooperatives run `coop witness serve`; a new cooperative founded on bylaws that name them
# (k = 2) has its checkpoints cosigned; a dishonest copy of its ledger presents a fork, which
# both witnesses refuse and keep as evidence, and which verification reports as not witnessed.
# Ledger time is the real clock here: witnesses put their own time on each cosignature.
set -euo pipefail
COOP=${COOP:-coop}
here=$(cd "$(dirname "$0")/.." && pwd)
unset COOP_TIME COOP_LEDGER
step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
run() { printf '$ coop %s\n' "$*"; "$COOP" "$@"; }

mkdir -p witnessed && cd witnessed
pids=()
stop_all() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done; pids=(); }
trap stop_all EXIT
# witness NAME PORT [--log ...]: start a witness in the background, wait for its port.
witness() {
  local name=$1 port=$2
  shift 2
  : >"$name.out"
  "$COOP" witness serve --key "$name.key" --state "$name-state" --listen "127.0.0.1:$port" "$@" >"$name.out" 2>>"$name.log" &
  pids+=($!)
  for _ in $(seq 1 100); do
    if grep -q '^listening on ' "$name.out"; then break; fi
    sleep 0.1
  done
  grep '^listening on ' "$name.out" >/dev/null || { cat "$name.log"; exit 1; }
}
port_of() { sed -n 's/^listening on http:\/\/127.0.0.1://p' "$1.out"; }

step "Two sister cooperatives each make a witness key (their own, never a member's or a ledger's)"
run witness key new --out sister-a.key --name witness.sister-a.coop
run witness key new --out sister-b.key --name witness.sister-b.coop
vkey_a=$("$COOP" witness key show sister-a.key)
vkey_b=$("$COOP" witness key show sister-b.key)
# Free loopback ports: each witness binds port 0 once, says which, and stops.
witness sister-a 0
witness sister-b 0
port_a=$(port_of sister-a)
port_b=$(port_of sister-b)
stop_all

step "A new cooperative's bylaws name both witnesses and need both cosignatures (k = 2 of 2)"
cp -r "$here/Bylaws" bylaws
cat >>bylaws/rules.yaml <<YAML

witnesses:
  threshold: 2
  tolerance_seconds: 300
  list:
    - name: witness.sister-a.coop
      key: $vkey_a
      url: http://127.0.0.1:$port_a
    - name: witness.sister-b.coop
      key: $vkey_b
      url: http://127.0.0.1:$port_b
YAML
sed -n '/^witnesses:/,$p' bylaws/rules.yaml
run bylaws check bylaws
"$COOP" key new --out founder.key --name "Founder" >/dev/null
echo '$ coop init --ledger lakeside.ledger --name "Lakeside Counselling Cooperative" --bylaws bylaws --key founder.key --founder-name Fen --founder-class therapist --json'
founded=$("$COOP" init --ledger lakeside.ledger --name "Lakeside Counselling Cooperative" --bylaws bylaws --key founder.key \
  --founder-name "Fen" --founder-class therapist --json)
echo "$founded"
origin=$(echo "$founded" | grep -o '"origin":"[^"]*"' | sed 's/"origin":"\(.*\)"/\1/')
ledger_key=$(echo "$founded" | grep -o '"ledger_key":"[^"]*"' | sed 's/"ledger_key":"\(.*\)"/\1/')

step "The sister cooperatives start witnessing Lakeside's ledger (its origin and ledger key)"
echo "$ coop witness serve --key sister-a.key --state sister-a-state --listen 127.0.0.1:$port_a --log '$origin=$ledger_key' &"
witness sister-a "$port_a" --log "$origin=$ledger_key"
witness sister-b "$port_b" --log "$origin=$ledger_key"

step "Checkpoints are cosigned by both witnesses, each with its own time; verify requires them"
run note "Founding minutes." --ledger lakeside.ledger --key founder.key
run checkpoint --ledger lakeside.ledger
run verify --ledger lakeside.ledger

step "A dishonest operator keeps a second copy and writes another history into it"
cp lakeside.ledger forked.ledger
cp lakeside.ledger.ledger-key forked.ledger.ledger-key
run note "Minutes: the board approved the lease." --ledger lakeside.ledger --key founder.key
run checkpoint --ledger lakeside.ledger >/dev/null
"$COOP" note "Minutes: the board rejected the lease." --ledger forked.ledger --key founder.key >/dev/null
echo "(forked.ledger: same size, another last entry, signed with the same ledger key)"

step "The fork is presented to the witnesses: both refuse, and keep the two signed checkpoints as evidence"
run checkpoint --ledger forked.ledger >/dev/null || true
ls sister-a-state/evidence sister-b-state/evidence
head -3 sister-a-state/evidence/*.txt
if run verify --ledger forked.ledger; then echo "the fork was not caught"; exit 1; fi
echo "(the forked checkpoint is not witnessed: no member's replica or verify accepts it)"
run verify --ledger lakeside.ledger
stop_all
