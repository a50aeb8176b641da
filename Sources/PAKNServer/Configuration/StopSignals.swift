import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// SIGTERM and SIGINT turned into one call of a Swift closure, armed when `install` returns.
///
/// Why not a `DispatchSource` signal source: it needs the signal set to `SIG_IGN` first, and libdispatch arms the
/// source later, on its manager thread; a signal that arrives in between is ignored and lost. `pakn jobs`, told to
/// stop right after it said it had started, then ran on (a test waited on it until CI's limit). Here a plain
/// `sigaction` handler, installed before `install` returns, writes the signal's number to a pipe (`write(2)` is
/// async-signal-safe, POSIX.1-2017 §2.4.3), and a thread of its own reads the pipe and calls the closure.
enum StopSignals {
    /// The pipe the handler writes to: made once, before any handler can run.
    nonisolated(unsafe) private static var pipeEnds: (read: Int32, write: Int32) = (-1, -1)
    private static let lock = NSLock()
    nonisolated(unsafe) private static var installed = false

    /// Installs the handler for `signals` (default SIGTERM and SIGINT) and calls `onStop` once, on a thread of its
    /// own, at the first of them; from then on they have their default action again (a second SIGTERM ends the
    /// process). Call once per process.
    /// - Throws: `POSIXError` when the pipe cannot be made or a handler cannot be installed.
    static func install(_ signals: [Int32] = [SIGTERM, SIGINT], onStop: @escaping @Sendable () -> Void) throws {
        lock.lock(); defer { lock.unlock() }
        precondition(!installed, "StopSignals.install is called once per process")
        var ends: [Int32] = [-1, -1]
        // Close-on-exec (no child inherits it); the write end non-blocking (a handler never waits on a full pipe).
        guard pipe(&ends) == 0, fcntl(ends[0], F_SETFD, FD_CLOEXEC) == 0, fcntl(ends[1], F_SETFD, FD_CLOEXEC) == 0,
              fcntl(ends[1], F_SETFL, fcntl(ends[1], F_GETFL) | O_NONBLOCK) == 0 else {
            throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)
        }
        pipeEnds = (ends[0], ends[1])
        for signal in signals {
            var action = sigaction()
            #if canImport(Glibc)
            action.__sigaction_handler.sa_handler = stopSignalHandler
            #else
            action.__sigaction_u.__sa_handler = stopSignalHandler
            #endif
            sigemptyset(&action.sa_mask)
            action.sa_flags = SA_RESTART
            guard sigaction(signal, &action, nil) == 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EINVAL) }
        }
        installed = true
        let readEnd = ends[0]
        Thread.detachNewThread {
            var byte: UInt8 = 0
            guard read(readEnd, &byte, 1) > 0 else { return }
            // The first signal stops the worker gracefully; a second one ends the process at once (the default
            // action), for a worker stuck in its job.
            for number in signals { _ = signal(number, SIG_DFL) }
            onStop()
        }
    }

    /// The write end, for the C handler.
    fileprivate static var writeEnd: Int32 { pipeEnds.write }
}

/// The signal handler: one byte into the pipe, nothing else (async-signal-safe); `errno` as it found it.
private func stopSignalHandler(_ signal: Int32) {
    let saved = errno
    var byte = UInt8(truncatingIfNeeded: signal)
    _ = write(StopSignals.writeEnd, &byte, 1)
    errno = saved
}
