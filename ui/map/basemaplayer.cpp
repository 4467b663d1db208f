#include "map/basemaplayer.h"

#include "core/logging.h"
#include "map/mapstyle.h"

#include <QFile>
#include <QPainter>

#include <cmath>
#include <mutex>

using namespace Qt::Literals::StringLiterals;

namespace fw::ui {

std::shared_ptr<const geo::Basemap> BasemapLayer::builtIn()
{
    static std::shared_ptr<const geo::Basemap> map;
    static std::once_flag once;
    std::call_once(once, [] {
        QFile f(u":/basemap/world.fwbm"_s);
        QString error = u"The basemap resource is missing from the program."_s;
        std::optional<geo::Basemap> loaded;
        if (f.open(QIODevice::ReadOnly))
            loaded = geo::Basemap::fromData(f.readAll(), &error);
        if (loaded)
            map = std::make_shared<const geo::Basemap>(std::move(*loaded));
        else
            qCWarning(lcUi).noquote() << error;
    });
    return map;
}

BasemapLayer::BasemapLayer(std::shared_ptr<const geo::Basemap> basemap)
    : m_basemap(std::move(basemap))
{
    if (m_basemap)
        m_cache.resize(m_basemap->levels().size());
}

const QPainterPath &BasemapLayer::path(Cache &cache, const geo::Basemap::Shape &shape,
                                       qsizetype index, bool polygon, double worldPixels)
{
    QPainterPath &p = polygon ? cache.land[index] : cache.borders[index];
    if (!p.isEmpty())
        return p;
    p.setFillRule(Qt::OddEvenFill);
    for (const QList<QPointF> &part : shape.parts) {
        if (part.isEmpty())
            continue;
        p.moveTo(part.first() * worldPixels);
        for (qsizetype i = 1; i < part.size(); ++i)
            p.lineTo(part[i] * worldPixels);
        if (polygon)
            p.closeSubpath();
    }
    return p;
}

void BasemapLayer::draw(QPainter &painter, const geo::MapView &view)
{
    painter.fillRect(QRectF(QPointF(0, 0), view.size()), MapStyle::water());
    if (!m_basemap)
        return;

    const int levelIndex = m_basemap->levelForZoom(view.zoom());
    const geo::Basemap::Level &level = m_basemap->levels()[levelIndex];
    Cache &cache = m_cache[levelIndex];
    const int iz = int(std::floor(view.zoom()));
    if (cache.zoom != iz) {
        cache = Cache{iz, QList<QPainterPath>(level.land.size()), QList<QPainterPath>(level.borders.size())};
    }
    const double worldPixels = geo::Projection::worldSize(iz);
    const double f = view.scale() / worldPixels;
    const QRectF visible = view.visibleWorld();

    QPen borderPen(MapStyle::border(), view.zoom() < 4 ? 0.8 : 1.1);
    borderPen.setCosmetic(true);
    painter.save();
    painter.setRenderHint(QPainter::Antialiasing);
    for (int copy = int(std::floor(visible.left())); copy <= int(std::floor(visible.right())); ++copy) {
        const QRectF inCopy = visible.translated(-copy, 0);
        const QPointF origin = view.worldToScreen({double(copy), 0.0});
        painter.setTransform(QTransform::fromTranslate(origin.x(), origin.y()).scale(f, f));

        // Land cut into tiles (every level but the coarsest) is filled without antialiasing:
        // antialiased pieces leave hairline seams where they meet, and one path for all of
        // them costs four times as much a frame.
        painter.setRenderHint(QPainter::Antialiasing, levelIndex == 0);
        painter.setPen(Qt::NoPen);
        painter.setBrush(MapStyle::land());
        for (qsizetype i = 0; i < level.land.size(); ++i) {
            if (level.land[i].bounds.intersects(inCopy))
                painter.drawPath(path(cache, level.land[i], i, true, worldPixels));
        }
        painter.setRenderHint(QPainter::Antialiasing);
        painter.setPen(borderPen);
        painter.setBrush(Qt::NoBrush);
        for (qsizetype i = 0; i < level.borders.size(); ++i) {
            const QRectF b = level.borders[i].bounds.adjusted(-1e-9, -1e-9, 1e-9, 1e-9);
            if (b.intersects(inCopy))
                painter.drawPath(path(cache, level.borders[i], i, false, worldPixels));
        }
    }
    painter.restore();
}

} // namespace fw::ui
