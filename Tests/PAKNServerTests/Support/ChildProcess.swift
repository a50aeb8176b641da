import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Runs a program for a test without the traps of Foundation's `Process` on Linux:
/// - `waitUntilExit()` spins a core while it waits (its run loop has no source to sleep on): with two cores and
///   parallel tests, one waiting test starves the servers the others talk to. Here the end is awaited with
///   `terminationHandler`, set before `run()`, on a semaphore.
/// - a child that never ends held the test, and CI, for ever (the hang of 2026-12-04: `pakn jobs` missed a
///   SIGTERM and the test waited on it). Here every wait has a deadline, after which the child is killed
///   (SIGKILL) and the result says so.
/// - standard output and error are read on threads of their own, so a child that fills one pipe while the test
///   reads the other cannot stall, and no thread of Swift's cooperative pool blocks on a pipe.
enum ChildProcess {
    struct Result {
        let status: Int32
        let reason: Process.TerminationReason
        let out: Data
        let err: Data
        /// The child ran past its deadline and was killed.
        let timedOut: Bool
        var outText: String { String(decoding: out, as: UTF8.self) }
        var errText: String { String(decoding: err, as: UTF8.self) }
    }

    /// A running child whose standard error is collected as it comes.
    final class Running: @unchecked Sendable {
        let process: Process
        private let condition = NSCondition()
        private var collected = Data()
        private var ended = false
        private var readerDone = false

        fileprivate init(process: Process) { self.process = process }

        /// Standard error so far.
        var errorText: String {
            condition.lock(); defer { condition.unlock() }
            return String(decoding: collected, as: UTF8.self)
        }

        fileprivate func append(_ chunk: Data) {
            condition.lock(); collected.append(chunk); condition.broadcast(); condition.unlock()
        }

        fileprivate func finishReading() {
            condition.lock(); readerDone = true; condition.broadcast(); condition.unlock()
        }

        fileprivate func markEnded() {
            condition.lock(); ended = true; condition.broadcast(); condition.unlock()
        }

        /// Waits until standard error contains `text` (true), or the child ended or `timeout` seconds passed (false).
        func waitForError(containing text: String, timeout: TimeInterval) -> Bool {
            let deadline = Date().addingTimeInterval(timeout)
            condition.lock(); defer { condition.unlock() }
            while !String(decoding: collected, as: UTF8.self).contains(text) {
                if ended || readerDone || !condition.wait(until: deadline) { return String(decoding: collected, as: UTF8.self).contains(text) }
            }
            return true
        }

        /// Waits for the end, at most `timeout` seconds; past it the child is killed. True when it ended by itself.
        func waitForExit(timeout: TimeInterval) -> Bool {
            let deadline = Date().addingTimeInterval(timeout)
            condition.lock()
            while !ended {
                if !condition.wait(until: deadline) { break }
            }
            let byItself = ended
            condition.unlock()
            if !byItself {
                kill(process.processIdentifier, SIGKILL)
                condition.lock(); while !ended { condition.wait() }; condition.unlock()
            }
            return byItself
        }
    }

    /// Starts `executable` with standard output discarded and standard error collected.
    static func start(_ executable: URL, _ arguments: [String], environment: [String: String]? = nil) throws -> Running {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let environment { process.environment = environment }
        let err = Pipe()
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = err
        let running = Running(process: process)
        process.terminationHandler = { _ in running.markEnded() }
        try process.run()
        Thread.detachNewThread {
            let handle = err.fileHandleForReading
            while true {
                let chunk = handle.availableData
                if chunk.isEmpty { break }
                running.append(chunk)
            }
            running.finishReading()
        }
        return running
    }

    /// Runs `executable` to its end (at most `timeout` seconds), writing `input` to its standard input.
    static func run(_ executable: URL, _ arguments: [String], environment: [String: String]? = nil, currentDirectory: URL? = nil,
                    input: Data? = nil, timeout: TimeInterval = 120) throws -> Result {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let environment { process.environment = environment }
        if let currentDirectory { process.currentDirectoryURL = currentDirectory }
        let inPipe = Pipe(), out = Pipe(), err = Pipe()
        process.standardInput = input == nil ? FileHandle.nullDevice : inPipe
        process.standardOutput = out
        process.standardError = err
        let ended = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in ended.signal() }
        try process.run()
        /// What a reader thread read, behind a lock (the waiting thread may look before a stuck reader is done).
        final class Box: @unchecked Sendable {
            private let lock = NSLock()
            private var bytes = Data()
            var data: Data { lock.lock(); defer { lock.unlock() }; return bytes }
            func set(_ data: Data) { lock.lock(); bytes = data; lock.unlock() }
        }
        let outBox = Box(), errBox = Box()
        let readers = DispatchGroup()
        for (pipe, box) in [(out, outBox), (err, errBox)] {
            readers.enter()
            Thread.detachNewThread {
                box.set(pipe.fileHandleForReading.readDataToEndOfFile())
                readers.leave()
            }
        }
        if let input {
            // On a thread of its own, so that a child that does not read cannot block the deadline; a child that
            // ended early makes the write fail (EPIPE, SIGPIPE ignored), not the test runner.
            signal(SIGPIPE, SIG_IGN)
            Thread.detachNewThread {
                try? inPipe.fileHandleForWriting.write(contentsOf: input)
                try? inPipe.fileHandleForWriting.close()
            }
        }
        var timedOut = false
        if ended.wait(timeout: .now() + timeout) == .timedOut {
            timedOut = true
            kill(process.processIdentifier, SIGKILL)
            ended.wait()
        }
        // The pipes reach their end with the child (a grandchild that kept them open would not let them: bounded).
        _ = readers.wait(timeout: .now() + 30)
        return Result(status: process.terminationStatus, reason: process.terminationReason, out: outBox.data, err: errBox.data,
                      timedOut: timedOut)
    }

    /// `run` on a thread of its own, for async tests: the caller's cooperative thread is free meanwhile (a child that
    /// talks to the test's own server needs that thread to be answered).
    static func runAsync(_ executable: URL, _ arguments: [String], environment: [String: String]? = nil,
                         input: Data? = nil, timeout: TimeInterval = 120) async throws -> Result {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread {
                continuation.resume(with: Swift.Result { try run(executable, arguments, environment: environment, input: input, timeout: timeout) })
            }
        }
    }
}
