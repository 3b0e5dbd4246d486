import Foundation
import Logging
import ServiceLifecycle
import SwitchyardCore
import SwitchyardRuntime

/// The server's own workers and scheduler, run as a service beside the HTTP server (`serve --workers N`). On a
/// graceful shutdown (SIGTERM) it claims nothing more, stops each run in hand at its next step and hands it back
/// to the queue with its checkpoints, so the run continues after a restart — once.
struct WorkerService: Service {
    let pool: WorkerPool
    let scheduler: ScheduleRunner?
    let logger: Logger
    /// Set while the pool works the queue (`GET /readyz`).
    var status: WorkerStatus?

    func run() async throws {
        let draining = AtomicFlag()
        status?.set(running: true)
        defer { status?.set(running: false) }
        try await withGracefulShutdownHandler {
            try await withThrowingTaskGroup(of: Void.self) { group in
                if let scheduler {
                    group.addTask {
                        try await scheduler.run(every: .seconds(15)) { error in
                            logger.warning("schedule tick failed; retrying", metadata: ["error": "\(error)"])
                        }
                    }
                }
                group.addTask { try await pool.run(draining: draining) }
                // The pool ends only when draining; then the scheduler stops too.
                try await group.next()
                group.cancelAll()
            }
        } onGracefulShutdown: {
            logger.notice("shutting down: handing runs in progress back to the queue")
            draining.set()
        }
    }
}
