import Foundation
import Manifest
import Templates

// What a stored `Program` is made of beyond this module's own types: each is written in
// the plainest form that rebuilds it exactly. Decoding re-parses and re-compiles, so a
// stored program never holds anything a newer parser could misread as a compiled form.

extension CompiledRegex: Codable {
    private enum CodingKeys: String, CodingKey {
        case pattern
        case isCaseInsensitive = "caseInsensitive"
    }

    /// Compiles the stored pattern again; throws when it no longer compiles.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let pattern = try container.decode(String.self, forKey: .pattern)
        let isCaseInsensitive = try container.decode(Bool.self, forKey: .isCaseInsensitive)
        guard let compiled = CompiledRegex(pattern, caseInsensitive: isCaseInsensitive) else {
            throw DecodingError.dataCorruptedError(
                forKey: .pattern, in: container, debugDescription: "'\(pattern)' is not a valid regular expression")
        }
        self = compiled
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(pattern, forKey: .pattern)
        try container.encode(isCaseInsensitive, forKey: .isCaseInsensitive)
    }
}

/// A template is its source: parsing is deterministic, and equal sources make equal templates.
extension Template: Codable {
    public init(from decoder: any Decoder) throws {
        self = Template.parse(try decoder.singleValueContainer().decode(String.self)).template
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(source)
    }
}

/// A secret reference is written as `${env:NAME}` or `${file:PATH}`, never as a value.
extension SecretReference: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        switch SecretReference.parse(text, field: "secret") {
        case .success(let reference): self = reference
        case .failure(let problem): throw DecodingError.dataCorruptedError(in: container, debugDescription: problem.message)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

extension Trigger.Match: Codable {}
extension Manifest.Media.Kind: Codable {}
extension ReplyValidation.Kind: Codable {}
