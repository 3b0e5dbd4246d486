// swift-tools-version: 6.1
import PackageDescription

/// The inference engine is numeric code: it is always compiled optimized (even in debug builds, so the
/// test suite stays quick) and, on x86-64, with AVX2 + FMA + F16C, the baseline the engine supports.
let engineSettings: [SwiftSetting] = [
    .unsafeFlags(["-O", "-wmo", "-num-threads", "2"]),
    .unsafeFlags(["-Xcc", "-mavx2", "-Xcc", "-mfma", "-Xcc", "-mf16c"], .when(platforms: [.linux])),
]

/// The knowledge target is numeric code too: always optimized (a debug build spent 60 % of a SciFact ingest in
/// the unoptimized Porter stemmer), and its vector kernels (HNSW distances) use the engine's x86-64 baseline:
/// `-Xcc -mavx2 -mfma` makes Swift's SIMD types compile to 256-bit AVX2/FMA code (measured: 0 ymm
/// instructions without, 16 with, in the dot-product kernel).
let knowledgeSettings: [SwiftSetting] = [
    .unsafeFlags(["-O"]),
    .unsafeFlags(["-Xcc", "-mavx2", "-Xcc", "-mfma"], .when(platforms: [.linux])),
]

let package = Package(
    name: "Switchyard",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "switchyard", targets: ["SwitchyardCLI"]),
        .library(name: "SwitchyardCore", targets: ["SwitchyardCore"]),
        .library(name: "SwitchyardGraph", targets: ["SwitchyardGraph"]),
        .library(name: "SwitchyardStorage", targets: ["SwitchyardStorage"]),
        .library(name: "SwitchyardInference", targets: ["SwitchyardInference"]),
        .library(name: "SwitchyardModels", targets: ["SwitchyardModels"]),
        .library(name: "SwitchyardKnowledge", targets: ["SwitchyardKnowledge"]),
        .library(name: "SwitchyardServer", targets: ["SwitchyardServer"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/x-sheep/swift-property-based.git", from: "2.0.1"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-collections.git", from: "1.1.0"),
    ],
    targets: [
        .target(name: "SwitchyardCore"),
        .target(name: "SwitchyardGraph", dependencies: ["SwitchyardCore"]),
        .target(
            name: "SwitchyardKnowledge", dependencies: ["SwitchyardCore", "SwitchyardModels"],
            swiftSettings: knowledgeSettings
        ),
        .target(
            name: "SwitchyardModels",
            dependencies: [
                "SwitchyardCore", "SwitchyardInference", .product(name: "Yams", package: "Yams"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "HeapModule", package: "swift-collections"),
            ]
        ),
        .target(
            name: "SwitchyardModelsTestKit",
            dependencies: [
                "SwitchyardModels", .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ]
        ),
        .target(
            name: "SwitchyardStorage",
            dependencies: [
                "SwitchyardCore", "SwitchyardGraph", "SwitchyardKnowledge", "SwitchyardModels",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),  // SQLiteCheckpointer's raw connection
            ]
        ),
        .target(name: "SwitchyardInference", dependencies: ["SwitchyardCore"], swiftSettings: engineSettings),
        .target(
            name: "SwitchyardServer",
            dependencies: [
                "SwitchyardCore", "SwitchyardModels", .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ]
        ),
        .executableTarget(
            name: "SwitchyardGatewayBench",
            dependencies: [
                "SwitchyardCore", "SwitchyardServer", .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ]
        ),
        .executableTarget(
            name: "SwitchyardCLI",
            dependencies: [
                "SwitchyardCore", "SwitchyardGraph", "SwitchyardStorage", "SwitchyardInference", "SwitchyardKnowledge",
                "SwitchyardModels", "SwitchyardServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "SwitchyardBench",
            dependencies: ["SwitchyardCore", "SwitchyardGraph", "SwitchyardStorage"]
        ),
        .executableTarget(
            name: "SwitchyardANNBench", dependencies: ["SwitchyardKnowledge"], swiftSettings: knowledgeSettings
        ),
        .testTarget(
            name: "SwitchyardKnowledgeTests",
            dependencies: [
                "SwitchyardKnowledge", "SwitchyardModels", "SwitchyardStorage",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ]
        ),
        .executableTarget(
            name: "SwitchyardSciFactBench",
            dependencies: ["SwitchyardCore", "SwitchyardKnowledge", "SwitchyardModels"]
        ),
        .testTarget(
            name: "SwitchyardCoreTests",
            dependencies: ["SwitchyardCore", .product(name: "PropertyBased", package: "swift-property-based")]
        ),
        .testTarget(
            name: "SwitchyardGraphTests",
            dependencies: [
                "SwitchyardGraph", "SwitchyardStorage", .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "PropertyBased", package: "swift-property-based"),
            ]
        ),
        .testTarget(
            name: "SwitchyardStorageTests",
            dependencies: [
                "SwitchyardStorage", "SwitchyardGraph", "SwitchyardModels",
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        .testTarget(
            name: "SwitchyardInferenceTests",
            dependencies: ["SwitchyardInference", .product(name: "PropertyBased", package: "swift-property-based")],
            exclude: ["Fixtures"],
            swiftSettings: engineSettings
        ),
        .testTarget(
            name: "SwitchyardModelsTests",
            dependencies: [
                "SwitchyardModels", "SwitchyardModelsTestKit",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ]
        ),
        .testTarget(
            name: "SwitchyardServerTests",
            dependencies: [
                "SwitchyardServer", "SwitchyardModels", "SwitchyardModelsTestKit",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ]
        ),
        .testTarget(name: "SwitchyardCLITests", dependencies: ["SwitchyardCore", "SwitchyardModelsTestKit"]),
    ]
)
