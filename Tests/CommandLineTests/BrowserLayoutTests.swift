import Foundation
import Testing

/// The HTML reports read on a wide screen and on a phone: laid out by a real browser at 1400
/// and 420 CSS pixels, no page is wider than its viewport (wide tables scroll inside their own
/// box). Needs Chromium (Debian: `chromium`); without it the tests fail and say so.
@Suite(.serialized) struct BrowserLayoutTests {
    static let widths = [1400, 420]

    @Test("the measurement catches a page wider than the viewport, and passes one that scrolls a wide table in its box")
    func harnessDetectsOverflow() throws {
        let wide = """
        <!DOCTYPE html><html><head><meta charset="utf-8"/></head><body>
        <p>text</p><div id="too-wide" style="width:1600px;height:10px;background:#cccccc"></div></body></html>
        """
        let contained = """
        <!DOCTYPE html><html><head><meta charset="utf-8"/></head><body>
        <div style="overflow-x:auto"><table><tr><td style="min-width:1600px">wide cell</td></tr></table></div></body></html>
        """
        let results = try BrowserLayout.measure(pages: [("wide", wide), ("contained", contained)], widths: Self.widths)
        #expect(results.count == 4)
        for result in results {
            #expect(result.innerWidth == result.width, "the frame is the viewport: \(result)")
            if result.page == "wide" {
                #expect(result.overflows, "\(result)")
                #expect(result.wide.first?.hasPrefix("div#too-wide right=") == true, "\(result)")
            } else {
                #expect(!result.overflows, "\(result)")
                #expect(result.wide.isEmpty, "\(result)")
            }
        }
    }

    @Test("the baseline report in English and Chinese and a sweep page fit 1400 px and 420 px viewports")
    func reportsFitTheViewport() throws {
        let directory = CommandRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var pages: [(name: String, html: String)] = []
        for language in ["en", "zh"] {
            let out = directory + "/baseline-" + language
            let run = try CommandRunner.run(["run", "Scenarios/shenzhen-baseline.yaml", "--paths", "200", "--format", "html",
                                             "--lang", language, "--out", out])
            try #require(run.status == 0, "riskshare run failed: \(run.stderr)")
            let page = try String(contentsOfFile: out + "/report.html", encoding: .utf8)
            #expect(page.contains("<html lang=\"\(language == "zh" ? "zh-CN" : "en")\">"))
            pages.append(("shenzhen-baseline report.html (\(language))", page))
        }
        let sweep = try CommandRunner.run(["sweep", "Scenarios/sweeps/guarantee-share-x-pool.yaml", "--paths", "50",
                                           "--out", directory + "/sweep.csv", "--html", directory + "/sweep.html"])
        try #require(sweep.status == 0, "riskshare sweep failed: \(sweep.stderr)")
        pages.append(("guarantee-share-x-pool sweep.html", try String(contentsOfFile: directory + "/sweep.html", encoding: .utf8)))

        let results = try BrowserLayout.measure(pages: pages, widths: Self.widths)
        #expect(results.count == pages.count * Self.widths.count)
        for result in results {
            #expect(result.innerWidth == result.width, "the frame is the viewport: \(result)")
            #expect(!result.overflows, "\(result)")
        }
    }
}
