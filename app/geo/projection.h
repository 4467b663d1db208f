#pragma once

#include <QGeoCoordinate>
#include <QPointF>
#include <QRectF>
#include <QSizeF>

namespace fw::geo {

// Web Mercator. "World" coordinates are normalised: x in [0, 1) from 180°W eastwards, y in
// [0, 1] from 85.05°N southwards. At zoom z the world is 256 * 2^z pixels wide.
namespace Projection {

inline constexpr double kMaxLatitude = 85.05112878;
inline constexpr double kTileSize = 256.0;
inline constexpr double kEarthRadiusMetres = 6378137.0;

double wrapLongitude(double lon);     // into [-180, 180)
double clampLatitude(double lat);     // into [-kMaxLatitude, kMaxLatitude]
QPointF toWorld(double lon, double lat);
QPointF toWorld(const QGeoCoordinate &c);
QPointF toWorldUnwrapped(double lon, double lat);   // lon 180 stays at x = 1
QGeoCoordinate toGeo(const QPointF &world);   // x wraps, y is clamped to [0, 1]
double worldSize(double zoom);                // pixels
double metresPerPixel(double lat, double zoom);

} // namespace Projection

// The visible part of the map: a centre in world coordinates, a fractional zoom and a size in
// pixels. The world repeats horizontally, so screen positions map to unwrapped world x (it may
// leave [0, 1)); vertically the view is kept inside the world.
class MapView final
{
public:
    static constexpr double kMaxZoom = 19.0;

    void setSize(const QSizeF &size);
    QSizeF size() const { return m_size; }
    void setZoom(double zoom);
    double zoom() const { return m_zoom; }
    double minZoom() const;
    void setCenter(const QPointF &world);
    void setCenter(const QGeoCoordinate &c) { setCenter(Projection::toWorld(c)); }
    QPointF center() const { return m_center; }
    QGeoCoordinate centerCoordinate() const { return Projection::toGeo(m_center); }

    double scale() const { return Projection::worldSize(m_zoom); }   // pixels per world unit
    QPointF worldToScreen(const QPointF &world) const;       // exactly as given, no wrapping
    QPointF nearestScreen(const QPointF &world) const;       // the copy nearest the centre
    QPointF screenToWorld(const QPointF &screen) const;       // unwrapped
    QGeoCoordinate screenToGeo(const QPointF &screen) const;
    QPointF geoToScreen(const QGeoCoordinate &c) const { return nearestScreen(Projection::toWorld(c)); }
    QRectF visibleWorld() const;                              // unwrapped

    void panBy(const QPointF &screenDelta);
    void zoomAround(const QPointF &screenPos, double zoom);
    void fitWorldRect(const QRectF &world, double margin = 40.0);

private:
    void clampCenter();

    QSizeF m_size{800, 600};
    QPointF m_center{0.5, 0.5};
    double m_zoom = 2.0;
};

} // namespace fw::geo
