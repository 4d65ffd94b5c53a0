/// The optional `journeyContext` of a session request (Predictive Engagement).
public struct JourneyContext: Sendable, Equatable, Codable {
    /// The journey customer.
    public struct Customer: Sendable, Equatable, Codable {
        /// The customer id.
        public var id: String
        /// The id's kind, e.g. `cookie`.
        public var idType: String

        /// Creates a customer.
        public init(id: String, idType: String = "cookie") {
            self.id = id
            self.idType = idType
        }
    }

    /// The journey session.
    public struct CustomerSession: Sendable, Equatable, Codable {
        /// The session id.
        public var id: String
        /// The session kind, e.g. `web`.
        public var type: String

        /// Creates a customer session.
        public init(id: String, type: String = "web") {
            self.id = id
            self.type = type
        }
    }

    /// The action map that triggered the conversation.
    public struct TriggeringAction: Sendable, Equatable, Codable {
        /// The action map reference.
        public struct ActionMap: Sendable, Equatable, Codable {
            /// The action map id.
            public var id: String
            /// The action map version.
            public var version: Double

            /// Creates an action map reference.
            public init(id: String, version: Double) {
                self.id = id
                self.version = version
            }
        }

        /// The action id.
        public var id: String
        /// The action map.
        public var actionMap: ActionMap

        /// Creates a triggering action.
        public init(id: String, actionMap: ActionMap) {
            self.id = id
            self.actionMap = actionMap
        }
    }

    /// The customer.
    public var customer: Customer
    /// The customer's session.
    public var customerSession: CustomerSession
    /// The triggering action.
    public var triggeringAction: TriggeringAction?

    /// Creates a journey context.
    public init(customer: Customer, customerSession: CustomerSession, triggeringAction: TriggeringAction? = nil) {
        self.customer = customer
        self.customerSession = customerSession
        self.triggeringAction = triggeringAction
    }
}
