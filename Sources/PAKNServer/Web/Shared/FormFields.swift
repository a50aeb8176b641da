import PAKNDomain
import Plot

/// Small builders for labelled form fields that show their Vietnamese error next to them.
enum FormFields {
    static func errorNode(_ errors: [FieldError], _ field: String) -> Node<HTML.FormContext> {
        guard let error = errors.first(where: { $0.field == field }) else { return .empty }
        return .p(.class("error"), .id("loi-\(field)"), .text(error.message))
    }

    /// A labelled input. `id` defaults to the name; give one when a page repeats the field in several forms.
    /// `inputMode` ("numeric", "tel") picks the phone keyboard.
    static func text(_ name: String, label: String, value: String?, errors: [FieldError] = [], type: HTMLInputType = .text,
                     required: Bool = false, maxLength: Int? = nil, hint: String? = nil, autocomplete: String? = nil,
                     id: String? = nil, inputMode: String? = nil) -> Node<HTML.FormContext> {
        let id = id ?? name
        return .group(
            .label(.for(id), .text(label + (required ? " *" : ""))),
            .unwrap(hint) { .p(.class("muted"), .text($0)) },
            .input(.type(type), .id(id), .name(name), .value(Layout.attribute(value ?? "")), .required(required),
                   .attribute(named: "maxlength", value: maxLength.map(String.init)),
                   .attribute(named: "autocomplete", value: autocomplete),
                   .attribute(named: "inputmode", value: inputMode)),
            errorNode(errors, name)
        )
    }

    static func textarea(_ name: String, label: String, value: String?, errors: [FieldError] = [], required: Bool = false,
                         maxLength: Int? = nil, id: String? = nil) -> Node<HTML.FormContext> {
        let id = id ?? name
        return .group(
            .label(.for(id), .text(label + (required ? " *" : ""))),
            .textarea(.id(id), .attribute(named: "name", value: name), .if(required, .attribute(named: "required")),
                      .attribute(named: "maxlength", value: maxLength.map(String.init)), .text(value ?? "")),
            errorNode(errors, name)
        )
    }

    /// An `<option>` with its label as text (read by every browser, screen reader and test driver).
    static func option(_ value: String, _ label: String, selected: Bool) -> Node<HTML.SelectContext> {
        .element(named: "option", nodes: [.attribute(named: "value", value: Layout.attribute(value), ignoreIfValueIsEmpty: false),
                                          .if(selected, .attribute(named: "selected")), .text(label)])
    }

    /// A `<select>` whose options are grouped (`<optgroup>`), e.g. fields by service group, so a phone shows the
    /// short name of the field rather than a cut-off "Group – Name".
    static func groupedSelect(_ name: String, label: String, groups: [(String, [(String, String)])], selected: String?,
                              errors: [FieldError] = [], emptyLabel: String? = nil) -> Node<HTML.FormContext> {
        .group(
            .label(.for(name), .text(label)),
            .select(.id(name), .attribute(named: "name", value: name),
                    .unwrap(emptyLabel) { option("", $0, selected: selected == nil || selected == "") },
                    .forEach(groups) { group, options in
                        .element(named: "optgroup", nodes: [.attribute(named: "label", value: Layout.attribute(group)),
                                                            .forEach(options) { option($0.0, $0.1, selected: $0.0 == selected) }])
                    }),
            errorNode(errors, name)
        )
    }

    /// A plain `<select>` (works without scripts). `options`: (value, label).
    static func select(_ name: String, label: String, options: [(String, String)], selected: String?, errors: [FieldError] = [],
                       required: Bool = false, emptyLabel: String? = nil) -> Node<HTML.FormContext> {
        .group(
            .label(.for(name), .text(label + (required ? " *" : ""))),
            .select(.id(name), .attribute(named: "name", value: name), .if(required, .attribute(named: "required")),
                    .unwrap(emptyLabel) { option("", $0, selected: selected == nil || selected == "") },
                    .forEach(options) { value, text in option(value, text, selected: value == selected) }),
            errorNode(errors, name)
        )
    }

    static func checkbox(_ name: String, label: String, checked: Bool, errors: [FieldError] = []) -> Node<HTML.FormContext> {
        .group(
            .label(.class("check"), .input(.type(.checkbox), .id(name), .name(name), .value("on"), .checked(checked)), .text(label)),
            errorNode(errors, name)
        )
    }
}
