#!/usr/bin/env bash
# A second cooperative: a practice mutual of clinicians who share the savings of a value-based
# contract (examples/practice-mutual), one savings year end to end in a temporary folder:
# founding on the example bylaws, admissions (membership is consent, Article VI.4), the
# clinicians' yearly aggregate measures imported from a CSV (attributed patients, visits and
# quality points computed outside coop from outcome measures: never anything about a patient),
# the year closed with the shared savings the payer paid, the preview to the cent, the members'
# approval motion, the commit, cash parts, notices and verification. Every command is a real
# `coop` call; COOP_TIME states when each step happens. cooperative-life.sh calls it at its end.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
COOP=${COOP:-$here/.build/debug/coop}
work=$(mktemp -d -t coop-mutual.XXXXXX)
trap 'rm -rf "$work"' EXIT
cd "$work"
export COOP_LEDGER="$work/lakeshore.ledger"
export COOP_PASSPHRASE="demo passphrase (use a real one)"

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
run() { printf '$ coop %s\n' "$*"; "$COOP" "$@"; }

step "A practice mutual: its bylaws (human text and machine rules), checked before founding"
run bylaws check "$here/examples/practice-mutual"
for who in rosa sam lena tom; do "$COOP" key new --out $who.key --name "$who" >/dev/null; done

export COOP_TIME=2026-01-05T09:00:00Z
step "Founding (January 2026): Dr. Rosa Mendes holds the officer roles"
run init --name "Lakeshore Practice Mutual" --bylaws "$here/examples/practice-mutual" --key rosa.key --founder-name "Rosa Mendes, MD" --founder-class physician
run bylaws show
step "Admissions, signed by the secretary"
sam=$("$COOP" member admit --name "Sam Okoro, NP" --pubkey "$("$COOP" key show sam.key)" --class advanced-practice --key rosa.key)
lena=$("$COOP" member admit --name "Lena Fischer, PsyD" --pubkey "$("$COOP" key show lena.key)" --class behavioral --key rosa.key)
tom=$("$COOP" member admit --name "Tom Hale, MD" --pubkey "$("$COOP" key show tom.key)" --class physician --key rosa.key)
echo "admitted $sam, $lena, $tom"
run member list
step "Membership is consent (Article VI.4): every clinician holds it from admission, with no command each"
run member show "$lena"

step "Dues for the year and the membership shares"
export COOP_TIME=2026-02-02T10:00:00Z
for m in m1 "$sam" "$lena" "$tom"; do
  "$COOP" dues pay "$m" 520.00 --method ach --ref "DUES-2026-$m" --key rosa.key >/dev/null
  "$COOP" equity share "$m" 1000.00 --method ach --ref "SHARE-$m" --key rosa.key >/dev/null
done
run dues status

export COOP_TIME=2027-01-20T10:00:00Z
step "The payer's reconciliation is final (January 2027): the clinicians' aggregates for 2026"
echo "(computed outside coop from the attribution file and outcome reports; quality points: the share,"
echo " in tenths of a percent, of a clinician's measured patients whose PHQ-9 or GAD-7 improved)"
cat > aggregates-2026.csv <<CSV
member,measure,quantity,year
m1,attributed_patients,1240,2026
m1,visits,3100,2026
m1,quality,625,2026
$sam,attributed_patients,860,2026
$sam,visits,2650,2026
$sam,quality,580,2026
$lena,attributed_patients,410,2026
$lena,visits,1980,2026
$lena,quality,712,2026
$tom,attributed_patients,990,2026
$tom,visits,2400,2026
$tom,quality,540,2026
CSV
step "A file with anything but the bylaws' aggregates (here a patient's score) is refused whole: nothing is written"
printf 'member,measure,quantity,year\n%s,phq9_patient_1187,14,2026\n' "$lena" > patient-row.csv
if "$COOP" patronage import patient-row.csv --key rosa.key; then exit 1; fi
run patronage import aggregates-2026.csv --key rosa.key

step "Year end: the treasurer closes 2026 with the shared savings the payer paid"
run patronage close-year 2026 --surplus 186420.37 --key rosa.key
run patronage preview 2026
result=$("$COOP" patronage preview 2026 --json | sed -n 's/.*"result_hash":"\([0-9a-f]*\)".*/\1/p')
step "The members approve that exact result (Article VI.6): a patronage-approval motion pins its hash"
printf 'Resolved: share the 2026 savings as previewed (result %s).\n' "$result" > approval.md
motion=$("$COOP" motion propose --title "Shared savings 2026" --kind patronage-approval --year 2026 --result-hash "$result" --text approval.md --key rosa.key)
run motion open "$motion" --key rosa.key
for who in rosa sam lena tom; do "$COOP" vote "$motion" yes --key $who.key >/dev/null; done
run motion close "$motion" --key rosa.key
run patronage commit 2026 --key rosa.key

step "Cash parts paid, notices written and recorded; the reserve kept against next year's risk"
run patronage pay 2026 --method ach --key rosa.key
run patronage notices 2026 --out notices-2026 --record --key rosa.key
ls notices-2026
run patronage status 2026
run equity register

step "Full verification"
run verify
echo
echo "practice mutual: one savings year shared to the cent, signed and verified."
