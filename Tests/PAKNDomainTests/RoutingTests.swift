import Testing
@testable import PAKNDomain

// Routing rules (issue 2 "routing rules field × commune → agency"): the most specific matching rule proposes the
// lead agency. Field + commune beats field only, which beats commune only, which beats a catch-all; between equally
// specific matches the first rule wins; when nothing matches there is no proposal.

private let field = "su_co_duong"
private let commune = "21553"
private let otherField = "cap_nuoc"
private let otherCommune = "21583"

private let both = RoutingRule(serviceCode: field, communeCode: commune, agencyID: "both")
private let fieldOnly = RoutingRule(serviceCode: field, communeCode: nil, agencyID: "field")
private let communeOnly = RoutingRule(serviceCode: nil, communeCode: commune, agencyID: "commune")
private let catchAll = RoutingRule(serviceCode: nil, communeCode: nil, agencyID: "any")

private func propose(_ service: String?, _ commune: String?, _ rules: [RoutingRule]) -> String? {
    Router.proposeAgency(serviceCode: service, communeCode: commune, rules: rules)
}

/// Every order of a small list (for 4 rules: 24 orders).
private func permutations<T>(_ items: [T]) -> [[T]] {
    guard items.count > 1 else { return [items] }
    var out: [[T]] = []
    for (i, item) in items.enumerated() {
        var rest = items
        rest.remove(at: i)
        for tail in permutations(rest) { out.append([item] + tail) }
    }
    return out
}

@Suite struct RoutingTests {
    @Test func fieldAndCommuneBeatsEverythingInAnyOrder() {
        for rules in permutations([both, fieldOnly, communeOnly, catchAll]) {
            // act
            let agency = propose(field, commune, rules)
            // check
            #expect(agency == "both", "\(rules.map(\.agencyID))")
        }
    }

    @Test func fieldOnlyBeatsCommuneOnlyAndCatchAllInAnyOrder() {
        for rules in permutations([fieldOnly, communeOnly, catchAll]) {
            #expect(propose(field, commune, rules) == "field", "\(rules.map(\.agencyID))")
        }
    }

    @Test func communeOnlyBeatsCatchAllInAnyOrder() {
        for rules in permutations([communeOnly, catchAll]) {
            #expect(propose(field, commune, rules) == "commune", "\(rules.map(\.agencyID))")
        }
    }

    @Test func catchAllTakesWhatNothingElseMatches() {
        // setup
        let rules = [both, fieldOnly, communeOnly, catchAll]
        // act / check: another field in another commune
        #expect(propose(otherField, otherCommune, rules) == "any")
    }

    @Test func theMostSpecificMatchingRuleWinsNotTheMostSpecificRule() {
        // setup
        let rules = [both, fieldOnly, communeOnly, catchAll]
        // act / check
        #expect(propose(field, otherCommune, rules) == "field")       // both does not match the commune
        #expect(propose(otherField, commune, rules) == "commune")     // field rules do not match
    }

    @Test func unclassifiedCaseUsesCommuneOrCatchAll() {
        // setup: no field yet (the operator classifies later)
        let rules = [both, fieldOnly, communeOnly, catchAll]
        // act / check
        #expect(propose(nil, commune, rules) == "commune")
        #expect(propose(nil, otherCommune, rules) == "any")
        #expect(propose(nil, nil, rules) == "any")
        #expect(propose(nil, commune, [both, fieldOnly]) == nil)
    }

    @Test func caseWithoutCommuneUsesFieldOrCatchAll() {
        let rules = [both, fieldOnly, communeOnly, catchAll]
        #expect(propose(field, nil, rules) == "field")
        #expect(propose(otherField, nil, rules) == "any")
    }

    @Test func tiesGoToTheFirstRule() {
        // setup: two rules of each specificity
        let both2 = RoutingRule(serviceCode: field, communeCode: commune, agencyID: "both-2")
        let field2 = RoutingRule(serviceCode: field, communeCode: nil, agencyID: "field-2")
        let commune2 = RoutingRule(serviceCode: nil, communeCode: commune, agencyID: "commune-2")
        let any2 = RoutingRule(serviceCode: nil, communeCode: nil, agencyID: "any-2")
        // act / check
        #expect(propose(field, commune, [catchAll, both, fieldOnly, both2]) == "both")
        #expect(propose(field, commune, [catchAll, both2, fieldOnly, both]) == "both-2")
        #expect(propose(field, commune, [communeOnly, fieldOnly, field2]) == "field")
        #expect(propose(field, commune, [communeOnly, field2, fieldOnly]) == "field-2")
        #expect(propose(field, commune, [catchAll, communeOnly, commune2]) == "commune")
        #expect(propose(field, commune, [commune2, catchAll, communeOnly]) == "commune-2")
        #expect(propose(field, commune, [catchAll, any2]) == "any")
        #expect(propose(field, commune, [any2, catchAll]) == "any-2")
    }

    @Test func noMatchGivesNoProposal() {
        // setup: rules for other fields and communes only
        let rules = [
            RoutingRule(serviceCode: otherField, communeCode: otherCommune, agencyID: "a"),
            RoutingRule(serviceCode: otherField, communeCode: nil, agencyID: "b"),
            RoutingRule(serviceCode: nil, communeCode: otherCommune, agencyID: "c"),
        ]
        // act / check
        #expect(propose(field, commune, rules) == nil)
        #expect(propose(field, commune, []) == nil)
        #expect(propose(nil, nil, []) == nil)
    }

    @Test func specificityOrder() {
        #expect(both.specificity > fieldOnly.specificity)
        #expect(fieldOnly.specificity > communeOnly.specificity)
        #expect(communeOnly.specificity > catchAll.specificity)
    }

    @Test func matching() {
        #expect(both.matches(serviceCode: field, communeCode: commune))
        #expect(!both.matches(serviceCode: field, communeCode: otherCommune))
        #expect(!both.matches(serviceCode: otherField, communeCode: commune))
        #expect(!both.matches(serviceCode: nil, communeCode: commune))
        #expect(!fieldOnly.matches(serviceCode: nil, communeCode: nil))
        #expect(communeOnly.matches(serviceCode: nil, communeCode: commune))
        #expect(catchAll.matches(serviceCode: nil, communeCode: nil))
        #expect(catchAll.matches(serviceCode: otherField, communeCode: otherCommune))
    }
}
