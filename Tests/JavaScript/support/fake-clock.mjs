// A fake clock for GuestSession tests: `now`, `setTimeout`, `clearTimeout` under test control.
// `advance(ms)` runs due timers in time order and lets promises and fake network deliveries
// (setImmediate) settle between them; `settle()` does only the latter.

/** Lets pending promise jobs and setImmediate callbacks (fake socket deliveries) run. */
export async function settle(rounds = 30) {
    for (let index = 0; index < rounds; index += 1) {
        await new Promise((resolve) => setImmediate(resolve));
    }
}

export class FakeClock {
    constructor(start = 1_700_000_000_000) {
        this.time = start;
        this.timers = new Map();
        this.nextId = 1;
        this.now = () => this.time;
        this.setTimeout = (fn, ms = 0) => {
            const id = this.nextId;
            this.nextId += 1;
            this.timers.set(id, { at: this.time + Math.max(0, Number(ms) || 0), fn, id });
            return id;
        };
        this.clearTimeout = (id) => {
            this.timers.delete(id);
        };
    }

    /** Timers pending, soonest first. */
    pending() {
        return [...this.timers.values()].sort((a, b) => a.at - b.at || a.id - b.id);
    }

    /** Moves time forward by `ms`, firing due timers in order. */
    async advance(ms) {
        const target = this.time + ms;
        await settle();
        for (;;) {
            const next = this.pending()[0];
            if (!next || next.at > target) break;
            this.timers.delete(next.id);
            this.time = Math.max(this.time, next.at);
            next.fn();
            await settle();
        }
        this.time = target;
        await settle();
    }
}
