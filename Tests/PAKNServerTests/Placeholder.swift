import Testing
import VaporTesting
@testable import PAKNServer
