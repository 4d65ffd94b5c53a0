// The Server-Sent Events parser of the upload library (upload-sse.js).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readEventStream, SSEParser } from '../../Sources/Gateway/Resources/Public/js/upload-sse.js';

function parse(chunks) {
    const events = [];
    const parser = new SSEParser((event) => events.push(event));
    for (const chunk of chunks) parser.push(chunk);
    parser.end();
    return { events, parser };
}

const stream = 'retry: 3000\n\nid: 1\nevent: state\ndata: {"state":"uploaded"}\n\n: keep-alive\n\n'
    + 'id: 2\r\nevent: state\r\ndata: {"state":"rejected","reason":"Eicar — virus"}\r\n\r\n';

test('events are the same however the stream is cut into chunks', () => {
    const whole = parse([stream]).events;
    assert.equal(whole.length, 2);
    assert.deepEqual(whole[1], { type: 'state', data: '{"state":"rejected","reason":"Eicar — virus"}', lastEventId: '2' });
    for (let size = 1; size <= 7; size += 1) {
        const chunks = [];
        for (let i = 0; i < stream.length; i += size) chunks.push(stream.slice(i, i + size));
        assert.deepEqual(parse(chunks).events, whole, `chunks of ${size}`);
    }
});

test('a CRLF split between chunks ends one line, not two', () => {
    const { events } = parse(['data: a\r', '\ndata: b\r', '\n\r', '\n']);
    assert.deepEqual(events.map((event) => event.data), ['a\nb']);
});

test('bare CR line endings, BOM, comments, field without colon, one leading space removed', () => {
    const { events, parser } = parse(['\uFEFFretry: 250\r: comment\revent: state\rdata:  two spaces\rdata\r\r']);
    assert.equal(parser.retryMs, 250);
    assert.deepEqual(events, [{ type: 'state', data: ' two spaces\n', lastEventId: '' }]);
});

test('no data, no event; default type is message; an unterminated event at the end is dropped', () => {
    const { events } = parse(['event: state\n\n', 'data: x\n\n', 'data: late']);
    assert.deepEqual(events, [{ type: 'message', data: 'x', lastEventId: '' }]);
});

test('retry must be digits; id with NUL is ignored', () => {
    const { parser, events } = parse(['retry: soon\nid: a\0b\ndata: y\n\n']);
    assert.equal(parser.retryMs, null);
    assert.equal(events[0].lastEventId, '');
});

test('an overlong line is dropped, the stream goes on', () => {
    const events = [];
    const parser = new SSEParser((event) => events.push(event), { maxLineLength: 16 });
    parser.push('data: ' + 'x'.repeat(40));
    parser.push('x'.repeat(40) + '\ndata: ok\n\n');
    assert.deepEqual(events.map((event) => event.data), ['ok']);
});

test('readEventStream decodes UTF-8 split inside a character', async () => {
    const bytes = new TextEncoder().encode('event: state\ndata: {"reason":"Eicar — virus ✓"}\n\n');
    const body = new ReadableStream({
        start(controller) {
            for (let i = 0; i < bytes.length; i += 1) controller.enqueue(bytes.slice(i, i + 1));
            controller.close();
        },
    });
    const events = [];
    await readEventStream(body, new SSEParser((event) => events.push(event)));
    assert.equal(JSON.parse(events[0].data).reason, 'Eicar — virus ✓');
});

test('readEventStream stops when its signal aborts', async () => {
    const body = new ReadableStream({ start(controller) { controller.enqueue(new TextEncoder().encode('data: a\n\n')); } });
    const controller = new AbortController();
    const events = [];
    const reading = readEventStream(body, new SSEParser((event) => {
        events.push(event);
        controller.abort();
    }), controller.signal);
    await reading;
    assert.equal(events.length, 1);
});
