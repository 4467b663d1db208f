#pragma once

#include <QByteArray>
#include <QList>
#include <QPointF>
#include <QRectF>
#include <QString>

#include <optional>

namespace fw::geo {

// The offline basemap: Natural Earth land and country borders at a few levels of detail, read
// from the compact resource written by scripts/make-basemap.sh and projected once into world
// coordinates (see projection.h).
class Basemap final
{
public:
    struct Shape
    {
        QRectF bounds;                  // world coordinates
        QList<QList<QPointF>> parts;    // rings of a land polygon, or one border line
    };
    struct Level
    {
        QString name;                   // "110m", "50m", "10m"
        QList<Shape> land;
        QList<Shape> borders;
    };

    // Nullopt and a one-sentence error when the data is not a valid basemap.
    static std::optional<Basemap> fromData(const QByteArray &data, QString *error);

    const QList<Level> &levels() const { return m_levels; }
    // The level to draw at a zoom: more detail as the operator zooms in.
    int levelForZoom(double zoom) const;

private:
    QList<Level> m_levels;
};

} // namespace fw::geo
