/// A time-slot picker (`contentType: DatePicker`).
public struct DatePicker: Sendable, Equatable, Codable {
    /// One selectable slot.
    public struct TimeSlot: Sendable, Equatable, Codable {
        /// The slot's start, ISO-8601.
        public var dateTime: String
        /// The slot's length in seconds.
        public var duration: Int

        /// Creates a slot.
        public init(dateTime: String, duration: Int) {
            self.dateTime = dateTime
            self.duration = duration
        }
    }

    /// The title.
    public var title: String
    /// The subtitle.
    public var subtitle: String?
    /// An image URL.
    public var imageUrl: String?
    /// The selectable slots.
    public var availableTimes: [TimeSlot]

    /// Creates a date picker.
    public init(title: String, subtitle: String? = nil, imageUrl: String? = nil, availableTimes: [TimeSlot] = []) {
        self.title = title
        self.subtitle = subtitle
        self.imageUrl = imageUrl
        self.availableTimes = availableTimes
    }

    private enum CodingKeys: String, CodingKey {
        case title, subtitle, imageUrl, availableTimes
    }

    /// Decodes a date picker; a missing `availableTimes` reads as empty.
    /// - Throws: `DecodingError` when `title` is missing or a field has the wrong type.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        title = try container.decode(String.self, forKey: .title)
        subtitle = try container.decodeIfPresent(String.self, forKey: .subtitle)
        imageUrl = try container.decodeIfPresent(String.self, forKey: .imageUrl)
        availableTimes = try container.decodeIfPresent([TimeSlot].self, forKey: .availableTimes) ?? []
    }
}
