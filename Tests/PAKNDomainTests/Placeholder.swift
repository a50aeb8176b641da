import Testing
@testable import PAKNDomain
@Test func placeholder() { #expect(PAKNDomainVersion.value == "0.1.0") }
