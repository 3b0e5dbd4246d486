// swift-tools-version: 6.1
import Foundation
import PackageDescription

/// Settings every target shares (as Hummingbird's manifest does): `any` spelled out on existentials, and a file
/// sees only the members of modules it imports itself.
let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let environment = ProcessInfo.processInfo.environment

/// The inference engine and the knowledge base's vector kernels are numeric code: compiled optimized even in debug
/// builds (so the test suite and the demo stay quick; a debug build spent 60 % of a SciFact ingest in the
/// unoptimized stemmer) and, on x86-64, with AVX2 + FMA + F16C, the baseline the engine supports (Swift's SIMD
/// types compile to 256-bit code only with `-Xcc -mavx2 -mfma`: 0 ymm instructions without, 16 with).
///
/// These are `unsafeFlags`, which SwiftPM refuses in a package depended upon by version. A project that depends
/// on Switchyard by version sets `SWITCHYARD_PORTABLE=1` when it builds: the flags are dropped and the code is
/// the same, only slower in debug builds and without AVX2 codegen for the SIMD types. Depending by path or
/// branch keeps them.
let portable = environment["SWITCHYARD_PORTABLE"] == "1"
let engineSettings: [SwiftSetting] =
    swiftSettings
    + (portable
        ? []
        : [
            .unsafeFlags(["-O", "-wmo", "-num-threads", "2"]),
            .unsafeFlags(["-Xcc", "-mavx2", "-Xcc", "-mfma", "-Xcc", "-mf16c"], .when(platforms: [.linux])),
            .define("SWITCHYARD_VNNI", .when(platforms: [.linux])),
        ])
/// The engine's AVX-512 VNNI kernels (`SwitchyardInferenceVNNI`): the engine's settings plus AVX-512 for that one
/// module, which the engine calls only on a CPU that has it (checked at run time), so the build still runs on any
/// AVX2 machine. Portable builds compile it empty (`SWITCHYARD_VNNI` is defined with the engine's flags).
let vnniSettings: [SwiftSetting] =
    engineSettings
    + (portable
        ? []
        : [
            .unsafeFlags(
                ["-Xcc", "-mavx512f", "-Xcc", "-mavx512bw", "-Xcc", "-mavx512vl", "-Xcc", "-mavx512vnni"],
                .when(platforms: [.linux]))
        ])
let knowledgeSettings: [SwiftSetting] =
    swiftSettings
    + (portable
        ? []
        : [
            .unsafeFlags(["-O"]),
            .unsafeFlags(["-Xcc", "-mavx2", "-Xcc", "-mfma"], .when(platforms: [.linux])),
        ])

let package = Package(
    name: "Switchyard",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "switchyard", targets: ["SwitchyardCLI"]),
        .library(name: "SwitchyardCore", targets: ["SwitchyardCore"]),
        .library(name: "SwitchyardModelAPI", targets: ["SwitchyardModelAPI"]),
        .library(name: "SwitchyardGraph", targets: ["SwitchyardGraph"]),
        .library(name: "SwitchyardStorage", targets: ["SwitchyardStorage"]),
        .library(name: "SwitchyardInference", targets: ["SwitchyardInference"]),
        .library(name: "SwitchyardModels", targets: ["SwitchyardModels"]),
        .library(name: "SwitchyardKnowledge", targets: ["SwitchyardKnowledge"]),
        .library(name: "SwitchyardServer", targets: ["SwitchyardServer"]),
        .library(name: "SwitchyardRuntime", targets: ["SwitchyardRuntime"]),
        .library(name: "SwitchyardTesting", targets: ["SwitchyardTesting"]),
        .library(name: "SwitchyardMigration", targets: ["SwitchyardMigration"]),
        .library(name: "SwitchyardAIOps", targets: ["SwitchyardAIOps"]),
        .library(name: "SwitchyardBlueprints", targets: ["SwitchyardBlueprints"]),
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
        .package(url: "https://github.com/apple/swift-crypto.git", from: "3.12.3"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-distributed-tracing.git", from: "1.1.0"),
        .package(url: "https://github.com/vapor/multipart-kit.git", from: "4.7.1"),
        // OTLP over HTTP only: the gRPC exporter's packages stay out of the build.
        .package(url: "https://github.com/swift-otel/swift-otel.git", from: "1.6.0", traits: ["OTLPHTTP"]),
    ],
    targets: [
        .target(name: "SwitchyardCore", swiftSettings: swiftSettings),
        .target(name: "SwitchyardModelAPI", dependencies: ["SwitchyardCore"], swiftSettings: swiftSettings),
        .target(name: "SwitchyardGraph", dependencies: ["SwitchyardCore"], swiftSettings: swiftSettings),
        .target(name: "SwitchyardInferenceVNNI", swiftSettings: vnniSettings),
        .target(
            name: "SwitchyardInference",
            dependencies: ["SwitchyardCore", "SwitchyardModelAPI", "SwitchyardInferenceVNNI"],
            swiftSettings: engineSettings
        ),
        .target(
            name: "SwitchyardKnowledge",
            dependencies: ["SwitchyardCore", "SwitchyardModelAPI", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: knowledgeSettings
        ),
        .target(
            name: "SwitchyardModels",
            dependencies: [
                "SwitchyardCore", "SwitchyardModelAPI", "SwitchyardInference", .product(name: "Yams", package: "Yams"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "HeapModule", package: "swift-collections"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "SwitchyardRuntime",
            dependencies: [
                "SwitchyardCore", "SwitchyardModelAPI", "SwitchyardGraph", "SwitchyardKnowledge",
                .product(name: "Yams", package: "Yams"), .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Logging", package: "swift-log"), .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "SwitchyardStorage",
            dependencies: [
                "SwitchyardCore", "SwitchyardModelAPI", "SwitchyardGraph", "SwitchyardKnowledge", "SwitchyardRuntime",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),  // SQLiteCheckpointer's raw connection
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "SwitchyardServer",
            dependencies: [
                "SwitchyardCore", "SwitchyardGraph", "SwitchyardModelAPI", "SwitchyardModels", "SwitchyardRuntime",
                "SwitchyardStorage",
                "SwitchyardKnowledge",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
                .product(name: "OTel", package: "swift-otel"),
                .product(name: "MultipartKit", package: "multipart-kit"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "SwitchyardTesting",
            dependencies: [
                // The store conformance suites (RunStore, Checkpointer, response cache) need the protocols' targets;
                // they import Swift Testing from the toolchain (as swift-configuration's ConfigurationTesting does).
                "SwitchyardCore", "SwitchyardModelAPI", "SwitchyardModels", "SwitchyardGraph", "SwitchyardRuntime",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "SwitchyardCLI",
            dependencies: [
                "SwitchyardCore", "SwitchyardModelAPI", "SwitchyardGraph", "SwitchyardStorage", "SwitchyardInference",
                "SwitchyardKnowledge", "SwitchyardModels", "SwitchyardServer", "SwitchyardRuntime",
                "SwitchyardMigration", "SwitchyardAIOps", "SwitchyardAIOpsWorkflow", "SwitchyardBlueprints",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "SwitchyardCoreTests",
            dependencies: ["SwitchyardCore", .product(name: "PropertyBased", package: "swift-property-based")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "SwitchyardGraphTests",
            dependencies: [
                "SwitchyardCore", "SwitchyardGraph", "SwitchyardStorage", .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "SwitchyardStorageTests",
            dependencies: [
                "SwitchyardCore", "SwitchyardModelAPI", "SwitchyardStorage", "SwitchyardGraph", "SwitchyardKnowledge",
                "SwitchyardModels", "SwitchyardRuntime", "SwitchyardTesting",
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "SwitchyardRuntimeTests",
            dependencies: [
                "SwitchyardCore", "SwitchyardModelAPI", "SwitchyardRuntime", "SwitchyardStorage", "SwitchyardGraph",
                "SwitchyardKnowledge", "SwitchyardTesting",
                .product(name: "PropertyBased", package: "swift-property-based"),
                .product(name: "MetricsTestKit", package: "swift-metrics"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "SwitchyardInferenceTests",
            dependencies: [
                "SwitchyardCore", "SwitchyardModelAPI", "SwitchyardInference",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            exclude: ["Fixtures"],
            swiftSettings: engineSettings
        ),
        .testTarget(
            name: "SwitchyardKnowledgeTests",
            dependencies: [
                "SwitchyardCore", "SwitchyardModelAPI", "SwitchyardKnowledge", "SwitchyardModels", "SwitchyardStorage",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "SwitchyardModelsTests",
            dependencies: [
                "SwitchyardCore", "SwitchyardModelAPI", "SwitchyardModels", "SwitchyardInference", "SwitchyardTesting",
                .product(name: "PropertyBased", package: "swift-property-based"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "SwitchyardServerTests",
            dependencies: [
                "SwitchyardCore", "SwitchyardModelAPI", "SwitchyardServer", "SwitchyardModels", "SwitchyardTesting",
                "SwitchyardRuntime", "SwitchyardStorage",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "SwitchyardCLITests",
            dependencies: [
                "SwitchyardCore", "SwitchyardTesting", .product(name: "Hummingbird", package: "hummingbird"),
            ],
            swiftSettings: swiftSettings
        ),
        // Migration blueprint (issue 13): VMware estates to KubeVirt. Depends on Core and Yams only, so it builds
        // fast. Its bench is appended at the end of this file.
        .target(
            name: "SwitchyardMigration",
            dependencies: ["SwitchyardCore", .product(name: "Yams", package: "Yams")],
            resources: [.copy("Schemas"), .copy("Policies")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "SwitchyardMigrationTests",
            dependencies: [
                "SwitchyardMigration", "SwitchyardTesting",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            swiftSettings: swiftSettings
        ),
        // The blueprints' workflows: their node kinds on the runtime (the domain modules stay free of it, so
        // arrows point from here to the runtime and to the domain modules, never back).
        .target(
            name: "SwitchyardBlueprints",
            dependencies: [
                "SwitchyardCore", "SwitchyardGraph", "SwitchyardModelAPI", "SwitchyardRuntime", "SwitchyardMigration",
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "SwitchyardBlueprintsTests",
            dependencies: [
                "SwitchyardBlueprints", "SwitchyardCore", "SwitchyardModelAPI", "SwitchyardRuntime",
                "SwitchyardMigration", "SwitchyardStorage", "SwitchyardTesting",
            ],
            swiftSettings: swiftSettings
        ),
        // AIOps blueprint: streaming detectors, NAB scoring, log mining, the CI gate (Core only, builds fast; numeric,
        // so optimized even in debug builds unless SWITCHYARD_PORTABLE=1).
        .target(
            name: "SwitchyardAIOps",
            dependencies: ["SwitchyardCore", "SwitchyardModelAPI", .product(name: "Yams", package: "Yams")],
            swiftSettings: swiftSettings + (portable ? [] : [.unsafeFlags(["-O"])])
        ),
        // The AIOps blueprint's workflow: the `aiops.incidents` node kind and the `incident` workflow on the
        // runtime (the domain module stays free of it).
        .target(
            name: "SwitchyardAIOpsWorkflow",
            dependencies: [
                "SwitchyardCore", "SwitchyardModelAPI", "SwitchyardGraph", "SwitchyardRuntime", "SwitchyardAIOps",
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "SwitchyardAIOpsWorkflowTests",
            dependencies: [
                "SwitchyardAIOpsWorkflow", "SwitchyardCore", "SwitchyardModelAPI", "SwitchyardRuntime",
                "SwitchyardStorage",
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "SwitchyardAIOpsTests",
            dependencies: [
                "SwitchyardAIOps", "SwitchyardModelAPI",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            exclude: ["Fixtures"],
            swiftSettings: swiftSettings
        ),
    ]
)

// Benchmarks build only when asked for (`SWITCHYARD_BENCHMARKS=1`, which every bench/*/run sets), as SwiftNIO and
// Hummingbird keep theirs apart: the test command and users' builds skip them.
if environment["SWITCHYARD_BENCHMARKS"] == "1" {
    package.targets += [
        .executableTarget(name: "SwitchyardNABBench", dependencies: ["SwitchyardAIOps"], swiftSettings: swiftSettings),
        .executableTarget(
            name: "SwitchyardBench", dependencies: ["SwitchyardCore", "SwitchyardGraph", "SwitchyardStorage"],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "SwitchyardGatewayBench",
            dependencies: [
                "SwitchyardCore", "SwitchyardModelAPI", "SwitchyardModels", "SwitchyardServer", "SwitchyardTesting",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "SwitchyardANNBench", dependencies: ["SwitchyardKnowledge"], swiftSettings: knowledgeSettings
        ),
        .executableTarget(
            name: "SwitchyardRuntimeBench",
            dependencies: [
                "SwitchyardCore", "SwitchyardModelAPI", "SwitchyardRuntime", "SwitchyardStorage",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "SwitchyardServingBench",
            dependencies: ["SwitchyardCore", "SwitchyardModelAPI", "SwitchyardInference"],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "SwitchyardSciFactBench",
            dependencies: ["SwitchyardCore", "SwitchyardModelAPI", "SwitchyardKnowledge", "SwitchyardModels"],
            swiftSettings: swiftSettings
        ),
    ]
}

// Migration blueprint bench (bench/migration/run sets SWITCHYARD_BENCHMARKS=1).
if environment["SWITCHYARD_BENCHMARKS"] == "1" {
    package.targets.append(
        .executableTarget(
            name: "SwitchyardMigrationBench", dependencies: ["SwitchyardCore", "SwitchyardMigration"],
            swiftSettings: swiftSettings + [.unsafeFlags(["-O"])]
        ))
}
