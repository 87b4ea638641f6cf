// swift-tools-version: 6.1
import PackageDescription

let logging: Target.Dependency = .product(name: "Logging", package: "swift-log")
let lifecycle: Target.Dependency = .product(name: "ServiceLifecycle", package: "swift-service-lifecycle")
let argumentParser: Target.Dependency = .product(name: "ArgumentParser", package: "swift-argument-parser")
let propertyBased: Target.Dependency = .product(name: "PropertyBased", package: "swift-property-based")
let crypto: Target.Dependency = .product(name: "Crypto", package: "swift-crypto")
let coreMetrics: Target.Dependency = .product(name: "CoreMetrics", package: "swift-metrics")
let metrics: Target.Dependency = .product(name: "Metrics", package: "swift-metrics")
let prometheus: Target.Dependency = .product(name: "Prometheus", package: "swift-prometheus")
let metricsTestKit: Target.Dependency = .product(name: "MetricsTestKit", package: "swift-metrics")
let hummingbird: Target.Dependency = .product(name: "Hummingbird", package: "hummingbird")
/// Nonisolated async code runs on its caller's executor: the case door and the job handlers, called inside a
/// connection's isolated transaction, stay on that connection's executor instead of hopping per statement.
let callerIsolation: [SwiftSetting] = [.enableUpcomingFeature("NonisolatedNonsendingByDefault")]

let package = Package(
    name: "PermitFlow",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "permit", targets: ["permit"]),
        .library(name: "PermitCore", targets: ["PermitCore"]),
        .library(name: "PermitStore", targets: ["PermitStore"]),
        .library(name: "PermitWorker", targets: ["PermitWorker"]),
        .library(name: "Postgres", targets: ["Postgres"]),
        .library(name: "PermitDashboard", targets: ["PermitDashboard"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
    ],
    targets: [
        .systemLibrary(name: "CLibPQ", pkgConfig: "libpq", providers: [.apt(["libpq-dev"])]),
        .target(name: "Postgres", dependencies: ["CLibPQ", logging]),
        .target(name: "PermitCore"),
        .target(name: "PermitStore", dependencies: ["PermitCore", "Postgres", logging, crypto, coreMetrics], swiftSettings: callerIsolation),
        .target(name: "PermitWorker", dependencies: ["PermitStore", "PermitCore", "Postgres", logging, lifecycle, coreMetrics],
                swiftSettings: callerIsolation),
        .target(
            name: "PermitDashboard",
            dependencies: ["PermitStore", "PermitCore", "Postgres", logging, lifecycle, coreMetrics, prometheus, hummingbird]
        ),
        .executableTarget(
            name: "permit",
            dependencies: [
                "PermitWorker", "PermitDashboard", "PermitStore", "PermitCore", "Postgres",
                argumentParser, logging, lifecycle, metrics, prometheus,
            ]
        ),
        .target(name: "PermitTestSupport", dependencies: ["Postgres", "PermitStore", logging], path: "Tests/PermitTestSupport"),
        .testTarget(name: "PostgresTests", dependencies: ["Postgres", "PermitTestSupport"]),
        .testTarget(name: "PermitCoreTests", dependencies: ["PermitCore", propertyBased]),
        .testTarget(name: "PermitStoreTests", dependencies: ["PermitStore", "PermitCore", "Postgres", "PermitTestSupport"]),
        .testTarget(
            name: "PermitWorkerTests",
            dependencies: ["PermitWorker", "PermitStore", "PermitCore", "Postgres", "PermitTestSupport", prometheus, metricsTestKit]
        ),
        .testTarget(
            name: "PermitDashboardTests",
            dependencies: ["PermitDashboard", "PermitWorker", "PermitStore", "PermitCore", "Postgres", "PermitTestSupport", prometheus]
        ),
        .testTarget(name: "PermitCLITests", dependencies: ["permit", "PermitTestSupport", "PermitStore", "Postgres"]),
    ],
    swiftLanguageModes: [.v6]
)
