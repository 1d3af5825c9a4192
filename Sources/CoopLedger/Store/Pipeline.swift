import Dispatch
import Foundation

/// Results of a costly pure transform (signing or checking signatures, then logging and
/// decoding), computed on other cores in chunks while the caller consumes them in order: the
/// caller judges and writes entry *i* while later entries are still being prepared. Small
/// inputs are transformed on the calling thread, where handing work to others costs more than
/// it saves.
final class Pipeline<T: Sendable, U: Sendable>: Sendable {
    /// Elements per chunk handed to a worker.
    static var chunkSize: Int { 64 }

    private let items: [T]
    private let transform: @Sendable (T) throws -> U
    private let chunks: [Completion<[U]>]

    /// How many threads transform.
    enum Workers {
        /// One core is left to the caller, which judges and writes in order (a light
        /// transform: signing).
        case allButOne
        /// Every core (a heavy one: checking signatures, which the caller would otherwise wait for).
        case all
    }

    init(_ items: [T], workers: Workers = .allButOne, transform: @escaping @Sendable (T) throws -> U) {
        self.items = items
        self.transform = transform
        let count = items.count < 2 * Self.chunkSize ? 0 : (items.count + Self.chunkSize - 1) / Self.chunkSize
        chunks = (0..<count).map { _ in Completion() }
        // Each worker takes every `workers`-th chunk, in order, so the next chunk is ready soonest.
        let cores = ProcessInfo.processInfo.activeProcessorCount
        let workers = min(count, max(1, workers == .all ? cores : cores - 1))
        for w in 0..<workers {
            DispatchQueue.global(qos: .userInitiated).async { [items, chunks] in
                for c in stride(from: w, to: chunks.count, by: workers) {
                    let range = (c * Self.chunkSize)..<min(items.count, (c + 1) * Self.chunkSize)
                    chunks[c].fulfil(Result { try items[range].map(transform) })
                }
            }
        }
    }

    var count: Int { items.count }

    /// The transform of element `i`, waiting for its chunk when a worker has it.
    func element(_ i: Int) throws -> U {
        guard !chunks.isEmpty else { return try transform(items[i]) }
        return try chunks[i / Self.chunkSize].value()[i % Self.chunkSize]
    }

    /// Waits for every chunk, so no worker outlives a transaction that stopped early.
    func drain() {
        for chunk in chunks where !chunk.isFulfilled { _ = try? chunk.value() }
    }
}
