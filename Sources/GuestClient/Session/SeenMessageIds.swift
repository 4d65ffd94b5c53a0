/// The message ids a session already reported, bounded: the oldest are forgotten first.
struct SeenMessageIds: Sendable {
    private var order: [String] = []
    private var members: Set<String> = []
    let capacity: Int

    init(capacity: Int = 4_096) {
        self.capacity = capacity
    }

    /// Records `id`; `true` when it was new.
    mutating func insert(_ id: String) -> Bool {
        guard members.insert(id).inserted else { return false }
        order.append(id)
        if order.count > capacity {
            let dropped = order.count - capacity
            for old in order.prefix(dropped) { members.remove(old) }
            order.removeFirst(dropped)
        }
        return true
    }

    func contains(_ id: String) -> Bool { members.contains(id) }
}
