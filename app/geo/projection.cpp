#include "geo/projection.h"

#include <QtMath>

#include <algorithm>
#include <cmath>

namespace fw::geo {

namespace Projection {

double wrapLongitude(double lon)
{
    double w = std::fmod(lon + 180.0, 360.0);
    if (w < 0)
        w += 360.0;
    return w - 180.0;
}

double clampLatitude(double lat)
{
    return std::clamp(lat, -kMaxLatitude, kMaxLatitude);
}

QPointF toWorld(double lon, double lat)
{
    return toWorldUnwrapped(wrapLongitude(lon), lat);
}

QPointF toWorldUnwrapped(double lon, double lat)
{
    const double x = (lon + 180.0) / 360.0;
    const double phi = qDegreesToRadians(clampLatitude(lat));
    const double y = 0.5 - std::log(std::tan(M_PI / 4 + phi / 2)) / (2 * M_PI);
    return {x, std::clamp(y, 0.0, 1.0)};
}

QPointF toWorld(const QGeoCoordinate &c)
{
    return toWorld(c.longitude(), c.latitude());
}

QGeoCoordinate toGeo(const QPointF &world)
{
    const double lon = wrapLongitude(world.x() * 360.0 - 180.0);
    const double y = std::clamp(world.y(), 0.0, 1.0);
    const double lat = qRadiansToDegrees(2 * std::atan(std::exp(M_PI * (1 - 2 * y))) - M_PI / 2);
    return QGeoCoordinate(clampLatitude(lat), lon);
}

double worldSize(double zoom)
{
    return kTileSize * std::exp2(zoom);
}

double metresPerPixel(double lat, double zoom)
{
    return std::cos(qDegreesToRadians(clampLatitude(lat))) * 2 * M_PI * kEarthRadiusMetres
           / worldSize(zoom);
}

} // namespace Projection

void MapView::setSize(const QSizeF &size)
{
    m_size = size.isValid() ? size : QSizeF(1, 1);
    setZoom(m_zoom);
}

double MapView::minZoom() const
{
    // The world must at least fill the view's height: no empty band above the pole.
    return std::max(0.0, std::log2(m_size.height() / Projection::kTileSize));
}

void MapView::setZoom(double zoom)
{
    m_zoom = std::clamp(zoom, minZoom(), kMaxZoom);
    clampCenter();
}

void MapView::setCenter(const QPointF &world)
{
    m_center = world;
    clampCenter();
}

void MapView::clampCenter()
{
    double x = std::fmod(m_center.x(), 1.0);
    if (x < 0)
        x += 1.0;
    const double halfHeight = m_size.height() / 2 / scale();
    const double y = halfHeight >= 0.5 ? 0.5 : std::clamp(m_center.y(), halfHeight, 1 - halfHeight);
    m_center = {x, y};
}

QPointF MapView::worldToScreen(const QPointF &world) const
{
    return (world - m_center) * scale() + QPointF(m_size.width() / 2, m_size.height() / 2);
}

QPointF MapView::nearestScreen(const QPointF &world) const
{
    double dx = world.x() - m_center.x();
    dx -= std::round(dx);
    return worldToScreen({m_center.x() + dx, world.y()});
}

QPointF MapView::screenToWorld(const QPointF &screen) const
{
    return (screen - QPointF(m_size.width() / 2, m_size.height() / 2)) / scale() + m_center;
}

QGeoCoordinate MapView::screenToGeo(const QPointF &screen) const
{
    return Projection::toGeo(screenToWorld(screen));
}

QRectF MapView::visibleWorld() const
{
    return QRectF(screenToWorld({0, 0}), screenToWorld({m_size.width(), m_size.height()}));
}

void MapView::panBy(const QPointF &screenDelta)
{
    setCenter(m_center - screenDelta / scale());
}

void MapView::zoomAround(const QPointF &screenPos, double zoom)
{
    const QPointF anchor = screenToWorld(screenPos);
    setZoom(zoom);
    setCenter(anchor - (screenPos - QPointF(m_size.width() / 2, m_size.height() / 2)) / scale());
}

void MapView::fitWorldRect(const QRectF &world, double margin)
{
    const double w = std::max(world.width(), 1e-12);
    const double h = std::max(world.height(), 1e-12);
    const double sx = std::max(1.0, m_size.width() - 2 * margin) / w;
    const double sy = std::max(1.0, m_size.height() - 2 * margin) / h;
    m_zoom = std::clamp(std::log2(std::min(sx, sy) / Projection::kTileSize), minZoom(), kMaxZoom);
    setCenter(world.center());
}

} // namespace fw::geo
