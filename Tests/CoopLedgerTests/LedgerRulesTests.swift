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
            try coop.ledger.append(type: .memberAdmit, body: .object([
                "id": .string("m3"), "name": .string("Intruder"), "key": .string(try testKey(99).publicKey.text),
            ]), author: coop.id(2), key: coop.members[0])
        } throws: { error in
            guard case let .unauthorized(index, author, type, reason)? = error as? LedgerError else { return false }
            return index == before && author == "m2" && type == "member.admit" && reason.contains("secretary")
        }
        #expect(try coop.ledger.store.size() == before)
    }

    @Test func grantedRolesAuthorizeAndRevokedRolesStop() throws {
        let coop = try TestCoop(members: 2)
        try coop.ledger.append(type: .roleGrant, body: .object(["member": "m2", "role": "secretary"]), author: coop.m1, key: coop.founder)
        try coop.ledger.append(type: .memberAdmit, body: .object([
            "id": "m4", "name": "Admitted by m2", "key": .string(try testKey(50).publicKey.text),
        ]), author: coop.id(2), key: coop.members[0])
        try coop.ledger.append(type: .roleRevoke, body: .object(["member": "m2", "role": "secretary"]), author: coop.m1, key: coop.founder)
        #expect(throws: LedgerError.self) {
            try coop.ledger.append(type: .memberAdmit, body: .object([
                "id": "m5", "name": "Too late", "key": .string(try testKey(51).publicKey.text),
            ]), author: coop.id(2), key: coop.members[0])
        }
        #expect(try coop.verify().ok)
    }

    @Test func theLastSecretaryCannotBeRemoved() throws {
        let coop = try TestCoop(members: 0)
        #expect {
            try coop.ledger.append(type: .roleRevoke, body: .object(["member": "m1", "role": "secretary"]), author: coop.m1, key: coop.founder)
        } throws: { error in
            guard case let .invalidBody(_, _, reason)? = error as? LedgerError else { return false }
            return reason.contains("only secretary")
        }
    }

    @Test func memberIdsAreAssignedInOrderAndKeysAreNeverReused() throws {
        let coop = try TestCoop(members: 1)
        #expect(throws: LedgerError.self) {
            try coop.ledger.append(type: .memberAdmit, body: .object([
                "id": "m9", "name": "Skipped ahead", "key": .string(try testKey(60).publicKey.text),
            ]), author: coop.m1, key: coop.founder)
        }
        #expect(throws: LedgerError.self) {
            try coop.admit(name: "Same key", key: coop.members[0])
        }
    }

    @Test func rotatedAndRevokedKeysAreRefused() throws {
        let coop = try TestCoop(members: 2)
        let newKey = try testKey(70)
        try coop.ledger.append(type: .keyRotate, body: .object(["new_key": .string(newKey.publicKey.text)]),
                               author: coop.id(2), key: coop.members[0])
        #expect {
            try coop.note("with the old key", by: 2, key: coop.members[0])
        } throws: { error in
            guard case let .keyNotInForce(_, author, reason)? = error as? LedgerError else { return false }
            return author == "m2" && reason.contains("rotated")
        }
        try coop.note("with the new key", by: 2, key: newKey)

        try coop.ledger.append(type: .keyRevoke, body: .object(["member": "m3", "reason": "laptop stolen"]),
                               author: coop.m1, key: coop.founder)
        #expect(throws: LedgerError.self) { try coop.note("after revocation", by: 3, key: coop.members[1]) }
        let replacement = try testKey(71)
        try coop.ledger.append(type: .keyRevoke, body: .object(["member": "m3", "new_key": .string(replacement.publicKey.text)]),
                               author: coop.m1, key: coop.founder)
        try coop.note("with the replacement", by: 3, key: replacement)
        #expect(try coop.verify().ok)
    }

    @Test func aReplayedStatementIsRefused() throws {
        let coop = try TestCoop(members: 1)
        let stored = try coop.note("once", by: 2, key: coop.members[0])
        #expect {
            try coop.ledger.submit(stored.entry)
        } throws: { error in
            guard case let .chainBroken(_, _, reason)? = error as? LedgerError else { return false }
            return reason.contains("already used")
        }
    }

    @Test func anEntryFromAnotherLedgerIsRefused() throws {
        let coop = try TestCoop(members: 1)
        // m2 signs a statement for another cooperative's ledger; it is submitted here.
        let otherID = LedgerID("ffeeddccbbaa99887766554433221100")!
        let statement = Statement(ledger: otherID, author: coop.id(2), key: coop.members[0].publicKey, seq: 1, prev: nil,
                                  time: testTime, type: .note, body: .object(["text": "replayed"]))
        let signed = try SignedEntry.sign(statement, with: coop.members[0])
        #expect {
            try coop.ledger.submit(signed)
        } throws: { error in
            guard case .wrongLedger? = error as? LedgerError else { return false }
            return true
        }
    }

    @Test func offlineEntriesAreCheckedOnSubmit() throws {
        let coop = try TestCoop(members: 1)
        let prepared = try coop.ledger.prepare(type: .note, body: .object(["text": "signed offline"]), author: coop.id(2), key: coop.members[0])
        let stored = try coop.ledger.submit(prepared)
        #expect(stored.index == 2)

        // A forged signature: the statement is changed after signing.
        let forged = SignedEntry(statementBytes: Array(String(decoding: prepared.statementBytes, as: UTF8.self)
            .replacingOccurrences(of: "signed offline", with: "signed offlinE").utf8), signature: prepared.signature)
        #expect(throws: LedgerError.self) { try coop.ledger.submit(forged) }
        #expect(try coop.ledger.store.size() == 3)
    }

    @Test func unknownEntryTypesAndBadBodiesAreRefused() throws {
        let coop = try TestCoop(members: 0)
        #expect {
            try coop.ledger.append(type: EntryType("member.teleport"), body: .object([:]), author: coop.m1, key: coop.founder)
        } throws: { error in
            guard case let .unknownEntryType(_, type)? = error as? LedgerError else { return false }
            return type == "member.teleport"
        }
        #expect {
            try coop.ledger.append(type: .note, body: .object(["text": "hi", "colour": "blue"]), author: coop.m1, key: coop.founder)
        } throws: { error in
            guard case let .invalidBody(_, _, reason)? = error as? LedgerError else { return false }
            return reason.contains("colour")
        }
        #expect(try coop.ledger.store.size() == 1)
    }

    /// A refused body names the field and what it needed, in JSON's terms, and never echoes
    /// more than a short piece of a long value.
    @Test func badBodiesAreExplainedFieldByField() throws {
        let coop = try TestCoop(members: 1)
        func reason(_ type: EntryType, _ body: [String: JSONValue]) -> String? {
            do {
                try coop.ledger.append(type: type, body: .object(body), author: coop.m1, key: coop.founder)
                return nil
            } catch let LedgerError.invalidBody(_, _, reason) {
                return reason
            } catch {
                return "\(error)"
            }
        }
        #expect(reason(.note, ["text": 17])?.contains("\"text\"") == true)
        #expect(reason(.roleGrant, ["role": "treasurer"]) == "the object at $ has no key \"member\"")
        #expect(reason(.roleGrant, ["member": "member two", "role": "treasurer"])
                == "field \"member\": not a member id (m1, m2, ...): member two")
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
            guard case let .malformedEntry(_, reason)? = error as? LedgerError else { return false }
            return reason.contains("canonical")
        }
    }

    @Test func aBatchIsAllOrNothing() throws {
        let coop = try TestCoop(members: 1)
        let before = try coop.ledger.store.size()
        #expect(throws: LedgerError.self) {
            try coop.ledger.appendAll([
                (.note, .object(["text": "fine"]), coop.id(2), coop.members[0]),
                (.memberAdmit, .object(["id": "m3", "name": "x", "key": .string(try testKey(80).publicKey.text)]), coop.id(2), coop.members[0]),
            ])
        }
        #expect(try coop.ledger.store.size() == before)
        #expect(try coop.verify().ok)
    }

    @Test func aClaimedTimeNeverGoesBackwardsForAnAuthor() throws {
        let coop = try TestCoop(members: 1)
        try coop.note("first", by: 2, key: coop.members[0])
        let head = try #require(try coop.ledger.state().heads[coop.id(2)])
        let early = Statement(ledger: testLedgerID!, author: coop.id(2), key: coop.members[0].publicKey, seq: head.seq + 1,
                              prev: head.hash, time: Timestamp(secondsSinceEpoch: testTime.secondsSinceEpoch - 3600),
                              type: .note, body: .object(["text": "backdated"]))
        #expect {
            try coop.ledger.submit(try SignedEntry.sign(early, with: coop.members[0]))
        } throws: { error in
            guard case .timeWentBackwards? = error as? LedgerError else { return false }
            return true
        }
    }
}
