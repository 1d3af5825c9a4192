import CoopCrypto

/// The trustees' published encryption keys, checked: one valid key for each trustee 1...n.
struct TrusteeKeys {
    private let keys: [TrusteeKey]  // keys[j - 1] is trustee j's

    init(ceremony: TrusteeCeremony, keys: [TrusteeKey]) throws {
        var byTrustee: [Int: TrusteeKey] = [:]
        for key in keys {
            try key.verify(ceremony: ceremony)
            guard byTrustee[key.trustee] == nil else { throw SecretBallotError.duplicateStep(trustee: key.trustee, step: "an encryption key") }
            byTrustee[key.trustee] = key
        }
        let missing = (1...ceremony.count).filter { byTrustee[$0] == nil }
        guard missing.isEmpty else { throw SecretBallotError.missingTrusteeKeys(missing) }
        self.keys = (1...ceremony.count).compactMap { byTrustee[$0] }
    }

    func key(of trustee: Int) -> Ristretto255.Element { keys[trustee - 1].encryptionKey }
    func published(_ trustee: Int) -> TrusteeKey { keys[trustee - 1] }
}
