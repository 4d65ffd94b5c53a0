import Foundation

/// A Prometheus text exposition parsed into samples, for assertions.
struct PrometheusText {
    /// One sample line: `name{label="value",…} number`.
    struct Sample {
        var name: String
        var labels: [String: String]
        var value: Double
    }

    /// Every sample, in order.
    var samples: [Sample]
    /// The metric names declared by `# TYPE` lines, with their types.
    var types: [String: String]

    /// Parses the text (label values without escaped quotes are enough for the gateway's series).
    init(_ text: String) {
        var samples: [Sample] = []
        var types: [String: String] = [:]
        for line in text.split(separator: "\n") {
            if line.hasPrefix("# TYPE ") {
                let parts = line.split(separator: " ")
                if parts.count == 4 { types[String(parts[2])] = String(parts[3]) }
                continue
            }
            guard !line.hasPrefix("#"), let space = line.lastIndex(of: " "),
                let value = Double(line[line.index(after: space)...])
            else { continue }
            let series = line[..<space]
            guard let brace = series.firstIndex(of: "{") else {
                samples.append(Sample(name: String(series), labels: [:], value: value))
                continue
            }
            var labels: [String: String] = [:]
            let body = series[series.index(after: brace)..<(series.lastIndex(of: "}") ?? series.endIndex)]
            for pair in body.split(separator: ",") {
                guard let equals = pair.firstIndex(of: "=") else { continue }
                labels[String(pair[..<equals])] = String(pair[pair.index(after: equals)...])
                    .trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            }
            samples.append(Sample(name: String(series[..<brace]), labels: labels, value: value))
        }
        self.samples = samples
        self.types = types
    }

    /// The samples of one series name whose labels include `matching`.
    func samples(_ name: String, _ matching: [String: String] = [:]) -> [Sample] {
        samples.filter { sample in
            sample.name == name && matching.allSatisfy { sample.labels[$0.key] == $0.value }
        }
    }

    /// The sum of the samples of `name` whose labels include `matching`.
    func total(_ name: String, _ matching: [String: String] = [:]) -> Double {
        samples(name, matching).reduce(0) { $0 + $1.value }
    }
}
