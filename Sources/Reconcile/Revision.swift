import Foundation

/// Which version of the files a plan or apply saw.
public enum Revision {
    /// The git commit of `directory` when it is in a work tree (`+dirty` when the tree
    /// has uncommitted changes below it), else `sha256:` and the first 16 hex digits of
    /// `contentHash`.
    public static func of(directory: String, contentHash: String) -> String {
        guard let commit = git(["rev-parse", "HEAD"], in: directory), !commit.isEmpty else {
            return "sha256:" + contentHash.prefix(16)
        }
        let status = git(["status", "--porcelain", "--", "."], in: directory) ?? ""
        return String(commit.prefix(12)) + (status.isEmpty ? "" : "+dirty")
    }

    private static func git(_ arguments: [String], in directory: String) -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "-C", directory] + arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return nil }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
