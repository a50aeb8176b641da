import PAKNDomain
import Plot

/// Small builders for labelled form fields that show their Vietnamese error next to them.
enum FormFields {
    static func errorNode(_ errors: [FieldError], _ field: String) -> Node<HTML.FormContext> {
        guard let error = errors.first(where: { $0.field == field }) else { return .empty }
        return .p(.class("error"), .id("loi-\(field)"), .text(error.message))
    }

    static func text(_ name: String, label: String, value: String?, errors: [FieldError] = [], type: HTMLInputType = .text,
                     required: Bool = false, maxLength: Int? = nil, hint: String? = nil, autocomplete: String? = nil) -> Node<HTML.FormContext> {
        .group(
            .label(.for(name), .text(label + (required ? " *" : ""))),
            .unwrap(hint) { .p(.class("muted"), .text($0)) },
            .input(.type(type), .id(name), .name(name), .value(value ?? ""), .required(required),
                   .attribute(named: "maxlength", value: maxLength.map(String.init)),
                   .attribute(named: "autocomplete", value: autocomplete)),
            errorNode(errors, name)
        )
    }

    static func textarea(_ name: String, label: String, value: String?, errors: [FieldError] = [], required: Bool = false, maxLength: Int? = nil) -> Node<HTML.FormContext> {
        .group(
            .label(.for(name), .text(label + (required ? " *" : ""))),
            .textarea(.id(name), .attribute(named: "name", value: name), .if(required, .attribute(named: "required")),
                      .attribute(named: "maxlength", value: maxLength.map(String.init)), .text(value ?? "")),
            errorNode(errors, name)
        )
    }

    /// A plain `<select>` (works without scripts). `options`: (value, label).
    static func select(_ name: String, label: String, options: [(String, String)], selected: String?, errors: [FieldError] = [],
                       required: Bool = false, emptyLabel: String? = nil) -> Node<HTML.FormContext> {
        .group(
            .label(.for(name), .text(label + (required ? " *" : ""))),
            .select(.id(name), .attribute(named: "name", value: name), .if(required, .attribute(named: "required")),
                    .unwrap(emptyLabel) { .option(.value(""), .label($0), .isSelected(selected == nil || selected == "")) },
                    .forEach(options) { value, text in .option(.value(value), .label(text), .isSelected(value == selected)) }),
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
