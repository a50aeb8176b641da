import Foundation

/// The optional tile layer of the maps (issue 13): when the site has internet access (or an intranet tile server),
/// the public map, the back-office map and the public form's pin draw on OpenStreetMap-compatible tiles with
/// Leaflet, shipped with the product (`Resources/public/static/leaflet`, from Debian's `libjs-leaflet`, BSD-2-Clause).
/// Without it the maps are the server's SVG and the form takes coordinates typed or read from the phone's location:
/// every page works with neither tiles nor scripts.
///
/// - `PAKN_MAP_TILES`: the tile URL template, `http(s)://…/{z}/{x}/{y}.png` (`{s}` allowed); anything else is
///   ignored, with a warning at start.
/// - `PAKN_MAP_ATTRIBUTION`: the credit the tile provider asks for (default "© OpenStreetMap contributors", which
///   OpenStreetMap's tile usage policy requires).
/// - `PAKN_MAP_CENTER`: `latitude,longitude,zoom` of the form's map before a pin is dropped (default the province:
///   `13.98,108.62,8`, Gia Lai after the 2025 merger).
public struct MapSettings: Sendable, Equatable {
    /// The tile URL template; nil: no tile layer.
    public var tiles: String?
    public var attribution = "© OpenStreetMap contributors"
    /// Decimal degrees (WGS 84).
    public var centerLatitude = 13.98
    public var centerLongitude = 108.62
    /// Leaflet's zoom level (0–18).
    public var zoom = 8

    public init() {}

    /// The origin the tiles come from (`https://tile.openstreetmap.org`), for the content security policy's
    /// `img-src`; nil without tiles. Hosts given as `{s}.host` are allowed as `*.host`.
    public var tileOrigin: String? {
        guard let tiles, let url = URL(string: tiles.replacingOccurrences(of: "{s}", with: "s")
                                                   .replacingOccurrences(of: "{z}", with: "0")
                                                   .replacingOccurrences(of: "{x}", with: "0")
                                                   .replacingOccurrences(of: "{y}", with: "0")
                                                   .replacingOccurrences(of: "{r}", with: "")),
              let scheme = url.scheme?.lowercased(), let host = url.host else { return nil }
        let shownHost = tiles.contains("{s}.") ? "*." + host.split(separator: ".").dropFirst().joined(separator: ".") : host
        return "\(scheme)://\(shownHost)" + (url.port.map { ":\($0)" } ?? "")
    }

    /// Reads `PAKN_MAP_TILES`, `PAKN_MAP_ATTRIBUTION` and `PAKN_MAP_CENTER`; returns the settings and the warnings
    /// to log (a template that is not http(s) or lacks `{z}`, `{x}` or `{y}`; a centre that is not three numbers in range).
    public static func fromEnvironment(_ env: [String: String]) -> (settings: MapSettings, warnings: [String]) {
        var settings = MapSettings(), warnings: [String] = []
        if let tiles = env["PAKN_MAP_TILES"]?.trimmingCharacters(in: .whitespaces), !tiles.isEmpty {
            let lower = tiles.lowercased()
            if (lower.hasPrefix("https://") || lower.hasPrefix("http://")) && ["{z}", "{x}", "{y}"].allSatisfy(tiles.contains) {
                settings.tiles = tiles
                if settings.tileOrigin == nil { settings.tiles = nil; warnings.append("PAKN_MAP_TILES has no host: the maps stay without tiles") }
            } else {
                warnings.append("PAKN_MAP_TILES must be an http(s) URL with {z}, {x} and {y}: the maps stay without tiles")
            }
        }
        if let text = env["PAKN_MAP_ATTRIBUTION"]?.trimmingCharacters(in: .whitespaces), !text.isEmpty { settings.attribution = text }
        if let text = env["PAKN_MAP_CENTER"], !text.isEmpty {
            let parts = text.split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) }
            if parts.count == 3, let lat = parts[0], let lon = parts[1], let zoom = parts[2],
               (-90...90).contains(lat), (-180...180).contains(lon), (0...18).contains(zoom) {
                settings.centerLatitude = lat; settings.centerLongitude = lon; settings.zoom = Int(zoom)
            } else {
                warnings.append("PAKN_MAP_CENTER must be latitude,longitude,zoom: the default centre is used")
            }
        }
        return (settings, warnings)
    }
}
