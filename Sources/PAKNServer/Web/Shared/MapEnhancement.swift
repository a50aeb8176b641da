import Foundation
import Plot
import Vapor

/// What a page with a map or a coordinates field adds for the maps' progressive enhancement
/// (`Resources/public/static/pakn-map.js`): the script, and, when a tile server is configured (`MapSettings`),
/// Leaflet and the tile settings. Without scripts, or without tiles, the page is the same server-drawn SVG and
/// typed fields.
enum MapEnhancement {
    /// One point for the tile map: a label, decimal degrees (WGS 84), the text of its popup, its fill colour and
    /// its size (a count; the circle's area follows it).
    struct Point: Encodable, Sendable {
        let label: String
        let lat: Double
        let lon: Double
        let text: String
        let colour: String
        let size: Int
    }

    /// The scripts, and the tile settings when there are tiles; put at the end of the page's body.
    static func scripts(_ req: Request) -> Node<HTML.BodyContext> {
        let map = req.paknConfiguration.map
        guard let tiles = map.tiles else { return .raw("<script src=\"/static/pakn-map.js\" defer></script>") }
        return .group(
            .raw("<link rel=\"stylesheet\" href=\"/static/leaflet/leaflet.css\">"),
            .div(.id("map-settings"), .attribute(named: "hidden"),
                 .attribute(named: "data-tiles", value: Layout.attribute(tiles)),
                 .attribute(named: "data-attribution", value: Layout.attribute(map.attribution)),
                 .attribute(named: "data-lat", value: String(map.centerLatitude)),
                 .attribute(named: "data-lon", value: String(map.centerLongitude)),
                 .attribute(named: "data-zoom", value: String(map.zoom))),
            .raw("<script src=\"/static/leaflet/leaflet.min.js\" defer></script><script src=\"/static/pakn-map.js\" defer></script>")
        )
    }

    /// Where the tile map goes (above the SVG it enhances), with `points` as a JSON data island. The island is
    /// data, not a script: the content security policy does not run it, and `<` is escaped so no text in it can
    /// close the element.
    static func slot(label: String, points: [Point]) -> Node<HTML.BodyContext> {
        let encoder = JSONEncoder()
        let json = (try? encoder.encode(points)).flatMap { String(data: $0, encoding: .utf8) } ?? "[]"
        return .group(
            .div(.id("tile-map-slot"), .attribute(named: "data-label", value: Layout.attribute(label))),
            .raw("<script type=\"application/json\" id=\"map-points\">" + json.replacingOccurrences(of: "<", with: "\\u003c") + "</script>")
        )
    }
}
