#pragma once

#include "geo/mappoint.h"

#include <QColor>
#include <QHash>
#include <QPixmap>

namespace fw::ui {

// Colours and marker shapes of the map, chosen for a dark theme. A state is shown by colour
// and by shape (online circle, offline cross, alarmed diamond, unknown square) so it reads
// without colour vision.
class MapStyle final
{
public:
    static QColor water() { return QColor(0x14, 0x1c, 0x26); }
    static QColor land() { return QColor(0x2a, 0x34, 0x40); }
    static QColor border() { return QColor(0x5d, 0x6d, 0x7e); }
    static QColor text() { return QColor(0xe6, 0xed, 0xf3); }
    static QColor panel() { return QColor(0x0d, 0x11, 0x17, 220); }
    static QColor fence() { return QColor(0x58, 0xa6, 0xff); }
    static QColor trail() { return QColor(0xbc, 0x8c, 0xff); }
    static QColor selection() { return QColor(0xff, 0xff, 0xff); }
    static QColor stateColor(geo::RouterState state);

    static constexpr int kSpriteSize = 14;   // logical pixels

    explicit MapStyle(qreal devicePixelRatio = 1.0);

    // Pre-rendered marker for one router; blitted, never drawn shape by shape.
    const QPixmap &sprite(geo::RouterState state) const { return m_sprites[int(state)]; }
    // A ring split by state with the total in the middle, in the worst member's colour;
    // cached by counts so panning redraws nothing.
    const QPixmap &clusterIcon(const geo::StateCounts &counts);
    static int clusterRadius(quint32 total);

private:
    QPixmap renderSprite(geo::RouterState state) const;
    QPixmap renderCluster(const geo::StateCounts &counts) const;

    qreal m_dpr;
    QPixmap m_sprites[geo::kRouterStateCount];
    QHash<QByteArray, QPixmap> m_clusters;
};

} // namespace fw::ui
