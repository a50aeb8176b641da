import Foundation

/// The two astronomical quantities the Vietnamese lunar calendar needs: the instants of new moon and the
/// Sun's apparent longitude. Formulas from Jean Meeus, *Astronomical Algorithms*, 2nd ed. (1998):
/// chapter 49 (phases of the Moon: mean new moon, the periodic terms of table 49.A and the 14 planetary
/// "additional corrections"), chapter 25 (solar coordinates, low accuracy: about 0.01°), and ΔT from the
/// polynomial fits of Espenak & Meeus (NASA, *Five Millennium Canon of Solar Eclipses*, 2006).
///
/// Units: Julian Days (days, fractional); ephemeris days (JDE, Terrestrial Time) where noted, otherwise
/// Universal Time; angles in degrees.
///
/// Accuracy: Meeus gives the new-moon instants to about 17 s at worst (in TT) and the Sun's longitude to
/// about 0.01° (≈ 15 min of time). ΔT after 2025 is an extrapolation that may be off by a few minutes near
/// 2100, so a new moon or a major term within minutes of local midnight could move by a day there; every
/// published table shares that limit. A check run while writing this (the same code at UTC+8 against
/// Foundation's `.chinese` calendar, 1930–2100) differed only in September 2057 and August 2097, whose new
/// moons fall within seconds of midnight at UTC+8 (at UTC+7 they fall near 23:00, so Vietnam is unaffected).
enum LunarAstronomy {
    /// Vietnam's meridian, 105° E: UTC+7 as a fraction of a day. Rule 5 of domain.md §3.5.
    static let vietnamOffsetInDays = 7.0 / 24.0

    private static let radiansPerDegree = Double.pi / 180

    private static func sinDegrees(_ x: Double) -> Double { sin(x * radiansPerDegree) }

    /// Reduces an angle into [0, 360).
    static func normalizedDegrees(_ x: Double) -> Double {
        let r = x.truncatingRemainder(dividingBy: 360)
        return r < 0 ? r + 360 : r
    }

    /// ΔT = TT − UT in seconds at a decimal year (Espenak & Meeus polynomials, valid 1860–2150 here).
    static func deltaTSeconds(decimalYear y: Double) -> Double {
        switch y {
        case ..<1900:
            let t = y - 1860
            return 7.62 + 0.5737 * t - 0.251754 * t * t + 0.01680668 * pow(t, 3) - 0.0004473624 * pow(t, 4) + pow(t, 5) / 233_174
        case ..<1920:
            let t = y - 1900
            return -2.79 + 1.494119 * t - 0.0598939 * t * t + 0.0061966 * pow(t, 3) - 0.000197 * pow(t, 4)
        case ..<1941:
            let t = y - 1920
            return 21.20 + 0.84493 * t - 0.076100 * t * t + 0.0020936 * pow(t, 3)
        case ..<1961:
            let t = y - 1950
            return 29.07 + 0.407 * t - t * t / 233 + pow(t, 3) / 2547
        case ..<1986:
            let t = y - 1975
            return 45.45 + 1.067 * t - t * t / 260 - pow(t, 3) / 718
        case ..<2005:
            let t = y - 2000
            return 63.86 + 0.3345 * t - 0.060374 * t * t + 0.0017275 * pow(t, 3) + 0.000651814 * pow(t, 4) + 0.00002373599 * pow(t, 5)
        case ..<2050:
            let t = y - 2000
            return 62.92 + 0.32217 * t + 0.005589 * t * t
        case ..<2150:
            let u = (y - 1820) / 100
            return -20 + 32 * u * u - 0.5628 * (2150 - y)
        default:
            let u = (y - 1820) / 100
            return -20 + 32 * u * u
        }
    }

    /// ΔT in days at the Julian Day `jd`.
    static func deltaTDays(julianDay jd: Double) -> Double {
        deltaTSeconds(decimalYear: 2000 + (jd - 2_451_545) / 365.25) / 86_400
    }

    /// The instant of the new moon of lunation `k` in Terrestrial Time (JDE), Meeus eq. 49.1 with the
    /// new-moon terms of table 49.A and the additional corrections. `k` = 0 is the new moon of 2000-01-06.
    static func newMoonEphemerisDay(lunation k: Int) -> Double {
        let k = Double(k)
        let t = k / 1236.85
        let t2 = t * t, t3 = t2 * t, t4 = t3 * t

        let meanPhase = 2_451_550.09766 + 29.530588861 * k + 0.00015437 * t2 - 0.000000150 * t3 + 0.00000000073 * t4
        let e = 1 - 0.002516 * t - 0.0000074 * t2  // eccentricity of Earth's orbit, eq. 47.6
        let sunAnomaly = 2.5534 + 29.10535670 * k - 0.0000014 * t2 - 0.00000011 * t3
        let moonAnomaly = 201.5643 + 385.81693528 * k + 0.0107582 * t2 + 0.00001238 * t3 - 0.000000058 * t4
        let latitudeArgument = 160.7108 + 390.67050284 * k - 0.0016118 * t2 - 0.00000227 * t3 + 0.000000011 * t4
        let ascendingNode = 124.7746 - 1.56375588 * k + 0.0020672 * t2 + 0.00000215 * t3

        let m = sunAnomaly, mp = moonAnomaly, f = latitudeArgument
        var periodic = -0.40720 * sinDegrees(mp)
        periodic += 0.17241 * e * sinDegrees(m)
        periodic += 0.01608 * sinDegrees(2 * mp)
        periodic += 0.01039 * sinDegrees(2 * f)
        periodic += 0.00739 * e * sinDegrees(mp - m)
        periodic -= 0.00514 * e * sinDegrees(mp + m)
        periodic += 0.00208 * e * e * sinDegrees(2 * m)
        periodic -= 0.00111 * sinDegrees(mp - 2 * f)
        periodic -= 0.00057 * sinDegrees(mp + 2 * f)
        periodic += 0.00056 * e * sinDegrees(2 * mp + m)
        periodic -= 0.00042 * sinDegrees(3 * mp)
        periodic += 0.00042 * e * sinDegrees(m + 2 * f)
        periodic += 0.00038 * e * sinDegrees(m - 2 * f)
        periodic -= 0.00024 * e * sinDegrees(2 * mp - m)
        periodic -= 0.00017 * sinDegrees(ascendingNode)
        periodic -= 0.00007 * sinDegrees(mp + 2 * m)
        periodic += 0.00004 * sinDegrees(2 * mp - 2 * f)
        periodic += 0.00004 * sinDegrees(3 * m)
        periodic += 0.00003 * sinDegrees(mp + m - 2 * f)
        periodic += 0.00003 * sinDegrees(2 * mp + 2 * f)
        periodic -= 0.00003 * sinDegrees(mp + m + 2 * f)
        periodic += 0.00003 * sinDegrees(mp - m + 2 * f)
        periodic -= 0.00002 * sinDegrees(mp - m - 2 * f)
        periodic -= 0.00002 * sinDegrees(3 * mp + m)
        periodic += 0.00002 * sinDegrees(4 * mp)

        // Planetary arguments A1…A14 and their coefficients (Meeus p. 351).
        let planetary: [(Double, Double, Double)] = [
            (299.77, 0.107408, 0.000325), (251.88, 0.016321, 0.000165), (251.83, 26.651886, 0.000164),
            (349.42, 36.412478, 0.000126), (84.66, 18.206239, 0.000110), (141.74, 53.303771, 0.000062),
            (207.14, 2.453732, 0.000060), (154.84, 7.306860, 0.000056), (34.52, 27.261239, 0.000047),
            (207.19, 0.121824, 0.000042), (291.34, 1.844379, 0.000040), (161.72, 24.198154, 0.000037),
            (239.56, 25.513099, 0.000035), (331.55, 3.592518, 0.000023),
        ]
        var additional = 0.0
        for (index, (base, rate, coefficient)) in planetary.enumerated() {
            var argument = base + rate * k
            if index == 0 { argument -= 0.009173 * t2 }
            additional += coefficient * sinDegrees(argument)
        }
        return meanPhase + periodic + additional
    }

    /// The Sun's apparent geocentric longitude in degrees [0, 360) at the ephemeris instant `jde`
    /// (Meeus ch. 25, "low accuracy": true longitude from the mean longitude and the equation of centre,
    /// corrected for nutation and aberration).
    static func apparentSolarLongitude(ephemerisDay jde: Double) -> Double {
        let t = (jde - 2_451_545.0) / 36_525
        let meanLongitude = 280.46646 + 36_000.76983 * t + 0.0003032 * t * t
        let meanAnomaly = 357.52911 + 35_999.05029 * t - 0.0001537 * t * t
        let centre = (1.914602 - 0.004817 * t - 0.000014 * t * t) * sinDegrees(meanAnomaly)
            + (0.019993 - 0.000101 * t) * sinDegrees(2 * meanAnomaly)
            + 0.000289 * sinDegrees(3 * meanAnomaly)
        let node = 125.04 - 1934.136 * t
        return normalizedDegrees(meanLongitude + centre - 0.00569 - 0.00478 * sinDegrees(node))
    }

    /// The Sun's apparent longitude at the Universal-Time Julian Day `jd`.
    static func apparentSolarLongitude(universalDay jd: Double) -> Double {
        apparentSolarLongitude(ephemerisDay: jd + deltaTDays(julianDay: jd))
    }

    /// The Julian Day Number of the civil day, at UTC+7, that contains the Universal-Time instant `jd`.
    /// (A Julian Day begins at noon, so the civil day number is ⌊jd + 0.5 + 7/24⌋.)
    static func vietnamDayNumber(containingUniversalDay jd: Double) -> Int {
        Int((jd + 0.5 + vietnamOffsetInDays).rounded(.down))
    }

    /// The Universal-Time Julian Day of local midnight (00:00 UTC+7) at the start of civil day `jdn`.
    static func vietnamMidnight(startingDay jdn: Int) -> Double {
        Double(jdn) - 0.5 - vietnamOffsetInDays
    }

    /// The civil day (JDN, UTC+7) on which new moon `k` happens: rule 1 of domain.md §3.5, a lunar month
    /// starts on the local day containing the new moon.
    static func newMoonVietnamDay(lunation k: Int) -> Int {
        let jde = newMoonEphemerisDay(lunation: k)
        return vietnamDayNumber(containingUniversalDay: jde - deltaTDays(julianDay: jde))
    }

    /// The Sun's apparent longitude at the local midnight that begins civil day `jdn` (UTC+7).
    static func solarLongitudeAtVietnamMidnight(startingDay jdn: Int) -> Double {
        apparentSolarLongitude(universalDay: vietnamMidnight(startingDay: jdn))
    }

    /// The lunation number whose new moon is nearest before or at the Julian Day `jd` (approximate; callers
    /// check neighbours). Mean synodic month 29.530588861 days from the reference new moon of 2000-01-06.
    static func approximateLunation(atOrBefore jd: Double) -> Int {
        Int(((jd - 2_451_550.09766) / 29.530588861).rounded(.down))
    }
}
