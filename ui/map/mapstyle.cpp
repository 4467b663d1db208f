#include "map/mapstyle.h"

#include <QPainter>
#include <QPainterPath>

#include <cmath>

using namespace Qt::Literals::StringLiterals;

namespace fw::ui {

namespace {

constexpr int kMaxCachedClusters = 4096;

QString shortCount(quint32 n)
{
    if (n >= 1'000'000)
        return QString::number(n / 1e6, 'f', 1) + u'M';
    if (n >= 10'000)
        return QString::number(n / 1000) + u'k';
    if (n >= 1'000)
        return QString::number(n / 1e3, 'f', 1) + u'k';
    return QString::number(n);
}

QPainterPath markerShape(geo::RouterState state, qreal s)
{
    QPainterPath p;
    const qreal c = s / 2, r = s / 2 - 1.5;
    switch (state) {
    case geo::RouterState::Online:
        p.addEllipse(QPointF(c, c), r, r);
        break;
    case geo::RouterState::Offline: {
        // A bold X: two crossed bars.
        const qreal w = s * 0.16;
        QPainterPath bar;
        bar.addRect(QRectF(-r, -w, 2 * r, 2 * w));
        QTransform t;
        t.translate(c, c);
        t.rotate(45);
        p = t.map(bar);
        t.rotate(90);
        p = p.united(t.map(bar));
        break;
    }
    case geo::RouterState::Alarmed:
        p.moveTo(c, c - r - 0.5);
        p.lineTo(c + r + 0.5, c);
        p.lineTo(c, c + r + 0.5);
        p.lineTo(c - r - 0.5, c);
        p.closeSubpath();
        break;
    case geo::RouterState::Unknown:
        p.addRect(QRectF(c - r * 0.85, c - r * 0.85, 1.7 * r, 1.7 * r));
        break;
    }
    return p;
}

} // namespace

QColor MapStyle::stateColor(geo::RouterState state)
{
    switch (state) {
    case geo::RouterState::Online: return QColor(0x3f, 0xb9, 0x50);
    case geo::RouterState::Unknown: return QColor(0x9d, 0xa7, 0xb3);
    case geo::RouterState::Alarmed: return QColor(0xe3, 0xb3, 0x41);
    case geo::RouterState::Offline: return QColor(0xf8, 0x51, 0x49);
    }
    return Qt::gray;
}

MapStyle::MapStyle(qreal devicePixelRatio)
    : m_dpr(devicePixelRatio)
{
    for (int s = 0; s < geo::kRouterStateCount; ++s)
        m_sprites[s] = renderSprite(static_cast<geo::RouterState>(s));
}

QPixmap MapStyle::renderSprite(geo::RouterState state) const
{
    QPixmap pm(QSize(kSpriteSize, kSpriteSize) * m_dpr);
    pm.setDevicePixelRatio(m_dpr);
    pm.fill(Qt::transparent);
    QPainter p(&pm);
    p.setRenderHint(QPainter::Antialiasing);
    p.setPen(QPen(QColor(0x0d, 0x11, 0x17), 1.5));
    p.setBrush(stateColor(state));
    p.drawPath(markerShape(state, kSpriteSize));
    return pm;
}

int MapStyle::clusterRadius(quint32 total)
{
    return std::clamp(12 + int(4 * std::log10(std::max(1u, total))), 14, 30);
}

const QPixmap &MapStyle::clusterIcon(const geo::StateCounts &counts)
{
    const QByteArray key(reinterpret_cast<const char *>(counts.n.data()), sizeof(counts.n));
    auto it = m_clusters.constFind(key);
    if (it != m_clusters.cend())
        return *it;
    if (m_clusters.size() > kMaxCachedClusters)
        m_clusters.clear();
    return *m_clusters.insert(key, renderCluster(counts));
}

QPixmap MapStyle::renderCluster(const geo::StateCounts &counts) const
{
    const quint32 total = counts.total();
    const int r = clusterRadius(total);
    const int size = 2 * r + 2;
    QPixmap pm(QSize(size, size) * m_dpr);
    pm.setDevicePixelRatio(m_dpr);
    pm.fill(Qt::transparent);
    QPainter p(&pm);
    p.setRenderHint(QPainter::Antialiasing);

    const QColor worst = stateColor(counts.worst());
    p.setPen(QPen(worst, 1.5));
    p.setBrush(QColor(0x0d, 0x11, 0x17, 235));
    p.drawEllipse(QPointF(r + 1, r + 1), r, r);

    // The ring: one arc per state, worst first, clockwise from twelve o'clock.
    const qreal ring = 4.5;
    const QRectF arcRect(1 + ring, 1 + ring, 2 * (r - ring), 2 * (r - ring));
    int start = 90 * 16;
    for (int s = geo::kRouterStateCount - 1; s >= 0; --s) {
        if (counts.n[s] == 0)
            continue;
        const int span = -std::max(16, int(std::lround(5760.0 * counts.n[s] / total)));
        p.setPen(QPen(stateColor(static_cast<geo::RouterState>(s)), ring, Qt::SolidLine, Qt::FlatCap));
        p.drawArc(arcRect, start, span);
        start += span;
    }

    QFont f = p.font();
    f.setBold(true);
    f.setPixelSize(r >= 20 ? 12 : 10);
    p.setFont(f);
    p.setPen(text());
    p.drawText(QRectF(0, 0, size, size), Qt::AlignCenter, shortCount(total));
    return pm;
}

} // namespace fw::ui
