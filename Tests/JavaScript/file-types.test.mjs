// file-types.js (generated from the Swift FileTypeTable) answers like the Swift FileTypeResolver.
// fixtures/file-type-cases.json is written by Tests/WebMessagingTests/FileTypes/FileTypesScriptTests.swift
// with the Swift resolver's answer for every case, and that test fails when the committed list is stale:
// so the two resolvers cannot drift without a test failing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
    categoryNames, extensionCandidates, fileTypes, normalizeMime, resolveFileType,
} from '../../Sources/Gateway/Resources/Public/js/file-types.js';

const cases = JSON.parse(readFileSync(new URL('./fixtures/file-type-cases.json', import.meta.url), 'utf8'));

test('the case list covers the whole table', () => {
    assert.ok(cases.length > fileTypes.length * 2, `${cases.length} cases`);
    for (const entry of fileTypes) {
        for (const name of entry.extensions) {
            assert.ok(cases.some((c) => c.filename === `file.${name}`), name);
        }
    }
});

test('every case resolves to the Swift answer (category, MIME type, inline, evidence)', () => {
    const wrong = [];
    for (const { filename, mime, expected } of cases) {
        const got = resolveFileType({ filename, mime });
        const answer = { category: got.category, mime: got.mime, inline: got.inline, source: got.source };
        try {
            assert.deepEqual(answer, expected);
        } catch {
            wrong.push(`${JSON.stringify({ filename, mime })}: got ${JSON.stringify(answer)}, Swift ${JSON.stringify(expected)}`);
        }
    }
    assert.deepEqual(wrong, []);
});

test('the file extension and a display name come with every answer', () => {
    assert.deepEqual(resolveFileType({ filename: 'Scan.PDF', mime: 'application/pdf' }), {
        category: 'pdf', mime: 'application/pdf', extension: 'pdf', displayName: 'PDF document', inline: true,
        source: 'mimeType',
    });
    assert.equal(resolveFileType({ filename: 'backup.tar.gz' }).extension, 'tar.gz');
    assert.equal(resolveFileType({ filename: 'notes.xyz' }).extension, 'xyz');
    assert.equal(resolveFileType({ filename: 'notes.xyz' }).displayName, 'File');
    assert.equal(resolveFileType({ mime: 'image/x-new' }).displayName, 'Image');
    assert.equal(resolveFileType({}).category, 'unknown');
    assert.equal(resolveFileType().extension, '');
    for (const category of new Set(fileTypes.map((entry) => entry.category))) {
        assert.equal(typeof categoryNames[category], 'string', category);
    }
});

test('hostile names and types are data: no throw, nothing but the table comes back', () => {
    const hostile = ['<img src=x onerror=alert(1)>.png', '../../etc/passwd', '\u0000.pdf', 'a'.repeat(100_000) + '.zip'];
    for (const filename of hostile) {
        const got = resolveFileType({ filename, mime: '<script>/x' });
        assert.ok(fileTypes.some((entry) => entry.mime === got.mime) || got.mime === 'application/octet-stream');
    }
    assert.equal(normalizeMime(42), null);
    assert.deepEqual(extensionCandidates(null), []);
    assert.equal(resolveFileType({ filename: {}, mime: [] }).category, 'unknown');
});

test('the table is frozen', () => {
    assert.ok(Object.isFrozen(fileTypes));
    assert.throws(() => { fileTypes.push({}); }, TypeError);
});
