#pragma once

#include "geo/mappoint.h"

#include <QRandomGenerator>

#include <cmath>

namespace fw::bench {

// A deterministic fake fleet around real places: routers spread around cities (more around
// bigger ones), a few along the antimeridian, a few without a known position.
inline QList<geo::MapPoint> fakeFleet(int count, quint32 seed = 1, double unpositionedShare = 0.005)
{
    struct City { double lat, lon, weight; };
    static const City cities[] = {
        {40.71, -74.01, 9}, {34.05, -118.24, 7}, {41.88, -87.63, 6}, {29.76, -95.37, 5},
        {33.45, -112.07, 4}, {47.61, -122.33, 4}, {39.74, -104.99, 3}, {25.76, -80.19, 4},
        {43.65, -79.38, 4}, {45.50, -73.57, 2}, {19.43, -99.13, 4}, {-23.55, -46.63, 5},
        {-34.60, -58.38, 3}, {4.71, -74.07, 2}, {51.51, -0.13, 7}, {48.86, 2.35, 6},
        {52.52, 13.40, 5}, {40.42, -3.70, 4}, {41.90, 12.50, 3}, {52.37, 4.90, 3},
        {59.33, 18.07, 2}, {50.45, 30.52, 2}, {55.76, 37.62, 4}, {41.01, 28.98, 3},
        {30.04, 31.24, 3}, {6.52, 3.38, 3}, {-1.29, 36.82, 2}, {-26.20, 28.05, 3},
        {25.20, 55.27, 2}, {19.08, 72.88, 5}, {28.61, 77.21, 5}, {13.08, 80.27, 3},
        {1.35, 103.82, 3}, {13.76, 100.50, 3}, {-6.21, 106.85, 4}, {14.60, 120.98, 3},
        {31.23, 121.47, 6}, {39.90, 116.41, 5}, {22.32, 114.17, 3}, {35.68, 139.69, 7},
        {37.57, 126.98, 4}, {-33.87, 151.21, 4}, {-37.81, 144.96, 3}, {-36.85, 174.76, 2},
        {-18.14, 178.44, 1}, {64.73, 177.51, 0.5}, {61.22, -149.90, 1}, {21.31, -157.86, 1},
    };
    double total = 0;
    for (const City &c : cities)
        total += c.weight;

    QRandomGenerator rng(seed);
    QList<geo::MapPoint> points;
    points.reserve(count);
    for (int i = 0; i < count; ++i) {
        double pick = rng.generateDouble() * total;
        const City *city = &cities[0];
        for (const City &c : cities) {
            city = &c;
            if ((pick -= c.weight) <= 0)
                break;
        }
        // Box-Muller: most routers near the centre, some far out in the region.
        const double r = std::sqrt(-2 * std::log(1 - rng.generateDouble())) * 0.6;
        const double a = rng.generateDouble() * 2 * M_PI;
        geo::MapPoint p;
        p.routerId = QString::number(1000000 + i);
        if (rng.generateDouble() >= unpositionedShare) {
            double lon = city->lon + r * std::cos(a) / std::cos(city->lat * M_PI / 180);
            lon = lon >= 180 ? lon - 360 : (lon < -180 ? lon + 360 : lon);
            p.position = QGeoCoordinate(std::clamp(city->lat + r * std::sin(a), -85.0, 85.0), lon);
        }
        const double s = rng.generateDouble();
        p.state = s < 0.86 ? geo::RouterState::Online
                  : s < 0.93 ? geo::RouterState::Offline
                  : s < 0.97 ? geo::RouterState::Alarmed
                             : geo::RouterState::Unknown;
        points.append(p);
    }
    return points;
}

} // namespace fw::bench
