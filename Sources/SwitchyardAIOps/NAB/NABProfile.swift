/// A NAB scoring profile: the weights of a true positive, a false positive and a false negative.
///
/// Values from NAB's `config/profiles.json` (numenta/NAB, MIT).
public struct NABProfile: Sendable, Hashable {
    public var name: String
    public var tpWeight: Double
    public var fpWeight: Double
    public var fnWeight: Double

    /// A profile.
    /// - Parameters:
    ///   - name: The profile's name.
    ///   - tpWeight: A_TP.
    ///   - fpWeight: A_FP.
    ///   - fnWeight: A_FN.
    public init(name: String, tpWeight: Double, fpWeight: Double, fnWeight: Double) {
        self.name = name
        self.tpWeight = tpWeight
        self.fpWeight = fpWeight
        self.fnWeight = fnWeight
    }

    /// `standard`: A_TP 1, A_FP 0.11, A_FN 1.
    public static let standard = NABProfile(name: "standard", tpWeight: 1, fpWeight: 0.11, fnWeight: 1)
    /// `reward_low_FP_rate`: A_TP 1, A_FP 0.22, A_FN 1.
    public static let rewardLowFP = NABProfile(name: "reward_low_FP_rate", tpWeight: 1, fpWeight: 0.22, fnWeight: 1)
    /// `reward_low_FN_rate`: A_TP 1, A_FP 0.11, A_FN 2.
    public static let rewardLowFN = NABProfile(name: "reward_low_FN_rate", tpWeight: 1, fpWeight: 0.11, fnWeight: 2)
    /// The three published profiles, in NAB's order.
    public static let all: [NABProfile] = [.standard, .rewardLowFP, .rewardLowFN]
}
