import CoopCanonicalJSON
import CoopCrypto
import CoopLedger
import CoopModel
import Foundation
import Testing

@Suite("Appending: who may write what")
struct LedgerRulesTests {
    @Test func genesisSeatsTheFounderAndAdmissionsNumberMembers() throws {
        let coop = try TestCoop(members: 2)
        let state = try coop.ledger.state()
        #expect(state.size == 3)
        #expect(state.name == "Riverbend Clinicians Cooperative")
        #expect(state.members[coop.m1]?.roles == [.secretary, .treasurer, .board])
        #expect(state.members[coop.id(3)]?.name == "Member 3")
        #expect(state.nextMemberNumber == 4)
        #expect(state.heads[coop.m1]?.seq == 3)
        #expect(state.origin == "coop.ledger/00112233445566778899aabbccddeeff")
    }

    @Test func aMemberWithoutTheSecretaryRoleCannotAdmit() throws {
        let coop = try TestCoop(members: 1)
        let before = try coop.ledger.store.size()
        #expect {
            try coop.ledger.append(
                type: .memberAdmit,
                body: .object([
                    "name": .string("Intruder"), "key": .string(try testKey(99).publicKey.text),
                ]), author: coop.id(2), key: coop.members[0])
        } throws: { error in
            guard let r = (error as? LedgerError)?.refusal, r.code == .unauthorized else { return false }
            return r.index == before && r.author == "m2" && r.type == "member.admit" && r.reason.contains("secretary")
        }
        #expect(try coop.ledger.store.size() == before)
    }

    @Test func grantedRolesAuthorizeAndRevokedRolesStop() throws {
        let coop = try TestCoop(members: 2)
        try coop.ledger.append(type: .roleGrant, body: .object(["member": "m2", "role": "secretary"]), author: coop.m1, key: coop.founder)
        try coop.ledger.append(
            type: .memberAdmit,
            body: .object([
                "name": "Admitted by m2", "key": .string(try testKey(50).publicKey.text),
            ]), author: coop.id(2), key: coop.members[0])
        try coop.ledger.append(type: .roleRevoke, body: .object(["member": "m2", "role": "secretary"]), author: coop.m1, key: coop.founder)
        #expect {
            try coop.ledger.append(
                type: .memberAdmit,
                body: .object([
                    "name": "Too late", "key": .string(try testKey(51).publicKey.text),
                ]), author: coop.id(2), key: coop.members[0])
        } throws: { error in
            (error as? LedgerError)?.refusal?.code == .unauthorized
        }
        #expect(try coop.verify().ok)
    }

    @Test func theLastSecretaryCannotBeRemoved() throws {
        let coop = try TestCoop(members: 0)
        #expect {
            try coop.ledger.append(type: .roleRevoke, body: .object(["member": "m1", "role": "secretary"]), author: coop.m1, key: coop.founder)
        } throws: { error in
            guard let r = (error as? LedgerError)?.refusal else { return false }
            return r.code == .lastSecretary && r.field == "role"
        }
    }

    @Test func memberIdsAreAssignedInOrderAndKeysAreNeverReused() throws {
        let coop = try TestCoop(members: 1)
        // The ledger assigns the id: a body may not name one.
        #expect {
            try coop.ledger.append(
                type: .memberAdmit,
                body: .object([
                    "id": "m9", "name": "Skipped ahead", "key": .string(try testKey(60).publicKey.text),
                ]), author: coop.m1, key: coop.founder)
        } throws: { error in
            guard let r = (error as? LedgerError)?.refusal else { return false }
            return r.code == .field && r.field == "id"
        }
        #expect {
            try coop.admit(name: "Same key", key: coop.members[0])
        } throws: { error in
            guard let r = (error as? LedgerError)?.refusal else { return false }
            return r.code == .keyReused && r.field == "key"
        }
        let admitted = try coop.admit(name: "Next in line", key: try testKey(61))
        #expect(try coop.ledger.state().members[coop.id(3)]?.admittedAt == admitted.index)
    }

    @Test func rotatedAndRevokedKeysAreRefused() throws {
        let coop = try TestCoop(members: 2)
        let newKey = try testKey(70)
        try coop.ledger.append(
            type: .keyRotate, body: .object(["new_key": .string(newKey.publicKey.text)]),
            author: coop.id(2), key: coop.members[0])
        #expect {
            try coop.note("with the old key", by: 2, key: coop.members[0])
        } throws: { error in
            guard let r = (error as? LedgerError)?.refusal, r.code == .keyNotInForce else { return false }
            return r.author == "m2" && r.reason.contains("rotated")
        }
        try coop.note("with the new key", by: 2, key: newKey)

        // An officer alone may not revoke a key (dual control by default, without machine bylaws too).
        #expect {
            try coop.ledger.append(
                type: .keyRevoke, body: .object(["member": "m3", "reason": "laptop stolen"]),
                author: coop.m1, key: coop.founder)
        } throws: { error in
            guard let r = (error as? LedgerError)?.refusal, r.code == .countersignature else { return false }
            return r.type == "key.revoke" && r.reason.contains("second officer")
        }
        try coop.ledger.append(type: .roleGrant, body: .object(["member": "m2", "role": "treasurer"]), author: coop.m1, key: coop.founder)
        try coop.countersigned(.keyRevoke, ["member": "m3", "reason": "laptop stolen"], by: 2, key: newKey)
        #expect(throws: LedgerError.self) { try coop.note("after revocation", by: 3, key: coop.members[1]) }
        #expect(try coop.verify().ok)
    }

    @Test func aRecoveredKeyComesIntoForceAfterTheDelayUnlessTheMemberCancels() throws {
        let clock = SettableClock("2026-11-23T12:00:00Z")
        let coop = try TestCoop(members: 3, clock: clock)
        try coop.ledger.append(type: .roleGrant, body: .object(["member": "m2", "role": "treasurer"]), author: coop.m1, key: coop.founder)
        let replacement = try testKey(71)
        try coop.countersigned(.keyRevoke, ["member": "m3", "new_key": .string(replacement.publicKey.text)], by: 2, key: coop.members[0])
        // Until the delay (7 days by default) has run, the old key is in force and the new one is not.
        try coop.note("still mine", by: 3, key: coop.members[1])
        #expect {
            try coop.note("too early", by: 3, key: replacement)
        } throws: { error in
            guard let r = (error as? LedgerError)?.refusal, r.code == .keyNotInForce else { return false }
            return r.reason.contains("not in force yet")
        }
        clock.set("2026-11-30T12:00:01Z")
        try coop.note("with the recovered key", by: 3, key: replacement)
        #expect(throws: LedgerError.self) { try coop.note("old key", by: 3, key: coop.members[1]) }
        #expect(try coop.ledger.state().members[coop.id(3)]?.recoveredAt != nil)

        // m4's recovery is cancelled by m4's own key within the delay: the new key never comes in.
        let unwanted = try testKey(72)
        try coop.countersigned(.keyRevoke, ["member": "m4", "new_key": .string(unwanted.publicKey.text)], by: 2, key: coop.members[0])
        try coop.ledger.append(
            type: .keyCancelRecovery, body: .object(["reason": "I still have my key"]), author: coop.id(4),
            key: coop.members[2])
        clock.set("2026-12-31")
        #expect(throws: LedgerError.self) { try coop.note("never", by: 4, key: unwanted) }
        try coop.note("mine all along", by: 4, key: coop.members[2])
        #expect(try coop.verify().ok)
    }

    @Test func aReplayedStatementIsRefused() throws {
        let coop = try TestCoop(members: 1)
        let stored = try coop.note("once", by: 2, key: coop.members[0])
        #expect {
            try coop.ledger.submit(stored.entry.signed)
        } throws: { error in
            guard let r = (error as? LedgerError)?.refusal, r.code == .chainBroken else { return false }
            return r.author == "m2" && r.reason.contains("already used")
        }
    }

    @Test func anEntryFromAnotherLedgerIsRefused() throws {
        let coop = try TestCoop(members: 1)
        // m2 signs a statement for another cooperative's ledger; it is submitted here.
        let otherID = LedgerID("ffeeddccbbaa99887766554433221100")!
        let statement = Statement(
            ledger: otherID, author: coop.id(2), key: coop.members[0].publicKey, seq: 1, prev: nil,
            time: testTime, type: .note, body: .object(["text": "replayed"]))
        let signed = try SignedEntry.sign(statement, with: coop.members[0])
        #expect {
            try coop.ledger.submit(signed)
        } throws: { error in
            (error as? LedgerError)?.refusal?.code == .wrongLedger
        }
    }

    @Test func offlineEntriesAreCheckedOnSubmit() throws {
        let coop = try TestCoop(members: 1)
        let prepared = try coop.ledger.prepare(type: .note, body: .object(["text": "signed offline"]), author: coop.id(2), key: coop.members[0])
        let stored = try coop.ledger.submit(prepared)
        #expect(stored.index == 2)

        // A forged signature: the statement is changed after signing.
        let forged = SignedEntry(
            statementBytes: Array(
                String(decoding: prepared.statementBytes, as: UTF8.self)
                    .replacingOccurrences(of: "signed offline", with: "signed offlinE").utf8), signatures: prepared.signatures)
        #expect(throws: LedgerError.self) { try coop.ledger.submit(forged) }
        #expect(try coop.ledger.store.size() == 3)
    }

    @Test func unknownEntryTypesAndBadBodiesAreRefused() throws {
        let coop = try TestCoop(members: 0)
        #expect {
            try coop.ledger.append(type: EntryType("member.teleport"), body: .object([:]), author: coop.m1, key: coop.founder)
        } throws: { error in
            guard let r = (error as? LedgerError)?.refusal, r.code == .unknownType else { return false }
            return r.type == "member.teleport"
        }
        #expect {
            try coop.ledger.append(type: .note, body: .object(["text": "hi", "colour": "blue"]), author: coop.m1, key: coop.founder)
        } throws: { error in
            guard let r = (error as? LedgerError)?.refusal else { return false }
            return r.code == .field && r.field == "colour"
        }
        #expect(try coop.ledger.store.size() == 1)
    }

    /// A refused body names the field and what it needed, in JSON's terms, and never echoes
    /// more than a short piece of a long value.
    @Test func badBodiesAreExplainedFieldByField() throws {
        let coop = try TestCoop(members: 1)
        /// The field a `field` refusal names and its reason (or the error, when it is another).
        func refusal(_ type: EntryType, _ body: [String: JSONValue]) -> (field: String?, reason: String)? {
            do {
                try coop.ledger.append(type: type, body: .object(body), author: coop.m1, key: coop.founder)
                return nil
            } catch let LedgerError.refused(r) where r.code == .field {
                return (r.field, r.reason)
            } catch {
                return (nil, "\(error)")
            }
        }
        func reason(_ type: EntryType, _ body: [String: JSONValue]) -> String? { refusal(type, body)?.reason }
        #expect(reason(.note, ["text": 17])?.contains("\"text\"") == true)
        #expect(refusal(.note, ["text": 17])?.field == "text")
        #expect(reason(.roleGrant, ["role": "treasurer"]) == "the object at $ has no key \"member\"")
        #expect(refusal(.roleGrant, ["role": "treasurer"])?.field == "member")
        #expect(
            reason(.roleGrant, ["member": "member two", "role": "treasurer"])
                == "field \"member\": not a member id (m1, m2, ...): member two")
        #expect(refusal(.roleGrant, ["member": "member two", "role": "treasurer"])?.field == "member")
        let long = String(repeating: "m", count: 60_000)
        let clipped = try #require(reason(.roleGrant, ["member": .string(long), "role": "treasurer"]))
        #expect(clipped.hasPrefix("field \"member\": not a member id"), "\(clipped)")
        #expect(clipped.utf8.count < 300 && clipped.hasSuffix("bytes)"), "\(clipped.prefix(400))")
        #expect(try coop.ledger.store.size() == 2)
    }

    @Test func nonCanonicalBytesAreRefused() throws {
        let coop = try TestCoop(members: 1)
        let prepared = try coop.ledger.prepare(type: .note, body: .object(["text": "x"]), author: coop.id(2), key: coop.members[0])
        // Same JSON value with a space added, re-signed with the right key: still refused.
        let spaced = [UInt8]("{ ".utf8) + prepared.statementBytes.dropFirst()
        let sig = coop.members[0].signature(for: SignedEntry.signingMessage(spaced))
        #expect {
            try coop.ledger.submit(SignedEntry(statementBytes: spaced, signature: sig))
        } throws: { error in
            guard let r = (error as? LedgerError)?.refusal, r.code == .malformed else { return false }
            return r.reason.contains("canonical")
        }
    }

    @Test func aBatchIsAllOrNothing() throws {
        let coop = try TestCoop(members: 1)
        let before = try coop.ledger.store.size()
        #expect(throws: LedgerError.self) {
            try coop.ledger.appendAll([
                (.note, .object(["text": "fine"]), coop.id(2), coop.members[0]),
                (.memberAdmit, .object(["name": "x", "key": .string(try testKey(80).publicKey.text)]), coop.id(2), coop.members[0]),
            ])
        }
        #expect(try coop.ledger.store.size() == before)
        #expect(try coop.verify().ok)
    }

    @Test func aClaimedTimeIsAClaimThatMayBeEarlierButNotInTheFuture() throws {
        let clock = SettableClock("2026-11-23T12:00:00Z")
        let coop = try TestCoop(members: 1, clock: clock)
        try coop.note("first", by: 2, key: coop.members[0])
        // Signed offline "yesterday": accepted; the ledger gives it its own time, which decides.
        let head = try #require(try coop.ledger.state().heads[coop.id(2)])
        let early = Statement(
            ledger: testLedgerID!, author: coop.id(2), key: coop.members[0].publicKey, seq: head.seq + 1,
            prev: head.hash, time: Timestamp(secondsSinceEpoch: testTime.secondsSinceEpoch - 86_400),
            type: .note, body: .object(["text": "signed yesterday"]))
        let stored = try coop.ledger.submit(try SignedEntry.sign(early, with: coop.members[0]))
        #expect(stored.entry.ledgerTime == testTime)
        // Claiming a time later than the ledger time (plus the tolerance): refused, and said why.
        let next = try #require(try coop.ledger.state().heads[coop.id(2)])
        let future = Statement(
            ledger: testLedgerID!, author: coop.id(2), key: coop.members[0].publicKey, seq: next.seq + 1,
            prev: next.hash, time: Timestamp(secondsSinceEpoch: testTime.secondsSinceEpoch + 301),
            type: .note, body: .object(["text": "from the future"]))
        #expect {
            try coop.ledger.submit(try SignedEntry.sign(future, with: coop.members[0]))
        } throws: { error in
            guard let r = (error as? LedgerError)?.refusal, r.code == .claimedTimeAhead else { return false }
            return r.author == "m2" && r.detail.contains("claims 2026-11-23T12:05:01Z, later than the ledger time 2026-11-23T12:00:00Z")
        }
    }

    @Test func theLedgerClockNeverRunsBackwards() throws {
        let clock = SettableClock("2026-11-23T12:00:00Z")
        let coop = try TestCoop(members: 1, clock: clock)
        clock.set("2026-11-23T11:58:00Z")  // within the tolerance: the last time again
        let stored = try coop.note("a minute slow", by: 2, key: coop.members[0])
        #expect(stored.entry.ledgerTime == testTime)
        clock.set("2026-11-20T00:00:00Z")  // days behind: refused, nothing written
        let size = try coop.ledger.store.size()
        #expect {
            try coop.note("days slow", by: 2, key: coop.members[0])
        } throws: { error in
            guard case .clockBehind? = error as? LedgerError else { return false }
            return "\(error)".contains("set this machine's clock right")
        }
        #expect(try coop.ledger.store.size() == size)
    }
}
