import ArgumentParser
import Manifest

/// `engine schema`: the JSON Schema of the configuration files, for editors.
struct Schema: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print the JSON Schema (draft 2020-12) of the configuration files.",
        discussion: """
            Save it next to your configuration and point yaml-language-server at it with a first line of: # yaml-language-server: $schema=./engine.schema.json
            """
    )

    func run() throws {
        Terminal.standardOutput.write(JSONSchema.document())
    }
}
