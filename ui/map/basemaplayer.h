#pragma once

#include "geo/basemap.h"
#include "geo/projection.h"

#include <QList>
#include <QPainterPath>

#include <memory>

class QPainter;

namespace fw::ui {

// Draws the offline basemap (land filled, country borders stroked). Shapes are projected into
// QPainterPaths at the current integer zoom on first sight and cached; a frame scales them by
// the fractional rest of the zoom, draws every world copy in view and skips shapes whose
// bounds are off screen.
class BasemapLayer final
{
public:
    // The basemap compiled into the program (":/basemap/world.fwbm"), loaded once.
    static std::shared_ptr<const geo::Basemap> builtIn();

    explicit BasemapLayer(std::shared_ptr<const geo::Basemap> basemap = builtIn());
    Q_DISABLE_COPY_MOVE(BasemapLayer)

    void draw(QPainter &painter, const geo::MapView &view);
    bool isValid() const { return m_basemap != nullptr; }

private:
    struct Cache
    {
        int zoom = -1;
        QList<QPainterPath> land;      // empty until first drawn
        QList<QPainterPath> borders;
    };

    const QPainterPath &path(Cache &cache, const geo::Basemap::Shape &shape, qsizetype index,
                             bool polygon, double worldPixels);

    std::shared_ptr<const geo::Basemap> m_basemap;
    QList<Cache> m_cache;   // one per level
};

} // namespace fw::ui
