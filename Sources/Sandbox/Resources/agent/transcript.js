// @ts-check
import { el, formatSize, safeURL } from "./dom.js";

/**
 * Renders a conversation's messages as list items (text through textContent only).
 * @param {any[]} messages
 * @returns {HTMLElement[]}
 */
export function renderTranscript(messages) {
    return messages.map(renderMessage);
}

/**
 * @param {any} message
 * @returns {HTMLElement}
 */
function renderMessage(message) {
    const outbound = message.direction === "Outbound";
    const isEvent = message.type === "Event";
    const classes = ["message", outbound ? "outbound" : "inbound", isEvent ? "event" : ""].join(" ").trim();
    const time = new Date(message.time).toLocaleTimeString();
    if (isEvent) {
        return el("li", { class: classes, "data-message-id": message.id }, [
            `${message.from ?? (outbound ? "Agent" : "Guest")} · ${message.events.join(", ")} · ${time}`,
        ]);
    }
    const metadataKeys = Object.keys(message.metadata ?? {});
    return el("li", { class: classes, "data-message-id": message.id, "data-direction": message.direction }, [
        el("div", { class: "meta" }, [`${message.from ?? (outbound ? "Agent" : "Guest")} · ${time}`]),
        message.text ? el("div", { class: "text" }, [message.text]) : null,
        ...message.attachments.map(renderAttachment),
        metadataKeys.length > 0
            ? el("div", { class: "metadata" }, [
                  "metadata: " + metadataKeys.map((key) => `${key}=${message.metadata[key]}`).join(", "),
              ])
            : null,
    ]);
}

/**
 * @param {any} attachment
 * @returns {HTMLElement}
 */
function renderAttachment(attachment) {
    const url = safeURL(attachment.url);
    const label = `${attachment.filename ?? "file"} (${formatSize(attachment.fileSize)})`;
    const link = url
        ? el("a", { href: url, download: attachment.filename ?? true, rel: "noopener" }, [label])
        : el("span", {}, [label]);
    const mime = String(attachment.mime ?? "");
    let preview = null;
    if (url && mime.startsWith("image/")) {
        preview = el("img", { src: url, alt: attachment.filename ?? "image" });
    } else if (url && mime.startsWith("audio/")) {
        preview = el("audio", { src: url, controls: true, preload: "none" });
    }
    return el("div", { class: "attachment", "data-mime": mime }, [preview, link]);
}
