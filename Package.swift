// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "pakn",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "pakn", targets: ["pakn"]),
        .executable(name: "pakn-bench-deadlines", targets: ["pakn-bench-deadlines"]),
        .executable(name: "pakn-bench-channels", targets: ["pakn-bench-channels"]),
    ],
    dependencies: [
        .package(url: "https://github.com/vapor/vapor.git", from: "4.122.3"),
        .package(url: "https://github.com/vapor/fluent.git", from: "4.13.0"),
        .package(url: "https://github.com/vapor/fluent-sqlite-driver.git", from: "4.9.0"),
        .package(url: "https://github.com/vapor/fluent-postgres-driver.git", from: "2.14.0"),
        .package(url: "https://github.com/johnsundell/plot.git", from: "0.14.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.0.0"..<"5.0.0"),
        // Runs the system's sendmail (msmtp, Postfix) for outbound e-mail.
        .package(url: "https://github.com/swiftlang/swift-subprocess.git", from: "1.0.2"),
        .package(url: "https://github.com/apple/swift-system.git", from: "1.8.1"),
        // Already in the graph through Vapor; named so attachment downloads can stream with a size cap.
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        // Base32 (RFC 4648) of second-factor secrets, as authenticator apps read them.
        .package(url: "https://github.com/swift-extras/swift-extras-base64.git", from: "1.2.0"),
        // One archive for a backup: the database snapshot and the attachments, streamed in chunks.
        .package(url: "https://github.com/weichsel/ZIPFoundation.git", from: "0.9.20"),
        // /metrics in the Prometheus text format.
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        // CSV downloads of the lists (RFC 4180 quoting).
        .package(url: "https://github.com/yaslab/CSV.swift.git", from: "2.5.2"),
    ],
    targets: [
        // Pure domain: no I/O, Foundation only.
        .target(name: "PAKNDomain"),
        // Channel wire contracts (Zalo, Messenger, CTI, SMS): pure, no I/O; digests from swift-crypto.
        .target(
            name: "PAKNChannels",
            dependencies: [
                "PAKNDomain",
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            // The HTML Standard's named character references (mail in HTML only), with their licence.
            resources: [.copy("Resources")]
        ),
        // The Vapor application: storage, web, API, jobs.
        .target(
            name: "PAKNServer",
            dependencies: [
                "PAKNDomain",
                "PAKNChannels",
                .product(name: "Vapor", package: "vapor"),
                .product(name: "Fluent", package: "fluent"),
                .product(name: "FluentSQLiteDriver", package: "fluent-sqlite-driver"),
                .product(name: "FluentPostgresDriver", package: "fluent-postgres-driver"),
                .product(name: "Plot", package: "plot"),
                .product(name: "Subprocess", package: "swift-subprocess"),
                .product(name: "SystemPackage", package: "swift-system"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "ExtrasBase64", package: "swift-extras-base64"),
                .product(name: "CSV", package: "CSV.swift"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            resources: [.copy("Resources")]
        ),
        .executableTarget(name: "pakn", dependencies: ["PAKNServer"]),
        // Benchmarks: built only when asked for (swift run -c release pakn-bench-deadlines).
        .executableTarget(name: "pakn-bench-deadlines", dependencies: ["PAKNDomain"], path: "Benchmarks/DeadlineBenchmark"),
        // swift run -c release pakn-bench-channels [--count N] [--postgres URL]
        .executableTarget(
            name: "pakn-bench-channels",
            dependencies: [
                "PAKNServer", "PAKNChannels",
                .product(name: "Vapor", package: "vapor"),
                .product(name: "Fluent", package: "fluent"),
                // SQLKit, for CREATE/DROP DATABASE of the throwaway PostgreSQL database.
                .product(name: "FluentPostgresDriver", package: "fluent-postgres-driver"),
            ],
            path: "Benchmarks/ChannelBenchmark"
        ),
        .testTarget(name: "PAKNDomainTests", dependencies: ["PAKNDomain"]),
        .testTarget(
            name: "PAKNChannelsTests",
            dependencies: ["PAKNChannels", "PAKNDomain"],
            // The e-mail corpus is read from disk next to the test source (#filePath), not bundled.
            exclude: ["Fixtures"]
        ),
        .testTarget(
            name: "PAKNServerTests",
            dependencies: [
                "PAKNServer",
                .product(name: "VaporTesting", package: "vapor"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ],
            resources: [.copy("Fixtures")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
