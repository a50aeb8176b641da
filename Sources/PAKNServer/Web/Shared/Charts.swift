import Foundation
import Plot

/// Small charts drawn on the server as inline SVG (no script: pages work with scripts off and print as they
/// show). Each has a `<title>` and a `<desc>` for screen readers; the page puts the table it is drawn from beside
/// it. No charting library for server-side Swift fits this (they draw for Apple platforms or the browser), so the
/// few shapes needed are written here.
enum Charts {
    /// One series of a bar chart: its name (in the legend), fill colour (CSS) and one value per label.
    struct Series {
        let name: String
        let color: String
        let values: [Int]
    }

    /// Vertical bars, one group per label (e.g. months), one bar per series, on a scale from 0 to the largest value.
    /// Width 640 and height 260 user units, scaled to the container's width.
    static func groupedBars(id: String, title: String, description: String, labels: [String], series: [Series]) -> Node<HTML.BodyContext> {
        let width = 640.0, height = 260.0, left = 36.0, bottom = 40.0, top = 24.0
        let maximum = max(series.flatMap(\.values).max() ?? 0, 1)
        let slot = (width - left) / Double(max(labels.count, 1))
        let bar = max((slot - 6) / Double(max(series.count, 1)), 1)
        var shapes = ""
        // Axis: 0 and the maximum.
        shapes += line(x1: left, y1: height - bottom, x2: width, y2: height - bottom)
        shapes += text("\(maximum)", x: left - 4, y: top + 4, anchor: "end")
        shapes += text("0", x: left - 4, y: height - bottom + 4, anchor: "end")
        for (index, label) in labels.enumerated() {
            let x0 = left + Double(index) * slot + 3
            for (s, serie) in series.enumerated() {
                let value = index < serie.values.count ? serie.values[index] : 0
                let h = (height - bottom - top) * Double(value) / Double(maximum)
                shapes += "<rect x=\"\(number(x0 + Double(s) * bar))\" y=\"\(number(height - bottom - h))\" width=\"\(number(bar - 1))\" "
                    + "height=\"\(number(h))\" fill=\"\(escape(serie.color))\"><title>\(escape("\(serie.name), \(label): \(value)"))</title></rect>"
            }
            shapes += text(label, x: x0 + slot / 2 - 3, y: height - bottom + 16, anchor: "middle", size: 10)
        }
        var legendX = left
        for serie in series {
            shapes += "<rect x=\"\(number(legendX))\" y=\"\(number(height - 14))\" width=\"10\" height=\"10\" fill=\"\(escape(serie.color))\"/>"
            shapes += text(serie.name, x: legendX + 14, y: height - 5, anchor: "start")
            legendX += 24 + Double(serie.name.count) * 7
        }
        return svg(id: id, title: title, description: description, width: width, height: height, body: shapes)
    }

    /// Horizontal bars of shares (0…1), one row per label, each with its text (e.g. "92% (48/52)") at its end.
    static func shares(id: String, title: String, description: String, rows: [(label: String, share: Double, text: String)]) -> Node<HTML.BodyContext> {
        let width = 640.0, row = 22.0, labelWidth = 250.0, textWidth = 110.0
        let height = max(Double(rows.count) * row + 8, 30)
        var shapes = ""
        for (index, item) in rows.enumerated() {
            let y = 4 + Double(index) * row
            let share = min(max(item.share, 0), 1)
            let full = width - labelWidth - textWidth
            shapes += text(String(item.label.prefix(40)), x: labelWidth - 6, y: y + 14, anchor: "end")
            shapes += "<rect x=\"\(number(labelWidth))\" y=\"\(number(y + 3))\" width=\"\(number(full))\" height=\"14\" fill=\"#e5e7eb\"/>"
            shapes += "<rect x=\"\(number(labelWidth))\" y=\"\(number(y + 3))\" width=\"\(number(full * share))\" height=\"14\" fill=\"#15803d\">"
                + "<title>\(escape("\(item.label): \(item.text)"))</title></rect>"
            shapes += text(item.text, x: width - textWidth + 6, y: y + 14, anchor: "start")
        }
        return svg(id: id, title: title, description: description, width: width, height: height, body: shapes)
    }

    /// Lines of series over labels (e.g. months), with a dot and a tooltip at each value, on a scale from 0 to the
    /// largest value. Width 640 and height 260 user units.
    static func lines(id: String, title: String, description: String, labels: [String], series: [Series]) -> Node<HTML.BodyContext> {
        let width = 640.0, height = 260.0, left = 36.0, right = 12.0, bottom = 40.0, top = 24.0
        let maximum = max(series.flatMap(\.values).max() ?? 0, 1)
        let step = (width - left - right) / Double(max(labels.count - 1, 1))
        func x(_ index: Int) -> Double { left + Double(index) * step }
        func y(_ value: Int) -> Double { height - bottom - (height - bottom - top) * Double(value) / Double(maximum) }
        var shapes = line(x1: left, y1: height - bottom, x2: width - right, y2: height - bottom)
        shapes += text("\(maximum)", x: left - 4, y: top + 4, anchor: "end")
        shapes += text("0", x: left - 4, y: height - bottom + 4, anchor: "end")
        for (index, label) in labels.enumerated() {
            shapes += text(label, x: x(index), y: height - bottom + 16, anchor: "middle", size: 10)
        }
        for serie in series {
            let points = serie.values.prefix(labels.count).enumerated().map { "\(number(x($0.offset))),\(number(y($0.element)))" }
            shapes += "<polyline points=\"\(points.joined(separator: " "))\" fill=\"none\" stroke=\"\(escape(serie.color))\" stroke-width=\"2\"/>"
            for (index, value) in serie.values.prefix(labels.count).enumerated() {
                shapes += "<circle cx=\"\(number(x(index)))\" cy=\"\(number(y(value)))\" r=\"3\" fill=\"\(escape(serie.color))\">"
                    + "<title>\(escape("\(serie.name), \(labels[index]): \(value)"))</title></circle>"
            }
        }
        shapes += legend(series.map { ($0.name, $0.color) }, y: height - 14, left: left)
        return svg(id: id, title: title, description: description, width: width, height: height, body: shapes)
    }

    /// Horizontal bars, one row per label, each cut into its slices (e.g. answers on time, late, overdue now),
    /// scaled to the largest row's total, with the row's total at its end and a legend below.
    static func stackedBars(id: String, title: String, description: String, rows: [(label: String, slices: [Slice])]) -> Node<HTML.BodyContext> {
        let width = 640.0, row = 22.0, labelWidth = 220.0, textWidth = 60.0
        let height = max(Double(rows.count) * row + 30, 50)
        let largest = Double(max(rows.map { $0.slices.map(\.value).reduce(0, +) }.max() ?? 1, 1))
        let full = width - labelWidth - textWidth
        var shapes = ""
        for (index, item) in rows.enumerated() {
            let y = 4 + Double(index) * row
            shapes += text(String(item.label.prefix(34)), x: labelWidth - 6, y: y + 14, anchor: "end")
            var x = labelWidth
            for slice in item.slices where slice.value > 0 {
                let w = full * Double(slice.value) / largest
                shapes += "<rect x=\"\(number(x))\" y=\"\(number(y + 3))\" width=\"\(number(w))\" height=\"14\" fill=\"\(escape(slice.color))\">"
                    + "<title>\(escape("\(item.label) – \(slice.name): \(slice.value)"))</title></rect>"
                x += w
            }
            shapes += text("\(item.slices.map(\.value).reduce(0, +))", x: x + 6, y: y + 14, anchor: "start")
        }
        let names = rows.first?.slices.map { ($0.name, $0.color) } ?? []
        shapes += legend(names, y: height - 12, left: labelWidth)
        return svg(id: id, title: title, description: description, width: width, height: height, body: shapes)
    }

    /// The leaders' timeliness bars (dashboard and printed report): per agency, field, … answers on time, late, and
    /// cases overdue now, the first 15 rows.
    static func timeliness(id: String, title: String, rows: [Statistics.Performance]) -> Node<HTML.BodyContext> {
        stackedBars(id: id, title: "\(title): đúng hạn, trễ hạn, đang quá hạn",
                    description: rows.prefix(15).map { "\($0.label): đúng hạn \($0.onTime), trễ hạn \($0.late), đang quá hạn \($0.overdueNow)" }
                        .joined(separator: "; "),
                    rows: rows.prefix(15).map { r in
                        (r.label, [Slice(name: "Đúng hạn", color: "#15803d", value: r.onTime), Slice(name: "Trễ hạn", color: "#d97706", value: r.late),
                                   Slice(name: "Đang quá hạn", color: "#b91c1c", value: r.overdueNow)])
                    })
    }

    /// Horizontal bars of counts, one row per label, scaled to the largest, with the count at the bar's end.
    static func bars(id: String, title: String, description: String, rows: [(label: String, value: Int)], color: String = "#1d4ed8") -> Node<HTML.BodyContext> {
        stackedBars(id: id, title: title, description: description,
                    rows: rows.map { ($0.label, [Slice(name: "Số lượng", color: color, value: $0.value)]) })
    }

    /// A legend: a swatch and a name per entry, on one line from `left`.
    private static func legend(_ entries: [(String, String)], y: Double, left: Double) -> String {
        var x = left, out = ""
        for (name, color) in entries {
            out += "<rect x=\"\(number(x))\" y=\"\(number(y - 9))\" width=\"10\" height=\"10\" fill=\"\(escape(color))\"/>"
            out += text(name, x: x + 14, y: y, anchor: "start")
            x += 24 + Double(name.count) * 7
        }
        return out
    }

    /// Circles on a plane of longitude and latitude (equirectangular, scaled by the cosine of the mean latitude so
    /// that distances look right at this province's latitude), each sized by its count, with its label; fitted to
    /// the points' bounding box. `points`: (label, latitude, longitude, count — nil draws the smallest circle —, the
    /// text shown for the count).
    static func pointMap(id: String, title: String, description: String,
                         points: [(label: String, latitude: Double, longitude: Double, count: Int?, text: String)]) -> Node<HTML.BodyContext> {
        let largest = Double(max(points.compactMap(\.count).max() ?? 1, 1))
        let placed = points.sorted(by: { ($0.count ?? 0) > ($1.count ?? 0) }).map { point in
            Placed(label: point.label, latitude: point.latitude, longitude: point.longitude,
                   radius: 4 + 14 * (Double(point.count ?? 0) / largest).squareRoot()) { x, y, r in
                "<circle cx=\"\(number(x))\" cy=\"\(number(y))\" r=\"\(number(r))\" fill=\"#a51c1c\" fill-opacity=\"0.55\" stroke=\"#7f1d1d\">"
                    + "<title>\(escape("\(point.label): \(point.text)"))</title></circle>"
            }
        }
        return plane(id: id, title: title, description: description, placed)
    }

    /// One slice of a pie: its value, fill colour (CSS) and name (in its tooltip).
    struct Slice {
        let name: String
        let color: String
        let value: Int
    }

    /// Pies on the same plane as ``pointMap``: one per place, sized by its total, cut into `slices` (e.g. cases by
    /// deadline state), largest first so that small places stay on top; each slice has a tooltip with its count.
    static func pieMap(id: String, title: String, description: String,
                       places: [(label: String, latitude: Double, longitude: Double, slices: [Slice])]) -> Node<HTML.BodyContext> {
        let totals = places.map { $0.slices.map(\.value).reduce(0, +) }
        let largest = Double(max(totals.max() ?? 1, 1))
        let placed = zip(places, totals).sorted(by: { $0.1 > $1.1 }).map { place, total in
            Placed(label: place.label, latitude: place.latitude, longitude: place.longitude,
                   radius: 5 + 15 * (Double(total) / largest).squareRoot()) { x, y, r in
                // Each slice is an arc of a circle of radius r/2 stroked r wide (stroke-dasharray), turned to start at 12 o'clock.
                let circumference = Double.pi * r
                var offset = 0.0, arcs = ""
                for slice in place.slices where slice.value > 0 {
                    let length = circumference * Double(slice.value) / Double(max(total, 1))
                    arcs += "<circle cx=\"\(number(x))\" cy=\"\(number(y))\" r=\"\(number(r / 2))\" fill=\"none\" stroke=\"\(escape(slice.color))\" "
                        + "stroke-width=\"\(number(r))\" stroke-dasharray=\"\(number(length)) \(number(circumference))\" stroke-dashoffset=\"\(number(-offset))\" "
                        + "transform=\"rotate(-90 \(number(x)) \(number(y)))\"><title>\(escape("\(place.label) – \(slice.name): \(slice.value)"))</title></circle>"
                    offset += length
                }
                return arcs + "<circle cx=\"\(number(x))\" cy=\"\(number(y))\" r=\"\(number(r))\" fill=\"none\" stroke=\"#374151\" stroke-width=\"0.8\"/>"
            }
        }
        return plane(id: id, title: title, description: description, placed)
    }

    /// A shape to put on the plane: where, how large (its radius in user units, for the label above it) and how to
    /// draw it at (x, y, radius).
    private struct Placed {
        let label: String
        let latitude: Double
        let longitude: Double
        let radius: Double
        let draw: (Double, Double, Double) -> String
    }

    /// Longitude and latitude to a 640-unit-wide plane (equirectangular, x scaled by the cosine of the mean
    /// latitude), fitted to the shapes' bounding box with a 40-unit margin; each shape drawn in order, with its
    /// label above it.
    private static func plane(id: String, title: String, description: String, _ placed: [Placed]) -> Node<HTML.BodyContext> {
        let width = 640.0, margin = 40.0
        guard !placed.isEmpty else { return svg(id: id, title: title, description: description, width: width, height: 60, body: "") }
        let lats = placed.map(\.latitude), lons = placed.map(\.longitude)
        let scale = cos((lats.reduce(0, +) / Double(lats.count)) * .pi / 180)
        let spanX = max((lons.max()! - lons.min()!) * scale, 0.05), spanY = max(lats.max()! - lats.min()!, 0.05)
        let unit = (width - 2 * margin) / max(spanX, spanY)
        let height = spanY * unit + 2 * margin
        var shapes = ""
        for shape in placed {
            let x = margin + (shape.longitude - lons.min()!) * scale * unit
            let y = margin + (lats.max()! - shape.latitude) * unit
            shapes += shape.draw(x, y, shape.radius)
            shapes += text(shape.label, x: x, y: y - shape.radius - 3, anchor: "middle", size: 10)
        }
        return svg(id: id, title: title, description: description, width: width, height: height, body: shapes)
    }

    private static func svg(id: String, title: String, description: String, width: Double, height: Double, body: String) -> Node<HTML.BodyContext> {
        .raw("<svg id=\"\(escape(id))\" class=\"chart\" role=\"img\" aria-labelledby=\"\(escape(id))-title \(escape(id))-desc\" "
             + "viewBox=\"0 0 \(number(width)) \(number(height))\" width=\"100%\" xmlns=\"http://www.w3.org/2000/svg\">"
             + "<title id=\"\(escape(id))-title\">\(escape(title))</title><desc id=\"\(escape(id))-desc\">\(escape(description))</desc>"
             + body + "</svg>")
    }

    private static func line(x1: Double, y1: Double, x2: Double, y2: Double) -> String {
        "<line x1=\"\(number(x1))\" y1=\"\(number(y1))\" x2=\"\(number(x2))\" y2=\"\(number(y2))\" stroke=\"#6b7280\"/>"
    }

    private static func text(_ value: String, x: Double, y: Double, anchor: String, size: Int = 11) -> String {
        "<text x=\"\(number(x))\" y=\"\(number(y))\" text-anchor=\"\(anchor)\" font-size=\"\(size)\" fill=\"#111827\">\(escape(value))</text>"
    }

    /// Coordinates to 0.1 unit, with a dot whatever the locale.
    private static func number(_ value: Double) -> String { String(format: "%.1f", locale: Locale(identifier: "en_US_POSIX"), value) }

    /// Text and attribute values escaped for XML (SVG).
    private static func escape(_ value: String) -> String { Open311Document.escape(value) }
}
