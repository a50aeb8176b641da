/// Which way a message on a channel went: from the citizen to us, or from us to the citizen.
/// Raw values are the stored identifiers (`messages.direction`).
public enum MessageDirection: String, Sendable, Codable, CaseIterable, Hashable {
    /// From the citizen (or a third party) to the 1022 centre.
    case inbound
    /// From the 1022 centre to the citizen (notices, operators' replies).
    case outbound
}
