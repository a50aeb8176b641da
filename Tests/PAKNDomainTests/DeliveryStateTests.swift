import PAKNDomain
import Testing

/// The order of delivery receipts (channels.md §1.10 item 4 for Zalo, §5.3 item 5 for eSMS): each pair of the
/// stored state and a new receipt, with the state the spec says the message ends in.
@Suite("Delivery receipts")
struct DeliveryStateTests {
    @Test("a receipt moves the stored state only as the providers' documents allow")
    func receiptOrder() {
        let expected: [(DeliveryState?, DeliveryState, DeliveryState)] = [
            // No receipt yet: the first one stands, whatever it says.
            (nil, .pending, .pending), (nil, .delivered, .delivered), (nil, .seen, .seen), (nil, .failed, .failed),
            // Pending is replaced by anything.
            (.pending, .pending, .pending), (.pending, .delivered, .delivered), (.pending, .seen, .seen), (.pending, .failed, .failed),
            // Delivered moves on to seen or failed, never back to pending.
            (.delivered, .pending, .delivered), (.delivered, .delivered, .delivered), (.delivered, .seen, .seen), (.delivered, .failed, .failed),
            // Seen first (Zalo may send it before the delivery receipt): a later "delivered" does not downgrade it.
            (.seen, .pending, .seen), (.seen, .delivered, .seen), (.seen, .seen, .seen), (.seen, .failed, .seen),
            // Failed is final: eSMS's late success report does not undo it.
            (.failed, .pending, .failed), (.failed, .delivered, .failed), (.failed, .seen, .failed), (.failed, .failed, .failed),
        ]
        #expect(expected.count == 4 + 4 * DeliveryState.allCases.count)
        for (current, receipt, result) in expected {
            #expect(DeliveryState.after(current, receipt: receipt) == result, "\(String(describing: current)) + \(receipt)")
        }
    }

    @Test("stored identifiers are the ones the database holds")
    func rawValues() {
        #expect(OutboundStatus.allCases.map(\.rawValue) == ["queued", "sent", "recorded"])
        #expect(DeliveryState.allCases.map(\.rawValue) == ["pending", "delivered", "seen", "failed"])
    }
}
