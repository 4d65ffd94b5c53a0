import Foundation
import Testing

@testable import Gateway

@Suite("Widget static files")
struct WidgetAssetsTests {
    static let names = ["index.html", "widget.js", "auth.js", "api.js", "preview.js", "dom.js", "widget.css"]

    @Test("Every file ships; nothing outside the widget folder can be named")
    func files() {
        let assets = WidgetAssets()
        for name in Self.names { #expect(assets.file(named: name) != nil, "\(name)") }
        for name in ["../openapi.yaml", "README.md", "index.HTML", ".env", "", "widget.js/"] {
            #expect(assets.file(named: name) == nil, "\(name)")
        }
    }

    @Test("Scripts render data as text only and load nothing from elsewhere")
    func noMarkupSinks() throws {
        let assets = WidgetAssets()
        for name in Self.names where name.hasSuffix(".js") || name.hasSuffix(".html") {
            let text = String(decoding: try #require(assets.file(named: name)).data, as: UTF8.self)
            for sink in ["innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function"] {
                #expect(!text.contains(sink), "\(name) uses \(sink)")
            }
            #expect(!text.contains("http://") && !text.contains("https://"), "\(name) names an absolute URL")
        }
        let page = String(decoding: try #require(assets.file(named: "index.html")).data, as: UTF8.self)
        #expect(!page.contains("<script>"), "no inline script (the CSP forbids it)")
        #expect(!page.contains("style="), "no inline style (the CSP forbids it)")
    }
}
