import CoopGovernance

/// A published test election with another implementation's documented results: the 2005 GPUS
/// Steering Committee election (94 ballots, 13 candidates, 4 seats), file `test/blt/SC.blt` of
/// Droop (Jonathan Lundell's STV counter, github.com/jklundell/droop), with Droop's reference
/// reports `test/ref/dump/SC-scotland-fixed-p5-d5.txt` (Scottish rules, 5 places) and
/// `SC-meek-prf-o6-fixed-p9-d9.txt` (PR Foundation Reference Meek Rule, 9 places, omega
/// 10^-6). Only the ballots are taken (data, not code); every number below is Droop's, copied
/// from those reports, and the counts here must reproduce them digit for digit.
///
/// The four candidates with no vote at all tie for exclusion at every stage; Droop draws them
/// by its own lot, coop by the seeded draw, so which of them goes in which round differs, but
/// since they hold no papers no other number can.
enum GPUS2005 {
    static let blt = """
        13 4
        1 7 8 9 11 12 0
        1 7 8 9 11 12 0
        1 13 7 5 4 2 1 0
        1 5 13 2 7 4 1 0
        1 13 4 1 2 0
        1 4 2 13 1 3 0
        1 4 13 2 7 0
        1 7 8 12 1 13 9 2 4 11 5 0
        1 1 13 3 4 7 5 2 0
        1 4 1 13 7 3 5 2 0
        1 4 1 13 7 3 5 2 0
        1 1 4 13 2 7 5 3 9 8 12 11 0
        1 7 1 8 9 13 3 2 4 12 5 11 0
        1 7 8 9 11 12 0
        1 7 1 8 9 13 3 2 4 12 5 11 0
        1 7 8 9 11 12 0
        1 7 8 9 11 12 0
        1 7 8 9 11 12 0
        1 5 1 13 3 2 4 7 0
        1 7 8 9 3 12 2 13 5 1 4 0
        1 3 13 1 2 0
        1 3 13 1 2 0
        1 4 7 13 5 0
        1 4 5 13 3 2 1 0
        1 7 8 9 11 12 0
        1 7 9 8 12 11 2 13 0
        1 7 8 9 11 12 0
        1 7 8 9 11 12 0
        1 4 3 13 1 0
        1 4 3 13 1 0
        1 13 3 4 1 7 2 5 0
        1 3 13 4 1 7 2 5 0
        1 13 3 4 1 2 5 7 0
        1 13 1 4 2 5 3 7 0
        1 13 4 3 1 2 5 0
        1 3 13 1 4 2 7 5 0
        1 4 3 13 8 0
        1 4 3 13 1 0
        1 1 4 13 7 0
        1 1 4 13 7 0
        1 7 3 4 13 1 5 0
        1 9 11 8 7 0
        1 7 8 9 11 12 0
        1 13 3 5 2 0
        1 4 5 2 3 13 0
        1 13 5 2 4 1 3 7 0
        1 13 5 2 1 7 3 8 0
        1 7 8 9 12 11 0
        1 7 8 4 9 12 0
        1 13 4 7 2 8 0
        1 4 13 2 7 1 8 0
        1 7 8 11 9 12 0
        1 8 4 7 11 13 9 0
        1 7 4 2 13 0
        1 13 1 7 4 0
        1 4 1 2 13 9 5 0
        1 1 4 13 5 3 2 0
        1 7 5 4 8 11 2 13 1 3 9 12 0
        1 4 8 7 5 13 2 1 3 9 0
        1 3 4 7 2 12 13 8 1 5 0
        1 7 8 9 11 12 0
        1 7 8 11 9 0
        1 7 8 11 9 0
        1 7 8 9 11 12 0
        1 7 8 9 11 12 0
        1 7 8 9 11 12 0
        1 13 2 4 7 5 1 0
        1 7 8 9 11 12 0
        1 7 8 9 11 0
        1 7 8 9 11 12 0
        1 2 7 8 12 13 11 1 5 9 0
        1 4 7 8 2 0
        1 4 13 5 2 1 3 0
        1 13 4 7 3 1 5 8 2 9 0
        1 4 3 13 1 7 0
        1 13 4 1 3 0
        1 4 1 13 3 2 7 8 0
        1 2 4 13 5 0
        1 2 3 4 1 13 7 0
        1 3 1 4 13 0
        1 4 3 1 2 11 0
        1 3 1 4 13 2 7 0
        1 4 1 2 8 3 0
        1 4 1 5 13 2 3 0
        1 4 1 5 13 2 3 0
        1 7 8 9 11 12 0
        1 7 8 9 11 12 0
        1 13 7 3 2 5 4 1 0
        1 13 5 7 2 4 1 0
        1 7 8 9 11 12 0
        1 1 13 3 7 2 4 5 0
        1 13 1 2 7 4 5 3 0
        1 13 1 2 7 4 5 3 0
        1 3 1 4 2 13 7 9 5 8 0
        0
        "Budd Dickinson"
        "Kirit Mookerjee"
        "Tom Sevigny"
        "Pat LaMarche"
        "Michael Piacsek"
        "Write-In 2"
        "Rebecca Rotzler"
        "Kristen Olsen"
        "Jason Jones"
        "Write-In 1"
        "Steve Greenfield"
        "Jimmy Leas"
        "Steve Kramer"
        "GPUS Steering Committee Election 2005-07-24"
        """

    static let budd = "Budd Dickinson", kirit = "Kirit Mookerjee", tom = "Tom Sevigny", pat = "Pat LaMarche"
    static let michael = "Michael Piacsek", rebecca = "Rebecca Rotzler", kristen = "Kristen Olsen"
    static let jason = "Jason Jones", kramer = "Steve Kramer"
    static let zeros = ["Write-In 2", "Write-In 1", "Steve Greenfield", "Jimmy Leas"]
}
