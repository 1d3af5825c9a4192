import CoopAgent
import CoopCrypto

/// Signing through `coop agent`: when an agent is reachable (`$COOP_AGENT`, else the default
/// socket when one exists) and holds the public key of the --key file, write commands sign
/// through it: no passphrase, no key derivation. Otherwise the key file is unlocked as before,
/// and stderr says why once. No passphrase is ever sent to the agent here.
extension GlobalOptions {
    /// The --key / $COOP_KEY signer: the agent when it holds that key, else the key file
    /// unlocked with its passphrase (`signingKey`).
    func signingIdentity() throws -> any Ed25519Signer {
        guard let keyPath else { throw CLIError.missingKey }
        if let signer = agentSigner(forKeyFile: keyPath) { return signer }
        return try signingKey()
    }

    /// The agent's signer for the key in `keyPath`, or nil (said on stderr when an agent was
    /// expected but cannot sign). A key file that unlocking would refuse (missing, too open) is
    /// left to unlocking, which says what is wrong.
    func agentSigner(forKeyFile keyPath: String) -> AgentSigner? {
        guard let socket = AgentPaths.clientSocket(environment: CLIContext.current.environment),
            let publicKey = try? KeyFile.publicKey(ofPrivateFile: keyPath)
        else { return nil }
        let client = AgentClient(socketPath: socket)
        do {
            if try client.list().contains(where: { $0.publicKey == publicKey }) {
                return AgentSigner(client: client, publicKey: publicKey)
            }
            warn(
                "coop: the agent at \(socket) does not hold the key in \(keyPath); unlocking it with its passphrase "
                    + "(to sign without it: coop agent add \(keyPath))")
        } catch {
            warn("coop: \(error); unlocking \(keyPath) with its passphrase")
        }
        return nil
    }
}
