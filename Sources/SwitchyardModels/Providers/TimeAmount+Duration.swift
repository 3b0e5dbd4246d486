import NIOCore

extension TimeAmount {
    /// NIO's time amount for a `Duration`, to the nanosecond: the one place the gateway converts between them
    /// (a conversion that kept only `components.seconds` turned `timeout_s: 0.5` into a zero timeout).
    /// - Parameter duration: The duration; negative ones become zero.
    init(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        guard seconds >= 0, duration > .zero else {
            self = .zero
            return
        }
        let (whole, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        self =
            overflow
            ? .nanoseconds(.max) : .nanoseconds(whole.addingReportingOverflow(attoseconds / 1_000_000_000).partialValue)
    }
}
