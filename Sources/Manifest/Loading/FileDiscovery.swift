import Foundation

/// Lists the YAML files of a configuration directory, skipping hidden entries, the
/// scenario folder `tests/` (read by `engine test`, not configuration) and what
/// `.engineignore` excludes, in a stable order.
struct FileDiscovery {
    let directory: URL

    /// Relative paths of every `*.yaml` / `*.yml` file, sorted.
    func yamlFiles() throws -> [String] {
        let ignoreURL = directory.appendingPathComponent(".engineignore")
        let rules = IgnoreRules((try? String(contentsOf: ignoreURL, encoding: .utf8)) ?? "")
        var found: [String] = []
        var visited: Set<String> = []
        try walk(relative: "", rules: rules, visited: &visited, into: &found)
        return found.sorted()
    }

    private func walk(relative: String, rules: IgnoreRules, visited: inout Set<String>, into found: inout [String]) throws {
        let url = relative.isEmpty ? directory : directory.appendingPathComponent(relative)
        // A symbolic link back up the tree must not loop forever.
        guard visited.insert(url.resolvingSymlinksInPath().path).inserted else { return }
        let entries = try FileManager.default.contentsOfDirectory(atPath: url.path)
        for entry in entries where !entry.hasPrefix(".") {
            let path = relative.isEmpty ? entry : "\(relative)/\(entry)"
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: url.appendingPathComponent(entry).path, isDirectory: &isDirectory) else { continue }
            if rules.ignores(path, isDirectory: isDirectory.boolValue) { continue }
            if relative.isEmpty, entry == "tests", isDirectory.boolValue { continue }
            if isDirectory.boolValue {
                try walk(relative: path, rules: rules, visited: &visited, into: &found)
            } else if entry.hasSuffix(".yaml") || entry.hasSuffix(".yml") {
                found.append(path)
            }
        }
    }
}
