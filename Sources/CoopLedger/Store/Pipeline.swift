import Dispatch
import Foundation
import Synchronization

/// Results of a costly pure transform (signing or checking signatures, then logging and
/// decoding), computed on other cores in chunks while the caller consumes them in order: the
/// caller judges and writes entry *i* while later entries are still being prepared, and
/// prepares chunks itself when it would otherwise wait. Small inputs are transformed on the
/// calling thread, where handing work to others costs more than it saves.
///
/// The caller supplies the inputs in order, a chunk at a time (`supply`): a worker starts on
/// the first chunk while the caller still composes the next ones.
final class Pipeline<T: Sendable, U: Sendable>: Sendable {
    /// Elements per chunk handed to a worker.
    static var chunkSize: Int { 64 }

    let count: Int
    private let transform: @Sendable (T) throws -> U
    /// The inputs, chunk by chunk, as the producer supplies them.
    private let inputs: [Completion<[T]>]
    /// The transformed chunks (none when the input is small: the caller transforms).
    private let chunks: [Completion<[U]>]
    /// The next chunk no one has taken: workers take chunks in order, and so does the caller
    /// while the chunk it needs is still being transformed (`element`).
    private let untaken = Atomic<Int>(0)

    /// How many threads transform.
    enum Workers {
        /// One core is left to the caller, which judges and writes in order (a light
        /// transform: signing).
        case allButOne
        /// Every core (a heavy one: checking signatures, which the caller would otherwise wait for).
        case all
    }

    /// A pipeline of `count` inputs that the caller supplies next, in order (`supply`).
    init(count: Int, workers: Workers = .allButOne, transform: @escaping @Sendable (T) throws -> U) {
        self.count = count
        self.transform = transform
        let pieces = (count + Self.chunkSize - 1) / Self.chunkSize
        inputs = (0..<pieces).map { _ in Completion() }
        chunks = count < 2 * Self.chunkSize ? [] : (0..<pieces).map { _ in Completion() }
        // Each worker takes the next chunk no one has, in order, so the next chunk is ready soonest.
        let cores = Cores.available
        let threads = min(chunks.count, max(1, workers == .all ? cores : cores - 1))
        for _ in 0..<threads {
            DispatchQueue.global(qos: .userInitiated).async { [self] in
                while transformNextChunk() {}
            }
        }
    }

    /// Takes the next chunk no one has and transforms it; false when every chunk is taken.
    private func transformNextChunk() -> Bool {
        let c = untaken.wrappingAdd(1, ordering: .relaxed).oldValue
        guard c < chunks.count else { return false }
        chunks[c].fulfil(Result { try inputs[c].value().map(transform) })
        return true
    }

    /// Supplies every input in order, one chunk at a time: `produce` gives the inputs of a range
    /// of indices. When it throws, the chunks not yet supplied fail with its error (so no worker
    /// waits for them) and the error is rethrown.
    func supply(_ produce: (Range<Int>) throws -> [T]) rethrows {
        for (c, input) in inputs.enumerated() {
            let range = (c * Self.chunkSize)..<min(count, (c + 1) * Self.chunkSize)
            do {
                let items = try produce(range)
                precondition(items.count == range.count, "a pipeline chunk of the wrong size")
                input.fulfil(.success(items))
            } catch {
                for rest in inputs[c...] { rest.fulfil(.failure(error)) }
                throw error
            }
        }
    }

    /// The transform of element `i`. While a worker still has its chunk, the caller transforms
    /// chunks no one has taken yet rather than wait: with one core left to the caller (signing),
    /// admissions (a signature and a key check each) kept the one signing core busy while the
    /// caller waited for it.
    func element(_ i: Int) throws -> U {
        guard !chunks.isEmpty else { return try transform(try inputs[i / Self.chunkSize].value()[i % Self.chunkSize]) }
        let chunk = chunks[i / Self.chunkSize]
        while !chunk.isFulfilled, transformNextChunk() {}
        return try chunk.value()[i % Self.chunkSize]
    }

    /// Waits for every chunk, so no worker outlives a transaction that stopped early; inputs
    /// never supplied (the caller stopped first) fail, so no worker waits for them. Called by
    /// the thread that supplies.
    func drain() {
        for input in inputs where !input.isFulfilled { input.fulfil(.failure(CancellationError())) }
        for chunk in chunks where !chunk.isFulfilled { _ = try? chunk.value() }
    }
}
