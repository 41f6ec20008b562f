import Foundation

/// Lays out HTML pages in a real browser (headless Chromium) and measures, for each page at
/// each viewport width, how wide the document is against the width of the viewport.
///
/// Chromium's headless window cannot be narrower than 500 px, so each page is loaded into an
/// `<iframe srcdoc>` of the wanted width inside one wrapper page: the frame is the page's
/// viewport (its media queries see that width), and the wrapper, being of the same origin, reads
/// the frame's layout when it has loaded and writes it into its own DOM as a `data-` attribute.
/// `--dump-dom` prints that DOM after the wrapper (and so every frame) has loaded. One browser
/// start measures every page at every width.
struct BrowserLayout {
    /// One page at one width.
    struct Measurement: CustomStringConvertible {
        var page: String
        var width: Int
        /// `document.documentElement.scrollWidth`: how wide the laid-out content is.
        var scrollWidth: Int
        /// `document.documentElement.clientWidth`: the viewport less a vertical scroll bar.
        var clientWidth: Int
        /// `innerWidth` of the frame: the viewport width the page saw.
        var innerWidth: Int
        /// The outermost elements reaching past the viewport (not inside a box that scrolls or
        /// clips them), as `tag#id.class right=R`, at most five.
        var wide: [String]

        /// Whether the page can be scrolled sideways: the content is wider than the viewport.
        var overflows: Bool { scrollWidth > clientWidth }

        var description: String {
            "\(page) at \(width) px: content \(scrollWidth) px wide in a \(clientWidth) px viewport"
                + (wide.isEmpty ? "" : "; too wide: " + wide.joined(separator: ", "))
        }
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// The browser: `RISKSHARE_CHROMIUM` when set, else `chromium` or `chromium-browser` on PATH.
    static func executable() throws -> String {
        let environment = ProcessInfo.processInfo.environment
        if let chosen = environment["RISKSHARE_CHROMIUM"], !chosen.isEmpty {
            guard FileManager.default.isExecutableFile(atPath: chosen) else {
                throw Failure(description: "RISKSHARE_CHROMIUM=\(chosen) is not an executable file")
            }
            return chosen
        }
        let folders = (environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":").map(String.init) + ["/usr/bin"]
        for name in ["chromium", "chromium-browser"] {
            for folder in folders where FileManager.default.isExecutableFile(atPath: folder + "/" + name) {
                return folder + "/" + name
            }
        }
        throw Failure(description: "Chromium is needed to test the HTML layout and was not found on PATH: install Debian's "
            + "`chromium` package (apt-get install chromium) or set RISKSHARE_CHROMIUM to a Chromium executable")
    }

    /// Measures every page at every width with one headless Chromium run.
    /// - Parameters:
    ///   - pages: `(name, html)`; the name only labels the measurements.
    ///   - widths: viewport widths in CSS pixels, e.g. 1400 and 420.
    ///   - timeout: seconds before the browser is stopped and the measurement fails.
    static func measure(pages: [(name: String, html: String)], widths: [Int], timeout: Double = 60) throws -> [Measurement] {
        let browser = try executable()
        let folder = NSTemporaryDirectory() + "riskshare-browser-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var frames: [(page: String, width: Int)] = []
        var body = ""
        for page in pages {
            for width in widths {
                body += "<iframe data-frame=\"\(frames.count)\" style=\"display:block;border:0;width:\(width)px;height:900px\" "
                    + "onload=\"rsMeasure(this)\" srcdoc=\"\(attribute(page.html))\"></iframe>\n"
                frames.append((page.name, width))
            }
        }
        let wrapper = """
        <!DOCTYPE html>
        <html><head><meta charset="utf-8"/><script>\(script)</script></head>
        <body style="margin:0">
        \(body)</body></html>
        """
        let wrapperPath = folder + "/layout.html"
        try wrapper.write(toFile: wrapperPath, atomically: true, encoding: .utf8)

        let process = Process()
        process.executableURL = URL(fileURLWithPath: browser)
        var arguments = ["--headless", "--disable-gpu", "--no-first-run", "--no-default-browser-check",
                         "--disable-extensions", "--disable-dev-shm-usage", "--hide-scrollbars=false",
                         "--user-data-dir=\(folder)/profile", "--window-size=1600,1000", "--dump-dom"]
        // Chromium refuses to start its sandbox as root (CI containers run as root).
        if geteuid() == 0 { arguments.append("--no-sandbox") }
        process.arguments = arguments + [URL(fileURLWithPath: wrapperPath).absoluteString]
        let out = Pipe()
        process.standardOutput = out
        // To a file, so a chatty browser never blocks on a full pipe.
        let errorPath = folder + "/stderr.txt"
        _ = FileManager.default.createFile(atPath: errorPath, contents: nil)
        process.standardError = FileHandle(forWritingAtPath: errorPath)
        try process.run()
        let deadline = DispatchWorkItem { if process.isRunning { process.terminate() } }
        DispatchQueue.global().asyncAfter(deadline: .now() + timeout, execute: deadline)
        let dom = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        deadline.cancel()
        let stderr = (try? String(contentsOfFile: errorPath, encoding: .utf8)) ?? ""

        var measurements: [Measurement] = []
        for (i, frame) in frames.enumerated() {
            guard let json = attributeValue(named: "data-rs-measure-\(i)", in: dom),
                  let object = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any],
                  let scroll = object["scrollWidth"] as? Int, let client = object["clientWidth"] as? Int,
                  let inner = object["innerWidth"] as? Int else {
                throw Failure(description: "Chromium (\(browser)) gave no measurement for \(frame.page) at \(frame.width) px "
                    + "(exit status \(process.terminationStatus)); its error output ends with: \(stderr.suffix(600))")
            }
            measurements.append(Measurement(page: frame.page, width: frame.width, scrollWidth: scroll, clientWidth: client,
                                            innerWidth: inner, wide: object["wide"] as? [String] ?? []))
        }
        return measurements
    }

    /// Runs in the wrapper when a frame has loaded: reads the frame's layout and stores it on
    /// the wrapper's root element. The scan for wide elements skips descendants of an element
    /// already listed and elements inside a box whose `overflow-x` is not `visible` (a table in
    /// a scrolling box is fine).
    static let script = """
    function rsMeasure(frame) {
      var doc = frame.contentDocument, root = doc.documentElement, viewport = root.clientWidth, wide = [], found = [];
      function contained(e) {
        for (var p = e.parentElement; p && p !== doc.body && p !== root; p = p.parentElement) {
          if (found.indexOf(p) >= 0) return true;
          if (frame.contentWindow.getComputedStyle(p).overflowX !== 'visible') return true;
        }
        return false;
      }
      var all = doc.body ? doc.body.getElementsByTagName('*') : [];
      for (var i = 0; i < all.length && wide.length < 5; i++) {
        var e = all[i], right = e.getBoundingClientRect().right;
        if (right > viewport + 0.5 && !contained(e)) {
          found.push(e);
          var name = e.tagName.toLowerCase() + (e.id ? '#' + e.id : '');
          if (typeof e.className === 'string' && e.className) name += '.' + e.className.split(' ').join('.');
          wide.push(name + ' right=' + Math.round(right));
        }
      }
      document.documentElement.setAttribute('data-rs-measure-' + frame.getAttribute('data-frame'), JSON.stringify({
        scrollWidth: root.scrollWidth, clientWidth: viewport, innerWidth: frame.contentWindow.innerWidth, wide: wide
      }));
    }
    """

    /// Text as the value of a double-quoted HTML attribute.
    static func attribute(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "\"", with: "&quot;")
            .replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }

    /// The value of `name="..."` in serialized HTML, with the entities Chromium writes undone.
    static func attributeValue(named name: String, in html: String) -> String? {
        guard let start = html.range(of: " \(name)=\"") else { return nil }
        guard let end = html[start.upperBound...].firstIndex(of: "\"") else { return nil }
        return String(html[start.upperBound..<end]).replacingOccurrences(of: "&quot;", with: "\"")
            .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&amp;", with: "&")
    }
}
