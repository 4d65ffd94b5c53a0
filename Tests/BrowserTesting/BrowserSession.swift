/// Runs a test body against a fresh headless Chromium: starts chromedriver on a loopback port,
/// opens a session, and always quits the browser and stops the driver afterwards.
public enum BrowserSession {
    /// A failure inside the body, with the browser's console for diagnosis.
    public struct Failed: Error, CustomStringConvertible {
        /// The body's error.
        public var underlying: any Error
        /// The browser console's messages.
        public var console: [String]

        public var description: String {
            "\(underlying)\nbrowser console:\n\(console.joined(separator: "\n"))"
        }
    }

    /// Runs `body` with a browser session.
    /// - Parameter extraArguments: more Chromium switches.
    /// - Throws: ``BrowserEnvironment/Missing`` without chromedriver, ``Failed`` when the body throws.
    public static func run(
        extraArguments: [String] = [], _ body: (WebDriver) async throws -> Void
    ) async throws {
        let driverPath = try BrowserEnvironment.requireChromedriver()
        let driver = try await ChromeDriverProcess.start(path: driverPath)
        do {
            let browser = try await WebDriver.start(
                driverURL: driver.url, chromiumBinary: BrowserEnvironment.chromiumPath,
                extraArguments: extraArguments)
            do {
                try await body(browser)
            } catch {
                let console = await browser.consoleLog()
                await browser.quit()
                throw Failed(underlying: error, console: console)
            }
            await browser.quit()
        } catch {
            await driver.stop()
            throw error
        }
        await driver.stop()
    }
}
