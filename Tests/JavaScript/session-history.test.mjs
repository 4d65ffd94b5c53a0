import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
    collectHistoryGap, HistoryError, historyPageFetcher, SeenIds,
} from '../../Sources/Gateway/Resources/Public/js/session-history.js';

const message = (id, direction = 'Outbound') => ({ id, type: 'Text', text: id, direction });

/** Pages of `pageSize` from `newestFirst`, recording the page numbers asked for. */
function pager(newestFirst, pageSize = 25) {
    const asked = [];
    const fetchPage = async (pageNumber) => {
        asked.push(pageNumber);
        return {
            entities: newestFirst.slice((pageNumber - 1) * pageSize, pageNumber * pageSize),
            pageCount: Math.max(1, Math.ceil(newestFirst.length / pageSize)),
        };
    };
    return { fetchPage, asked };
}

test('SeenIds reports each id once and forgets the oldest beyond its capacity', () => {
    const seen = new SeenIds(3);
    assert.equal(seen.add('a'), true);
    assert.equal(seen.add('a'), false);
    seen.add('b');
    seen.add('c');
    seen.add('d');
    assert.equal(seen.size, 3);
    assert.equal(seen.has('a'), false);
    assert.equal(seen.has('d'), true);
    assert.equal(seen.add('a'), true, 'forgotten ids count as new');
});

test('the gap is paged back until a contiguous message and returned oldest first', async () => {
    const all = Array.from({ length: 60 }, (_, index) => message(`m${60 - index}`)); // newest first
    const contiguous = new SeenIds();
    contiguous.add('m20');
    const seen = new SeenIds();
    seen.add('m58');
    const { fetchPage, asked } = pager(all);
    const gap = await collectHistoryGap({ fetchPage, seen, contiguous });
    assert.deepEqual(asked, [1, 2], 'm20 is on page 2: no page 3');
    // Everything fetched that is neither seen nor the known message, oldest first (the Swift SDK's rule).
    const expected = Array.from({ length: 50 }, (_, i) => `m${11 + i}`).filter((id) => id !== 'm20' && id !== 'm58');
    assert.deepEqual(gap.missed.map((m) => m.id), expected);
    assert.equal(gap.fetchedIds[0], 'm11', 'fetched ids oldest first');
    assert.equal(gap.fetchedIds.at(-1), 'm60');
});

test('without a known message the fill stops at the last page or at maxPages', async () => {
    const all = Array.from({ length: 30 }, (_, index) => message(`m${30 - index}`));
    const first = pager(all);
    const gap = await collectHistoryGap({ fetchPage: first.fetchPage, seen: new SeenIds(), contiguous: new SeenIds() });
    assert.deepEqual(first.asked, [1, 2]);
    assert.equal(gap.missed.length, 30);
    assert.equal(gap.missed[0].id, 'm1');
    const many = pager(Array.from({ length: 500 }, (_, index) => message(`x${index}`)));
    await collectHistoryGap({ fetchPage: many.fetchPage, seen: new SeenIds(), contiguous: new SeenIds(), maxPages: 3 });
    assert.deepEqual(many.asked, [1, 2, 3]);
});

test('a page without pageCount ends the fill when it is short', async () => {
    let asked = 0;
    const fetchPage = async () => {
        asked += 1;
        return { entities: [message('only')] };
    };
    await collectHistoryGap({ fetchPage, seen: new SeenIds(), contiguous: new SeenIds() });
    assert.equal(asked, 1);
});

test('malformed history entries are skipped and counted', async () => {
    const fetchPage = async () => ({ entities: [message('ok'), { id: 5 }, 'x', null, { ...message('bad'), metadata: { n: 1 } }], pageCount: 1 });
    const gap = await collectHistoryGap({ fetchPage, seen: new SeenIds(), contiguous: new SeenIds() });
    assert.deepEqual(gap.missed.map((m) => m.id), ['ok']);
    assert.equal(gap.skipped, 4);
});

test('the fetcher asks the documented URL with the JWT as bearer', async () => {
    const calls = [];
    const fetchImpl = async (url, init) => {
        calls.push({ url, init });
        return new Response(JSON.stringify({ entities: [], pageCount: 1 }), { status: 200 });
    };
    const page = await historyPageFetcher({ apiBaseURL: 'https://api.example.com/', jwt: 'J', fetchImpl })(2);
    assert.deepEqual(page.entities, []);
    assert.equal(calls[0].url, 'https://api.example.com/api/v2/webmessaging/messages?pageNumber=2&pageSize=25');
    assert.equal(calls[0].init.headers.Authorization, 'Bearer J');
    assert.equal(calls[0].init.credentials, 'omit');
});

test('fetcher failures are HistoryErrors without the JWT in the message', async () => {
    const cases = [
        async () => new Response('nope', { status: 401 }),
        async () => new Response('not json', { status: 200 }),
        async () => new Response('{"entities":"x"}', { status: 200 }),
        async () => { throw new TypeError('Failed to fetch'); },
    ];
    for (const fetchImpl of cases) {
        await assert.rejects(historyPageFetcher({ apiBaseURL: '', jwt: 'SECRET-JWT', fetchImpl })(1), (error) => {
            assert.ok(error instanceof HistoryError);
            assert.ok(!error.message.includes('SECRET-JWT'));
            return true;
        });
    }
});
