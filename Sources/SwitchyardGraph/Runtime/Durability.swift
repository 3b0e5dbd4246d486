/// When a run's checkpoints are written, relative to the steps that follow them (LangGraph's `durability`).
///
/// Whatever the mode, a run that returns (completed, interrupted, failed, cancelled) has written everything
/// before it returns: the modes differ only in what a process killed *during* the run loses.
public enum Durability: Sendable, Hashable {
    /// Each step's checkpoint is committed before the next step starts (the default). A killed run resumes from
    /// the step it was in: no finished step runs again.
    case sync
    /// Each step's checkpoint is committed while the next step runs, as LangGraph's default
    /// `durability="async"`; the run waits for it before committing the next one (or returning). A killed run
    /// loses at most the last finished step's checkpoint: on resume at most that one step runs again.
    case async
    /// Checkpoints are committed only when the run stops (ends, is interrupted, fails or is cancelled), as one
    /// checkpoint holding all the steps' writes, like LangGraph's `durability="exit"`. A killed run loses every
    /// step since the run began (it resumes from the checkpoint it started at).
    ///
    /// In `.async` and `.exit`, the writes of finished sibling tasks are saved when their step stops the run (an
    /// interrupt or a failure), not as each task finishes: a process killed mid-step runs them again.
    case exit
}
