import Flows
import Foundation

/// How a compiled ``Program`` is kept in `flow_versions.program`: `{"format": 1, "program": …}`.
///
/// The format number moves when the encoding of ``Program`` changes incompatibly; a
/// runner meeting a format it does not know treats the version as unavailable (its
/// executions end with `program-unavailable`) rather than guessing.
enum StoredProgram {
    /// The format this runner writes and reads.
    static let format = 1

    private struct Envelope: Codable {
        var format: Int
        var program: Program
    }

    private struct Header: Decodable {
        var format: Int
    }

    /// The stored form of `program`.
    static func encode(_ program: Program) throws(RuntimeError) -> Data {
        do {
            let encoder = JSONEncoder()
            encoder.outputFormatting = .sortedKeys
            return try encoder.encode(Envelope(format: format, program: program))
        } catch {
            throw RuntimeError(.unreadableRecord, "Cannot encode version \(program.version) of flow \(program.name): \(error).")
        }
    }

    /// The program stored as `data`, which must be version `version` of `flow`.
    static func decode(_ data: Data, flow: String, version: String) throws(RuntimeError) -> Program {
        let decoder = JSONDecoder()
        let program: Program
        do {
            let header = try decoder.decode(Header.self, from: data)
            guard header.format == format else {
                throw RuntimeError(
                    .unreadableRecord,
                    "Version \(version) of flow \(flow) was stored in program format \(header.format); this engine reads format \(format).")
            }
            program = try decoder.decode(Envelope.self, from: data).program
        } catch let error as RuntimeError {
            throw error
        } catch {
            throw RuntimeError(.unreadableRecord, "Cannot read the stored version \(version) of flow \(flow): \(error).")
        }
        guard program.name == flow, program.version == version else {
            throw RuntimeError(
                .unreadableRecord, "The program stored as version \(version) of flow \(flow) is version \(program.version) of flow \(program.name).")
        }
        return program
    }
}
