import Synchronization
import SwitchyardCore

/// What a running node knows about its run, and how it asks a person for input.
public final class NodeContext: Sendable {
    /// The tenant that owns the thread.
    public let tenant: TenantID
    /// The thread being advanced.
    public let thread: String
    /// The node's name.
    public let node: String
    /// The task's id, stable across retries and resumes: `step:node` or `step:node:index` for a send.
    public let taskID: String
    /// The step number (0 is the first step of the thread).
    public let step: Int
    /// The attempt number, 1 on the first try.
    public let attempt: Int
    let sendArgument: JSONValue?
    let resumeValues: [JSONValue]
    private let interruptCount = Mutex(0)

    init(
        tenant: TenantID, thread: String, node: String, taskID: String, step: Int, attempt: Int,
        argument: JSONValue?, resumeValues: [JSONValue]
    ) {
        self.tenant = tenant
        self.thread = thread
        self.node = node
        self.taskID = taskID
        self.step = step
        self.attempt = attempt
        self.sendArgument = argument
        self.resumeValues = resumeValues
    }

    /// The argument of the ``Target/send(_:_:)`` that scheduled this task.
    /// - Parameter type: The argument's type.
    /// - Throws: `missing_argument` when the task was not scheduled by a send; the decoding error when the argument
    ///   is not a `T`.
    public func argument<T: Decodable>(_ type: T.Type) throws -> T {
        guard let sendArgument else {
            throw SwitchyardError(
                code: .missingArgument,
                message: "node '\(node)' asked for a send argument, but it was not scheduled by Target.send")
        }
        return try sendArgument.decode(T.self)
    }

    /// Stops the run for human input, storing `payload`; after `resume` the node runs again from its start
    /// and this call returns the resume value instead. The n-th call in a node gets the n-th answer.
    /// - Parameter payload: What the person answering sees.
    /// - Returns: The resume value, once the thread is resumed.
    /// - Throws: ``NodeInterrupt`` when there is no answer yet (the runtime catches it and stops the run).
    public func interrupt(_ payload: JSONValue) throws -> JSONValue {
        let index = interruptCount.withLock { count in
            defer { count += 1 }
            return count
        }
        if index < resumeValues.count { return resumeValues[index] }
        throw NodeInterrupt(id: "\(taskID):\(index)", payload: payload)
    }
}

/// Thrown by ``NodeContext/interrupt(_:)`` to pause the run; nodes must let it propagate.
public struct NodeInterrupt: Error, Sendable {
    /// The interrupt's id, used to answer it when several are pending.
    public let id: String
    /// What the node showed the person.
    public let payload: JSONValue
}
