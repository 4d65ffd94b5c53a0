/// Tests that run the gateway and the sandbox together on loopback, as `attache dev` does,
/// against the real services `scripts/test` starts (moto, clamd, Chromium).
enum EndToEnd {}
