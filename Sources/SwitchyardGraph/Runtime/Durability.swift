/// When a run's checkpoints are written, relative to the steps that follow them (LangGraph's `durability`).
///
/// Whatever the mode, a run that returns (completed, interrupted, failed, cancelled) has written everything
/// before it returns: the modes differ only in what a process killed *during* the run loses.
public enum Durability: Sendable, Hashable {
    /// Each step's checkpoint is committed before the next step starts (the default). A killed run resumes from
    /// the step it was in: no finished step runs again.
    case sync
    /// Each step's checkpoint is committed while the next steps run, as LangGraph's default `durability="async"`:
    /// commits are handed to the checkpointer in order without waiting (a queueing checkpointer such as
    /// `SQLiteCheckpointer` writes several in one transaction), with at most 8 in flight; the run waits for all of
    /// them before it returns. A killed run loses at most its last 8 finished steps' checkpoints: on resume those
    /// steps run again.
    case async
    /// Checkpoints are committed only when the run stops (ends, is interrupted, fails or is cancelled), as one
    /// checkpoint holding all the steps' writes, like LangGraph's `durability="exit"`. A killed run loses every
    /// step since the run began (it resumes from the checkpoint it started at).
    ///
    /// In `.async` and `.exit`, the writes of finished sibling tasks are saved when their step stops the run (an
    /// interrupt or a failure), not as each task finishes: a process killed mid-step runs them again.
    case exit
}
