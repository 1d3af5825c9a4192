import CoopGovernance
import CoopModel
import Foundation
import Testing

@Suite("Voting rules: presets and encoded form")
struct VotingRuleTests {
    @Test func presetsMatchRobertsRules() {
        #expect(VotingRule.majority.threshold == Ratio("1/2"))
        #expect(VotingRule.majority.base == .votesCast && VotingRule.majority.comparison == .strict)
        #expect(VotingRule.twoThirds.threshold == Ratio("2/3") && VotingRule.twoThirds.comparison == .inclusive)
        #expect(VotingRule.threeQuarters.threshold == Ratio("3/4") && VotingRule.threeQuarters.comparison == .inclusive)
        #expect(VotingRule.majorityOfElectorate.base == .electorate)
        #expect(VotingRule.majority.quorum == .none)
    }

    @Test func quorumNeededIsACeiling() {
        #expect(Quorum.fraction(Ratio("1/5")!).needed(electorate: 58) == 12)
        #expect(Quorum.fraction(Ratio("1/5")!).needed(electorate: 60) == 12)
        #expect(Quorum.fraction(Ratio("1/5")!).needed(electorate: 61) == 13)
        #expect(Quorum.count(7).needed(electorate: 3) == 7)
        #expect(Quorum.none.needed(electorate: 100) == 0)
    }

    @Test func encodesWithSchemaFieldNames() throws {
        let rule = VotingRule(
            quorum: .fraction(Ratio("1/5")!), threshold: Ratio("2/3")!, base: .votesCast, comparison: .inclusive,
            noticeDays: 14, votingDays: 7, proxies: ProxyRule(perHolderLimit: 2),
            eligibleClasses: ["therapist", "supporter"], proposers: .anyMember(seconds: 2))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let json = String(decoding: try encoder.encode(rule), as: UTF8.self)
        #expect(
            json == #"{"base":"votes-cast","comparison":"inclusive","eligible_classes":["therapist","supporter"],"#
                + #""notice_days":14,"proposers":{"any_member":{"seconds":2}},"proxies":{"per_holder_limit":2},"#
                + #""quorum":{"fraction":"1\/5"},"record_date":"proposal","threshold":"2\/3","voting_days":7}"#)
        #expect(try JSONDecoder().decode(VotingRule.self, from: Data(json.utf8)) == rule)
    }

    @Test func decodesTheBylawsDefaultRule() throws {
        let json = #"{"quorum": {"fraction": "1/5"}, "threshold": "1/2", "base": "votes-cast", "comparison": "strict", "proposers": "board"}"#
        let rule = try JSONDecoder().decode(VotingRule.self, from: Data(json.utf8))
        #expect(rule == VotingRule.majority.with(quorum: .fraction(Ratio("1/5")!)))
        #expect(rule.noticeDays == 0 && rule.votingDays == nil && rule.proxies == nil && rule.eligibleClasses == nil)
    }

    @Test func roundTripsEveryShape() throws {
        let rules = [
            VotingRule.majorityOfElectorate,
            VotingRule.twoThirds.with(quorum: .count(12)),
            VotingRule(threshold: Ratio("3/5")!, base: .ballotsCast, comparison: .inclusive, proposers: .roles(["secretary"])),
        ]
        for rule in rules {
            #expect(try JSONDecoder().decode(VotingRule.self, from: JSONEncoder().encode(rule)) == rule)
        }
    }

    @Test(arguments: [
        #"{"quorum": "none", "threshold": "3/2", "base": "votes-cast", "comparison": "strict", "proposers": "board"}"#,
        #"{"quorum": "none", "threshold": "0", "base": "votes-cast", "comparison": "strict", "proposers": "board"}"#,
        #"{"quorum": "some", "threshold": "1/2", "base": "votes-cast", "comparison": "strict", "proposers": "board"}"#,
        #"{"quorum": {"count": 3, "fraction": "1/5"}, "threshold": "1/2", "base": "votes-cast", "comparison": "strict", "proposers": "board"}"#,
        #"{"quorum": "none", "threshold": "1/2", "base": "votes", "comparison": "strict", "proposers": "board"}"#,
        #"{"quorum": "none", "threshold": "1/2", "base": "votes-cast", "comparison": "strict", "proposers": "board", "notice_days": -1}"#,
        #"{"quorum": "none", "threshold": "1/2", "base": "votes-cast", "comparison": "strict", "proposers": "board", "eligible_classes": []}"#,
        #"{"quorum": "none", "threshold": "1/2", "base": "votes-cast", "comparison": "strict", "proposers": "board", "proxies": {"per_holder_limit": 0}}"#,
        #"{"quorum": "none", "threshold": "1/2", "base": "votes-cast", "comparison": "strict", "proposers": {"roles": []}}"#,
        #"{"quorum": "none", "threshold": "1/2", "base": "votes-cast", "comparison": "strict"}"#,
    ])
    func refusesRulesNoBylawsCouldMean(_ json: String) {
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(VotingRule.self, from: Data(json.utf8)) }
    }
}
