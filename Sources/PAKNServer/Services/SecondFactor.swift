import Foundation
import PAKNDomain

/// The second factor of a public look-up: the last 4 digits of a phone number, or the email address, that a
/// contact behind the case gave (issue 2: personal details only after a second factor).
enum SecondFactor {
    /// Whether `input` (as typed: spaces and case ignored) matches one of the contacts.
    static func matches(_ input: String?, contacts: [Contact]) -> Bool {
        let factor = VietnameseText.sanitizedLine(input ?? "").lowercased()
        guard !factor.isEmpty else { return false }
        return contacts.contains { contact in
            (contact.phoneDigits.map { factor.count == 4 && PhoneNumber.lastFour($0) == factor } ?? false)
                || (contact.email.map { $0.lowercased() == factor } ?? false)
        }
    }
}
