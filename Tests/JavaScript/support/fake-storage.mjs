// A Web Storage (localStorage) stand-in; `failures` makes its methods throw like Safari's private
// mode (every call), a full quota (setItem) or a blocked storage (getItem).

export class FakeWebStorage {
    constructor({ failures = {} } = {}) {
        this.map = new Map();
        this.failures = { setItem: false, getItem: false, removeItem: false, ...failures };
    }

    get length() {
        return this.map.size;
    }

    key(index) {
        return [...this.map.keys()][index] ?? null;
    }

    getItem(key) {
        if (this.failures.getItem) throw new Error('SecurityError: blocked');
        return this.map.has(key) ? this.map.get(key) : null;
    }

    setItem(key, value) {
        if (this.failures.setItem) throw new Error('QuotaExceededError');
        this.map.set(key, String(value));
    }

    removeItem(key) {
        if (this.failures.removeItem) throw new Error('SecurityError: blocked');
        this.map.delete(key);
    }
}
