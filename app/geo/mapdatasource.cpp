#include "geo/mapdatasource.h"

namespace fw::geo {

void InMemoryMapDataSource::setPoints(const QList<MapPoint> &points)
{
    m_points.clear();
    m_points.reserve(points.size());
    for (const MapPoint &p : points)
        m_points.insert(p.routerId, p);
    Q_EMIT pointsReset();
}

void InMemoryMapDataSource::update(const QList<MapPoint> &points)
{
    for (const MapPoint &p : points)
        m_points.insert(p.routerId, p);
    Q_EMIT pointsChanged(points);
}

void InMemoryMapDataSource::remove(const QStringList &routerIds)
{
    for (const QString &id : routerIds) {
        m_points.remove(id);
        m_info.remove(id);
    }
    Q_EMIT pointsRemoved(routerIds);
}

void InMemoryMapDataSource::setInfo(const QString &routerId, const RouterInfo &info)
{
    m_info.insert(routerId, info);
}

void InMemoryMapDataSource::noteEvent(const QString &routerId, const QString &title,
                                      const QDateTime &at)
{
    RouterInfo &i = m_info[routerId];
    i.lastEvent = title;
    i.lastEventAt = at;
    Q_EMIT eventSeen(routerId);
}

} // namespace fw::geo
