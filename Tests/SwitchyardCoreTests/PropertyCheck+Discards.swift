import PropertyBased
import Testing

/// What one property case did: checked the property, or discarded its input (a precondition did not hold).
enum PropertyCase {
    case checked
    case discarded
}

/// `propertyCheck` for a property with a precondition: `body` returns ``PropertyCase/discarded`` for an input it
/// cannot use instead of returning early, and the check fails when more than `maxDiscardRatio` of the cases were
/// discarded (QuickCheck's discard limit), so a generator that drifts away from the precondition cannot turn the
/// property into one that checks nothing.
///
/// - Parameters:
///   - count: How many inputs to draw.
///   - maxDiscardRatio: The largest share of the drawn inputs that may be discarded.
///   - input: The generator of inputs.
///   - sourceLocation: Where a failure is reported.
///   - body: Checks the property for one input, or discards it.
func propertyCheck<InputValue, ResultValue>(
    count: Int, maxDiscardRatio: Double, input: Generator<ResultValue, some Sequence<InputValue>>,
    sourceLocation: SourceLocation = #_sourceLocation,
    perform body: (ResultValue) async throws -> PropertyCase
) async {
    var checked = 0
    var discarded = 0
    await propertyCheck(
        count: count, input: input,
        perform: { value in
            switch try await body(value) {
            case .checked: checked += 1
            case .discarded: discarded += 1
            }
        }, sourceLocation: sourceLocation)
    let drawn = checked + discarded
    #expect(
        Double(discarded) <= maxDiscardRatio * Double(drawn),
        "\(discarded) of \(drawn) cases discarded (at most \(Int(maxDiscardRatio * 100)) % may be)",
        sourceLocation: sourceLocation)
}
