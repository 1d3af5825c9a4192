#!/usr/bin/env bash
# A cooperative's life, start to finish, in a temporary folder: keys, founding on the bylaws,
# admissions, roles, dues and shares through the months, arrears and good standing, a general
# meeting, a plurality and a ranked (STV) election, the patronage year end (records, consents,
# close, preview, approval, commit, payments, notices, 1099-PATR data, revolving), signed
# statements, a key rotation, an offline entry, checkpoints, receipts, exports, and full
# verification, offline and incremental. Every command is a real `coop` call. COOP_TIME states
# when each step happens (the operator's clock: the ledger time every rule is judged on), so a
# year passes in a few seconds; paper records entered late carry their own --effective date.
set -euo pipefail
COOP=${COOP:-coop}
here=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d -t coop-demo.XXXXXX)
trap 'rm -rf "$work"' EXIT
cd "$work"
export COOP_LEDGER="$work/riverbend.ledger"
export COOP_PASSPHRASE="demo passphrase (use a real one)"

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
run() { printf '$ coop %s\n' "$*"; "$COOP" "$@"; }

step "Shell completions, generated from the command tree (bash here; zsh and fish too)"
"$COOP" --generate-completion-script bash >coop-completion.bash
# shellcheck disable=SC1091
source coop-completion.bash && complete -p coop

step "Manual pages, generated from the same tree (one per command: man coop.dues.pay)"
# The build the demo runs: a debug coop (as CI runs it) or the release one scripts/demo builds.
case "$COOP" in */debug/*) configuration=debug ;; *) configuration=release ;; esac
COOP_CONFIGURATION=$configuration bash "$here/scripts/man" "$work/man/man1"
sed -n 's/^\.Nd //p' "$work/man/man1/coop.dues.pay.1"

step "Keys: each person makes their own (Argon2id + XChaCha20-Poly1305, mode 0600)"
run key new --out ada.key --name "Ada Okafor, LCSW"
for who in ben cho dev; do "$COOP" key new --out $who.key --name "$who" >/dev/null; done
ls -l ada.key | cut -c1-10

step "The bylaws: human text and machine rules, checked before founding"
run bylaws check "$here/Bylaws"

export COOP_TIME=2026-01-05T09:00:00Z
step "Founding (January): the genesis carries the bylaws and pins the checkpoint key; Ada holds the officer roles"
run init --name "Riverbend Behavioral Health Cooperative" --bylaws "$here/Bylaws" --key ada.key --founder-name "Ada Okafor" --founder-class therapist
run bylaws show

step "Admissions, signed by the secretary"
echo '$ coop member admit --name "Ben Alvarez, PMHNP" --pubkey "$(coop key show ben.key)" --class prescriber --key ada.key'
ben=$("$COOP" member admit --name "Ben Alvarez, PMHNP" --pubkey "$("$COOP" key show ben.key)" --class prescriber --key ada.key)
echo "$ben"
cho=$("$COOP" member admit --name "Cho Park, LMFT" --pubkey "$("$COOP" key show cho.key)" --class therapist --key ada.key)
dev=$("$COOP" member admit --name "Dev Singh" --pubkey "$("$COOP" key show dev.key)" --class supporter --key ada.key)
echo "admitted $ben, $cho, $dev"
run member role grant "$cho" treasurer --key ada.key
run member list

step "A class the bylaws do not have is refused, nothing written"
if "$COOP" member admit --name "Eve" --pubkey "$("$COOP" key new --out eve.key --name Eve >/dev/null; "$COOP" key show eve.key)" --class surgeon --key ada.key; then exit 1; fi

step "Dues and shares through the spring (Cho, treasurer, records them)"
export COOP_TIME=2026-02-03T10:00:00Z
run dues pay "$ben" 240.00 --method ach --ref FEB-1 --key cho.key
run dues pay m1 85.00 --key cho.key
run dues pay "$dev" 17.00 --method card --key cho.key
run equity share "$ben" 500.00 --method check --ref 1042 --key cho.key
run equity share "$cho" 50.00 --key cho.key
export COOP_TIME=2026-03-02T10:00:00Z
run equity share "$cho" 50.00 --key cho.key
run dues pay "$cho" 170.00 --key cho.key
step "A bad amount is refused with a clear message"
if "$COOP" dues pay "$ben" 17.005 --key cho.key; then exit 1; fi
export COOP_TIME=2026-06-30T17:00:00Z
run dues waive "$dev" 34.00 --reason "hardship, approved by the board" --key cho.key
step "End of June: who is paid up, who is in arrears (more than 3 months loses the vote)"
run dues status
run dues statement "$ben"
run member list --standing
run equity register
step "The register as it stood at the end of February, replayed from the ledger"
run equity register --as-of 2026-02-28
run dues status --as-of 2026-02-28

export COOP_TIME=2026-07-01T09:00:00Z
step "A check from March turns up in July: entered now, effective on the day it was paid"
run dues pay "$dev" 17.00 --method check --ref 1187 --effective 2026-03-14 --key cho.key
run dues statement "$dev"
step "No record may be dated before a member joined, or in the future"
if "$COOP" dues pay "$dev" 17.00 --effective 2025-12-01 --key cho.key; then exit 1; fi
step "July: the members catch up and are back in good standing"
run dues pay m1 425.00 --key cho.key
run dues pay "$ben" 480.00 --period 2026-03 --key cho.key
run dues pay "$cho" 340.00 --key cho.key
run dues pay "$dev" 68.00 --key cho.key
run member list --standing

step "Ben becomes the second officer (board), for dual control"
run member role grant "$ben" board --key ada.key

step "A general meeting (July): a resolution, one member one vote, from the command line"
printf 'Resolved: the cooperative joins the regional value-based care contract.\n' > contract.md
run motion propose --title "Join the regional VBC contract" --kind resolution --text contract.md --key ada.key
echo "(eligibility is judged at the record date, the proposal's: the open signs who may vote by fingerprint)"
run motion open M1 --key ada.key
run vote M1 yes --key ben.key
run vote M1 no --key cho.key
run vote M1 yes --key cho.key
echo "(Cho changed her ballot: the last one counts, the first stays in the ledger, marked superseded)"
step "A supporter may not vote on a resolution (the bylaws say so): refused"
if "$COOP" vote M1 yes --key dev.key; then exit 1; fi
run vote M1 abstain --key ada.key --out ada.ballot
run submit ada.ballot
run motion tally M1 --explain
run motion close M1 --key ada.key
step "A vote after the close is refused"
if "$COOP" vote M1 no --key ben.key; then exit 1; fi
run motion show M1

step "An election: one board seat; supporters vote too; a tie is broken by the hash of the open entry"
printf 'Elect one director for 2027-2028.\n' > board.md
run motion propose --title "Director 2027" --kind election --text board.md --seats 1 --candidate "Ben Alvarez" --candidate "Cho Park" --key ada.key
run motion open M2 --key ada.key
"$COOP" vote M2 --choose "Ben Alvarez" --key ada.key
"$COOP" vote M2 --choose "Cho Park" --key ben.key
"$COOP" vote M2 --choose "Cho Park" --key cho.key
"$COOP" vote M2 --choose "Ben Alvarez" --key dev.key
run motion close M2 --key ada.key

step "A ranked board election: two seats, Scottish STV (the proposal names the method; the bylaws' default is plurality)"
printf 'Elect two directors for 2027-2028, by single transferable vote.\n' > board2.md
run motion propose --title "Board 2027" --kind election --text board2.md --method scottish-stv --seats 2 --candidate "Ben Alvarez" --candidate "Cho Park" --candidate "Dev Singh" --key ada.key
run motion open M3 --key ada.key
run vote M3 --rank "Ben Alvarez,Cho Park" --key ada.key
"$COOP" vote M3 --rank "Ben Alvarez,Dev Singh" --key ben.key
"$COOP" vote M3 --rank "Ben Alvarez,Cho Park" --key cho.key
"$COOP" vote M3 --rank "Cho Park,Dev Singh" --key dev.key
step "A name ranked twice is refused; a later ballot replaces the earlier one"
if "$COOP" vote M3 --rank "Dev Singh,Dev Singh" --key dev.key; then exit 1; fi
run vote M3 --rank "Dev Singh,Cho Park" --key dev.key
run motion tally M3 --explain
run motion close M3 --key ada.key
step "The counted ballots, without voter ids, as a BLT file any STV tool can recount"
run motion export-ballots M3 --format blt
run motion list

export COOP_TIME=2026-08-03T10:00:00Z
step "August: the bank's export, imported as it comes (previewed with --dry-run; the column map and aliases are saved for next month)"
cat >bank-2026-08.csv <<CSV
Date,Amount,Reference,Memo
08/01/2026,85.00,ACH-0801-1,DUES m1
08/01/2026,120.00,ACH-0801-2,B ALVAREZ
08/02/2026,17.00,ACH-0802-1,D SINGH
CSV
cat bank-2026-08.csv
bank=(--map date=Date,amount=Amount,ref=Reference,member=Memo --alias "B ALVAREZ=$ben" --alias "D SINGH=$dev")
run dues import bank-2026-08.csv "${bank[@]}" --dry-run --key cho.key
run dues import bank-2026-08.csv "${bank[@]}" --key cho.key
step "Imported again by mistake (the saved map and aliases, no options): rows already recorded are skipped"
run dues import bank-2026-08.csv --key cho.key

step "A payment keyed in twice is voided: a correction linked to it, shown as void (not a refund)"
twice=$("$COOP" dues pay "$cho" 170.00 --key cho.key --json | sed -n 's/.*"index":\([0-9]*\).*/\1/p')
echo "\$ coop dues pay $cho 170.00 --key cho.key   # the same payment again, by mistake: entry $twice"
run correct "$twice" --reason "entered twice" --key cho.key
run dues statement "$cho" -p 2026-08

step "The year's patronage: aggregates only (revenue billed in cents, hours), never anything about patients"
export COOP_TIME=2026-12-15T10:00:00Z
run patronage record m1 revenue 9200000 --year 2026 --key cho.key
run patronage record m1 hours 1450 --year 2026 --key cho.key
cat > patronage-2026.csv <<CSV
member,measure,quantity,year,period
$ben,revenue,14800000,2026,
$ben,hours,1610,2026,
$cho,revenue,6100000,2026,2026-11
$cho,hours,1180,2026,
CSV
run patronage import patronage-2026.csv --key cho.key
step "An import with a bad row (a supporter has no patronage) is refused whole: nothing is written"
printf 'member,measure,quantity,year\n%s,hours,10,2026\n%s,hours,5,2026\n' "$ben" "$dev" > bad-patronage.csv
if "$COOP" patronage import bad-patronage.csv --key cho.key; then exit 1; fi
step "Consents: membership is consent (Article VI.3), so every member holds it from admission with no command each"
run member show "$cho"
run patronage consent m1 --method written --key ada.key
echo "(Ben revokes his bylaw consent in writing: it still covers 2026, and from 2027 his notices are non-qualified)"
run patronage consent "$ben" --method bylaw --revoke --key ben.key
run dues pay m1 600.00 --key cho.key
run dues pay "$ben" 900.00 --key cho.key
run dues pay "$cho" 600.00 --key cho.key
run patronage status 2026

export COOP_TIME=2027-01-25T10:00:00Z
step "Year end (January 2027): the treasurer closes 2026 with the net patronage surplus from the books"
run patronage close-year 2026 --surplus 48250.00 --nonpatronage 1200.00 --key cho.key
run patronage preview 2026
result=$("$COOP" patronage preview 2026 --json | sed -n 's/.*"result_hash":"\([0-9a-f]*\)".*/\1/p')
step "The members approve that exact result: a patronage-approval motion pins its hash"
printf 'Resolved: allocate the 2026 patronage dividends as previewed (result %s).\n' "$result" > patronage.md
run motion propose --title "Patronage dividends 2026" --kind patronage-approval --year 2026 --result-hash "$result" --text patronage.md --key ada.key
run motion open M4 --key ada.key
for who in ada ben cho; do "$COOP" vote M4 yes --key $who.key; done
run motion close M4 --key ada.key
run patronage commit 2026 --key cho.key
run equity show "$ben"

step "A secret board election (the bylaws allow one on request): three trustees, any two of them decrypt the tally"
printf 'Elect one director for 2028, by secret ballot.\n' > board3.md
run motion propose --title "Director 2028" --kind election --secret --seats 1 --candidate "Ben Alvarez" --candidate "Cho Park" --text board3.md --key ada.key
run motion open M5 --trustee m1 --trustee "$cho" --trustee "$dev" --threshold 2 --key ada.key
echo "(each trustee makes its own trustee key file, encrypted and 0600, and publishes an encryption key with a proof)"
run trustee key M5 --trustee-key ada-M5.trustee --key ada.key
"$COOP" trustee key M5 --trustee-key cho-M5.trustee --key cho.key
"$COOP" trustee key M5 --trustee-key dev-M5.trustee --key dev.key
ls -l ada-M5.trustee | cut -c1-10
echo "(each deals sealed shares to all three, then checks the shares sealed to it; no one ever holds the whole key)"
for who in ada cho dev; do "$COOP" trustee deal M5 --key $who.key; done
for who in ada cho dev; do "$COOP" trustee check M5 --trustee-key $who-M5.trustee --key $who.key; done
run trustee setup M5 --key ada.key
step "Members vote: each ballot is encrypted on the voter's machine with proofs that it is valid; coop prints its tracker"
run vote M5 --choose "Cho Park" --key ada.key
"$COOP" vote M5 --choose "Cho Park" --key ben.key
"$COOP" vote M5 --choose "Ben Alvarez" --key cho.key
echo "(Ben changes his mind: the later ballot replaces the earlier one)"
run vote M5 --choose "Ben Alvarez" --key ben.key
step "Dev, a trustee but in arrears at the record date, is not in the electorate: refused"
if "$COOP" vote M5 --choose "Cho Park" --key dev.key 2>refusal.txt; then exit 1; fi
cat refusal.txt
grep -q "of dues unpaid at the record date" refusal.txt
step "The secretary seals the ballots (the encrypted sum of the counted ones); two of the three trustees decrypt it"
run motion seal M5 --key ada.key
run trustee decrypt M5 --trustee-key ada-M5.trustee --key ada.key
run motion tally M5
run trustee decrypt M5 --trustee-key dev-M5.trustee --key dev.key
run motion tally M5 --explain
run motion close M5 --key ada.key

step "Cash parts paid, written notices issued and recorded, 1099-PATR data for the payment year"
run patronage pay 2026 --method ach --key cho.key
run patronage notices 2026 --out notices-2026 --record --key cho.key
ls notices-2026
cat > tax-ids.csv <<CSV
member,name,tin,address
payer,,XX-XXX0000,1 River Road Riverbend
m1,Ada Okafor,XXX-XX-0001,2 Elm St Riverbend
$ben,Ben Alvarez,XXX-XX-0002,3 Oak St Riverbend
$cho,Cho Park,XXX-XX-0003,4 Ash St Riverbend
CSV
run patronage 1099 2027 --out 1099-patr-2027.csv --tax-ids tax-ids.csv
echo "(the 1099 file holds tax ids, so it is written 0600; coop never stores them: boxes only below)"
cut -d, -f4,8- 1099-patr-2027.csv
run patronage status 2026
run patronage revolve 2026 --dry-run
step "The books for the bookkeeper: an hledger journal that merges into the main books through a clearing account"
run export --format hledger --out books-2027.journal --clearing "assets:coop clearing"
if run export --format hledger --out books-2027.journal 2>/dev/null; then exit 1; else echo "(an earlier export is replaced only with --force)"; fi
command -v hledger >/dev/null || { echo "hledger is not installed: run 'bash scripts/deps' first" >&2; exit 1; }
echo '$ hledger -f books-2027.journal check accounts commodities payees ordereddates'
hledger -f books-2027.journal check accounts commodities payees ordereddates
echo '$ hledger -f books-2027.journal bal -N --depth 2'
hledger -f books-2027.journal bal -N --depth 2
# Cash is the main books': neither cash nor the clearing account may be negative (receivables may
# be: dues paid ahead).
echo '$ hledger -f books-2027.journal bal "^assets:(cash|coop clearing)" -N --flat'
hledger -f books-2027.journal bal '^assets:(cash|coop clearing)' -N --flat
if hledger -f books-2027.journal bal '^assets:(cash|coop clearing)' -N --flat | grep -- '\$-'; then echo "negative cash" >&2; exit 1; fi
echo "(no negative cash: the clearing account carries what the main books settle)"
run dues status --arrears --as-of 2027-01-10
run equity register --csv

step "Signed statements by members"
run note "Minutes of the founding meeting approved." --subject "minutes 2026-11-23" --key ben.key
"$COOP" note "Present and voting." --key cho.key
"$COOP" note "Supporter pledge recorded." --key dev.key

step "A non-officer tries to admit someone: refused, nothing written"
if "$COOP" member admit --name "Mallory" --pubkey "$("$COOP" key show dev.key)" --key dev.key; then exit 1; fi

step "Ben rotates his key; his old key stops working"
"$COOP" key new --out ben2.key --name "Ben (2027)" >/dev/null
run key rotate --new-key ben2.key --key ben.key
if "$COOP" note "old key" --key ben.key 2>/dev/null; then exit 1; else echo "old key refused, as it should be"; fi

step "Dev lost his laptop: the secretary starts a key recovery, the board countersigns (dual control)"
"$COOP" key new --out dev2.key --name "Dev (new laptop)" >/dev/null
echo '$ coop key revoke '"$dev"' --new-pubkey "$(coop key show dev2.key)" --countersigner '"$ben"' --out recovery.entry --key ada.key'
"$COOP" key revoke "$dev" --new-pubkey "$("$COOP" key show dev2.key)" --reason "laptop lost" --countersigner "$ben" --out recovery.entry --key ada.key
echo "(the secretary alone could not: the bylaws require a second officer's countersignature)"
run countersign recovery.entry --submit --key ben2.key
run member show "$dev"
echo "(the new key comes into force in 7 days; until then Dev's old key could stop it with 'coop key cancel-recovery')"

step "An entry signed offline and submitted later"
run note "Signed on my own laptop." --key cho.key --out cho-offline.entry
run submit cho-offline.entry

step "Checkpoint (C2SP signed note); the auditor verifies in full and keeps the checkpoint it confirmed"
run checkpoint >/dev/null
run verify --keep auditor-kept.checkpoint
run note "After the auditor's visit." --key ben2.key
run checkpoint >/dev/null

step "Log and one entry in full"
run log
run show 1

step "A member's receipt, verified with nothing but the ledger key"
run receipt 1 --out ben-admission.receipt
cat ben-admission.receipt
run export --out audit-bundle
ledger_key=$(sed -n 's/^ledger //p' audit-bundle/keys.txt)
run verify-receipt ben-admission.receipt --ledger-key "$ledger_key" --since auditor-kept.checkpoint

step "Proofs"
run proof inclusion 2
run proof consistency --from 5

step "Years later (2031) the board revolves 2026's retained patronage, oldest first, from the capital accounts"
export COOP_TIME=2031-02-03T10:00:00Z
run patronage revolve 2026 --key ada.key
run equity register
step "Dev signs with his recovered key (in force since the delay ran out)"
run note "Back with a new laptop." --key dev2.key

step "The cooperative at a glance, and Ben's own view (his public key only: no passphrase)"
run status
run me --key ben2.key

step "Full verification, from the ledger file and from the offline bundle"
run verify
run verify --bundle audit-bundle --ledger-key "$ledger_key"
step "Incremental verification after the checkpoint the auditor kept: every earlier entry rehashed, later ones checked in full"
run checkpoint >/dev/null
run verify --since auditor-kept.checkpoint --keep auditor-kept.checkpoint

COOP="$COOP" bash "$here/scripts/cooperative-online.sh"
COOP="$COOP" bash "$here/scripts/practice-mutual.sh"

echo
echo "demo finished: every step above was signed, chained, checkpointed and verified."
