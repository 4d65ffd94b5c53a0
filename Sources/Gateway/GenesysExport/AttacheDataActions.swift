/// The three Data Actions Genesys Cloud calls on the gateway, with the contracts the gateway
/// answers (every output field always present: empty string or 0 when not applicable).
public enum AttacheDataActions {
    private static let conversationId = ContractField(
        "conversationId", .string, title: "Conversation ID", description: "The Genesys conversation id (a UUID).")

    /// `POST /v1/data-actions/register-conversation`: binds the guest id sent in the first
    /// message's custom attribute `attacheGuestId` to the conversation.
    public static let registerConversation = DataActionDefinition(
        name: "Attache Register Conversation",
        fileStem: "attache-register-conversation",
        path: "/v1/data-actions/register-conversation",
        summary: "Binds an Attache guest id to a Genesys conversation, so the gateway can post "
            + "abandoned uploads into it.",
        inputs: [
            conversationId,
            ContractField(
                "guestId", .string, title: "Guest ID",
                description: "The custom attribute attacheGuestId of the conversation's first message."),
        ],
        outputs: [
            conversationId,
            ContractField("guestId", .string, title: "Guest ID", description: "The guest id now bound."),
            ContractField("registered", .boolean, title: "Registered", description: "True once the binding exists."),
            ContractField(
                "files", .integer, title: "Files",
                description: "How many of the guest's uploads are now bound to the conversation."),
        ]
    )

    /// `POST /v1/data-actions/file-link`: a just-in-time download link for a connected agent, or a
    /// typed denial. Secure: the link is a bearer credential for the file.
    public static let fileLink = DataActionDefinition(
        name: "Attache File Link",
        fileStem: "attache-file-link",
        path: "/v1/data-actions/file-link",
        summary: "Mints a short-lived download link for a clean file of the conversation, only for an "
            + "agent connected to it right now; otherwise says why not.",
        inputs: [
            conversationId,
            ContractField(
                "userId", .string, title: "Agent user ID",
                description: "The Genesys user id of the agent who will open the file."),
            ContractField(
                "fileId", .string, title: "File ID", description: "The message metadata value attacheFileId."),
        ],
        outputs: [
            ContractField(
                "decision", .string, title: "Decision", description: "allowed, pending or denied."),
            ContractField(
                "reason", .string, title: "Reason",
                description: "Empty when allowed; not-clean, unknown-file, other-conversation, agent-not-connected, "
                    + "conversation-not-found or genesys-unavailable otherwise."),
            ContractField("fileId", .string, title: "File ID", description: "The file id asked for."),
            ContractField(
                "url", .string, title: "URL", description: "The download link when allowed, else empty."),
            ContractField(
                "expiresAt", .string, title: "Expires at",
                description: "When the link stops working (ISO 8601), else empty."),
            ContractField("filename", .string, title: "File name", description: "The sanitized file name."),
            ContractField(
                "contentType", .string, title: "Content type", description: "The verified MIME type."),
            ContractField("size", .integer, title: "Size", description: "The size in bytes."),
            ContractField(
                "state", .string, title: "State", description: "The file's scan state, e.g. scanning or clean."),
        ],
        secure: true
    )

    /// `POST /v1/data-actions/list-files`: the clean files of a conversation, as parallel arrays.
    public static let listFiles = DataActionDefinition(
        name: "Attache List Files",
        fileStem: "attache-list-files",
        path: "/v1/data-actions/list-files",
        summary: "Lists the clean files of a conversation: ids, names, types, sizes and states as parallel arrays.",
        inputs: [conversationId],
        outputs: [
            conversationId,
            ContractField("count", .integer, title: "Count", description: "How many files are listed."),
            ContractField("fileIds", .stringArray, title: "File IDs", description: "The file ids."),
            ContractField("filenames", .stringArray, title: "File names", description: "The file names."),
            ContractField("contentTypes", .stringArray, title: "Content types", description: "The MIME types."),
            ContractField("sizes", .integerArray, title: "Sizes", description: "The sizes in bytes."),
            ContractField("states", .stringArray, title: "States", description: "The scan states."),
        ]
    )

    /// All three, in the order an admin imports them.
    public static let all: [DataActionDefinition] = [registerConversation, fileLink, listFiles]
}
