import CoopImport
import CoopModel
import Foundation

/// The treasurer's tax-id file (CSV `member,name,tin,address`): taxpayer identification numbers
/// and mailing addresses, which never go into the ledger (it is shared with every member and
/// auditor). The row whose member is `payer` is the cooperative itself.
///
/// No TIN ever appears in an error message: the messages name members and line numbers only.
struct TaxIDFile {
    /// One payer or recipient as the file gives it (`name` may be empty: the ledger's is used).
    struct Party {
        let name: String
        let tin: String
        let address: String

        /// A form cannot be filed without a TIN and a mailing address.
        var isComplete: Bool { !tin.isEmpty && !address.isEmpty }
    }

    static let payerKey = "payer"

    let path: String
    let payer: Party?
    let members: [MemberID: Party]

    init(path: String) throws {
        let table = try readCSV(path: path, required: ["member", "name", "tin", "address"])
        var payer: Party?
        var members: [MemberID: Party] = [:]
        for (line, fields) in table.rows {
            func value(_ column: String) -> String { table.value(column, in: fields).trimmingCharacters(in: .whitespaces) }
            let party = Party(name: value("name"), tin: value("tin"), address: value("address"))
            let key = value("member")
            if key == Self.payerKey {
                guard payer == nil else { throw CLIError.unreadable(path: path, reason: "line \(line): a second \"payer\" row; keep one") }
                payer = party
            } else if let id = MemberID(key) {
                guard members[id] == nil else { throw CLIError.unreadable(path: path, reason: "line \(line): a second row for \(id); keep one") }
                members[id] = party
            } else {
                throw CLIError.unreadable(path: path, reason: "line \(line): the member column holds a member id (m1, m2, ...) or \"payer\"")
            }
        }
        self.path = path
        self.payer = payer
        self.members = members
    }

    /// Who the forms of `recipients` cannot be filled in for: `payer` and each member without a
    /// row, or whose row lacks a TIN or an address; empty when every form can be filled in.
    func missing(for recipients: [MemberID]) -> [String] {
        (payer?.isComplete == true ? [] : [Self.payerKey])
            + recipients.filter { members[$0]?.isComplete != true }.map(\.description)
    }
}
