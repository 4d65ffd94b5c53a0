// @ts-check
import * as api from "./api.js";
import { byId, el, replaceChildren, safeURL } from "./dom.js";
import { renderTranscript } from "./transcript.js";

/** How often the console refreshes lists and the open conversation. */
const POLL_MS = 1000;
const STORAGE_KEY = "attache.sandbox.agent";

/** @type {{userId: string, name: string} | null} */
let agent = null;
/** @type {string | null} */
let openConversationId = null;
let lastTranscriptSignature = "";
let lastWidgetURL = "";

function showError(/** @type {unknown} */ error) {
    const box = byId("error");
    box.hidden = false;
    box.textContent = error instanceof Error ? error.message : String(error);
}

function clearError() {
    byId("error").hidden = true;
}

function setSignedIn(/** @type {{userId: string, name: string} | null} */ value) {
    agent = value;
    byId("sign-in").hidden = agent !== null;
    byId("workspace").hidden = agent === null;
    byId("agent-identity").hidden = agent === null;
    byId("agent-name").textContent = agent?.name ?? "";
    if (agent) {
        sessionStorage.setItem(STORAGE_KEY, JSON.stringify(agent));
    } else {
        sessionStorage.removeItem(STORAGE_KEY);
        openConversationId = null;
    }
}

/**
 * @param {any[]} conversations
 * @param {"waiting" | "mine" | "ended"} kind
 */
function renderList(conversations, kind) {
    return conversations.map((conversation) => {
        const actions =
            kind === "waiting"
                ? el("button", { type: "button", class: "accept", "data-conversation-id": conversation.id }, ["Accept"])
                : el("button", { type: "button", class: "secondary open", "data-conversation-id": conversation.id }, [
                      "Open",
                  ]);
        actions.addEventListener("click", () =>
            kind === "waiting" ? acceptConversation(conversation.id) : openConversation(conversation.id),
        );
        return el(
            "li",
            {
                "data-conversation-id": conversation.id,
                class: conversation.id === openConversationId ? "selected" : undefined,
            },
            [
                el("strong", {}, [conversation.customerName]),
                el("span", { class: "preview" }, [conversation.lastText ?? `${conversation.messageCount} messages`]),
                actions,
            ],
        );
    });
}

async function refreshLists() {
    if (!agent) return;
    const lists = await api.listConversations(agent.userId);
    replaceChildren(byId("waiting-list"), renderList(lists.waiting, "waiting"));
    replaceChildren(byId("mine-list"), renderList(lists.mine, "mine"));
    replaceChildren(byId("ended-list"), renderList(lists.ended, "ended"));
    byId("waiting-count").textContent = String(lists.waiting.length);
}

/** @param {any} detail */
function renderConversation(detail) {
    byId("conversation-empty").hidden = true;
    byId("conversation-view").hidden = false;
    const customer = detail.participants.find((/** @type {any} */ p) => p.purpose === "customer");
    byId("conversation-title").textContent = customer?.name ?? "Guest";
    byId("conversation-status").textContent = detail.status;
    byId("conversation-status").dataset.status = detail.status;
    const signature = detail.messages.map((/** @type {any} */ m) => m.id).join(",");
    if (signature !== lastTranscriptSignature) {
        const transcript = byId("transcript");
        replaceChildren(transcript, renderTranscript(detail.messages));
        transcript.scrollTop = transcript.scrollHeight;
        lastTranscriptSignature = signature;
    }
    for (const id of ["reply-text", "reply-button", "disconnect-button"]) {
        byId(id).disabled = !detail.canReply;
    }
    for (const button of byId("samples").querySelectorAll("button")) {
        button.disabled = !detail.canReply;
    }
    byId("read-only-note").hidden = !detail.readOnly;
    renderWidget(detail.widgetURL);
}

/** @param {string | undefined} url */
function renderWidget(url) {
    const safe = safeURL(url);
    const frame = byId("widget-frame");
    byId("widget-empty").hidden = Boolean(safe);
    frame.hidden = !safe;
    byId("widget-url").textContent = safe ?? "";
    if (safe && safe !== lastWidgetURL) {
        frame.src = safe;
        lastWidgetURL = safe;
    }
}

async function refreshConversation() {
    if (!agent || !openConversationId) return;
    renderConversation(await api.getConversation(openConversationId, agent.userId));
}

/** @param {string} conversationId */
async function openConversation(conversationId) {
    openConversationId = conversationId;
    lastTranscriptSignature = "";
    await refreshConversation();
    await refreshLists();
}

/** @param {string} conversationId */
async function acceptConversation(conversationId) {
    if (!agent) return;
    try {
        clearError();
        await api.accept(conversationId, agent.userId);
        await openConversation(conversationId);
    } catch (error) {
        showError(error);
    }
}

async function loadSamples() {
    const samples = await api.listSamples();
    replaceChildren(
        byId("samples"),
        samples.map((/** @type {any} */ sample) => {
            const button = el("button", { type: "button", class: "secondary sample", "data-sample-id": sample.id }, [
                `Send ${sample.label}`,
            ]);
            button.addEventListener("click", async () => {
                if (!agent || !openConversationId) return;
                try {
                    clearError();
                    const message = { sampleId: sample.id };
                    renderConversation(await api.sendMessage(openConversationId, agent.userId, message));
                } catch (error) {
                    showError(error);
                }
            });
            return button;
        }),
    );
}

async function poll() {
    try {
        await refreshLists();
        await refreshConversation();
    } catch (error) {
        showError(error);
    } finally {
        setTimeout(poll, POLL_MS);
    }
}

function wireForms() {
    byId("sign-in-form").addEventListener("submit", async (/** @type {Event} */ event) => {
        event.preventDefault();
        try {
            clearError();
            setSignedIn(await api.signIn(byId("sign-in-name").value));
            await refreshLists();
        } catch (error) {
            showError(error);
        }
    });
    byId("sign-out").addEventListener("click", () => {
        api.signOut();
        setSignedIn(null);
    });
    byId("reply-form").addEventListener("submit", async (/** @type {Event} */ event) => {
        event.preventDefault();
        const input = byId("reply-text");
        const text = input.value.trim();
        if (!agent || !openConversationId || !text) return;
        try {
            clearError();
            renderConversation(await api.sendMessage(openConversationId, agent.userId, { text }));
            input.value = "";
        } catch (error) {
            showError(error);
        }
    });
    byId("disconnect-button").addEventListener("click", async () => {
        if (!agent || !openConversationId) return;
        try {
            clearError();
            renderConversation(await api.disconnect(openConversationId, agent.userId));
            await refreshLists();
        } catch (error) {
            showError(error);
        }
    });
}

async function start() {
    wireForms();
    const stored = sessionStorage.getItem(STORAGE_KEY);
    if (stored) {
        try {
            setSignedIn(JSON.parse(stored));
        } catch {
            setSignedIn(null);
        }
    }
    await loadSamples().catch(showError);
    poll();
}

start();
