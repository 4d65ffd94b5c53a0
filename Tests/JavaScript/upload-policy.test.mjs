// The client-side mirror of the gateway's upload policy (upload-policy.js) and UploadManager.check/add.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkFile, fileExtensions, formatBytes } from '../../Sources/Gateway/Resources/Public/js/upload-policy.js';
import { UploadManager } from '../../Sources/Gateway/Resources/Public/js/uploads.js';
import { createFakeGateway, namedBlob } from './support/upload-fake-gateway.mjs';

const policy = {
    maxFileSize: 100, partSize: 8,
    allowedTypes: ['application/pdf', 'text/plain', 'image/png', 'audio/', 'video/*'],
    blockedExtensions: ['exe', 'js', '.bat'], quotaBytes: 1000,
};

const file = (name, size, type) => ({ name, size, type });

test('size: empty and over the maximum are refused', () => {
    assert.equal(checkFile(file('a.pdf', 0, 'application/pdf'), policy)?.code, 'invalid-size');
    assert.equal(checkFile(file('a.pdf', 101, 'application/pdf'), policy)?.code, 'file-too-large');
    assert.equal(checkFile(file('a.pdf', 100, 'application/pdf'), policy), null);
    assert.match(checkFile(file('a.pdf', 101, 'application/pdf'), policy).message, /limit is 100 bytes/);
});

test('type: exact, prefix entries, parameters and case; unknown and malformed refused', () => {
    assert.equal(checkFile(file('a.txt', 1, 'Text/Plain; charset=utf-8'), policy), null);
    assert.equal(checkFile(file('a.ogg', 1, 'audio/ogg'), policy), null);
    assert.equal(checkFile(file('a.mp4', 1, 'video/mp4'), policy), null);
    assert.equal(checkFile(file('a', 1, 'audio/'), policy)?.code, 'type-not-allowed');
    assert.equal(checkFile(file('a.svg', 1, 'image/svg+xml'), policy)?.code, 'type-not-allowed');
    assert.equal(checkFile(file('a', 1, ''), policy)?.code, 'type-not-allowed');
    assert.equal(checkFile(file('a', 1, 'text/plain<script>'), policy)?.code, 'type-not-allowed');
});

test('blocked extensions: case-insensitive, last and double extensions, tricks the sanitiser removes', () => {
    for (const name of ['setup.EXE', 'report.pdf.exe', 'report.exe.pdf', 'x.Js', 'run.bat', 'evil.exe.', 'evil.e\u200bxe',
        'a.exe .pdf']) {
        assert.equal(checkFile(file(name, 1, 'application/pdf'), policy)?.code, 'extension-blocked', name);
    }
    assert.equal(checkFile(file('exe.pdf', 1, 'application/pdf'), policy), null);
    assert.equal(checkFile(file('my.json', 1, 'text/plain'), policy), null);
    assert.match(checkFile(file('report.pdf.exe', 1, 'application/pdf'), policy).message, /'\.exe'/);
});

test('order mirrors the gateway: size, then type, then extension', () => {
    assert.equal(checkFile(file('a.exe', 500, 'application/x-msdownload'), policy)?.code, 'file-too-large');
    assert.equal(checkFile(file('a.exe', 5, 'application/x-msdownload'), policy)?.code, 'type-not-allowed');
});

test('without a policy only emptiness is checked', () => {
    assert.equal(checkFile(file('a.exe', 5, ''), null), null);
    assert.equal(checkFile(file('a.exe', 0, ''), null)?.code, 'invalid-size');
});

test('fileExtensions and formatBytes', () => {
    assert.deepEqual(fileExtensions('a.tar.GZ'), ['gz', 'tar']);
    assert.deepEqual(fileExtensions('noext'), []);
    assert.deepEqual(fileExtensions('dir/.hidden'), ['hidden']);
    assert.equal(formatBytes(100 * 1024 * 1024), '100 MB');
    assert.equal(formatBytes(512), '512 bytes');
});

test('UploadManager loads the policy from /v1/guest/config; add() refuses what check() refuses', async () => {
    const gw = createFakeGateway({ policy });
    const uploads = new UploadManager({
        gatewayURL: 'http://gw.test', deploymentId: 'dep', getSessionToken: async () => 'token-123', fetchImpl: gw.fetch,
        onlineTarget: null,
    });
    assert.deepEqual(await uploads.loadPolicy(), policy);
    assert.equal(uploads.check(namedBlob('x', 'report.pdf.exe', 'application/pdf'))?.code, 'extension-blocked');
    assert.equal(uploads.check(namedBlob('x', 'notes.txt', 'text/plain')), null);
    await assert.rejects(uploads.add(namedBlob('x', 'report.pdf.exe', 'application/pdf')), { code: 'extension-blocked' });
    await assert.rejects(uploads.add(namedBlob('', 'empty.txt', 'text/plain')), { code: 'invalid-size' });
    assert.equal(gw.gatewayCalls('POST', /^\/v1\/uploads$/), 0);
    assert.deepEqual(uploads.list(), []);
});

test('a file without a browser type is declared with resolveType, else application/octet-stream', async () => {
    const gw = createFakeGateway({ policy });
    const options = { gatewayURL: 'http://gw.test', deploymentId: 'dep', getSessionToken: async () => 't-123456',
        fetchImpl: gw.fetch, onlineTarget: null };
    const plain = new UploadManager(options);
    await plain.loadPolicy();
    assert.equal(plain.check(namedBlob('x', 'a.pdf', ''))?.code, 'type-not-allowed');
    const resolving = new UploadManager({ ...options, resolveType: (f) => (f.name.endsWith('.pdf') ? 'application/pdf' : '') });
    await resolving.loadPolicy();
    assert.equal(resolving.check(namedBlob('x', 'a.pdf', '')), null);
});

test('safeFilename: what the gateway refuses is made acceptable; the declared name is the safe one', async () => {
    const { safeFilename } = await import('../../Sources/Gateway/Resources/Public/js/upload-policy.js');
    assert.equal(safeFilename('thirty <b>MiB</b>.txt'), 'thirty <b>MiB<_b>.txt');
    assert.equal(safeFilename('a\\b/c.txt'), 'a_b_c.txt');
    assert.equal(safeFilename('tab\there\nnow.pdf'), 'tab here now.pdf');
    assert.equal(safeFilename('invoice\u202Efdp.exe'), 'invoicefdp.exe');
    assert.equal(safeFilename(' ..x.pdf.. '), 'x.pdf');
    assert.equal(safeFilename('...'), 'file');
    const long = safeFilename('é'.repeat(300) + '.pdf');
    assert.ok(new TextEncoder().encode(long).length <= 255);
    assert.ok(long.endsWith('.pdf'));
    assert.equal(checkFile(file('invoice\u202Efdp.exe', 1, 'application/pdf'), policy)?.code, 'extension-blocked');
    const gw = createFakeGateway();
    const uploads = new UploadManager({ gatewayURL: 'http://gw.test', deploymentId: 'dep', getSessionToken: async () => 't-123456',
        fetchImpl: gw.fetch, onlineTarget: null });
    const id = await uploads.add(namedBlob('data', 'a/b\u0007.txt'));
    assert.equal(uploads.list().find((u) => u.id === id).filename, 'a_b.txt');
    await new Promise((r) => setTimeout(r, 30));
    assert.equal([...gw.uploads.values()][0].filename, 'a_b.txt');
    uploads.close();
});
