import CoopCanonicalJSON
import CoopCrypto
import CoopModel
import Dispatch
import Synchronization
import Testing

@testable import CoopLedger

private struct Stop: Error, Equatable {}

@Suite("The signing pipeline")
struct PipelineTests {
    @Test(arguments: [0, 1, 63, 127, 128, 129, 1000])
    func elementsComeBackInOrderWhileTheCallerSuppliesThem(count: Int) throws {
        let pipeline = Pipeline<Int, Int>(count: count) { $0 * 3 }
        defer { pipeline.drain() }
        var supplied: [Range<Int>] = []
        pipeline.supply { range in
            supplied.append(range)
            return Array(range)
        }
        #expect(supplied.map(\.count).reduce(0, +) == count)
        #expect(zip(supplied, supplied.dropFirst()).allSatisfy { $0.upperBound == $1.lowerBound })
        #expect(try (0..<count).map { try pipeline.element($0) } == (0..<count).map { $0 * 3 })
    }

    /// While the chunk it needs is still with a worker, the caller transforms chunks no one has
    /// taken: here the worker holding chunk 0 waits until chunk 1 is transformed, which on two
    /// cores (one worker) only the waiting caller can do.
    @Test func theCallerTransformsUntakenChunksWhileItWaits() throws {
        let chunkOneDone = DispatchSemaphore(value: 0)
        let timedOut = Mutex(false)
        let pipeline = Pipeline<Int, Int>(count: 4 * 64) { value in
            if value == 0, chunkOneDone.wait(timeout: .now() + 10) == .timedOut { timedOut.withLock { $0 = true } }
            if value == 64 { chunkOneDone.signal() }
            return value + 1
        }
        defer { pipeline.drain() }
        pipeline.supply { Array($0) }
        #expect(try (0..<(4 * 64)).map { try pipeline.element($0) } == (1...(4 * 64)).map { $0 })
        #expect(!timedOut.withLock { $0 }, "the chunk after a slow one was transformed only once the slow one was done")
    }

    @Test func aProducerThatFailsStopsTheRestWithoutAWorkerLeftWaiting() throws {
        let pipeline = Pipeline<Int, Int>(count: 1000) { $0 }
        #expect(throws: Stop.self) {
            try pipeline.supply { range in
                if range.lowerBound >= 3 * 64 { throw Stop() }
                return Array(range)
            }
        }
        #expect(try pipeline.element(0) == 0)
        #expect(throws: Stop.self) { try pipeline.element(999) }
        pipeline.drain()  // returns: every chunk is done or failed
    }

    @Test func drainingWhatWasNeverSuppliedDoesNotHang() {
        let pipeline = Pipeline<Int, Int>(count: 500) { $0 }
        pipeline.drain()
        #expect(throws: (any Error).self) { try pipeline.element(10) }
    }

    @Test func aBatchThatCannotBeComposedHalfwayWritesNothing() throws {
        let coop = try TestCoop(members: 1)
        let before = try coop.ledger.state().size
        // Draft 200 carries text outside the canonical JSON profile (not NFC): composing it fails
        // after the chunks before it went to be signed.
        let drafts = (0..<300).map { i in
            Ledger.Draft(
                type: .note, body: .object(["text": .string(i == 200 ? "cafe\u{0301}" : "note \(i)")]), author: coop.id(2),
                key: coop.members[0])
        }
        #expect(throws: LedgerError.self) { try coop.ledger.append(drafts) }
        #expect(try coop.ledger.state().size == before)
        #expect(try coop.ledger.store.size() == before)
        // The ledger goes on: the same drafts without the bad one are appended and verify.
        let good = drafts.enumerated().filter { $0.offset != 200 }.map(\.element)
        #expect(try coop.ledger.append(good).count == 299)
        #expect(try Verifier().verify(coop.ledger.store).ok)
    }
}
