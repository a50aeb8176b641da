import Foundation
import PAKNDomain

/// Due dates (Open311 `expected_datetime`). Until the working-time engine is wired in, the due date is
/// `AppConfiguration.simpleDueDays` calendar days after forwarding (issue 2: "store dueAt from a simple
/// configurable rule so the field exists").
enum Deadlines {
    static func dueDate(forwardedAt: Date, serviceCode: String?, urgency: String?, config: AppConfiguration) -> Date {
        forwardedAt.addingTimeInterval(Double(config.simpleDueDays) * 86_400)
    }
}
