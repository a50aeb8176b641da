/// Validation of incoming submissions. Rules: name and phone or email are required (TP.HCM QĐ 1478/QĐ-UBND;
/// Gia Lai hotline rules 2016 refuse anonymous items); consent is explicit and never pre-ticked
/// (Luật 91/2025/QH15: no default or ambiguous consent); text is stored NFC; no HTML is accepted.
public enum Intake {
    /// Limits in characters (after NFC normalisation and trimming).
    public static let titleLength = 2...200
    public static let contentLength = 10...5000
    public static let nameLength = 2...100
    public static let addressMaxLength = 300
    public static let emailMaxLength = 254

    /// Validates and normalises a submission.
    /// - Parameters:
    ///   - knownCommune: whether `communeCode` is a commune of the deployment's province.
    ///   - knownService: whether a given `serviceCode` exists and is active.
    /// - Returns: the normalised submission, or every problem found (one per field at most).
    public static func validate(
        _ s: Submission, knownCommune: (String) -> Bool, knownService: (String) -> Bool
    ) -> Result<ValidSubmission, ValidationFailure> {
        var errors: [FieldError] = []
        func fail(_ field: String, _ message: String) { errors.append(FieldError(field: field, message: message)) }

        let kind = RequestKind(rawValue: s.kind)
        if kind == nil { fail("kind", "Vui lòng chọn loại: phản ánh hoặc kiến nghị.") }

        let title = VietnameseText.sanitizedLine(s.title)
        if title.isEmpty { fail("title", "Vui lòng nhập tiêu đề.") }
        else if !titleLength.contains(title.count) { fail("title", "Tiêu đề cần từ \(titleLength.lowerBound) đến \(titleLength.upperBound) ký tự.") }
        else if containsMarkup(title) { fail("title", "Tiêu đề không được chứa mã HTML hoặc script.") }

        let content = VietnameseText.sanitizedText(s.content)
        if content.isEmpty { fail("content", "Vui lòng nhập nội dung phản ánh, kiến nghị.") }
        else if !contentLength.contains(content.count) { fail("content", "Nội dung cần từ \(contentLength.lowerBound) đến \(contentLength.upperBound) ký tự.") }
        else if containsMarkup(content) { fail("content", "Nội dung không được chứa mã HTML hoặc script.") }

        let serviceCode = s.serviceCode.map(VietnameseText.sanitizedLine).flatMap { $0.isEmpty ? nil : $0 }
        if let code = serviceCode, !knownService(code) { fail("serviceCode", "Lĩnh vực không hợp lệ.") }

        let commune = VietnameseText.sanitizedLine(s.communeCode)
        if commune.isEmpty { fail("communeCode", "Vui lòng chọn xã, phường nơi xảy ra sự việc.") }
        else if !knownCommune(commune) { fail("communeCode", "Xã, phường không thuộc danh mục của tỉnh.") }

        let address = VietnameseText.sanitizedLine(s.address)
        if address.count > addressMaxLength { fail("address", "Địa chỉ tối đa \(addressMaxLength) ký tự.") }
        else if containsMarkup(address) { fail("address", "Địa chỉ không được chứa mã HTML hoặc script.") }

        let latitudeOK = s.latitude.map { (-90...90).contains($0) } ?? true
        let longitudeOK = s.longitude.map { (-180...180).contains($0) } ?? true
        if !latitudeOK { fail("latitude", "Vĩ độ không hợp lệ.") }
        if !longitudeOK { fail("longitude", "Kinh độ không hợp lệ.") }
        if latitudeOK, longitudeOK, (s.latitude == nil) != (s.longitude == nil) {
            fail(s.latitude == nil ? "latitude" : "longitude", "Cần cả vĩ độ và kinh độ.")
        }

        let name = VietnameseText.sanitizedLine(s.fullName)
        if name.isEmpty { fail("fullName", "Vui lòng nhập họ và tên.") }
        else if !nameLength.contains(name.count) { fail("fullName", "Họ và tên cần từ \(nameLength.lowerBound) đến \(nameLength.upperBound) ký tự.") }
        else if containsMarkup(name) || name.contains(where: \.isNumber) { fail("fullName", "Họ và tên không hợp lệ.") }

        let phoneInput = s.phone.map(VietnameseText.sanitizedLine).flatMap { $0.isEmpty ? nil : $0 }
        var phone: String?
        if let p = phoneInput {
            phone = PhoneNumber.normalize(p)
            if phone == nil { fail("phone", "Số điện thoại không hợp lệ (ví dụ 0912 345 678).") }
        }
        let emailInput = s.email.map(VietnameseText.sanitizedLine).flatMap { $0.isEmpty ? nil : $0.lowercased() }
        if let e = emailInput, !isPlausibleEmail(e) { fail("email", "Địa chỉ email không hợp lệ.") }
        if phoneInput == nil && emailInput == nil { fail("phone", "Vui lòng cho biết số điện thoại hoặc email để nhận kết quả.") }

        if !s.consent { fail("consent", "Bạn cần đồng ý với thông báo xử lý dữ liệu cá nhân để gửi phản ánh.") }

        guard errors.isEmpty, let kind else { return .failure(ValidationFailure(errors)) }
        return .success(ValidSubmission(
            kind: kind, title: title, content: content, serviceCode: serviceCode, communeCode: commune,
            address: address, latitude: s.latitude, longitude: s.longitude, fullName: name, phone: phone,
            email: emailInput, hideIdentityPublic: s.hideIdentityPublic, hideIdentityFromAgency: s.hideIdentityFromAgency))
    }

    /// True when the text holds something that looks like an HTML tag or a script URL ("<b>", "</p>",
    /// "<!--", "javascript:"). "a < b" and "<3" are not markup.
    public static func containsMarkup(_ text: String) -> Bool {
        let scalars = Array(text.unicodeScalars)
        for (i, c) in scalars.enumerated() where c == "<" && i + 1 < scalars.count {
            let next = scalars[i + 1]
            if next == "!" || next == "/" || (next.isASCII && next.properties.isAlphabetic) { return true }
        }
        return text.lowercased().contains("javascript:")
    }

    /// A conservative e-mail check: one plain addr-spec, `local@domain`, at most 254 characters (RFC 5321 §4.5.3.1.3),
    /// the local part a dot-atom (RFC 5322 §3.2.3), the domain two or more host-name labels (RFC 1035 §2.3.1).
    public static func isPlausibleEmail(_ email: String) -> Bool {
        guard email.count <= emailMaxLength else { return false }
        let parts = email.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2 else { return false }
        // Local part: RFC 5322 §3.2.3 dot-atom of atext (no quoted strings, no ",", ";", "(", "\\", spaces: mail
        // tools read those as address lists or comments); not starting with "-", which tools read as an option.
        let atext = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789!#$%&'*+/=?^_`{|}~-")
        let local = parts[0]
        guard !local.isEmpty, !local.hasPrefix("-"), !local.hasPrefix("."), !local.hasSuffix("."), !local.contains(".."),
              local.allSatisfy({ atext.contains($0) || $0 == "." }) else { return false }
        // Domain: at least two LDH labels (RFC 1035 §2.3.1; IDNs in their ASCII "xn--" form).
        let labels = parts[1].split(separator: ".", omittingEmptySubsequences: false)
        let ldh = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-")
        guard labels.count >= 2 else { return false }
        return labels.allSatisfy { label in
            !label.isEmpty && label.count <= 63 && !label.hasPrefix("-") && !label.hasSuffix("-") && label.allSatisfy(ldh.contains)
        }
    }
}
